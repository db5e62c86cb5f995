"""The PRIVATE record of a copyright-trap campaign: the traps, where they were inserted, the control
sequences kept back, and how they were made.

Whoever holds it can detect the traps, and whoever reads it can strip them out of the books, so it
is written with owner-only permissions (0600) and atomically (a crash never leaves half a manifest).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from clearance.io import InputError

FORMAT = "clearance-traps"
VERSION = 1


@dataclass(slots=True)
class Insertion:
    """Where one copy of a trap went: the output file, and inside it the record (JSONL line or EPUB
    entry) and the character span of the trap text in that record's text (or entry's XHTML)."""

    file: str
    start: int
    end: int
    line: int | None = None  # JSONL: 1-based line of the record
    entry: str | None = None  # EPUB: the XHTML entry inside the archive


@dataclass(slots=True)
class TrapSequence:
    """A trap or a control: its text, its tokens under the generator, and its perplexity there."""

    id: str
    text: str
    tokens: list[str]
    token_ids: list[int]
    perplexity: float
    repeats: int = 0  # copies inserted (traps); always 0 for controls
    insertions: list[Insertion] = field(default_factory=list)


@dataclass(slots=True)
class TrapManifest:
    seed: int
    generator: dict[str, Any]  # kind (model or ngram), its source, temperature, targets: how to remake them
    traps: list[TrapSequence]
    controls: list[TrapSequence]
    created: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    inserted_into: list[str] = field(default_factory=list)  # output files written by `traps insert`
    insert_seed: int | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        return {"format": FORMAT, "version": VERSION, **data}

    def save(self, path: Path) -> None:
        """Atomic, owner-only: the file is created 0600 under a temporary name and renamed into place."""
        path = Path(path)
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        data = (json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)  # O_CREAT's mode only applies to new files
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> TrapManifest:
        display = os.fspath(path)
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise InputError(display, None, f"cannot read ({exc.strerror or exc})") from exc
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            line = getattr(exc, "lineno", None)
            raise InputError(display, line, f"not valid JSON ({exc})") from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise InputError(display, None, f"not a trap manifest (expected format {FORMAT!r})")
        if data.get("version") != VERSION:
            raise InputError(display, None, f"manifest version {data.get('version')!r} is not supported ({VERSION})")
        return cls(
            seed=_field(data, "seed", int, display),
            generator=_field(data, "generator", dict, display),
            traps=[_sequence(item, f"traps[{i}]", display) for i, item in enumerate(_field(data, "traps", list, display))],
            controls=[_sequence(item, f"controls[{i}]", display)
                      for i, item in enumerate(_field(data, "controls", list, display))],
            created=str(data.get("created", "")),
            inserted_into=list(data.get("inserted_into") or []),
            insert_seed=data.get("insert_seed"),
        )


def _field(data: dict[str, Any], name: str, kind: type, display: str, where: str = "") -> Any:
    label = f"{where}.{name}" if where else name
    if name not in data:
        raise InputError(display, None, f"field {label!r} is missing")
    value = data[name]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise InputError(display, None, f"field {label!r} must be {kind.__name__}, not {type(value).__name__}")
    return value


def _sequence(item: Any, where: str, display: str) -> TrapSequence:
    if not isinstance(item, dict):
        raise InputError(display, None, f"{where} must be an object")
    insertions = []
    for k, ins in enumerate(item.get("insertions") or []):
        spot = f"{where}.insertions[{k}]"
        if not isinstance(ins, dict):
            raise InputError(display, None, f"{spot} must be an object")
        insertions.append(Insertion(file=_field(ins, "file", str, display, spot), start=_field(ins, "start", int, display, spot),
                                    end=_field(ins, "end", int, display, spot), line=ins.get("line"), entry=ins.get("entry")))
    text = _field(item, "text", str, display, where)
    if not text.strip():
        raise InputError(display, None, f"{where}.text is empty")
    return TrapSequence(
        id=_field(item, "id", str, display, where),
        text=text,
        tokens=list(item.get("tokens") or []),
        token_ids=list(item.get("token_ids") or []),
        perplexity=_field(item, "perplexity", float, display, where),
        repeats=int(item.get("repeats") or 0),
        insertions=insertions,
    )
