# -*- coding: utf-8 -*-
"""Assertions shared by the integration tests."""

from __future__ import annotations


def assert_each_fails_naming(run, emulator, cases):
    """Every ``bad N`` task of ``run`` failed with a message naming its option, and none reached the API.

    ``cases`` is the test's list of ``(module args, text the error must contain)``.
    """
    assert len(run.results) == len(cases), run
    for index, (args, option) in enumerate(cases):
        record = run.task("bad %d" % index)
        assert record["status"] == "failed", (args, record)
        assert option in record["result"]["msg"], (option, record["result"]["msg"])
    assert emulator.log()["requests"] == [], "bad input reached the API"
