"""Request validation against the shipped OpenAPI subset, with openapi-core.

The document is loaded as it is; only ``servers`` is replaced by the emulator's
own base URL.  One ``OpenAPI`` object is built per bound port and cached.

One deliberate validator adjustment (the document is untouched): jsonschema
implements ``multipleOf`` with binary floats, so ``0.29`` is "not a multiple of
0.01" and ``0.3`` is "not a multiple of 0.1".  The live API accepts those
values, so the emulator's validator class checks ``multipleOf`` with decimal
arithmetic instead.  Every other keyword is stock OAS 3.0 write validation.
"""

from __future__ import annotations

import copy
import json
import os
import threading
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, List, Optional

from jsonschema.exceptions import ValidationError as _JsValidationError
from jsonschema.validators import extend
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.validation.schemas.factories import SchemaValidatorsFactory
from openapi_schema_validator import OAS30WriteValidator
from werkzeug.datastructures import Headers, ImmutableMultiDict

from .lb_rules import schema_symbol

SPEC_FILENAME = "openapi-subset.json"


def find_spec_path() -> str:
    """Locate the subset document: ``$CF_EMULATOR_SPEC``, else the copy shipped next to this package.

    The copy in this directory is the project's own (see README.md, "Where the contract comes from");
    ``make sync-api-spec`` refreshes it from a newer extract.
    """
    env = os.environ.get("CF_EMULATOR_SPEC")
    if env:
        return env
    local = os.path.join(os.path.dirname(os.path.abspath(__file__)), SPEC_FILENAME)
    if not os.path.exists(local):
        raise FileNotFoundError(
            "%s is missing from the checkout; restore it (git checkout -- tools/emulator/%s), "
            "set CF_EMULATOR_SPEC or pass --spec" % (local, SPEC_FILENAME)
        )
    return local


_spec_lock = threading.Lock()
_spec_dict: Optional[dict] = None
_apis: dict = {}


def _decimal_multiple_of(validator, dB, instance, schema):
    if not validator.is_type(instance, "number"):
        return
    try:
        failed = Decimal(str(instance)) % Decimal(str(dB)) != 0
    except (InvalidOperation, ValueError):  # pragma: no cover - absurd values
        failed = True
    if failed:
        yield _JsValidationError(f"{instance!r} is not a multiple of {dB}")


_EmulatorWriteValidator = extend(OAS30WriteValidator, validators={"multipleOf": _decimal_multiple_of})


def load_spec_dict(path: Optional[str] = None) -> dict:
    """Parse the subset document once per process."""
    global _spec_dict
    with _spec_lock:
        if _spec_dict is None:
            with open(path or find_spec_path(), encoding="utf-8") as fh:
                _spec_dict = json.load(fh)
        return _spec_dict


def get_openapi(server_url: str) -> OpenAPI:
    """OpenAPI object for ``server_url`` (``http://127.0.0.1:PORT/client/v4``), cached."""
    with _spec_lock:
        api = _apis.get(server_url)
    if api is not None:
        return api
    spec = copy.deepcopy(load_spec_dict())
    spec["servers"] = [{"url": server_url}]
    config = Config(schema_validators_factory=SchemaValidatorsFactory(_EmulatorWriteValidator))
    api = OpenAPI.from_dict(spec, config=config)
    # Build the validator eagerly so the first request is not slow.
    _ = api.request_validator
    with _spec_lock:
        _apis[server_url] = api
    return api


class OpenAPIRequestAdapter:
    """Implements openapi-core's ``Request`` protocol for a raw HTTP request."""

    def __init__(self, host_url: str, method: str, path: str, query_pairs, headers: dict, body: bytes):
        self.host_url = host_url
        self.path = path
        self.method = method.lower()
        self.body = body if body else None
        ctype = headers.get("content-type")
        if not ctype:
            # Bodies without a Content-Type are read as JSON (as the API does).
            ctype = "application/json" if body else "application/octet-stream"
        self.content_type = ctype.lower()
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(query_pairs),
            header=Headers(list(headers.items())),
        )


def _fmt_path(prefix: str, parts: Iterable[Any]) -> str:
    out = prefix
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += f".{p}"
    return out


def _flatten_schema_errors(prefix: str, schema_errors) -> List[str]:
    msgs = []
    for err in schema_errors or ():
        path = list(getattr(err, "absolute_path", getattr(err, "path", ())) or ())
        message = getattr(err, "message", str(err))
        inst = getattr(err, "instance", None)
        if isinstance(inst, float) and inst.is_integer() and message.startswith(repr(inst)):
            # query numbers are cast to float; show what the client sent
            message = str(int(inst)) + message[len(repr(inst)):]
        # For anyOf/oneOf, the nested context usually says more.
        ctx = getattr(err, "context", None)
        validator = getattr(err, "validator", None)
        if ctx and validator in ("anyOf", "oneOf"):
            inner = sorted({c.message for c in ctx})
            message = f"{message} ({'; '.join(inner)})"
        if validator == "maxItems" and isinstance(inst, list):
            # the stock message repeats the whole list
            message = f"{len(inst)} entries, more than the maximum of {err.validator_value}"
        where = _fmt_path(prefix, path)
        symbol = schema_symbol(where, validator)
        msgs.append(f"{symbol}: {where}: {message}" if symbol else f"{where}: {message}")
    return msgs


def describe_errors(errors) -> List[str]:
    """Turn openapi-core request errors into readable ``<where>: <what>`` strings."""
    out: List[str] = []
    for exc in errors:
        name = type(exc).__name__
        cause = exc.__cause__
        if name in ("InvalidRequestBody",) and cause is not None and hasattr(cause, "schema_errors"):
            out.extend(_flatten_schema_errors("body", cause.schema_errors) or ["body: invalid value"])
        elif name == "MissingRequiredRequestBody":
            out.append("body: a request body is required")
        elif name.startswith("RequestBody") or name.endswith("RequestBody") or "Body" in name:
            cname = type(cause).__name__ if cause is not None else ""
            if cname == "MediaTypeDeserializeError":
                out.append("body: malformed JSON")
            elif cname == "MediaTypeNotFound":
                out.append(f"body: unsupported content type ({cause})")
            else:
                out.append(f"body: {cause or exc}")
        elif hasattr(exc, "location") and hasattr(exc, "name"):
            where = f"{exc.location}.{exc.name}"
            if cause is not None and hasattr(cause, "schema_errors"):
                out.extend(_flatten_schema_errors(where, cause.schema_errors) or [f"{where}: invalid value"])
            elif cause is not None and type(cause).__name__ == "CastError":
                out.append(f"{where}: invalid value {cause.value!r} (expected {cause.type})")
            elif "Missing" in name:
                out.append(f"{where}: missing required parameter")
            else:
                out.append(f"{where}: {cause or exc}")
        elif "Security" in name:
            out.append("security: no valid credentials")
        else:
            out.append(str(exc))
    return out


def validate(api: OpenAPI, request: OpenAPIRequestAdapter) -> List[str]:
    """Return a list of readable problems (empty when the request is valid)."""
    return describe_errors(api.iter_request_errors(request))


class ValidationCache:
    """Memoises validation results of identical requests.

    openapi-core spends ~0.15 ms per *declared* parameter even when it is absent, so ``GET
    /zones`` (9 query parameters) costs ~3 ms.  Validation is a pure function of method, path,
    query, content type, which auth scheme is used (the credentials themselves are checked before)
    and body, so repeated identical requests (a fleet run asks for the same zone many times) reuse
    the verdict.  Bounded LRU; bodies over 64 KiB are never cached.
    """

    def __init__(self, api: OpenAPI, size: int = 4096):
        from collections import OrderedDict

        self.api = api
        self.size = size
        self.lock = threading.Lock()
        self.entries: "OrderedDict[tuple, List[str]]" = OrderedDict()
        self.hits = 0

    def validate(self, request: OpenAPIRequestAdapter, auth_form: str, query: str) -> List[str]:
        body = request.body or b""
        key = None
        if len(body) <= 65536:
            key = (request.method, request.path, query, request.content_type, auth_form, body)
            with self.lock:
                found = self.entries.get(key)
                if found is not None:
                    self.entries.move_to_end(key)
                    self.hits += 1
                    return list(found)
        problems = validate(self.api, request)
        if key is not None:
            with self.lock:
                self.entries[key] = list(problems)
                if len(self.entries) > self.size:
                    self.entries.popitem(last=False)
        return problems
