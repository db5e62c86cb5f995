"""Random, valid-looking PII values of every kind, in the formats people and programs write them.

Every value here is fake but well-formed: card numbers carry a correct Luhn digit and a real
network prefix, IBANs a correct mod-97 check, phone numbers a real country code and a national
number of that country's length, IP addresses are public, secrets have their provider's prefix,
alphabet and length. A maker returns ``(value, subtype)``.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import random
import string

FIRST = """
    john maria wei aisha olga kenji fatima liam chloe mateo sofia noah emma lucas mia ahmed yuki
    priya jonas elena david sara omar lena ivan anna pedro julia tariq nina hugo ines ravi zoe karl
    amelie diego hana felix leila marco nora pablo rosa samir tom ursula victor wanda xavier yasmin
    """.split()  # noqa: SIM905
LAST = """
    smith garcia chen khan ivanova tanaka ali johnson muller rossi novak silva kowalski dubois
    nguyen patel schmidt fischer jensen larsen moreau lopez martin bernard weber wagner becker
    hoffmann schulz costa santos ferreira kim park lee wong yamamoto sato suzuki okafor mensah
    """.split()  # noqa: SIM905
WEBMAIL = """
    gmail.com outlook.com yahoo.com hotmail.co.uk web.de gmx.net protonmail.com icloud.com mail.ru
    yandex.ru orange.fr libero.it posteo.de fastmail.fm aol.com zoho.com
    """.split()  # noqa: SIM905
WORDS = """
    acme north river blue stone bright harbor summit pixel cedar falcon nova orbit quartz maple
    delta apex lumen vertex cobalt ember atlas beacon canyon
    """.split()  # noqa: SIM905
TLDS = """
    com org net io de co.uk fr ai dev nl ch se es it edu com.au co.jp ca pl
    """.split()  # noqa: SIM905
_B62 = string.ascii_letters + string.digits
_HEX = "0123456789abcdef"


def _pick(rng: random.Random, s: str, n: int) -> str:
    return "".join(rng.choice(s) for _ in range(n))


# --- e-mail ----------------------------------------------------------------------------------


def email(rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    form = rng.randrange(9)
    local = [
        f"{first}.{last}", f"{first}{last}", f"{first[0]}{last}", f"{first}_{last}", f"{first}.{last}{rng.randrange(1, 99)}",
        f"{first}+{rng.choice(['news', 'shop', 'git', 'work'])}", f"{last}.{first}", f"{first}{rng.randrange(1950, 2010)}",
        f"{first[0]}.{last}",
    ][form]  # fmt: skip
    if rng.random() < 0.04:
        local = rng.choice(["josé", "müller", "zoë", "øystein", "françois"]) + "." + last
    if rng.random() < 0.5:
        domain = rng.choice(WEBMAIL)
    else:
        sub = rng.choice(["", "", "", "mail.", "eng.", "cs."])
        domain = f"{sub}{rng.choice(WORDS)}{rng.choice(['', '-labs', 'corp', 'tech', '-group'])}.{rng.choice(TLDS)}"
    value = f"{local}@{domain}"
    if rng.random() < 0.05:
        value = value.upper() if rng.random() < 0.3 else value.capitalize()
    return value, "email"


# --- phone -----------------------------------------------------------------------------------


def _d(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


#: Assigned North American area codes (a sample of the busiest): random 2xx-9xx codes are mostly
#: unassigned, and a peer that knows the numbering plan (Presidio, via phonenumbers) would rightly
#: reject them.
US_AREA_CODES = """
    201 202 203 205 206 207 208 210 212 213 214 215 216 217 218 219 224 225 228 229 231 234 239 240
    248 251 252 253 254 256 260 262 267 269 270 276 281 301 302 303 304 305 307 308 309 310 312 313
    314 315 316 317 318 319 320 321 323 325 330 334 336 337 339 347 352 360 361 385 386 401 402 404
    405 406 407 408 409 410 412 413 414 415 417 419 423 424 425 430 432 434 435 440 442 443 469 470
    475 478 479 480 484 501 502 503 504 505 507 508 509 510 512 513 515 516 517 518 520 530 540 541
    551 559 561 562 563 570 571 573 574 575 580 585 586 601 602 603 605 606 607 608 609 610 612 614
    615 616 617 618 619 620 623 626 630 631 636 641 646 650 651 660 661 662 678 682 701 702 703 704
    706 707 708 712 713 714 715 716 717 718 719 720 724 727 731 732 734 737 740 754 757 760 763 765
    770 772 773 774 775 781 785 786 801 802 803 804 805 806 808 810 812 813 814 815 816 817 818 828
    830 831 832 843 845 847 850 856 857 858 859 860 862 863 864 865 870 901 903 904 907 908 909 910
    912 913 914 915 916 917 918 919 920 925 928 929 931 936 937 940 941 949 951 952 954 956 970 971
    972 973 978 979 980 985 989
    """.split()  # noqa: SIM905


def _nanp_part(rng: random.Random) -> str:
    while True:
        part = rng.choice("23456789") + _d(rng, 2)
        if part[1:] != "11" and part != "555":
            return part


def _area(rng: random.Random) -> str:
    return rng.choice(US_AREA_CODES)


def phone(rng: random.Random) -> tuple[str, str]:
    kind = rng.choices(["us", "uk", "de", "fr", "intl", "keyword"], weights=[30, 15, 15, 10, 22, 8])[0]
    if kind == "us":
        a, x, line = _area(rng), _nanp_part(rng), _d(rng, 4)
        fmt = rng.choice(
            ["({a}) {x}-{l}", "{a}-{x}-{l}", "{a}.{x}.{l}", "+1 {a} {x} {l}", "+1-{a}-{x}-{l}", "1-{a}-{x}-{l}",
             "+1 ({a}) {x}-{l}", "({a}){x}-{l}", "+1{a}{x}{l}"]
        )  # fmt: skip
        return fmt.format(a=a, x=x, l=line), "us"
    if kind == "uk":
        if rng.random() < 0.5:
            n1, n2 = "20 " + rng.choice("378") + _d(rng, 3), _d(rng, 4)
            return rng.choice(
                [f"0{n1} {n2}", f"+44 {n1} {n2}", f"+44 (0){n1} {n2}", f"(0{n1[:2]}) {n1[3:]} {n2}"]
            ), "uk"
        mobile = "7" + rng.choice("1234579") + _d(rng, 2)  # 070 personal numbers, 076 pagers
        rest = _d(rng, 6)
        return rng.choice([f"0{mobile} {rest}", f"+44 {mobile} {rest}", f"0{mobile} {rest[:3]} {rest[3:]}"]), "uk"
    if kind == "de":
        if rng.random() < 0.5:
            area = rng.choice(["30", "40", "89", "221", "69", "711", "211"])
            sub = _d(rng, 9 - len(area) + rng.randrange(0, 2))
            sub = rng.choice("123456789") + sub[1:]
            return rng.choice(
                [f"0{area} {sub}", f"+49 {area} {sub}", f"0{area}/{sub}", f"+49 (0){area} {sub}", f"0{area}-{sub}"]
            ), "de"
        mobile = rng.choice(["151", "160", "170", "171", "172", "176", "157"])
        sub = rng.choice("123456789") + _d(rng, 7)
        return rng.choice([f"0{mobile} {sub}", f"+49 {mobile} {sub}", f"0{mobile}-{sub}", f"+49{mobile}{sub}"]), "de"
    if kind == "fr":
        first = rng.choice(["1", "2", "3", "4", "5", "6", "9", "7" + rng.choice("3456789")])
        pairs = [_d(rng, 2) for _ in range(4)]
        if len(first) == 2:  # 07 3x ...: the second digit belongs to the first pair
            pairs[0] = first[1] + pairs[0][1]
            first = first[0]
        return rng.choice(
            [f"0{first} " + " ".join(pairs), f"+33 {first} " + " ".join(pairs), f"0{first}." + ".".join(pairs),
             f"+33 (0){first} " + " ".join(pairs)]
        ), "fr"  # fmt: skip
    if kind == "intl":
        maker = rng.choice(
            [
                lambda: f"+91 {rng.choice('6789')}{_d(rng, 4)} {_d(rng, 5)}",
                lambda: f"+81 3-{rng.choice('123456789')}{_d(rng, 3)}-{_d(rng, 4)}",
                lambda: f"+81 90-{rng.choice('123456789')}{_d(rng, 3)}-{_d(rng, 4)}",
                lambda: f"+61 2 {rng.choice('89')}{_d(rng, 3)} {_d(rng, 4)}",
                lambda: f"+61 4{rng.choice('0123')}{_d(rng, 1)} {_d(rng, 3)} {_d(rng, 3)}",
                lambda: f"+86 13{_d(rng, 1)} {_d(rng, 4)} {_d(rng, 4)}",
                lambda: f"+55 11 9{_d(rng, 4)}-{_d(rng, 4)}",
                lambda: f"+34 6{_d(rng, 2)} {_d(rng, 2)} {_d(rng, 2)} {_d(rng, 2)}",
                lambda: f"+39 06 {_d(rng, 4)} {_d(rng, 4)}",
                lambda: f"+31 20 {_d(rng, 3)} {_d(rng, 4)}",
                lambda: f"+41 44 {_d(rng, 3)} {_d(rng, 2)} {_d(rng, 2)}",
                lambda: f"+46 8 {_d(rng, 3)} {_d(rng, 3)} {_d(rng, 2)}",
                lambda: f"+82 10-{_d(rng, 4)}-{_d(rng, 4)}",
                lambda: f"+52 55 {_d(rng, 4)} {_d(rng, 4)}",
                lambda: f"+27 21 {_d(rng, 3)} {_d(rng, 4)}",
                lambda: f"+353 1 {_d(rng, 3)} {_d(rng, 4)}",
                lambda: (
                    f"+48 {rng.choice(['50', '51', '53', '60', '66', '69', '72', '73', '78', '79', '88'])}{_d(rng, 1)} {_d(rng, 3)} {_d(rng, 3)}"
                ),
                lambda: f"0044 20 7{_d(rng, 3)} {_d(rng, 4)}",
                lambda: f"+7 495 {_d(rng, 3)}-{_d(rng, 2)}-{_d(rng, 2)}",
            ]
        )
        return maker(), "intl"
    # keyword context, digits written without grouping
    number = rng.choice(
        [
            _area(rng) + _nanp_part(rng) + _d(rng, 4),
            "020" + rng.choice("378") + _d(rng, 7),
            "07" + rng.choice("1234579") + _d(rng, 8),
        ]
    )
    return number, "keyword"


# --- IP addresses ----------------------------------------------------------------------------


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        return address in ipaddress.IPv6Network("2000::/3") and address.is_global
    return address.is_global and not address.is_multicast and not address.is_reserved


def ip_address(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.75:
        while True:
            address = ipaddress.IPv4Address(rng.getrandbits(32))
            if _public(address):
                return str(address), "ipv4"
    while True:
        prefix = rng.choice(["2001:4860", "2606:4700", "2a00:1450", "2a03:2880", "2400:cb00", "2604:a880", "2a01:4f8"])
        groups = prefix.split(":") + [format(rng.getrandbits(16), "x") for _ in range(6)]
        if rng.random() < 0.6:  # a zero run, compressed
            zero_at = rng.randrange(2, 7)
            groups[zero_at : zero_at + 2] = ["0", "0"]
        address = ipaddress.IPv6Address(":".join(groups))
        if _public(address):
            text = address.compressed if rng.random() < 0.8 else address.exploded
            return text, "ipv6"


# --- cards and IBANs -------------------------------------------------------------------------

CARD_BRANDS = {
    "visa": (["4"], [16] * 18 + [19, 13]),  # 13-digit Visa cards are rare today
    "mastercard": (["51", "52", "53", "54", "55", "2221", "2720", "2310"], [16]),
    "amex": (["34", "37"], [15]),
    "discover": (["6011", "644", "65"], [16]),
    "jcb": (["3528", "3566", "3589"], [16]),
    "diners": (["36", "300", "305"], [14]),
    "unionpay": (["62"], [16, 19]),
}


def luhn_complete(partial: str) -> str:
    """``partial`` plus the digit that makes the whole Luhn-valid."""
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return partial + str((10 - total % 10) % 10)


def card_digits(rng: random.Random, brand: str | None = None) -> tuple[str, str]:
    brand = brand or rng.choices(list(CARD_BRANDS), weights=[40, 25, 12, 8, 6, 4, 5])[0]
    prefixes, lengths = CARD_BRANDS[brand]
    prefix, length = rng.choice(prefixes), rng.choice(lengths)
    return luhn_complete(prefix + _d(rng, length - len(prefix) - 1)), brand


def group_card(rng: random.Random, digits: str) -> str:
    style = rng.choice(["plain", "space", "space", "dash"])
    if style == "plain":
        return digits
    sep = " " if style == "space" else "-"
    if len(digits) == 15:
        return sep.join([digits[:4], digits[4:10], digits[10:]])
    if len(digits) == 14:
        return sep.join([digits[:4], digits[4:10], digits[10:]])
    return sep.join(digits[i : i + 4] for i in range(0, len(digits), 4))


def credit_card(rng: random.Random) -> tuple[str, str]:
    digits, brand = card_digits(rng)
    return group_card(rng, digits), brand


# BBAN layouts: n digits, a capital letters, c letters or digits.
IBAN_FORMATS = {
    "DE": "18n", "GB": "4a14n", "FR": "10n11c2n", "ES": "20n", "IT": "1a10n12c", "NL": "4a10n", "BE": "12n",
    "CH": "5n12c", "AT": "16n", "PL": "24n", "SE": "20n", "NO": "11n", "DK": "14n", "FI": "14n", "PT": "21n",
    "IE": "4a14n", "LU": "3n13c", "GR": "7n16c", "SA": "2n18c", "AE": "19n", "TR": "5n1n16c", "RO": "4a16c",
}  # fmt: skip


def _bban(rng: random.Random, layout: str) -> str:
    out, count = [], ""
    for ch in layout:
        if ch.isdigit():
            count += ch
            continue
        alphabet = {"n": string.digits, "a": string.ascii_uppercase, "c": string.ascii_uppercase + string.digits}[ch]
        out.append(_pick(rng, alphabet, int(count)))
        count = ""
    return "".join(out)


def iban_check_digits(country: str, bban: str) -> str:
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{98 - int(numeric) % 97:02d}"


def iban_compact(rng: random.Random, country: str | None = None) -> tuple[str, str]:
    country = country or rng.choice(list(IBAN_FORMATS))
    bban = _bban(rng, IBAN_FORMATS[country])
    return country + iban_check_digits(country, bban) + bban, country


def group_iban(rng: random.Random, compact: str) -> str:
    if rng.random() < 0.4:
        return compact
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def iban(rng: random.Random) -> tuple[str, str]:
    compact, country = iban_compact(rng)
    return group_iban(rng, compact), country


# --- secrets ---------------------------------------------------------------------------------


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(rng: random.Random) -> str:
    header = {"alg": rng.choice(["HS256", "RS256", "ES256"]), "typ": "JWT"}
    payload = {
        "sub": _d(rng, 10),
        "name": f"{rng.choice(FIRST).title()} {rng.choice(LAST).title()}",
        "iat": 1500000000 + rng.randrange(10**8),
    }
    if rng.random() < 0.5:
        payload["email"] = email(rng)[0]
    sig = _b64url(rng.randbytes(32 if header["alg"] == "HS256" else 64))
    return ".".join([_b64url(json.dumps(header).encode()), _b64url(json.dumps(payload).encode()), sig])


def private_key_block(rng: random.Random) -> str:
    label = rng.choice(
        ["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY"]
    )
    body = base64.b64encode(rng.randbytes(rng.choice([121, 240, 600, 1190]))).decode()
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----"


def token_secret(rng: random.Random) -> tuple[str, str]:
    """A provider key as it appears on its own (a log line, a config value, a command line)."""
    subtype = rng.choice(
        ["aws", "github", "github_pat", "gitlab", "slack", "stripe", "google", "openai", "anthropic", "hf", "npm",
         "sendgrid", "jwt", "digitalocean", "shopify"]
    )  # fmt: skip
    upper27 = string.ascii_uppercase + "234567"
    value = {
        "aws": lambda: rng.choice(["AKIA", "ASIA"]) + _pick(rng, upper27, 16),
        "github": lambda: rng.choice(["ghp_", "gho_", "ghs_", "ghu_"]) + _pick(rng, _B62, 36),
        "github_pat": lambda: "github_pat_" + _pick(rng, _B62, 22) + "_" + _pick(rng, _B62, 59),
        "gitlab": lambda: "glpat-" + _pick(rng, _B62 + "_-", 20),
        "slack": lambda: rng.choice(["xoxb-", "xoxp-"]) + _d(rng, 12) + "-" + _d(rng, 13) + "-" + _pick(rng, _B62, 24),
        "stripe": lambda: rng.choice(["sk_live_", "rk_live_", "sk_test_"]) + _pick(rng, _B62, rng.choice([24, 99])),
        "google": lambda: "AIza" + _pick(rng, _B62 + "_-", 35),
        "openai": lambda: rng.choice(["sk-proj-", "sk-"]) + _pick(rng, _B62, 20) + "T3BlbkFJ" + _pick(rng, _B62, 20),
        "anthropic": lambda: "sk-ant-api03-" + _pick(rng, _B62 + "_-", 93) + "AA",
        "hf": lambda: "hf_" + _pick(rng, string.ascii_letters, 34),
        "npm": lambda: "npm_" + _pick(rng, _B62, 36),
        "sendgrid": lambda: "SG." + _pick(rng, _B62 + "_-", 22) + "." + _pick(rng, _B62 + "_-", 43),
        "jwt": lambda: jwt(rng),
        "digitalocean": lambda: "dop_v1_" + _pick(rng, _HEX, 64),
        "shopify": lambda: "shpat_" + _pick(rng, _HEX, 32),
    }[subtype]()
    return value, subtype


def bearer_token(rng: random.Random) -> str:
    """An opaque access token as sent after ``Bearer`` (base62 with at least one digit)."""
    return _pick(rng, _B62, rng.choice([31, 39])) + rng.choice(string.digits)


def random_secret_value(rng: random.Random) -> str:
    """A generated password or key as assigned in configuration: base62/64, hex, or mixed symbols."""
    style = rng.choice(["b62", "b64", "hex", "symbols", "django"])
    if style == "b62":
        return _pick(rng, _B62, rng.choice([20, 24, 32, 40]))
    if style == "b64":
        return base64.b64encode(rng.randbytes(rng.choice([24, 30, 33]))).decode()
    if style == "hex":
        return _pick(rng, _HEX, rng.choice([32, 40, 64]))
    if style == "symbols":
        return _pick(rng, _B62 + "!#%^&*-_+", rng.choice([16, 20, 24]))
    return _pick(rng, string.ascii_lowercase + string.digits + "!@#%^&*(-_=+)", 50)


def _has_digit_and_letter(value: str) -> bool:
    return any(c.isdigit() for c in value) and any(c.isalpha() for c in value)


def assigned_secret(rng: random.Random) -> str:
    """A random credential that has a digit and a letter (a generated one without is rare and is
    out of scope: see the secrets module's ``looks_random``)."""
    while True:
        value = random_secret_value(rng)
        if _has_digit_and_letter(value) and "(" not in value and ")" not in value:
            return value
