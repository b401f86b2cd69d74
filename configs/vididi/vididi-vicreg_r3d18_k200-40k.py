_base_ = './vididi-vicreg_r3d18_ucf101.py'

# A 40k-video subset of Kinetics-200 (Table 2); lr 1.2 at a total batch of 64.
data_root = 'data/kinetics200/videos_train'
ann_file_train = 'data/kinetics200/k200_40k_train_list_videos.txt'
train_dataloader = dict(
    dataset=dict(ann_file=ann_file_train, data_prefix=dict(video=data_root)))
