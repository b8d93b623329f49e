# -*- coding: utf-8 -*-
"""A scripted stand-in for ``requests.Session``, for tests of the client and the connection."""

from __future__ import annotations

import json


class FakeResponse(object):
    def __init__(self, status, body, headers=None):
        self.status_code = status
        self._body = body
        self.headers = headers or {}
        self.reason = "reason"
        self.text = json.dumps(body)

    def json(self):
        return self._body


class FakeSession(object):
    """Plays back a script of responses (or exceptions) and records each request."""

    def __init__(self, script):
        self.script = list(script)
        self.calls = []
        self.headers = {}
        self.verify = True

    def request(self, method, url, params=None, data=None, headers=None, timeout=None):
        self.calls.append({"method": method, "url": url, "params": params,
                           "body": json.loads(data) if data else None, "timeout": timeout})
        item = self.script.pop(0)
        if isinstance(item, Exception):
            raise item
        return item


class RawResponse(object):
    """A response whose body is the given text as is (an HTML page, a body cut short)."""

    def __init__(self, status, text, headers=None):
        self.status_code = status
        self.headers = headers or {}
        self.reason = "reason"
        self.text = text

    def json(self):
        return json.loads(self.text)
