"""Running the real `clearance` entry point in-process (torch loads once) for the audit CLI tests."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from clearance.cli import main as cli_main


def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of ``clearance ARGS``, error-to-exit-code mapping included."""
    monkeypatch.setattr(sys, "argv", ["clearance", *args])
    monkeypatch.setenv("COLUMNS", "160")
    code = 0
    try:
        cli_main.main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write_jsonl(path: Path, texts: list[str], prefix: str = "d") -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps({"id": f"{prefix}{i}", "text": text}) + "\n" for i, text in enumerate(texts))
    return path
