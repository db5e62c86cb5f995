"""Gather the real license files of this machine into one folder for the benchmark.

Sources: LICENSE/COPYING/NOTICE files of the Python packages installed in the given environments
(``*.dist-info``), Debian's ``/usr/share/common-licenses``, and Debian's machine-readable
``/usr/share/doc/*/copyright`` files (those that declare the copyright-format 1.0). Each file is
copied under a flat, unique name (scancode does not follow links); ``manifest.tsv`` maps names back
to the original path and source group.

    python benchmarks/licenses/collect_corpus.py OUT_DIR SITE_PACKAGES...
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

LICENSE_NAME = re.compile(r"^(?:LICEN[CS]E|COPYING|NOTICE|COPYRIGHT)", re.IGNORECASE)
MAX_BYTES = 2_000_000


def candidates(site_packages: list[Path]) -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    for site in site_packages:
        for info in sorted(site.glob("*.dist-info")):
            for path in sorted(info.rglob("*")):
                if path.is_file() and LICENSE_NAME.match(path.name):
                    found.append(("python-package", path))
    found += [("common-licenses", p) for p in sorted(Path("/usr/share/common-licenses").iterdir()) if p.is_file()]
    for path in sorted(Path("/usr/share/doc").glob("*/copyright")):
        head = path.read_bytes()[:300].decode("utf-8", "replace")
        if re.search(r"^Format:.*copyright-format", head, re.MULTILINE):
            found.append(("debian-copyright", path))
    return found


def main(out: Path, site_packages: list[Path]) -> None:
    files = out / "files"
    files.mkdir(parents=True, exist_ok=True)
    seen: set[Path] = set()
    rows = []
    for group, path in candidates(site_packages):
        real = path.resolve()
        if real in seen or real.stat().st_size > MAX_BYTES or real.stat().st_size == 0:
            continue
        seen.add(real)
        name = f"{len(rows):04d}_{re.sub(r'[^A-Za-z0-9._-]', '_', path.parent.name)}_{path.name}"
        shutil.copyfile(real, files / name)
        rows.append(f"{name}\t{group}\t{path}")
    (out / "manifest.tsv").write_text("name\tgroup\tpath\n" + "\n".join(rows) + "\n")
    print(f"{len(rows)} files in {files}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]])
