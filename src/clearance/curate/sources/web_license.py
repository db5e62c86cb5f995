"""License evidence in a web page: head metadata, ``rel=license`` links, JSON-LD, footers and prose.

Each place a page can state its license becomes a ``Finding`` with the place named, so a reviewer
sees why a page was kept. The hard part is scope: a ``CC BY`` link under a photo licenses the photo,
not the article around it. A finding inside a figure, a caption, a photo credit, or attached (RDFa
``about``, JSON-LD ``ImageObject``) to an image file gets ``covers="image"``, which ``resolve`` does
not let license the text. URLs and prose go through ``clearance.licenses.detect``; this module
only knows where to look in HTML.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import orjson
from resiliparse.parse.html import DOMNode, HTMLTree, NodeType

from clearance.licenses import parse_license
from clearance.licenses.detect import Finding, find_mentions, license_from_url

#: Cheap gate before any DOM work: a page that never says any of these cannot state a license.
#: Plain substring tests on the lower-cased page: several times faster than one case-insensitive regex.
_LICENSE_WORDS = ("licen", "creative", "public domain", "publicdomain", "rights", "spdx", "dedicat",
                  "cc by", "cc-by", "cc0", "cc zero")

#: ``<meta>`` names (lower-cased) whose content states the page's license.
_LICENSE_META = frozenset({
    "license", "licence", "dc.rights", "dc.license", "dcterms.license", "dcterms.rights", "dc.rights.license",
    "rights", "copyright-license", "og:license", "article:license", "citation_license", "cc:license",
})

#: ``rel`` tokens that mark a link to the page's license (HTML ``license`` and the RDFa spellings).
_LICENSE_RELS = frozenset({"license", "licence", "dc:license", "dcterms:license", "cc:license", "dct:license"})

#: Hosts whose links name a license even without ``rel=license`` (deeds, badges, license lists).
_LICENSE_HREF = ('a[href*="creativecommons.org/" i], a[href*="opensource.org/licenses" i], '
                 'a[href*="gnu.org/licenses" i], a[href*="apache.org/licenses" i], a[href*="spdx.org/licenses" i], '
                 'a[href*="opendatacommons.org/licenses" i]')

#: Regions where sites put their license line.
_FOOTERS = ('footer, [role="contentinfo"], #footer, .footer, [class*="copyright" i], [id*="copyright" i], '
            '[class*="license" i], [id*="license" i], [class*="licence" i]')

#: Regions that describe an embedded image, not the page.
_CAPTIONS = ('figcaption, [class*="caption" i], [class*="credit" i], [class*="attribution" i], '
             '[class*="photo" i], [class*="image" i], [id*="caption" i]')

_IMAGE_TAGS = frozenset({"figure", "figcaption", "picture", "img", "svg", "video", "audio"})
_PAGE_TAGS = frozenset({"footer", "body", "html", "main", "article", "header", "head", "nav"})
_IMAGE_CLASS = re.compile(r"caption|credit|photo|image|img|figure|gallery|thumb|media", re.IGNORECASE)
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|tiff?|avif|bmp|heic)(?:[?#]|$)", re.IGNORECASE)
#: Badges and site logos are page furniture: a license link beside one is not a photo credit.
_BADGE = re.compile(r"licensebuttons\.net|creativecommons\.org|88x31|80x15|badge|shields\.io|logo|icon", re.IGNORECASE)

#: JSON-LD types whose ``license`` covers a media object, and keys whose values are media objects.
_MEDIA_TYPES = frozenset({"imageobject", "photograph", "videoobject", "audioobject", "mediaobject", "imagegallery",
                          "3dmodel"})
_MEDIA_KEYS = frozenset({"image", "thumbnail", "thumbnailurl", "logo", "photo", "associatedmedia", "video", "audio",
                         "primaryimageofpage", "contenturl"})
_LICENSE_KEYS = ("license", "schema:license", "http://schema.org/license", "https://schema.org/license")
_MAX_JSON_LD_NODES = 5000

#: How much of a region's text goes to the mention finder: a license line is short; a "footer" that is
#: the whole page is not a footer.
_REGION_CHARS = 4000
_TAIL_CHARS = 2000
#: Longer than this, a "photo" or "caption" box is a page layout wrapper, not one image's credit.
_CAPTION_CHARS = 1000

#: How sure a structural statement is, by where it was found (prose gets ``find_mentions``' own figure).
_CONFIDENCE = {"link-rel": 0.95, "meta-tag": 0.9, "json-ld": 0.9, "a-rel": 0.9, "url": 0.5}


def may_state_license(html: str) -> bool:
    lowered = html.lower()
    return any(word in lowered for word in _LICENSE_WORDS)


def license_findings(
    tree: HTMLTree, html: str, meta: list[list[str]], main_text: str, notes: list[str], url: str | None = None
) -> list[Finding]:
    """Every license statement of the page, deduplicated, in the order: head, links, JSON-LD, text.

    ``url`` (the page's own address) resolves relative ``rel=license`` links, as on a license host's own pages.
    """
    if not may_state_license(html):
        return []
    image_texts: list[str] = []  # text of the regions found to describe an image, to keep out of page prose
    findings: list[Finding] = []
    findings += _meta_findings(meta)
    findings += _rel_findings(tree, notes, image_texts, url)
    findings += _href_findings(tree, image_texts)
    findings += _json_ld_findings(tree, notes)
    for text in _caption_texts(tree):
        image_texts.append(text)
        findings += _mentions(text, "image caption", "body-text", "image")
    footers = _footer_findings(tree)
    if footers is None:
        footers = _tail_findings(tree, image_texts)
    findings += footers
    findings += _outside_images(_mentions(main_text, "main text", "body-text", "text"), image_texts, main_text)
    return list(dict.fromkeys(findings))


def _outside_images(findings: list[Finding], image_texts: list[str], scanned: str) -> list[Finding]:
    """Prose findings of ``scanned``, less those that are an image's caption or credit (read as the image's).

    Only captions that ``scanned`` contains are discounted (main-content extraction often drops
    figures), each mention once, so the page's own statement of the same license still counts.
    """
    if not findings or not image_texts:
        return findings
    flat = " ".join(scanned.split())
    regions: list[str] = []  # a figcaption is read both as a caption and as a link's region: count it once
    for text in sorted({" ".join(t.split()) for t in image_texts}, key=len, reverse=True):
        if text and text in flat and not any(text in region for region in regions):
            regions.append(text)
    budget: dict[str, int] = {}
    kept: list[Finding] = []
    for finding in findings:
        snippet = finding.snippet
        if snippet not in budget:
            budget[snippet] = sum(text.count(snippet) for text in regions) if snippet else 0
        if budget[snippet] > 0:
            budget[snippet] -= 1
            continue
        kept.append(finding)
    return kept


def spdx_of(value: str) -> str | None:
    """A license named by a URL, an SPDX expression or a license name; None if it names none."""
    value = value.strip()
    if not value:
        return None
    if "/" in value and ("://" in value or value.startswith(("//", "www.")) or "." in value.split("/")[0]):
        return license_from_url(value)
    info = parse_license(value)
    if info.problem is None and info.spdx:
        return info.spdx
    found = find_mentions(value, "value")
    return found[0].spdx if found else None


def _statement(value: str, kind: str, where: str, confidence: float, covers: str) -> list[Finding]:
    """Findings for one stated value: the license it names, else any license its prose mentions."""
    spdx = spdx_of(value)
    if spdx is not None:
        return [Finding(spdx, kind, where, _clip(value), confidence, covers)]
    return _mentions(value, where, kind, covers)


def _mentions(text: str, where: str, kind: str, covers: str) -> list[Finding]:
    if not text:
        return []
    if len(text) > 4 * _REGION_CHARS:
        text = text[:_REGION_CHARS] + "\n" + text[-_REGION_CHARS:]
    return [dataclasses.replace(f, kind=kind, covers=covers) for f in find_mentions(text, where, kind)]


def _meta_findings(meta: list[list[str]]) -> list[Finding]:
    found: list[Finding] = []
    for name, content in meta:
        if name in _LICENSE_META and content.strip():
            found += _statement(content, "meta-tag", f'<meta name="{name}">', _CONFIDENCE["meta-tag"], "text")
    return found


def _rel_findings(tree: HTMLTree, notes: list[str], image_texts: list[str], base: str | None) -> list[Finding]:
    """``<link rel=license>`` in the head, ``<a rel=license>`` (often a CC badge) in the body."""
    found: list[Finding] = []
    for node in tree.document.query_selector_all("[rel]"):
        tag = node.tag
        if tag not in ("a", "link", "area") or not _LICENSE_RELS & set((node.getattr("rel") or "").lower().split()):
            continue
        href = (node.getattr("href") or "").strip()
        kind, confidence = ("link-rel", _CONFIDENCE["link-rel"] if tag == "link" else _CONFIDENCE["a-rel"])
        where = f'<{tag} rel="license">'
        covers = "text" if tag == "link" else covers_of(node)
        if covers == "image":
            image_texts.append(_image_region_text(node))
        spdx = license_from_url(urljoin(base, href) if base and "://" not in href else href) if href else None
        if spdx is not None:
            found.append(Finding(spdx, kind, where, _clip(href), confidence, covers))
            continue
        label = " ".join(filter(None, (node.text, node.getattr("title") or "", _img_alt(node))))
        named = _mentions(label, where, kind, covers)
        if named:
            found += [dataclasses.replace(f, confidence=min(f.confidence, confidence)) for f in named]
        else:
            notes.append(f"{where} to an unrecognized license: {_clip(href or label, 120)}")
    return found


def _href_findings(tree: HTMLTree, image_texts: list[str]) -> list[Finding]:
    """Plain links to license deeds: weaker than ``rel=license`` (a page may link a license it discusses)."""
    found: list[Finding] = []
    for node in tree.document.query_selector_all(_LICENSE_HREF):
        if _LICENSE_RELS & set((node.getattr("rel") or "").lower().split()):
            continue  # already read as rel=license
        href = node.getattr("href") or ""
        spdx = license_from_url(href)
        if spdx is not None:
            covers = covers_of(node)
            if covers == "image":
                image_texts.append(_image_region_text(node))
            found.append(Finding(spdx, "url", "<a href>", _clip(href), _CONFIDENCE["url"], covers))
    return found


def _json_ld_findings(tree: HTMLTree, notes: list[str]) -> list[Finding]:
    found: list[Finding] = []
    for index, node in enumerate(tree.document.query_selector_all('script[type*="ld+json" i]')):
        raw = (node.text or "").strip()
        if not raw:
            continue
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            notes.append(f"JSON-LD block {index + 1} is not valid JSON ({exc}); ignored")
            continue
        for owner, value, media in _json_ld_licenses(data):
            where = f"JSON-LD {owner}.license"
            covers = "image" if media else "text"
            found += _statement(value, "json-ld", where, _CONFIDENCE["json-ld"], covers)
    return found


def _json_ld_licenses(data: Any) -> Iterator[tuple[str, str, bool]]:
    """(owner type, license value, whether the owner is a media object) for every ``license`` in a JSON-LD tree."""
    stack: list[tuple[Any, bool]] = [(data, False)]
    seen = 0
    while stack and seen < _MAX_JSON_LD_NODES:
        item, media = stack.pop()
        seen += 1
        if isinstance(item, list):
            stack.extend((child, media) for child in reversed(item))
            continue
        if not isinstance(item, dict):
            continue
        types = item.get("@type")
        names = [t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)]
        media = media or any(t.rsplit("/", 1)[-1].lower() in _MEDIA_TYPES for t in names)
        owner = names[0].rsplit("/", 1)[-1] if names else "object"
        for key in _LICENSE_KEYS:
            if key in item:
                for value in _license_values(item[key]):
                    yield owner, value, media
        for key, child in reversed(list(item.items())):
            if key not in _LICENSE_KEYS and isinstance(child, (dict, list)):
                stack.append((child, media or key.lower() in _MEDIA_KEYS))


def _license_values(value: Any) -> Iterator[str]:
    """JSON-LD ``license`` is a URL or name, an object with ``url``/``@id``/``name``, or a list of those."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key in ("url", "@id", "name", "identifier"):
            if isinstance(value.get(key), str) and value[key].strip():
                yield value[key]
                return
    elif isinstance(value, list):
        for item in value[:20]:
            yield from _license_values(item)


def _caption_texts(tree: HTMLTree) -> list[str]:
    texts: list[str] = []
    for node in tree.document.query_selector_all(_CAPTIONS):
        if node.tag in ("body", "html", "head") or node.closest("footer") is not None:
            continue
        text = (node.text or "").strip()
        if text and len(text) <= _CAPTION_CHARS and may_state_license(text):
            texts.append(text)
    return texts


def _footer_findings(tree: HTMLTree) -> list[Finding] | None:
    """Mentions in footer-like regions (outermost only), or None when the page has no such region."""
    nodes = tree.document.query_selector_all(_FOOTERS)
    if not nodes:
        return None
    found: list[Finding] = []
    regions = 0
    for node in nodes:
        if node.tag in ("body", "html", "head", "meta", "link", "script", "style"):
            continue
        parent = node.parent
        if parent is not None and parent.closest(_FOOTERS) is not None:
            continue  # inside a region already read
        regions += 1
        text = (node.text or "").strip()
        if text and may_state_license(text):
            covers = covers_of(node)
            found += _mentions(text[-_REGION_CHARS:], _region_name(node), "footer", covers)
    return found if regions else None


def _tail_findings(tree: HTMLTree, image_texts: list[str]) -> list[Finding]:
    """No footer element: the license line, if any, is usually the last thing on the page."""
    from resiliparse.extract.html2text import extract_plain_text

    tail = extract_plain_text(tree, main_content=False, preserve_formatting=True, alt_texts=False)[-_TAIL_CHARS:]
    return _outside_images(_mentions(tail, "end of page", "footer", "text"), image_texts, tail)


def _region_name(node: DOMNode) -> str:
    if node.tag == "footer":
        return "<footer>"
    ident = node.getattr("id")
    if ident:
        return f'<{node.tag} id="{_clip(ident, 40)}">'
    cls = node.getattr("class")
    return f'<{node.tag} class="{_clip(cls, 40)}">' if cls else f"<{node.tag}>"


def covers_of(node: DOMNode) -> str:
    """``"image"`` when a license statement belongs to an embedded image, else ``"text"``.

    Walks up from the statement: the first decisive container wins, so a figure inside an article
    is the figure's, and a footer's "credits" class does not make the footer an image credit.
    """
    if _rdfa_image(node):
        return "image"
    if node.tag == "a" and _credits_neighbour_image(node):
        return "image"
    current: DOMNode | None = node
    while current is not None and current.type == NodeType.ELEMENT:
        tag = current.tag
        if tag in _IMAGE_TAGS:
            return "image"
        if tag in _PAGE_TAGS or current.getattr("role") == "contentinfo":
            return "text"
        if current is not node and _is_small_media_box(current):
            return "image"
        if _rdfa_image(current):
            return "image"
        current = current.parent
    return "text"


def _is_small_media_box(node: DOMNode) -> bool:
    """A caption-, credit- or photo-classed box, small enough to be about one image rather than a page."""
    hint = f"{node.getattr('class') or ''} {node.id or ''}"
    return _IMAGE_CLASS.search(hint) is not None and len(node.text or "") <= _CAPTION_CHARS


def _rdfa_image(node: DOMNode) -> bool:
    """RDFa states the subject a license is about: ``about="photo.jpg"`` makes it an image's license."""
    for attr in ("about", "resource"):
        value = node.getattr(attr)
        if value and _IMAGE_FILE.search(value.strip()):
            return True
    return False


def _credits_neighbour_image(link: DOMNode) -> bool:
    """A license link in a short block beside a photo (not a license badge) is that photo's credit."""
    parent = link.parent
    if parent is None or parent.tag in _PAGE_TAGS or link.closest('footer, [role="contentinfo"]') is not None:
        return False
    images = [img for img in parent.query_selector_all("img") if not _is_badge(img)]
    if not images or any(link.contains(img) for img in images):
        return False
    return len(parent.text or "") < 300


def _image_region_text(link: DOMNode) -> str:
    """The credit line around an image's license link: its caption or container, else its own text."""
    region = link.closest("figure, figcaption, picture") or link.parent or link
    text = region.text or ""
    return text if len(text) <= _CAPTION_CHARS else (link.text or "")


def _is_badge(img: DOMNode) -> bool:
    return bool(_BADGE.search(f"{img.getattr('src') or ''} {img.getattr('alt') or ''}"))


def _img_alt(node: DOMNode) -> str:
    img = node.query_selector("img")
    return (img.getattr("alt") or "") if img is not None else ""


def _clip(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
