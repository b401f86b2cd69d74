"""A pre-trained encoder and its clip reader, as the analysis tools use them."""
from typing import Optional

import numpy as np
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope

from vididi_mm.compat import load_checkpoint_file
from tools.analysis.clip_reader import analysis_pipeline, read_clips


class VideoEncoder:
    """A retrieval config's encoder with a checkpoint's weights, ready to read videos.

    The config is a retrieval config (``configs/retrieval/``,
    ``configs/demo/retrieval_*.py``): its ``RetrievalEncoder`` takes the
    encoder out of any pre-training checkpoint of the project, with the
    same checks as ``tools/test.py``, and its test pipeline says how clips
    are read (:func:`analysis_pipeline`).

    Args:
        config (str): A retrieval config file.
        checkpoint (str): A pre-training checkpoint, or ``'random'`` for the
            encoder as initialised (seeded by ``seed``).
        cfg_options (dict, optional): Overrides, as ``--cfg-options``.
        device (str): Defaults to 'cpu'.
        seed (int): Seeds the random initialisation. Defaults to 0.
        whole_frames (bool): Read clips uncropped, so that pictures and masks
            show whole frames; with False the clips and features are exactly
            retrieval's. Defaults to True.
    """

    def __init__(self, config: str, checkpoint: str, cfg_options: Optional[dict] = None,
                 device: str = 'cpu', seed: int = 0, whole_frames: bool = True) -> None:
        cfg = Config.fromfile(config)
        if cfg_options:
            cfg.merge_from_dict(cfg_options)
        if cfg.model.get('type') != 'RetrievalEncoder' or 'test_dataloader' not in cfg:
            raise ValueError(f'{config} is not a retrieval config (a RetrievalEncoder '
                             'model and a test pipeline), e.g. '
                             'configs/retrieval/retrieval_r3d18_ucf101.py')
        init_default_scope(cfg.get('default_scope', 'mmaction'))
        from mmaction.registry import MODELS
        torch.manual_seed(seed)
        self.model = MODELS.build(cfg.model)
        if checkpoint == 'random':
            self.model.init_weights()
        else:
            state = load_checkpoint_file(checkpoint)
            self.model.load_state_dict(state.get('state_dict', state), strict=True)
        self.model.to(device).eval()
        self.device = device
        self.cfg = cfg
        self.pipeline = analysis_pipeline(cfg.test_dataloader.dataset.pipeline, whole_frames)

    def read(self, filename: str) -> dict:
        """:func:`read_clips` with the config's pipeline."""
        return read_clips(self.pipeline, filename)

    def normalise(self, clips: np.ndarray) -> torch.Tensor:
        """``(V, C, T, H, W)`` RGB clips -> the encoder's input, on its device."""
        data = dict(inputs=[torch.from_numpy(clips)], data_samples=None)
        return self.model.data_preprocessor(data, training=False)['inputs'][0]

    @torch.no_grad()
    def embed(self, clips: np.ndarray) -> torch.Tensor:
        """The video's feature: clip features averaged, L2-normalised ``(D,)``,
        as in retrieval (App. B.4)."""
        return self.model(self.normalise(clips)[None], mode='tensor')[0].cpu()
