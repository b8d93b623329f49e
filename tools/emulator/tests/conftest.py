"""Fixtures of the emulator's own tests: one emulator per test session (per xdist worker), reset
before each test, and a public-API client for it."""

import pytest

from tools.emulator import Emulator
from tools.emulator.control import EmulatorControl

from ._helpers import Api


@pytest.fixture(scope="session")
def emulator_server():
    """One emulator for the session, in-process on a daemon thread, on a free port of 127.0.0.1."""
    emu = Emulator(port=0)
    emu.start()
    yield emu
    emu.stop()


@pytest.fixture
def emulator(emulator_server):
    """The control client (tools/emulator/control.py) of the session emulator, reset before each test."""
    ctl = EmulatorControl(emulator_server.url)
    ctl.reset(rate_limit=None)
    yield ctl
    ctl.session.close()


@pytest.fixture
def api(emulator):
    """Public-API client for the session emulator (Bearer test-token)."""
    client = Api(emulator)
    yield client
    client.session.close()
