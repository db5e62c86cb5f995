"""A pointer file resolved against the files it names in its own folder.

packaging's LICENSE says only "either of the licenses found in LICENSE.APACHE or LICENSE.BSD": the
versions are in those files, and its LICENSE.BSD is BSD-2-Clause where cryptography's identical
LICENSE points at a BSD-3-Clause one. Read from disk, each named file is looked up beside the pointer
(case-insensitively, only the names the text mentions, never a path, never a link leaving the
folder, at most ``SIBLING_MAX_BYTES``) and identified with the full-text matcher; a name whose file
is absent or matches no reference keeps what its suffix says.
"""

from __future__ import annotations

from pathlib import Path

from clearance.licenses.detect.finding import Finding, clip
from clearance.licenses.detect.pointers import pointed_files, pointed_licenses
from clearance.licenses.detect.texts import identify_license_text
from clearance.licenses.expression import parse_license

#: A named file larger than this is not read (license texts are tens of kilobytes).
SIBLING_MAX_BYTES = 1_000_000
#: A named file's text must match a reference at least this well to stand for its name.
SIBLING_TRUSTED = 0.5


def _sibling(folder: Path, name: str) -> Path | None:
    """The file called ``name`` (any case) directly in ``folder``, or None: a name with a separator,
    a link resolving outside the folder, a non-file or an oversized file is never read."""
    if "/" in name or "\\" in name or name in (".", ".."):
        return None
    try:
        entries = {p.name.lower(): p for p in folder.iterdir()}
    except OSError:
        return None
    path = entries.get(name.lower())
    if path is None:
        return None
    try:
        real = path.resolve(strict=True)
        if real.parent != folder.resolve(strict=True) or not real.is_file() or real.stat().st_size > SIBLING_MAX_BYTES:
            return None
    except OSError:
        return None
    return real


def _suffix_license(name: str) -> str | None:
    """What a file name alone says ("LICENSE.APACHE": the unversioned Apache license)."""
    spdx = pointed_licenses(f"licenses in {name} and {name}")
    return spdx.split(" AND ")[0] if spdx else None


def resolve_pointer(where: str, text: str, folder: Path) -> Finding | None:
    """The licenses of the files ``text`` points at, identified from their texts in ``folder``, joined
    with the pointer's operator; None when the text points at nothing or no named file could be
    identified (the caller keeps what the names alone say)."""
    pointer = pointed_files(text)
    if pointer is None:
        return None
    parts: list[str] = []
    evidence: list[str] = []
    identified = 0
    for name in pointer.names:
        path = _sibling(folder, name)
        found = None
        if path is not None:
            sibling = path.read_bytes().decode("utf-8", "replace")
            found = identify_license_text(sibling, path.name)
        if found is not None and found.confidence >= SIBLING_TRUSTED:
            identified += 1
            parts.append(f"({found.spdx})" if " " in found.spdx else found.spdx)
            evidence.append(f"{path.name}: {found.spdx} ({found.confidence:.0%})")
            continue
        guess = _suffix_license(name)
        if guess is None:
            return None
        parts.append(guess)
        evidence.append(f"{name}: not identified, {guess} from its name")
    info = parse_license(pointer.operator.join(parts))
    if identified == 0 or info.spdx is None or info.problem is not None:
        return None
    files = ", ".join(pointer.names)
    confidence = round(0.9 * identified / len(pointer.names) + 0.05, 3)
    return Finding(info.spdx, "license-file", f"{where} -> {files}", clip("; ".join(evidence) + f"; {text.strip()}"),
                   confidence)
