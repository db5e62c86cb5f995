"""Policies: errors located by line and key, first-fit rules, allowlists, and the order of profiles."""

from __future__ import annotations

import pytest
from conftest import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from clearance.cli.main import app
from clearance.matches import KINDS, Match
from clearance.policy import Action, PolicyError, load_policy, parse_policy, profile_names
from clearance.policy.model import Listing

GOOD = """
[policy]
name = "mine"
default = "attribute"

[allow]
sources = ["https://github.com/my-org/*"]

[[rule]]
name = "copyleft"
category = ["strong-copyleft"]
min_chars = 100
action = "block"

[[rule]]
name = "partner"
spdx = ["LicenseRef-partner*"]
action = "allow"
"""


def match(license: str | None = "MIT", chars: int = 200, tokens: int = 60, kind: str = "exact",
          doc: str = "d1", source: str | None = None, licenses: list[str] | None = None) -> Match:
    return Match(0, chars, doc, 0, chars, kind, 1.0, tokens, 1, license=license, source=source,
                 licenses=licenses if licenses is not None else [license or "unknown"])


def test_first_fitting_rule_decides_and_allowlist_comes_first() -> None:
    p = parse_policy(GOOD)
    assert p.judge(match("GPL-3.0-only")).action is Action.BLOCK
    assert p.judge(match("GPL-3.0-only", chars=99)).action is Action.ATTRIBUTE  # default
    partner = p.judge(match("LicenseRef-partner-2024"))  # a user's own LicenseRef: the glob sees it as written
    assert (partner.rule, partner.action) == ("partner", Action.ALLOW)
    allowed = p.judge(match("GPL-3.0-only", source="https://github.com/my-org/tool"))
    assert (allowed.action, allowed.rule) == (Action.ALLOW, "allowlist")


@pytest.mark.parametrize("text, line, key", [
    ("[policy]\nname = 'x'\n\n[[rule]]\naction = 'block'\n\n[[rule]]\nactoin = 'block'\n", 8, "rule[2].actoin"),
    ("[[rule]]\nname = 'a'\naction = 'deny'\n", 3, "rule[1].action"),
    ("[[rule]]\naction = 'block'\ncategory = ['copyleft']\n", 3, "rule[1].category"),
    ("[[rule]]\naction = 'block'\nkind = 'verbatim'\n", 3, "rule[1].kind"),
    ("[[rule]]\naction = 'block'\nmin_chars = -1\n", 3, "rule[1].min_chars"),
    ("[policy]\nholders = 'any'\n", 2, "policy.holders"),
    ("[policy]\nmax_redacted_share = 2\n", 2, "policy.max_redacted_share"),
    ("[allow]\nlicenses = ['Nope-9']\n", 2, "allow.licenses"),
    ("[[rule]]\nname = 'no action'\n", 1, "rule[1]"),
    ("[polcy]\nname = 'x'\n", 1, "polcy"),
])
def test_errors_name_line_and_key(text: str, line: int, key: str) -> None:
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, "p.toml")
    assert (caught.value.line, caught.value.key) == (line, key)
    assert str(caught.value).startswith(f"p.toml:{line}: {key}: ")


def test_syntax_error_has_its_line() -> None:
    with pytest.raises(PolicyError) as caught:
        parse_policy("[policy]\nname = \n", "p.toml")
    assert caught.value.line == 2 and "not valid TOML" in str(caught.value)


def test_several_holders_are_judged_by_the_policy_mode() -> None:
    both = match("MIT", tokens=80, licenses=["GPL-3.0-only", "MIT"])
    code = load_policy("code")
    assert code.judge(both).action is Action.BLOCK  # most-restrictive by default
    lenient = parse_policy(load_policy_text("code").replace('default = "allow"', 'default = "allow"\nholders = "most-permissive"'))
    assert lenient.judge(both).action is Action.ATTRIBUTE


def load_policy_text(name: str) -> str:
    from importlib import resources
    return resources.files("clearance.policy").joinpath("profiles", f"{name}.toml").read_text("utf-8")


LICENSES = ["MIT", "Apache-2.0", "GPL-3.0-only", "LGPL-2.1-only", "CC-BY-NC-4.0", "CC-BY-ND-4.0", "CC0-1.0",
            "CC-BY-SA-4.0", "LicenseRef-proprietary", None, "Foo-1.0", "MIT OR GPL-2.0-only"]
matches = st.builds(
    match, license=st.sampled_from(LICENSES), chars=st.integers(1, 2000), tokens=st.integers(1, 400),
    kind=st.sampled_from(KINDS), doc=st.sampled_from(["a", "b", "c"]),
    source=st.sampled_from([None, "https://github.com/x/y", "https://news.example/a"]))


@settings(max_examples=300, deadline=None)
@given(matches, st.sampled_from(sorted(profile_names())), st.sampled_from(["a", "b", "c"]),
       st.sampled_from(["https://github.com/x/*", "https://news.example/*", "*"]))
def test_adding_to_an_allowlist_never_turns_allow_into_block(m: Match, name: str, doc: str, source: str) -> None:
    base = load_policy(name)
    before = base.judge(m).action
    for extra in (Listing(documents=base.allow.documents | {doc}), Listing(sources=base.allow.sources + (source,))):
        after = base.__class__(**{**{f: getattr(base, f) for f in base.__dataclass_fields__}, "allow": extra}).judge(m).action
        assert after.severity <= before.severity


@settings(max_examples=500, deadline=None)
@given(matches)
def test_a_stricter_profile_never_allows_what_a_looser_one_blocks(m: Match) -> None:
    pairs = [(name, looser) for name in profile_names() for looser in load_policy(name).stricter_than]
    assert pairs, "profiles declare no order"
    for stricter, looser in pairs:
        if load_policy(looser).judge(m).action is Action.BLOCK:
            assert load_policy(stricter).judge(m).action is Action.BLOCK, (stricter, looser)


def test_every_profile_cites_its_standard() -> None:
    for name in profile_names():
        p = load_policy(name)
        assert p.standard and p.description and p.rules, name


def test_explain_cli_shows_the_rule_and_conditions(tmp_path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["policy", "explain", "--policy", "code", "--license", "GPL-2.0-only",
                                 "--chars", "400", "--tokens", "90", "--kind", "code"])
    assert result.exit_code == 0, result.output
    assert "rule 'short match' (does not fit): ✗ 400 characters <= 149" in result.output
    assert "=> block by 'copyleft code'" in result.output
    bad = tmp_path / "bad.toml"
    bad.write_text("[[rule]]\naction = 'stop'\n")
    result = run_cli("policy", "validate", str(bad))
    assert result.returncode == 2 and f"{bad}:2: rule[1].action" in result.stderr
    unknown = tmp_path / "unknown.toml"
    unknown.write_text("[policy]\nname = 'x'\nbogus = 1\n")
    result = run_cli("policy", "validate", str(unknown))
    # brackets in a message are text, not console markup: "[policy]" must reach the user
    assert result.returncode == 2 and f"{unknown}:3: policy.bogus: unknown key in [policy]" in result.stderr


def test_unknown_policy_name_is_a_clear_error() -> None:
    with pytest.raises(PolicyError, match="not a shipped profile"):
        load_policy("no-such-profile")
