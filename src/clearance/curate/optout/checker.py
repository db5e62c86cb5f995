"""One question per document: did anyone with a say ask that it not be used to train AI?

Every signal found is reported; the document is opted out when one covers its kind of content
(``Signal.applies_to``). Signals combine the most restrictive way: one refusal is enough, an
explicit permission elsewhere does not cancel it (as the IETF vocabulary draft combines
preferences).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit

from clearance.curate.optout import noai
from clearance.curate.optout.agents import default_training_agents
from clearance.curate.optout.hashing import content_hash
from clearance.curate.optout.patterns import url_path_of
from clearance.curate.optout.preferences import (
    content_signal_refuses_training,
    refuses_training,
    usage_preferences,
)
from clearance.curate.optout.robots import RuleSet, product_token
from clearance.curate.optout.signals import OptOutResult, Signal
from clearance.curate.optout.sites import Site, SiteFiles
from clearance.curate.optout.tdmrep import reservation_value
from clearance.curate.optout.userlist import UserList, read_user_list, url_key_of
from clearance.documents import Document

IMAGE_EXTENSIONS = frozenset({
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".svg", ".avif", ".heic", ".heif", ".ico",
    ".jxl",
})
TEXT_EXTENSIONS = frozenset({
    ".txt", ".md", ".pdf", ".doc", ".docx", ".odt", ".rtf", ".epub", ".html", ".htm", ".xml", ".json", ".csv", ".tex",
})


def media_of(url: str | None, meta: Mapping[str, Any] | None = None, parts: SplitResult | None = None) -> str:
    """``images`` for an image document (by format, content type or URL extension), else ``text``."""
    meta = meta or {}
    if meta.get("format") == "image":
        return "images"
    headers = meta.get("http_headers")
    content_type = str(meta.get("content_type") or (headers.get("content-type") if isinstance(headers, Mapping) else "")
                       or "")
    if content_type[:6].lower() == "image/":
        return "images"
    if url:
        path = (parts or urlsplit(url)).path.lower()
        dot = path.rfind(".")
        if dot > path.rfind("/") and path[dot:] in IMAGE_EXTENSIONS:
            return "images"
    return "text"


def _extension_scope(pattern: str) -> str:
    """What an ai.txt file-type rule covers: ``*.png`` images, ``*.txt`` text, anything else all."""
    if pattern.startswith("*."):
        ext = pattern[1:].lower()
        if ext in IMAGE_EXTENSIONS:
            return "images"
        if ext in TEXT_EXTENSIONS:
            return "text"
    return "all"


#: Header and meta names that can carry a signal (besides meta tags named after a checked crawler).
_PAGE_FIELDS = frozenset({"tdm-reservation", "tdm-policy", "content-usage", "x-robots-tag", "robots"})


class OptOutChecker:
    """Checks documents against site files, their own headers and meta tags, and a user list.

    ``sites_dir``: the directory of per-host site files (layout in ``sites.py``); ``user_list``: a
    TOML or text opt-out list (``userlist.py``); ``agents``: product tokens whose robots.txt and
    ai.txt rules count (default: the crawlers marked ``training`` in ``agents.toml``). Bad files
    raise ``clearance.io.InputError`` naming file and line: the user list at construction, a site's
    file when the first document of that host is checked.
    """

    def __init__(
        self,
        sites_dir: Path | None = None,
        user_list: Path | None = None,
        agents: list[str] | None = None,
        *,
        cache_size: int = 4096,
    ) -> None:
        chosen = tuple(agents) if agents is not None else default_training_agents()
        bad = [a for a in chosen if not isinstance(a, str) or not product_token(a) or product_token(a) == "*"]
        if bad or not chosen:
            raise ValueError(f"agents must be robots.txt product tokens, got {bad or 'none'}")
        self.agents = chosen
        self._agent_tokens = frozenset(product_token(a) for a in chosen)
        self.sites = SiteFiles(Path(sites_dir), chosen, cache_size) if sites_dir is not None else None
        self.user_list: UserList | None = read_user_list(Path(user_list)) if user_list is not None else None

    def check(self, doc: Document, text_hash: str | None = None) -> OptOutResult:
        """Signals for one document, from ``doc.url``, ``doc.author``, ``doc.text`` and ``doc.meta``.

        ``text_hash``: ``content_hash(doc.text)`` if the caller has it already (the pipeline computes
        it for the manifest); hashing 5 KB costs about as much as all the other checks together.
        """
        meta = doc.meta or {}
        digest = None
        if self.user_list is not None and self.user_list.hashes:
            digest = text_hash or content_hash(doc.text)
        return self.check_fields(doc.url, doc.author, digest, meta.get("http_headers"), meta.get("html_meta"),
                                 media=None, meta=meta)

    def check_fields(
        self,
        url: str | None,
        author: str | None = None,
        content_hash: str | None = None,
        headers: Mapping[str, str] | None = None,
        html_meta: Iterable[Any] | None = None,
        media: str | None = "text",
        meta: Mapping[str, Any] | None = None,
    ) -> OptOutResult:
        """The same check from stored fields (what ``recheck`` has in a manifest, without the text).

        ``media``: ``text`` or ``images``; None guesses it from ``meta`` and the URL (``media_of``).
        """
        parts, host = None, None
        if url:
            try:
                parts = urlsplit(url)
                host = parts.hostname
            except ValueError:  # e.g. an unterminated IPv6 bracket: no host to look up
                parts, host = None, None
        signals: list[Signal] = []
        if self.user_list is not None:
            signals.extend(self._user_list(parts, host, author, content_hash))
        if parts is not None and host and self.sites is not None:
            site = self.sites.get(host)
            if site is not None:
                signals.extend(self._site(site, url_path_of(parts)))
        if headers or html_meta:  # malformed values (not a dict, not a list) carry no signal
            signals.extend(self._page(headers if isinstance(headers, Mapping) else {},
                                      html_meta if isinstance(html_meta, (list, tuple)) else ()))
        if media is None:
            media = media_of(url, meta if meta is not None else {"http_headers": headers or {}}, parts)
        return OptOutResult.from_signals(signals, media)

    # -- sources ---------------------------------------------------------------------------------

    def _user_list(self, parts: SplitResult | None, host: str | None, author: str | None,
                   digest: str | None) -> list[Signal]:
        listed = self.user_list
        assert listed is not None
        out: list[Signal] = []
        if host:
            hit = listed.match_host(host)
            if hit:
                out.append(Signal("user-list", f"{listed.source}:{hit[1]}", f"domain {hit[0]}"))
        if parts is not None and listed.urls:
            key = url_key_of(parts)
            hit = listed.match_url(key) if key else None
            if hit:
                out.append(Signal("user-list", f"{listed.source}:{hit[1]}", f"URL prefix {hit[0]}"))
        if author and listed.authors:
            hit = listed.match_author(author)
            if hit:
                out.append(Signal("user-list", f"{listed.source}:{hit[1]}", f"author {hit[0]!r}"))
        if digest and listed.hashes:
            line = listed.hashes.get(digest.lower().removeprefix("sha256:"))
            if line is not None:
                out.append(Signal("user-list", f"{listed.source}:{line}", f"content hash {digest}"))
        return out

    def _site(self, site: Site, path: str) -> list[Signal]:
        out: list[Signal] = []
        if site.robots is not None:
            out.extend(self._rules("robots", site.robots.source, site.robots_sets, path))
        if site.ai_txt is not None:
            out.extend(self._rules("ai.txt", site.ai_txt.source, site.ai_sets, path))
        if site.tdmrep is not None:
            rule = site.tdmrep.rule_for(path)
            if rule is not None and rule.reservation == 1:
                policy = f", tdm-policy {rule.policy}" if rule.policy else ""
                out.append(Signal("tdmrep", f"{site.tdmrep.source}:{rule.line}",
                                  f"location {rule.pattern.text}: tdm-reservation 1{policy}"))
        return out

    def _rules(self, kind: str, source: str, rulesets: list[tuple[RuleSet, tuple[str, ...]]],
               path: str) -> list[Signal]:
        out: list[Signal] = []
        for ruleset, agents in rulesets:
            who = ", ".join(agents)
            rule = ruleset.deciding_rule(path)
            if rule is not None and not rule.allow:
                scope = _extension_scope(rule.pattern.text) if kind == "ai.txt" else "all"
                out.append(Signal(kind, f"{source}:{rule.line}", f"{who}: Disallow: {rule.pattern.text}", scope))
                continue  # a path that may not be crawled has no usage preferences (aipref-attach)
            for usage in ruleset.usage_for(path):
                if usage.label == "content-signal":
                    refused = content_signal_refuses_training(usage.value)
                    label = "Content-Signal"
                else:
                    refused = refuses_training(usage_preferences(usage.value))
                    label = f"Content-Usage: {usage.pattern.text}"
                if refused:
                    out.append(Signal("content-usage", f"{source}:{usage.line}",
                                      f"{who}: {label} {usage.value} ({refused})"))
        return out

    def _page(self, headers: Mapping[str, str], html_meta: Iterable[Any]) -> list[Signal]:
        """TDMRep, Content-Usage and noai from the document's own HTTP headers and meta tags."""
        # Meta http-equiv tags stand for headers; the reader lower-cases meta names already.
        fields: list[tuple[str, str, str]] = []
        for name, value in headers.items():
            name = str(name).lower()
            if name in _PAGE_FIELDS:
                fields.append((f"http header {name}", name, str(value)))
        for item in html_meta:
            if isinstance(item, (list, tuple)) and len(item) == 2 and isinstance(item[1], str):
                name = str(item[0]).strip().lower()
                if name in _PAGE_FIELDS or name in self._agent_tokens:
                    fields.append((f"html meta {name}", name, item[1]))
        if not fields:
            return []
        out: list[Signal] = []
        policies = [value for _, name, value in fields if name == "tdm-policy"]
        for where, name, value in fields:
            if name == "tdm-reservation":
                if reservation_value(value) == 1:
                    policy = f", tdm-policy {policies[0]}" if policies else ""
                    out.append(Signal("tdmrep", where, f"tdm-reservation: 1{policy}"))
            elif name == "content-usage":
                refused = refuses_training(usage_preferences(value))
                if refused:
                    out.append(Signal("content-usage", where, f"Content-Usage: {value.strip()} ({refused})"))
            elif name in ("x-robots-tag", "robots") or name in self._agent_tokens:
                default_agent = name if name in self._agent_tokens else None
                for agent, directive in noai.robots_directives(value):
                    scope = noai.AI_DIRECTIVES.get(directive)
                    target = agent or default_agent
                    if scope and (target is None or target == "*" or product_token(target) in self._agent_tokens):
                        prefix = f"{target}: " if target else ""
                        out.append(Signal("noai", where, f"{prefix}{directive}", scope))  # type: ignore[arg-type]
        return out
