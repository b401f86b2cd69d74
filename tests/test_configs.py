"""Every config of the project loads and builds its model."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config

from conftest import REPO_ROOT

CONFIG_DIR = osp.join(REPO_ROOT, 'configs')
CONFIGS = sorted(
    osp.relpath(path, CONFIG_DIR)
    for path in glob.glob(osp.join(CONFIG_DIR, '**', '*.py'), recursive=True)
    if '_base_' not in osp.relpath(path, CONFIG_DIR).split(osp.sep))


def test_base_runtime_imports_the_package():
    cfg = Config.fromfile(osp.join(CONFIG_DIR, '_base_', 'default_runtime.py'))
    assert cfg.default_scope == 'mmaction'
    assert cfg.custom_imports == dict(imports=['vididi_mm'], allow_failed_imports=False)
    # Inherited from MMAction2's runtime, not repeated here.
    assert cfg.default_hooks.checkpoint.type == 'CheckpointHook'


@pytest.mark.parametrize('name', CONFIGS)
def test_config_builds_its_model(name):
    from mmaction.registry import MODELS
    from mmengine.registry import init_default_scope

    cfg = Config.fromfile(osp.join(CONFIG_DIR, name))
    assert cfg.custom_imports.imports == ['vididi_mm'], \
        f'{name} must inherit configs/_base_/default_runtime.py'
    init_default_scope(cfg.get('default_scope', 'mmaction'))
    model = MODELS.build(cfg.model)
    assert sum(p.numel() for p in model.parameters()) > 0


@pytest.mark.parametrize('name', [n for n in CONFIGS
                                  if n.split(osp.sep)[0] in ('vididi', 'baselines', 'ablations')
                                  or n.startswith(osp.join('demo', '')) and 'retrieval' not in n])
def test_pretraining_configs_name_where_augmentation_runs(name):
    """The model's data preprocessor is named in config and agrees with the
    pipeline: augment=True exactly where the pipeline only draws the
    augmentation (TwoClipAugmentParams), ImageNet normalisation either way."""
    cfg = Config.fromfile(osp.join(CONFIG_DIR, name))
    preprocessor = cfg.model.data_preprocessor
    assert preprocessor.type == 'mmaction.DeviceClipAugmentPreprocessor'
    steps = [t['type'] for t in cfg.train_dataloader.dataset.pipeline]
    assert ('TwoClipAugmentParams' in steps) == preprocessor.augment
    assert ('TwoClipAugment' in steps) != preprocessor.augment
    assert preprocessor.mean == [123.675, 116.28, 103.53]
    assert preprocessor.std == [58.395, 57.12, 57.375]


@pytest.mark.parametrize('name', [n for n in CONFIGS if n.startswith(osp.join('vididi', ''))
                                  and n.endswith('ucf101.py')])
def test_online_knn_composes_with_every_ucf101_pretraining_config(name, tmp_path):
    """docs/getting_started.md's recipe: the config and online_knn/ucf101.py as
    sibling bases (no key defined twice), validation every val_interval epochs."""
    config = tmp_path / 'with_knn.py'
    config.write_text(
        f"_base_ = [{osp.join(CONFIG_DIR, name)!r}, "
        f"{osp.join(CONFIG_DIR, '_base_', 'online_knn', 'ucf101.py')!r}]\n"
        "train_cfg = dict(val_interval=20)\n")
    cfg = Config.fromfile(str(config))
    assert cfg.train_cfg.val_interval == 20 and cfg.train_cfg.max_epochs == 400
    assert cfg.val_cfg.type == 'ValLoop' and cfg.val_evaluator.type == 'KNNRetrievalMetric'
    assert cfg.val_dataloader.dataset.type == 'RetrievalVideoDataset'
