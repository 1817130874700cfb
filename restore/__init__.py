"""restore: find damage in news wire copy and propose repairs an editor can approve.

>>> from restore import restore
>>> r = restore("Fighting continued in Azerbaijanthe Nagorny Karabakh region.", model=None)
>>> r.text
'Fighting continued in Azerbaijan’s Nagorny Karabakh region.'
>>> r.apply([]) == r.original
True
"""

from .config import RestorerConfig
from .errors import ConfigError, InputError, RestoreError
from .pipeline import Restorer, resolve, restore
from .suggestion import DEFAULT_THRESHOLD, Kind, Restoration, Suggestion

__all__ = [
    "DEFAULT_THRESHOLD",
    "ConfigError",
    "InputError",
    "Kind",
    "Restoration",
    "RestoreError",
    "Restorer",
    "RestorerConfig",
    "Suggestion",
    "resolve",
    "restore",
]
__version__ = "0.1.0"
