"""Current SPDX ids for detections, and the ids an expression names."""

from __future__ import annotations

import pytest

from clearance.licenses.detect import package_metadata_license
from clearance.licenses.detect.ids import current_ids, license_keys


@pytest.mark.parametrize("given, current", [
    ("GPL-2.0+", "GPL-2.0-or-later"),
    ("LGPL-2.1 OR GPL-3.0+", "LGPL-2.1-only OR GPL-3.0-or-later"),
    ("GFDL-1.3", "GFDL-1.3-only"),
    ("GPL-2.0-only", "GPL-2.0-only"),
    ("GPL-2.0-or-later WITH Bison-exception-2.2", "GPL-2.0-or-later WITH Bison-exception-2.2"),
    # deprecated "with exception" ids: the license as the exception's projects grant it, and the exception
    ("GPL-2.0-with-GCC-exception", "GPL-2.0-or-later WITH GCC-exception-2.0"),
    ("GPL-3.0-with-GCC-exception AND MIT", "GPL-3.0-or-later WITH GCC-exception-3.1 AND MIT"),
    ("GPL-2.0-with-classpath-exception", "GPL-2.0-only WITH Classpath-exception-2.0"),
    ("LicenseRef-GPL-unversioned", "GPL-1.0-or-later"),
    ("LicenseRef-LGPL-unversioned AND MIT", "LGPL-2.0-or-later AND MIT"),
    ("MIT", "MIT"),
])
def test_current_ids(given, current):
    assert current_ids(given) == current


def test_license_keys_ignore_operators_and_case():
    assert license_keys("(MIT OR Apache-2.0) AND GPL-2.0-only WITH Classpath-exception-2.0") == {
        "mit", "apache-2.0", "gpl-2.0-only", "classpath-exception-2.0"}


def test_metadata_with_a_deprecated_id_gets_the_current_one():
    assert package_metadata_license("package.json", '{"license": "GPL-2.0"}').spdx == "GPL-2.0-only"
