"""Gather a held-out set of real license files: files the detection rules were never tuned on.

``collect_corpus.py`` gathers the corpus the detection was measured and fixed against. This script
walks other trees of the machine (vendored libraries of installed applications, toolchains, other
Python installations, the free-form Debian copyright files) and keeps every license file whose
content is not already in that corpus, so a figure measured here is an out-of-sample estimate.

    python benchmarks/licenses/collect_held_out.py OUT_DIR --exclude-corpus /tmp/licbench ROOT...
    python benchmarks/licenses/collect_held_out.py OUT_DIR --exclude-corpus /tmp/licbench \
        --exclude-corpus /tmp/heldout --wheels /opt/pypi/files

Groups in ``manifest.tsv``: ``held-out-license-file`` (LICENSE/COPYING/NOTICE files),
``held-out-debian-free-form`` (``/usr/share/doc/*/copyright`` files that do not declare the
machine-readable format; the machine-readable ones are all in the main corpus) and
``held-out-wheel-license-file`` (license files read from inside the ``*.whl`` archives under each
``--wheels`` folder, e.g. a local package mirror; ``path`` is ``WHEEL!MEMBER``). Once a held-out set
has been looked at while tuning, it is no longer out of sample: the wheels give a fresh one, with
every earlier set passed as ``--exclude-corpus``.

``--license-dirs`` (with ``--wheels``) reads other members instead, group
``held-out-wheel-license-dir-file``: the files inside a ``licenses``-like folder of the wheel
(``LICENSES/``, ``licences/``, ``licenses_bundled/``, ``third_party_licenses/``...) whose name is
not a license file name. These are the license texts of bundled components, named after the
component (``LICENSES/LZ4.txt``, ``.dist-info/licenses/third/zlib``), a kind of file no earlier set
(1: main corpus, 2: ``--wheels``) holds.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from collect_corpus import LICENSE_NAME, MAX_BYTES  # the same files, sizes and names as the main corpus

#: Names that match but are code, markup or archives, not license texts.
NOT_TEXT = re.compile(r"\.(?:py|pyc|js|json|html?|gz|xz|zst|css|svg)$", re.IGNORECASE)
#: Folder names (any path component, case-insensitive) that hold license texts, for --license-dirs.
LICENSE_DIRS = frozenset({"licenses", "licences", "license", "licence", "licenses_bundled",
                          "third_party_licenses", "third-party-licenses"})
#: Files of those folders that are not license texts.
NOT_LICENSE = re.compile(r"^(?:AUTHORS|CONTRIBUTORS|README|CHANGELOG)", re.IGNORECASE)
MACHINE_READABLE = re.compile(r"^Format:.*copyright-format", re.MULTILINE)


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def is_license_name(name: str) -> bool:
    return bool(LICENSE_NAME.match(name)) and not NOT_TEXT.search(name)


def in_license_dir(member: str) -> bool:
    """A --license-dirs member: in a licenses-like folder, named neither as a license file (set 2)
    nor as other documentation, code, markup or an archive."""
    path = PurePosixPath(member)
    return (any(part.lower() in LICENSE_DIRS for part in path.parts[:-1])
            and not LICENSE_NAME.match(path.name) and not NOT_LICENSE.match(path.name)
            and not NOT_TEXT.search(path.name))


def candidates(roots: list[Path]) -> list[tuple[str, Path]]:
    """(group, path) for each license file under the roots, in a stable order."""
    found: list[tuple[str, Path]] = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.is_symlink() or not is_license_name(path.name):
                continue
            if path.name == "copyright" and path.parent.parent == Path("/usr/share/doc"):
                head = path.read_bytes()[:300].decode("utf-8", "replace")
                if not MACHINE_READABLE.search(head):
                    found.append(("held-out-debian-free-form", path))
            elif path.parent.parent != Path("/usr/share/doc") or path.name != "copyright":
                found.append(("held-out-license-file", path))
    return found


def wheel_members(folders: list[Path], license_dirs: bool = False) -> Iterator[tuple[str, str, str, bytes]]:
    """(``WHEEL!MEMBER``, distribution-version, member basename, content) of each license file in
    the wheels under the folders (with ``license_dirs``, each ``in_license_dir`` member instead),
    read from the archive without extracting it."""
    wanted = in_license_dir if license_dirs else lambda member: is_license_name(PurePosixPath(member).name)
    for folder in folders:
        for wheel in sorted(folder.rglob("*.whl")):
            try:
                with zipfile.ZipFile(wheel) as archive:
                    members = [(info.filename, archive.read(info)) for info in archive.infolist()
                               if not info.is_dir() and 0 < info.file_size <= MAX_BYTES
                               and wanted(info.filename)]
            except (OSError, EOFError, ValueError, NotImplementedError, zipfile.BadZipFile, zlib.error) as error:
                print(f"skipped unreadable wheel {wheel}: {error}", file=sys.stderr)
                continue
            dist = "-".join(wheel.name.split("-")[:2])
            for member, data in members:
                yield f"{wheel}!{member}", dist, PurePosixPath(member).name, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("roots", type=Path, nargs="*")
    parser.add_argument("--exclude-corpus", type=Path, action="append", default=[],
                        help="a corpus folder (repeatable) of collect_corpus.py or of this script; "
                             "files with the same content are left out")
    parser.add_argument("--wheels", type=Path, action="append", default=[], metavar="DIR",
                        help="a folder (repeatable) whose *.whl archives are searched for license files")
    parser.add_argument("--license-dirs", action="store_true",
                        help="read the wheels' non-license-named files in licenses/-like folders instead (set 3)")
    args = parser.parse_intermixed_args()  # ROOTs may follow the options, as in the docs
    if not args.roots and not args.wheels:
        parser.error("give at least one ROOT or --wheels DIR")
    if args.license_dirs and not args.wheels:
        parser.error("--license-dirs applies to --wheels DIR only")
    seen = {digest(p.read_bytes()) for corpus in args.exclude_corpus
            for p in (corpus / "files").iterdir() if p.is_file()}
    files = args.out / "files"
    files.mkdir(parents=True, exist_ok=True)
    rows: list[str] = []

    def keep(group: str, source: str, parent: str, basename: str, data: bytes) -> None:
        key = digest(data)
        if key in seen:
            return
        seen.add(key)
        name = f"{len(rows):04d}_{re.sub(r'[^A-Za-z0-9._-]', '_', parent)}_{basename}"
        (files / name).write_bytes(data)
        rows.append(f"{name}\t{group}\t{source}")

    for group, path in candidates(args.roots):
        if 0 < path.stat().st_size <= MAX_BYTES:
            keep(group, str(path), path.parent.name, path.name, path.read_bytes())
    wheel_group = "held-out-wheel-license-dir-file" if args.license_dirs else "held-out-wheel-license-file"
    for source, dist, basename, data in wheel_members(args.wheels, args.license_dirs):
        keep(wheel_group, source, dist, basename, data)
    (args.out / "manifest.tsv").write_text("name\tgroup\tpath\n" + "\n".join(rows) + "\n")
    print(f"{len(rows)} files in {files}")


if __name__ == "__main__":
    main()
