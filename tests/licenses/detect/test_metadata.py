"""Package metadata files: the license each declares, and clear errors for broken ones."""

from __future__ import annotations

import pytest

from clearance.licenses.detect import package_metadata_license


@pytest.mark.parametrize("path, text, spdx", [
    ("pyproject.toml", '[project]\nname = "x"\nlicense = "MIT OR Apache-2.0"\n', "MIT OR Apache-2.0"),
    ("pyproject.toml", '[project]\nname = "x"\nlicense = {text = "BSD-3-Clause"}\n', "BSD-3-Clause"),
    ("pyproject.toml", '[tool.poetry]\nname = "x"\nlicense = "GPL-3.0-or-later"\n', "GPL-3.0-or-later"),
    ("pyproject.toml", ('[project]\nname = "x"\nclassifiers = ["License :: OSI Approved :: GNU General Public '
                       'License v3 (GPLv3)", "Programming Language :: Python"]\n'), "GPL-3.0-only"),
    ("setup.cfg", "[metadata]\nname = x\nlicense = Apache-2.0\n", "Apache-2.0"),
    ("setup.cfg", "[metadata]\nclassifiers =\n    License :: OSI Approved :: MIT License\n", "MIT"),
    ("x.dist-info/METADATA", "Metadata-Version: 2.4\nName: x\nLicense-Expression: BSD-2-Clause\n\nbody", "BSD-2-Clause"),
    ("PKG-INFO", ("Metadata-Version: 2.1\nName: x\nClassifier: License :: OSI Approved :: Python Software Foundation "
                 "License\n\nLicense: MIT in the body is not metadata"), "PSF-2.0"),
    ("package.json", '{"name": "x", "license": "ISC"}', "ISC"),
    ("package.json", '{"name": "x", "licenses": [{"type": "MIT"}, {"type": "Apache-2.0"}]}', "MIT OR Apache-2.0"),
    ("package.json", '{"name": "x", "license": "UNLICENSED"}', "LicenseRef-proprietary"),
    ("composer.json", '{"name": "a/b", "license": ["LGPL-2.1-only", "GPL-3.0-or-later"]}',
     "LGPL-2.1-only OR GPL-3.0-or-later"),
    ("Cargo.toml", '[package]\nname = "x"\nlicense = "MIT/Apache-2.0"\n', "MIT OR Apache-2.0"),
    ("DESCRIPTION", "Package: x\nLicense: GPL (>= 2)\n", "GPL-2.0-or-later"),
    ("DESCRIPTION", "Package: x\nLicense: MIT + file LICENSE\n", "MIT"),
    ("DESCRIPTION", "Package: x\nLicense: GPL-2 | GPL-3\n", "GPL-2.0-only OR GPL-3.0-only"),
    ("x.gemspec", "Gem::Specification.new do |s|\n  s.licenses = ['MIT', 'Apache-2.0']\nend\n", "MIT OR Apache-2.0"),
])
def test_declared_licenses(path, text, spdx):
    finding = package_metadata_license(path, text)
    assert finding is not None and finding.spdx == spdx and finding.kind == "package-metadata"
    assert finding.where.startswith(path)


def test_classifiers_are_weaker_than_a_declared_expression():
    declared = package_metadata_license("pyproject.toml", '[project]\nlicense = "MIT"\n')
    classified = package_metadata_license(
        "pyproject.toml", '[project]\nclassifiers = ["License :: OSI Approved :: MIT License"]\n')
    assert declared.confidence > classified.confidence


@pytest.mark.parametrize("path, text", [
    ("package.json", '{"name": "x", "license": "SEE LICENSE IN LICENSE.txt"}'),
    ("pyproject.toml", '[project]\nname = "x"\n'),
    ("Cargo.toml", '[package]\nname = "x"\nlicense-file = "LICENSE"\n'),
    ("README.md", "License: MIT"),
])
def test_no_understood_declaration_gives_none(path, text):
    assert package_metadata_license(path, text) is None


@pytest.mark.parametrize("path, text, where", [
    ("pyproject.toml", '[project\nlicense = "MIT"\n', "pyproject.toml: invalid TOML"),
    ("package.json", '{"name": "x",\n "license": }', "package.json:2: invalid JSON"),
])
def test_broken_metadata_is_an_error_naming_the_file(path, text, where):
    with pytest.raises(ValueError, match=where):
        package_metadata_license(path, text)
