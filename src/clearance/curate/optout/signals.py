"""What the opt-out check reports: each signal found, and whether together they exclude the document."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SignalKind = Literal["robots", "tdmrep", "noai", "ai.txt", "content-usage", "user-list"]
AppliesTo = Literal["text", "images", "all"]

KINDS: tuple[str, ...] = ("robots", "tdmrep", "noai", "ai.txt", "content-usage", "user-list")
APPLIES_TO: tuple[str, ...] = ("text", "images", "all")


@dataclass(frozen=True, slots=True)
class Signal:
    """One expression of a wish that the document not be used for AI training.

    ``source`` says where it was found (``sites/example.com/robots.txt:12``, ``http header
    X-Robots-Tag``, ``html meta robots``, ``optout.toml:4``), ``detail`` what it said, and
    ``applies_to`` what it covers: ``all`` of the content, only ``images`` (``noimageai``, an ai.txt
    rule for image files), or only ``text``. A signal that covers only images is reported for a
    text document but does not opt it out.
    """

    kind: SignalKind
    source: str
    detail: str
    applies_to: AppliesTo = "all"

    def covers(self, media: str) -> bool:
        return self.applies_to == "all" or self.applies_to == media

    def to_json(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Signal:
        kind, applies_to = data.get("kind"), data.get("applies_to", "all")
        if kind not in KINDS or applies_to not in APPLIES_TO:
            raise ValueError(f"not an opt-out signal: {data!r}")
        return cls(kind, str(data.get("source", "")), str(data.get("detail", "")), applies_to)


@dataclass(slots=True)
class OptOutResult:
    """``opted_out``: some signal covers this document's kind of content (``media``)."""

    opted_out: bool
    signals: list[Signal] = field(default_factory=list)

    @classmethod
    def from_signals(cls, signals: list[Signal], media: str = "text") -> OptOutResult:
        return cls(any(s.covers(media) for s in signals), signals)

    def to_json(self) -> dict[str, Any]:
        return {"opted_out": self.opted_out, "signals": [s.to_json() for s in self.signals]}
