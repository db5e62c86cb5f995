"""Read a policy TOML file, rejecting any mistake with its line and key.

``tomllib`` reports syntax errors with a line; for everything it parses but we cannot accept (an
unknown key, a wrong type, an action that does not exist) the key's line is found by scanning the
text for the table and the key, so the message points where the user must edit.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from clearance.licenses import Category, validate_license
from clearance.matches import KINDS
from clearance.policy.model import HOLDER_MODES, Action, Listing, Policy, Rule, listing
from clearance.tomlfile import TomlError, TomlReader, locate, shipped_profiles


class PolicyError(TomlError):
    """A policy that cannot be used: ``path:line: key: reason``."""


_POLICY_KEYS = {"name", "description", "standard", "default", "prefer", "holders", "stricter_than",
                "max_redacted_share"}
_LIST_KEYS = {"documents", "sources", "licenses"}
_RULE_KEYS = {"name", "action", "reason", "category", "spdx", "kind", "sources", "min_chars", "min_tokens",
              "max_chars", "max_tokens"}
_TOP_KEYS = {"policy", "allow", "deny", "rule"}


class _Reader(TomlReader):
    """The TOML schema checks, plus the policy's own value types; mistakes raise PolicyError."""

    error = PolicyError

    def count(self, data: dict, key: str, table: str, index: int | None) -> int | None:
        if key not in data:
            return None
        value = data[key]
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.fail(table, index, key, f"must be a whole number >= 0, not {value!r}")
        return value

    def action(self, data: dict, key: str, table: str, index: int | None, default: str | None = None) -> Action:
        value = data.get(key, default)
        if value is None:
            raise self.fail(table, index, None, f"missing {key!r} (one of {', '.join(a.value for a in Action)})")
        try:
            return Action(value)
        except ValueError:
            raise self.fail(table, index, key, f"{value!r} is not one of {', '.join(a.value for a in Action)}") from None

    def categories(self, values: list[str] | None, key: str, table: str, index: int | None) -> list[Category] | None:
        if values is None:
            return None
        try:
            return [Category.parse(v) for v in values]
        except ValueError as exc:
            raise self.fail(table, index, key, str(exc)) from None

    def listing(self, data: Any, table: str) -> Listing:
        if not isinstance(data, dict):
            raise self.fail(table, None, None, "must be a table")
        self.known(data, _LIST_KEYS, table)
        licenses = []
        for raw in self.strings(data, "licenses", table) or []:
            try:
                licenses.append(validate_license(raw))
            except ValueError as exc:
                raise self.fail(table, None, "licenses", str(exc)) from None
        return listing(self.strings(data, "documents", table) or [], self.strings(data, "sources", table) or [],
                       licenses)

    def rule(self, data: Any, index: int) -> Rule:
        table = "rule"
        if not isinstance(data, dict):
            raise self.fail(table, index, None, "must be a table ([[rule]])")
        self.known(data, _RULE_KEYS, table, index)
        kinds = self.strings(data, "kind", table, index)
        for kind in kinds or []:
            if kind not in KINDS:
                raise self.fail(table, index, "kind", f"{kind!r} is not one of {', '.join(KINDS)}")
        categories = self.categories(self.strings(data, "category", table, index), "category", table, index)
        spdx = self.strings(data, "spdx", table, index)
        sources = self.strings(data, "sources", table, index)
        return Rule(
            name=self.string(data, "name", table, index=index, default=f"rule {index + 1}") or "",
            action=self.action(data, "action", table, index),
            reason=self.string(data, "reason", table, index=index, default="") or "",
            categories=frozenset(categories) if categories is not None else None,
            spdx=tuple(spdx) if spdx is not None else None,
            kinds=frozenset(kinds) if kinds is not None else None,
            sources=tuple(sources) if sources is not None else None,
            min_chars=self.count(data, "min_chars", table, index) or 0,
            min_tokens=self.count(data, "min_tokens", table, index) or 0,
            max_chars=self.count(data, "max_chars", table, index),
            max_tokens=self.count(data, "max_tokens", table, index),
        )


def parse_policy(text: str, path: str = "<policy>") -> Policy:
    r = _Reader(path, text)
    data = r.data
    for key in data:
        if key not in _TOP_KEYS:
            raise PolicyError(path, locate(text, key, None, None), key,
                              f"unknown table (known: {', '.join(sorted(_TOP_KEYS))})")
    head = data.get("policy", {})
    if not isinstance(head, dict):
        raise r.fail("policy", None, None, "must be a table")
    r.known(head, _POLICY_KEYS, "policy")
    holders = r.string(head, "holders", "policy", default="most-restrictive", choices=HOLDER_MODES) or ""
    share = head.get("max_redacted_share", 0.5)
    if not isinstance(share, (int, float)) or isinstance(share, bool) or not 0 <= share <= 1:
        raise r.fail("policy", None, "max_redacted_share", f"must be a number from 0 to 1, not {share!r}")
    prefer = r.categories(r.strings(head, "prefer", "policy"), "prefer", "policy", None)
    rules = data.get("rule", [])
    if not isinstance(rules, list):
        raise PolicyError(path, locate(text, "rule", None, None), "rule", "write rules as [[rule]] tables")
    return Policy(
        name=r.string(head, "name", "policy", default=Path(path).stem) or "",
        description=r.string(head, "description", "policy", default="") or "",
        standard=r.string(head, "standard", "policy", default="") or "",
        rules=tuple(r.rule(item, i) for i, item in enumerate(rules)),
        default=r.action(head, "default", "policy", None, default="allow"),
        prefer=tuple(prefer) if prefer else Policy.__dataclass_fields__["prefer"].default,
        holders=holders,
        allow=r.listing(data.get("allow", {}), "allow"),
        deny=r.listing(data.get("deny", {}), "deny"),
        stricter_than=tuple(r.strings(head, "stricter_than", "policy") or ()),
        max_redacted_share=float(share),
        path=path,
    )


def profile_names() -> list[str]:
    """The shipped profiles, by name."""
    return shipped_profiles("clearance.policy")


def load_policy(spec: str | Path) -> Policy:
    """A shipped profile by name (``code``, ``prose`` ...) or a TOML file by path."""
    name = str(spec)
    if name in profile_names():
        resource = resources.files("clearance.policy").joinpath("profiles", f"{name}.toml")
        return parse_policy(resource.read_text("utf-8"), f"profile:{name}")
    path = Path(spec)
    if not path.exists():
        raise PolicyError(str(path), None, "", f"no such file, and not a shipped profile "
                          f"(profiles: {', '.join(profile_names())})")
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(str(path), None, "", f"cannot read ({exc})") from None
    return parse_policy(text, str(path))
