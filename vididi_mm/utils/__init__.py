from .config_checks import check_cfg_options, misspelt_top_level_keys, warn_misspelt_keys
from .runner_setup import (add_common_args, build_runner, merge_common_args,
                           parse_common)

__all__ = ['add_common_args', 'build_runner', 'check_cfg_options', 'merge_common_args',
           'misspelt_top_level_keys', 'parse_common', 'warn_misspelt_keys']
