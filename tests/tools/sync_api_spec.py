#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Take a newer extract of Cloudflare's OpenAPI subset into the project (``make sync-api-spec``).

The project keeps its own copy in ``tools/emulator/openapi-subset.json``; this script is the one
documented way to refresh it. It refuses a file that is not an OpenAPI 3 document carrying
``info.x-subset-fixups`` (the list of corrections made to Cloudflare's schema), copies it in, and
prints which operations were added or removed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET = os.path.join(os.path.dirname(os.path.dirname(HERE)), "tools", "emulator", "openapi-subset.json")
METHODS = ("get", "put", "post", "patch", "delete")


def operations(document: dict) -> set[str]:
    return {"%s %s" % (method.upper(), path)
            for path, item in document.get("paths", {}).items()
            for method in METHODS if method in item}


def load(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    if not str(document.get("openapi", "")).startswith("3."):
        raise SystemExit("sync-api-spec: %s is not an OpenAPI 3 document" % path)
    if not document.get("info", {}).get("x-subset-fixups"):
        raise SystemExit("sync-api-spec: %s has no info.x-subset-fixups; it is not the corrected subset" % path)
    return document


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="path of the new openapi-subset.json")
    args = parser.parse_args(argv)
    new = load(args.source)
    old = load(TARGET) if os.path.exists(TARGET) else {}
    added, removed = operations(new) - operations(old), operations(old) - operations(new)
    shutil.copyfile(args.source, TARGET)
    print("sync-api-spec: %s <- %s (%d operations, %d fix-ups)"
          % (os.path.relpath(TARGET), args.source, len(operations(new)), len(new["info"]["x-subset-fixups"])))
    for op in sorted(added):
        print("  + " + op)
    for op in sorted(removed):
        print("  - " + op)
    return 0


if __name__ == "__main__":
    sys.exit(main())
