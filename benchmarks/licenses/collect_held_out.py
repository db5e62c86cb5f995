"""Gather a held-out set of real license files: files the detection rules were never tuned on.

``collect_corpus.py`` gathers the corpus the detection was measured and fixed against. This script
walks other trees of the machine (vendored libraries of installed applications, toolchains, other
Python installations, the free-form Debian copyright files) and keeps every license file whose
content is not already in that corpus, so a figure measured here is an out-of-sample estimate.

    python benchmarks/licenses/collect_held_out.py OUT_DIR --exclude-corpus /tmp/licbench ROOT...

Groups in ``manifest.tsv``: ``held-out-license-file`` (LICENSE/COPYING/NOTICE files) and
``held-out-debian-free-form`` (``/usr/share/doc/*/copyright`` files that do not declare the
machine-readable format; the machine-readable ones are all in the main corpus).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
from pathlib import Path

from collect_corpus import LICENSE_NAME, MAX_BYTES  # the same files, sizes and names as the main corpus

#: Names that match but are code, markup or archives, not license texts.
NOT_TEXT = re.compile(r"\.(?:py|pyc|js|json|html?|gz|xz|zst|css|svg)$", re.IGNORECASE)
MACHINE_READABLE = re.compile(r"^Format:.*copyright-format", re.MULTILINE)


def digest(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


def candidates(roots: list[Path]) -> list[tuple[str, Path]]:
    """(group, path) for each license file under the roots, in a stable order."""
    found: list[tuple[str, Path]] = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.is_symlink() or not LICENSE_NAME.match(path.name) \
                    or NOT_TEXT.search(path.name):
                continue
            if path.name == "copyright" and path.parent.parent == Path("/usr/share/doc"):
                head = path.read_bytes()[:300].decode("utf-8", "replace")
                if not MACHINE_READABLE.search(head):
                    found.append(("held-out-debian-free-form", path))
            elif path.parent.parent != Path("/usr/share/doc") or path.name != "copyright":
                found.append(("held-out-license-file", path))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("roots", type=Path, nargs="+")
    parser.add_argument("--exclude-corpus", type=Path, action="append", default=[],
                        help="a corpus folder of collect_corpus.py; files with the same content are left out")
    args = parser.parse_args()
    seen = {digest(p) for corpus in args.exclude_corpus for p in (corpus / "files").iterdir() if p.is_file()}
    files = args.out / "files"
    files.mkdir(parents=True, exist_ok=True)
    rows: list[str] = []
    for group, path in candidates(args.roots):
        size = path.stat().st_size
        if size == 0 or size > MAX_BYTES:
            continue
        key = digest(path)
        if key in seen:
            continue
        seen.add(key)
        name = f"{len(rows):04d}_{re.sub(r'[^A-Za-z0-9._-]', '_', path.parent.name)}_{path.name}"
        shutil.copyfile(path, files / name)
        rows.append(f"{name}\t{group}\t{path}")
    (args.out / "manifest.tsv").write_text("name\tgroup\tpath\n" + "\n".join(rows) + "\n")
    print(f"{len(rows)} files in {files}")


if __name__ == "__main__":
    main()
