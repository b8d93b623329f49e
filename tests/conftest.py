"""Shared pytest fixtures, and the choice between the emulator (default) and a live API (``--live``)."""

import pytest

from tools.emulator import Emulator
from tests.integration import target as targets

LIVE_HELP = ("run the integration scenarios against the live API named by CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL "
             "+ CLOUDFLARE_API_KEY), CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_ZONE and CLOUDFLARE_BASE_URL (see README, "
             "'Testing against a real Cloudflare account'); scenarios needing the emulator are skipped")


def pytest_addoption(parser):
    parser.addoption("--live", action="store_true", default=False, help=LIVE_HELP)


def pytest_configure(config):
    config.addinivalue_line("markers", "emulator_only(reason): needs the emulator's control endpoints (fault "
                                       "injection, drift edits, sparse mode, rate limits, extra zones); skipped "
                                       "with --live")
    try:
        # Before any scenario module is imported: the names they build depend on the mode.
        targets.configure(bool(config.getoption("--live")))
    except (ValueError, RuntimeError) as exc:
        pytest.exit(str(exc), returncode=2)


def pytest_report_header(config):
    mode = targets.mode()
    if mode.live:
        return ["live mode: API %s, zone %s, account %s, run prefix %s" % (
            mode.settings["base_url"], mode.names.zone, mode.settings["account_id"], mode.names.prefix)]
    return []


def pytest_collection_modifyitems(config, items):
    live = targets.mode().live
    for item in items:
        marker = item.get_closest_marker("emulator_only")
        if marker is None:
            continue
        if live:
            reason = marker.args[0] if marker.args else "needs the emulator's control endpoints"
            item.add_marker(pytest.mark.skip(reason="live mode: %s" % reason))


@pytest.fixture(scope="session")
def emulator_server():
    """One Cloudflare API emulator for the whole test session (in-process, daemon thread).

    Never started in live mode: a test that needs it is skipped there.
    """
    if targets.mode().live:
        pytest.skip("live mode: needs the emulator")
    emu = Emulator(port=0)
    emu.start()
    yield emu
    emu.stop()


@pytest.fixture
def emulator(emulator_server):
    """EmulatorTarget (the control client, tools/emulator/control.py) for the session emulator, reset
    before each test.

    Also carries .url, .base_url, .account_id, .zone_id(name), .token ("test-token"), and the read
    side shared with live mode (tests/integration/target.py): .live (False), .names, .zone, .objects(kind).
    """
    ctl = targets.EmulatorTarget(emulator_server.url)
    ctl.reset(rate_limit=None)
    yield ctl
    ctl.session.close()


def pytest_terminal_summary(terminalreporter):
    stats = targets.LIVE_STATS
    if stats:
        terminalreporter.write_line(
            "live mode: run prefix %s; %d API requests (%d by the modules through the recording proxy, %d by the "
            "harness: checks, setup, listing, cleanup); left over: %s" % (
                stats["prefix"], stats["module_requests"] + stats["harness_requests"], stats["module_requests"],
                stats["harness_requests"], stats.get("leftovers") or "nothing"))
