from .algorithms import *  # noqa: F401,F403
from .backbones import *  # noqa: F401,F403
from .detectors import *  # noqa: F401,F403
from .losses import *  # noqa: F401,F403
from .data_preprocessors import *  # noqa: F401,F403
from .necks import *  # noqa: F401,F403
from .recognizers import *  # noqa: F401,F403
from .utils import *  # noqa: F401,F403
