"""resolve: stated license, findings by tier, image-only findings, conflicts, evidence, confidence."""

from __future__ import annotations

from clearance.licenses import Category
from clearance.licenses.detect import Finding, resolve


def test_nothing_known_is_unknown():
    info = resolve(None, [])
    assert info.spdx is None and info.category is Category.UNKNOWN


def test_license_file_and_agreeing_metadata():
    info = resolve(None, [Finding("MIT", "license-file", "LICENSE", "exact copy", 0.9),
                          Finding("MIT", "package-metadata", "pyproject.toml", "license = 'MIT'", 0.9)])
    assert info.spdx == "MIT" and info.category is Category.PERMISSIVE and info.problem is None
    assert [e.where for e in info.evidence] == ["LICENSE", "pyproject.toml"]
    assert info.confidence > 0.9  # two kinds of evidence agree


def test_the_files_own_header_beats_the_repository_license():
    info = resolve(None, [Finding("Apache-2.0", "license-file", "LICENSE"),
                          Finding("MIT", "spdx-header", "vendor/x.c line 1")])
    assert info.spdx == "MIT" and info.problem is None


def test_an_expression_covering_the_others_is_taken():
    info = resolve(None, [Finding("MIT", "license-file", "LICENSE-MIT"),
                          Finding("Apache-2.0", "license-file", "LICENSE-APACHE"),
                          Finding("MIT OR Apache-2.0", "package-metadata", "Cargo.toml", confidence=0.9)])
    assert info.spdx == "MIT OR Apache-2.0" and info.problem is None


def test_conflicts_are_reported_and_all_licenses_apply():
    info = resolve(None, [Finding("MIT", "license-file", "LICENSE"),
                          Finding("GPL-3.0-only", "package-metadata", "package.json", confidence=0.9)])
    assert info.spdx == "MIT AND GPL-3.0-only"
    assert info.category is Category.STRONG_COPYLEFT  # the most restrictive decides
    assert "conflicting" in info.problem and "package.json" in info.problem and info.confidence <= 0.6


def test_image_only_findings_do_not_license_the_text():
    image = Finding("CC-BY-4.0", "link-rel", "<figure> rel=license", covers="image")
    info = resolve(None, [image])
    assert info.spdx is None and "image" in info.problem
    info = resolve(None, [image, Finding("CC-BY-NC-4.0", "footer", "footer", confidence=0.9)])
    assert info.spdx == "CC-BY-NC-4.0"


def test_structured_markup_beats_footer_text():
    info = resolve(None, [Finding("CC-BY-SA-4.0", "footer", "footer", confidence=0.9),
                          Finding("CC-BY-4.0", "link-rel", '<link rel="license">', confidence=0.9)])
    assert info.spdx == "CC-BY-4.0"


def test_all_rights_reserved_yields_to_a_license_but_stands_alone():
    arr = Finding("LicenseRef-All-Rights-Reserved", "footer", "footer", confidence=0.4)
    assert resolve(None, [arr, Finding("BSD-3-Clause", "license-file", "LICENSE")]).spdx == "BSD-3-Clause"
    alone = resolve(None, [arr])
    assert alone.category is Category.PROPRIETARY and alone.confidence == 0.4


def test_stated_license_wins_and_contradictions_are_reported():
    agree = resolve("cc-by-sa-4.0", [Finding("CC-BY-SA-4.0", "footer", "footer", confidence=0.9)])
    assert agree.spdx == "CC-BY-SA-4.0" and agree.confidence == 1.0 and agree.evidence[0].kind == "stated"
    clash = resolve("MIT", [Finding("GPL-2.0-only", "license-file", "COPYING")])
    assert clash.spdx == "MIT" and "GPL-2.0-only" in clash.problem and clash.confidence < 1.0


def test_a_stated_license_not_understood_falls_back_to_findings():
    info = resolve("see website", [Finding("Apache-2.0", "license-file", "LICENSE")])
    assert info.spdx == "Apache-2.0" and "see website" in info.problem


def test_findings_survive_json_before_resolving():
    findings = [Finding("MPL-2.0", "spdx-header", "a.rs line 1", "SPDX-License-Identifier: MPL-2.0")]
    restored = [Finding.from_json(f.to_json()) for f in findings]
    assert resolve(None, restored) == resolve(None, findings)


def test_the_gpl_text_shipped_with_the_lgpl_3_is_not_a_second_license():
    info = resolve(None, [Finding("GPL-3.0-only", "license-file", "COPYING", confidence=0.99),
                          Finding("LGPL-3.0-only", "license-file", "COPYING.LESSER")])
    assert info.spdx == "LGPL-3.0-only" and info.problem is None
    assert {e.where for e in info.evidence} == {"COPYING", "COPYING.LESSER"}
    assert info.category is Category.WEAK_COPYLEFT


def test_a_gpl_header_beside_the_lgpl_files_still_conflicts():
    # the pairing rule is for the two license texts; a GPL statement of another kind is a real conflict
    info = resolve(None, [Finding("LGPL-3.0-only", "license-file", "COPYING.LESSER"),
                          Finding("GPL-3.0-only", "package-metadata", "setup.cfg")])
    assert info.spdx == "LGPL-3.0-only AND GPL-3.0-only" and "conflicting" in info.problem
