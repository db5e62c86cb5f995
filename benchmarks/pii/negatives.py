"""Hard negatives: strings that look like PII to a careless detector but are not (or that this
project's policy, documented in ``clearance.curate.pii``, deliberately leaves alone).

A maker returns ``(text, negative_type)``. Types whose name starts with ``policy_`` are policy
choices (example.com addresses, private IPs, AWS's documented example key...): a detector that
reports them is not *wrong*, just configured differently, so the benchmark reports peers' precision
with and without them.
"""

from __future__ import annotations

import base64
import random
import string
import uuid

from benchmarks.pii.values import (
    FIRST,
    LAST,
    _d,
    _pick,
    card_digits,
    group_card,
    iban_compact,
    luhn_complete,
)

_B62 = string.ascii_letters + string.digits
MONTHS = """
    January February March April May June July August September October November December
    """.split()  # noqa: SIM905


def _date(rng: random.Random) -> str:
    y, m, d = rng.randrange(1990, 2030), rng.randrange(1, 13), rng.randrange(1, 29)
    return rng.choice(
        [
            f"{y}-{m:02d}-{d:02d}",
            f"{d:02d}.{m:02d}.{y}",
            f"{m:02d}/{d:02d}/{y}",
            f"{d}/{m}/{y}",
            f"{MONTHS[m - 1]} {d}, {y}",
            f"{y}-{m:02d}-{d:02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}Z",
            f"{d:02d}-{m:02d}-{y} {rng.randrange(24):02d}:{rng.randrange(60):02d}",
            f"{y}{m:02d}{d:02d}",
        ]
    )


def _isbn13(rng: random.Random) -> str:
    digits = rng.choice(["978", "979"]) + _d(rng, 9)
    check = (10 - sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(digits)) % 10) % 10
    full = digits + str(check)
    return rng.choice([full, f"{full[:3]}-{full[3]}-{full[4:6]}-{full[6:12]}-{full[12]}"])


def _isbn10(rng: random.Random) -> str:
    digits = _d(rng, 9)
    check = sum((10 - i) * int(c) for i, c in enumerate(digits)) % 11
    c = "X" if (11 - check) % 11 == 10 else str((11 - check) % 11)
    full = digits + c
    return rng.choice([full, f"{full[0]}-{full[1:4]}-{full[4:9]}-{full[9]}"])


def _luhn_failing(rng: random.Random) -> str:
    digits, _ = card_digits(rng)
    bad = digits[:-1] + str((int(digits[-1]) + rng.randrange(1, 10)) % 10)
    return group_card(rng, bad)


def _luhn_valid_unknown_iin(rng: random.Random) -> str:
    return luhn_complete(rng.choice(["1", "7", "8", "9", "0"]) + _d(rng, 14))


def _iban_bad_checksum(rng: random.Random) -> str:
    compact, _ = iban_compact(rng)
    wrong = rng.choice([f"{x:02d}" for x in range(2, 99) if f"{x:02d}" != compact[2:4]])
    bad = compact[:2] + wrong + compact[4:]
    return " ".join(bad[i : i + 4] for i in range(0, len(bad), 4)) if rng.random() < 0.5 else bad


def _private_ip(rng: random.Random) -> str:
    return rng.choice(
        [
            f"192.168.{rng.randrange(256)}.{rng.randrange(1, 255)}",
            f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
            "127.0.0.1",
            "0.0.0.0",
            f"172.{rng.randrange(16, 32)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
            "255.255.255.0",
            f"192.0.2.{rng.randrange(1, 255)}",
            f"203.0.113.{rng.randrange(1, 255)}",
            "::1",
            f"fe80::{rng.getrandbits(16):x}:{rng.getrandbits(16):x}",
            f"2001:db8::{rng.getrandbits(16):x}",
        ]
    )


NEGATIVES = {
    # numbers that are not phones, cards or IPs
    "date": _date,
    "time": lambda rng: f"{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}",
    "version": lambda rng: rng.choice(
        [
            f"version {rng.randrange(1, 12)}.{rng.randrange(20)}.{rng.randrange(30)}.{rng.randrange(100)}",
            f"v{rng.randrange(1, 9)}.{rng.randrange(20)}.{rng.randrange(20)}.{rng.randrange(9)}",
            f"{rng.randrange(1, 5)}.{rng.randrange(20)}.{rng.randrange(40)}",
            f"Release {rng.randrange(1, 9)}.{rng.randrange(10)}.{rng.randrange(10)}.{rng.randrange(10)}",
            f"build {rng.randrange(1, 20)}.{rng.randrange(10)}.{rng.randrange(10)}.{rng.randrange(999)}",
            f"Chrome/{rng.randrange(90, 130)}.0.{rng.randrange(1000, 7000)}.{rng.randrange(200)}",
        ]
    ),
    "section": lambda rng: (
        f"Section {rng.randrange(1, 12)}.{rng.randrange(1, 9)}.{rng.randrange(1, 9)}.{rng.randrange(1, 9)}"
    ),
    "oid": lambda rng: "1.3.6.1.4.1." + ".".join(str(rng.randrange(1, 400)) for _ in range(rng.randrange(2, 5))),
    "isbn": lambda rng: "ISBN " + rng.choice([_isbn13, _isbn10])(rng),
    "isbn_bare": lambda rng: _isbn13(rng),
    "price": lambda rng: rng.choice(
        [
            f"${rng.randrange(1, 99999):,}.{rng.randrange(100):02d}",
            f"{rng.randrange(1000, 9999999):,} USD",
            f"€ {rng.randrange(1, 9999)},{rng.randrange(100):02d}",
        ]
    ),
    "big_number": lambda rng: rng.choice(
        [
            f"{rng.randrange(10**6, 10**9):,}",
            str(rng.randrange(10**9, 10**13)),
            f"{rng.randrange(1, 999)} {rng.randrange(100, 999)} {rng.randrange(100, 999)}",
        ]
    ),
    "timestamp": lambda rng: str(rng.randrange(1_400_000_000, 1_800_000_000) * rng.choice([1, 1000])),
    "order_number": lambda rng: rng.choice(
        [
            f"Order #{_d(rng, 3)}-{_d(rng, 7)}-{_d(rng, 7)}",
            f"INV-{rng.randrange(2015, 2030)}-{_d(rng, 5)}",
            f"order {_d(rng, 8)}-{_d(rng, 4)}",
            f"ticket #{_d(rng, 6)}",
            f"PO {_d(rng, 10)}",
        ]
    ),
    "tracking_number": lambda rng: rng.choice(
        [f"1Z{_pick(rng, string.ascii_uppercase + string.digits, 16)}", _d(rng, 22)]
    ),
    "ssn_like": lambda rng: f"{rng.randrange(100, 900)}-{rng.randrange(10, 99)}-{rng.randrange(1000, 9999)}",
    "invalid_nanp": lambda rng: f"1{_d(rng, 2)}-{_d(rng, 3)}-{_d(rng, 4)}",
    "local_7_digit": lambda rng: f"555-{_d(rng, 4)}",
    "zip_plus4": lambda rng: f"{_d(rng, 5)}-{_d(rng, 4)}",
    "coordinates": lambda rng: f"{rng.uniform(-80, 80):.4f}, {rng.uniform(-170, 170):.4f}",
    "luhn_fail_card": _luhn_failing,
    "luhn_valid_unknown_iin": _luhn_valid_unknown_iin,
    "iban_bad_checksum": _iban_bad_checksum,
    "iban_like_code": lambda rng: (
        f"{_pick(rng, string.ascii_uppercase, 2)}{_d(rng, 2)} {_pick(rng, string.ascii_uppercase, 4)} {_d(rng, 4)}"
    ),
    "dotted_not_ip": lambda rng: (
        f"{rng.randrange(256, 999)}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)}"
    ),
    "ipv6_lookalike": lambda rng: rng.choice(
        [
            "std::vector<int>",
            "Foo::bar()",
            f"{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}",
            ":".join(f"{rng.getrandbits(8):02X}" for _ in range(6)),
            "a[::2]",
            "x :: Int -> Int",
            "cafe::beef",
        ]
    ),
    # '@' that is not an address
    "at_not_email": lambda rng: rng.choice(
        [
            "@property",
            "@dataclass(frozen=True)",
            "@media screen",
            "@babel/core",
            f"lodash@4.{rng.randrange(20)}.{rng.randrange(30)}",
            "icon@2x.png",
            "logo@3x.webp",
            f"@{rng.choice(FIRST)}{rng.randrange(99)}",
            "user@localhost",
            "admin@127.0.0.1",
            f"git@github.com:{rng.choice(LAST)}/{rng.choice(FIRST)}.git",
            f"{rng.choice(FIRST)}@host",
        ]
    ),
    # code and data that look random but are not credentials
    "git_sha": lambda rng: _pick(rng, "0123456789abcdef", 40),
    "sha256": lambda rng: _pick(rng, "0123456789abcdef", 64),
    "uuid": lambda rng: str(uuid.UUID(int=rng.getrandbits(128))),
    "base64_blob": lambda rng: base64.b64encode(rng.randbytes(rng.choice([30, 48, 90]))).decode(),
    "long_identifier": lambda rng: rng.choice(
        [
            "test_parse_configuration_with_defaults",
            "AbstractSingletonProxyFactoryBean",
            "handleIncomingWebSocketMessage",
            "MAX_CONNECTIONS_PER_HOST_DEFAULT",
            "tokenizer_config_file_name",
            "get_authentication_token_for_user",
        ]
    ),
    "public_key_block": lambda rng: (
        "-----BEGIN PUBLIC KEY-----\n"
        + "\n".join(base64.b64encode(rng.randbytes(48)).decode() for _ in range(4))
        + "\n-----END PUBLIC KEY-----"
    ),
    "certificate_block": lambda rng: (
        "-----BEGIN CERTIFICATE-----\n"
        + "\n".join(base64.b64encode(rng.randbytes(48)).decode() for _ in range(6))
        + "\n-----END CERTIFICATE-----"
    ),
    # policy choices (see the module docstring)
    "policy_example_email": lambda rng: (
        f"{rng.choice(FIRST)}@{rng.choice(['example.com', 'example.org', 'mail.example', 'example.net', 'corp.test'])}"
    ),
    "policy_private_ip": _private_ip,
    "policy_aws_example_key": lambda rng: rng.choice(
        ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]
    ),
    "policy_placeholder_key": lambda rng: rng.choice(
        [
            "ghp_" + "x" * 36,
            "sk_live_" + "0" * 24,
            "xoxb-" + "x" * 30,
            "AIza" + "X" * 35,
            "YOUR_API_KEY_HERE",
            "<your-token>",
        ]
    ),
}

#: Negatives written as the value of a secret-sounding assignment (``api_key = ...``).
ASSIGNMENT_NEGATIVES = {
    "env_lookup": lambda rng: rng.choice(
        [
            'os.environ["API_KEY"]',
            'os.getenv("DB_PASSWORD")',
            "process.env.SECRET_TOKEN",
            "${DB_PASSWORD}",
            "{{ vault_token }}",
            "settings.SECRET_KEY",
            "None",
            "null",
            "''",
            "config.get('auth', 'token')",
        ]
    ),
    "placeholder_value": lambda rng: rng.choice(
        [
            '"changeme"',
            '"your-secret-here"',
            '"<password>"',
            '"xxxxxxxxxxxxxxxxxxxx"',
            '"********"',
            '"REPLACE_ME_WITH_REAL_KEY"',
            '"my-super-secret-password"',
            '"correct horse battery staple"',
        ]
    ),
    "identifier_value": lambda rng: rng.choice(
        [
            '"session_token_cookie_name"',
            "get_token_from_header(request)",
            '"Authorization"',
            "self._secret_provider",
            '"api-key-rotation-policy"',
            "TokenType.BEARER",
            '"hunter2"',
        ]
    ),
    "hash_named": lambda rng: f'"{_pick(rng, "0123456789abcdef", 64)}"',
}


def negative(rng: random.Random) -> tuple[str, str]:
    kind = rng.choice(list(NEGATIVES))
    return NEGATIVES[kind](rng), kind


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST).title()} {rng.choice(LAST).title()}"
