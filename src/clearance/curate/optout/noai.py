"""``noai`` / ``noimageai``: robots directives in ``<meta name="robots">`` and ``X-Robots-Tag``.

Introduced by DeviantArt in 2022 and adopted by other art and publishing platforms; no standard
body defines them. ``noai`` asks that the content not be used for AI (training) at all,
``noimageai`` that the page's images not be. A directive can be addressed to one crawler: a meta
tag named after it (``<meta name="GPTBot" content="noai">``) or an ``X-Robots-Tag`` value prefixed
with its token (``GPTBot: noai``); then it counts only if that crawler is among the checked agents.
"""

from __future__ import annotations

#: Directives of the form ``name: value``: their colon does not introduce a crawler name.
_VALUED = frozenset({"unavailable_after", "max-snippet", "max-image-preview", "max-video-preview"})
#: Directive -> what it covers.
AI_DIRECTIVES = {"noai": "all", "noimageai": "images"}


def robots_directives(value: str) -> list[tuple[str | None, str]]:
    """``(crawler token or None, directive)`` pairs of one header or meta value, lower-cased.

    ``"googlebot: noindex, nofollow, otherbot: noai"`` -> googlebot gets noindex and nofollow,
    otherbot gets noai (a crawler prefix holds until the next one, as Google reads the header).
    """
    out: list[tuple[str | None, str]] = []
    agent: str | None = None
    for piece in value.split(","):
        piece = piece.strip().lower()
        if not piece:
            continue
        head, sep, rest = piece.partition(":")
        if sep and head.strip() not in _VALUED and " " not in head.strip():
            agent = head.strip() or None
            piece = rest.strip()
            if not piece:
                continue
        for directive in piece.split():
            out.append((agent, directive.split(":", 1)[0]))
    return out
