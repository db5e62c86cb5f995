"""One document on its way through the stages, and the row it becomes in the manifest.

Dropped documents keep flowing (stages skip them) so that every input document, bad input
included, ends as exactly one manifest row that says why it is in or out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from clearance.documents import Document
from clearance.licenses import LicenseInfo

Decision = Literal["keep", "drop", "review"]

#: Why a document is out, one code per cause (the data card counts these).
DROP_CODES = ("bad-input", "too-large", "opt-out", "license", "license-unknown", "duplicate", "review")


@dataclass(slots=True)
class Item:
    """A document (or the bad input that could not become one) with everything decided about it."""

    id: str
    doc: Document | None  # None for bad input
    bytes: int = 0  # UTF-8 size of the original text
    location: str = ""  # file:line of the input, for bad input
    decision: Decision = "keep"
    drop_code: str | None = None
    reasons: list[str] = field(default_factory=list)
    license: LicenseInfo | None = None
    tier: str | None = None
    category: str | None = None
    opted_out: bool = False
    optout_signals: list[dict[str, Any]] = field(default_factory=list)
    pii_counts: dict[str, int] = field(default_factory=dict)
    content_hash: str | None = None
    copyright: str | None = None
    out_text: str | None = None  # the text written out (PII redacted), for kept documents

    @property
    def active(self) -> bool:
        """Still in the running: later stages look only at these."""
        return self.decision == "keep"

    def drop(self, code: str, reason: str, decision: Decision = "drop") -> None:
        self.decision = decision
        self.drop_code = code
        self.reasons.append(reason)
