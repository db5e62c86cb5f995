"""Phone numbers by shape: international (``+CC`` or ``00CC``), North American, trunk-``0`` national
formats, and any 7-15 digit number right after a word like "Phone:".

A phone number is told apart from the many other digit strings in text (dates, versions, ISBNs,
prices, IDs, tables) by its *grouping*, never by digit count alone:

* international: a valid ITU country code after ``+`` or ``00``, then a national number of that
  country's length (E.164: 15 digits at most);
* North American: ``(415) 555-2671``, ``415-555-2671``, ``415.555.2671``, optionally after ``1-``;
  area code and exchange start with 2-9 and are not N11 service codes; the two separators agree.
  Space-only ``415 555 2671`` needs a ``+1`` or a keyword (it is how number tables look);
* trunk national: ``020 7946 0958``, ``(02) 9876 5432``, ``030/901820``, ``06 12 34 56 78``:
  a leading ``0`` then a non-zero digit, 9 to 12 digits in all, the later separators all alike;
* keyword: after ``phone``, ``tel``, ``mobile``, ``fax``, ``call``... with an optional ``no.``/``:``,
  any 7-15 digits, separators or not.

Always rejected: a date in front (``05.06.2023``), an ISBN label before it, fewer than four
distinct digits (``0000 0000``, ``0104 140 014``: table filler), seven digits counting up or down
(``(555) 123-4567``, ``098-765-432``: placeholders), a ZIP+4 code (``02138-4307``),
digits glued to letters or to more digits, and the digit groups of an IBAN-shaped string.
Not detected (documented): national numbers without a leading 0 or a keyword (many European
mobile formats written without the trunk prefix), vanity numbers (``1-800-FLOWERS``), non-ASCII
digits and separators other than space, ``-``, ``.``, ``/`` and parentheses.
"""

from __future__ import annotations

import re

from clearance.curate.pii.model import PiiKind

PHONE = PiiKind.PHONE.value

#: ITU-T E.164 country calling codes. They form a prefix code: no code is a prefix of another, so
#: the code of ``+4420...`` is found by trying 1, 2, then 3 leading digits.
COUNTRY_CODES: frozenset[str] = frozenset(
    """
        1 7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64
        65 66 81 82 84 86 90 91 92 93 94 95 98 211 212 213 216 218 220 221 222 223 224 225 226 227 228
        229 230 231 232 233 234 235 236 237 238 239 240 241 242 243 244 245 246 247 248 249 250 251 252
        253 254 255 256 257 258 260 261 262 263 264 265 266 267 268 269 290 291 297 298 299 350 351 352
        353 354 355 356 357 358 359 370 371 372 373 374 375 376 377 378 379 380 381 382 383 385 386 387
        389 420 421 423 500 501 502 503 504 505 506 507 508 509 590 591 592 593 594 595 596 597 598 599
        670 672 673 674 675 676 677 678 679 680 681 682 683 685 686 687 688 689 690 691 692 800 808 850
        852 853 855 856 870 878 880 881 882 883 886 888 960 961 962 963 964 965 966 967 968 970 971 972
        973 974 975 976 977 979 992 993 994 995 996 998
        """.split()  # noqa: SIM905
)

#: National significant number lengths (digits after the country code) where the plan is fixed or
#: narrow; other countries get ``_DEFAULT_NSN``.
_NSN_LENGTHS: dict[str, tuple[int, int]] = {
    "1": (10, 10), "7": (10, 10), "20": (8, 10), "27": (9, 9), "30": (10, 10), "31": (9, 9),
    "32": (8, 9), "33": (9, 9), "34": (9, 9), "36": (8, 9), "39": (6, 11), "40": (9, 9),
    "41": (9, 9), "43": (4, 13), "44": (9, 10), "45": (8, 8), "46": (7, 13), "47": (8, 8),
    "48": (9, 9), "49": (6, 13), "52": (10, 10), "55": (10, 11), "61": (9, 9), "62": (8, 12),
    "63": (8, 10), "64": (8, 10), "65": (8, 8), "81": (9, 10), "82": (8, 10), "84": (9, 10),
    "86": (8, 11), "90": (10, 10), "91": (10, 10), "92": (9, 10), "351": (9, 9), "353": (7, 9),
    "358": (5, 12), "380": (9, 9), "420": (9, 9), "852": (8, 8), "972": (8, 9), "971": (8, 9),
}  # fmt: skip
_DEFAULT_NSN = (6, 12)

# Groups are maximal (possessive ``\d++``), so a digit string splits into groups in one way only
# and a failed match cannot backtrack through exponentially many splits.
_INTL = re.compile(
    r"(?<![\w+)\]])(?<!\d[ \-./])(?:\+|(?<!\d)00)[ ]?"
    r"(?P<body>\d++(?:[ .\-]?(?:\(\d{1,5}\)|\d++)){0,7}+)"
    r"(?![\w])",
    re.ASCII,
)
_GROUP = re.compile(r"\((\d+)\)|(\d+)", re.ASCII)

_NANP = re.compile(
    r"(?<![\w+.\-/()])(?<!\d[ \-./])(?:1[ .\-])?"
    r"(?:\((?P<a1>[2-9]\d\d)\)[ ]?|(?P<a2>[2-9]\d\d)(?P<s1>[.\-]))"
    r"(?P<ex>[2-9]\d\d)(?P<s2>[.\-])\d{4}"
    r"(?![\w]|[.\-/]\d)",
    re.ASCII,
)

_TRUNK = re.compile(
    r"(?<![\w+.\-/()])(?<!\d[ \-./])(?:\(0[1-9]\d{0,4}\)[ ]?|0[1-9]\d{0,4}[ \-/.])"
    r"\d{2,8}+(?:(?P<sep>[ \-.])\d{2,8}+(?:(?P=sep)\d{2,8}+){0,3}+)?+"
    r"(?![\w]|[.\-/]\d)",
    re.ASCII,
)

_KEYWORD_BEFORE = re.compile(
    r"(?:phone|telephone|tel|mobile|mob|cell|cellphone|fax|call|whatsapp|sms|hotline)"
    r"(?:[ .]?(?:no|nr|num|number|#))?[\"']?[ .]*[:#=]?[ ]*[\"']?$",
    re.ASCII | re.IGNORECASE,
)
_KEYWORD_HINT = re.compile("tel|phone|mob|cell|fax|call|whatsapp|sms|hotline")
_LOOSE = re.compile(r"\+?(?:\(\d{1,5}\)[ ]?)?\d[\d \-./]{5,20}\d(?![\w]|[.\-]\d)", re.ASCII)
_DATE_PREFIX = re.compile(
    r"\(?(?:(?P<d>\d{1,2})[./\-](?P<m>\d{1,2})[./\-](?P<y>\d{4}|\d{2})|(?P<y2>\d{4})[./\-](?P<m2>\d{1,2})[./\-](?P<d2>\d{1,2}))(?!\d)",
    re.ASCII,
)
_NON_DIGITS = re.compile(r"\D+", re.ASCII)


def _digits(s: str) -> str:
    return _NON_DIGITS.sub("", s)


def _starts_with_date(s: str, groups: int) -> bool:
    """``05.06.2023`` or ``2023-06-05`` in front; a 2-digit year counts only for 3-group strings
    (``06.12.34.56.78`` is a French number, ``06.12.34`` a date)."""
    m = _DATE_PREFIX.match(s)
    if not m:
        return False
    if m.group("y2"):
        return 1 <= int(m.group("m2")) <= 12 and 1 <= int(m.group("d2")) <= 31
    day, month, year = int(m.group("d")), int(m.group("m")), m.group("y")
    plausible = (1 <= day <= 31 and 1 <= month <= 12) or (1 <= month <= 31 and 1 <= day <= 12)
    return plausible and (len(year) == 4 or groups == 3)


#: ``02138-4307`` is a US ZIP+4 code (New England ZIPs start with 0) before it is a phone number.
_ZIP_PLUS_4 = re.compile(r"0\d{4}-\d{4}", re.ASCII)
#: The groups of an IBAN-like string before a candidate: "IE73 DXHL 0983 5967 7330 27" (a mistyped
#: IBAN, failing its checksum) must not yield the phone number "0983 5967 7330".
IBAN_GROUPS_BEFORE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d\d(?: [A-Z0-9]{4}){0,7} $", re.ASCII)


def inside_iban_groups(text: str, start: int) -> bool:
    """Is ``start`` right after the leading 4-character groups of an IBAN-shaped string?"""
    return start >= 5 and text[start - 1] == " " and bool(IBAN_GROUPS_BEFORE.search(text, max(0, start - 41), start))


_ASCENDING = "0123456789" * 2
_DESCENDING = "9876543210" * 2


def _varied(digits: str, distinct: int = 4) -> bool:
    """Enough distinct digits, and no placeholder run such as 1234567 or 9876543 (``(555) 123-4567``,
    ``098-765-432`` build IDs): six steps up or down in a row are almost never in a real number."""
    if len(set(digits)) < distinct:
        return False
    return not any(digits[i : i + 7] in _ASCENDING or digits[i : i + 7] in _DESCENDING for i in range(len(digits) - 6))


def country_code(digits: str) -> str | None:
    """The E.164 country code that ``digits`` (what follows ``+``) starts with, if any."""
    for width in (1, 2, 3):
        if digits[:width] in COUNTRY_CODES:
            return digits[:width]
    return None


def valid_national(cc: str, nsn: str) -> bool:
    """Is ``nsn`` a plausible national number for country ``cc``?"""
    low, high = _NSN_LENGTHS.get(cc, _DEFAULT_NSN)
    if not (low <= len(nsn) <= high) or len(cc) + len(nsn) > 15:
        return False
    if cc == "1":
        return _nanp_valid(nsn[:3], nsn[3:6])
    return _varied(nsn, 3)  # a "+" says phone already; only filler like +44 0000 000000 is rejected


def _nanp_valid(area: str, exchange: str) -> bool:
    return area[0] in "23456789" and exchange[0] in "23456789" and area[1:] != "11" and exchange[1:] != "11"


def _international(text: str, start: int, end: int, out: list[tuple[int, int, str, str]]) -> None:
    for m in _INTL.finditer(text, start, end):
        body_start = m.start("body")
        if text[m.start()] == "0" and text[body_start : m.end()].isdigit():
            continue  # "0056111009691096": a plain number, not 00 + country code
        # A trunk "(0)" after the country code is dialled only nationally: "+44 (0)20 7946 0958".
        groups = [
            (g.end(), g.group(1) or g.group(2)) for g in _GROUP.finditer(text, body_start, m.end()) if g.group(1) != "0"
        ]
        if sum(len(g[1]) for g in groups) > 24:
            continue
        # The country code is the start of the first group ("002-4810662" is not +248).
        cc = country_code(groups[0][1]) if groups else None
        if cc is None or inside_iban_groups(text, m.start()):
            continue
        # Longest prefix of whole groups that is a valid number: "+44 20 7946 0958 24 hours".
        for count in range(len(groups), 0, -1):
            digits = "".join(g[1] for g in groups[:count])
            if valid_national(cc, digits[len(cc) :]):
                out.append((m.start(), groups[count - 1][0], PHONE, "international"))
                break


def _north_american(text: str, start: int, end: int, out: list[tuple[int, int, str, str]]) -> None:
    for m in _NANP.finditer(text, start, end):
        if m.group("a2") is not None and m.group("s1") != m.group("s2"):
            continue
        if (
            _nanp_valid(m.group("a1") or m.group("a2"), m.group("ex"))
            and _varied(_digits(m.group()), 3)
            and not inside_iban_groups(text, m.start())
        ):
            out.append((m.start(), m.end(), PHONE, "north_american"))


def _trunk_national(text: str, start: int, end: int, out: list[tuple[int, int, str, str]]) -> None:
    for m in _TRUNK.finditer(text, start, end):
        s = m.group()
        pieces = [g for g in _NON_DIGITS.split(s) if g]
        # Too many digits: drop trailing groups, but only space-separated ones ("030 1234 5678 24
        # hours"); "099-9590345-6859286" is one hyphenated identifier, not a phone and a suffix.
        while len("".join(pieces)) > 12 and m.group("sep") == " " and len(pieces) > 2:
            pieces.pop()
        if not 9 <= len("".join(pieces)) <= 12:
            continue
        if len(pieces) < 2 or not _varied("".join(pieces)) or _starts_with_date(s, len(pieces)):
            continue
        if _ZIP_PLUS_4.fullmatch(s) or inside_iban_groups(text, m.start()):
            continue
        stop = m.start()
        for piece in pieces:  # end offset of the last kept group
            stop = text.index(piece, stop, m.end()) + len(piece)
        out.append((m.start(), stop, PHONE, "national"))


def _after_keyword(text: str, start: int, end: int, out: list[tuple[int, int, str, str]]) -> None:
    window = text[max(0, start - 40) : start].lower()
    if not _KEYWORD_HINT.search(window) or not _KEYWORD_BEFORE.search(window):
        return
    m = _LOOSE.match(text, start, end)
    if m is None:
        return
    digits = _digits(m.group())
    if 7 <= len(digits) <= 15 and _varied(digits) and not _starts_with_date(m.group().lstrip("+("), 3):
        out.append((m.start(), m.end(), PHONE, "keyword"))


_TRUNK_START = re.compile(r"(?<!\d)\(?0[1-9]", re.ASCII)


def find_phones_in_run(
    text: str, view: bytes, start: int, end: int, digits: int, out: list[tuple[int, int, str, str]]
) -> None:
    """Phone numbers in ``text[start:end]``, a run of digits and separators (plus a little context).

    ``end`` may reach a few characters past the run so that the end-of-number checks see the
    character that follows it; ``digits`` is how many digits the run holds. ``view`` is the digit
    view (``views.DIGIT_TABLE``), on which C-speed tests skip the formats a run cannot hold.
    """
    if "ISBN" in text[max(0, start - 12) : start].upper():
        return
    found_before = len(out)
    if text[start] == "+" or text.find("00", start, end) >= 0:
        _international(text, start, end, out)
    if view.find(b"000-0000", start, end) >= 0 or view.find(b"000.0000", start, end) >= 0:
        _north_american(text, start, end, out)
    if digits >= 9 and _TRUNK_START.search(text, start, end):
        _trunk_national(text, start, end, out)
    if len(out) == found_before and digits <= 15:
        _after_keyword(text, start, end, out)
