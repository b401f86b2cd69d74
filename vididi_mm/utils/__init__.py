from .runner_setup import (add_common_args, build_runner, merge_common_args,
                           parse_common)

__all__ = ['add_common_args', 'build_runner', 'merge_common_args', 'parse_common']
