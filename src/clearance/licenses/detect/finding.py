"""One piece of license evidence, as readers attach it to a document and ``resolve`` weighs it.

Findings travel through Parquet between pipeline stages, so their JSON form is the contract:
``Finding.from_json(f.to_json()) == f`` and a malformed dict is refused with the field named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: What a finding can come from, strongest evidence first (``resolve`` uses this order to break ties).
KINDS = ("stated", "license-file", "spdx-header", "package-metadata", "json-ld", "link-rel", "meta-tag",
         "url", "footer", "body-text")

#: What part of a document a finding licenses: its text, only an embedded image, or the whole page.
COVERS = ("text", "image", "page")

#: "All rights reserved": a reservation, not a license; beside a license it is dropped.
ALL_RIGHTS_RESERVED = "LicenseRef-All-Rights-Reserved"

#: Longest snippet kept: evidence to show a reviewer, not a copy of the license.
MAX_SNIPPET = 200


def clip(snippet: str, limit: int = MAX_SNIPPET) -> str:
    """A snippet on one line, cut at ``limit`` characters with an ellipsis."""
    flat = " ".join(snippet.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


#: The end of ``where`` for a statement found on one line of a file.
_WHERE_LINE = re.compile(r" line (\d+)$")


@dataclass(frozen=True, slots=True)
class Finding:
    """A license found somewhere (file, header, meta tag ...): what, where, how sure, what it covers."""

    spdx: str
    kind: str
    where: str
    snippet: str = ""
    confidence: float = 1.0
    covers: str = "text"

    def __post_init__(self) -> None:
        if not self.spdx or not self.spdx.strip():
            raise ValueError("finding: spdx is empty")
        if self.kind not in KINDS:
            raise ValueError(f"finding: kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.covers not in COVERS:
            raise ValueError(f"finding: covers {self.covers!r} is not one of {', '.join(COVERS)}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"finding: confidence {self.confidence!r} is outside 0..1")

    @property
    def line(self) -> int | None:
        """The line of a statement found on one line (``where`` ends with " line N"), else None."""
        found = _WHERE_LINE.search(self.where)
        return int(found[1]) if found else None

    def to_json(self) -> dict[str, Any]:
        return {"spdx": self.spdx, "kind": self.kind, "where": self.where, "snippet": self.snippet,
                "confidence": self.confidence, "covers": self.covers}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Finding:
        """The finding a ``to_json`` dict describes; ValueError naming the field when it is malformed."""
        problem = _json_problem(data)
        if problem:
            raise ValueError(f"finding: {problem}")
        return cls(data["spdx"], data["kind"], data["where"], data.get("snippet", ""),
                   float(data.get("confidence", 1.0)), data.get("covers", "text"))


def without_bare_reservation(findings: list[Finding]) -> list[Finding]:
    """Findings less "All rights reserved" when a license was found too: beside a license it is part of that
    license's notice."""
    licenses = [f for f in findings if f.spdx != ALL_RIGHTS_RESERVED]
    return licenses or findings


def _json_problem(data: object) -> str | None:
    """What is wrong with a finding's JSON form, or None."""
    if not isinstance(data, dict):
        return f"expected an object, got {type(data).__name__}"
    for name in ("spdx", "kind", "where"):
        if not isinstance(data.get(name), str):
            return f"field {name!r} must be a string, got {data.get(name)!r}"
    for name in ("snippet", "covers"):
        if not isinstance(data.get(name, ""), str):
            return f"field {name!r} must be a string, got {data.get(name)!r}"
    confidence = data.get("confidence", 1.0)
    if isinstance(confidence, bool) or not isinstance(confidence, int | float):
        return f"field 'confidence' must be a number, got {confidence!r}"
    return None
