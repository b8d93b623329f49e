"""Shared pytest fixtures."""

import pytest

from tests.emulator import Emulator
from tests.emulator.control import EmulatorControl


@pytest.fixture(scope="session")
def emulator_server():
    """One Cloudflare API emulator for the whole test session (in-process, daemon thread)."""
    emu = Emulator(port=0)
    emu.start()
    yield emu
    emu.stop()


@pytest.fixture
def emulator(emulator_server):
    """EmulatorControl for the session emulator, reset before each test.

    Also carries .url, .base_url, .account_id, .zone_id(name) and .token ("test-token").
    """
    ctl = EmulatorControl(emulator_server.url)
    ctl.reset(rate_limit=None)
    yield ctl
    ctl.session.close()
