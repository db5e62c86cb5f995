"""Synthetic but realistic site files and documents for the opt-out benchmark (seeded, no network).

robots.txt files are assembled from the pieces real ones are made of: CMS defaults (WordPress,
Drupal-style admin and search paths), shop rules with ``*`` and ``$`` (sort/filter parameters,
session ids, PDFs), per-crawler groups (Googlebot, Bingbot with Crawl-delay), an "AI blocker"
block of consecutive ``User-agent`` lines for AI crawlers ending in ``Disallow: /`` (on about a
third of sites, as surveys of news and popular sites in 2024-25 found), non-ASCII and
percent-encoded paths, comments, Sitemap lines, and on a few sites ``Content-Usage`` and
Cloudflare ``Content-Signal`` lines. Some hosts also get an ai.txt and a tdmrep.json.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from clearance.curate.optout.agents import known_agents

CMS_WORDPRESS = ["Disallow: /wp-admin/", "Allow: /wp-admin/admin-ajax.php", "Disallow: /wp-login.php",
                 "Disallow: /?s=", "Disallow: /search/", "Disallow: /trackback/", "Disallow: /*/feed/$"]
CMS_DRUPAL = ["Disallow: /core/", "Disallow: /profiles/", "Disallow: /README.md", "Disallow: /admin/",
              "Disallow: /comment/reply/", "Disallow: /filter/tips", "Disallow: /node/add/", "Disallow: /search/",
              "Disallow: /user/register", "Disallow: /user/password", "Disallow: /user/login",
              "Disallow: /index.php/admin/", "Disallow: /?q=admin/", "Disallow: /?q=user/login"]
SHOP = ["Disallow: /cart", "Disallow: /checkout", "Disallow: /account/", "Disallow: /*?sort=",
        "Disallow: /*?filter=", "Disallow: /*&sessionid=", "Disallow: /*.pdf$", "Allow: /catalog/*.pdf$",
        "Disallow: /search?q=", "Allow: /search?q=gift", "Disallow: /*/print$"]
INTL = ["Disallow: /recherche/", "Disallow: /café/privé", "Disallow: /%E6%A4%9C%E7%B4%A2/",
        "Disallow: /über-uns/intern", "Allow: /caf%C3%A9/menu"]
SEARCH_BOTS = ["Googlebot", "Bingbot", "Applebot", "DuckDuckBot", "YandexBot", "Baiduspider"]

CONTENT_PATHS = ["/", "/blog/{slug}", "/articles/{n}", "/news/2025/{n}/{slug}", "/docs/{slug}.html",
                 "/catalog/{slug}.pdf", "/product/{n}?sort=price", "/product/{n}?color=red&sessionid={n}",
                 "/search?q={slug}", "/search?q=gift-{slug}", "/wp-admin/admin-ajax.php", "/wp-admin/{slug}",
                 "/admin/{slug}", "/cart", "/café/menu", "/café/privé/{slug}", "/%E6%A4%9C%E7%B4%A2/{slug}",
                 "/images/{slug}.jpg", "/feed/{slug}/feed/", "/user/login", "/premium/{slug}", "/{slug}/print"]
CONTENT_WEIGHTS = [4, 30, 20, 15, 6, 2, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 3, 1, 1, 3, 1]
WORDS = [
    "data", "model", "open", "text", "license", "train", "crawl", "page", "article", "news", "science",
    "river", "music", "market", "policy", "health", "sport", "travel", "city", "history", "energy", "code",
    "book", "school", "food", "garden",
]


@dataclass
class Site:
    host: str
    robots: str
    ai_txt: str | None = None
    tdmrep: str | None = None
    ai_blocked: list[str] = field(default_factory=list)


def robots_txt(rng: random.Random) -> tuple[str, list[str]]:
    ai_tokens = [a.token for a in known_agents()]
    lines = ["# robots.txt", f"# generated {rng.randint(2019, 2026)}", ""]
    star = ["User-agent: *"]
    star += rng.choice([CMS_WORDPRESS, CMS_DRUPAL, CMS_WORDPRESS[:3], []])
    if rng.random() < 0.3:
        star += rng.sample(SHOP, rng.randint(3, len(SHOP)))
    if rng.random() < 0.15:
        star += rng.sample(INTL, rng.randint(1, len(INTL)))
    if rng.random() < 0.05:
        star.append("Disallow: /premium/")
    if rng.random() < 0.05:
        star.append(f"Content-Usage: / train-ai={rng.choice('ny')}")
        star.append("Content-Usage: /blog/ train-ai=y, search=y")
    if rng.random() < 0.10:
        star.append("Content-Signal: search=yes, ai-train=no")
    if rng.random() < 0.2:
        star.append(f"Crawl-delay: {rng.randint(1, 10)}")
    lines += star + [""]
    for bot in rng.sample(SEARCH_BOTS, rng.randint(0, 3)):
        lines += [f"User-agent: {bot}", "Allow: /", "Disallow: /admin/", ""]
    blocked: list[str] = []
    if rng.random() < 0.33:
        blocked = rng.sample(ai_tokens, rng.randint(2, len(ai_tokens)))
        lines += [f"User-agent: {token}" for token in blocked] + ["Disallow: /", ""]
    elif rng.random() < 0.1:  # partial: AI crawlers kept out of the articles only
        blocked = rng.sample(ai_tokens, rng.randint(1, 6))
        lines += [f"User-agent: {token}" for token in blocked] + ["Disallow: /articles/", "Allow: /articles/free/", ""]
    lines.append(f"Sitemap: https://example/sitemap{rng.randint(1, 3)}.xml")
    return "\n".join(lines) + "\n", blocked


def make_sites(n: int, seed: int) -> list[Site]:
    rng = random.Random(seed)
    sites = []
    for i in range(n):
        robots, blocked = robots_txt(rng)
        site = Site(f"site{i}.{rng.choice(['com', 'org', 'net', 'de', 'fr', 'co.uk'])}", robots, ai_blocked=blocked)
        if rng.random() < 0.08:
            site.ai_txt = "# Spawning AI\nUser-Agent: *\n" + "".join(
                f"Disallow: *.{ext}\n" for ext in rng.sample(["jpg", "jpeg", "png", "gif", "txt", "pdf", "mp3"], 4))
        if rng.random() < 0.05:
            site.tdmrep = json.dumps([{"location": "/premium/*", "tdm-reservation": 1,
                                       "tdm-policy": f"https://{site.host}/tdm-policy.json"},
                                      {"location": "/", "tdm-reservation": rng.choice([0, 1])}], indent=1)
        sites.append(site)
    return sites


def write_sites(sites: list[Site], root: Path) -> None:
    for site in sites:
        directory = root / site.host
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "robots.txt").write_text(site.robots, encoding="utf-8")
        if site.ai_txt:
            (directory / "ai.txt").write_text(site.ai_txt, encoding="utf-8")
        if site.tdmrep:
            (directory / ".well-known").mkdir(exist_ok=True)
            (directory / ".well-known" / "tdmrep.json").write_text(site.tdmrep, encoding="utf-8")


def random_path(rng: random.Random) -> str:
    template = rng.choices(CONTENT_PATHS, CONTENT_WEIGHTS)[0]
    return template.format(slug="-".join(rng.sample(WORDS, 3)), n=rng.randint(1, 99999))


def page_meta(rng: random.Random) -> tuple[dict[str, str], list[list[str]]]:
    """HTTP headers and meta tags of a typical page; a few carry noai, TDMRep or Content-Usage."""
    headers = {"content-type": "text/html; charset=utf-8", "server": "nginx", "cache-control": "max-age=600"}
    meta = [["viewport", "width=device-width, initial-scale=1"], ["description", "A page about things."],
            ["og:title", "Title"], ["og:type", "article"], ["twitter:card", "summary"],
            ["robots", rng.choice(["index, follow", "max-image-preview:large", "index, follow, noimageai"])]]
    roll = rng.random()
    if roll < 0.02:
        meta.append(["robots", "noai, noimageai"])
    elif roll < 0.04:
        headers["x-robots-tag"] = "noai"
    elif roll < 0.05:
        headers["tdm-reservation"] = "1"
    elif roll < 0.06:
        meta.append(["tdm-reservation", "1"])
    elif roll < 0.065:
        headers["content-usage"] = "train-ai=n, search=y"
    return headers, meta


def make_texts(n: int, size: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        words: list[str] = []
        length = 0
        while length < size:
            word = rng.choice(WORDS)
            words.append(word)
            length += len(word) + 1
        texts.append(" ".join(words))
    return texts


def user_list_text(sites: list[Site], texts: list[str], seed: int) -> str:
    """A curator's list: 1,000 domains (a few of them corpus hosts), URL prefixes, authors, hashes."""
    from clearance.curate.optout import content_hash

    rng = random.Random(seed)
    out = [f"domain: unrelated{i}.example" for i in range(990)]
    out += [f"domain: {site.host}" for site in rng.sample(sites[len(sites) // 2:], 10)]  # not the busiest hosts
    out += [f"url: https://{site.host}/blog/" for site in rng.sample(sites[len(sites) // 2:], 200)]
    out += [f"author: Author {i}" for i in range(500)]
    out += [f"hash: {content_hash(text)}" for text in rng.sample(texts, 5)]
    out += [f"hash: {rng.getrandbits(256):064x}" for _ in range(995)]
    return "\n".join(out) + "\n"
