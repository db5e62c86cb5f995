"""The detection evaluation in small: recall per alteration and precision against the targets.

Builds a ~2 MB corpus from this machine's own files (license texts, man pages, Python's
standard library, site-packages) plus Markov-generated prose, plants copies in simulated
model outputs and checks them with the index, using the same modules as
``benchmarks/detection/run_eval.py`` (method: ``docs/bench/detection.md``). A regression in
matching shows up here as a missed target.
"""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.detection.alter import ALTERATIONS  # noqa: E402
from benchmarks.detection.run_eval import Config, run  # noqa: E402
from benchmarks.detection.scoring import TARGETS  # noqa: E402

SIZE_MB = 2.0
OUTPUTS = 600
SEED = 11
MIN_PLANTS = 30  # fewer plants of one alteration than this say nothing about its recall


def _missing_sources() -> str | None:
    """Why this machine cannot supply the corpus, or None."""
    needed = {
        "license texts": Path("/usr/share/common-licenses"),
        "man pages": Path("/usr/share/man/man1"),
        "Python standard library": Path(sysconfig.get_paths()["stdlib"]) / "json",
    }
    for what, path in needed.items():
        if not path.is_dir():
            return f"the detection corpus needs {what} at {path}, which this machine lacks"
    return None


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    reason = _missing_sources()
    if reason:
        pytest.skip(reason)
    result = run(Config(size_mb=SIZE_MB, outputs=OUTPUTS, seed=SEED, work=tmp_path_factory.mktemp("detection")))
    documents = sum(row["documents"] for name, row in result["corpus"].items() if "held-out" not in name)
    if documents < 50:
        pytest.skip(f"this machine supplied only {documents} documents for the detection corpus")
    return result


def _failures(report: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """A few misses or false matches, so a failing assertion shows what went wrong."""
    if kind == "precision":
        return report["false_matches"][:3]
    return [
        {k: m[k] for k in ("doc_id", "coverage", "overlapping", "planted")}
        for m in report["misses"] if m["alteration"] == kind
    ][:3]


@pytest.mark.parametrize("alteration", ALTERATIONS)
def test_recall_meets_target(report: dict[str, Any], alteration: str) -> None:
    row = report["recall"][alteration]
    assert row["plants"] >= MIN_PLANTS, f"only {row['plants']} {alteration} plants"
    assert row["recall"] >= TARGETS[alteration], (
        f"{alteration}: recall {row['recall']} < {TARGETS[alteration]} "
        f"({row['found']}/{row['plants']}); e.g. {_failures(report, alteration)}"
    )


def test_precision_meets_target(report: dict[str, Any]) -> None:
    p = report["precision"]
    assert p["matches"] > 0
    assert p["precision"] >= TARGETS["precision"], (
        f"precision {p['precision']} < {TARGETS['precision']} ({p['false']} false of {p['matches']}, "
        f"by cause {p['false_by_cause']}); e.g. {_failures(report, 'precision')}"
    )


def test_cited_license_meets_target(report: dict[str, Any]) -> None:
    lic = report["license"]
    assert lic["rate"] >= TARGETS["license"], f"license right {lic['rate']} < {TARGETS['license']}: {lic}"
    assert lic["match_license_equals_cited_document"] == 1.0
