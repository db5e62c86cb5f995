"""Check digits that separate real payment identifiers from numbers that only look like them.

A random 16-digit number passes Luhn one time in ten; a random IBAN-shaped string passes mod-97
one time in 97 and must also have its country's exact length. Both checks cost microseconds and
run only on the few candidates the scanner's prefilter lets through.
"""

from __future__ import annotations

#: IBAN length per country code, from the SWIFT IBAN registry (release 2024/2025, 89 countries).
#: A country that is missing here is not detected: better a miss than a guessed length.
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28,
    "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28,
    "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22,
    "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23,
    "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
    "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip

_LETTER_VALUES = {chr(c): str(c - 55) for c in range(ord("A"), ord("Z") + 1)}
_DOUBLED = {str(d): (2 * d if d < 5 else 2 * d - 9) for d in range(10)}


def luhn_valid(digits: str) -> bool:
    """ISO/IEC 7812 check digit: every second digit from the right is doubled (digit sum)."""
    if not digits or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(map(int, digits[-1::-2])) + sum(_DOUBLED[c] for c in digits[-2::-2])
    return total % 10 == 0


def iban_valid(iban: str) -> bool:
    """ISO 13616: known country, that country's exact length, and the mod-97 remainder of 1.

    ``iban`` is the compact form (no spaces), upper case.
    """
    if len(iban) < 5 or not iban.isascii() or not iban.isalnum():
        return False
    if IBAN_LENGTHS.get(iban[:2]) != len(iban) or not iban[2:4].isdigit():
        return False
    rearranged = iban[4:] + iban[:4]
    try:
        number = "".join(_LETTER_VALUES.get(c, c) for c in rearranged)
    except TypeError:
        return False
    if not number.isdigit():  # lower-case letters are not part of an IBAN
        return False
    return int(number) % 97 == 1


# (brand, lowest prefix, highest prefix, allowed lengths): prefixes compared on as many leading
# digits as they have. Ranges from the card networks' published IIN tables (ISO/IEC 7812).
_CARD_RANGES: tuple[tuple[str, int, int, frozenset[int]], ...] = (
    ("amex", 34, 34, frozenset({15})),
    ("amex", 37, 37, frozenset({15})),
    ("visa", 4, 4, frozenset({13, 16, 19})),
    ("mastercard", 51, 55, frozenset({16})),
    ("mastercard", 2221, 2720, frozenset({16})),
    ("mir", 2200, 2204, frozenset({16, 17, 18, 19})),
    ("discover", 6011, 6011, frozenset({16, 17, 18, 19})),
    ("discover", 644, 649, frozenset({16, 17, 18, 19})),
    ("discover", 65, 65, frozenset({16, 17, 18, 19})),
    ("unionpay", 62, 62, frozenset({16, 17, 18, 19})),
    ("diners", 300, 305, frozenset({14, 16, 17, 18, 19})),
    ("diners", 3095, 3095, frozenset({14, 16, 17, 18, 19})),
    ("diners", 36, 36, frozenset({14, 15, 16, 17, 18, 19})),
    ("diners", 38, 39, frozenset({16, 17, 18, 19})),
    ("jcb", 3528, 3589, frozenset({16, 17, 18, 19})),
    ("maestro", 5018, 5018, frozenset({13, 14, 15, 16, 17, 18, 19})),
    ("maestro", 5020, 5020, frozenset({13, 14, 15, 16, 17, 18, 19})),
    ("maestro", 5038, 5038, frozenset({13, 14, 15, 16, 17, 18, 19})),
    ("maestro", 5893, 5893, frozenset({13, 14, 15, 16, 17, 18, 19})),
    ("maestro", 6304, 6304, frozenset({13, 14, 15, 16, 17, 18, 19})),
    ("maestro", 6759, 6763, frozenset({13, 14, 15, 16, 17, 18, 19})),
)


def card_brand(digits: str) -> str | None:
    """The network whose IIN range and length fit ``digits``, or ``None`` (not a known card)."""
    n = len(digits)
    if n < 13 or n > 19:
        return None
    for brand, low, high, lengths in _CARD_RANGES:
        width = len(str(low))
        if n in lengths and low <= int(digits[:width]) <= high:
            return brand
    return None


def card_valid(digits: str) -> str | None:
    """Brand of a plausible payment card number: known IIN range and length, and Luhn-valid."""
    brand = card_brand(digits)
    if brand is None or not luhn_valid(digits):
        return None
    return brand
