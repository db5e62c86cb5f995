"""Replace finds with typed placeholders such as ``[EMAIL]``, keeping counts for the manifest."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from clearance.curate.pii.model import PiiSpan, RedactionResult

DEFAULT_PLACEHOLDER = "[{KIND}]"
_BLOCK = 1 << 20


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


def redaction_pieces(text: str, spans: Iterable[PiiSpan], placeholder: str = DEFAULT_PLACEHOLDER) -> Iterator[str]:
    """The redacted text as consecutive pieces (kept text, placeholder, kept text...), for writers
    that stream a huge document to disk instead of building the whole redacted string."""
    check_placeholder(placeholder)
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
        if span.start > cursor:
            yield text[cursor : span.start]
        yield filled
        cursor = span.end
    if cursor < len(text) or not text:
        yield text[cursor:]


def apply_redaction(text: str, spans: Iterable[PiiSpan], placeholder: str = DEFAULT_PLACEHOLDER) -> RedactionResult:
    """Replace each span (sorted, non-overlapping, as ``find_pii`` returns them) by its placeholder.

    Memory: the result, plus about one more copy of it while it is assembled.
    """
    spans = list(spans)
    # Pieces are joined into blocks of about a megabyte as they come: on a 100 MB text with many
    # finds, millions of small string objects would otherwise cost more than the output itself.
    blocks: list[str] = []
    pieces: list[str] = []
    size = 0
    for piece in redaction_pieces(text, spans, placeholder):
        pieces.append(piece)
        size += len(piece)
        if size > _BLOCK:
            blocks.append("".join(pieces))
            pieces = []
            size = 0
    blocks.append("".join(pieces))
    del pieces
    counts = dict(sorted(Counter(span.kind for span in spans).items()))
    return RedactionResult(blocks[0] if len(blocks) == 1 else "".join(blocks), spans, counts)
