"""evaluate license-compliance: similar outputs found, stated licenses judged against the source's."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import orjson
import pytest
from conftest import run_cli

from clearance.cli.demo_cmd import demo_documents
from clearance.guard.compliance import evaluate_outputs
from clearance.index import Index, build_index
from clearance.proportions import wilson_interval

CODE = Path(str(resources.files("clearance.demo") / "corpus" / "code"))


@pytest.fixture(scope="module")
def demo_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("compliance") / "index"
    build_index(demo_documents(), path)
    return path


def _slice(relative: str, start: int = 2000, length: int = 900) -> str:
    return (CODE / relative).read_text(encoding="utf-8")[start : start + length]


def outputs() -> list[dict]:
    return [
        {"id": "bsd-right", "text": "Here you go:\n" + _slice("click/utils.py"), "license": "BSD-3-Clause"},
        {"id": "gpl-said-mit", "text": _slice("python-apt/sourceslist.py"), "license": "MIT"},
        {"id": "mit-unstated", "text": _slice("xmltodict/xmltodict.py"), "license": None},
        {"id": "original", "text": "def add(a, b):\n    return a + b\n" * 3, "license": "MIT"},
        {"id": "apache-debian-name", "text": _slice("requests/utils.py"), "license": "Apache 2.0"},
    ]


def test_rates_and_agreement_by_category(demo_index: Path) -> None:
    with Index(demo_index) as index:
        report = evaluate_outputs(index, ((o["id"], o["text"], o["license"]) for o in outputs()))
    agreement = {v.id: (v.similar, v.agreement) for v in report.verdicts}
    assert agreement == {"bsd-right": (True, "correct"), "gpl-said-mit": (True, "wrong"),
                         "mit-unstated": (True, "missing"), "original": (False, None),
                         "apache-debian-name": (True, "correct")}
    summary = report.summary()
    assert (summary["outputs"], summary["similar"], summary["license_correct"]) == (5, 4, 2)
    assert summary["copyleft"] == {"similar": 1, "license_correct": 0, "license_correct_rate": 0.0}
    assert summary["by_category"]["strong-copyleft"] == {"similar": 1, "correct": 0, "wrong": 1, "missing": 0}
    assert summary["by_category"]["permissive"] == {"similar": 3, "correct": 2, "wrong": 0, "missing": 1}


def test_wilson_interval_known_values() -> None:
    lo, hi = wilson_interval(0, 10)
    assert lo == 0.0 and abs(hi - 0.2775) < 1e-3
    lo, hi = wilson_interval(5, 10)
    assert abs(lo - 0.2366) < 1e-3 and abs(hi - 0.7634) < 1e-3


def test_cli_reports_and_rejects_bad_lines(demo_index: Path, tmp_path: Path) -> None:
    path = tmp_path / "outputs.jsonl"
    path.write_bytes(b"".join(orjson.dumps(o) + b"\n" for o in outputs()))
    result = run_cli("evaluate", "license-compliance", "--index", str(demo_index), "--outputs", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = orjson.loads(result.stdout)
    assert data["similar"] == 4 and len(data["outputs_similar"]) == 4
    markdown = run_cli("evaluate", "license-compliance", "--index", str(demo_index), "--outputs", str(path))
    assert "Copyleft sources: 1 similar outputs, 0 with the right license" in markdown.stdout
    path.write_text('{"id": 1, "text": "x"}\n{"id": 2, "text": 5}\n')
    bad = run_cli("evaluate", "license-compliance", "--index", str(demo_index), "--outputs", str(path))
    assert bad.returncode == 2 and f"{path}:2:" in bad.stderr
