"""The AI crawlers whose robots.txt rules count, read from ``agents.toml`` (data, not code)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from clearance.io import InputError

AGENTS_FILE = "agents.toml"
_FIELDS = {"token": str, "operator": str, "purpose": str, "training": bool}


@dataclass(frozen=True, slots=True)
class AiAgent:
    token: str  # the robots.txt product token, as its operator spells it
    operator: str
    purpose: str
    training: bool  # collects data for training AI models: part of the default set


def parse_agents(text: str, source: str) -> list[AiAgent]:
    """Parse an agents file; a missing field, wrong type or duplicate token is an InputError."""
    from clearance.curate.optout.robots import product_token  # robots imports nothing from here

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(source, None, f"not valid TOML ({exc})") from None
    entries = data.get("agent")
    if not isinstance(entries, list) or not entries:
        raise InputError(source, None, "expected [[agent]] tables")
    agents: list[AiAgent] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        where = f"[[agent]] #{index}"
        for name, kind in _FIELDS.items():
            if not isinstance(entry.get(name), kind):
                raise InputError(source, None, f"{where}: '{name}' must be a {kind.__name__}")
        extra = set(entry) - set(_FIELDS)
        if extra:
            raise InputError(source, None, f"{where}: unknown keys {sorted(extra)}")
        token = entry["token"]
        if product_token(token) != token.lower():
            raise InputError(source, None, f"{where}: {token!r} is not a robots.txt product token "
                                           "(letters, digits, '-' and '_' only)")
        if token.lower() in seen:
            raise InputError(source, None, f"{where}: {token!r} is listed twice")
        seen.add(token.lower())
        agents.append(AiAgent(token, entry["operator"], entry["purpose"], entry["training"]))
    return agents


@cache
def known_agents() -> tuple[AiAgent, ...]:
    """Every crawler in the packaged ``agents.toml``."""
    text = resources.files(__package__).joinpath(AGENTS_FILE).read_text(encoding="utf-8")
    return tuple(parse_agents(text, AGENTS_FILE))


def default_training_agents() -> tuple[str, ...]:
    """Product tokens of the crawlers marked ``training = true``: the default set the check uses."""
    return tuple(agent.token for agent in known_agents() if agent.training)


def load_agents(path: Path) -> list[AiAgent]:
    """A user-supplied agents file in the same format."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), None, f"cannot read: {exc}") from None
    return parse_agents(text, str(path))
