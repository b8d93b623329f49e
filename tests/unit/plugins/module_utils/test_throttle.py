# -*- coding: utf-8 -*-
from __future__ import annotations

import json
import multiprocessing
import time

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
