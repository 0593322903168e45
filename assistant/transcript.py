"""A conversation as a document: each question, its answer, the answer's sources.

Markdown (what ``planassist export`` and ``GET /v1/chat/{id}/export?format=md`` give)
lists each answer's sources under it; Word (``format=docx``) is written by the drafts'
exporter, each [n] a footnote naming document, § or section, page and version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from assistant.answer.verify import renumber
from assistant.conversations import Turn
from assistant.domain import Citation
from assistant.drafting.export import to_docx
from assistant.drafting.models import Draft, DraftSection
from assistant.prompts import message
from assistant.source_list import sources_block

DEFAULT_LANGUAGE = "nb"


def conversation_language(turns: Sequence[Turn]) -> str:
    """The language the assistant answered in first (headings follow it)."""
    return next((t.language for t in turns if t.language), DEFAULT_LANGUAGE)


def _title(conversation_id: str, language: str, title: str | None) -> str:
    return title or message("conversation_title", language, id=conversation_id)


def conversation_markdown(
    conversation_id: str, turns: Sequence[Turn], title: str | None = None
) -> str:
    """``# Samtale …`` (or its title), then per question a heading, the answer and its
    source list."""
    language = conversation_language(turns)
    parts = [f"# {_title(conversation_id, language, title)}"]
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


def conversation_docx(
    conversation_id: str, turns: Sequence[Turn], title: str | None = None
) -> bytes:
    """The conversation as Word: a heading per question, the answer under it, and one
    numbering of the sources over the whole conversation (footnotes and a source list)."""
    language = conversation_language(turns)
    sections: list[DraftSection] = []
    citations: list[Citation] = []
    question = ""
    for turn in turns:
        if turn.role == "user":
            question = turn.text
            continue
        offset = len(citations)
        citations += [replace(c, n=c.n + offset) for c in turn.citations]
        n = str(len(sections) + 1)
        heading = message("conversation_question", language, n=n, question=question)
        text = renumber(turn.text.strip(), lambda cited, shift=offset: cited + shift)
        sections.append(DraftSection(key=f"q{n}", title=heading, markdown=text))
    document = Draft(
        id=conversation_id,
        kind="conversation",
        title=_title(conversation_id, language, title),
        language=language,
        inputs={},
        sections=sections,
        citations=citations,
    )
    return to_docx(document, banner=False)
