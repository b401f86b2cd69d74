from .runner_setup import build_runner, merge_common_args

__all__ = ['build_runner', 'merge_common_args']
