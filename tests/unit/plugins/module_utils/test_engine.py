# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource engine (_engine.Resource) against the fake API, through a minimal resource."""

from __future__ import annotations

import pytest

from ansible_collections.edgeops.cloudflare.plugins.module_utils._compare import Field
from ansible_collections.edgeops.cloudflare.plugins.module_utils._engine import Resource, check_id
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._objects import ObjectType
from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_api import ACCOUNT_ID, MISSING_ID

PATH = "/accounts/%s/load_balancers/monitors" % ACCOUNT_ID
# the fake API's monitors, as another object type
WIDGETS = ObjectType("widget", "widgets", "account", "/accounts/%s/load_balancers/monitors", "description")


class Widget(Resource):
    """The smallest useful resource: the fake API's monitors, named by description, no hooks of its own."""

    object_type = WIDGETS
    result_key = "widget"
    id_param = "widget_id"
    key_param = "description"
    key_field = "description"
    fields = {"header": Field("exact")}
    server_defaults = {"port": 0, "interval": 60}
    has_references = True

    def desired(self):
        return dict((k, self.params[k]) for k in ("description", "port", "interval", "header")
                    if self.params.get(k) is not None)


class PutWidget(Widget):
    update_method = "PUT"


def run(conn, resource=Widget):
    return resource(conn).run()


# -- check_id ------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [None, "0123456789abcdef0123456789abcdef"])
def test_check_id_accepts(value):
    check_id({"widget_id": value}, "widget_id")


@pytest.mark.parametrize("value", ["abc", "0123456789ABCDEF0123456789ABCDEF", "0123456789abcdef0123456789abcdeg"])
def test_check_id_refuses_naming_the_option(value):
    with pytest.raises(CloudflareError, match=r"^widget_id must be a 32-character lowercase hexadecimal id"):
        check_id({"widget_id": value}, "widget_id")


# -- create ----------------------------------------------------------------------------------------
def test_create_sends_the_desired_fields_and_returns_the_object(api, connect):
    result = run(connect({"description": "web", "port": 8080}))
    post, = api.calls("POST")
    assert post.path == PATH
    assert post.body == {"description": "web", "port": 8080}
    assert result["changed"] is True
    assert result["widget"]["id"] in api.store["monitors"]
    assert result["widget"]["description"] == "web"
    assert result["diff"] == {"before": {}, "after": {"description": "web", "port": 8080}}


def test_create_failure_names_the_object_and_carries_cloudflare_codes(api, connect):
    api.fail("POST", "monitors$", status=400, code=1002, message="validation failed")
    with pytest.raises(CloudflareError) as info:
        run(connect({"description": "web"}))
    assert str(info.value).startswith("Failed to create widget 'web': HTTP 400")
    assert info.value.extras["http_status"] == 400
    assert info.value.extras["cloudflare_errors"] == [{"code": 1002, "message": "validation failed"}]
    assert info.value.extras["request"] == "POST %s" % PATH
    assert api.store["monitors"] == {}


def test_list_failure_names_the_operation(api, connect):
    api.fail("GET", "monitors$", status=403, code=9109, message="Unauthorized", times=1)
    with pytest.raises(CloudflareError, match=r"^Failed to list widgets in account %s: HTTP 403" % ACCOUNT_ID):
        run(connect({"description": "web"}))


# -- no-op and update --------------------------------------------------------------------------------
def test_no_op_sends_no_write_and_reports_unchanged(api, connect):
    current = api.add_monitor(description="web", port=8080, interval=60, header={"Host": ["a"]})
    result = run(connect({"description": "web", "port": 8080, "header": {"Host": ["a"]}}))
    assert result == {"changed": False, "widget": current}
    assert api.writes == []


def test_a_default_left_out_of_a_get_is_no_change(api, connect):
    api.add_monitor(description="web")  # the server did not repeat port 0 and interval 60
    result = run(connect({"description": "web", "port": 0, "interval": 60}))
    assert result["changed"] is False
    assert api.writes == []


def test_update_patches_only_the_changed_fields(api, connect):
    current = api.add_monitor(description="web", port=8080, interval=60)
    result = run(connect({"description": "web", "port": 9090, "interval": 60}))
    patch, = api.writes
    assert (patch.method, patch.path, patch.body) == ("PATCH", "%s/%s" % (PATH, current["id"]), {"port": 9090})
    assert result["changed"] is True
    assert result["widget"]["port"] == 9090
    # the diff shows only what changes
    assert result["diff"] == {"before": {"port": 8080}, "after": {"port": 9090}}


def test_diff_before_shows_the_default_of_a_field_the_server_left_out(api, connect):
    api.add_monitor(description="web")
    result = run(connect({"description": "web", "interval": 30}))
    assert result["diff"] == {"before": {"interval": 60}, "after": {"interval": 30}}


def test_update_by_put_sends_the_whole_object_without_read_only_fields(api, connect):
    current = api.add_monitor(description="web", port=8080, interval=60, header={"X": ["1"]})
    result = run(connect({"description": "web", "port": 9090}), PutWidget)
    put, = api.writes
    assert put.method == "PUT"
    assert put.path == "%s/%s" % (PATH, current["id"])
    assert put.body == {"description": "web", "port": 9090, "interval": 60, "header": {"X": ["1"]}}
    assert result["changed"] is True


def test_update_failure_names_the_object(api, connect):
    current = api.add_monitor(description="web", port=1)
    api.fail("PATCH", current["id"], status=400, code=1002, message="bad port")
    with pytest.raises(CloudflareError) as info:
        run(connect({"description": "web", "port": 2}))
    assert str(info.value).startswith("Failed to update widget 'web' (id %s): HTTP 400" % current["id"])


# -- check mode ------------------------------------------------------------------------------------------
def test_check_mode_create_predicts_the_object_without_writing(api, connect):
    result = run(connect({"description": "web", "port": 8080}, check_mode=True))
    assert api.writes == []
    assert result == {"changed": True, "widget": {"description": "web", "port": 8080},
                      "diff": {"before": {}, "after": {"description": "web", "port": 8080}}}


def test_check_mode_update_predicts_the_object_without_writing(api, connect):
    current = api.add_monitor(description="web", port=8080)
    result = run(connect({"description": "web", "port": 9090}, check_mode=True))
    assert api.writes == []
    assert result["changed"] is True
    assert result["widget"] == dict(current, port=9090)
    assert result["diff"] == {"before": {"port": 8080}, "after": {"port": 9090}}
    assert api.get("monitors", current["id"])["port"] == 8080


# -- delete --------------------------------------------------------------------------------------------------
def test_delete(api, connect):
    current = api.add_monitor(description="web", port=1)
    result = run(connect({"description": "web", "state": "absent"}))
    assert [(r.method, r.path) for r in api.writes] == [("DELETE", "%s/%s" % (PATH, current["id"]))]
    assert result == {"changed": True, "widget": None, "diff": {"before": current, "after": {}},
                      "removed": {"id": current["id"], "description": "web"}}
    assert api.store["monitors"] == {}


def test_delete_of_an_absent_object_changes_nothing(api, connect):
    result = run(connect({"description": "web", "state": "absent"}))
    assert result == {"changed": False, "widget": None}
    assert api.writes == []


def test_delete_in_check_mode_sends_nothing(api, connect):
    current = api.add_monitor(description="web")
    result = run(connect({"description": "web", "state": "absent"}, check_mode=True))
    assert result["changed"] is True
    assert api.writes == []
    assert current["id"] in api.store["monitors"]


def test_delete_of_an_object_in_use_names_its_users(api, connect):
    current = api.add_monitor(description="web")
    pool = api.add_pool(name="eu", monitor=current["id"], origins=[])
    with pytest.raises(CloudflareError) as info:
        run(connect({"description": "web", "state": "absent"}))
    message = str(info.value)
    assert message.startswith("Cannot delete widget 'web' (id %s): it is used by pool 'eu' (id %s)."
                              % (current["id"], pool["id"]))
    assert info.value.extras["referenced_by"] == [{"reference_type": "referrer", "resource_type": "pool",
                                                   "resource_id": pool["id"], "resource_name": "eu"}]
    assert api.writes == []


def test_delete_of_an_object_already_gone_is_fine(api, connect):
    current = api.add_monitor(description="web")
    api.fail("DELETE", current["id"], status=404, code=1002, message="not found")
    result = run(connect({"description": "web", "state": "absent"}))
    assert result["changed"] is True


def test_delete_failure_is_an_error(api, connect):
    current = api.add_monitor(description="web")
    api.fail("DELETE", current["id"], status=400, code=1001, message="locked")
    with pytest.raises(CloudflareError) as info:
        run(connect({"description": "web", "state": "absent"}))
    assert str(info.value).startswith("Failed to delete widget 'web' (id %s): HTTP 400" % current["id"])
    assert info.value.extras["http_status"] == 400


# -- finding -------------------------------------------------------------------------------------------------
def test_find_by_id_reads_only_that_object(api, connect):
    current = api.add_monitor(description="old name", port=1)
    result = run(connect({"widget_id": current["id"], "description": "new name", "port": 1}))
    assert [r.path for r in api.calls("GET")] == ["%s/%s" % (PATH, current["id"])]
    assert api.writes[0].body == {"description": "new name"}
    assert result["changed"] is True


def test_find_by_missing_id_is_an_error_naming_the_option(api, connect):
    with pytest.raises(CloudflareError) as info:
        run(connect({"widget_id": MISSING_ID, "description": "web"}))
    assert str(info.value) == ("widget_id=%s does not exist in account %s; omit widget_id to create a new widget."
                               % (MISSING_ID, ACCOUNT_ID))
    assert api.writes == []


def test_delete_by_missing_id_changes_nothing(api, connect):
    result = run(connect({"widget_id": MISSING_ID, "state": "absent"}))
    assert result == {"changed": False, "widget": None}


def test_find_by_id_read_failure_is_an_error(api, connect):
    api.fail("GET", MISSING_ID, status=403, code=10000, message="Authentication error")
    with pytest.raises(CloudflareError, match=r"^Failed to read widget %s: HTTP 403" % MISSING_ID):
        run(connect({"widget_id": MISSING_ID, "description": "web"}))


def test_an_ambiguous_natural_key_is_an_error_listing_the_ids(api, connect):
    first = api.add_monitor(description="web")
    second = api.add_monitor(description="web")
    with pytest.raises(CloudflareError) as info:
        run(connect({"description": "web", "port": 1}))
    assert str(info.value) == ("2 widgets in account %s have description 'web' (ids %s, %s): set widget_id to "
                               "choose one." % (ACCOUNT_ID, first["id"], second["id"]))
    assert api.writes == []


# -- a lost create answer ---------------------------------------------------------------------------------
def test_lost_create_answer_is_found_again_not_duplicated(api, connect):
    api.lose_answer("POST", "monitors$")
    result = run(connect({"description": "web", "port": 8080}))
    assert len(api.calls("POST")) == 1
    stored, = api.all("monitors")
    assert result["widget"] == stored
    assert result["changed"] is True


def test_create_not_committed_is_retried_once_the_list_shows_nothing(api, connect):
    api.fail("POST", "monitors$", status=503, code=0, message="unavailable")
    result = run(connect({"description": "web"}))
    assert len(api.calls("POST")) == 2
    assert len(api.all("monitors")) == 1
    assert result["widget"]["description"] == "web"


def test_create_retry_when_the_list_cannot_be_read_either(api, connect):
    api.fail("POST", "monitors$", status=503)
    api.fail("GET", "monitors$", status=400, code=1, message="broken", skip=1)  # the re-read after the lost POST
    run(connect({"description": "web"}))
    assert len(api.calls("POST")) == 2
    assert len(api.all("monitors")) == 1


def test_create_uncertain_until_the_retries_run_out(api, connect):
    api.fail("POST", "monitors$", status=503, times=3)
    with pytest.raises(CloudflareError) as info:
        run(connect({"description": "web"}, retries=2))
    assert info.value.extras["http_status"] == 503
    assert len(api.calls("POST")) == 3


def test_a_lost_answer_of_an_object_without_a_key_is_not_adopted(api, connect):
    class Keyless(Widget):
        def key_value(self):
            return None

        def find(self):
            return None

    api.lose_answer("POST", "monitors$")
    conn = connect({"description": "web"}, retries=0)
    with pytest.raises(CloudflareError):
        run(conn, Keyless)


# -- naming and the base hooks -----------------------------------------------------------------------------
def test_describe_and_plural(connect):
    conn = connect({"description": "web"})
    widget = Widget(conn)
    assert widget.plural() == "widgets"
    assert widget.describe() == "widget 'web'"
    assert widget.describe({"description": "x", "id": "abc"}) == "widget 'x' (id abc)"
    conn = connect({"widget_id": "abc"})
    assert Widget(conn).describe() == "widget abc"


def test_base_hooks(connect):
    conn = connect({"name": "thing"}, scope=None)
    base = Resource(conn)
    assert base.object_type is None  # a resource names its object type
    assert base.desired() == {}
    assert base.resolve({"a": 1}) == {"a": 1}
    assert base.validate() is None
    assert base.before_write("create", {}, None) is None
    assert base.public_view(None) == {}
    assert base.finish({"changed": False}) == {"changed": False}
    assert base.scope_text() == "the API"
    base.object_type = WIDGETS
    assert base.describe() == "widget 'thing'"


def test_users_of_an_object_without_references_reads_nothing(api, connect):
    class NoRefs(Widget):
        has_references = False

    current = api.add_monitor(description="web")
    assert NoRefs(connect({"description": "web"})).users_of(current) == []
    assert api.requests == []


# -- shared objects: racing creates converge on the oldest ------------------------------------------------------
import datetime  # noqa: E402
import types  # noqa: E402

from ansible_collections.edgeops.cloudflare.plugins.module_utils import _engine  # noqa: E402
from ansible_collections.edgeops.cloudflare.plugins.module_utils._engine import (  # noqa: E402
    RACE_REREADS, _age_seconds, created_order)
from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_api import TIMESTAMP  # noqa: E402

OLDER = "2025-12-31T23:59:59.999999Z"   # before the fake API's TIMESTAMP, which every create gets
NEWER = "2026-01-01T00:00:00.500000Z"


class SharedWidget(Widget):
    """A widget that several runs may create at once (like monitors and pools)."""

    converge_after_create = True


def another_run_creates_too(api, **fields):
    """Whenever this run POSTs, another run's object with the same key has just been stored (its answer is ours)."""
    original = api.handle
    others = []

    def handle(method, url, **kwargs):
        if method == "POST":
            others.append(api.add_monitor(**fields))
        return original(method, url, **kwargs)
    api.handle = handle
    return others


def ago(seconds):
    stamp = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=seconds)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def test_a_run_whose_object_lost_deletes_its_own_and_uses_the_older_one(api, connect):
    others = another_run_creates_too(api, description="web", port=8080, created_on=OLDER)
    conn = connect({"description": "web", "port": 8080})
    result = run(conn, SharedWidget)
    ours = api.calls("POST")[0]
    winner, = api.all("monitors")
    assert winner["id"] == others[0]["id"]
    assert result["widget"]["id"] == winner["id"] and result["changed"] is True
    deleted = api.calls("DELETE")
    ours_id = "%032x" % (0xc0ffee00000000000000000000000000 + 2)  # the fake API's second id: the other run's came first
    assert len(deleted) == 1 and deleted[0].path.endswith("/monitors/" + ours_id)
    assert [r.method for r in api.requests] == ["GET", "POST", "GET", "DELETE"]
    assert ours.body == {"description": "web", "port": 8080}
    assert conn.warnings == [
        "Another run created widget 'web' (id %s) at the same time; this run deleted its own copy (id %s) and uses "
        "the older one (id %s)." % (winner["id"], deleted[0].path.rsplit("/", 1)[1], winner["id"])]


def test_a_run_whose_object_won_keeps_it_and_leaves_the_other_to_its_run(api, connect):
    others = another_run_creates_too(api, description="web", created_on=NEWER)
    conn = connect({"description": "web"})
    result = run(conn, SharedWidget)
    assert result["widget"]["id"] != others[0]["id"]
    assert api.calls("DELETE") == []  # never deletes an object this run did not create
    assert len(api.all("monitors")) == 2 and conn.warnings == []


def test_the_same_creation_time_is_decided_by_the_id(api, connect):
    another_run_creates_too(api, description="web", created_on=TIMESTAMP, id="f" * 32)
    result = run(connect({"description": "web"}), SharedWidget)
    assert result["widget"]["id"] < "f" * 32
    assert api.calls("DELETE") == []


def test_a_list_that_does_not_show_our_object_yet_still_counts_it(api, connect):
    another_run_creates_too(api, description="web", created_on=OLDER)
    original = api._create

    def create_then_lag(collection, body):
        response = original(collection, body)
        api.store[collection].pop(response.json()["result"]["id"])  # the list will not show it (yet)
        return response
    api._create = create_then_lag
    result = run(connect({"description": "web"}), SharedWidget)
    assert len(api.calls("DELETE")) == 1  # ours, which the list did not show: a 404, already gone, is fine
    assert result["widget"]["created_on"] == OLDER


def test_convergence_is_skipped_when_the_rate_limit_counter_proves_nobody_else_was_active(api, connect):
    another_run_creates_too(api, description="web", created_on=OLDER)
    conn = connect({"description": "web"})
    conn.others_active = lambda: False
    result = run(conn, SharedWidget)
    assert [r.method for r in api.requests] == ["GET", "POST"]  # no second read, nothing deleted
    assert result["widget"]["created_on"] == TIMESTAMP


def test_objects_without_convergence_are_not_read_again(api, connect):
    another_run_creates_too(api, description="web", created_on=OLDER)
    run(connect({"description": "web"}))
    assert [r.method for r in api.requests] == ["GET", "POST"]


# -- transient duplicates: re-read while racing runs converge ------------------------------------------------------
def pauses(monkeypatch, on_pause=None):
    calls = []

    def sleep(seconds):
        calls.append(seconds)
        if on_pause is not None:
            on_pause()
    monkeypatch.setattr(_engine, "time", types.SimpleNamespace(sleep=sleep))
    return calls


def test_a_recent_duplicate_is_read_again_until_the_loser_has_deleted_its_own(api, connect, monkeypatch):
    keeper = api.add_monitor(description="web", created_on=ago(30))
    loser = api.add_monitor(description="web", created_on=ago(5))
    slept = pauses(monkeypatch, on_pause=lambda: api.store["monitors"].pop(loser["id"], None))
    result = run(connect({"description": "web"}), SharedWidget)
    assert result["widget"]["id"] == keeper["id"] and result["changed"] is False
    assert slept == [_engine.RACE_PAUSE]
    assert [r.method for r in api.requests] == ["GET", "GET"]


def test_duplicates_that_stay_are_ambiguous_after_the_re_reads(api, connect, monkeypatch):
    api.add_monitor(description="web", created_on=ago(30))
    api.add_monitor(description="web", created_on=ago(5))
    slept = pauses(monkeypatch)
    with pytest.raises(CloudflareError, match=r"^2 widgets in account .* have description 'web'"):
        run(connect({"description": "web"}), SharedWidget)
    assert len(slept) == RACE_REREADS
    assert len(api.calls("GET")) == 1 + RACE_REREADS
    assert api.writes == []


@pytest.mark.parametrize("resource, stamps", [
    (SharedWidget, (TIMESTAMP, TIMESTAMP)),     # both long made: pre-existing duplicates, not a race
    (SharedWidget, ("garbage", "")),            # no creation time to judge by
    (Widget, (ago(5), ago(3))),                 # objects that are never created at once
])
def test_old_or_undated_duplicates_are_ambiguous_at_once(api, connect, monkeypatch, resource, stamps):
    for stamp in stamps:
        api.add_monitor(description="web", created_on=stamp)
    slept = pauses(monkeypatch)
    with pytest.raises(CloudflareError, match="set widget_id to choose one"):
        run(connect({"description": "web"}), resource)
    assert slept == [] and len(api.calls("GET")) == 1


# -- a create refused because the key is taken: the object is adopted --------------------------------------------
def test_a_1003_conflict_adopts_the_object_another_run_created(api, connect):
    another_run_creates_too(api, description="web", port=8080)
    api.fail("POST", "monitors$", status=400, code=1003, message="value not unique")
    result = run(connect({"description": "web", "port": 8080}))
    adopted, = api.all("monitors")
    assert result == {"changed": False, "widget": adopted}
    assert [r.method for r in api.requests] == ["GET", "POST", "GET"]


def test_an_adopted_object_is_brought_to_the_requested_state(api, connect):
    another_run_creates_too(api, description="web", port=8080)
    api.fail("POST", "monitors$", status=400, code=1003, message="value not unique")
    result = run(connect({"description": "web", "port": 9090}))
    assert result["changed"] is True and result["widget"]["port"] == 9090
    assert [r.method for r in api.writes] == ["POST", "PATCH"]


def test_a_1003_conflict_with_nothing_to_adopt_fails(api, connect):
    api.fail("POST", "monitors$", status=400, code=1003, message="value not unique")
    with pytest.raises(CloudflareError, match=r"^Failed to create widget 'web': HTTP 400, .*\[1003\] value not unique"):
        run(connect({"description": "web"}))


def test_a_1003_conflict_whose_re_read_fails_fails(api, connect):
    api.fail("POST", "monitors$", status=400, code=1003, message="value not unique")
    api.fail("GET", "monitors$", status=500, skip=1)
    with pytest.raises(CloudflareError, match=r"^Failed to create widget 'web'"):
        run(connect({"description": "web"}, retries=0))


# -- ordering helpers ------------------------------------------------------------------------------------------------
def test_created_order_and_age():
    objs = [{"id": "b", "created_on": "2026-01-01T00:00:00.5Z"}, {"id": "a", "created_on": "2026-01-01T00:00:00.25Z"},
            {"id": "c"}, {"id": "0", "created_on": "2026-01-01T00:00:00Z"}, {"id": "z", "created_on": "junk"}]
    assert [o["id"] for o in sorted(objs, key=created_order)] == ["0", "a", "b", "c", "z"]
    now = datetime.datetime(2026, 1, 1, 0, 1, tzinfo=datetime.timezone.utc)
    assert _age_seconds({"created_on": "2026-01-01T00:00:00.25Z"}, now) == 59.75
    assert _age_seconds({"created_on": None}) is None


def test_created_at_serves_where_created_on_is_absent():
    # some clients name a monitor group's timestamps created_at / updated_at
    objs = [{"id": "b", "created_at": "2026-01-01T00:00:02Z"}, {"id": "a", "created_at": "2026-01-01T00:00:01Z"}]
    assert [o["id"] for o in sorted(objs, key=created_order)] == ["a", "b"]
    now = datetime.datetime(2026, 1, 1, 0, 1, tzinfo=datetime.timezone.utc)
    assert _age_seconds({"created_at": "2026-01-01T00:00:30Z"}, now) == 30.0
