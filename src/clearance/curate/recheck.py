"""Which documents kept by an earlier run are opted out now: the run's manifest checked against the
current site files and opt-out list, without the corpus (the manifest keeps URL, author, content
hash, HTTP headers and meta tags of each kept document)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pyarrow.parquet as pq

from clearance.curate.config import CurateConfig, OptOutSettings
from clearance.curate.optout import OptOutChecker, RecheckRow, iter_opted_out
from clearance.curate.optout.signals import Signal
from clearance.curate.pipeline.layout import RunLayout
from clearance.io import InputError

_COLUMNS = ["id", "decision", "url", "author", "content_hash", "http_headers", "html_meta"]


@dataclass(slots=True)
class RecheckReport:
    run: Path
    checked: int = 0
    opted_out: list[tuple[str, list[Signal]]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"run": str(self.run), "checked": self.checked, "now_opted_out": len(self.opted_out),
                "documents": [{"id": i, "signals": [s.to_json() for s in signals]} for i, signals in self.opted_out]}


def recorded_optout(layout: RunLayout) -> OptOutSettings:
    """The opt-out settings the run was made with (its run.json)."""
    try:
        settings = orjson.loads(layout.run_file.read_bytes())["settings"]["optout"]
    except (OSError, KeyError, orjson.JSONDecodeError) as exc:
        raise InputError(str(layout.run_file), None, f"not a curate run record ({exc})") from None
    path = (lambda v: Path(v) if v else None)
    return OptOutSettings(True, path(settings.get("sites")), path(settings.get("user_list")),
                          tuple(settings["agents"]) if settings.get("agents") else None)


def _kept_rows(manifest: Path) -> Iterator[RecheckRow]:
    with pq.ParquetFile(manifest) as handle:
        for batch in handle.iter_batches(columns=_COLUMNS, batch_size=8192):
            for row in batch.to_pylist():
                if row["decision"] == "keep":
                    yield RecheckRow(row["id"], row["url"], row["author"], row["content_hash"], row["http_headers"],
                                     row["html_meta"])


def recheck(run_dir: Path, config: CurateConfig | None = None) -> RecheckReport:
    """Check the kept documents of ``run_dir`` with ``config``'s opt-out settings (default: the run's own,
    read from the files as they are now)."""
    layout = RunLayout(Path(run_dir))
    if not layout.manifest.exists():
        raise InputError(str(layout.manifest), None, "no manifest: not a finished curate run")
    settings = config.optout if config is not None else recorded_optout(layout)
    checker = OptOutChecker(settings.sites, settings.user_list, list(settings.agents) if settings.agents else None)
    report = RecheckReport(layout.root)
    counted = _counting(_kept_rows(layout.manifest), report)
    report.opted_out = list(iter_opted_out(counted, checker))
    return report


def _counting(rows: Iterator[RecheckRow], report: RecheckReport) -> Iterator[RecheckRow]:
    for row in rows:
        report.checked += 1
        yield row
