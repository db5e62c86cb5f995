"""Payment identifiers: card numbers (IIN range, length, Luhn) and IBANs (country length, mod-97).

Cards are 13-19 digits written plain (16 digits, or 14-19 after a word such as "card" or "visa":
a bare number of another length is far more often a seed or an ID than a card) or in the
groupings issuers print: 4-4-4-4 (13 to 19 digits with a short last group), 4-6-5 (Amex) and
4-6-4 (Diners), separated all by spaces or all by hyphens. A number glued to more digits, letters,
or to a further group of four is part of something longer and is skipped. IBANs are upper case,
compact or in groups of four.
"""

from __future__ import annotations

import re

from clearance.curate.pii.checksums import IBAN_LENGTHS, card_valid, iban_valid
from clearance.curate.pii.model import PiiKind
from clearance.curate.pii.phones import inside_iban_groups

CARD = PiiKind.CREDIT_CARD.value
IBAN = PiiKind.IBAN.value

_CARD = re.compile(
    r"(?<![\w.\-/+])(?<!\d[ \-])"
    r"(?:\d{14,19}"
    r"|\d{4}(?P<s>[ \-])\d{4}(?P=s)\d{4}(?P=s)\d{1,4}(?:(?P=s)\d{3})?"
    r"|\d{4}(?P<a>[ \-])\d{6}(?P=a)\d{4,5})"
    r"(?![\w]|[\-/.]\d|[ \-]\d{4}(?!\d))",
    re.ASCII,
)
#: Per IBAN length: country, check digits, then the rest, each character optionally after a space.
_IBAN_OF_LENGTH = {
    n: re.compile(rf"[A-Z]{{2}}\d\d(?: ?[A-Z0-9]){{{n - 4}}}", re.ASCII) for n in set(IBAN_LENGTHS.values())
}


#: Words that make a bare digit string of unusual length worth checking as a card.
_CARD_CONTEXT = re.compile(r"card|visa|master|amex|credit|debit|\bcc|pan\b|payment", re.ASCII | re.IGNORECASE)


def card_shaped(view: bytes, start: int, end: int) -> bool:
    """Can the run ``view[start:end]`` of the digit view hold a card: 14 digits in a row, or two
    groups of four? A C-speed test that spares most runs of a number table the regex."""
    return (
        view.find(b"00000000000000", start, end) >= 0
        or view.find(b"0000 0000", start, end) >= 0
        or view.find(b"0000-0000", start, end) >= 0
    )


def find_cards_in_run(text: str, start: int, end: int, out: list[tuple[int, int, str, str]]) -> None:
    """Card numbers in ``text[start:end]``, a run of digits and separators (plus a little context)."""
    for m in _CARD.finditer(text, start, end):
        s = m.group()
        digits = s.replace(" ", "").replace("-", "")
        brand = card_valid(digits)
        if brand is None or inside_iban_groups(text, m.start()):
            continue
        # One random integer in ten passes Luhn: a bare 15- or 19-digit number (a seed, an ID) needs a
        # card word nearby; bare 16 digits with a card prefix and a valid Luhn digit stand alone.
        if len(s) == len(digits) != 16 and not _CARD_CONTEXT.search(text, max(0, m.start() - 40), m.start()):
            continue
        out.append((m.start(), m.end(), CARD, brand))


def find_iban_at(text: str, p: int, out: list[tuple[int, int, str, str]]) -> None:
    """An IBAN starting at ``p``, where the scanner saw two capitals and two digits."""
    if p > 0 and text[p - 1].isalnum():
        return
    length = IBAN_LENGTHS.get(text[p : p + 2])
    if length is None:
        return
    # Exactly the country's length of characters; what follows must end the group.
    m = _IBAN_OF_LENGTH[length].match(text, p)
    if m is None:
        return
    stop = m.end()
    if stop < len(text) and text[stop].isalnum():
        return
    if iban_valid(m.group().replace(" ", "")):
        out.append((p, stop, IBAN, text[p : p + 2]))
