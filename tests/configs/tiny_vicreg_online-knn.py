# tiny_vicreg.py with kNN retrieval measured after every epoch while
# pre-training (configs/_base_/online_knn/synthetic.py), the best encoder kept.
# Paths come from --cfg-options.
_base_ = ['./tiny_vicreg.py', '../../configs/_base_/online_knn/synthetic.py']

val_dataloader = dict(num_workers=0, dataset=dict(gallery_size=None, query_size=None))
default_hooks = dict(checkpoint=dict(save_best='retrieval/top1', rule='greater'))
