"""Which retrieved passage a draft may quote: clean statements, not debris or fragments.

Shared by the workshop talks and the check of a user's draft. Every sentence of the
quoted window must be a statement and quotable (``assistant.answer.lead`` through
``quality.unquotable``: no slide debris, heading or half sentence), and the window
must end a sentence or be a list item and close its brackets, so a run of slide lines
or a cut-off reference is never a "point".
"""

from __future__ import annotations

from assistant.answer.extractive import split_sentences
from assistant.answer.lead import is_statement
from assistant.domain import Hit
from assistant.drafting.quality import readable, unquotable
from assistant.drafting.sources import SourceFinder
from assistant.text import COMPLETE, LIST_ITEM


def is_clean(text: str) -> bool:
    """Prose a reader can take as it stands: statements throughout, ending a sentence."""
    sentences = split_sentences(text)
    if not sentences or not readable(text) or text.count("(") != text.count(")"):
        return False  # a bracket left open: cut inside a reference ("(s.")
    if any(unquotable(s) or not is_statement(s) for s in sentences):
        return False
    return bool(COMPLETE.search(sentences[-1]) or LIST_ITEM.match(sentences[-1]))


def clean_window(finder: SourceFinder, hit: Hit, query: str) -> str | None:
    """The hit's best verbatim window for ``query``, or None when it is not clean."""
    text = finder.window(hit, query)
    return text if text and is_clean(text) else None
