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
    for _ in range(300):
        budget()
        stamps.append(clock.now)
    assert max_in_any_window(stamps, 30) <= 60
    # 300 requests at 60 per 31 s (window plus margin): four full waits, no more
    assert 4 * 30 <= stamps[-1] - stamps[0] <= 4 * 31 + 1


def test_single_zone_sized_runs_never_wait(tmp_path):
    clock = Clock()
    budget = RequestBudget(str(tmp_path / "b"), limit=1200, window=300, clock=clock, sleep=clock.sleep)
    for _ in range(1200):
        budget()
    assert budget.waited == 0
    budget()
    assert budget.waited > 299


def test_state_keeps_only_the_last_limit_bookings(tmp_path):
    clock = Clock()
    budget = RequestBudget(str(tmp_path / "b"), limit=5, window=10, clock=clock, sleep=clock.sleep)
    for _ in range(12):
        budget()
    assert len(json.loads((tmp_path / "b").read_text())["sent"]) == 5


def _worker(path, count, out):
    budget = RequestBudget(path, limit=20, window=2, margin=0.2)
    for _ in range(count):
        budget()
        out.put(time.time())


def test_budget_is_shared_between_processes(tmp_path):
    path = str(tmp_path / "shared")
    out = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=_worker, args=(path, 15, out)) for _ in range(4)]
    for p in procs:
        p.start()
    stamps = sorted(out.get(timeout=30) for _ in range(60))
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
