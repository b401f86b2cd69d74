"""MMAction2 rawframe lists for pre-training: videos kept as extracted frames."""
import os.path as osp

from mmaction.registry import DATASETS

from .pretrain_video_dataset import PretrainVideoDataset, raise_if_missing
from .video_list import VideoListError


@DATASETS.register_module()
class PretrainRawframeDataset(PretrainVideoDataset):
    """Pre-training from extracted frames (MMAction2's ``RawframeDataset`` lists).

    Each line is ``frame_dir total_frames [label]`` (the label is optional:
    pre-training does not use it), with ``frame_dir`` relative to
    ``data_prefix['img']`` and frames named by ``filename_tmpl`` from
    ``start_index``, as ``tools/data/build_rawframes.py`` of MMAction2 writes
    them (``img_00001.jpg``, ...). The pipeline reads them with MMAction2's
    ``RawFrameDecode`` after :class:`SampleTwoClips`, so both clips come from
    one read of their frames and the views equal those of the video the frames
    were taken from (``configs/_base_/datasets/ucf101_two_clip_rawframes.py``).

    Everything :class:`PretrainVideoDataset` does for a long run holds: a list
    naming folders that do not exist fails at start-up, a clip whose frames
    cannot be read (a missing or unreadable file) is replaced and counted by
    :class:`~vididi_mm.engine.ReadFailureHook`, and seeded draws
    (:class:`~vididi_mm.datasets.SeededSampler`) are the same on any worker.

    Args:
        ann_file (str): The rawframe list.
        pipeline (list[dict]): The data pipeline.
        data_prefix (dict): ``dict(img=folder)``, where the frame folders are.
        filename_tmpl (str): Frame file names. Defaults to ``'img_{:05}.jpg'``.
        start_index (int): Number of the first frame. Defaults to 1.
        **kwargs: :class:`PretrainVideoDataset`'s other arguments.
    """

    def __init__(self, ann_file: str, pipeline: list, data_prefix: dict = dict(img=''),
                 filename_tmpl: str = 'img_{:05}.jpg', start_index: int = 1,
                 **kwargs) -> None:
        self.filename_tmpl = filename_tmpl
        super().__init__(ann_file, pipeline, data_prefix=data_prefix,
                         start_index=start_index, **kwargs)

    def read_list(self, ann_file: str) -> list:
        """The entries of a rawframe list, every listed folder checked to exist."""
        if not osp.isfile(ann_file):
            raise FileNotFoundError(f'rawframe list {ann_file} does not exist')
        data_list = []
        with open(ann_file, encoding='utf-8') as f:
            for number, line in enumerate(f, start=1):
                fields = line.split()
                if not fields:
                    continue
                try:
                    numbers = [int(x) for x in fields[1:]]
                except ValueError:
                    numbers = []
                if len(numbers) not in (1, 2) or numbers[0] < 0:
                    raise VideoListError(
                        f'{ann_file}, line {number}: expected "frame_dir total_frames '
                        f'[label]" with a frame count: {line.strip()!r}')
                frame_dir = osp.join(self.data_prefix.get('img') or '', fields[0])
                data_list.append(dict(frame_dir=frame_dir, filename=frame_dir,
                                      total_frames=numbers[0],
                                      label=numbers[1] if len(numbers) == 2 else -1,
                                      line=number))
        missing = [info for info in data_list if not osp.isdir(info['frame_dir'])]
        raise_if_missing(ann_file, missing, len(data_list), 'frame folders', 'frame_dir')
        if not data_list:
            raise ValueError(f'{ann_file} lists no videos')
        return data_list

    def get_data_info(self, idx: int) -> dict:
        info = super().get_data_info(idx)
        info['filename_tmpl'] = self.filename_tmpl
        return info
