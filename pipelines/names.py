"""The one normalization of names that wfm-hub compares across orgs: ``name_key``.

Activity codes, queues and planning groups have org-specific ids; the same thing in two orgs is
recognised by its name. The extraction stores ``name_key(name)`` beside every such name (column
``name_key``), and the activity-code sync, the dbt models and the forecast export all compare that
key, so they always agree on which names are the same.

Rules, in order (documented in docs/metrics.md and docs/sync.md):

1. Unicode compatibility normalization (NFKC): full-width ``Ｂｒｅａｋ`` and ligatures become plain letters.
2. Invisible format characters (category Cf: zero-width space, joiners, BOM, bidi marks) are removed.
3. Accents are removed from Latin, Greek and Cyrillic letters (``Bréak`` = ``Break``); marks that
   change a letter in other scripts (Japanese dakuten: ``ガ`` is not ``カ``; Devanagari vowel signs)
   are kept.
4. Case is folded (``casefold``: ``STRASSE`` = ``straße``).
5. Every run of characters that are neither letters nor digits (spaces, ``-``, ``_``, ``/``, ``.``,
   punctuation) becomes one space; leading and trailing spaces go. ``Team-Meeting`` = ``team meeting``.

Letters and digits of every script are kept, so ``東京`` and ``大阪`` stay different keys (a name made
only of punctuation keys to ``''``). Examples: ``name_key(" Team–Meeting ")`` == ``"team meeting"``;
``name_key("Pausa Café")`` == ``"pausa cafe"``; ``name_key("休憩")`` == ``"休憩"``.
"""

from __future__ import annotations

import unicodedata

# Scripts whose accents are decoration, not a different letter: Latin, Greek and Cyrillic blocks
# (U+0000-U+052F) plus Latin Extended Additional and Greek Extended (U+1E00-U+1FFF).
_ACCENTED_SCRIPTS = ((0x0000, 0x052F), (0x1E00, 0x1FFF))


def _accent_script(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in _ACCENTED_SCRIPTS)


def name_key(name: str | None) -> str | None:
    """The comparison key of a name (rules in the module docstring); ``None`` stays ``None``."""
    if name is None:
        return None
    text = unicodedata.normalize("NFKC", name)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    kept: list[str] = []
    base = ""
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            if base and _accent_script(base):
                continue  # an accent on a Latin/Greek/Cyrillic letter
            kept.append(ch)
            continue
        base = ch
        kept.append(ch)
    text = unicodedata.normalize("NFC", "".join(kept)).casefold()
    out: list[str] = []
    gap = False
    for ch in text:
        category = unicodedata.category(ch)
        if category[0] in "LN" or category in ("Mn", "Mc"):
            if gap and out:
                out.append(" ")
            out.append(ch)
            gap = False
        else:
            gap = True
    return "".join(out)
