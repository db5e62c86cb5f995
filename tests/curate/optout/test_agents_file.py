"""The packaged AI crawler list is well-formed data, and bad agent files are rejected precisely."""

import tomllib
from importlib import resources
from pathlib import Path

import pytest

from clearance.curate.optout.agents import default_training_agents, known_agents, load_agents, parse_agents
from clearance.curate.optout.robots import product_token
from clearance.io import InputError

REQUIRED_TRAINING = {"GPTBot", "CCBot", "Google-Extended", "ClaudeBot", "anthropic-ai", "Bytespider",
                     "Applebot-Extended", "Meta-ExternalAgent", "FacebookBot", "cohere-ai", "Diffbot", "Amazonbot",
                     "omgili", "ImagesiftBot"}
REQUIRED_OTHER = {"ChatGPT-User", "OAI-SearchBot", "PerplexityBot", "Claude-Web"}


def test_packaged_file_is_well_formed() -> None:
    text = resources.files("clearance.curate.optout").joinpath("agents.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(text)["agent"]
    agents = known_agents()
    assert len(agents) == len(raw) >= 30
    tokens = [a.token.lower() for a in agents]
    assert len(set(tokens)) == len(tokens)
    for agent in agents:
        assert product_token(agent.token) == agent.token.lower(), agent
        assert agent.operator.strip() and len(agent.purpose) > 20 and agent.purpose.endswith(".")


def test_expected_crawlers_are_listed_and_classified() -> None:
    by_token = {a.token: a for a in known_agents()}
    assert REQUIRED_TRAINING | REQUIRED_OTHER <= set(by_token)
    assert all(by_token[t].training for t in REQUIRED_TRAINING)
    assert not any(by_token[t].training for t in REQUIRED_OTHER)
    assert set(default_training_agents()) == {a.token for a in known_agents() if a.training}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("x = 1\n", "[[agent]]"),
        ('[[agent]]\ntoken = "A"\noperator = "o"\npurpose = "p"\n', "training"),
        ('[[agent]]\ntoken = "A B"\noperator = "o"\npurpose = "p"\ntraining = true\n', "product token"),
        ('[[agent]]\ntoken = "A"\noperator = "o"\npurpose = "p"\ntraining = true\nextra = 1\n', "unknown"),
        (('[[agent]]\ntoken = "A"\noperator = "o"\npurpose = "p"\ntraining = true\n'
          '[[agent]]\ntoken = "a"\noperator = "o"\npurpose = "p"\ntraining = false\n'), "twice"),
        ("[[agent\n", "TOML"),
    ],
)
def test_bad_agent_files(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as err:
        parse_agents(text, "agents.toml")
    assert fragment in err.value.reason


def test_load_agents_from_a_user_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('[[agent]]\ntoken = "MyBot"\noperator = "me"\npurpose = "tests"\ntraining = true\n')
    assert [a.token for a in load_agents(path)] == ["MyBot"]
    with pytest.raises(InputError):
        load_agents(tmp_path / "none.toml")
