"""A conversation as a Markdown document: each question, its answer, the answer's sources.

What ``planassist export`` writes, so a conversation can be filed or shared with the
sources (and the version of each law § quoted) next to every answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.conversations import Turn
from assistant.prompts import message
from assistant.source_list import sources_block

DEFAULT_LANGUAGE = "nb"


def conversation_language(turns: Sequence[Turn]) -> str:
    """The language the assistant answered in first (headings follow it)."""
    return next((t.language for t in turns if t.language), DEFAULT_LANGUAGE)


def conversation_markdown(conversation_id: str, turns: Sequence[Turn]) -> str:
    """``# Samtale …``, then per question a heading, the answer and its source list."""
    language = conversation_language(turns)
    parts = [f"# {message('conversation_title', language, id=conversation_id)}"]
    asked = 0
    for turn in turns:
        if turn.role == "user":
            asked += 1
            heading = message("conversation_question", language, n=str(asked), question=turn.text)
            parts.append(f"## {heading}")
            continue
        parts.append(turn.text.strip())
        sources = sources_block(turn.citations, turn.language or language)
        if sources:
            parts.append(sources)
    return "\n\n".join(parts) + "\n"
