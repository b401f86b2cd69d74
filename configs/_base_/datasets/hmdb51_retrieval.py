_base_ = './ucf101_retrieval.py'

# HMDB51 split 1, same protocol as UCF101.
data_root = 'data/hmdb51/videos'
gallery_list = 'data/hmdb51/hmdb51_train_split_1_videos.txt'
query_list = 'data/hmdb51/hmdb51_val_split_1_videos.txt'
test_dataloader = dict(
    dataset=dict(datasets=[
        dict(type='RetrievalVideoDataset', split='gallery', ann_file=gallery_list,
             data_prefix=dict(video=data_root),
             pipeline={{_base_.retrieval_pipeline}}, test_mode=True),
        dict(type='RetrievalVideoDataset', split='query', ann_file=query_list,
             data_prefix=dict(video=data_root),
             pipeline={{_base_.retrieval_pipeline}}, test_mode=True),
    ]))
