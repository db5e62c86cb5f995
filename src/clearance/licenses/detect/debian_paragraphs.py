"""What each ``License:`` field of a Debian copyright file grants, read paragraph by paragraph.

A field with a text is read from that text (a matching reference text names it, unless it is a
look-alike of the short name's own license missing what sets it apart; otherwise the text's notice
refines the short name); a field without a text takes what the stand-alone paragraph of the same
name grants. Field parsing and short names are ``debian.py``'s job; this module decides licenses.
"""

from __future__ import annotations

import dataclasses
import re
from functools import cache

from clearance.licenses.detect.custom_notices import (
    CUSTOM_PERMISSIVE,
    custom_notice,
    grants_beside_public_domain,
    is_custom_permissive,
    states_public_domain,
)
from clearance.licenses.detect.custom_notices import PUBLIC_DOMAIN as PUBLIC_DOMAIN_ID
from clearance.licenses.detect.debian import (
    DebianLicense,
    debian_comments,
    debian_licenses,
    public_domain_copyrights,
    short_name,
)
from clearance.licenses.detect.exceptions import (
    GENERIC_EXCEPTION,
    find_exceptions,
    states_own_exception,
    without_exceptions,
)
from clearance.licenses.detect.finding import ALL_RIGHTS_RESERVED, Finding, clip
from clearance.licenses.detect.ids import license_keys, spdx_terms, without_version
from clearance.licenses.detect.mentions import (
    find_mentions,
    is_vague,
    without_notes_outside_licenses,
    without_vague,
)
from clearance.licenses.detect.normalize import license_words
from clearance.licenses.detect.quoted import quoted_by
from clearance.licenses.detect.reference import reference_index, reference_text
from clearance.licenses.detect.templates import held_templates, template
from clearance.licenses.detect.texts import (
    distinguishing_share,
    explains_deviation,
    identify_license_text,
    reference_span,
    shared_shares,
)
from clearance.licenses.detect.unlisted import names_spoken_of

#: A Debian ``License:`` paragraph whose text matches a reference this well is named by that match
#: ("BSD-4-clause" over the University of California's text is BSD-4-Clause-UC).
BODY_TRUSTED = 0.9
#: ... or this much, when the texts it holds are several and the short name names one of them.
BUNDLE_TRUSTED = 0.8
#: A paragraph text shorter than this is a pointer or a notice, no variant's text (``_variant_holding_text``).
VARIANT_TEXT_CHARS = 200
#: Words a paragraph's lines after its reference text need to be read as a grant of their own ...
GRANT_BESIDE_WORDS = 12
#: ... and the grant they must make: the work may be used, copied, modified or distributed.
_PLAIN_GRANT = re.compile(
    r"\b(?:may|can)\s+(?:freely\s+)?be\s+(?:freely\s+)?(?:used|copied|modified|distributed|redistributed)\b"
    r"|\bpermission\s+(?:is\s+(?:hereby\s+)?granted\s+)?to\s+(?:use|copy|modify|distribute)\b"
    r"|\byou\s+(?:may|can|are\s+free\s+to)\s+(?:freely\s+)?(?:use|copy|modify|distribute|redistribute)\b",
    re.IGNORECASE)
#: A license text quoted in a ``Comment:`` field counts from this many words and this confidence: a
#: comment is mostly the packager's prose, so only a text a reference explains well is a grant.
COMMENT_TEXT_WORDS = 40
COMMENT_TEXT_TRUSTED = 0.8
#: SPDX ids that name a variant of a license with the same text: the Open Font License with or without
#: reserved font names.
SAME_TEXT_SUFFIXES = ("-RFN", "-no-RFN")
#: Licenses that are public-domain dedications, which their paragraphs describe in those words.
DEDICATIONS = frozenset({"cc0-1.0", "unlicense", "cc-pddc", "pddl-1.0"})
PUBLIC_DOMAIN = "licenseref-public-domain"
#: Licenses a project's own "special exception" is written against.
_GNU_BASES = ("GPL-", "LGPL-", "AGPL-")
#: A paragraph text that opens with a short name and a colon.
_LEADING_NAME = re.compile(r"\s*(?P<name>[A-Za-z][\w.+-]{1,30}):\s")
#: ... unless it is a look-alike of the named license whose distinguishing words are mostly missing.
LOOKALIKE_APART = 0.6
#: ... or, under a name of the packager's own or a versionless one, whose base explains the text within this
#: share of it (a text with words broken across lines explains a little less of the base).
BASE_EXPLAINS_AS_WELL = 0.03
#: A text that holds this much of one reference, and is explained this much by it, is that license
#: even when it is matched below ``BODY_TRUSTED`` (a reworded line) and the paragraph names another ...
TEXT_EXPLAINED = 0.85
#: ... when the named license's own text explains at least this much less of it.
NAME_EXPLAINS_LESS = 0.1
#: Words by which a text under "License: public-domain" disclaims copyright ("without restriction of copyright",
#: "No copyright is claimed"): a dedication in other words.
_DISCLAIMS_COPYRIGHT = re.compile(r"\b(?:no|without|not)\b[^.]{0,40}\bcopyright|\buncopyright", re.IGNORECASE)
#: A stand-alone paragraph text this short that names Debian's license folder only points there.
POINTER_WORDS = 40
_COMMON_LICENSES = re.compile(r"/usr/share/common-licenses\b")
#: A field text this short that names no license is a remark on where its text is ("see below").
REMARK_WORDS = 20
#: Two references whose shares of a text explained are this close tie; a word of the paragraph's name
#: ("BSD-Tcl") that is one of them breaks the tie.
TIE_EXPLAINED = 0.01
_NAME_WORDS = re.compile(r"[\s_~/+-]+")
#: A paragraph holding this much of a license's text quotes what that text quotes.
HOLDS_TEXT = 0.5
#: A paragraph text that opens with a public-domain heading over another license's text: "Public Domain (or
#: MIT if a license is required)" over the Expat text dedicates the work, the text being the fallback.
#: A title ("PUBLIC DOMAIN NOTICE" over NCBI's text) is not such a heading.
_PUBLIC_DOMAIN_HEADING = re.compile(r"\A\s*public[\s-]+domain[ \t]*(?:[(.,;:]|\n|\Z)", re.IGNORECASE)
_UNVERSIONED = re.compile(r"^licenseref-(.+)-unversioned$")
#: "Or later" anywhere in a paragraph's text, in a sentence of its own too: icingaweb2's notice grants "either
#: version 2 of the License." and its last sentence, a pointer, ends "or (at your option) any later version".
_ANY_LATER = re.compile(r"\bor\s+(?:\(at\s+your\s+option\)\s+)?(?:any\s+)?later\b", re.IGNORECASE)
_DEP5_OPERATOR = re.compile(r"(,?\s+(?:or|and)\s+)", re.IGNORECASE)


def _refined_by_text(spdx: str, text: str, where: str) -> str:
    """A short name the paragraph's own notice makes more precise: "GPL-2" over "either version 2 of
    the License, or (at your option) any later version" is GPL-2.0-or-later (the notice is the grant;
    Debian's short name says -only when the packager dropped the "+"); "GPL-2+" over a notice that grants
    "the GNU General Public License version 2" and says "or later" nowhere is GPL-2.0-only, the notice
    winning in that direction too; an unversioned name ("Apache") over "Licensed under the Apache
    License, Version 2.0" is Apache-2.0, and "License: GPL" over a text that starts with a short name of
    its own ("GPL-2+: see /usr/share/common-licenses/GPL-2") is that one. A notice granting one license
    of the name's family but another version is that version: the name is the packager's label, the
    notice the grant."""
    # a GNU name without its version ("the GNU General Public License as published by the Free Software
    # Foundation; either version." cut short) says nothing about the version the short name gives
    said = {t.lower(): t for m in find_mentions(text, where) if not is_vague(m) for t in spdx_terms(m.spdx)} \
        if text else {}
    lead = _LEADING_NAME.match(text) if text else None  # "GPL-2+: see /usr/share/common-licenses/GPL-2"
    named = short_name(lead["name"]) if lead else None
    if named and " " not in named:
        said.setdefault(named.lower(), named)
    if not said:
        return spdx

    def refine(term: str) -> str:
        low = term.lower()
        if low.endswith("-only") and low[:-5] + "-or-later" in said:
            return said[low[:-5] + "-or-later"]
        if low.endswith("-or-later"):  # "LGPL-2+" over "either version 2.1 of the License, or (at your option)"
            later = [k for k in said if k.endswith("-or-later") and _family(k) == _family(low)]
            if len(later) == 1:
                return said[later[0]]
            # "GPL-2+" over "under the terms of the GNU General Public License version 2" and no "or later"
            # anywhere in the text: the notice is the grant, and it grants that version only
            only = [k for k in said if _family(k) == _family(low)]
            own = low.removesuffix("-or-later") + "-only"
            if only == [own]:
                return term if _ANY_LATER.search(text) else said[own]
            # "GPL-2+" over "the GNU General Public License version 2 or 3" (wngerman): those two, no later one
            if " " not in spdx and len(only) > 1 and own in only \
                    and all(k.endswith("-only") for k in only) and not _ANY_LATER.search(text):
                return " OR ".join(said[k] for k in sorted(only))
        if low.startswith("licenseref-") and low.endswith("-unversioned"):
            family = low[len("licenseref-"):-len("-unversioned")]
            same = [k for k in said if _family(k) == family]
            if len(same) == 1:
                return said[same[0]]
        # a notice that grants one license, another version of the name's: "License: MPL-2.0" over
        # "subject to the Mozilla Public License Version 1.1" (a notice of another license under the
        # name, "License: LGPL-2.1+" over a GPL-3+ notice, contradicts it: both are reported, below)
        if len(said) == 1 and " " not in spdx and low not in said:
            (key, other), = said.items()
            if _family(key) == _family(low):
                return other
        return term

    return " ".join(t if t in ("AND", "OR", "WITH") else refine(t) for t in spdx.split(" ")) \
        if "(" not in spdx else spdx


def _family(key: str) -> str:
    """``lgpl-2.1-or-later`` -> ``lgpl``; ``licenseref-bsd-unversioned`` ("the BSD license") -> ``bsd``."""
    return without_version(_UNVERSIONED.sub(r"\1", key))


def _named_over_lookalike(name_spdx: str | None, text: str, full: Finding) -> bool:
    """The packager's short name beats a look-alike text of its own family that the paragraph does not
    really hold: a BSD-2-Clause whose disclaimer says "THE AUTHOR" is by a hair closer to
    BSD-2-Clause-pos-unchanged, yet lacks its "in this position and unchanged". The look-alike is
    kept when the text carries most of what sets it apart (Ts'o's clause 1, UC's credit), or when the
    look-alike explains the text's own departure from the named license (Darwin's clause 1 under
    "BSD-2-Clause-alike", without Darwin's export paragraph)."""
    if not name_spdx or " " in name_spdx or " " in full.spdx or name_spdx == full.spdx:
        return False
    if not full.spdx.lower().startswith(name_spdx.lower()):
        return False
    if distinguishing_share(text, full.spdx, name_spdx) >= LOOKALIKE_APART:
        return False
    return _template_decides(name_spdx, full.spdx, text) or not explains_deviation(text, full.spdx, name_spdx)


def _template_decides(name_spdx: str, lookalike: str, text: str) -> bool:
    """Whether the named license's matching template holds the text whole and the look-alike's does not:
    bmt's "License: BSD-4-clause" with "Neither the name of the University" and "THE REGENTS" (UC's words,
    which BSD-4-Clause's template leaves variable) but its own credit, not UC's fixed "University of
    California, Berkeley": a look-alike missing most of what sets it apart gives way to the name whose
    template holds, even where it explains the text's departure from the name's reference."""
    return template(name_spdx) is not None and template(lookalike) is not None \
        and held_templates((name_spdx, lookalike), text) == {name_spdx}


def _base_over_lookalike(base: str, text: str, full: Finding) -> bool:
    """A paragraph under a name of the packager's own ("X11~univga") or a versionless one ("BSD") whose
    text is nearest a variant (X11-distribute-modifications-variant) yet lacks what sets the variant apart
    ("distribute with modifications"), and which the base license explains as well
    (``BASE_EXPLAINS_AS_WELL``), is the base: the variant's edge was a wording of the holder's name.
    HPND-sell-variant's texts, which the HPND explains clearly less of, stay as matched."""
    return _named_over_lookalike(base, text, full) \
        and shared_shares(text, base)[1] >= shared_shares(text, full.spdx)[1] - BASE_EXPLAINS_AS_WELL


def _named_of_a_tie(name: str, text: str, full: Finding) -> Finding:
    """A text two references explain as fully, under a packager's name that spells one of them as a word:
    "BSD-Tcl" over the Tcl license without its preamble, which SWL (Tcl's text plus a "BY INSTALLING"
    paragraph) explains as wholly and, lacking nothing but that paragraph, holds a little more of, is
    TCL. The name breaks only a tie (``TIE_EXPLAINED``): a text it does not describe keeps its match."""
    if " " in full.spdx:
        return full
    ids = _reference_ids_by_lower_case()
    words = [ids[w.lower()] for w in _NAME_WORDS.split(name) if w.lower() in ids and ids[w.lower()] != full.spdx]
    if len(words) != 1:
        return full
    present, explained = shared_shares(text, words[0])
    if present < TEXT_EXPLAINED or explained < shared_shares(text, full.spdx)[1] - TIE_EXPLAINED:
        return full
    return dataclasses.replace(full, spdx=words[0], snippet=f"{words[0]}, as its name says, explains it as well")


@cache
def _reference_ids_by_lower_case() -> dict[str, str]:
    """The reference texts' ids by their lower-case spelling, as a packager's name may write them ("Tcl")."""
    return {spdx.lower(): spdx for spdx in reference_index().ids}


@cache
def _base_license(spdx: str) -> str | None:
    """The SPDX license a variant's id extends: X11 for X11-distribute-modifications-variant."""
    if " " in spdx:
        return None
    bases = [ref for ref in reference_index().ids if spdx.startswith(ref + "-")]
    return max(bases, key=len) if bases else None


def _text_over_name(name_spdx: str | None, text: str, full: Finding | None) -> bool:
    """The text decides against the short name when it clearly is another SPDX license: "License:
    FSFULLR" over "This Makefile.in is free software; ... unlimited permission ... This program is
    distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY" is FSFULLRWD, whose
    warranty paragraph FSFULLR's text lacks, though "This Makefile.in" keeps the match under
    ``BODY_TRUSTED``; "License: MIT" over the X11 text (its advertising sentence) is X11. Only single
    ids; the name's text must explain clearly less of the paragraph, and either the match is nearly
    whole in it or the named license is (a text of another wording that only resembles the match,
    "the author(s) gives unlimited permission" under "License: FSFAP", keeps its name)."""
    if full is None or not name_spdx or " " in name_spdx or " " in full.spdx or name_spdx == full.spdx:
        return False
    # another version of the named license whose template holds the text, the name's not: "License:
    # Apache-1.0" over the Apache 1.1 text with Horde's names in it (php-horde-turba)
    if without_version(name_spdx.lower()) == without_version(full.spdx.lower()) \
            and _template_decides(full.spdx, name_spdx, text):
        return True
    present, explained = shared_shares(text, full.spdx)
    name_present, name_explains = shared_shares(text, name_spdx)
    # the text holds the match nearly whole, or holds the named license whole and more that the match has
    return explained >= TEXT_EXPLAINED and name_explains <= explained - NAME_EXPLAINS_LESS \
        and max(present, name_present) >= TEXT_EXPLAINED


def _with_comment_exceptions(spdx: str, comment: str) -> str:
    """A field's license with the known exception its paragraph's ``Comment:`` grants: pyconfigure's
    python.m4, "License: GPL-3.0+" with "Under Section 7 of GPL version 3, you are granted additional
    permissions described in the Autoconf Configure Script Exception, version 3.0" and its text in the
    Comment. Only a known exception counts: a comment's own "special exception" may be history."""
    if not comment or not find_exceptions(comment) or " WITH " in spdx:
        return spdx
    return _with_paragraph_exceptions(spdx, comment, generic=False)


def _with_paragraph_exceptions(spdx: str, text: str, generic: bool = True) -> str:
    """An exception stated in a license paragraph ("As a special exception ... generated by Autoconf")
    modifies that paragraph's license, not the first license of the file; it replaces the exception the
    short name gave, since the text says which one it is ("GPL-3+ with autoconf exception" over the
    Autoconf Archive's macro exception is Autoconf-exception-macro). In a choice ("LGPL-2.1-only OR
    LGPL-3.0-only" with Qt's LGPL exception) each license the exception can modify takes it. A GNU
    license whose paragraph grants "as a special exception" a permission no known exception matches
    (doomsday's FMOD linking exception) takes ScanCode's generic exception: the reader learns there is
    one to read, where the base license alone would hide it."""
    if " OR " in spdx and "(" not in spdx and " AND " not in spdx:
        return " OR ".join(_with_paragraph_exceptions(term, text, generic) for term in spdx.split(" OR "))
    base, _, named = spdx.partition(" WITH ")
    if " " in base or " " in named:
        return spdx
    for exc in find_exceptions(text):
        if base.startswith(exc.applies_to):
            return f"{base} WITH {exc.spdx}"
    if generic and not named and base.startswith(_GNU_BASES) and states_own_exception(text):
        return f"{base} WITH {GENERIC_EXCEPTION}"
    return spdx


def _later_by_name(text_spdx: str, name_spdx: str | None, text: str, where: str) -> str:
    """A GNU license text under a short name with "+" ("License: AGPL-3+" over the AGPL's full text) is
    that version or later: the text of a GNU license never says which versions its licensee may
    choose, the grant does, and here the short name is the grant. A notice in the paragraph that
    grants the version alone still wins."""
    if not name_spdx or not text_spdx.endswith("-only") or name_spdx != text_spdx[:-5] + "-or-later":
        return text_spdx
    said = {t.lower() for m in find_mentions(text, where) for t in spdx_terms(m.spdx)}
    return text_spdx if text_spdx.lower() in said and name_spdx.lower() not in said else name_spdx


def _same_text_variant(text_spdx: str, name_spdx: str | None) -> str:
    """The short name where it names a variant SPDX lists with the matched license's very text:
    "License: OFL-1.1-RFN" over the OFL-1.1 text is OFL-1.1-RFN (reserved font names declared), a
    difference no text comparison can see."""
    if name_spdx and name_spdx.startswith(text_spdx + "-") and name_spdx[len(text_spdx):] in SAME_TEXT_SUFFIXES:
        return name_spdx
    return text_spdx


def _variant_holding_text(name_spdx: str, text: str) -> str:
    """The one SPDX variant of the short name's license whose matching template holds the paragraph's
    text where the name's own does not: "License: HPND" over "use, copy, modify, distribute and sell ...
    without fee" (no "and distribute ... without fee" as HPND has it) is HPND-sell-variant. Texts too
    short or too unlike a reference for the reference match to trust reach this; the templates decide."""
    if " " in name_spdx or len(text) < VARIANT_TEXT_CHARS or not _templated_variants(name_spdx) \
            or (named := template(name_spdx)) is None:
        return name_spdx
    held = held_templates((name_spdx, *_templated_variants(name_spdx)), text)
    # where the name's template holds too, only a variant asking for more words (BSD-2-Clause-Views' "The
    # views and conclusions ..." paragraph under "License: BSD-2-Clause", libvinnie-java) is more precise
    variants = [variant for variant in _templated_variants(name_spdx) if variant in held
                and (name_spdx not in held or template(variant).literal_words > named.literal_words)]
    return variants[0] if len(variants) == 1 else name_spdx


@cache
def _templated_variants(spdx: str) -> tuple[str, ...]:
    """SPDX ids named after ``spdx`` with a suffix (HPND-sell-variant, MIT-CMU) that have a template."""
    return tuple(i for i in reference_index().ids if i.startswith(spdx + "-") and template(i) is not None)


def _names_one_of_its_texts(name_spdx: str | None, full: Finding) -> bool:
    """A paragraph holding several license texts, the short name naming one of them (xlrd's
    "License: BSD-3-clause" over the BSD-3-Clause text and David Giffin's BSD-Advertising-Acknowledgement
    text): the paragraph grants them all, however much of it no reference explains."""
    terms = full.spdx.split(" AND ")
    return bool(name_spdx) and len(terms) > 1 and name_spdx in terms and full.confidence >= BUNDLE_TRUSTED


def _paragraph_license(lic: DebianLicense, where: str) -> tuple[str, str, float] | None:
    """What one ``License:`` field with a text grants: (expression, snippet, confidence)."""
    full = identify_license_text(lic.text, where)
    vague_name = lic.spdx is None or bool(_UNVERSIONED.match(lic.spdx.lower()))  # "License: BSD" names no variant
    base = _base_license(full.spdx) if full is not None and vague_name else None
    if base and _base_over_lookalike(base, lic.text, full):
        full = dataclasses.replace(full, spdx=base, snippet=f"{base}, not its look-alike {full.spdx}")
    elif full is not None and lic.spdx is None:
        full = _named_of_a_tie(lic.name, lic.text, full)
    trusted = full is not None and (full.confidence >= BODY_TRUSTED or _names_one_of_its_texts(lic.spdx, full))
    if full is not None and (trusted or _text_over_name(lic.spdx, lic.text, full)) \
            and not _named_over_lookalike(lic.spdx, lic.text, full):
        spdx = _same_text_variant(_later_by_name(full.spdx, lic.spdx, lic.text, where), lic.spdx)
        return (_with_paragraph_exceptions(spdx, lic.text), f"License: {lic.name}; {full.snippet}",
                round(full.confidence * 0.95, 3))
    if lic.spdx == PUBLIC_DOMAIN_ID and lic.text and not states_public_domain(lic.text) \
            and not _DISCLAIMS_COPYRIGHT.search(lic.text):
        # "License: public-domain" over "They may be distributed freely and/or modified as long as the original
        # Author is mentioned!": no dedication, a grant with the author's conditions; the text decides
        notice = custom_notice(lic.text, where)
        if notice is not None:
            return notice.spdx, f"License: {lic.name}; {notice.snippet}", notice.confidence
    if lic.spdx:
        named = _variant_holding_text(lic.spdx, lic.text)
        spdx = _with_paragraph_exceptions(_refined_by_text(named, lic.text, where), lic.text)
        return spdx, f"License: {lic.name}" + (f" (its text: {spdx})" if spdx != lic.spdx else ""), 0.95
    spoken_of = names_spoken_of(lic.text)
    quoted = set().union(*(exc.names for exc in find_exceptions(lic.text)), spoken_of)
    # a weak match beside a dedication is the license whose disclaimer the dedication borrowed ("NO COPYRIGHT
    # - THIS IS 100% IN THE PUBLIC DOMAIN" over a BSD warranty disclaimer): the dedication is the grant
    if full is not None and not trusted and states_public_domain(lic.text) and not _speaks_of_public_domain(full.spdx):
        full = None
    # the text's own statement, else what the packager's name says in words ("APACHE-2-LLVM-EXCEPTIONS"),
    # else a grant of a license its exception names too, read outside the exception (Classpath's GPL)
    # ("All rights reserved" above a grant is no license of its own: the grant below it is read)
    found = full or next((m for m in find_mentions(lic.text, where) + find_mentions(f"License: {lic.name}", where)
                          if not license_keys(m.spdx) <= quoted and m.spdx != ALL_RIGHTS_RESERVED), None) \
        or next((m for m in find_mentions(without_exceptions(lic.text), where)
                 if not license_keys(m.spdx) <= spoken_of and m.spdx != ALL_RIGHTS_RESERVED), None)
    if found:
        spdx = found.spdx
        if spdx == PUBLIC_DOMAIN_ID and grants_beside_public_domain(lic.text):
            spdx = f"{PUBLIC_DOMAIN_ID} AND {CUSTOM_PERMISSIVE}"
        elif found is full and _grants_beside_text(spdx, lic.text):
            spdx = f"{spdx} AND {CUSTOM_PERMISSIVE}"
        return (_with_paragraph_exceptions(spdx, lic.text), f"License: {lic.name}; {found.snippet}",
                round(found.confidence * 0.95, 3))
    # an exception whose own words are the grant: Qwt's "provided under the terms of the GNU LESSER GENERAL
    # PUBLIC LICENSE (LGPL) with the following exceptions", under "License: Qwt-1.0"
    governing = {exc.governs: exc.spdx for exc in find_exceptions(lic.text) if exc.governs}
    if len(governing) == 1:
        (base, exception), = governing.items()
        return f"{base} WITH {exception}", f"License: {lic.name}; {base} WITH {exception}", 0.85
    custom = custom_notice(lic.text, where)  # a notice of the packager's own: Ooura's, "permissive2" ...
    if custom:
        return custom.spdx, f"License: {lic.name}; {custom.snippet}", custom.confidence
    return None


def _speaks_of_public_domain(spdx: str) -> bool:
    """Whether a reference text of ``spdx`` says "public domain" itself (Ruby's "place your modifications in
    the Public Domain", bcrypt's and NCBI's dedications), or has no text shipped to tell."""
    texts = [reference_text(term) for term in spdx_terms(spdx)]
    return any(text is None or states_public_domain(text) for text in texts)


def _grants_beside_text(spdx: str, text: str) -> bool:
    """Whether the lines of ``text`` after the reference text of ``spdx`` are a custom permissive grant of
    their own: Powell's snprintf notice, then its maintainer's "My changes to the code may freely be used,
    modified and/or redistributed for any purpose" (libcext's snprintf.c). Only a plain grant counts, not
    any sentence with "permission" in it ("may NOT be used in advertising ... without ... permission")."""
    span = reference_span(text, spdx) if " " not in spdx else None
    if span is None:
        return False
    rest = "\n".join(text.split("\n")[span[1]:])
    return len(license_words(rest)) >= GRANT_BESIDE_WORDS and bool(_PLAIN_GRANT.search(rest)) \
        and is_custom_permissive(rest)


def _further_statements(spdx: str, text: str, where: str) -> list[Finding]:
    """Statements in a license paragraph's text of licenses other than the one it was read as: a
    "License: LGPL-2.1+" paragraph whose notice grants GPL-3+, "FSF changes to this file are in the
    public domain" under an X11 text. Licenses the paragraph's reference texts or exceptions quote, other
    versions of the paragraph's own license (a pointer to the text of GPL-3 under GPL-3+), and statements
    lying inside the paragraph's license text (CC0 in Creative Commons' closing notice) are not, nor
    is "dedicated to the public domain" under a public-domain dedication's own name (CC0's deed), nor
    the licenses a project's own special exception speaks of."""
    ids = license_keys(spdx)
    families = {_family(k) for k in ids}
    quoted = set().union(*(exc.names for exc in find_exceptions(text)), names_spoken_of(text))
    if ids & DEDICATIONS:  # CC0's deed says the work is "dedicated to the public domain": that is CC0
        quoted.add(PUBLIC_DOMAIN)
    holds: dict[str, bool] = {}

    def quoted_by_its_text(keys: frozenset[str]) -> bool:
        """What a license's text quotes (the LGPL-3.0 names the GPL-3.0), where the paragraph holds that
        text: under a notice alone ("License: LGPL-3" over a GPL-3+ notice) the GPL-3+ is granted too."""
        for term in spdx_terms(spdx):
            if keys <= quoted_by(term):
                if term not in holds:
                    holds[term] = shared_shares(text, term)[0] >= HOLDS_TEXT
                if holds[term]:
                    return True
        return False

    def further(body: str) -> list[Finding]:
        return [dataclasses.replace(m, kind="license-file", confidence=round(m.confidence * 0.9, 3))
                for m in find_mentions(body, where) if not (keys := license_keys(m.spdx)) <= ids | quoted
                and not {_family(k) for k in keys} <= families and not quoted_by_its_text(keys)]

    text = without_notes_outside_licenses(text)
    if GENERIC_EXCEPTION in spdx:
        text = without_exceptions(text)
    found = further(text)
    span = reference_span(text, spdx) if found and " " not in spdx else None
    if span is None:
        return found
    # a statement inside the paragraph's license text, as quoted there, belongs to that text
    lines = text.split("\n")
    return further("\n".join("" if span[0] <= n <= span[1] else line for n, line in enumerate(lines, 1)))


def _only_a_remark(lic: DebianLicense, where: str) -> bool:
    """A field under a name of the packager's own whose text states no license ("License: FreeBSD-like"
    over "see below for the text of this license."): the stand-alone paragraph of that name says what it
    grants, as for a field with no text; the name's own words ("FreeBSD") say less than that text."""
    return lic.spdx is None and len(lic.text.split()) <= REMARK_WORDS and identify_license_text(lic.text, where) is None \
        and not find_mentions(lic.text, where) and custom_notice(lic.text, where) is None


def _names_used(licenses: list[DebianLicense]) -> set[str]:
    """The short names (and each term of a short expression) the ``Files:`` paragraphs' fields use, in
    lower case: "MPL-1.1 or GPL-2+ or LGPL-2.1+" uses all three."""
    used: set[str] = set()
    for lic in licenses:
        if not lic.standalone and lic.name:
            used.add(lic.name.strip().lower())
            used.update(term.strip().lower() for term in _DEP5_OPERATOR.split(lic.name)[0::2])
    return used


def _unused_pointer(lic: DebianLicense, used: set[str], where: str) -> bool:
    """A stand-alone paragraph no ``Files:`` paragraph names whose text only says where Debian keeps the
    license ("License: LGPL-2.1+" over "/usr/share/common-licenses/LGPL-2.1" in altos; libchardet's "GPL-2"
    and "LGPL-2.1" beside fields that use "GPL-2+" and "LGPL-2.1+"): it grants nothing. One that holds a
    license's text is still read: the packager quoted it for a reason."""
    return lic.standalone and lic.name.strip().lower() not in used and bool(_COMMON_LICENSES.search(lic.text)) \
        and len(lic.text.split()) <= POINTER_WORDS and identify_license_text(lic.text, where) is None


def _texts_behind_later_grants(licenses: list[DebianLicense], granted: dict[int, tuple[str, str, float] | None]
                               ) -> set[int]:
    """Lines of stand-alone paragraphs holding a GNU license's text (read as "-only": a text grants no
    version choice) under a name whose every ``Files:`` field grants that version "or later" in a notice
    or ``License-Grant`` of its own (r-cran-tm: "License: AGPL-3" with a grant of "version 3 ..., or (at
    your option) any later version", and the AGPL's text under "License: AGPL-3"). The paragraph is the
    text of those grants and grants nothing beyond them."""
    behind: set[int] = set()
    for lic in licenses:
        grant = granted.get(lic.line) if lic.standalone else None
        if grant is None or not grant[0].endswith("-only") or " " in grant[0]:
            continue
        later = grant[0].removesuffix("-only") + "-or-later"
        fields = [f for f in licenses if not f.standalone and f.name.lower() == lic.name.lower()]
        if fields and all(f.text and granted.get(f.line) and granted[f.line][0] == later for f in fields):
            behind.add(lic.line)
    return behind


def _by_definitions(name: str, defined: dict[str, str]) -> str | None:
    """A ``License:`` field without a text names licenses that stand-alone paragraphs of the file
    define (copyright-format 1.0): "Apache" is whatever the "License: Apache" paragraph grants, and
    in "GPL-2+ or Artistic" each term is looked up the same way."""
    if name.lower() in defined:
        return defined[name.lower()]
    parts = _DEP5_OPERATOR.split(name)
    terms, operators = parts[0::2], parts[1::2]
    if len(terms) < 2 or not any(t.strip().lower() in defined for t in terms):
        return None
    resolved = [defined.get(t.strip().lower()) or short_name(t.strip()) for t in terms]
    if any(r is None for r in resolved):
        return None
    ops = [" OR " if "or" in o.lower() else " AND " for o in operators]
    expression = f"({resolved[0]})" if " " in resolved[0] else resolved[0]
    for op, term in zip(ops, resolved[1:]):
        expression += op + (f"({term})" if " " in term else term)
    return expression


def _comment_texts(path: str, text: str) -> list[Finding]:
    """License texts quoted whole in ``Comment:`` fields: packagers put the notice of third-party
    material there ("this file contains third-party material with the following copyright/license
    notice:" over WordNet's license; Amazon's ADSL under Net::Amazon::S3's history). Only a long text
    that a reference explains well counts; statements in comments are read by ``find_mentions``."""
    findings = []
    for line, comment in debian_comments(text):
        if len(comment.split()) < COMMENT_TEXT_WORDS:
            continue
        full = identify_license_text(comment, f"{path} line {line}")
        if full is not None and full.confidence >= COMMENT_TEXT_TRUSTED:
            findings.append(Finding(full.spdx, "license-file", f"{path} line {line}",
                                    clip(f"Comment: {full.snippet}"), round(full.confidence * 0.9, 3)))
    return findings


def _without_vague_statements(findings: list[Finding], further: list[Finding]) -> list[Finding]:
    """Findings less a statement inside a paragraph's text that names a license without its version (the
    old Ruby license's "under either the terms of the GPL") where a field of the file names a version of
    that license ("License: Ruby or GPL-2+"): the name meant that one."""
    vague = [f for f in further if is_vague(f)]
    if not vague:
        return findings
    named = {k for f in findings if f not in vague for k in license_keys(f.spdx)}
    return without_vague(findings, vague, named)


def debian_findings(path: str, text: str) -> list[Finding]:
    """One finding per ``License:`` field of a Debian copyright file (and per further statement in a
    field's text), in file order, then one per ``Copyright:`` field that states public domain."""
    findings: list[Finding] = []
    further: list[Finding] = []
    licenses = debian_licenses(text)
    used = _names_used(licenses)
    licenses = [lic for lic in licenses if not (used and _unused_pointer(lic, used, f"{path} line {lic.line}"))]
    granted: dict[int, tuple[str, str, float] | None] = {
        lic.line: _paragraph_license(lic, f"{path} line {lic.line}") for lic in licenses if lic.text}
    remarks = {lic.line for lic in licenses if lic.text and _only_a_remark(lic, f"{path} line {lic.line}")}
    defined = {lic.name.lower(): granted[lic.line][0] for lic in licenses
               if lic.text and granted[lic.line] and lic.line not in remarks}
    behind = _texts_behind_later_grants(licenses, granted)
    licenses = [lic for lic in licenses if lic.line not in behind]
    for lic in licenses:
        where = f"{path} line {lic.line}"
        if lic.text and not (lic.line in remarks and lic.name.lower() in defined):
            if granted[lic.line]:
                spdx, snippet, confidence = granted[lic.line]
                spdx = _with_comment_exceptions(spdx, lic.comment)
                findings.append(Finding(spdx, "license-file", where, clip(snippet), confidence))
                statements = _further_statements(spdx, lic.text, where)
                further.extend(statements)
                findings.extend(statements)
                if _PUBLIC_DOMAIN_HEADING.match(lic.text) and PUBLIC_DOMAIN not in license_keys(spdx):
                    findings.append(Finding(PUBLIC_DOMAIN_ID, "license-file", where,
                                            clip(lic.text.strip().splitlines()[0]), 0.8))
            continue
        spdx = _by_definitions(lic.name, defined) or lic.spdx
        if spdx:
            spdx = _with_comment_exceptions(spdx, lic.comment)
            findings.append(Finding(spdx, "license-file", where, clip(f"License: {lic.name}"), 0.95))
    findings = _without_vague_statements(findings, further)
    findings.extend(_comment_texts(path, text))
    for line in public_domain_copyrights(text):
        findings.append(Finding(PUBLIC_DOMAIN_ID, "license-file", f"{path} line {line}",
                                clip(text.splitlines()[line - 1]), 0.8))
    return findings
