"""Building blocks of the Debian copyright-file tests: a minimal machine-readable header, paragraph
text indentation, and the set of expressions detection reports for a file body."""

from __future__ import annotations

from clearance.licenses.detect.files import detect_license_file

HEAD = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: x\n\n"


def ids(body: str) -> set[str]:
    """The SPDX expressions detection reports for a copyright file made of ``HEAD`` and ``body``."""
    return {f.spdx for f in detect_license_file("debian/copyright", HEAD + body)}


def indent(text: str, keep_layout: bool = False) -> str:
    """``text`` as a field's continuation lines: one leading space, "." for a blank line; each line's own
    indentation is dropped unless ``keep_layout``."""
    return "\n".join(" " + ((line if keep_layout else line.strip()) or ".")
                     for line in text.strip().splitlines()) + "\n"
