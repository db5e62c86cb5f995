"""Licenses a reference text itself names: the GPL-2.0 text mentions the Library GPL, so seeing the
Library GPL beside a full GPL-2.0 text is no evidence of a second license."""

from __future__ import annotations

from functools import lru_cache

from clearance.licenses.detect.ids import license_keys
from clearance.licenses.detect.mentions import find_mentions
from clearance.licenses.detect.reference import reference_text


@lru_cache(maxsize=256)
def quoted_by(spdx: str) -> frozenset[str]:
    """License keys (lower case) the reference text of ``spdx`` mentions; empty when none ships."""
    text = reference_text(spdx)
    return frozenset(k for f in find_mentions(text, spdx) for k in license_keys(f.spdx)) if text else frozenset()
