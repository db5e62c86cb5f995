"""Luhn, IBAN mod-97 and card-brand rules against published reference numbers."""

from __future__ import annotations

import pytest

from clearance.curate.pii.checksums import IBAN_LENGTHS, card_brand, card_valid, iban_valid, luhn_valid

# Card networks' published test numbers (valid Luhn, real IIN ranges).
TEST_CARDS = {
    "4111111111111111": "visa",
    "4012888888881881": "visa",
    "5555555555554444": "mastercard",
    "2223003122003222": "mastercard",
    "378282246310005": "amex",
    "371449635398431": "amex",
    "6011111111111117": "discover",
    "3530111333300000": "jcb",
    "30569309025904": "diners",
    "6200000000000005": "unionpay",
}


@pytest.mark.parametrize(("number", "brand"), TEST_CARDS.items())
def test_published_test_cards_are_valid_with_their_brand(number: str, brand: str) -> None:
    assert luhn_valid(number)
    assert card_valid(number) == brand


def test_luhn_rejects_every_single_digit_change() -> None:
    number = "4111111111111111"
    for i in range(len(number)):
        for d in "0123456789":
            if d != number[i]:
                assert not luhn_valid(number[:i] + d + number[i + 1 :])


@pytest.mark.parametrize("bad", ["", "abc", "4111 1111 1111 1111", "٤١١١١١١١١١١١١١١١"])
def test_luhn_needs_ascii_digits(bad: str) -> None:
    assert not luhn_valid(bad)


def test_card_brand_checks_length_and_range() -> None:
    assert card_brand("4111111111111") == "visa"  # 13 digits: an old Visa length
    assert card_brand("41111111111111") is None  # 14 digits: no Visa of that length
    assert card_brand("3411111111111111") is None  # Amex is 15 digits
    assert card_brand("9111111111111111") is None  # no network starts with 9
    assert card_brand("411111111111") is None  # 12 digits: too short


# From the SWIFT IBAN registry's examples.
REGISTRY_EXAMPLES = [
    "DE89370400440532013000",
    "GB82WEST12345698765432",
    "FR1420041010050500013M02606",
    "NL91ABNA0417164300",
    "CH9300762011623852957",
    "BE68539007547034",
    "NO9386011117947",
    "MT84MALT011000012345MTLCAST001S",
    "SA0380000000608010167519",
    "BR1800360305000010009795493C1",
]


@pytest.mark.parametrize("iban", REGISTRY_EXAMPLES)
def test_registry_examples_are_valid(iban: str) -> None:
    assert iban_valid(iban)


@pytest.mark.parametrize("iban", REGISTRY_EXAMPLES)
def test_one_changed_character_breaks_the_check(iban: str) -> None:
    i = len(iban) - 3
    changed = iban[:i] + ("1" if iban[i] != "1" else "2") + iban[i + 1 :]
    assert not iban_valid(changed)


def test_iban_rejects_wrong_length_unknown_country_and_lower_case() -> None:
    assert not iban_valid("DE8937040044053201300")  # one short
    assert not iban_valid("XX89370400440532013000")  # no such country
    assert not iban_valid("gb82west12345698765432")
    assert not iban_valid("GB82 WEST 1234 5698 7654 32")  # compact form only


def test_length_table_covers_the_registry() -> None:
    assert len(IBAN_LENGTHS) >= 89
    assert all(15 <= n <= 34 for n in IBAN_LENGTHS.values())
    assert IBAN_LENGTHS["NO"] == 15 and IBAN_LENGTHS["RU"] == 33 and IBAN_LENGTHS["DE"] == 22
