"""TDMRep: header/meta values and /.well-known/tdmrep.json rules."""

import pytest

from clearance.curate.optout.tdmrep import parse_tdmrep, reservation_value
from clearance.io import InputError

GOOD = """[
  {"location": "/public/*", "tdm-reservation": 0},
  {"location": "/*.pdf$", "tdm-reservation": 1,
   "tdm-policy": "https://example.com/policies/policy.json"},
  {"location": "/", "tdm-reservation": 1}
]"""


@pytest.mark.parametrize(("value", "expected"), [("1", 1), (" 0 ", 0), ('"1"', 1), ("2", None), ("yes", None),
                                                 ("", None), (None, None)])
def test_reservation_value(value, expected) -> None:
    assert reservation_value(value) == expected


def test_first_matching_rule_applies() -> None:
    parsed = parse_tdmrep(GOOD, "tdmrep.json")
    assert parsed.rule_for("/public/a.pdf").reservation == 0  # first in sequence wins, not the longest
    pdf = parsed.rule_for("/docs/a.pdf")
    assert pdf.reservation == 1 and pdf.policy.endswith("policy.json") and pdf.line == 3
    assert parsed.rule_for("/docs/a.pdf?x=1").line == 5  # $ anchors: the query breaks the pdf rule
    assert parsed.rule_for("/anything").line == 5


def test_empty_array_and_no_match() -> None:
    assert parse_tdmrep(" [ ] ", "t").rules == []
    assert parse_tdmrep('[{"location": "/a", "tdm-reservation": 1}]', "t").rule_for("/b") is None


def test_string_reservation_is_accepted_and_bom_tolerated() -> None:
    parsed = parse_tdmrep('\ufeff[{"location": "/", "tdm-reservation": "1"}]'.encode(), "t")
    assert parsed.rules[0].reservation == 1


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('{"location": "/", "tdm-reservation": 1}', 1, "array"),
        ('[\n{"location": "/", "tdm-reservation": 1},\n{"location": "/x", "tdm-reservation": 2}\n]', 3, "0 or 1"),
        ('[\n{"location": "/", "tdm-reservation": true}]', 2, "0 or 1"),
        ('[\n\n{"tdm-reservation": 1}]', 3, "location"),
        ('[{"location": "relative", "tdm-reservation": 1}]', 1, "location"),
        ('[\n{"location": "/", "tdm-reservation": 1, "tdm-policy": 5}]', 2, "tdm-policy"),
        ('[\n"just a string"]', 2, "object"),
        ('[\n{"location": "/", "tdm-reservation": 1}\n{"location": "/b"}]', 3, "','"),
        ('[\n{"location": "/",\n "tdm-reservation": 1,}]', 3, "JSON"),
        ('[{"location": "/", "tdm-reservation": 1}]\n junk', 2, "after"),
    ],
)
def test_bad_files_name_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(InputError) as err:
        parse_tdmrep(text, "sites/h/.well-known/tdmrep.json")
    assert err.value.path == "sites/h/.well-known/tdmrep.json"
    assert err.value.line == line and fragment in err.value.reason


def test_non_utf8_is_an_error() -> None:
    with pytest.raises(InputError, match="UTF-8"):
        parse_tdmrep(b'[\n{"location": "/\xff"}]', "t")
