"""Writes the example corpus beside this script (run it again to restore the files):

    corpus.jsonl                 licensed, unlicensed, duplicate, PII-bearing and opted-out records
    pages/*.html                 pages whose license is in a link rel=license or a footer
    sites/<host>/robots.txt      the site files opt-out reads (never fetched)
    optout.txt                   the curator's own opt-out list
    curate.toml                  the run's config (clearance curate examples/curate/curate.toml)
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent

HARBOUR = ("The harbour committee met on Tuesday to review the plans for the new ferry terminal, the budget "
           "for dredging the eastern channel and the schedule of public hearings that run through the spring. ")

RECORDS = [
    {"id": "harbour-mit", "text": HARBOUR * 3 + "Questions to clerk.harbour@gmail.com.", "license": "MIT",
     "title": "Harbour minutes", "author": "Town clerk", "url": "https://town.example.org/minutes/1"},
    {"id": "harbour-cc0-mirror", "text": HARBOUR * 3 + "Questions to clerk.harbour@gmail.com.",
     "license": "CC0-1.0", "url": "https://mirror.example.net/minutes/1"},
    {"id": "harbour-near-copy", "text": HARBOUR * 3 + "Questions to the clerk by post.", "license": "CC-BY-4.0",
     "url": "https://copy.example.net/m1"},
    {"id": "recipe-nc", "text": "Slow-cooked beans with garlic, thyme and a glass of white wine; rest overnight.",
     "license": "CC-BY-NC-4.0"},
    {"id": "essay-sa", "text": "Rivers shape the towns built on them, from the mills to the bridges and quays.",
     "license": "CC-BY-SA-4.0", "author": "R. Banks"},
    {"id": "spdx-code", "text": "# SPDX-License-Identifier: Apache-2.0\ndef area(r):\n    return 3.14159 * r * r\n"},
    {"id": "no-license", "text": "A note found on a forum, with no license given anywhere on the page."},
    {"id": "blocked-by-robots", "text": "A news story about the regional rail timetable and its delays.",
     "license": "CC-BY-4.0", "url": "https://news.example.com/ai-blocked/story"},
    {"id": "on-user-list", "text": "A poem its author asked us to leave out of any training set.", "license": "MIT",
     "author": "Ada Quill"},
    {"id": "server-log", "text": "Deploy notes: the API at 81.2.69.160 uses key AKIAIOSFODNN7EXAMPLE for uploads.",
     "license": "Unlicense"},
]

PAGES = {
    "tides.html": '<html><head><title>Tides</title><link rel="license" '
                  'href="https://creativecommons.org/licenses/by/4.0/"></head><body><article><p>Tides rise and fall '
                  "twice a day along most coasts, pulled by the moon and the sun.</p></article></body></html>",
    "lighthouse.html": "<html><body><main><p>The lighthouse keeper logged every ship that passed the point."
                       "</p></main><footer>Text available under CC0 1.0 Universal.</footer></body></html>",
}


def main() -> None:
    with open(HERE / "corpus.jsonl", "w", encoding="utf-8") as out:
        out.writelines(json.dumps(record) + "\n" for record in RECORDS)
        out.write('{"id": "broken", "text": \n')  # a broken record: recorded as bad input
    (HERE / "pages").mkdir(exist_ok=True)
    for name, html in PAGES.items():
        (HERE / "pages" / name).write_text(html, encoding="utf-8")
    site = HERE / "sites" / "news.example.com"
    site.mkdir(parents=True, exist_ok=True)
    (site / "robots.txt").write_text("User-agent: GPTBot\nUser-agent: CCBot\nDisallow: /ai-blocked/\n",
                                     encoding="utf-8")
    (HERE / "optout.txt").write_text("# the curator's opt-out list\nauthor: Ada Quill\n", encoding="utf-8")


if __name__ == "__main__":
    main()
