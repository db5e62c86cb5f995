"""Each kind's rules, one example per rule: what must be found (with its exact extent) and the
look-alikes that must not be."""

from __future__ import annotations

import pytest

from clearance.curate.pii import PiiScanner, find_pii


def texts(text: str, kind: str) -> list[str]:
    return [s.text for s in find_pii(text) if s.kind == kind]


# --- e-mail ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write to john.doe@gmail.com today.", "john.doe@gmail.com"),
        ("<maria+news@mail.univ.edu.au>", "maria+news@mail.univ.edu.au"),
        ("end of sentence: a.b@c-d.co.uk.", "a.b@c-d.co.uk"),
        ('"email": "Zoe_99@Fastmail.FM",', "Zoe_99@Fastmail.FM"),
        ("mailto:josé.garcía@correo.es", "josé.garcía@correo.es"),
        ("(...jane@corp.io)", "jane@corp.io"),
        ("Message-ID: <x@y.org>\nFrom: Ann <ann@gmail.com>", "ann@gmail.com"),
        ('"bob@company.com:service-account-bob"', "bob@company.com"),
        ("Author: Bart <bart@bartfan.localdomain>", "bart@bartfan.localdomain"),
    ],
)
def test_email_found_with_exact_extent(text: str, expected: str) -> None:
    assert texts(text, "EMAIL") == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "@property\ndef x(self): ...",
        "npm i @babel/core lodash@4.17.21",
        "background: url(logo@2x.png)",
        "git clone git@github.com:owner/repo.git",
        "ssh root@localhost",
        "see jane@example.com and bob@mail.example and x@corp.test",
        "cipher chacha20-poly1305@openssh.com",
        "a..b@mail.com",
        "user@host",
        "In-reply-to: <20030528162613.GB8524@ns.snowman.net>",
        "pushing to http://user@host.xz/ URL",
        "systemd-networkd-wait-online@eth0.service waits",
        "Message-ID: <545627AE.2040200@DemoRecorder.com>",
    ],
)
def test_email_lookalikes_are_not_reported(text: str) -> None:
    assert texts(text, "EMAIL") == []


def test_example_domains_can_be_kept() -> None:
    assert [s.text for s in PiiScanner(include_examples=True).find("jane@example.com")] == ["jane@example.com"]


# --- phone -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call (415) 555-2671 now", "(415) 555-2671"),
        ("Call 415-555-2671.", "415-555-2671"),
        ("or 415.555.2671,", "415.555.2671"),
        ("toll free 1-800-555-0199", "1-800-555-0199"),
        ("US +1 (415) 555-2671", "+1 (415) 555-2671"),
        ("London +44 20 7946 0958 (office)", "+44 20 7946 0958"),
        ("+44 (0)20 7946 0958", "+44 (0)20 7946 0958"),
        ("UK 020 7946 0958", "020 7946 0958"),
        ("Berlin 030/901820.", "030/901820"),
        ("Paris 01 42 68 53 00.", "01 42 68 53 00"),
        ("Lyon 06.71.38.29.45", "06.71.38.29.45"),
        ("Tokyo +81 3-4172-9385", "+81 3-4172-9385"),
        ("Mobile +4915172938561", "+4915172938561"),
        ("dial 0044 20 7946 0958", "0044 20 7946 0958"),
        ("Tel: 4155552671", "4155552671"),
        ('"phone": "02079460958"', "02079460958"),
        ("open 030 4172 9385 24 hours", "030 4172 9385"),
    ],
)
def test_phone_found_with_exact_extent(text: str, expected: str) -> None:
    assert texts(text, "PHONE") == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "on 2024-03-01 10:12:01",
        "due 05.06.2023 and 06.07.2023",
        "ISBN 0-306-40615-2",
        "ISBN 978-3-16-148410-0",
        "SSN 123-45-6789",
        "ref 123-456-7890",  # area code 123 does not exist
        "call 911 now",
        "order #123-4567890-1234567",
        "order 099-9590345-6859286",
        "id 1234567890",
        "price 1,234,567.89",
        "zip 02138-4307",
        "population 12 345 678",
        "x = a+123456789",
        "seed 0056111009691096",
        "table 0000 0000 0000",
        "ratio 1e+10",
        "IBAN IE73 DXHL 0983 5967 7330 27",  # a mistyped IBAN is not a phone
        "call (555) 123-4567",  # placeholder digits
        "build 098-765-432",
        "version 2.31.0-1ubuntu2",
    ],
)
def test_phone_lookalikes_are_not_reported(text: str) -> None:
    assert texts(text, "PHONE") == []


# --- IP addresses ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("from 203.45.67.89 port 22", "203.45.67.89"),
        ("ip=52.94.236.248.", "52.94.236.248"),
        ("[2606:4700:4700::1111]:443", "2606:4700:4700::1111"),
        ("v6 2a00:1450:4001:82a::200e", "2a00:1450:4001:82a::200e"),
        ("2001:4860:4860:0:0:0:0:8888 full form", "2001:4860:4860:0:0:0:0:8888"),
        ("mapped ::ffff:52.94.236.248 ok", "::ffff:52.94.236.248"),
        ("listens on 2606:4700::6810:85e5: ok", "2606:4700::6810:85e5"),
    ],
)
def test_ip_found_with_exact_extent(text: str, expected: str) -> None:
    assert texts(text, "IP_ADDRESS") == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "version 1.2.3.4",
        "v2.4.1.9",
        "XFree86 4.3.0.1",
        "binutils (2.10.0.18-1) unstable",
        "oracle 11.2.0.4.v3",
        "Chrome/120.0.6099.109",
        "OID 1.3.6.1.4.1.311",
        "Section 4.1.2.3",
        "1.0.0.127.in-addr.arpa",
        "999.1.1.1",
        "01.02.03.04",
        "update standards version to 4.5.0.2",
        "std::vector<int> v;",
        "12:34:56",
        "00:1A:2B:3C:4D:5E",
        "dead::beef",
        "x2606:4700::1",
    ],
)
def test_ip_lookalikes_are_not_reported(text: str) -> None:
    assert texts(text, "IP_ADDRESS") == []


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "192.168.1.20",
        "172.16.5.4",
        "192.0.2.10",
        "::1",
        "fe80::1ff:fe23:4567:890a",
        "2001:db8::1",
        "224.0.0.251",
    ],
)
def test_non_public_ips_only_when_asked(address: str) -> None:
    text = f"host {address} here"
    assert texts(text, "IP_ADDRESS") == []
    assert [s.text for s in PiiScanner(public_ips_only=False).find(text)] == [address]


def test_public_ipv4_table_agrees_with_ipaddress() -> None:
    import ipaddress
    import random

    from clearance.curate.pii.network import public_ipv4

    def reference(address: ipaddress.IPv4Address) -> bool:
        return address.is_global and not address.is_multicast and not address.is_reserved

    rng = random.Random(3)
    edges = [0, 10, 100, 127, 169, 172, 192, 198, 203, 223, 224, 255]
    samples = [rng.getrandbits(32) for _ in range(20000)]
    samples += [(a << 24) | (b << 16) | (c << 8) | d for a in edges for b in (0, 15, 16, 31, 32, 51, 63, 64, 127, 128, 168, 254, 255) for c in (0, 2, 100, 113) for d in (0, 9, 255)]  # fmt: skip
    for value in samples:
        address = ipaddress.IPv4Address(value)
        if address in ipaddress.IPv4Network("192.0.0.0/24"):
            continue  # its exceptions changed between Python releases; the table follows IANA
        assert public_ipv4(*address.packed) == reference(address), str(address)


# --- cards -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "brand"),
    [
        ("card 4111 1111 1111 1111 exp 12/27", "4111 1111 1111 1111", "visa"),
        ("cc=5555-5555-5555-4444;", "5555-5555-5555-4444", "mastercard"),
        ("Amex 3782 822463 10005", "3782 822463 10005", "amex"),
        ("plain 6011111111111117.", "6011111111111117", "discover"),
        ("card no 378282246310005", "378282246310005", "amex"),  # 15 bare digits after a card word
    ],
)
def test_card_found_with_brand(text: str, expected: str, brand: str) -> None:
    spans = [s for s in find_pii(text) if s.kind == "CREDIT_CARD"]
    assert [(s.text, s.subtype) for s in spans] == [(expected, brand)]


@pytest.mark.parametrize(
    "text",
    [
        "ref 4111 1111 1111 1112",  # Luhn fails
        "id 9111111111111111",  # no network starts with 9
        "rng = default_rng(348932549825235)",  # 15 bare digits, no card word
        "seed [4220315081820346526]",
        "1234 5678 9012 3456 7890",  # five groups: longer than a card
        "ISBN 9783161484100",
        "x4111111111111111",
        "+4915112345678",  # a phone number that happens to pass Luhn
    ],
)
def test_card_lookalikes_are_not_reported(text: str) -> None:
    assert texts(text, "CREDIT_CARD") == []


# --- IBAN --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IBAN: DE89 3704 0044 0532 0130 00 (EUR)", "DE89 3704 0044 0532 0130 00"),
        ("to GB82WEST12345698765432.", "GB82WEST12345698765432"),
        ("NL91 ABNA 0417 1643 00 please", "NL91 ABNA 0417 1643 00"),
        ('"iban": "FR1420041010050500013M02606"', "FR1420041010050500013M02606"),
    ],
)
def test_iban_found_with_exact_extent(text: str, expected: str) -> None:
    assert texts(text, "IBAN") == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "DE89 3704 0044 0532 0130 01",  # checksum fails
        "DE89370400440532013000123",  # continues past the German length
        "XDE89370400440532013000",  # glued to a letter
        "AB12 CDEF 3456",
        "de89370400440532013000",  # lower case
    ],
)
def test_iban_lookalikes_are_not_reported(text: str) -> None:
    assert texts(text, "IBAN") == []
