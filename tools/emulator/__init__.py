"""Local, stateful emulator of the Cloudflare API v4 subset used by edgeops.cloudflare.

See README.md in this directory.  ``from tools.emulator import Emulator``.
"""

from .server import Emulator  # noqa: F401
from .store import DEFAULT_ACCOUNT_ID, DEFAULT_ACCOUNT_NAME, zone_id_for  # noqa: F401

__all__ = ["Emulator", "DEFAULT_ACCOUNT_ID", "DEFAULT_ACCOUNT_NAME", "zone_id_for"]
