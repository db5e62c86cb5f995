"""IETF AI-preference expressions (``Content-Usage``) and Cloudflare's ``Content-Signal``.

Followed: draft-ietf-aipref-vocab (the working group's copy at draft -05, December 2025) and
draft-ietf-aipref-attach-05 (August 2026), both Internet-Drafts, not RFCs. An expression is an
RFC 9651 Structured Field Dictionary whose keys are usage categories and whose values are the
tokens ``y`` (allow) or ``n`` (disallow): ``train-ai=n, search=y``. Anything else (a missing key,
a string ``"n"``, ``no``) leaves that category unknown, unknown keys and parameters are ignored, a
duplicated key keeps its last value, and an expression that does not parse (upper-case keys
included) says nothing at all. When several expressions apply, a single ``n`` wins (vocab
section "Combining Preferences").

Categories read: ``train-ai`` (AI Training), ``ai-use``, ``search``, and from earlier drafts still
seen on sites ``train-genai`` (Generative AI Training, -01 to -03) and ``bots`` (Automated
Processing, the parent of training in -01 to -03, consulted only when neither training key is
set). A document is opted out of training when ``train-ai`` or ``train-genai`` is ``n``.

``Content-Signal`` (Cloudflare's robots.txt line, described in draft-romm-aipref-contentsignals-00)
uses ``yes``/``no`` values and the keys ``ai-train``, ``ai-input``, ``search``; ``ai-train=no``
opts out of training.
"""

from __future__ import annotations

import re

TRAINING_KEYS = ("train-ai", "train-genai")
LEGACY_PARENT = "bots"

_KEY = re.compile(r"[a-z*][a-z0-9_\-.*]*")
_TOKEN = re.compile(r"[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*")
_NUMBER = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,3})?")
_STRING = re.compile(r'"((?:[^"\\\x00-\x1f\x7f-\uffff]|\\["\\])*)"')
_BYTES = re.compile(r":[A-Za-z0-9+/=]*:")
_BOOLEAN = re.compile(r"\?[01]")
_DATE = re.compile(r"@-?[0-9]{1,15}")


class ParseError(ValueError):
    """The text is not a Structured Field Dictionary."""


class _Parser:
    """RFC 9651 section 4.2 for Dictionaries, keeping Tokens and knowing the other item types only
    well enough to step over them (their values never express a preference)."""

    def __init__(self, text: str) -> None:
        self.s = text.strip(" \t")
        self.i = 0

    def dictionary(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        s = self.s
        while self.i < len(s):
            key = self._match(_KEY, "a lower-case key")
            if self.i < len(s) and s[self.i] == "=":
                self.i += 1
                value = self._inner_list() if self.i < len(s) and s[self.i] == "(" else self._bare_item()
            else:
                value = None  # Boolean true: not a preference
            self._parameters()
            out.pop(key, None)
            out[key] = value
            self._spaces()
            if self.i == len(s):
                return out
            if s[self.i] != ",":
                raise ParseError(f"expected ',' at {self.i + 1}")
            self.i += 1
            self._spaces()
            if self.i == len(s):
                raise ParseError("trailing ','")
        return out

    def _spaces(self) -> None:
        while self.i < len(self.s) and self.s[self.i] in " \t":
            self.i += 1

    def _match(self, pattern: re.Pattern[str], what: str) -> str:
        m = pattern.match(self.s, self.i)
        if m is None:
            raise ParseError(f"expected {what} at {self.i + 1}")
        self.i = m.end()
        return m.group(0)

    def _bare_item(self) -> str | None:
        """The token's text for a Token; None for any other item type."""
        if self.i >= len(self.s):
            raise ParseError("missing value")
        ch = self.s[self.i]
        if ch.isalpha() or ch == "*":
            return self._match(_TOKEN, "a token")
        for pattern, what in ((_NUMBER, "a number"), (_STRING, "a string"), (_BYTES, "a byte sequence"),
                              (_BOOLEAN, "a boolean"), (_DATE, "a date")):
            if pattern.match(self.s, self.i):
                self._match(pattern, what)
                return None
        raise ParseError(f"unexpected {ch!r} at {self.i + 1}")

    def _inner_list(self) -> None:
        self.i += 1  # "("
        while True:
            while self.i < len(self.s) and self.s[self.i] == " ":
                self.i += 1
            if self.i >= len(self.s):
                raise ParseError("unterminated inner list")
            if self.s[self.i] == ")":
                self.i += 1
                return
            self._bare_item()
            self._parameters()
            if self.i < len(self.s) and self.s[self.i] not in " )":
                raise ParseError(f"expected ' ' or ')' at {self.i + 1}")

    def _parameters(self) -> None:
        while self.i < len(self.s) and self.s[self.i] == ";":
            self.i += 1
            while self.i < len(self.s) and self.s[self.i] == " ":
                self.i += 1
            self._match(_KEY, "a parameter key")
            if self.i < len(self.s) and self.s[self.i] == "=":
                self.i += 1
                self._bare_item()


def parse_dictionary(text: str) -> dict[str, str | None]:
    """Keys to Token values (None for values of other types); ``ParseError`` if it does not parse."""
    return _Parser(text).dictionary()


def usage_preferences(text: str) -> dict[str, bool]:
    """Explicit preferences of one ``Content-Usage`` expression: category -> allowed. Empty if none
    parse (an unparseable expression states no preference, as the vocabulary draft says)."""
    try:
        items = parse_dictionary(text)
    except ParseError:
        return {}
    return {key: value == "y" for key, value in items.items() if value in ("y", "n")}


def refuses_training(preferences: dict[str, bool]) -> str | None:
    """The ``key=n`` that refuses AI training, or None. Training keys first; ``bots`` only if neither is set."""
    for key in TRAINING_KEYS:
        if preferences.get(key) is False:
            return f"{key}=n"
    if not any(key in preferences for key in TRAINING_KEYS) and preferences.get(LEGACY_PARENT) is False:
        return f"{LEGACY_PARENT}=n"
    return None


def content_signal_refuses_training(text: str) -> str | None:
    """``ai-train=no`` in a Cloudflare ``Content-Signal`` value, else None."""
    try:
        items = parse_dictionary(text.lower())
    except ParseError:
        return None
    return "ai-train=no" if items.get("ai-train") == "no" else None
