"""Secrets: provider API keys and tokens, JWTs, private-key blocks, passwords in URLs, and
high-entropy values assigned to secret-sounding names.

Three sources of candidates, all cheap to find:

* **tokens** of 20+ characters of ``[A-Za-z0-9_-]``: a known provider prefix (AWS ``AKIA``,
  GitHub ``ghp_``/``github_pat_``, GitLab ``glpat-``, Slack ``xoxb-``, Stripe ``sk_live_``,
  Google ``AIza``, OpenAI-style ``sk-``, Anthropic ``sk-ant-``, Hugging Face ``hf_``, npm, PyPI,
  DigitalOcean, Shopify, Mailgun, SendGrid ``SG.``, Google OAuth ``ya29.``/``GOCSPX-``), a JWT
  (``eyJ...eyJ...sig``), a Slack webhook path, or a token after ``Bearer``;
* **assignments** ``name = value``, ``name: value``, ``name => value`` where the name holds
  ``password``, ``secret``, ``token``, ``api_key``, ``key``, ``auth``, ``credential``... and the
  value looks random (see ``looks_random``);
* **private-key blocks** ``-----BEGIN ... PRIVATE KEY-----`` to the matching ``END`` line, and
  ``scheme://user:password@host`` credentials (found by the e-mail pass, which sees the ``@``).

Placeholders are not secrets: documentation keys containing ``EXAMPLE`` (AWS's own example
key), low-entropy fillers (``ghp_xxxx...``), ``${VAR}``/``<token>``/``your-key-here`` values and
``user:password@`` are skipped. High-entropy strings with no key prefix and no secret-sounding
name (hashes, UUIDs, base64 data in code) are *not* reported: they are far more often content
than credentials.
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter

from clearance.curate.pii.model import PiiKind

SECRET = PiiKind.SECRET.value

#: Longest secret value considered (JWTs with big payloads included); the scanner's chunk overlap
#: is larger than this.
MAX_SECRET_CHARS = 4096
#: How far a private-key block may run before its END line is given up on.
MAX_KEY_BLOCK_CHARS = 65536

_Found = list[tuple[int, int, str, str]]


#: c * log2(c) for every count a value of at most MAX_SECRET_CHARS characters can have.
_C_LOG_C = [0.0] + [c * math.log2(c) for c in range(1, 4097)]


def shannon_entropy(s: str) -> float:
    """Bits per character of the character distribution of ``s``:
    H = log2(n) - sum(c log2 c) / n over the character counts c (one table lookup per distinct
    character instead of a logarithm)."""
    n = len(s)
    if n == 0:
        return 0.0
    counts = Counter(s).values()
    if n <= 4096:
        return max(0.0, math.log2(n) - sum(map(_C_LOG_C.__getitem__, counts)) / n)
    return -sum(c / n * math.log2(c / n) for c in counts)


def _entropy_floor(n: int) -> float:
    # The entropy a random string of n characters almost surely exceeds: 0.75 of the maximum
    # log2(n) reachable with n characters, capped at 3 bits (random hex of 16+ chars is ~3.4).
    return min(3.0, 0.75 * math.log2(max(n, 2)))


_PLACEHOLDER_WORDS = (
    "example", "sample", "dummy", "placeholder", "changeme", "change_me", "your", "redacted",
    "insert", "replace", "xxxx", "****", "....", "<", ">", "{", "}", "$", "%(", "secret",
    "password", "token", "fake", "test_key", "testkey", "not_a_real", "notreal",
)  # fmt: skip
#: A "word" of an identifier: letters (camelCase, acronyms) with digits only at the end, or digits.
_WORDY_SEGMENT = re.compile(
    r"(?:[A-Z]{2,}|[A-Z]?[a-z]{2,}|[a-z]|[A-Z])(?:[A-Z][a-z]{2,}|[A-Z]{2,}(?![a-z]))*[0-9]*|[0-9]+", re.ASCII
)
#: ``module.Class``, ``self.config.value``: code, not a value (a JWT is found by its own rule).
_DOTTED_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+", re.ASCII)
_SEGMENTS = re.compile(r"[A-Za-z0-9]+", re.ASCII)
_HEX = re.compile(r"[0-9a-fA-F]+", re.ASCII)


def identifier_like(value: str) -> bool:
    """``_mm256_xor_si256``, ``test-project.us-central1``, ``getRandomString``, ``MAX_SIZE2``:
    every alphanumeric run is made of words (lower case, Capitalized, ACRONYM) with digits only at
    its end. Generated strings mix cases and put digits anywhere (``CxXTVs``, ``8orF6P9c``)."""
    segments = _SEGMENTS.findall(value)
    return bool(segments) and all(_WORDY_SEGMENT.fullmatch(seg) for seg in segments)


_PLACEHOLDER = re.compile("|".join(re.escape(word) for word in _PLACEHOLDER_WORDS))
_WHITESPACE = re.compile(r"\s")
_LOWER_PATH = re.compile(r"~?/?[a-z0-9_\-]+(?:/[a-z0-9_\-]*)+", re.ASCII)
_DIGIT_CHARS = frozenset(string.digits)
_LETTER_CHARS = frozenset(string.ascii_letters)


def looks_random(value: str) -> bool:
    """Could ``value`` be a generated credential rather than a word, identifier, path or template?

    16 to 4096 characters, at least one digit and one letter, no placeholder word, no whitespace,
    not a URL or path (base64 has ``/`` but never ``.``, and mixes cases), not shaped like an
    identifier, not two colons (IPv6, ``a:b:c`` settings), hex only if 32+ digits, and a character
    entropy above ``_entropy_floor``.
    """
    n = len(value)
    if n < 16 or n > MAX_SECRET_CHARS:
        return False
    if _PLACEHOLDER.search(value.lower()) or _WHITESPACE.search(value):
        return False
    if "/" in value and ("." in value or _LOWER_PATH.fullmatch(value)):
        return False  # a path or a URL
    if value.count(":") >= 2 or identifier_like(value) or _DOTTED_PATH.fullmatch(value):
        return False
    chars = set(value)
    if chars.isdisjoint(_DIGIT_CHARS) or chars.isdisjoint(_LETTER_CHARS):
        return False
    if n < 32 and _HEX.fullmatch(value):
        return False  # 64 bits of hex is an ID or a short hash far more often than a key
    return shannon_entropy(value) >= _entropy_floor(n)


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", re.ASCII)


def looks_strongly_random(value: str) -> bool:
    """For values of a name as vague as ``key``: 24+ characters, no dots or ``@``, not a UUID (an
    identifier), high entropy."""
    if len(value) < 24 or any(c in value for c in ".@*") or _UUID.fullmatch(value):
        return False
    return shannon_entropy(value) >= 3.5 and looks_random(value)


# --- tokens with a known prefix ------------------------------------------------------------

_KEY_FORMATS: tuple[tuple[str, tuple[str, ...], str, int], ...] = (
    # (subtype, 3-character starts, full pattern of the token, length of the fixed prefix)
    ("aws_access_key_id", ("AKI", "ASI", "ABI", "ACC", "AGP", "AID", "AIP", "ANP", "ANV", "ARO", "APK", "ASC"),
     r"(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z2-7]{16}", 4),
    ("github_token", ("ghp", "gho", "ghu", "ghs", "ghr"), r"gh[pousr]_[A-Za-z0-9]{36,251}", 4),
    ("github_token", ("git",), r"github_pat_[A-Za-z0-9_]{60,255}", 11),
    ("gitlab_token", ("glp", "gld", "glr", "glf", "gli", "glo", "glc", "gls", "gla"),
     r"gl(?:pat|dt|ptt|rt|ft|imt|oas|cbt|soat|ffct|agent)-[A-Za-z0-9_\-]{20,}", 6),
    ("slack_token", ("xox",), r"xox[abposr]-[A-Za-z0-9\-]{10,250}", 5),
    ("stripe_key", ("sk_", "rk_"), r"[sr]k_(?:live|test)_[A-Za-z0-9]{20,247}", 8),
    ("stripe_key", ("whs",), r"whsec_[A-Za-z0-9]{32,}", 6),
    ("google_api_key", ("AIz",), r"AIza[0-9A-Za-z_\-]{35}", 4),
    ("google_oauth_secret", ("GOC",), r"GOCSPX-[A-Za-z0-9_\-]{28}", 7),
    ("anthropic_key", ("sk-",), r"sk-ant-(?:api|admin|sid|oat)\d\d-[A-Za-z0-9_\-]{80,}", 14),
    ("sk_api_key", ("sk-",), r"sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_\-]{20,}", 3),
    ("huggingface_token", ("hf_",), r"hf_[A-Za-z0-9]{30,40}", 3),
    ("npm_token", ("npm",), r"npm_[A-Za-z0-9]{36}", 4),
    ("pypi_token", ("pyp",), r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,}", 20),
    ("digitalocean_token", ("doo", "dop", "dor"), r"do[opr]_v1_[a-f0-9]{64}", 7),
    ("shopify_token", ("shp",), r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}", 6),
    ("mailgun_key", ("key",), r"key-[0-9a-zA-Z]{32}", 4),
)  # fmt: skip
_BY_START: dict[str, list[tuple[str, re.Pattern[str], int]]] = {}
for _subtype, _starts, _pattern, _fixed in _KEY_FORMATS:
    for _start in _starts:
        _BY_START.setdefault(_start, []).append((_subtype, re.compile(_pattern, re.ASCII), _fixed))

_JWT = re.compile(r"eyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*", re.ASCII)
_DOTTED_PREFIX = re.compile(
    r"(?:(?P<sg>SG)\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}|(?P<ya>ya29)\.[A-Za-z0-9_\-]{20,})(?![\w\-])", re.ASCII
)
_TOKEN_BEFORE_DOT = re.compile(r"[A-Za-z0-9_\-]{1,600}\.$", re.ASCII)
_SLACK_WEBHOOK = re.compile(r"hooks\.slack\.com/(?:services|workflows)/(?P<path>[A-Za-z0-9_/\-]{20,})", re.ASCII)
_BEARER_BEFORE = re.compile(r"(?:bearer|token)[ \t]+$", re.ASCII | re.IGNORECASE)
_BEARER_VALUE = re.compile(r"[A-Za-z0-9\-._~+/]{20,}=*", re.ASCII)
#: Placeholder markers inside an otherwise well-formed key (AWS documents AKIAIOSFODNN7EXAMPLE).
_KEY_PLACEHOLDERS = ("EXAMPLE", "example", "SAMPLE", "sample", "DUMMY", "dummy", "YOUR", "your", "FAKE")


def _real_key(token: str, fixed: int) -> bool:
    if any(p in token for p in _KEY_PLACEHOLDERS):
        return False
    random_part = token[fixed:]
    return shannon_entropy(random_part) >= _entropy_floor(len(random_part))


def find_secret_in_token(text: str, start: int, end: int, out: _Found) -> None:
    """Classify ``text[start:end]``, a maximal run of 20+ ``[A-Za-z0-9_-]`` characters."""
    head = text[start : start + 3]
    if head == "eyJ":
        _jwt_at(text, start, out)
        return
    formats = _BY_START.get(head)
    if formats is not None:
        for subtype, pattern, fixed in formats:
            if pattern.fullmatch(text, start, end):
                token = text[start:end]
                if subtype == "sk_api_key" and "T3BlbkFJ" not in token and not looks_random(token[3:]):
                    continue
                if _real_key(token, fixed):
                    out.append((start, end, SECRET, subtype))
                return
    if start >= 3 and text[start - 1] == ".":
        m = None
        if text.startswith("SG.", start - 3):
            m = _DOTTED_PREFIX.match(text, start - 3)
        elif text.startswith("ya29.", start - 5):
            m = _DOTTED_PREFIX.match(text, start - 5)
        if m is not None and _real_key(m.group(), 5):
            out.append((m.start(), m.end(), SECRET, "sendgrid_key" if m.group("sg") else "google_oauth_token"))
            return
    if start >= 20 and text[start - 1] == "/":
        window = max(0, start - 80)
        m = _SLACK_WEBHOOK.search(text, window, min(len(text), end + 1))
        if m is not None and m.start("path") <= start < m.end() and _real_key(text[start:end], 0):
            out.append((m.start("path"), m.end(), SECRET, "slack_webhook"))
            return
    if start >= 7 and _BEARER_BEFORE.search(text, max(0, start - 12), start):
        m = _BEARER_VALUE.match(text, start, min(len(text), start + MAX_SECRET_CHARS))
        if m is not None and looks_random(m.group()):
            out.append((start, m.end(), SECRET, "bearer_token"))


def _jwt_at(text: str, start: int, out: _Found) -> None:
    begin = start
    if start > 0 and text[start - 1] == ".":  # a payload whose short header was not a long token
        h = _TOKEN_BEFORE_DOT.search(text, max(0, start - 601), start)
        if h is not None and text.startswith("eyJ", h.start()):
            begin = h.start()
    m = _JWT.match(text, begin, min(len(text), begin + MAX_SECRET_CHARS))
    if m is not None and m.end() > start:
        out.append((m.start(), m.end(), SECRET, "jwt"))


# --- assignments -----------------------------------------------------------------------------

_NAME_CHARS_REVERSED = re.compile(r"[ \t]*[\"'\]]?([A-Za-z0-9_.\-]{1,64})", re.ASCII)
_ANNOTATED_NAME_REVERSED = re.compile(r"[\w\[\], .|]{0,40}?[ \t]*:[ \t]*([A-Za-z0-9_]{1,64})", re.ASCII)
_NAME_PARTS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", re.ASCII)
#: Name parts (split at ``_ - .`` and camelCase) that make an assigned value a secret...
_SECRET_PARTS = frozenset(
    """
        password passwd passphrase pass pwd pw secret secrets token tokens apikey accesskey secretkey
        privatekey masterkey signingkey auth authorization credential credentials bearer accesstoken
        authtoken refreshtoken sessiontoken apitoken apisecret clientsecret
        """.split()  # noqa: SIM905
)
#: ...``key`` too, but alone it names dictionary keys, sort keys and cache keys as often as
#: credentials: with one of these qualifiers it is a credential, without it the value must look
#: strongly random (``looks_strongly_random``).
_KEY_PARTS = frozenset({"key", "keys"})
_KEY_QUALIFIERS = frozenset(
    """
        api access secret private signing encryption master client app application service license
        account subscription admin auth aws gcp google azure stripe openai anthropic github gitlab slack
        twilio sendgrid mailgun shared session hmac jwt
        """.split()  # noqa: SIM905
)
#: ...unless another part says the value is about the secret rather than the secret itself.
_NOT_SECRET_PARTS = frozenset(
    """
        public pub pubkey hash hashed checksum sha sha1 sha256 sha512 md5 digest fingerprint id ids type
        count length len size name names file filename path url uri dir prefix suffix format field
        header param column env var version mode endpoint expires expiry expiration ttl timeout author
        cache index policy strength min max hint label tokenizer
        """.split()  # noqa: SIM905
)
_NAME_HINT = re.compile("pass|pw|secret|token|key|auth|cred|bearer")


def secret_name(name: str) -> int:
    """Does a variable or field called ``name`` hold a credential? 2: yes (``DB_PASSWORD``,
    ``apiKey``), 1: maybe (a bare ``key``), 0: no."""
    parts = {part.lower() for part in _NAME_PARTS.findall(name)}
    if not parts.isdisjoint(_NOT_SECRET_PARTS):
        return 0
    if not parts.isdisjoint(_SECRET_PARTS):
        return 2
    if not parts.isdisjoint(_KEY_PARTS):
        return 2 if not parts.isdisjoint(_KEY_QUALIFIERS) else 1
    return 0


_QUOTED_VALUE = {
    q: re.compile(rf"{re.escape(q)}([^{re.escape(q)}\n\\]{{1,{MAX_SECRET_CHARS}}}){re.escape(q)}") for q in "\"'`"
}
_BARE_VALUE = re.compile(rf"[^\s\"'`,;(){{}}\[\]<>]{{1,{MAX_SECRET_CHARS}}}")
_CALL_AFTER = re.compile(r"[ \t]*[(\[]")
_OPERATOR = re.compile(r"(?:=>|:=|[:=])[ \t]*", re.ASCII)


def find_secret_assignment(text: str, p: int, out: _Found) -> int:
    """``name = value`` (or ``:``, ``=>``, ``:=``) with the operator at ``p``; returns where the
    value ends, so that the caller skips the operators inside it (``key=key=key...`` stays linear)."""
    if not _NAME_HINT.search(text[max(0, p - 40) : p].lower()):
        return p + 1
    if text[p] == "=" and p > 0:
        if text[p - 1] == ":":  # the tail of Go's ":="
            p -= 1
        elif text[p - 1] in "=!<>":  # a comparison
            return p + 2
    before = text[max(0, p - 120) : p][::-1]
    name = _NAME_CHARS_REVERSED.match(before)
    if name is None:
        return p + 1
    tier = secret_name(name.group(1)[::-1])
    if not tier:
        # An annotated assignment, "api_key: str = ...": the name is before the type.
        annotated = _ANNOTATED_NAME_REVERSED.match(before, name.end())
        if annotated is None:
            return p + 1
        tier = secret_name(annotated.group(1)[::-1])
        if not tier:
            return p + 1
    op = _OPERATOR.match(text, p)
    if op is None:
        return p + 1
    q = op.end()
    quote = text[q : q + 1]
    if quote in _QUOTED_VALUE:
        m = _QUOTED_VALUE[quote].match(text, q)
        if m is None:
            return q + 1
        vs, ve = m.span(1)
    else:
        m = _BARE_VALUE.match(text, q)
        if m is None:
            return q + 1
        vs, ve = m.span()
        if _CALL_AFTER.match(text, ve):
            return ve  # key = make_key (args): code, not a value
        while ve > vs and text[ve - 1] in ".,":  # sentence punctuation after a bare value
            ve -= 1
    value = text[vs:ve]
    if looks_random(value) if tier == 2 else looks_strongly_random(value):
        out.append((vs, ve, SECRET, "assignment"))
    return max(ve, p + 1)


# --- private keys and URL credentials -------------------------------------------------------

_KEY_BEGIN = re.compile(r"-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----", re.ASCII)
_KEY_END = re.compile(r"-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----", re.ASCII)
_KEY_BODY_LINES = re.compile(r"(?:(?:\r?\n|\\n)(?:[A-Za-z0-9+/=]{8,}|[A-Za-z\-]+: [^\n]*|))*", re.ASCII)
_BASE64_CHARS = re.compile(r"[A-Za-z0-9+/]")


def find_private_keys(text: str, out: _Found) -> None:
    """PEM/PGP private-key blocks, BEGIN line to END line (or to the end of the base64 body)."""
    pos = text.find("-----BEGIN ")
    next_end = -2  # where the next "-----END " is (-2: not looked for yet, -1: there is none)
    while pos >= 0:
        m = _KEY_BEGIN.match(text, pos)
        if m is None:
            pos = text.find("-----BEGIN ", pos + 11)
            continue
        limit = min(len(text), m.end() + MAX_KEY_BLOCK_CHARS)
        if next_end == -2 or 0 <= next_end < m.end():
            next_end = text.find("-----END ", m.end())  # each END is found once: linear
        end_at = next_end if 0 <= next_end < limit else -1
        stop = -1
        if end_at >= 0:
            e = _KEY_END.match(text, end_at)
            if e is not None:
                stop = e.end()
        if stop < 0:
            body = _KEY_BODY_LINES.match(text, m.end(), limit)
            stop = m.end() + len(body.group().rstrip()) if body is not None else m.end()
        body_text = text[m.end() : stop]
        # "...", "<your key>" and friends are illustrations, not keys.
        if len(_BASE64_CHARS.findall(body_text)) >= 64:
            out.append((pos, stop, SECRET, "private_key"))
        pos = text.find("-----BEGIN ", max(stop, pos + 11))


_URL_USERINFO = re.compile(r"([^\s:/@?#\[\]\"'<>]{1,64}):([^\s/@?#\[\]\"'<>]{1,128})@")
_PLACEHOLDER_PASSWORDS = frozenset(
    """
        password pass passwd pwd secret changeme pw p x xx xxx xxxx *** **** ******** ... pass123
        password123 mypassword yourpassword user username token
        """.split()  # noqa: SIM905
)


def find_url_credentials(text: str, at: int, out: _Found) -> None:
    """``scheme://user:password@`` ending at the ``@`` at index ``at``."""
    scheme = text.rfind("://", max(0, at - 200), at)
    if scheme < 0:
        return
    m = _URL_USERINFO.match(text, scheme + 3, at + 1)
    if m is None or m.end() != at + 1:
        return
    password = m.group(2)
    if password.lower() in _PLACEHOLDER_PASSWORDS or password[0] in "$<{%*" or set(password) <= {"x", "X", "*"}:
        return
    out.append((m.start(1), m.end(2), SECRET, "url_credentials"))
