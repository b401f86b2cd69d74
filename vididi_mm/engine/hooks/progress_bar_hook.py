"""A progress bar over the test or validation batches."""
from typing import Optional

from mmengine.dist import is_main_process
from mmengine.hooks import Hook
from mmengine.utils import ProgressBar
from mmaction.registry import HOOKS


@HOOKS.register_module()
class ProgressBarHook(Hook):
    """Show a progress bar while features are extracted (test and val loops).

    MMEngine's logger prints a line every ``interval`` iterations; feature
    extraction over a whole dataset is easier to follow as a bar. Shown on
    the main process only, counting that process's batches.
    """

    priority = 'VERY_LOW'

    def __init__(self) -> None:
        self._bar: Optional[ProgressBar] = None

    def _start(self, dataloader) -> None:
        self._bar = ProgressBar(len(dataloader)) if is_main_process() else None

    def _step(self) -> None:
        if self._bar is not None:
            self._bar.update()

    def before_test_epoch(self, runner) -> None:
        self._start(runner.test_dataloader)

    def before_val_epoch(self, runner) -> None:
        self._start(runner.val_dataloader)

    def after_test_iter(self, runner, batch_idx, data_batch=None, outputs=None) -> None:
        self._step()

    def after_val_iter(self, runner, batch_idx, data_batch=None, outputs=None) -> None:
        self._step()

    def after_test_epoch(self, runner, metrics=None) -> None:
        if self._bar is not None:
            self._bar.file.write('\n')
        self._bar = None

    after_val_epoch = after_test_epoch
