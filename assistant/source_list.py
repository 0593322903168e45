"""An answer as plain text with its numbered sources under it.

For front doors that can show only text (a chat client through the OpenAI-compatible
API, an MCP client, the CLI, exports): the [n] in the answer must lead to a document,
§ and page there too, and say which version of a law it quotes.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.domain import Answer, Citation, location
from assistant.prompts import message
from assistant.versions import official_url, version_label


def source_text(citation: Citation, language: str) -> str:
    """What a source list says about one source: document, place, version, official link.

    "Lov om planlegging … — § 11-13. Utarbeiding av planprogram · pbl § 11-13, gjeldende
    fra 1. juli 2025 (lovtekst per 1. juli 2026) · https://lovdata.no/lov/2008-06-27-71/§11-13"
    """
    where = location(citation.section, citation.page)
    parts = [citation.title + (f" — {where}" if where else "")]
    parts += [part for part in (version_label(citation, language), official_url(citation)) if part]
    return " · ".join(parts)


def source_line(citation: Citation, language: str) -> str:
    """ "[1] " and the ``source_text``: one entry of a numbered source list."""
    return f"[{citation.n}] {source_text(citation, language)}"


def sources_block(citations: Sequence[Citation], language: str) -> str:
    """ "Kilder:" (in ``language``) over one "- [n] …" line per source; empty without any."""
    if not citations:
        return ""
    lines = (f"- {source_line(c, language)}" for c in citations)
    return "\n".join([message("sources_heading", language), *lines])


def with_sources(answer: Answer) -> str:
    """The answer, its notice (if any) and a source list headed in the answer's language."""
    parts = [answer.text, answer.notice, sources_block(answer.citations, answer.language)]
    return "\n\n".join(part for part in parts if part)
