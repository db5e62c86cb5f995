"""Replace finds with typed placeholders such as ``[EMAIL]``, keeping counts for the manifest."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from clearance.curate.pii.model import PiiSpan, RedactionResult

DEFAULT_PLACEHOLDER = "[{KIND}]"


def check_placeholder(placeholder: str) -> None:
    """Fail early, with the reason, on a placeholder that cannot be filled."""
    if not isinstance(placeholder, str):
        raise TypeError(f"placeholder must be a str, not {type(placeholder).__name__}")
    try:
        placeholder.format(KIND="EMAIL", kind="email", SUBTYPE="", subtype="")
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(
            f"bad placeholder {placeholder!r}: use {{KIND}}, {{kind}}, {{SUBTYPE}} or {{subtype}} ({exc})"
        ) from None


def apply_redaction(text: str, spans: Iterable[PiiSpan], placeholder: str = DEFAULT_PLACEHOLDER) -> RedactionResult:
    """Replace each span (sorted, non-overlapping, as ``find_pii`` returns them) by its placeholder."""
    check_placeholder(placeholder)
    spans = list(spans)
    pieces: list[str] = []
    cursor = 0
    cache: dict[tuple[str, str], str] = {}
    for span in spans:
        if span.start < cursor or span.end > len(text):
            raise ValueError(f"spans must be sorted, disjoint and inside the text; got {span.start}-{span.end}")
        key = (span.kind, span.subtype)
        filled = cache.get(key)
        if filled is None:
            filled = placeholder.format(
                KIND=span.kind, kind=span.kind.lower(), SUBTYPE=span.subtype.upper(), subtype=span.subtype
            )
            cache[key] = filled
        pieces.append(text[cursor : span.start])
        pieces.append(filled)
        cursor = span.end
    pieces.append(text[cursor:])
    counts = dict(sorted(Counter(span.kind for span in spans).items()))
    return RedactionResult("".join(pieces), spans, counts)
