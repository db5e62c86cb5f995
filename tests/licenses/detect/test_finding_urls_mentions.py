"""Findings' JSON contract, license URLs and license mentions in text."""

from __future__ import annotations

import pytest

from clearance.licenses.detect import Finding, find_mentions, license_from_url


def test_finding_round_trips_through_json():
    finding = Finding("CC-BY-4.0", "link-rel", "<link rel=license>", "https://creativecommons.org/...", 0.9, "image")
    assert Finding.from_json(finding.to_json()) == finding


@pytest.mark.parametrize("bad, field", [
    ({"kind": "url", "where": "x"}, "spdx"),
    ({"spdx": "MIT", "kind": "guess", "where": "x"}, "kind"),
    ({"spdx": "MIT", "kind": "url", "where": "x", "confidence": 1.5}, "confidence"),
    ({"spdx": "MIT", "kind": "url", "where": "x", "confidence": "high"}, "confidence"),
    ({"spdx": "MIT", "kind": "url", "where": "x", "covers": "video"}, "covers"),
])
def test_malformed_finding_json_names_the_field(bad, field):
    with pytest.raises(ValueError, match=field):
        Finding.from_json(bad)


@pytest.mark.parametrize("url, spdx", [
    ("https://creativecommons.org/licenses/by-sa/4.0/", "CC-BY-SA-4.0"),
    ("http://creativecommons.org/licenses/by-nc-nd/4.0/legalcode", "CC-BY-NC-ND-4.0"),
    ("https://creativecommons.org/licenses/by/4.0/deed.fr", "CC-BY-4.0"),
    ("https://i.creativecommons.org/l/by-sa/3.0/88x31.png", "CC-BY-SA-3.0"),  # a badge image
    ("http://creativecommons.org/licenses/by/3.0/de/", "CC-BY-3.0-DE"),  # a port with its own SPDX id
    ("http://creativecommons.org/licenses/by/2.0/fr/", "CC-BY-2.0"),  # a port without one: same terms
    ("http://creativecommons.org/licenses/nc-sa/1.0/", "CC-BY-NC-SA-1.0"),
    ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0"),
    ("https://creativecommons.org/publicdomain/mark/1.0/", "CC-PDM-1.0"),
    ("https://creativecommons.org/licenses/by-sa/", "LicenseRef-CC-BY-SA-unversioned"),
    ("https://www.gnu.org/licenses/gpl-3.0.html", "GPL-3.0-only"),
    ("https://www.gnu.org/licenses/old-licenses/lgpl-2.1.en.html", "LGPL-2.1-only"),
    ("http://www.gnu.org/licenses/agpl.html", "AGPL-3.0-only"),
    ("http://www.apache.org/licenses/LICENSE-2.0.txt", "Apache-2.0"),
    ("https://opensource.org/licenses/MIT", "MIT"),
    ("http://www.opensource.org/licenses/mit-license.php", "MIT"),
    ("https://opensource.org/license/bsd-3-clause/", "BSD-3-Clause"),
    ("https://spdx.org/licenses/MPL-2.0.html", "MPL-2.0"),
    ("https://mozilla.org/MPL/2.0/", "MPL-2.0"),
    ("https://www.eclipse.org/legal/epl-v10.html", "EPL-1.0"),
    ("https://opendatacommons.org/licenses/odbl/1-0/", "ODbL-1.0"),
    ("https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/", "OGL-UK-3.0"),
    ("https://unlicense.org/", "Unlicense"),
])
def test_license_urls(url, spdx):
    assert license_from_url(url) == spdx


@pytest.mark.parametrize("url", ["https://example.com/license", "https://creativecommons.org/about/",
                                 "https://www.gnu.org/philosophy/free-sw.html", "https://opensource.org/"])
def test_other_urls_are_not_licenses(url):
    assert license_from_url(url) is None


def _spdx(text: str) -> list[str]:
    return [f.spdx for f in find_mentions(text, "doc")]


@pytest.mark.parametrize("text, expected", [
    ("Content is available under CC BY-SA 4.0 unless otherwise noted.", ["CC-BY-SA-4.0"]),
    (("This work is licensed under a Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International "
     "License."), ["CC-BY-NC-SA-4.0"]),
    ("Photo: cc-by-nc-3.0", ["CC-BY-NC-3.0"]),
    (('<a rel="license" href="http://creativecommons.org/licenses/by/4.0/"><img '
     'src="https://i.creativecommons.org/l/by/4.0/88x31.png"></a>'), ["CC-BY-4.0"]),
    ("CC0 1.0 Universal", ["CC0-1.0"]),
    (("This program is free software; you can redistribute it and/or modify it under the terms of the GNU General "
     "Public License as published by the Free Software Foundation; either version 2 of the License, or (at your "
     "option) any later version."), ["GPL-2.0-or-later"]),
    (("you can redistribute it and/or modify it under the terms of the GNU Lesser General Public License as "
     "published by the Free Software Foundation; version 2.1 of the License."), ["LGPL-2.1-only"]),
    ('Licensed under the Apache License, Version 2.0 (the "License");', ["Apache-2.0"]),
    ("This project is licensed under the MIT License - see the LICENSE file", ["MIT"]),
    ("Released under the terms of the BSD 3-Clause license.", ["BSD-3-Clause"]),
    ("licensed under GPLv3+", ["GPL-3.0-or-later"]),
    ("you can redistribute it and/or modify it\nunder the terms of the GNU Lesser General Public License version 3.",
     ["LGPL-3.0-only"]),
    ("İstanbul notes, licensed under CC BY 4.0; you may modify it under the terms of the MIT License.",
     ["CC-BY-4.0", "MIT"]),  # a character whose lower case is longer must not shift offsets
    ("licensed under GPLv2 (the C++ bindings too)", ["GPL-2.0-only"]),
    ("License: MPL-2.0", ["MPL-2.0"]),
    ("The author has dedicated this work to the public domain.", ["LicenseRef-public-domain"]),
    (("`tld` is licensed under the\n`GPL 2.0 <LICENSE_GPL2.0.txt>`_\nor the\n`LGPL 2.1 <LICENSE_LGPL_2.1.txt>`_\nor the\n"
     "`MPL 1.1 <LICENSE_MPL_1.1.txt>`_,\nat your option."), ["GPL-2.0-only OR LGPL-2.1-only OR MPL-1.1"]),
    ("This project is licensed under the [MIT License](LICENSE).", ["MIT"]),
    ("Dual-licensed under MIT or Apache-2.0, at your option.", ["MIT OR Apache-2.0"]),
    (("This software is dual-licensed under the University of Illinois/NCSA Open Source License (NCSA) and the "
     "3-Clause BSD License"), ["NCSA OR BSD-3-Clause"]),
    ("This product includes software from the Feather project (Apache 2.0)", ["Apache-2.0"]),
    ("Use of this source code is governed by a BSD-style license that can be found in the LICENSE file.",
     ["LicenseRef-BSD-unversioned"]),
    ("The files in python/ are licensed under the ACME End User License Agreement (EULA).",
     ["LicenseRef-proprietary"]),
    (("you can redistribute it and/or modify it under the terms of the GNU General Public License as published by "
     "the Free Software Foundation."), ["GPL-1.0-or-later"]),  # no version: any version ever published
    # naming a license is not licensing under it
    ("Research at (MIT) and (Apache 2.0) benchmarks", []),
    ("Researchers at the Massachusetts Institute of Technology (MIT) released software for it.", []),
    ("The GPL is a copyleft license and the MIT license is not.", []),
    ("We compared Apache and nginx under load.", []),
])
def test_mentions(text, expected):
    assert _spdx(text) == expected


def test_spdx_header_lines_are_headers_with_their_line():
    text = "#!/usr/bin/env python\n# SPDX-License-Identifier: GPL-2.0-or-later OR MIT\nprint(1)\n"
    [finding] = find_mentions(text, "src/a.py")
    assert (finding.spdx, finding.kind, finding.where, finding.confidence) == (
        "GPL-2.0-or-later OR MIT", "spdx-header", "src/a.py line 2", 1.0)


def test_unrecognized_spdx_header_is_kept_with_less_confidence():
    [finding] = find_mentions("/* SPDX-License-Identifier: Foo-License-9 */", "a.c")
    assert finding.spdx == "Foo-License-9" and finding.confidence < 1.0


def test_one_finding_per_license_and_kind_passed_through():
    text = "CC BY 4.0 — see https://creativecommons.org/licenses/by/4.0/ . Also CC BY 4.0 again."
    [finding] = find_mentions(text, "footer", kind="footer")
    assert finding.spdx == "CC-BY-4.0" and finding.kind == "footer" and len(finding.snippet) <= 200


def test_all_rights_reserved_is_weak_evidence():
    [finding] = find_mentions("© 2024 Example Media. All rights reserved.", "footer", kind="footer")
    assert finding.spdx == "LicenseRef-All-Rights-Reserved" and finding.confidence < 0.5
