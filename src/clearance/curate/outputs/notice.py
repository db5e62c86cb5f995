"""NOTICE: the kept works grouped by license, each with the attribution its license requires, and
each license's permission notice once per group (where clearance ships its text).

Written in one streaming pass: entries go to one scratch file per license, which are then joined
in order of the number of works, so memory holds one row batch whatever the dataset's size.
"""

from __future__ import annotations

import hashlib
import shutil
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import pyarrow.parquet as pq

from clearance.io.atomic import replacing
from clearance.licenses import parse_license
from clearance.licenses.notices import Work, notice_for

_COLUMNS = ["id", "decision", "title", "author", "source", "url", "copyright", "license"]
_RULE = "=" * 78


def write_notice(parts: Sequence[Path], out: Path, scratch: Path, dataset: str) -> int:
    """Write NOTICE for the kept rows of the manifest ``parts``; returns the number of works."""
    if scratch.exists():
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True)
    files: dict[str, tuple[Path, IO[str]]] = {}
    counts: Counter[str] = Counter()
    license_texts: dict[str, str | None] = {}
    try:
        for part in parts:
            with pq.ParquetFile(part) as handle:
                for batch in handle.iter_batches(columns=_COLUMNS, batch_size=4096):
                    for row in batch.to_pylist():
                        if row["decision"] != "keep":
                            continue
                        key = row["license"] or "(no license found)"
                        info = parse_license(row["license"])
                        work = Work(row["id"], row["title"], row["author"], row["source"], row["url"],
                                    row["copyright"])
                        notice = notice_for(work, info)
                        if key not in files:
                            name = hashlib.blake2b(key.encode(), digest_size=8).hexdigest()
                            path = scratch / f"{name}.txt"
                            files[key] = (path, open(path, "w", encoding="utf-8"))  # noqa: SIM115 - closed below
                            license_texts[key] = notice.license_text
                        files[key][1].write(notice.text.strip() + "\n\n")
                        counts[key] += 1
    finally:
        for _, handle in files.values():
            handle.close()
    with replacing(out) as tmp, open(tmp, "w", encoding="utf-8") as sink:
        sink.write(f"NOTICE for {dataset}\n\n")
        sink.write("This dataset was assembled by clearance curate. Its documents are grouped below by license;\n"
                   "each entry is the attribution its license requires (public-domain works are credited as a\n"
                   "courtesy). Where a license requires its permission notice, the notice follows its group.\n"
                   f"Works: {sum(counts.values())}, licenses: {len(counts)}.\n")
        for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            info = parse_license(None if key.startswith("(") else key)
            names = ", ".join(dict.fromkeys(t.name for t in info.terms)) or key
            sink.write(f"\n{_RULE}\n{key} ({names}): {count} work{'s' if count != 1 else ''}\n{_RULE}\n\n")
            with open(files[key][0], encoding="utf-8") as entries:
                shutil.copyfileobj(entries, sink)
            text = license_texts.get(key)
            if text:
                sink.write(f"--- Permission notice of {key} ---\n\n{text}\n")
    shutil.rmtree(scratch, ignore_errors=True)
    return sum(counts.values())
