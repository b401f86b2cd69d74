# tiny_vicreg.py with the clip augmentation drawn by the data workers and applied
# on the model's device (DeviceClipAugmentPreprocessor).
_base_ = './tiny_vicreg.py'

model = dict(data_preprocessor=dict(augment=True))
train_dataloader = dict(dataset=dict(pipeline={{_base_.device_augment_pipeline}}))
