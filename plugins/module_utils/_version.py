# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's name and version, as modules report them (User-Agent).

galaxy.yml holds the same version; tests/unit/plugins/module_utils/test_version.py fails when the two disagree.
"""

from __future__ import annotations

COLLECTION_NAME = "edgeops.cloudflare"
COLLECTION_VERSION = "0.1.0"
