"""Exceptions found by their text (``detect/exception_texts.py``): any exception of ScanCode's database,
SPDX's or not, held nearly word for word, attached to the license it modifies."""

from clearance.licenses.detect.exception_texts import find_exception_texts
from clearance.licenses.detect.exceptions import find_exceptions
from clearance.licenses.detect.files import detect_license_file
from clearance.licenses.detect.reference import reference_text
from clearance.licenses.detect.scancode_data import scancode_payload

from . import debian_copyright

#: ZeroMQ's linking exception, as libzmq's Debian copyright file quotes it under its LGPL-3+ notice.
ZEROMQ = """SPECIAL EXCEPTION GRANTED BY COPYRIGHT HOLDERS

As a special exception, copyright holders give you permission to link this
library with independent modules to produce an executable, regardless of
the license terms of these independent modules, and to copy and distribute
the resulting executable under terms of your choice, provided that you also
meet, for each linked independent module, the terms and conditions of
the license of that module. An independent module is a module which is not
derived from or based on this library. If you modify this library, you must
extend this exception to your version of the library.

Note: this exception relieves you of any obligations under sections 4 and 5
of this license, and section 6 of the GNU General Public License."""

LGPL3_NOTICE = """This library is free software; you can redistribute it and/or modify it under
the terms of the GNU Lesser General Public License as published by the Free
Software Foundation; either version 3 of the License, or (at your option) any
later version."""

COMMONS_CLAUSE = """"Commons Clause" License Condition v1.0

The Software is provided to you by the Licensor under the License, as defined
below, subject to the following condition.

Without limiting other conditions in the License, the grant of rights under the
License will not include, and the License does not grant to you, the right to
Sell the Software.

For purposes of the foregoing, "Sell" means practicing any or all of the rights
granted to you under the License to provide to third parties, for a fee or
other consideration (including without limitation fees for hosting or
consulting/ support services related to the Software), a product or service
whose value derives, entirely or substantially, from the functionality of the
Software. Any license notice or attribution required by the License must also
include this Commons Clause License Condition notice.

Software: vectorbt
License: Apache 2.0 with Commons Clause
Licensor: Oleg Polakow

"""


def test_an_exception_spdx_does_not_list_is_found_by_its_text_and_modifies_its_license():
    body = ("Files: *\nCopyright: 2007 iMatix\nLicense: LGPL-3.0+ with special exception\n"
            + debian_copyright.indent(LGPL3_NOTICE + "\n\n" + ZEROMQ))
    # one license, modified: the exception's own mention of the GNU GPL is no further license
    assert debian_copyright.ids(body) == {"LGPL-3.0-or-later WITH LicenseRef-scancode-zeromq-exception-lgpl-3.0"}
    assert [exc.spdx for exc in find_exceptions(ZEROMQ)] == ["LicenseRef-scancode-zeromq-exception-lgpl-3.0"]


def test_an_exception_that_names_no_license_modifies_the_files_license():
    text = COMMONS_CLAUSE + reference_text("Apache-2.0")
    assert {f.spdx for f in detect_license_file("LICENSE.md", text)} == {
        "Apache-2.0 WITH LicenseRef-scancode-commons-clause"}


def test_an_exception_is_found_only_nearly_whole():
    half = "\n".join(ZEROMQ.splitlines()[:5])
    assert find_exception_texts(half) == ()
    assert [e.spdx for e in find_exception_texts(ZEROMQ)] == ["LicenseRef-scancode-zeromq-exception-lgpl-3.0"]


def test_of_two_exceptions_one_inside_the_other_the_fuller_is_kept():
    linking = ("Additional permission under GNU GPL version 3 section 7\n\nIf you modify this Program, or any "
               "covered work, by linking or combining it with {lib} (or a modified version of that library), "
               "containing parts covered by the terms of {lib}'s license, the licensors of this Program grant "
               "you additional permission to convey the resulting work.")
    source = (" Corresponding Source for a non-source form of such a combination shall include the source code "
              "for the parts of the library used as well as that of the covered work.")
    found = [e.spdx for e in find_exception_texts(linking + source)]
    assert found == ["GPL-3.0-linking-source-exception"], found


def test_a_license_text_without_an_exception_finds_none():
    for spdx in ("GPL-2.0-only", "Apache-2.0", "MIT", "LGPL-2.1-only"):
        assert find_exception_texts(reference_text(spdx)) == (), spdx


def test_an_exception_alone_modifies_the_license_its_text_names():
    # Red Hat's Liberation font agreement: "the GNU General Public License v.2 with the following
    # exceptions", the whole file; its "All rights reserved" line is no license beside it
    agreement = next(exc["text"] for exc in scancode_payload()["exceptions"]
                     if exc["id"] == "LicenseRef-scancode-liberation-font-exception")
    found = [f.spdx for f in detect_license_file("copyright", "Copyright: (C) 2007 Red Hat, Inc. All rights "
                                                  "reserved.\n\nLicense:\n\n" + agreement)]
    assert len(found) == 1 and found[0].startswith("GPL-"), found
    assert found[0].endswith(" WITH LicenseRef-scancode-liberation-font-exception"), found
