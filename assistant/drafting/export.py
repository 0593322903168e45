"""Drafts as Markdown or Word (DOCX): title, the draft banner, sections, open points, sources.

Markdown keeps citations inline as [n], and the "Kilder" list at the end resolves each
number to document, § or section and page, and for a law § the version quoted and a link
to the official text (``source_list.source_text``). In Word each [n] becomes a real
footnote saying the same (``docx_notes``), the footer numbers the pages, and "Kilder"
lists each source once.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import replace

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from assistant.answer.verify import CITATION, cited_numbers, renumber
from assistant.domain import Citation
from assistant.drafting import catalog
from assistant.drafting.docx_notes import Footnotes, page_numbers
from assistant.drafting.models import Draft
from assistant.source_list import source_text

HEADING = re.compile(r"\*\*[^*]+\*\*( \([^)]*\))?")
"""A line that is only bold (maybe with a note in brackets) is a sub-heading."""
DOCX_LANGUAGE = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}
Cite = Callable[[Paragraph, int], bool]
"""Put source n's footnote at the end of the paragraph; False if there is no source n."""


def renumbered(draft: Draft) -> Draft:
    """Number the citations 1, 2, … in order of first use; drop the unused ones."""
    by_old = {c.n: c for c in draft.citations}
    order: dict[int, int] = {}
    for section in draft.sections:
        for n in cited_numbers(section.markdown):
            if n in by_old and n not in order:
                order[n] = len(order) + 1
    sections = [
        replace(s, markdown=renumber(s.markdown, lambda n: order.get(n, n))) for s in draft.sections
    ]
    citations = sorted(
        (replace(by_old[old], n=new) for old, new in order.items()), key=lambda c: c.n
    )
    return replace(draft, sections=sections, citations=citations)


def to_markdown(draft: Draft) -> bytes:
    language = draft.language
    parts = [f"# {draft.title}", f"> {catalog.text('banner', language)}"]
    for section in draft.sections:
        parts.append(f"## {section.title}\n\n{section.markdown}")
        if section.notice:
            parts.append(f"_{section.notice}_")
    if draft.open_points:
        points = "\n".join(f"- [ ] {point}" for point in draft.open_points)
        parts.append(f"## {catalog.text('open_points', language)}\n\n{points}")
    if draft.citations:
        sources = "\n".join(f"[{c.n}] {source_text(c, language)}  " for c in draft.citations)
        parts.append(f"## {catalog.text('sources', language)}\n\n{sources}")
    return ("\n\n".join(parts) + "\n").encode("utf-8")


def _set_language(document: Document, tag: str) -> None:
    """Proofing language on the styles the draft uses (Word's built-in headings)."""
    for name in (
        "Normal",
        "Title",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "List Bullet",
        "List Number",
    ):
        rpr = document.styles[name].element.get_or_add_rPr()
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), tag)
        rpr.append(lang)


def _styled(paragraph: Paragraph, text: str) -> None:
    """Add text with **bold** and _italic_ runs."""
    for piece in re.split(r"(\*\*[^*]+\*\*|(?<!\w)_[^_]+_(?!\w))", text):
        if piece.startswith("**") and piece.endswith("**"):
            paragraph.add_run(piece[2:-2]).bold = True
        elif len(piece) > 2 and piece.startswith("_") and piece.endswith("_"):
            paragraph.add_run(piece[1:-1]).italic = True
        elif piece:
            paragraph.add_run(piece)


def _inline(paragraph: Paragraph, text: str, cite: Cite) -> None:
    """Styled text, each [n] a footnote mark right after the words it supports."""
    last = 0
    for match in CITATION.finditer(text):
        _styled(paragraph, text[last : match.start()].rstrip())
        unknown = [n for n in cited_numbers(match.group(0)) if not cite(paragraph, n)]
        if unknown:  # not a source of this draft: leave the planner's text as it is
            paragraph.add_run(" [" + ", ".join(map(str, unknown)) + "]")
        last = match.end()
    _styled(paragraph, text[last:])


def _add_markdown(document: Document, markdown: str, cite: Cite) -> None:
    """The small Markdown subset drafts use: bold lines, bullets, checkboxes, numbered steps."""
    for line in markdown.splitlines():
        line = line.rstrip()
        if not line:
            continue
        if HEADING.fullmatch(line):
            document.add_heading(line.replace("**", ""), level=3)
        elif line.startswith("- [ ] "):
            _inline(document.add_paragraph(style="List Bullet"), "☐ " + line[6:], cite)
        elif line.startswith("- "):
            _inline(document.add_paragraph(style="List Bullet"), line[2:], cite)
        elif re.match(r"\d+\. ", line):
            _inline(document.add_paragraph(style="List Number"), line.split(" ", 1)[1], cite)
        else:
            _inline(document.add_paragraph(), line, cite)


def _footnoter(document: Document, citations: list[Citation], language: str) -> Cite:
    notes = Footnotes(document)
    by_n = {c.n: c for c in citations}

    def cite(paragraph: Paragraph, n: int) -> bool:
        if n not in by_n:
            return False
        notes.add(paragraph, source_text(by_n[n], language))
        return True

    return cite


def to_docx(draft: Draft, banner: bool = True) -> bytes:
    """``draft`` as Word; without the "UTKAST" ``banner`` for what is not a draft (an
    exported conversation, ``assistant/transcript.py``)."""
    language = draft.language
    document = Document()
    _set_language(document, DOCX_LANGUAGE.get(language, "nb-NO"))
    document.core_properties.title = draft.title
    document.core_properties.language = DOCX_LANGUAGE.get(language, "nb-NO")
    document.add_heading(draft.title, level=1)
    if banner:
        document.add_paragraph().add_run(catalog.text("banner", language)).bold = True
    page_numbers(document)
    cite = _footnoter(document, draft.citations, language)
    for section in draft.sections:
        document.add_heading(section.title, level=2)
        _add_markdown(document, section.markdown, cite)
        if section.notice:
            document.add_paragraph().add_run(section.notice).italic = True
    if draft.open_points:
        document.add_heading(catalog.text("open_points", language), level=2)
        for point in draft.open_points:
            document.add_paragraph("☐ " + point, style="List Bullet")
    if draft.citations:
        document.add_heading(catalog.text("sources", language), level=2)
        for citation in draft.citations:
            document.add_paragraph(source_text(citation, language), style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


EXPORTERS: dict[str, Callable[[Draft], bytes]] = {"md": to_markdown, "docx": to_docx}
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
