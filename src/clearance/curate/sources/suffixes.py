"""File-name suffixes of the web formats, apart from the readers so sniffing imports no parser."""

from __future__ import annotations

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
WARC_SUFFIXES = (".warc", ".warc.gz", ".warc.zst", ".warc.lz4", ".arc.gz", ".wet", ".wet.gz")


def is_html_name(name: str) -> bool:
    return name.lower().endswith(HTML_SUFFIXES)


def is_warc_name(name: str) -> bool:
    return name.lower().endswith(WARC_SUFFIXES)
