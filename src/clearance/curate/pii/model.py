"""What a PII finder returns: typed spans over the original text, and the result of redacting them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class PiiKind(StrEnum):
    """The kinds of personal data and secrets found; the value is the placeholder's name."""

    SECRET = "SECRET"
    IBAN = "IBAN"
    CREDIT_CARD = "CREDIT_CARD"
    EMAIL = "EMAIL"
    IP_ADDRESS = "IP_ADDRESS"
    PHONE = "PHONE"


#: When two finds overlap, the kind listed first wins (then the longer span, then the earlier one).
#: Secrets first: a key or a private-key block may contain anything, digits and '@' included. An IBAN
#: or a card is checksum-validated, so it beats the weaker shapes (an e-mail, an IP, a phone) that
#: its digits could also form.
PRECEDENCE: tuple[PiiKind, ...] = (
    PiiKind.SECRET,
    PiiKind.IBAN,
    PiiKind.CREDIT_CARD,
    PiiKind.EMAIL,
    PiiKind.IP_ADDRESS,
    PiiKind.PHONE,
)
RANK: dict[str, int] = {kind.value: rank for rank, kind in enumerate(PRECEDENCE)}
#: Subtypes found by context rather than by format: on the very same span, a format-specific
#: subtype (``aws_access_key_id``) is the better label than ``assignment``.
GENERIC_SUBTYPES: frozenset[str] = frozenset({"assignment", "bearer_token", "keyword"})
ALL_KINDS: frozenset[str] = frozenset(RANK)


@dataclass(frozen=True, slots=True)
class PiiSpan:
    """One find: ``text[start:end]`` (str offsets, end-exclusive) is personal data of ``kind``.

    ``subtype`` says which rule found it (``ipv6``, ``visa``, ``github_token``, ...), for reports
    and for users who want to keep some subtypes.
    """

    start: int
    end: int
    kind: str
    text: str
    subtype: str = ""

    def to_dict(self) -> dict[str, int | str]:
        return {"start": self.start, "end": self.end, "kind": self.kind, "subtype": self.subtype, "text": self.text}


@dataclass(frozen=True, slots=True)
class RedactionResult:
    """The redacted text, the spans replaced (offsets into the *original* text) and counts per kind."""

    text: str
    spans: list[PiiSpan]
    counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self, include_text: bool = True) -> dict[str, object]:
        # The spans' own text is the personal data: a manifest wants counts and offsets, not that.
        spans = [{"start": s.start, "end": s.end, "kind": s.kind, "subtype": s.subtype} for s in self.spans]
        out: dict[str, object] = {"spans": spans, "counts": dict(self.counts)}
        if include_text:
            out["text"] = self.text
        return out


def normalize_kinds(kinds: object) -> frozenset[str]:
    """``None`` means every kind; otherwise names (any case) or ``PiiKind`` members, checked."""
    if kinds is None:
        return ALL_KINDS
    if isinstance(kinds, str):
        kinds = [kinds]
    try:
        names = [str(k).upper() for k in kinds]  # type: ignore[attr-defined]
    except TypeError:
        raise TypeError(f"kinds must be None or an iterable of kind names, not {type(kinds).__name__}") from None
    unknown = sorted(set(names) - ALL_KINDS)
    if unknown:
        raise ValueError(f"unknown PII kind(s) {', '.join(unknown)}; known: {', '.join(k.value for k in PRECEDENCE)}")
    return frozenset(names)
