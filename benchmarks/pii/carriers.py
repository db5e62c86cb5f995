"""Filler that surrounds planted values: prose, Python, JavaScript, configuration, logs, CSV and
Markdown, generated from templates and word lists (no real text, so no unlabeled real PII).

Filler holds the everyday digits and punctuation of its genre (counts, ports, timeouts, hex
constants, short versions) but nothing that any kind of PII detector should report.
"""

from __future__ import annotations

import random

NOUNS = """
    system report meeting budget project committee river station garden library network service
    account window student teacher market engine server request document policy schedule contract
    building village history language answer question method result table record kernel module
    """.split()  # noqa: SIM905
VERBS = """
    reviewed approved described delayed changed improved tested opened closed checked moved sent
    received updated explained measured removed added discussed planned replaced
    """.split()  # noqa: SIM905
ADJS = """
    new old quiet final early late public private simple careful local annual central minor major
    several useful long short northern modern
    """.split()  # noqa: SIM905
ADVERBS = "quickly slowly carefully again twice later soon already often rarely".split()  # noqa: SIM905
PREPS = "in on for with after before during under over near across through".split()  # noqa: SIM905
IDENT = """
    parse load save build render fetch update delete check compute merge split format resolve handle
    read write open close start stop reset apply convert encode decode
    """.split()  # noqa: SIM905
OBJS = """
    config data user item record buffer path request response cache token_count node tree index
    entry result value header payload frame chunk message
    """.split()  # noqa: SIM905


def sentence(rng: random.Random) -> str:
    forms = [
        lambda: (
            f"The {rng.choice(ADJS)} {rng.choice(NOUNS)} was {rng.choice(VERBS)} {rng.choice(PREPS)} the {rng.choice(NOUNS)}."
        ),
        lambda: (
            f"We {rng.choice(VERBS)} the {rng.choice(NOUNS)} {rng.choice(ADVERBS)}, and the {rng.choice(NOUNS)} {rng.choice(VERBS)} it."
        ),
        lambda: (
            f"{rng.choice(NOUNS).title()}s {rng.choice(PREPS)} the {rng.choice(ADJS)} {rng.choice(NOUNS)} were {rng.choice(VERBS)}."
        ),
        lambda: (
            f"After {rng.randrange(2, 40)} {rng.choice(NOUNS)}s, the {rng.choice(NOUNS)} {rng.choice(VERBS)} {rng.choice(ADVERBS)}."
        ),
        lambda: (
            f"Nobody {rng.choice(VERBS)} the {rng.choice(NOUNS)} {rng.choice(PREPS)} {rng.choice(ADJS)} {rng.choice(NOUNS)}s."
        ),
        lambda: (
            f"About {rng.randrange(5, 95)}% of the {rng.choice(NOUNS)}s were {rng.choice(VERBS)} in {rng.randrange(1990, 2025)}."
        ),
    ]
    return rng.choice(forms)()


def paragraph(rng: random.Random, sentences: int | None = None) -> str:
    return " ".join(sentence(rng) for _ in range(sentences or rng.randrange(2, 6)))


def python_block(rng: random.Random) -> str:
    f, o = rng.choice(IDENT), rng.choice(OBJS)
    n = rng.randrange(2, 64)
    return rng.choice(
        [
            (
                f'def {f}_{o}({o}, limit={n}):\n    """{sentence(rng)}"""\n    out = []\n    for i in range(limit):\n'
                f"        out.append({o}[i] * {rng.randrange(2, 9)})\n    return out\n"
            ),
            (
                f"class {f.title()}{o.title().replace('_', '')}:\n    timeout = {n}\n    retries = {rng.randrange(1, 6)}\n\n"
                f'    def {f}(self, {o}):\n        if not {o}:\n            raise ValueError("empty {o}")\n'
                f"        return self.{o}_map.get({o}, 0x{rng.randrange(16, 255):X})\n"
            ),
            f"# {sentence(rng)}\n{o.upper()}_SIZE = {n * 1024}\nratio = {rng.random():.3f}\n",
            f'import os\nimport re\n\n_PATTERN = re.compile(r"[a-z]+_{rng.randrange(9)}")\n',
            f'    logger.info("{f} {o} took %.2f s", elapsed)\n    assert len({o}) <= {n}, "{o} too long"\n',
        ]
    )


def js_block(rng: random.Random) -> str:
    f, o = rng.choice(IDENT), rng.choice(OBJS)
    return rng.choice(
        [
            f"export function {f}{o.title()}({o}) {{\n  // {sentence(rng)}\n  return {o}.map((x) => x * {rng.randrange(2, 9)});\n}}\n",
            f"const {o}Timeout = {rng.randrange(100, 9000)};\nlet {f}Count = 0;\n",
            f"if ({o}.length > {rng.randrange(3, 99)}) {{\n  console.warn(`{f}: ${{{o}.length}} items`);\n}}\n",
        ]
    )


def config_block(rng: random.Random) -> str:
    o = rng.choice(OBJS)
    return rng.choice(
        [
            f"[{o}]\nenabled = true\nport = {rng.randrange(1024, 65000)}\nworkers = {rng.randrange(1, 32)}\n",
            f"{o}:\n  retries: {rng.randrange(1, 9)}\n  timeout_seconds: {rng.randrange(5, 300)}\n  mode: {rng.choice(ADJS)}\n",
            f"LOG_LEVEL=info\n{o.upper()}_WORKERS={rng.randrange(1, 16)}\n",
        ]
    )


def log_line(rng: random.Random) -> str:
    return (
        f"2024-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d} {rng.randrange(24):02d}:{rng.randrange(60):02d}:"
        f"{rng.randrange(60):02d},{rng.randrange(1000):03d} {rng.choice(['INFO', 'WARN', 'DEBUG'])} "
        f"[{rng.choice(IDENT)}-worker-{rng.randrange(1, 9)}] {rng.choice(IDENT)} {rng.choice(OBJS)} in {rng.randrange(1, 999)} ms\n"
    )


def markdown_block(rng: random.Random) -> str:
    return rng.choice(
        [
            f"## {rng.choice(ADJS).title()} {rng.choice(NOUNS)}s\n\n{paragraph(rng)}\n",
            f"- {sentence(rng)}\n- {sentence(rng)}\n",
            f"```bash\npip install {rng.choice(NOUNS)}-{rng.choice(IDENT)}\n```\n",
        ]
    )


FILLERS = {
    "prose": lambda rng: paragraph(rng) + "\n\n",
    "python": python_block,
    "javascript": js_block,
    "config": config_block,
    "log": log_line,
    "markdown": markdown_block,
    "csv": lambda rng: f"{rng.randrange(1, 9999)},{rng.choice(NOUNS)},{rng.choice(ADJS)},{rng.randrange(1, 500)}\n",
}
