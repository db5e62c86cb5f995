"""TDMRep, the W3C TDM Reservation Protocol (a W3C Community Group Final Report, May 2024; not a W3C Standard).

A rightsholder reserves text-and-data-mining rights (the EU DSM Directive's Article 4 opt-out)
with ``tdm-reservation: 1``, in an HTTP header, an HTML ``<meta name="tdm-reservation">``, or
``/.well-known/tdmrep.json``: an array of ``{"location": pattern, "tdm-reservation": 0|1,
"tdm-policy": url}`` rules whose locations are robots.txt-style path patterns, the first matching
rule applying. In headers and meta tags a value other than ``0`` or ``1`` is a protocol error that
the spec says to treat as unset; in ``tdmrep.json``, which is a file supplied with the corpus, a
malformed rule is an ``InputError`` naming its line, so that a typo cannot silently un-reserve a
site.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from clearance.curate.optout.patterns import PathPattern, compile_pattern
from clearance.io import InputError

MAX_BYTES = 16 << 20


def reservation_value(value: str | None) -> int | None:
    """``1`` (reserved), ``0`` (not reserved) or None (unset or a protocol error)."""
    if value is None:
        return None
    value = value.strip().strip('"')
    return int(value) if value in ("0", "1") else None


@dataclass(frozen=True, slots=True)
class TdmRule:
    pattern: PathPattern
    reservation: int
    policy: str | None
    line: int


class TdmRepFile:
    """A parsed ``tdmrep.json``; ``source`` names it in signals."""

    def __init__(self, source: str, rules: list[TdmRule]) -> None:
        self.source = source
        self.rules = rules

    def rule_for(self, path: str) -> TdmRule | None:
        """The first rule whose location matches ``path`` (a normalized path), in file order."""
        for rule in self.rules:
            if rule.pattern.matches(path):
                return rule
        return None


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def parse_tdmrep(data: bytes | str, source: str) -> TdmRepFile:
    """Parse ``tdmrep.json`` content, every rule checked; mistakes are ``InputError(source, line, ...)``."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise InputError(source, None, f"{len(data)} bytes: too large for tdmrep.json (limit {MAX_BYTES})")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(source, data.count(b"\n", 0, exc.start) + 1, "not UTF-8") from None
    else:
        text = data

    def line_at(i: int) -> int:
        return text.count("\n", 0, i) + 1

    decoder = json.JSONDecoder()
    i = _skip_space(text, 0)
    if i == len(text) or text[i] != "[":
        raise InputError(source, line_at(i), "expected a JSON array of rules ([{\"location\": ..., ...}])")
    i = _skip_space(text, i + 1)
    rules: list[TdmRule] = []
    if i < len(text) and text[i] == "]":
        i += 1
    else:
        while True:
            start = i
            try:
                item, i = decoder.raw_decode(text, i)
            except json.JSONDecodeError as exc:
                raise InputError(source, exc.lineno, f"not valid JSON: {exc.msg}") from None
            rules.append(_rule(item, source, line_at(start)))
            i = _skip_space(text, i)
            if i < len(text) and text[i] == ",":
                i = _skip_space(text, i + 1)
                continue
            if i < len(text) and text[i] == "]":
                i += 1
                break
            raise InputError(source, line_at(i), "expected ',' or ']' after a rule")
    i = _skip_space(text, i)
    if i != len(text):
        raise InputError(source, line_at(i), "unexpected text after the array")
    return TdmRepFile(source, rules)


def _rule(item: object, source: str, line: int) -> TdmRule:
    if not isinstance(item, dict):
        raise InputError(source, line, f"a rule must be a JSON object, not {type(item).__name__}")
    location = item.get("location")
    if not isinstance(location, str) or not location.strip().startswith(("/", "*")):
        raise InputError(source, line, f"'location' must be a path pattern starting with '/', got {location!r}")
    reservation = item.get("tdm-reservation")
    if isinstance(reservation, str) and reservation.strip() in ("0", "1"):
        reservation = int(reservation)
    if isinstance(reservation, bool) or reservation not in (0, 1):
        raise InputError(source, line, f"'tdm-reservation' must be 0 or 1, got {reservation!r}")
    policy = item.get("tdm-policy")
    if policy is not None and not isinstance(policy, str):
        raise InputError(source, line, f"'tdm-policy' must be a URL string, got {policy!r}")
    return TdmRule(compile_pattern(location), int(reservation), policy or None, line)


def read_tdmrep(path: Path, source: str | None = None) -> TdmRepFile:
    name = source or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(name, None, f"cannot read: {exc.strerror or exc}") from None
    return parse_tdmrep(data, name)
