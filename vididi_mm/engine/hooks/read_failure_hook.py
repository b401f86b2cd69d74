"""Count the videos pre-training could not read, per epoch, over every data
worker and process; stop the run when too many failed."""
from collections import Counter

from mmengine.dist import all_gather_object
from mmengine.hooks import Hook
from mmaction.registry import HOOKS

from ...datasets.pretrain_video_dataset import FAILED_READS_KEY


@HOOKS.register_module()
class ReadFailureHook(Hook):
    """Totals of failed video reads at the end of each training epoch.

    :class:`~vididi_mm.datasets.PretrainVideoDataset` replaces a video it
    cannot read by another one and lists the failed file in the sample it
    returns instead; this hook adds those lists up over the epoch's batches,
    gathers them from every process, logs the total and the files that
    failed most, and stops the run with an error naming them when more than
    ``max_failure_share`` of the epoch's reads failed (failed reads over
    samples plus failed reads).
    Replacing a few broken downloads keeps a week-long run going; replacing
    half a class trains on another distribution than the list's.

    It runs after :class:`~mmengine.hooks.CheckpointHook` (priority
    ``LOWEST``), so the epoch's checkpoint is saved before the run stops:
    fix or remove the files and resume.

    Args:
        max_failure_share (float): Largest share of an epoch's reads that
            may fail and the run go on. Defaults to 0.01.
        show (int): Files named in the log and the error. Defaults to 10.
    """

    priority = 'LOWEST'

    def __init__(self, max_failure_share: float = 0.01, show: int = 10) -> None:
        if not 0 <= max_failure_share <= 1:
            raise ValueError(f'max_failure_share must be in [0, 1], not {max_failure_share}')
        self.max_failure_share = max_failure_share
        self.show = show
        self._reset()

    def _reset(self) -> None:
        self.samples, self.failures = 0, Counter()

    def before_train_epoch(self, runner) -> None:
        self._reset()

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None) -> None:
        samples = (data_batch or {}).get('data_samples') or []
        self.samples += len(samples)
        for sample in samples:
            self.failures.update(sample.metainfo.get(FAILED_READS_KEY, ()))

    def after_train_epoch(self, runner) -> None:
        samples, failures = 0, Counter()
        for rank_samples, rank_failures in all_gather_object((self.samples,
                                                              dict(self.failures))):
            samples += rank_samples
            failures.update(rank_failures)
        failed = sum(failures.values())
        if not failed:
            if samples:
                runner.logger.info(f'epoch {runner.epoch + 1}: all {samples} video reads '
                                   'succeeded')
            return
        share = failed / (samples + failed)
        worst = ', '.join(f'{name} ({count}x)' for name, count in failures.most_common(self.show))
        summary = (f'epoch {runner.epoch + 1}: {failed} of {samples + failed} video reads '
                   f'({share:.2%}) failed, of {len(failures)} files, and other videos were '
                   f'drawn in their place; most often: {worst}')
        if share > self.max_failure_share:
            raise RuntimeError(
                f'{summary}. That is more than max_failure_share={self.max_failure_share:.2%}'
                ' (ReadFailureHook): the run would train on another distribution than its '
                'list. The epoch\'s checkpoint is saved; fix or remove these videos '
                '(tools/analysis/check_videos.py lists every bad one) and resume.')
        runner.logger.warning(summary)
