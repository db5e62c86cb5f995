"""The labeled set: seeded documents of seven genres with planted PII and hard negatives, each
with its exact character span.

Usage::

    python -m benchmarks.pii.labeled --docs 2000 --seed 7 --out bench-data/pii-labeled.jsonl

Each line: ``{"id", "genre", "text", "spans": [[start, end, kind, subtype]...],
"negatives": [[start, end, type]...]}``. Spans are ``str`` offsets, end-exclusive. The gold
conventions: an assigned secret is its value without quotes; URL credentials are
``user:password``; a private key is the whole BEGIN...END block; a phone number includes its
``+``, country code and parentheses.
"""

from __future__ import annotations

import argparse
import json
import random
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.pii import values
from benchmarks.pii.carriers import FILLERS, NOUNS, paragraph
from benchmarks.pii.negatives import ASSIGNMENT_NEGATIVES, NEGATIVES, person_name

GENRES = {"prose": 22, "markdown": 10, "python": 18, "javascript": 10, "config": 14, "log": 14, "csv": 12}
FAMILY = {"prose": "text", "markdown": "text", "python": "code", "javascript": "code", "config": "config", "log": "log", "csv": "csv"}  # fmt: skip
KIND_WEIGHTS = {"EMAIL": 10, "PHONE": 12, "IP_ADDRESS": 10, "CREDIT_CARD": 9, "IBAN": 8, "SECRET": 16}

# Context templates: {v} is the value, {name} a person's name, {w} a word.
CONTEXTS: dict[str, dict[str, list[str]]] = {
    "EMAIL": {
        "text": ["Please contact {name} at {v} for details. ", "You can reach me at {v}. ", "Send your CV to {v} before Friday. ",
                 "Questions? Write to <{v}>. ", "{name} ({v}) replied within an hour. ", "Email: {v}\n", "[mail me](mailto:{v}) "],
        "code": ['    "email": "{v}",\n', "# Maintainer: {name} <{v}>\n", 'ADMIN_EMAIL = "{v}"\n', "// contact {v} for access\n",
                 "__author_email__ = '{v}'\n"],
        "config": ["email: {v}\n", "notify = {v}\n", "SMTP_FROM={v}\n"],
        "log": ["2024-03-01 10:12:01 INFO login ok user={v} session started\n", "postfix/smtp: to=<{v}>, relay=mx, status=sent\n"],
        "csv": ["{n},{name},{v},active\n"],
    },
    "PHONE": {
        "text": ["Call us on {v} during office hours. ", "Phone: {v}\n", "Tel. {v} ", "You can also ring {name} at {v}. ",
                 "Mobile: {v}. ", "(tel {v}) ", "Fax: {v}\n"],
        "code": ['    "phone": "{v}",\n', "# Support hotline: {v}\n", 'SUPPORT_PHONE = "{v}"\n', '<a href="tel:{v}">call</a>\n'],
        "config": ["phone: \"{v}\"\n", "contact_phone = {v}\n"],
        "log": ["2024-03-01 10:12:01 INFO sms sent to {v} status=ok\n"],
        "csv": ["{n},{name},{v},active\n"],
    },
    "PHONE_KEYWORD": {
        "text": ["Tel: {v}\n", "Phone: {v}. ", "phone no. {v} ", "Mobile {v}\n"],
        "code": ['    "phone": "{v}",\n', "# tel: {v}\n"],
        "config": ["phone: {v}\n", "tel = {v}\n"],
        "log": ["2024-03-01 10:12:01 INFO callback phone={v} queued\n"],
        "csv": ["{n},{name},phone: {v},active\n"],
    },
    "IP_ADDRESS": {
        "text": ["The attack came from {v} last night. ", "Our resolver at {v} was slow. ", "Server address: {v}\n"],
        "code": ['    "ip": "{v}",\n', 'UPSTREAM = "{v}"\n', "# blocked {v} after abuse report\n"],
        "config": ["bind_address = {v}\n", "upstream: {v}\n", "ALLOWED_HOST={v}\n"],
        "log": ['{v} - - [01/Mar/2024:10:12:01 +0000] "GET /index.html HTTP/1.1" 200 5123\n',
                "sshd[812]: Failed password for root from {v} port 52311 ssh2\n"],
        "csv": ["{n},{name},{v},active\n"],
    },
    "CREDIT_CARD": {
        "text": ["I paid with my card {v} yesterday. ", "Card number: {v}\n", "Please charge {v} for the order. "],
        "code": ['    "card_number": "{v}",\n', 'TEST_CARD = "{v}"\n'],
        "config": ["card: {v}\n"],
        "log": ["2024-03-01 10:12:01 WARN payment declined card={v} reason=limit\n"],
        "csv": ["{n},{name},{v},12/27\n"],
    },
    "IBAN": {
        "text": ["Please transfer the amount to {v} by Monday. ", "IBAN: {v}\n", "Bank details for {name}: {v}. "],
        "code": ['    "iban": "{v}",\n', 'PAYOUT_IBAN = "{v}"\n'],
        "config": ["iban: {v}\n"],
        "log": ["2024-03-01 10:12:01 INFO sepa transfer to {v} queued\n"],
        "csv": ["{n},{name},{v},EUR\n"],
    },
    "SECRET_TOKEN": {
        "text": ["Oops, I pasted my token {v} in the chat. ", "The leaked key was {v}\n"],
        "code": ['    "key": "{v}",\n', "export GITHUB_TOKEN={v}\n", 'client = Client("{v}")\n', "# old key: {v}\n"],
        "config": ["token: {v}\n", "API_TOKEN={v}\n"],
        "log": ["2024-03-01 10:12:01 DEBUG using credential {v} for upload\n"],
        "csv": ["{n},{name},{v},active\n"],
    },
    "SECRET_ASSIGN": {
        "text": ["Set `SECRET_KEY = \"{v}\"` in the settings file. "],
        "code": ['DB_PASSWORD = "{v}"\n', '    "client_secret": "{v}",\n', "SECRET_KEY = '{v}'\n", 'const authToken = "{v}";\n',
                 '$password = "{v}";\n', 'api_key: str = "{v}"\n'],
        "config": ['password: "{v}"\n', 'client_secret = "{v}"\n', 'spring.datasource.password="{v}"\n', 'AWS_SECRET_ACCESS_KEY="{v}"\n'],
        "log": ["2024-03-01 10:12:01 DEBUG config api_key='{v}' loaded\n"],
        "csv": ['{n},{name},"password={v}",active\n'],
    },
    "SECRET_BEARER": {
        "text": ['Run `curl -H "Authorization: Bearer {v}" https://api.{w}.com/v1/me` to test. '],
        "code": ['headers = {{"Authorization": "Bearer {v}"}}\n'],
        "config": ["Authorization: Bearer {v}\n"],
        "log": ["2024-03-01 10:12:01 DEBUG request header Authorization: Bearer {v}\n"],
        "csv": ["{n},{name},Bearer {v},active\n"],
    },
    "SECRET_URL": {
        "text": ["Connect with postgres://{v}@db.{w}.com:5432/app and run the migration. "],
        "code": ['DATABASE_URL = "postgres://{v}@db.{w}.com:5432/app"\n', 'redis.from_url("redis://{v}@cache.{w}.io:6379/0")\n'],
        "config": ["url: mongodb://{v}@mongo.{w}.net:27017/prod\n", "BROKER_URL=amqp://{v}@mq.{w}.com:5672//\n"],
        "log": ["2024-03-01 10:12:01 INFO connecting to mysql://{v}@sql.{w}.org/shop\n"],
        "csv": ["{n},{name},ftp://{v}@files.{w}.com/,active\n"],
    },
    "SECRET_KEYBLOCK": {
        "text": ["Here is the key I generated:\n\n{v}\n\n"],
        "code": ['PRIVATE_KEY = """{v}"""\n', "{v}\n"],
        "config": ["ssh_key: |\n{v}\n", "{v}\n"],
        "log": ["2024-03-01 10:12:01 DEBUG loaded key\n{v}\n"],
        "csv": ['{n},{name},"{v}",active\n'],
    },
    "NEGATIVE": {
        "text": ["See {v} for details. ", "The record shows {v}. ", "({v}) ", "Ref: {v}\n"],
        "code": ["# {v}\n", 'ref = "{v}"\n', "    // {v}\n", '    "id": "{v}",\n'],
        "config": ["ref: {v}\n", 'note = "{v}"\n'],
        "log": ["2024-03-01 10:12:01 INFO processed ref={v} ok\n"],
        "csv": ["{n},{name},{v},active\n"],
    },
}  # fmt: skip
SECRET_NAMES = ["api_key", "DB_PASSWORD", "secret_token", "auth_token", "SECRET_KEY", "client_secret", "password"]
HASH_NAMES = ["password_hash", "token_sha256", "secret_digest", "api_key_fingerprint"]


@dataclass
class LabeledDoc:
    id: str
    genre: str
    text: str
    spans: list[tuple[int, int, str, str]] = field(default_factory=list)
    negatives: list[tuple[int, int, str]] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(
            {"id": self.id, "genre": self.genre, "text": self.text, "spans": self.spans, "negatives": self.negatives},
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, line: str) -> LabeledDoc:
        r = json.loads(line)
        return cls(r["id"], r["genre"], r["text"], [tuple(s) for s in r["spans"]], [tuple(n) for n in r["negatives"]])  # type: ignore[misc]


class _Builder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.parts: list[str] = []
        self.size = 0
        self.spans: list[tuple[int, int, str, str]] = []
        self.negatives: list[tuple[int, int, str]] = []

    def add(self, s: str) -> None:
        self.parts.append(s)
        self.size += len(s)

    def put(self, template: str, value: str, label: Callable[[int, int], None]) -> None:
        before, after = template.split("{v}")
        fill = {
            "name": person_name(self.rng),
            "w": self.rng.choice(values.WORDS),
            "n": str(self.rng.randrange(1, 9999)),
        }
        self.add(before.format(**fill))
        start = self.size
        self.add(value)
        label(start, self.size)
        self.add(after.format(**fill))


def _secret(rng: random.Random) -> tuple[str, str, str]:
    """(context group, value, subtype) for one planted secret."""
    style = rng.choices(["token", "assign", "bearer", "url", "keyblock"], weights=[45, 25, 8, 12, 10])[0]
    if style == "token":
        value, subtype = values.token_secret(rng)
        return "SECRET_TOKEN", value, subtype
    if style == "assign":
        return "SECRET_ASSIGN", values.assigned_secret(rng), "assignment"
    if style == "bearer":
        return "SECRET_BEARER", values.bearer_token(rng), "bearer"
    if style == "url":
        user = rng.choice(["admin", "app", "deploy", values.FIRST[rng.randrange(len(values.FIRST))]])
        password = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(rng.randrange(10, 24)))
        return "SECRET_URL", f"{user}:{password}", "url_credentials"
    return "SECRET_KEYBLOCK", values.private_key_block(rng), "private_key"


_MAKERS = {
    "EMAIL": values.email,
    "PHONE": values.phone,
    "IP_ADDRESS": values.ip_address,
    "CREDIT_CARD": values.credit_card,
    "IBAN": values.iban,
}


def make_document(rng: random.Random, doc_id: str) -> LabeledDoc:
    genre = rng.choices(list(GENRES), weights=list(GENRES.values()))[0]
    family = FAMILY[genre]
    b = _Builder(rng)
    n_pii = rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5])
    n_neg = rng.randrange(1, 7)
    slots = ["pii"] * n_pii + ["neg"] * n_neg + ["fill"] * rng.randrange(6, 22)
    rng.shuffle(slots)
    if genre == "markdown":
        b.add(f"# {rng.choice(NOUNS).title()} notes\n\n")
    for slot in slots:
        if slot == "fill":
            b.add(FILLERS[genre](rng))
            continue
        if slot == "pii":
            kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
            if kind == "SECRET":
                group, value, subtype = _secret(rng)
            else:
                value, subtype = _MAKERS[kind](rng)
                group = "PHONE_KEYWORD" if subtype == "keyword" else kind
            template = rng.choice(CONTEXTS[group][family])

            def label(s: int, e: int, kind: str = kind, subtype: str = subtype) -> None:
                b.spans.append((s, e, kind, subtype))

            b.put(template, value, label)
            continue
        if family in ("code", "config") and rng.random() < 0.3:
            neg_type = rng.choice(list(ASSIGNMENT_NEGATIVES))
            value = ASSIGNMENT_NEGATIVES[neg_type](rng)
            name = rng.choice(HASH_NAMES if neg_type == "hash_named" else SECRET_NAMES)
            template = f"{name} = {{v}}\n" if family == "code" else f"{name}: {{v}}\n"
        else:
            neg_type = rng.choice(list(NEGATIVES))
            value = NEGATIVES[neg_type](rng)
            template = "{v}\n" if "\n" in value else rng.choice(CONTEXTS["NEGATIVE"][family])

        def negative(s: int, e: int, neg_type: str = neg_type) -> None:
            b.negatives.append((s, e, neg_type))

        b.put(template, value, negative)
    if family == "text" and rng.random() < 0.5:
        b.add(paragraph(rng) + "\n")
    return LabeledDoc(doc_id, genre, "".join(b.parts), b.spans, b.negatives)


def generate(n_docs: int, seed: int) -> Iterator[LabeledDoc]:
    """``n_docs`` documents; the same seed gives the same documents."""
    rng = random.Random(seed)
    for i in range(n_docs):
        yield make_document(rng, f"pii-{seed}-{i:05d}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(args.out.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for doc in generate(args.docs, args.seed):
            f.write(doc.to_json() + "\n")
    tmp.replace(args.out)


if __name__ == "__main__":
    main()
