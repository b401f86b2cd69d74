_base_ = './ucf101_two_clip.py'

data_root = 'data/kinetics400/videos_train'
ann_file_train = 'data/kinetics400/kinetics400_train_list_videos.txt'
train_dataloader = dict(
    batch_size=32,  # per process: 8 processes x 32 = the paper's 256
    dataset=dict(ann_file=ann_file_train, data_prefix=dict(video=data_root)))
