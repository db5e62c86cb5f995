"""Secrets: provider keys, JWTs, private-key blocks, URL passwords, bearer tokens and high-entropy
assignments; and the look-alikes from real code that must stay (hashes, SIMD intrinsics, UUIDs,
placeholders, environment lookups)."""

from __future__ import annotations

import base64
import random
import string

import pytest

from clearance.curate.pii import find_pii
from clearance.curate.pii.secrets import identifier_like, looks_random, secret_name, shannon_entropy

RNG = random.Random(5)
B62 = string.ascii_letters + string.digits


def rand(n: int, alphabet: str = B62) -> str:
    return "".join(RNG.choice(alphabet) for _ in range(n))


def secrets_in(text: str) -> list[tuple[str, str]]:
    return [(s.text, s.subtype) for s in find_pii(text, kinds=["SECRET"])]


def _jwt() -> str:
    def enc(b: bytes) -> str:
        return base64.urlsafe_b64encode(b).rstrip(b"=").decode()

    return ".".join(
        [enc(b'{"alg":"HS256","typ":"JWT"}'), enc(b'{"sub":"1234567890","name":"John Doe"}'), enc(RNG.randbytes(32))]
    )


PROVIDER_KEYS = {
    "aws_access_key_id": "AKIA" + rand(16, string.ascii_uppercase + "234567"),
    "github_token": "ghp_" + rand(36),
    "gitlab_token": "glpat-" + rand(20),
    "slack_token": "xoxb-" + rand(12, string.digits) + "-" + rand(13, string.digits) + "-" + rand(24),
    "stripe_key": "sk_live_" + rand(24),
    "google_api_key": "AIza" + rand(35),
    "sk_api_key": "sk-proj-" + rand(20) + "T3BlbkFJ" + rand(20),
    "anthropic_key": "sk-ant-api03-" + rand(93) + "AA",
    "huggingface_token": "hf_" + rand(34, string.ascii_letters),
    "npm_token": "npm_" + rand(36),
    "digitalocean_token": "dop_v1_" + rand(64, "0123456789abcdef"),
    "shopify_token": "shpat_" + rand(32, "0123456789abcdef"),
    "sendgrid_key": "SG." + rand(22) + "." + rand(43),
    "jwt": _jwt(),
}


@pytest.mark.parametrize(("subtype", "key"), PROVIDER_KEYS.items())
@pytest.mark.parametrize("context", ["export TOKEN={}\n", "leaked {} in the log", '{{"key": "{}"}}', "{}"])
def test_provider_keys_found_whole(subtype: str, key: str, context: str) -> None:
    assert secrets_in(context.format(key)) == [(key, subtype)]


@pytest.mark.parametrize(
    "text",
    [
        "AKIAIOSFODNN7EXAMPLE",  # AWS's documented example key
        "ghp_" + "x" * 36,  # filler of the right shape
        "sk_live_" + "0" * 24,
        "ghp_" + rand(20),  # too short for the format
        "AKIA" + rand(16, string.ascii_uppercase + "234567") + "X",  # too long: part of something else
    ],
)
def test_malformed_or_placeholder_keys_are_not_secrets(text: str) -> None:
    assert secrets_in(text) == []


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ('DB_PASSWORD = "{v}"', None),
        ("    'client_secret': '{v}',", None),
        ("API_KEY={v}", None),
        ("password: {v}", None),
        ('const authToken = "{v}";', None),
        ('$password = "{v}";', None),
        ('api_key: str = "{v}"', None),  # annotated: the name is before the type
        ("AWS_SECRET_ACCESS_KEY := `{v}`", None),
        ('spring.datasource.password="{v}"', None),
    ],
)
def test_high_entropy_assignments(line: str, value: None) -> None:
    secret = rand(24)
    while not any(c.isdigit() for c in secret):
        secret = rand(24)
    assert secrets_in(line.format(v=secret)) == [(secret, "assignment")]


@pytest.mark.parametrize(
    "line",
    [
        'password = os.environ["DB_PASSWORD"]',
        "token = None",
        'api_key = "YOUR_API_KEY_HERE"',
        'password = "changeme"',
        'secret_key = "my-super-secret-key-for-dev"',
        "password_hash = 'd41d8cd98f00b204e9800998ecf8427ed41d8cd98f00b204e9800998ecf8427e'",
        'token_type = "bearer_token_v2_default"',
        "__m256i const data_key = _mm256_xor_si256 (data_vec, key_vec);",
        '"AWS::ApiGateway::ApiKey": "48205d4ffd7feba3",',  # a short hex ID in a key-named field
        "deprecated_keys = V2_RENAMED_KEYS.keys() & config_dict.keys()",
        'DbPassword": mock_random.get_random_string(32),',
        "self, private_key: ed25519.Ed25519PrivateKey, f_priv",
        "--keys='test-project.us-central1.some-aspect-type@*'",
        "Token=prefixstable:2002:da8:1::",
        "key = f9a7c1e2-3b4d-4e5f-8a9b-0c1d2e3f4a5b",  # a bare 'key' holding a UUID: an ID
        'url = "https://user.example.org/path/to/resource2"',
        "commit = 4f0034e1c2b3a4d5e6f708192a3b4c5d6e7f8091",
        'if token == "abcdefghijklmnop1234":',
    ],
)
def test_assignment_lookalikes_are_not_secrets(line: str) -> None:
    assert secrets_in(line) == []


def test_private_key_block_is_one_span() -> None:
    body = base64.b64encode(RNG.randbytes(600)).decode()
    block = "-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(body[i : i + 64] for i in range(0, len(body), 64))
    block += "\n-----END RSA PRIVATE KEY-----"
    assert secrets_in(f"key:\n{block}\nrest") == [(block, "private_key")]
    escaped = block.replace("\n", "\\n")  # as in a JSON service-account file
    assert secrets_in(f'{{"private_key": "{escaped}\\n"}}') == [(escaped, "private_key")]


def test_private_key_without_end_line_runs_to_the_end_of_its_body() -> None:
    body = "\n".join(base64.b64encode(RNG.randbytes(48)).decode() for _ in range(4))
    text = f"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n\nNext paragraph."
    assert secrets_in(text) == [(f"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}", "private_key")]


@pytest.mark.parametrize(
    "text",
    [
        "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
        "-----BEGIN PUBLIC KEY-----\n" + base64.b64encode(bytes(range(120))).decode() + "\n-----END PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----\n" + base64.b64encode(bytes(range(120))).decode() + "\n-----END CERTIFICATE-----",
    ],
)
def test_key_illustrations_and_public_material_are_not_secrets(text: str) -> None:
    assert secrets_in(text) == []


def test_url_credentials_hide_user_and_password_not_the_host() -> None:
    spans = find_pii("DATABASE_URL=postgres://app:s3cr3tPa55w0rd@db.acme.io:5432/prod")
    assert [(s.text, s.kind, s.subtype) for s in spans] == [("app:s3cr3tPa55w0rd", "SECRET", "url_credentials")]
    # the e-mail-shaped tail of the credentials is not also an e-mail
    assert secrets_in("see https://user:password@host.com/x and ftp://a:${PASS}@h.org") == []


def test_bearer_token() -> None:
    token = rand(39) + "7"
    assert secrets_in(f"Authorization: Bearer {token}\r\n") == [(token, "bearer_token")]


def test_slack_webhook_path() -> None:
    path = (
        "T0"
        + rand(8, string.ascii_uppercase + string.digits)
        + "/B0"
        + rand(8, string.ascii_uppercase)
        + "/"
        + rand(24)
    )
    assert secrets_in(f"https://hooks.slack.com/services/{path}") == [(path, "slack_webhook")]


def test_helpers() -> None:
    assert shannon_entropy("") == 0.0
    assert shannon_entropy("aaaa") == 0.0
    assert abs(shannon_entropy("abcd") - 2.0) < 1e-9
    assert identifier_like("_mm512_ternarylogic_epi32") and identifier_like("getRandomString2")
    assert not identifier_like("CxXTVs-uDG+Fjkz3!ePC") and not identifier_like("8orF6P9cA4Z37aDuavXrmKao")
    assert looks_random("h74hffPPOw/1tUvO3gNqlu/lMukQtXLB") and not looks_random("/usr/lib/python3.11/os.py")
    assert secret_name("DB_PASSWORD") == 2 and secret_name("apiKey") == 2 and secret_name("key") == 1
    assert secret_name("Passed") == 0 and secret_name("token_count") == 0 and secret_name("public_key") == 0
