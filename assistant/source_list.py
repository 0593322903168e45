"""An answer as plain text with its numbered sources under it.

For front doors that can show only text (a chat client through the OpenAI-compatible
API, an MCP client): the [n] in the answer must lead to a document, § and page there too.
"""

from __future__ import annotations

from assistant.domain import Answer, Citation, location
from assistant.prompts import message


def source_line(citation: Citation) -> str:
    """ "[1] Lov om planlegging … — § 10-1. Kommunal planstrategi, s. 3" """
    where = location(citation.section, citation.page)
    return f"[{citation.n}] {citation.title}" + (f" — {where}" if where else "")


def with_sources(answer: Answer) -> str:
    """The answer, its notice (if any) and a source list headed in the answer's language."""
    parts = [answer.text]
    if answer.notice:
        parts.append(answer.notice)
    if answer.citations:
        heading = message("sources_heading", answer.language)
        parts.append("\n".join([heading, *(f"- {source_line(c)}" for c in answer.citations)]))
    return "\n\n".join(parts)
