# -*- coding: utf-8 -*-
from __future__ import annotations

import multiprocessing
import time

from ansible_collections.edgeops.cloudflare.plugins.module_utils._throttle import (
    TokenBucket, credential_fingerprint, throttle_from_params)


class Clock(object):
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def test_bucket_never_allows_more_than_the_limit_in_any_window(tmp_path):
    clock = Clock()
    bucket = TokenBucket(str(tmp_path / "b"), limit=60, window=30, clock=clock, sleep=clock.sleep)
    stamps = []
    for _ in range(300):
        bucket()
        stamps.append(clock.now)
    # sliding windows of 30 s never hold more than 60 requests
    j = 0
    for i in range(len(stamps)):
        while stamps[i] - stamps[j] >= 30:
            j += 1
        assert i - j + 1 <= 60
    # and the pace is close to the limit: 300 requests need about (300 - 10) / (50/30) s
    assert 150 < stamps[-1] - stamps[0] < 200


def test_burst_is_free(tmp_path):
    clock = Clock()
    bucket = TokenBucket(str(tmp_path / "b"), limit=1200, window=300, clock=clock, sleep=clock.sleep)
    for _ in range(150):
        bucket()
    assert bucket.waited == 0


def _worker(path, count):
    bucket = TokenBucket(path, limit=120, window=6)
    for _ in range(count):
        bucket()


def test_bucket_is_shared_between_processes(tmp_path):
    path = str(tmp_path / "shared")
    start = time.time()
    procs = [multiprocessing.Process(target=_worker, args=(path, 15)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(30)
    elapsed = time.time() - start
    # 60 requests, 20 of them burst, the rest at (120 - 20) / 6 = 16.7/s: at least ~2.4 s
    assert elapsed >= 2.0


def test_fingerprint_hides_the_credential_and_zero_turns_off(tmp_path, monkeypatch):
    fp = credential_fingerprint({"api_token": "super-secret-token"})
    assert "super-secret" not in fp and len(fp) == 24
    assert fp != credential_fingerprint({"api_token": "other"})
    monkeypatch.setenv("CLOUDFLARE_API_RATE_DIR", str(tmp_path))
    assert throttle_from_params({"api_token": "t", "api_rate_limit": 0}) is None
    bucket = throttle_from_params({"api_token": "super-secret-token"})
    assert bucket.path.startswith(str(tmp_path)) and "super-secret" not in bucket.path
