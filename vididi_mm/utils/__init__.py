from .config_checks import (check_cfg_options, check_schedule_fits, misspelt_top_level_keys,
                            warn_misspelt_keys)
from .runner_setup import (add_common_args, build_runner, merge_common_args,
                           parse_common)

__all__ = ['add_common_args', 'build_runner', 'check_cfg_options', 'check_schedule_fits',
           'merge_common_args',
           'misspelt_top_level_keys', 'parse_common', 'warn_misspelt_keys']
