"""PII detection and redaction for the curate pipeline: e-mails, phone numbers, IP addresses,
payment cards (Luhn), IBANs (mod-97), and secrets (API keys, tokens, private keys, passwords).

Per document::

    from clearance.curate.pii import find_pii, redact

    spans = find_pii(text)                       # [PiiSpan(start, end, kind, text, subtype)]
    result = redact(text, kinds={"EMAIL", "SECRET"}, placeholder="[{KIND}]")
    result.text, result.spans, result.counts     # counts: {"EMAIL": 2, "SECRET": 1}

For many documents with the same settings build one ``PiiScanner`` and call its ``find`` and
``redact`` methods. Offsets are ``str`` indices into the original text, end-exclusive. To write a
huge document without building its redacted copy in memory, stream
``redaction_pieces(text, scanner.find(text))`` to the output file.
"""

from __future__ import annotations

from functools import lru_cache

from clearance.curate.pii.model import ALL_KINDS, PRECEDENCE, PiiKind, PiiSpan, RedactionResult, normalize_kinds
from clearance.curate.pii.redact import DEFAULT_PLACEHOLDER, apply_redaction, check_placeholder, redaction_pieces
from clearance.curate.pii.scanner import PiiScanner as _Scanner


class PiiScanner(_Scanner):
    """``find(text)`` and ``redact(text, placeholder)`` with fixed kinds and options."""

    def redact(self, text: str, placeholder: str = DEFAULT_PLACEHOLDER) -> RedactionResult:
        check_placeholder(placeholder)
        return apply_redaction(text, self.find(text), placeholder)


@lru_cache(maxsize=64)
def _scanner(kinds: frozenset[str]) -> PiiScanner:
    return PiiScanner(kinds)


def find_pii(text: str, kinds: object = None) -> list[PiiSpan]:
    """Non-overlapping PII spans of ``text`` (all kinds, or those named in ``kinds``), by position."""
    return _scanner(normalize_kinds(kinds)).find(text)


def redact(text: str, kinds: object = None, placeholder: str = DEFAULT_PLACEHOLDER) -> RedactionResult:
    """``text`` with each find replaced by ``placeholder`` (``{KIND}`` becomes ``EMAIL``, ...)."""
    check_placeholder(placeholder)
    return _scanner(normalize_kinds(kinds)).redact(text, placeholder)


__all__ = [
    "ALL_KINDS",
    "DEFAULT_PLACEHOLDER",
    "PRECEDENCE",
    "PiiKind",
    "PiiScanner",
    "PiiSpan",
    "RedactionResult",
    "apply_redaction",
    "find_pii",
    "redact",
    "redaction_pieces",
]
