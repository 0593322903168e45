"""How a passage's lines read: a list item, a complete sentence. One home for the patterns
that chunking, context selection and quoting all rely on, so they agree on structure."""

from __future__ import annotations

import re

LIST_ITEM = re.compile(r"^\s*(?:[-•–*▪►»·]|\d{1,2}[.)]|[a-zæøå]\))\s+")
"""A line that opens with a bullet, "1." / "1)" or "a)", and the space after it."""
COMPLETE = re.compile(r"[.!?»”\"')\]]\s*$")
"""Text that ends a sentence (or a closing quote or bracket)."""


def word_key(text: str) -> str:
    """``text``'s words in lower case, one space apart: two texts that differ only in
    punctuation, quotation marks or spacing say the same thing."""
    return " ".join(re.findall(r"\w+", text.lower()))
