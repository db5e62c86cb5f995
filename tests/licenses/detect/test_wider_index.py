"""The second tier of reference texts: ScanCode's texts of licenses SPDX does not list, consulted only
when the SPDX texts leave a file unsettled, and taken only when the file is clearly one of them."""

from __future__ import annotations

import textwrap

from clearance.licenses.catalog import lookup
from clearance.licenses.categories import Category
from clearance.licenses.detect import identify_license_text
from clearance.licenses.detect.reference import reference_text, wider_index
from clearance.licenses.detect.scancode_data import scancode_payload
from clearance.licenses.detect.texts import match_license_text


def _scancode_text(key: str) -> str:
    wanted = f"LicenseRef-scancode-{key}"
    return next(lic["text"] for lic in scancode_payload()["licenses"] if lic["id"] == wanted)


def _as_shipped(text: str, holder: str = "Copyright (c) 2021 Example Corp.") -> str:
    """A license as a package ships it: its own copyright line, paragraphs re-wrapped to 72 columns."""
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    return holder + "\n\n" + "\n\n".join(textwrap.fill(p, 72) for p in paragraphs) + "\n"


#: The X.Org notice of libxshmfence (HPND-sell-variant's wording, one holder): ScanCode's database holds
#: near copies of it (X11R5's notice, "MIT old style"), a pair of which explains a few more of its words.
XORG_NOTICE = """This package was downloaded from
http://xorg.freedesktop.org/releases/individual/lib/

Copyright \u00a9 2013 Keith Packard

Permission to use, copy, modify, distribute, and sell this software and its
documentation for any purpose is hereby granted without fee, provided that
the above copyright notice appear in all copies and that both that copyright
notice and this permission notice appear in supporting documentation, and
that the name of the copyright holders not be used in advertising or
publicity pertaining to distribution of the software without specific,
written prior permission.  The copyright holders make no representations
about the suitability of this software for any purpose.  It is provided "as
is" without express or implied warranty.

THE COPYRIGHT HOLDERS DISCLAIM ALL WARRANTIES WITH REGARD TO THIS SOFTWARE,
INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS, IN NO
EVENT SHALL THE COPYRIGHT HOLDERS BE LIABLE FOR ANY SPECIAL, INDIRECT OR
CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE,
DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER
TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE
OF THIS SOFTWARE.
"""


def test_a_license_spdx_lacks_is_named_by_its_scancode_id() -> None:
    """Intel's Simplified Software License was read as BSD-3-Clause (its redistribution clauses)."""
    finding = identify_license_text(_as_shipped(_scancode_text("issl-2022")), "LICENSE-INTEL-MKL.txt")
    assert finding is not None and finding.spdx == "LicenseRef-scancode-issl-2022"
    assert lookup(finding.spdx).category is Category.NON_COMMERCIAL


def test_a_short_text_spdx_finds_nothing_in_is_named() -> None:
    """Anti-Grain Geometry's permission (ScanCode's boost-original): no SPDX text is mostly present."""
    text = _as_shipped(_scancode_text("boost-original"), "Copyright (C) 2002-2005 Maxim Shemanarev")
    assert match_license_text(text, index=None)[0][0].spdx == "LicenseRef-scancode-boost-original"


def test_a_text_holding_an_spdx_license_whole_stays_that_license() -> None:
    """protobuf's LICENSE is BSD-3-Clause with a sentence on generated code (here with a bundled MIT
    text after it); ScanCode has a text for exactly that, but SPDX names it BSD-3-Clause."""
    mit = reference_text("MIT").split("Permission is hereby granted", 1)[1]
    mit = "Permission is hereby granted" + mit  # no title or copyright line: not cut apart as a bundle
    text = _scancode_text("protobuf") + "\n\n" + "=" * 40 + "\nrust/utf8.rs\n" + "=" * 40 + "\n" + mit
    finding = identify_license_text(text, "LICENSE")
    assert finding is not None and finding.spdx == "BSD-3-Clause AND MIT"


def test_near_copies_of_a_permissive_notice_do_not_replace_it() -> None:
    finding = identify_license_text(XORG_NOTICE, "debian/copyright")
    assert finding is not None and finding.spdx == "HPND-sell-variant"


def test_settled_texts_never_build_the_wider_index() -> None:
    """An ordinary license costs no second tier: the wider index (about two seconds to build) is
    built only for a text the SPDX references leave unsettled."""
    wider_index.cache_clear()
    for spdx in ("MIT", "Apache-2.0", "BSD-3-Clause", "GPL-3.0-only"):
        assert identify_license_text(_as_shipped(reference_text(spdx)), "LICENSE").spdx == spdx
    assert wider_index.cache_info().currsize == 0


def test_the_data_holds_texts_only_of_licenses_no_one_else_names() -> None:
    """Every id is ScanCode's for a license SPDX lacks; none is a notice of an SPDX license
    (kde-accepted-lgpl would be reported beside every LGPL notice) or a license clearance names with
    an id of its own (IETF's document notice); every id has a category for the policies."""
    ids = {lic["id"] for lic in scancode_payload()["licenses"]}
    assert len(ids) > 1000 and all(i.startswith("LicenseRef-scancode-") for i in ids)
    assert not ids & {"LicenseRef-scancode-kde-accepted-lgpl", "LicenseRef-scancode-ietf",
                      "LicenseRef-scancode-khronos", "LicenseRef-scancode-biopython"}
    assert {"LicenseRef-scancode-issl-2022", "LicenseRef-scancode-hdf4", "LicenseRef-scancode-ijg-2020"} <= ids
    assert all(lookup(i) is not None and lookup(i).category is not Category.UNKNOWN
               for i in ids - {lic["id"] for lic in scancode_payload()["licenses"]
                               if lic["category"] in ("CLA", "Unstated License")})
