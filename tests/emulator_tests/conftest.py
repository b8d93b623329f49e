"""Fixtures local to the emulator's own tests."""

import pytest

from ._helpers import Api


@pytest.fixture
def api(emulator):
    """Public-API client for the session emulator (Bearer test-token)."""
    client = Api(emulator)
    yield client
    client.session.close()
