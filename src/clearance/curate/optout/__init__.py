"""Opt-out: whether a document's rightsholders asked that it not be used to train AI.

Read only from data supplied with the corpus, never fetched: per-host site files (robots.txt
rules for AI crawlers, ai.txt, ``/.well-known/tdmrep.json``), each document's HTTP headers and
HTML meta tags (TDMRep ``tdm-reservation``, ``noai``/``noimageai``, IETF ``Content-Usage``), and
the curator's own list of domains, URL prefixes, authors and content hashes. User documentation:
docs/optout.md; measurements: docs/bench/optout.md. The pipeline calls::

    checker = OptOutChecker(sites_dir=Path("sites"), user_list=Path("optout.toml"), agents=None)
    result = checker.check(doc)            # OptOutResult(opted_out, signals)
    [s.to_json() for s in result.signals]  # {"kind", "source", "detail", "applies_to"} -> manifest
    content_hash(doc.text)                 # the manifest's content hash, the one user lists name
    checker.check(doc, text_hash=h)        # reuse that hash instead of hashing the text again

and ``clearance curate recheck`` calls ``opted_out_ids(rows, checker)`` on the kept rows of a
manifest (``recheck.RecheckRow``: id, url, author, content_hash, headers, html_meta).
"""

from clearance.curate.optout.agents import AiAgent, default_training_agents, known_agents, load_agents
from clearance.curate.optout.checker import OptOutChecker, media_of
from clearance.curate.optout.hashing import content_hash
from clearance.curate.optout.patterns import normalize, url_path
from clearance.curate.optout.preferences import usage_preferences
from clearance.curate.optout.recheck import RecheckRow, iter_opted_out, opted_out_ids
from clearance.curate.optout.robots import RobotsFile, parse_robots, read_robots
from clearance.curate.optout.signals import OptOutResult, Signal
from clearance.curate.optout.tdmrep import parse_tdmrep
from clearance.curate.optout.userlist import UserList, read_user_list

__all__ = [
    "AiAgent", "OptOutChecker", "OptOutResult", "RecheckRow", "RobotsFile", "Signal", "UserList", "content_hash",
    "default_training_agents", "iter_opted_out", "known_agents", "load_agents", "media_of", "normalize",
    "opted_out_ids", "parse_robots", "parse_tdmrep", "read_robots", "read_user_list", "url_path",
    "usage_preferences",
]
