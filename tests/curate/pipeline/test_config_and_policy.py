"""Config and profile mistakes point at the line to fix; profiles decide as their sources say."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearance.curate.config import ConfigError, parse_config
from clearance.curate.policy import TomlError, load_profile, parse_profile, profile_names
from clearance.licenses import parse_license

BASE = '[run]\noutput = "out"\n\n[[input]]\npath = "c.jsonl"\n'


def test_relative_paths_start_at_the_config(tmp_path: Path) -> None:
    config = parse_config(BASE + '[optout]\nsites = "sites"\n', str(tmp_path / "c.toml"), tmp_path)
    assert config.output == tmp_path / "out"
    assert config.inputs[0].path == tmp_path / "c.jsonl"
    assert config.optout.sites == tmp_path / "sites"


@pytest.mark.parametrize(("extra", "message"), [
    ("[dedup]\nbandz = 3\n", r"c.toml:7: dedup.bandz: unknown key"),
    ('[license]\nunknown = "maybe"\n', r"c.toml:7: license.unknown: 'maybe' is not one of drop, keep, review"),
    ('[license]\nprofile = "nope"\n', r"c.toml:7: license.profile: no such profile"),
    ('[license]\nsearch_text = "no"\n', r"c.toml:7: license.search_text: must be true or false"),
    ("[run2]\n", r"c.toml:6: run2: unknown key at the top level"),
    ("[dedup]\nthreshold = 2\n", r"c.toml:7: dedup.threshold: must be a number from 0.0 to 1.0"),
    ("[dedup]\nexact = false\n", r"c.toml:7: dedup.exact: near dedup includes exact dedup"),
    ('[pii]\nkinds = ["SSN"]\n', r"c.toml:7: pii.kinds: 'SSN' is not one of"),
    ('[[input]]\nformat = "csv"\npath = "x"\n', r"c.toml:7: input\[2\].format: 'csv' is not one of"),
    ("[run\n", r"c.toml:6: not valid TOML"),
])
def test_mistakes_name_file_line_and_key(extra: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_config(BASE + extra, "c.toml", Path("/"))


def test_missing_output_and_inputs() -> None:
    with pytest.raises(ConfigError, match="run.output: missing"):
        parse_config('[[input]]\npath = "a"\n', "c.toml", Path("/"))
    with pytest.raises(ConfigError, match=r"no \[\[input\]\]"):
        parse_config('[run]\noutput = "o"\n', "c.toml", Path("/"))


def test_shipped_profiles() -> None:
    assert profile_names() == ["mixturevitae", "open-definition", "permissive-only"]
    verdicts = {name: {lic: load_profile(name).judge(parse_license(lic)).decision
                       for lic in ("CC0-1.0", "MIT", "CC-BY-SA-4.0", "GPL-3.0-only", "CC-BY-NC-4.0", "CC-BY-ND-4.0")}
                for name in profile_names()}
    assert verdicts["permissive-only"] == {"CC0-1.0": "keep", "MIT": "keep", "CC-BY-SA-4.0": "drop",
                                           "GPL-3.0-only": "drop", "CC-BY-NC-4.0": "drop", "CC-BY-ND-4.0": "drop"}
    assert verdicts["open-definition"] == {"CC0-1.0": "keep", "MIT": "keep", "CC-BY-SA-4.0": "keep",
                                           "GPL-3.0-only": "keep", "CC-BY-NC-4.0": "drop", "CC-BY-ND-4.0": "drop"}
    assert verdicts["mixturevitae"] == verdicts["permissive-only"]
    for name in profile_names():
        assert load_profile(name).sources, f"{name} cites no source"


def test_unknown_handling_is_explicit() -> None:
    policy = load_profile("permissive-only")
    none = parse_license(None)
    assert policy.judge(none).decision == "drop"
    assert policy.with_unknown("review").judge(none).decision == "review"
    kept = policy.with_unknown("keep").judge(none)
    assert (kept.decision, kept.tier) == ("keep", "unknown")
    # an OR with an unknown side takes the known permissive side
    assert policy.judge(parse_license("MIT OR Foo-License")).decision == "keep"


def test_low_confidence_counts_as_unknown() -> None:
    import dataclasses

    policy = load_profile("permissive-only")
    weak = dataclasses.replace(parse_license("MIT"), confidence=0.3)
    verdict = policy.judge(weak)
    assert verdict.decision == "drop" and "confidence 0.30, below the profile's 0.50" in verdict.reason


def test_mixturevitae_tiers_by_evidence_and_host() -> None:
    import dataclasses

    from clearance.licenses import Evidence

    policy = load_profile("mixturevitae")
    stated = parse_license("MIT")
    repo = dataclasses.replace(stated, evidence=(Evidence("license-file", "repo/LICENSE"),))
    assert policy.judge(stated).tier == "1-explicit-open"
    assert policy.judge(repo).tier == "2-permissive-repository"
    assert policy.judge(parse_license(None), "https://www.nasa.gov/image").tier == "3-government"
    assert policy.judge(parse_license(None), "https://nasa.gov.example.com/").decision == "drop"


def test_user_profile_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('[profile]\nname = "mine"\ndeny = ["WTFPL"]\nunknown = "review"\n\n'
                    '[[tier]]\ncategories = ["permissive", "public-domain"]\n', encoding="utf-8")
    policy = load_profile(path)
    assert policy.judge(parse_license("WTFPL")).decision == "drop"
    assert policy.judge(parse_license("MIT")).decision == "keep"
    with pytest.raises(TomlError, match=r"p.toml:4: tier\[1\].categories: unknown license category 'open'"):
        parse_profile('[profile]\nname = "x"\n[[tier]]\ncategories = ["open"]\n', "p.toml")
    with pytest.raises(TomlError, match="at least one"):
        parse_profile('[profile]\nname = "x"\n', "p.toml")
