# kNN video retrieval with a pre-trained R3D-18 on HMDB51 split 1, the same
# protocol as UCF101 (Table 3):
#   python tools/test.py configs/retrieval/retrieval_r3d18_hmdb51.py CHECKPOINT
_base_ = './retrieval_r3d18_ucf101.py'

test_dataloader = dict(
    dataset=dict(
        gallery_ann_file='data/hmdb51/hmdb51_train_split_1_videos.txt',
        query_ann_file='data/hmdb51/hmdb51_val_split_1_videos.txt',
        data_prefix=dict(video='data/hmdb51/videos')))
