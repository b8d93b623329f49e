# -*- coding: utf-8 -*-
from __future__ import annotations

import json
import multiprocessing
import time

import pytest

from ansible_collections.edgeops.cloudflare.plugins.module_utils._throttle import (
    RequestBudget, credential_fingerprint, throttle_from_params)


class Clock(object):
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def max_in_any_window(stamps, window):
    best, j = 0, 0
    for i in range(len(stamps)):
        while stamps[i] - stamps[j] >= window:
            j += 1
        best = max(best, i - j + 1)
    return best


def test_never_more_than_the_limit_in_any_window_and_full_rate(tmp_path):
    clock = Clock()
    budget = RequestBudget(str(tmp_path / "b"), limit=60, window=30, clock=clock, sleep=clock.sleep)
    stamps = []
    for unused in range(300):
        budget()
        stamps.append(clock.now)
    assert max_in_any_window(stamps, 30) <= 60
    # 300 requests at 60 per 31 s (window plus margin): four full waits, no more
    assert 4 * 30 <= stamps[-1] - stamps[0] <= 4 * 31 + 1


def test_single_zone_sized_runs_never_wait(tmp_path):
    clock = Clock()
    budget = RequestBudget(str(tmp_path / "b"), limit=1200, window=300, clock=clock, sleep=clock.sleep)
    for unused in range(1200):
        budget()
    assert budget.waited == 0
    budget()
    assert budget.waited > 299


def test_state_keeps_only_the_last_limit_bookings(tmp_path):
    clock = Clock()
    budget = RequestBudget(str(tmp_path / "b"), limit=5, window=10, clock=clock, sleep=clock.sleep)
    for unused in range(12):
        budget()
    assert len(json.loads((tmp_path / "b").read_text())["sent"]) == 5


def _worker(path, count, out):
    budget = RequestBudget(path, limit=20, window=2, margin=0.2)
    for unused in range(count):
        budget()
        out.put(time.time())


def test_budget_is_shared_between_processes(tmp_path):
    path = str(tmp_path / "shared")
    out = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=_worker, args=(path, 15, out)) for unused in range(4)]
    for p in procs:
        p.start()
    stamps = sorted(out.get(timeout=30) for unused in range(60))
    for p in procs:
        p.join(30)
    # 60 requests, 20 per 2.2 s: the last 20 cannot start before ~4.4 s, and no 2 s window holds more than 20
    assert stamps[-1] - stamps[0] >= 4.0
    assert max_in_any_window(stamps, 2.0) <= 20


def test_fingerprint_hides_the_credential_and_zero_turns_off(tmp_path, monkeypatch):
    fp = credential_fingerprint({"api_token": "super-secret-token"})
    assert "super-secret" not in fp and len(fp) == 24
    assert fp != credential_fingerprint({"api_token": "other"})
    monkeypatch.setenv("CLOUDFLARE_API_RATE_DIR", str(tmp_path))
    assert throttle_from_params({"api_token": "t", "api_rate_limit": 0}) is None
    budget = throttle_from_params({"api_token": "super-secret-token"})
    assert budget.path.startswith(str(tmp_path)) and "super-secret" not in budget.path
    assert budget.limit == 1200


# -- edges ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("limit, window", [(0, 300), (-1, 300), (10, 0), (10, -5)])
def test_budget_refuses_an_empty_limit_or_window(tmp_path, limit, window):
    with pytest.raises(ValueError):
        RequestBudget(str(tmp_path / "b"), limit=limit, window=window)


@pytest.mark.parametrize("content", [b"not json", b'{"other": []}', b'{"sent": ["x"]}', b'["a"]', b'{"sent": 5}'])
def test_unreadable_state_counts_as_no_bookings(tmp_path, content):
    path = tmp_path / "b"
    path.write_bytes(content)
    clock = Clock()
    budget = RequestBudget(str(path), limit=2, window=10, clock=clock, sleep=clock.sleep)
    budget()
    budget()
    assert budget.waited == 0
    assert json.loads(path.read_text()) == {"sent": [1000.0, 1000.0]}


def test_bookings_queue_behind_later_ones(tmp_path):
    # another process booked a slot in the future: the next request queues behind it
    path = tmp_path / "b"
    path.write_text(json.dumps({"sent": [1000.0, 1031.0]}))
    clock = Clock()
    budget = RequestBudget(str(path), limit=5, window=30, clock=clock, sleep=clock.sleep)
    budget()
    assert budget.waited == 31.0
    assert json.loads(path.read_text())["sent"] == [1000.0, 1031.0, 1031.0]


def test_state_file_is_private(tmp_path):
    clock = Clock()
    RequestBudget(str(tmp_path / "b"), clock=clock, sleep=clock.sleep)()
    assert (tmp_path / "b").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("params, same_as", [
    ({"api_email": "a@example.com", "api_key": "k"}, {"api_email": "a@example.com", "api_key": "k", "api_token": None}),
    ({"api_token": "t", "api_email": "x", "api_key": "y"}, {"api_token": "t"}),  # the token alone names it
])
def test_fingerprint_of_each_credential_form(params, same_as):
    assert credential_fingerprint(params) == credential_fingerprint(same_as)


@pytest.mark.parametrize("one, other", [
    ({"api_email": "a@example.com", "api_key": "k"}, {"api_email": "b@example.com", "api_key": "k"}),
    ({"api_email": "a@example.com", "api_key": "k"}, {"api_email": "a@example.com", "api_key": "j"}),
    ({"api_token": "t"}, {"api_token": "t", "base_url": "http://127.0.0.1:1/client/v4"}),  # another API
    ({"api_token": "k"}, {"api_email": "", "api_key": "k"}),
])
def test_fingerprint_tells_credentials_apart(one, other):
    assert credential_fingerprint(one) != credential_fingerprint(other)


@pytest.mark.parametrize("params, environ, limit, window", [
    ({}, {}, 1200, 300.0),
    ({"api_rate_limit": 100}, {"CLOUDFLARE_API_RATE_LIMIT": "5"}, 100, 300.0),  # the option wins
    ({}, {"CLOUDFLARE_API_RATE_LIMIT": " 600 "}, 600, 300.0),
    ({}, {"CLOUDFLARE_API_RATE_LIMIT": ""}, 1200, 300.0),
    ({}, {"CLOUDFLARE_API_RATE_LIMIT": "lots"}, 1200, 300.0),                 # unreadable: the default
    ({}, {"CLOUDFLARE_API_RATE_WINDOW": "60"}, 1200, 60.0),
    ({}, {"CLOUDFLARE_API_RATE_WINDOW": "1.5"}, 1200, 1.5),
    ({}, {"CLOUDFLARE_API_RATE_WINDOW": "soon"}, 1200, 300.0),
    ({}, {"CLOUDFLARE_API_RATE_WINDOW": "0"}, 1200, 300.0),
    ({}, {"CLOUDFLARE_API_RATE_WINDOW": "-10"}, 1200, 300.0),
])
def test_throttle_from_params_limit_and_window(tmp_path, monkeypatch, params, environ, limit, window):
    for name in ("CLOUDFLARE_API_RATE_LIMIT", "CLOUDFLARE_API_RATE_WINDOW"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CLOUDFLARE_API_RATE_DIR", str(tmp_path))
    budget = throttle_from_params(dict(params, api_token="t"))
    assert budget.limit == limit
    assert budget.span == window + 1.0
    assert budget.path.endswith("-%d-%d.budget" % (limit, int(window)))


@pytest.mark.parametrize("params, environ", [
    ({"api_rate_limit": 0}, {}),
    ({"api_rate_limit": -3}, {}),
    ({}, {"CLOUDFLARE_API_RATE_LIMIT": "0"}),
])
def test_throttle_off(monkeypatch, params, environ):
    monkeypatch.delenv("CLOUDFLARE_API_RATE_LIMIT", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert throttle_from_params(dict(params, api_token="t")) is None


def test_budget_files_default_to_the_temp_directory(monkeypatch):
    import tempfile
    monkeypatch.delenv("CLOUDFLARE_API_RATE_DIR", raising=False)
    monkeypatch.delenv("CLOUDFLARE_API_RATE_LIMIT", raising=False)
    monkeypatch.delenv("CLOUDFLARE_API_RATE_WINDOW", raising=False)
    budget = throttle_from_params({"api_token": "t"})
    assert budget.path.startswith(tempfile.gettempdir())


# -- the API's rate-limit headers -------------------------------------------------------------------------------
from ansible_collections.edgeops.cloudflare.plugins.module_utils import _throttle  # noqa: E402
from ansible_collections.edgeops.cloudflare.plugins.module_utils._throttle import (  # noqa: E402
    RESET_MARGIN, KeyLock, budget_dir, default_reserve, parse_rate_headers)


def headers(remaining, reset, quota=None, window=None):
    out = {"Ratelimit": '"default";r=%s;t=%s' % (remaining, reset)}
    if quota is not None:
        out["Ratelimit-Policy"] = '"default";q=%s;w=%s' % (quota, window)
    return out


@pytest.mark.parametrize("given, expected", [
    (None, None),
    ({}, None),
    ({"Retry-After": "5"}, None),
    ({"Ratelimit": '"default";t=30'}, None),                        # no remaining count
    ({"Ratelimit": '"default";r=50'}, None),                        # no reset time
    ({"Ratelimit": '"default";r=50;t=30'}, {"remaining": 50, "reset_at": 130.0, "at": 100.0}),
    ({"RateLimit": '"default";r=7;t=2.5'}, {"remaining": 7, "reset_at": 102.5, "at": 100.0}),
    (headers(50, 30, 1200, 300), {"remaining": 50, "reset_at": 130.0, "at": 100.0, "quota": 1200, "window": 300.0}),
    ({"Ratelimit": '"default";r=1;t=1', "Ratelimit-Policy": '"default";q=0;w=0'},  # an empty policy says nothing
     {"remaining": 1, "reset_at": 101.0, "at": 100.0}),
])
def test_parse_rate_headers(given, expected):
    assert parse_rate_headers(given, 100.0) == expected


@pytest.mark.parametrize("limit, reserve", [(1, 10), (200, 10), (220, 11), (1200, 60)])
def test_default_reserve(limit, reserve):
    assert default_reserve(limit) == reserve


def budget_at(path, clock, **kwargs):
    kwargs.setdefault("limit", 1200)
    kwargs.setdefault("window", 300)
    return RequestBudget(str(path), clock=clock, sleep=clock.sleep, **kwargs)


def test_observe_records_the_account_s_quota_and_counts_this_controller_s_answers(tmp_path):
    clock = Clock()
    budget = budget_at(tmp_path / "b", clock)
    budget()
    budget.observe(headers(1199, 300, 1200, 300))
    assert budget.last_counted == 1
    assert budget.others_active() is False  # 1 used, and it was ours
    clock.now += 1
    budget()
    budget.observe(headers(1195, 299, 1200, 300))  # 5 used in this window, 2 of them ours
    assert budget.last_counted == 2
    assert budget.others_active() is True
    state = json.loads((tmp_path / "b").read_text())
    assert state["seen"]["remaining"] == 1195 and state["counted"] == {"reset_at": 1300.0, "n": 2}


def test_an_answer_arriving_late_does_not_raise_the_remaining_count(tmp_path):
    clock = Clock()
    budget = budget_at(tmp_path / "b", clock)
    budget.observe(headers(40, 30, 100, 60))
    budget.observe(headers(45, 30, 100, 60))  # an older answer of the same window
    assert json.loads((tmp_path / "b").read_text())["seen"]["remaining"] == 40


def test_a_new_window_starts_a_new_count(tmp_path):
    clock = Clock()
    budget = budget_at(tmp_path / "b", clock)
    budget.observe(headers(10, 5, 100, 60))
    budget.observe(headers(9, 5, 100, 60))
    clock.now += 10
    budget.observe(headers(99, 60, 100, 60))
    state = json.loads((tmp_path / "b").read_text())
    assert state["counted"] == {"reset_at": 1070.0, "n": 1}
    assert state["seen"]["remaining"] == 99
    assert budget.others_active() is False


def test_an_answer_from_an_older_window_is_not_counted_as_this_one(tmp_path):
    clock = Clock()
    budget = budget_at(tmp_path / "b", clock)
    budget.observe(headers(99, 60, 100, 60))  # window resetting at 1060
    budget.observe(headers(3, 2, 100, 60))    # a late answer from the window before (resetting at 1002)
    assert budget.last_counted is None
    assert budget.others_active() is None


def test_without_headers_nothing_is_recorded(tmp_path):
    clock = Clock()
    budget = budget_at(tmp_path / "b", clock)
    budget.observe({"Content-Type": "application/json"})
    budget.observe(None)
    assert budget.last_seen is None and budget.others_active() is None
    assert not (tmp_path / "b").exists()


@pytest.mark.parametrize("seen, counted, expected", [
    (None, None, None),
    ({"remaining": 5, "reset_at": 1.0, "at": 0.0}, 3, None),                 # no quota in the headers
    ({"remaining": 97, "reset_at": 1.0, "at": 0.0, "quota": 100}, None, None),
    ({"remaining": 97, "reset_at": 1.0, "at": 0.0, "quota": 100}, 3, False),
    ({"remaining": 90, "reset_at": 1.0, "at": 0.0, "quota": 100}, 3, True),
    ({"remaining": 99, "reset_at": 1.0, "at": 0.0, "quota": 100}, 3, None),  # fewer than ours: cannot be told
])
def test_others_active(tmp_path, seen, counted, expected):
    budget = RequestBudget(str(tmp_path / "b"))
    budget.last_seen, budget.last_counted = seen, counted
    assert budget.others_active() is expected


# -- the header gate ----------------------------------------------------------------------------------------------
def write_state(path, sent=(), seen=None, counted=None):
    data = {"sent": list(sent)}
    if seen is not None:
        data["seen"] = seen
    if counted is not None:
        data["counted"] = counted
    path.write_text(json.dumps(data))


def test_at_the_reserve_the_next_request_waits_for_the_reset(tmp_path):
    clock = Clock()
    write_state(tmp_path / "b", seen={"remaining": 10, "reset_at": 1030.0, "at": 999.0, "quota": 100, "window": 60})
    budget = budget_at(tmp_path / "b", clock, limit=100, window=60)  # reserve: 10
    budget()
    assert budget.waited == 30 + RESET_MARGIN
    assert budget.reasons == [
        "the account has 10 of 100 requests left in this window (the API's Ratelimit header, counting every client "
        "of this credential), at the reserve of 10"]
    assert budget.report() == "Waited 30.2 s before sending requests to the Cloudflare API: %s." % budget.reasons[0]


def test_above_the_reserve_nothing_waits(tmp_path):
    clock = Clock()
    write_state(tmp_path / "b", seen={"remaining": 11, "reset_at": 1030.0, "at": 999.0, "quota": 100, "window": 60})
    budget = budget_at(tmp_path / "b", clock, limit=100, window=60)
    budget()
    assert budget.waited == 0 and budget.report() is None


def test_requests_in_flight_since_the_observation_count_against_the_remainder(tmp_path):
    clock = Clock()
    # 12 left when seen at 999, and 2 of this controller's requests sent since: 10 left, at the reserve
    write_state(tmp_path / "b", sent=[998.0, 999.5, 999.8],
                seen={"remaining": 12, "reset_at": 1030.0, "at": 999.0, "quota": 100, "window": 60})
    budget = budget_at(tmp_path / "b", clock, limit=100, window=60)
    budget()
    assert budget.waited == 30 + RESET_MARGIN


def test_a_reserve_of_its_own(tmp_path):
    clock = Clock()
    write_state(tmp_path / "b", seen={"remaining": 3, "reset_at": 1030.0, "at": 999.0, "quota": 100, "window": 60})
    budget = budget_at(tmp_path / "b", clock, limit=100, window=60, reserve=2)
    budget()
    assert budget.waited == 0
    budget.observe(headers(2, 30, 100, 60))
    budget()
    assert budget.waited == 30 + RESET_MARGIN


def test_an_observation_of_a_window_that_has_ended_holds_nothing_back(tmp_path):
    clock = Clock()
    write_state(tmp_path / "b", seen={"remaining": 0, "reset_at": 1000.0, "at": 970.0, "quota": 100, "window": 60})
    budget = budget_at(tmp_path / "b", clock, limit=100, window=60)
    budget()
    assert budget.waited == 0


def test_without_a_quota_the_reason_says_its(tmp_path):
    clock = Clock()
    write_state(tmp_path / "b", seen={"remaining": 0, "reset_at": 1005.0, "at": 999.0})
    budget = budget_at(tmp_path / "b", clock, limit=100, window=60)
    budget()
    assert budget.waited == 5 + RESET_MARGIN
    assert budget.reasons[0].startswith("the account has 0 of its requests left in this window")


def test_the_local_budget_s_reason(tmp_path):
    clock = Clock()
    budget = budget_at(tmp_path / "b", clock, limit=2, window=10)
    for unused in range(3):
        budget()
    assert budget.waited == 11.0
    assert budget.report() == ("Waited 11.0 s before sending requests to the Cloudflare API: this controller's budget "
                               "of 2 requests per 10 s is spent.")


def test_a_wait_without_a_reason_reads_pacing(tmp_path):
    budget = RequestBudget(str(tmp_path / "b"))
    budget.waited = 2.0
    assert budget.report() == "Waited 2.0 s before sending requests to the Cloudflare API: pacing."
    budget.waited = 0.9
    assert budget.report() is None  # under a second is not worth a warning


@pytest.mark.parametrize("state", [
    # an observation whose window resets further ahead than one window plus the margin
    {"sent": [], "seen": {"remaining": 0, "reset_at": 1000.0 + 3600, "at": 1000.0, "quota": 100, "window": 60}},
    # an observation made in the future
    {"sent": [], "seen": {"remaining": 0, "reset_at": 1030.0, "at": 1000.0 + 3600, "quota": 100, "window": 60}},
    # bookings an hour ahead
    {"sent": [1000.0 + 3600] * 100},
    # a count of a window far ahead
    {"sent": [], "counted": {"reset_at": 1000.0 + 3600, "n": 5}},
])
def test_state_beyond_one_window_ahead_is_forgotten_not_waited_for(tmp_path, state):
    clock = Clock()
    (tmp_path / "b").write_text(json.dumps(state))
    budget = budget_at(tmp_path / "b", clock, limit=100, window=60)
    budget()
    assert budget.waited == 0
    saved = json.loads((tmp_path / "b").read_text())
    assert saved["sent"] == [1000.0] and "seen" not in saved and "counted" not in saved


def test_no_wait_is_longer_than_the_window_and_the_margin(tmp_path):
    clock = Clock()
    # 100 bookings half a second ahead: the local budget alone would wait until 1061.5
    write_state(tmp_path / "b", sent=[1000.5] * 100,
                seen={"remaining": 0, "reset_at": 1060.0, "at": 999.0, "quota": 100, "window": 60})
    budget = budget_at(tmp_path / "b", clock, limit=100, window=60)
    budget()
    assert budget.waited == 61.0


# -- the budget directory ------------------------------------------------------------------------------------------
def test_budget_dir_explicit(tmp_path):
    assert budget_dir({"CLOUDFLARE_API_RATE_DIR": str(tmp_path)}) == (str(tmp_path), None)


def test_budget_dir_default_is_private_and_made_once(tmp_path, monkeypatch):
    monkeypatch.setattr(_throttle.tempfile, "gettempdir", lambda: str(tmp_path))
    path, problem = budget_dir({})
    assert problem is None and path == str(tmp_path / ("edgeops-cloudflare-%d" % _throttle.os.getuid()))
    assert _throttle.os.stat(path).st_mode & 0o777 == 0o700
    assert budget_dir({}) == (path, None)  # already there: used as it is


def test_budget_dir_refuses_a_link(tmp_path, monkeypatch):
    monkeypatch.setattr(_throttle.tempfile, "gettempdir", lambda: str(tmp_path))
    target = tmp_path / "elsewhere"
    target.mkdir(mode=0o700)
    link = tmp_path / ("edgeops-cloudflare-%d" % _throttle.os.getuid())
    link.symlink_to(target)
    path, problem = budget_dir({})
    assert path is None and problem == "%s is not a directory (or is a link)" % link
    explicit = tmp_path / "explicit-link"
    explicit.symlink_to(target)
    assert budget_dir({"CLOUDFLARE_API_RATE_DIR": str(explicit)})[0] is None


def test_budget_dir_refuses_a_file(tmp_path):
    regular = tmp_path / "file"
    regular.write_text("")
    assert budget_dir({"CLOUDFLARE_API_RATE_DIR": str(regular)}) == (
        None, "%s is not a directory (or is a link)" % regular)


def test_budget_dir_refuses_another_user_s(tmp_path, monkeypatch):
    monkeypatch.setattr(_throttle.os, "getuid", lambda: _throttle.os.stat(str(tmp_path)).st_uid + 1)
    path, problem = budget_dir({"CLOUDFLARE_API_RATE_DIR": str(tmp_path)})
    assert path is None and problem == "%s belongs to another user" % tmp_path


def test_budget_dir_refuses_a_default_open_to_others(tmp_path, monkeypatch):
    monkeypatch.setattr(_throttle.tempfile, "gettempdir", lambda: str(tmp_path))
    shared = tmp_path / ("edgeops-cloudflare-%d" % _throttle.os.getuid())
    shared.mkdir()
    shared.chmod(0o777)
    path, problem = budget_dir({})
    assert path is None and problem == "%s is open to other users (mode 777)" % shared


def test_budget_dir_that_cannot_be_made(tmp_path, monkeypatch):
    monkeypatch.setattr(_throttle.tempfile, "gettempdir", lambda: str(tmp_path / "missing" / "deeper"))
    path, problem = budget_dir({})
    assert path is None and "cannot be used (No such file or directory)" in problem
    missing = tmp_path / "nope"
    assert budget_dir({"CLOUDFLARE_API_RATE_DIR": str(missing)})[0] is None


def test_an_unusable_budget_dir_means_no_pacing_and_a_warning(tmp_path):
    warnings = []
    regular = tmp_path / "file"
    regular.write_text("")
    budget = throttle_from_params({"api_token": "t"}, environ={"CLOUDFLARE_API_RATE_DIR": str(regular)},
                                  warn=warnings.append)
    assert budget is None
    assert warnings == ["Request pacing is off for this task: the budget directory %s is not a directory (or is a "
                        "link). Set CLOUDFLARE_API_RATE_DIR to a private directory." % regular]
    assert throttle_from_params({"api_token": "t"}, environ={"CLOUDFLARE_API_RATE_DIR": str(regular)}) is None


def test_the_reserve_from_the_environment(tmp_path):
    environ = {"CLOUDFLARE_API_RATE_DIR": str(tmp_path)}
    assert throttle_from_params({"api_token": "t"}, environ=environ).reserve == 60
    environ["CLOUDFLARE_API_RATE_RESERVE"] = "3"
    assert throttle_from_params({"api_token": "t"}, environ=environ).reserve == 3


def test_the_budget_file_is_not_opened_through_a_link(tmp_path):
    target = tmp_path / "target"
    target.write_text("{}")
    (tmp_path / "b").symlink_to(target)
    budget = RequestBudget(str(tmp_path / "b"))
    with pytest.raises(OSError):
        budget()
    assert target.read_text() == "{}"


# -- the per-object lock -------------------------------------------------------------------------------------------
def test_key_lock_takes_turns_and_names_the_file_by_a_hash(tmp_path):
    parts = ("account 0123", "monitor", "Spectrum Health Check")
    with KeyLock(str(tmp_path), "fp", parts) as held:
        assert held.fd is not None and held.waited < 1
        assert "Spectrum" not in held.path and held.path.startswith(str(tmp_path / "edgeops-cloudflare-fp-"))
        clock = Clock()
        with KeyLock(str(tmp_path), "fp", parts, timeout=2.0, clock=clock, sleep=clock.sleep) as second:
            # the holder never lets go: after the timeout the second goes on without the lock
            assert second.fd is None and second.waited >= 2.0
        with KeyLock(str(tmp_path), "fp", ("account 0123", "monitor", "another")) as other:
            assert other.fd is not None  # another object's lock is free
    with KeyLock(str(tmp_path), "fp", parts) as again:
        assert again.fd is not None  # released on leaving
    assert again.fd is None


def test_key_lock_without_a_usable_file_locks_nothing(tmp_path):
    with KeyLock(str(tmp_path / "missing"), "fp", ("x",)) as lock:
        assert lock.fd is None
