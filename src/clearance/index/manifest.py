"""``manifest.json``: the commit point of an index.

Readers trust only what the manifest lists, so writing a new manifest (to a temporary name,
then an atomic rename) is the single step that makes a build or an added shard visible.
"""

from __future__ import annotations

import json
import unicodedata
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from clearance import __version__
from clearance.index.errors import IndexFormatError
from clearance.text.tokens import CHANNELS, Channel

FORMAT = "clearance-index"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
#: Every CHECKPOINT_EVERY-th token's byte and char offset is stored, to start decoding there.
CHECKPOINT_EVERY = 64


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def normalizer_settings(channels: tuple[Channel, ...]) -> dict[str, Any]:
    """What a query must do exactly as the build did, recorded so that it can check."""
    return {
        "unicode_version": unicodedata.unidata_version,
        "fold": "lowercase, then NFKD with combining marks dropped, per code point",
        "words": "runs of letters, digits and marks; each CJK character alone; all else dropped",
        "code": "identifiers (non-keywords) abstracted; keywords, numbers and symbols kept; quote styles folded",
        "checkpoint_every": CHECKPOINT_EVERY,
        "key_bits": 32,
        "channels": {c.name: {"ngram": c.ngram, "window": c.window} for c in channels},
    }


def channels_from(settings: dict[str, Any], where: Path) -> tuple[Channel, ...]:
    try:
        specs = settings["channels"]
        return tuple(Channel(name, int(s["ngram"]), int(s["window"])) for name, s in specs.items())
    except (KeyError, TypeError, ValueError) as exc:
        raise IndexFormatError(f"{where}: normalizer.channels is malformed ({exc})") from exc


def file_checksum(path: Path) -> dict[str, Any]:
    crc = 0
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 22):
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
    return {"bytes": size, "crc32": f"{crc:08x}"}


def new_manifest(channels: tuple[Channel, ...]) -> dict[str, Any]:
    stamp = now()
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "clearance_version": __version__,
        "created": stamp,
        "updated": stamp,
        "normalizer": normalizer_settings(channels),
        "counts": {"documents": 0, "characters": 0, "bytes": 0, "tokens": {}, "shards": 0},
        "shards": [],
    }


def recount(manifest: dict[str, Any]) -> None:
    """Derive the totals from the shard entries, so they can never disagree."""
    shards = manifest["shards"]
    tokens: dict[str, int] = {}
    for shard in shards:
        for name, value in shard["tokens"].items():
            tokens[name] = tokens.get(name, 0) + value
    manifest["counts"] = {
        "documents": sum(s["documents"] for s in shards),
        "characters": sum(s["characters"] for s in shards),
        "bytes": sum(s["bytes"] for s in shards),
        "tokens": tokens,
        "shards": len(shards),
    }


def read_manifest(directory: Path) -> dict[str, Any]:
    """Load and validate the manifest; every problem names the directory and the field."""
    path = directory / MANIFEST
    if not directory.is_dir():
        raise IndexFormatError(f"{directory}: no such index directory")
    if not path.is_file():
        raise IndexFormatError(f"{directory}: not a clearance index (no {MANIFEST})")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexFormatError(f"{path}: unreadable manifest ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise IndexFormatError(f"{path}: not a clearance index manifest (format field)")
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise IndexFormatError(
            f"{path}: index format version {version!r} is not supported by clearance "
            f"{__version__} (reads version {FORMAT_VERSION}); rebuild it with `clearance index build`"
        )
    for key in ("normalizer", "shards", "counts"):
        if key not in data:
            raise IndexFormatError(f"{path}: manifest lacks the field '{key}'")
    unknown = set(data["normalizer"].get("channels", {})) - set(CHANNELS)
    if unknown:
        raise IndexFormatError(f"{path}: unknown channels {sorted(unknown)} in normalizer.channels")
    return data
