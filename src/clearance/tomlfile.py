"""Reading a TOML file whose every mistake is reported as ``path:line: key: reason``.

``tomllib`` gives a line only for syntax errors; for a value it parsed but we cannot accept, the
key's line is found by scanning the text for its table and key, so the message points where the
user must edit. Shared by the curate config, its license profiles and the guard policies.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from typing import Any

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"]+)\s*\]\]?")


def shipped_profiles(package: str) -> list[str]:
    """Names of the ``profiles/*.toml`` files a package ships (its profiles, by name)."""
    folder = resources.files(package).joinpath("profiles")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


class TomlError(ValueError):
    """A file that cannot be used: ``path:line: key: reason``."""

    def __init__(self, path: str, line: int | None, key: str, reason: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {key}: {reason}" if key else f"{where}: {reason}")
        self.path, self.line, self.key, self.reason = path, line, key, reason


def locate(text: str, table: str, index: int | None, key: str | None) -> int | None:
    """The 1-based line of ``key`` in ``[table]`` (or the index-th ``[[table]]``; "" for the top), else
    the table header's line."""
    if not table and key:  # a top-level name: its own [table] header, or its key line
        for number, line in enumerate(text.splitlines(), start=1):
            header = _HEADER.match(line)
            if (header and header.group(2) == key) or re.match(rf"^\s*{re.escape(key)}\s*=", line):
                return number
        return None
    current, seen, header_line = "", -1 if table else 0, None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            current = header.group(2)
            if current == table:
                seen += 1
                if index is None or seen == index:
                    header_line = number
            continue
        inside = current == table and (index is None or seen == index)
        if inside and key and re.match(rf"^\s*\"?{re.escape(key)}\"?\s*=", line):
            return number
    return header_line


class TomlReader:
    """Checks values against a schema, raising ``error`` (a TomlError) at the right line."""

    error: type[TomlError] = TomlError

    def __init__(self, path: str, text: str) -> None:
        self.path, self.text = path, text
        try:
            self.data: dict[str, Any] = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            line = re.search(r"line (\d+)", str(exc))
            raise self.error(path, int(line.group(1)) if line else None, "", f"not valid TOML ({exc})") from None

    def fail(self, table: str, index: int | None, key: str | None, reason: str) -> TomlError:
        label = table + (f"[{index + 1}]" if index is not None else "")
        label = f"{label}.{key}" if key and label else (key or label)
        return self.error(self.path, locate(self.text, table, index, key), label, reason)

    def table(self, data: dict[str, Any], name: str, allowed: set[str]) -> dict[str, Any]:
        """``data[name]`` as a table with only ``allowed`` keys ({} when absent)."""
        value = data.get(name, {})
        if not isinstance(value, dict):
            raise self.fail(name, None, None, "must be a table")
        self.known(value, allowed, name)
        return value

    def tables(self, data: dict[str, Any], name: str, allowed: set[str]) -> list[dict[str, Any]]:
        """``[[name]]`` entries, each checked for unknown keys."""
        value = data.get(name, [])
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(name, None, None, f"write it as [[{name}]] tables")
        for index, item in enumerate(value):
            self.known(item, allowed, name, index)
        return value

    def known(self, data: dict[str, Any], allowed: set[str], table: str, index: int | None = None) -> None:
        for key in data:
            if key not in allowed:
                where = f"in [{table}]" if table else "at the top level"
                raise self.fail(table, index, key, f"unknown key {where} (known: {', '.join(sorted(allowed))})")

    def string(self, data: dict, key: str, table: str, default: str | None = None, index: int | None = None,
               choices: tuple[str, ...] | None = None) -> str | None:
        value = data.get(key, default)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(table, index, key, f"must be a string, not {type(value).__name__}")
        if choices is not None and value not in choices:
            raise self.fail(table, index, key, f"{value!r} is not one of {', '.join(choices)}")
        return value

    def strings(self, data: dict, key: str, table: str, index: int | None = None) -> list[str] | None:
        if key not in data:
            return None
        value = data[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(table, index, key, "must be a string or a list of strings")
        return value

    def boolean(self, data: dict, key: str, table: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(table, None, key, f"must be true or false, not {value!r}")
        return value

    def integer(self, data: dict, key: str, table: str, default: int, minimum: int = 0,
                index: int | None = None) -> int:
        value = data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise self.fail(table, index, key, f"must be a whole number >= {minimum}, not {value!r}")
        return value

    def number(self, data: dict, key: str, table: str, default: float, low: float, high: float,
               index: int | None = None) -> float:
        value = data.get(key, default)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not low <= value <= high:
            raise self.fail(table, index, key, f"must be a number from {low} to {high}, not {value!r}")
        return float(value)
