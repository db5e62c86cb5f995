"""The license a package's own metadata declares: pyproject.toml (PEP 621/639, Poetry), setup.cfg,
PKG-INFO/METADATA, package.json, composer.json, Cargo.toml, R's DESCRIPTION and Ruby gemspecs.

A declared SPDX expression is strong evidence (0.9); a trove classifier names a family, not always
a version, so it is weaker (0.7). A metadata file that cannot be parsed raises ``ValueError`` naming
the file and line, so that the reader can report it instead of silently finding no license.
"""

from __future__ import annotations

import configparser
import json
import re
import tomllib
from pathlib import PurePosixPath

from clearance.licenses.catalog import alias_target, lookup
from clearance.licenses.detect.finding import Finding, clip
from clearance.licenses.detect.ids import current_ids
from clearance.licenses.expression import parse_license

#: File names this module reads (gemspecs are matched by suffix).
METADATA_FILES = frozenset({"pyproject.toml", "setup.cfg", "PKG-INFO", "METADATA", "package.json", "composer.json",
                            "Cargo.toml", "DESCRIPTION"})

#: Trove classifier leaves (and R license names) that do not spell an SPDX id or a known alias.
_NAMED = {"python software foundation license": "PSF-2.0", "apache software license": "Apache-2.0",
          "bsd license": "LicenseRef-BSD-unversioned", "isc license (iscl)": "ISC", "the unlicense (unlicense)":
          "Unlicense", "mit no attribution license (mit-0)": "MIT-0", "zope public license": "ZPL-2.1",
          "boost software license 1.0 (bsl-1.0)": "BSL-1.0", "public domain": "LicenseRef-public-domain",
          "cc0 1.0 universal (cc0 1.0) public domain dedication": "CC0-1.0", "bsd_2_clause": "BSD-2-Clause",
          "bsd_3_clause": "BSD-3-Clause", "academic free license (afl)": "LicenseRef-AFL-unversioned"}


def is_metadata_file(path: str) -> bool:
    name = PurePosixPath(path).name
    return name in METADATA_FILES or name.endswith(".gemspec")


def _spdx(value: str) -> str | None:
    info = parse_license(value.strip())
    return info.spdx if info.spdx and info.problem is None else None


def _classifier(classifier: str) -> str | None:
    """``License :: OSI Approved :: GNU General Public License v3 (GPLv3)`` -> ``GPL-3.0-only``."""
    leaf = classifier.split("::")[-1].strip()
    if leaf.lower() in _NAMED:
        return _NAMED[leaf.lower()]
    inner = re.search(r"\(([^()]+)\)\s*$", leaf)
    for name in ([inner[1]] if inner else []) + [leaf, re.sub(r"\s*\([^()]*\)\s*$", "", leaf)]:
        target = alias_target(name) or (lookup(name).key if lookup(name) else None)
        if target:
            return target
    return None


def _found(spdx: str | None, path: str, what: str, snippet: str, confidence: float) -> Finding | None:
    if spdx is None:
        return None
    return Finding(current_ids(spdx), "package-metadata", f"{path} {what}", clip(snippet), confidence)


def _from_classifiers(classifiers: list[str], path: str) -> Finding | None:
    found = [c for c in classifiers if isinstance(c, str) and c.startswith("License ::")]
    keys = list(dict.fromkeys(k for k in (_classifier(c) for c in found) if k))
    if not keys:
        return None
    # Several license classifiers mean the user may choose (that is how packages use them).
    return _found(" OR ".join(keys), path, "classifiers", "; ".join(found), 0.7)


def _line_of(text: str, needle: str) -> int | None:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def _toml(path: str, text: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: invalid TOML: {exc}") from exc


def _pyproject(path: str, text: str) -> Finding | None:
    data = _toml(path, text)
    project = data.get("project", {})
    lic = project.get("license")
    if isinstance(lic, str):
        return _found(_spdx(lic), path, "[project] license", f"license = {lic!r}", 0.9)
    if isinstance(lic, dict) and isinstance(lic.get("text"), str):
        value = lic["text"]
        found = _found(_spdx(value) or (value.strip() and alias_target(value.strip())), path,
                       "[project] license.text", value, 0.8)
        if found:
            return found
    poetry = data.get("tool", {}).get("poetry", {})
    if isinstance(poetry.get("license"), str):
        return _found(_spdx(poetry["license"]), path, "[tool.poetry] license", poetry["license"], 0.9)
    return _from_classifiers(project.get("classifiers", []) or poetry.get("classifiers", []), path)


def _setup_cfg(path: str, text: str) -> Finding | None:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error as exc:
        raise ValueError(f"{path}: invalid setup.cfg: {exc}") from exc
    if not parser.has_section("metadata"):
        return None
    meta = parser["metadata"]
    if meta.get("license", "").strip():
        found = _found(_spdx(meta["license"]), path, "[metadata] license", meta["license"], 0.9)
        if found:
            return found
    return _from_classifiers([c.strip() for c in meta.get("classifiers", "").splitlines() if c.strip()], path)


def _pkg_info(path: str, text: str) -> Finding | None:
    header = text.split("\n\n", 1)[0]
    fields = re.findall(r"^(License-Expression|License|Classifier):[ \t]*(.*)$", header, re.MULTILINE)
    for name, value in fields:
        if name == "License-Expression" and _spdx(value):
            return _found(_spdx(value), path, f"line {_line_of(text, value)}", f"{name}: {value}", 0.9)
    for name, value in fields:
        if name == "License" and value.strip() and _spdx(value):
            return _found(_spdx(value), path, f"line {_line_of(text, value)}", f"{name}: {value}", 0.8)
    return _from_classifiers([v for n, v in fields if n == "Classifier"], path)


def _json(path: str, text: str) -> Finding | None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from exc
    if not isinstance(data, dict):
        return None
    lic = data.get("license", data.get("licenses"))
    values: list[str] = []
    for item in lic if isinstance(lic, list) else [lic]:
        value = item.get("type") if isinstance(item, dict) else item
        if isinstance(value, str) and value.strip():
            values.append(value.strip())
    if not values:
        return None
    keys = [_spdx(v) for v in values]
    if any(k is None for k in keys):  # "SEE LICENSE IN ...", "UNLICENSED", a typo
        if values == ["UNLICENSED"]:
            return _found("LicenseRef-proprietary", path, "license", "UNLICENSED", 0.9)
        return None
    expression = keys[0] if len(keys) == 1 else " OR ".join(f"({k})" if " " in k else k for k in keys)
    return _found(_spdx(expression), path, "license", json.dumps(lic), 0.9)


def _cargo(path: str, text: str) -> Finding | None:
    package = _toml(path, text).get("package", {})
    lic = package.get("license")
    if isinstance(lic, str):
        return _found(_spdx(lic), path, "[package] license", f"license = {lic!r}", 0.9)
    return None


_R_VERSIONED = re.compile(r"^(?P<name>A?GPL|LGPL)\s*\(\s*>=\s*(?P<ver>[\d.]+)\s*\)$", re.IGNORECASE)


def _r_license(part: str) -> str | None:
    part = re.sub(r"\s*\+\s*file\s+LICEN[CS]E\s*$", "", part.strip(), flags=re.IGNORECASE)
    m = _R_VERSIONED.match(part)
    if m:
        version = m["ver"] if "." in m["ver"] else m["ver"] + ".0"
        return _spdx(f"{m['name'].upper()}-{version}-or-later")
    if part.lower() in _NAMED:
        return _NAMED[part.lower()]
    named = re.match(r"^Apache License(?:\s*\(\s*==\s*|\s+)(?P<ver>2\.0)\)?$", part, re.IGNORECASE)
    if named:
        return "Apache-2.0"
    cc = re.match(r"^CC\s+(?P<el>BY(?:-(?:NC|SA|ND))*)\s+(?P<ver>\d\.\d)$", part, re.IGNORECASE)
    if cc:
        return _spdx(f"CC-{cc['el'].upper()}-{cc['ver']}")
    return _spdx(part)


def _description(path: str, text: str) -> Finding | None:
    m = re.search(r"^License:[ \t]*(?P<value>.+(?:\n[ \t]+.+)*)", text, re.MULTILINE)
    if not m:
        return None
    value = " ".join(m["value"].split())
    keys = [_r_license(p) for p in value.split("|")]
    if not keys or any(k is None for k in keys):
        return None
    return _found(" OR ".join(dict.fromkeys(keys)), path, f"line {_line_of(text, m[0])}", f"License: {value}", 0.9)


_GEM = re.compile(r"\.licen[cs]es?\s*=\s*(?P<value>\[[^\]]*\]|'[^']*'|\"[^\"]*\")")


def _gemspec(path: str, text: str) -> Finding | None:
    m = _GEM.search(text)
    if not m:
        return None
    values = re.findall(r"['\"]([^'\"]+)['\"]", m["value"])
    keys = [_spdx(v) for v in values]
    if not keys or any(k is None for k in keys):
        return None
    return _found(" OR ".join(keys), path, f"line {_line_of(text, m[0])}", m[0], 0.9)


def package_metadata_license(path: str, text: str) -> Finding | None:
    """The license a package metadata file declares, or None when it declares none we understand."""
    name = PurePosixPath(path).name
    readers = {"pyproject.toml": _pyproject, "setup.cfg": _setup_cfg, "PKG-INFO": _pkg_info, "METADATA": _pkg_info,
               "package.json": _json, "composer.json": _json, "Cargo.toml": _cargo, "DESCRIPTION": _description}
    reader = readers.get(name) or (_gemspec if name.endswith(".gemspec") else None)
    return reader(path, text) if reader else None
