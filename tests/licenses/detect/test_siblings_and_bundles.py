"""Pointer files resolved against the files they name beside them, and files that bundle several
license texts matched part by part."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from clearance.licenses.detect import detect_license_file, read_license_file
from clearance.licenses.detect.bundles import part_starts
from clearance.licenses.detect.normalize import license_words
from clearance.licenses.detect.pointers import pointed_files
from clearance.licenses.detect.reference import reference_index, reference_text
from clearance.licenses.detect.texts import _match_shingles, match_license_text

POINTER = ("This software is made available under the terms of *either* of the licenses\n"
           "found in LICENSE.APACHE or LICENSE.BSD. Contributions to this software is made\n"
           "under the terms of *both* these licenses.\n")


def _package(tmp_path: Path, pointer: str = POINTER, **siblings: str) -> Path:
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "LICENSE").write_text(pointer)
    for name, spdx in siblings.items():
        (folder / name.replace("_", ".")).write_text("Copyright (c) Donald Stufft and individual contributors.\n\n"
                                                     + reference_text(spdx))
    return folder / "LICENSE"


def test_a_pointer_takes_the_versions_from_the_files_it_names(tmp_path):
    [found] = read_license_file(_package(tmp_path, LICENSE_APACHE="Apache-2.0", LICENSE_BSD="BSD-2-Clause"))
    assert found.spdx == "Apache-2.0 OR BSD-2-Clause"
    assert "LICENSE.APACHE" in found.where and "LICENSE.BSD" in found.where
    assert "BSD-2-Clause" in found.snippet and found.confidence > 0.9


def test_the_same_pointer_beside_another_bsd_text_says_so(tmp_path):
    [found] = read_license_file(_package(tmp_path, LICENSE_APACHE="Apache-2.0", LICENSE_BSD="BSD-3-Clause"))
    assert found.spdx == "Apache-2.0 OR BSD-3-Clause"


def test_names_are_matched_case_insensitively_and_both_makes_an_and(tmp_path):
    path = _package(tmp_path, "The licenses in LICENSE-MIT and LICENSE-APACHE both apply.\n",
                    license_mit="MIT", License_Apache="Apache-2.0")
    (path.parent / "license.mit").rename(path.parent / "license-mit")
    (path.parent / "License.Apache").rename(path.parent / "License-Apache")
    assert [f.spdx for f in read_license_file(path)] == ["MIT AND Apache-2.0"]


def test_without_the_siblings_the_names_alone_decide(tmp_path):
    path = _package(tmp_path)
    assert [f.spdx for f in read_license_file(path)] == [
        "LicenseRef-Apache-unversioned OR LicenseRef-BSD-unversioned"]
    assert [f.spdx for f in detect_license_file("LICENSE", POINTER)] == [  # text only: no folder to look in
        "LicenseRef-Apache-unversioned OR LicenseRef-BSD-unversioned"]


def test_one_missing_sibling_keeps_its_name_and_an_unreadable_one_too(tmp_path):
    path = _package(tmp_path, LICENSE_APACHE="Apache-2.0")
    (path.parent / "LICENSE.BSD").write_text("Ask the authors.\n")  # no license text
    assert [f.spdx for f in read_license_file(path)] == ["Apache-2.0 OR LicenseRef-BSD-unversioned"]


def test_a_pointer_never_leaves_its_folder(tmp_path):
    (tmp_path / "LICENSE.APACHE").write_text(reference_text("Apache-2.0"))
    (tmp_path / "outside-bsd").write_text(reference_text("BSD-2-Clause"))
    path = _package(tmp_path, "Use either of the licenses found in ../LICENSE.APACHE or ../../etc/passwd.\n")
    assert pointed_files(path.read_text()) is None
    assert all("Apache-2.0" not in f.spdx for f in read_license_file(path))
    path.write_text(POINTER)
    os.symlink(tmp_path / "LICENSE.APACHE", path.parent / "LICENSE.APACHE")
    os.symlink(tmp_path / "outside-bsd", path.parent / "LICENSE.BSD")
    assert [f.spdx for f in read_license_file(path)] == [
        "LicenseRef-Apache-unversioned OR LicenseRef-BSD-unversioned"]


def test_see_copying_lib_reads_the_file_and_words_still_win(tmp_path):
    path = _package(tmp_path, "This library is free software. See COPYING.LIB for the terms.\n",
                    COPYING_LIB="LGPL-2.1-only")
    [found] = read_license_file(path)
    assert found.spdx == "LGPL-2.1-only" and "COPYING.LIB" in found.where
    path.write_text("This library is free software; you can redistribute it and/or modify it under the terms of the "
                    "GNU Lesser General Public License version 2.1 or later. See COPYING.LIB.\n")
    assert [f.spdx for f in read_license_file(path)] == ["LGPL-2.1-or-later"]


def test_an_oversized_license_file_is_refused_with_its_name(tmp_path):
    path = _package(tmp_path)
    with pytest.raises(ValueError, match="LICENSE.*limit"):
        read_license_file(path, max_bytes=10)


def _bundle() -> str:
    """libarchive's COPYING in shape: a preamble, then three BSD variants one after another."""
    preamble = ("The libarchive distribution as a whole is Copyright by Tim Kientzle and is subject to\n"
                "the copyright notice reproduced at the bottom of this file. Some files are under a\n"
                "3-clause UC Regents copyright; please read the individual source files for details.\n\n")
    texts = [reference_text(s).replace("<owner>", "Tim Kientzle").replace("<year>", "2003")
             for s in ("BSD-2-Clause-pos-unchanged", "BSD-2-Clause", "BSD-3-Clause")]
    return preamble + "\n\n\n".join(texts) + "\n\nCode in getdate.c is in the public domain.\n"


def test_a_bundle_of_license_texts_is_matched_part_by_part():
    text = _bundle()
    index = reference_index()
    ids = index.encode(license_words(text))
    assert len(part_starts(ids, index)) == 4  # the preamble is cut off, and merged back: it holds no license
    whole, _ = _match_shingles(index.shingles_of(ids), index)
    assert {m.spdx for m in whole} != {"BSD-2-Clause-pos-unchanged", "BSD-2-Clause", "BSD-3-Clause"}
    matches, explained = match_license_text(text)
    assert [m.spdx for m in matches] == ["BSD-2-Clause-pos-unchanged", "BSD-2-Clause", "BSD-3-Clause"]
    assert explained > 0.9
    spdx = {f.spdx for f in detect_license_file("COPYING", text)}
    assert "BSD-2-Clause-pos-unchanged AND BSD-2-Clause AND BSD-3-Clause" in spdx


@pytest.mark.parametrize("spdx", ["MIT", "Apache-2.0", "GPL-2.0-only", "BSD-3-Clause", "MPL-2.0"])
def test_a_single_license_is_not_cut(spdx):
    text = "Copyright (c) 2020 Someone\n\n" + reference_text(spdx) + "\n\nThanks to all contributors."
    index = reference_index()
    assert part_starts(index.encode(license_words(text)), index) == [0]
    assert [m.spdx for m in match_license_text(text)[0]] == [spdx]


def test_a_license_whose_opening_is_no_cut_point_is_a_part_of_its_own():
    """MIT's "Permission is hereby granted" also sits inside many texts, so it is no cut point: the
    first cut is the BSD text's opening, and the MIT text before it is a license, not a preamble."""
    grant = reference_text("MIT").split("Permission is hereby granted", 1)[1]  # without SPDX's "MIT License" title
    mit = "Httplib2 Software License\n\nCopyright (c) 2006 by Joe Gregorio\n\nPermission is hereby granted" + grant
    bsd = ("Copyright 2006 Dan-Haim. All rights reserved.\n\n"
           + reference_text("BSD-3-Clause").replace("the copyright holder", "Dan Haim"))
    apache = ("Copyright 2007 Google Inc.\n\nLicensed under the Apache License, Version 2.0 (the \"License\"); you may "
              "not use this file except in compliance with the License. You may obtain a copy of the License at "
              "http://www.apache.org/licenses/LICENSE-2.0\n")
    text = mit + "\n\n" + bsd + "\n\n" + apache  # httplib2's LICENSE
    index = reference_index()
    assert len(part_starts(index.encode(license_words(text)), index)) == 2
    assert {m.spdx for m in match_license_text(text)[0]} == {"MIT", "BSD-3-Clause"}
    assert {k for f in detect_license_file("LICENSE", text) for k in f.spdx.split(" AND ")} == {
        "MIT", "BSD-3-Clause", "Apache-2.0"}
    preamble = ("This package was put together by its maintainers from the sources published by the authors, "
                "with the build scripts of the distribution, and is offered here as it was received. " * 2)
    text = preamble + "\n\n" + bsd + "\n\n" + reference_text("BSD-2-Clause") + "\n"
    assert [m.spdx for m in match_license_text(text)[0]][:1] == ["BSD-3-Clause"]


#: A permission notice no reference holds (impacket's recomsvc.py): a part of the bundle with no license
#: of its own, which must not void the cuts that find the texts after it.
UNNAMED_NOTICE = """
impacket/examples/recomsvc.py is based on recomsvc and is distributed under the following license:

Copyright (c) 2006 Talha Tariq
All rights are reserved.

Permission to use, copy, modify, and distribute this software
for any purpose and without any fee is hereby granted,
provided this notice is included in its entirety in the
documentation and in the source files.

This software and any related documentation is provided "as is"
without any warranty of any kind, either express or implied,
including, without limitation, the implied warranties of
merchantability or fitness for a particular purpose. The entire
risk arising out of use or performance of the software remains
with you.

"""


def test_a_part_holding_no_license_joins_the_part_before_it():
    text = (reference_text("Apache-1.1") + UNNAMED_NOTICE + "asn1.py is distributed under the following license:\n\n"
            + reference_text("BSD-2-Clause").replace("<year> <owner>", "2013, Marc Horowitz"))
    assert [m.spdx for m in match_license_text(text)[0]] == ["Apache-1.1", "BSD-2-Clause"]


def test_a_bundle_explained_nine_tenths_whole_is_still_cut():
    """nose2's LICENSE: its own BSD-2-Clause text, then unittest2's BSD-3-Clause text. BSD-3-Clause
    alone explains over 90% of both (it holds the 2-clause words), and misses the first license."""
    two = reference_text("BSD-2-Clause").replace("<year> <owner>", "2012-2023, Jason Pellerin and contributors")
    three = reference_text("BSD-3-Clause").split("\n", 2)[2]  # without its copyright line
    text = (two + "\n---\n\nPortions derived from unittest2. The unittest2 license and copyright is\n"
            "reproduced below.\n\nCopyright (c) 2010, Michael Foord\nAll rights reserved.\n"
            "E-mail : fuzzyman AT voidspace DOT org DOT uk\n\n" + three)
    assert [m.spdx for m in match_license_text(text)[0]] == ["BSD-2-Clause", "BSD-3-Clause"]
