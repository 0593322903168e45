"""Which passages are fit to quote in a draft: prose, not debris, and guidance that is advice.

A draft quotes to show the planner what a source says, so a quote must read as a sentence:
slide and OCR debris and cut-off pieces are passed over with the same tests the quoted
answers use (``answer.lead``). A guidance document may reproduce one municipality's own
budget or economic plan (a webinar showing "Døme frå økonomiplanen"); that is that
municipality's plan, not advice, so it is not presented under what guidance recommends.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from assistant.answer.lead import FRAGMENT_WORDS, is_debris, is_fragment
from assistant.text import COMPLETE

PLAIN_WORD = re.compile(r"[«(]?[A-ZÆØÅa-zæøåéü][a-zæøåéü]*(?:-[a-zæøåA-ZÆØÅ]+)?[.,:;?!»)]*")
"""A word as prose has it: letters, at most a capital first, maybe quoted or punctuated."""
MIN_PLAIN_SHARE = 0.82
BUDGET = re.compile(r"\b(økonomiplan\w*|årsbudsjett\w*|budsjett\w*|handlingsprogram\w*)", re.I)
PAIRS = ("()", "«»", "[]")
NOISE = re.compile(
    r"[|=*®©¤~^_{}<>]|[a-zæøå][A-ZÆØÅ]|\b\d+[a-zæøå]{2,}\b"
    r"|(?:^|\s)[-•]\s+[A-ZÆØÅ]|(?:^|\s)[.:;,]+(?:\s|$)"
)
"""OCR and slide debris: stray symbols, glued words ("ManagingClinical"), "0og", and
slide bullets run together ("… kommunestyre - Viktig med …"), stray punctuation (": . :")."""
MAX_MID_CAPITALS = 0.12
"""Share of words capitalised mid-sentence: a few names in prose; many in reference lists,
org-chart boxes and slide lines run together ("Klar oppgavedeling Forbedringsteam …")."""
SENTENCE_BREAK = (".", "!", "?", ":", "»")
OWN_VOICE = re.compile(r"\b(vi|me|vår|vårt|våre|oss)\b", re.I)
"""A municipality writing about itself ("I økonomiplanperioden skal vi …")."""


def readable(text: str) -> bool:
    """Prose, not slide or OCR debris: most words are ordinary lower-case words."""
    words = text.split()
    plain = sum(bool(PLAIN_WORD.fullmatch(word)) for word in words)
    return bool(words) and plain / len(words) >= MIN_PLAIN_SHARE


def finished(text: str) -> bool:
    """A whole statement: enough words, ends a sentence (or at a marked cut […]), not as a
    question, and closes its brackets; not a slide line ("Utfordringar:"), a page
    reference ("undervegsnotat, s.") or a piece cut at a line end ("for helse-")."""
    stripped = text.strip()
    words = stripped.split()
    balanced = all(stripped.count(a) == stripped.count(b) for a, b in PAIRS)
    ends = bool(COMPLETE.search(stripped)) and not stripped.endswith("?")
    return len(words) >= FRAGMENT_WORDS and balanced and ends and not _noisy(stripped, words)


def _noisy(text: str, words: list[str]) -> bool:
    mid_capitals = sum(
        word.lstrip('«("')[:1].isupper() and not before.endswith(SENTENCE_BREAK)
        for before, word in pairwise(words)
    )
    return bool(NOISE.search(text)) or mid_capitals / len(words) > MAX_MID_CAPITALS


def unquotable(sentence: str) -> bool:
    """Debris (capitals, breadcrumbs) or a fragment (heading, a piece cut mid-sentence)."""
    return is_debris(sentence) or is_fragment(sentence)


def own_budget(text: str, names: Iterable[str]) -> bool:
    """A municipality's own budget or economic plan: budget words in its own voice or name."""
    if not BUDGET.search(text):
        return False
    named = any(re.search(rf"\b{re.escape(name)}\b", text) for name in names)
    return named or bool(OWN_VOICE.search(text))
