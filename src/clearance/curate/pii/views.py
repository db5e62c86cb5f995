"""Cheap byte views of a text that let C-speed searches pick the few places worth a closer look.

The text is first turned into one byte per character (non-ASCII characters become ``?``), so an
index into any view is an index into the ``str``. Two translations then collapse character
classes, so that the triggers become literal searches, which Python's ``re`` and ``bytes.find``
run several times faster than the equivalent character-class patterns:

* the *digit view* maps every digit to ``0``, capitals to ``A``, small letters to ``a`` and keeps
  the separators of numbers (space, tab as space, ``. - / ( ) +``): runs of digits and separators
  (phones, cards, IPv4) and IBAN starts (``AA00``) stand out;
* the *token view* maps ``[A-Za-z0-9_-]`` to ``a`` and ``:`` to ``=``: 20 ``a`` in a row is a
  token long enough to be a key, and ``=`` followed by a long value is an assignment.
"""

from __future__ import annotations

import re
import string


def ascii_view(text: str) -> bytes:
    """One byte per character of ``text``; non-ASCII characters (lone surrogates too) become ``?``."""
    if text.isascii():
        return text.encode("ascii")
    return text.encode("ascii", "replace")


def _table(mapping: dict[str, str], default: str) -> bytes:
    return bytes(ord(mapping.get(chr(i), default)) for i in range(256))


_DIGIT_MAP = {c: "0" for c in string.digits}
_DIGIT_MAP.update({c: "A" for c in string.ascii_uppercase})
_DIGIT_MAP.update({c: "a" for c in string.ascii_lowercase})
_DIGIT_MAP.update({" ": " ", "\t": " ", ".": ".", "-": "-", "/": "/", "(": "(", ")": ")", "+": "+"})
DIGIT_TABLE = _table(_DIGIT_MAP, "#")

_TOKEN_MAP = {c: "a" for c in string.ascii_letters + string.digits + "_-"}
_TOKEN_MAP.update({c: c for c in "+/=.~!#$%^&*@\"'`>"})
_TOKEN_MAP[":"] = "="
TOKEN_TABLE = _table(_TOKEN_MAP, " ")

#: Runs of 7+ characters of digits and number separators, starting and ending with a digit.
NUMERIC_RUN = re.compile(rb"0[0 .\-/()]{5,}0")
#: Two capitals and two digits: where an IBAN may start.
IBAN_TRIGGER = b"AA00"
#: 20 ``[A-Za-z0-9_-]`` in a row (searched with ``bytes.find``), and the rest of such a run.
MIN_TOKEN = 20
LONG_TOKEN = b"a" * MIN_TOKEN
TOKEN_REST = re.compile(b"a*")
#: An assignment operator (``=``, ``:``, ``=>``), an optional quote, then 16+ value characters.
#: The value may not start with ``//`` (``https://``) or ``==`` (a comparison).
ASSIGNMENT = re.compile(rb"=>?[ ]*[\"'`]?(?!//|==)[a+/=~!#$%^&*@][a+/=.~!#$%^&*@]{15}")
