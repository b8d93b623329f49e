# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

from ansible_collections.edgeops.cloudflare.plugins.plugin_utils.failures import MESSAGE_LIMIT, failure_text


def test_nothing_recorded_is_no_failure():
    assert failure_text(None) is None
    assert failure_text({}) is None
    assert failure_text("") is None


def test_a_plain_value_is_folded_to_one_line():
    assert failure_text("zone\n  not   found") == "zone not found"


def test_task_and_message():
    assert failure_text({"task": "Ensure the pool", "result": {"msg": "Failed to\ncreate pool"}}) == \
        "Ensure the pool: Failed to create pool"


def test_a_loop_reports_its_first_failed_item_with_its_label():
    result = {"msg": "One or more items failed", "results": [
        {"failed": False, "msg": "ok", "item": {"label": "a"}},
        {"failed": True, "msg": "weight must be below 1", "item": {"label": "pool b"}},
        {"failed": True, "msg": "later", "item": {"label": "c"}},
    ]}
    assert failure_text({"task": "Pools", "result": result}) == "Pools: pool b: weight must be below 1"


def test_a_loop_item_without_label_gives_the_message_alone():
    result = {"results": [{"failed": True, "msg": "boom", "item": {"name": "p"}}]}
    assert failure_text({"result": result}) == "boom"


def test_a_long_message_is_cut():
    text = failure_text({"result": {"msg": "x" * 1000}})
    assert len(text) == MESSAGE_LIMIT and text.endswith("...")
