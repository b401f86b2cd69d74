"""Read MMAction2 video lists (``path label`` per line) with errors that name the line."""
import os.path as osp
from typing import List, Optional


class VideoListError(ValueError):
    """A list file that cannot be read as ``path [label]`` lines."""


def parse_video_list(ann_file: str, data_prefix: Optional[str] = None,
                     require_label: bool = True) -> List[dict]:
    """Parse an MMAction2 video list, where paths may contain spaces.

    Each non-empty line is ``path label``: the label is the last
    whitespace-separated field, everything before it the path, so that
    ``My Videos/clip 01.mp4 3`` is read as the path ``My Videos/clip 01.mp4``
    with label 3 (MMAction2's ``VideoDataset`` splits on every space).
    Without ``require_label`` (pre-training, where labels are not used), a
    line whose last field is not an integer is a path alone, label -1.

    Args:
        ann_file (str): The list file.
        data_prefix (str, optional): Folder the paths are relative to.
        require_label (bool): Whether every line must end in an integer
            label. Defaults to True.

    Returns:
        list[dict]: ``filename`` (joined with ``data_prefix``), ``label`` and
        ``line`` (1-based line number, for messages).

    Raises:
        FileNotFoundError: ``ann_file`` does not exist.
        VideoListError: A line without a path, or, with ``require_label``,
            without an integer label; the message names file and line.
    """
    if not osp.isfile(ann_file):
        raise FileNotFoundError(f'video list {ann_file} does not exist')
    entries = []
    with open(ann_file, encoding='utf-8') as f:
        for number, line in enumerate(f, start=1):
            line = line.strip()
            if not line:
                continue
            fields = line.rsplit(maxsplit=1)
            label = _as_int(fields[-1]) if len(fields) == 2 else None
            if label is not None:
                path = fields[0]
            elif require_label:
                what = (f'label {fields[-1]!r} is not an integer' if len(fields) == 2
                        else 'no label')
                raise VideoListError(
                    f'{ann_file}, line {number}: {what}; expected "path label" '
                    f'(the label is the last field; paths may contain spaces): {line!r}')
            else:
                path, label = line, -1
            if data_prefix:
                path = osp.join(data_prefix, path)
            entries.append(dict(filename=path, label=label, line=number))
    return entries


def _as_int(text: str) -> Optional[int]:
    try:
        return int(text)
    except ValueError:
        return None
