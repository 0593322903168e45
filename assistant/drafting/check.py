"""Check my draft: a planner's own planprogram or planstrategi against the checklist.

The file goes through the upload checks (``ingest.screening``: name, type, content) and
is read with the ingest loaders (same errors for a broken, empty or encrypted file).
Each checklist item is looked for part by part (a heading or a page of the draft); the
report says, section by section, what is covered (and where), weak (what is missing)
or missing, each item with the § or guidance passage that backs it. No LLM: the same
file always gives the same report.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from assistant.domain import Citation, DocumentMeta, Section
from assistant.drafting import checklist
from assistant.drafting.check_sources import Backing, SourceQuote
from assistant.drafting.checklist import Item, Status
from assistant.drafting.sources import CitationBook
from assistant.errors import DocumentError, InvalidRequest, PayloadTooLarge
from assistant.language import detect_language
from assistant.service import Assistant
from ingest.loaders import load_document
from ingest.screening import check_content_type, safe_name

MAX_FINDINGS = 2
SNIPPET_CHARS = 240
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")


@dataclass(frozen=True)
class Finding:
    """Where the draft addresses an item: its part (heading, page) and the sentence."""

    section: str | None
    page: int | None
    text: str


@dataclass(frozen=True)
class ItemResult:
    key: str
    level: str
    status: Status
    requirement: str
    advice: str | None
    """For a weak item: what is missing."""
    law: list[str]
    sources: list[SourceQuote]
    found: list[Finding]


@dataclass(frozen=True)
class SectionResult:
    key: str
    title: str
    items: list[ItemResult]


@dataclass(frozen=True)
class CheckReport:
    filename: str
    doc_type: str
    type_detected: bool
    """True when the type was guessed from the text, not chosen."""
    language: str
    sections: list[SectionResult]
    citations: list[Citation]

    def counts(self) -> dict[str, int]:
        statuses = [item.status for section in self.sections for item in section.items]
        return {s: statuses.count(s) for s in ("covered", "weak", "missing")}


def read_draft(name: str, data: bytes, limit: int) -> list[Section]:
    """The draft's parts, after the upload checks (a plain name of a type the loaders read,
    within ``limit``, content that is what the name says); a ``DocumentError`` otherwise."""
    name = safe_name(name)
    if len(data) > limit:
        raise PayloadTooLarge(f"{name} is larger than the upload limit of {limit // 1024:,} KB")
    if not data:
        raise DocumentError(f"{name} is empty")
    with tempfile.TemporaryDirectory(prefix="planassist-check-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        check_content_type(path)
        return load_document(path, DocumentMeta(id="draft", file=name, title=name)).sections


def detect_type(text: str) -> str:
    """The document type whose name the draft uses most (the first one on a tie)."""
    types = checklist.document_types()
    return max(types, key=lambda key: len(types[key].detect.findall(text)))


def _snippet(text: str, match: re.Match[str]) -> str:
    """The sentence around ``match``, at most ``SNIPPET_CHARS`` long."""
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, match.start())]
    start = starts[-1] if starts else 0
    end_match = _SENTENCE_END.search(text, match.end())
    end = end_match.start() if end_match else len(text)
    sentence = " ".join(text[start:end].split())
    return sentence if len(sentence) <= SNIPPET_CHARS else sentence[:SNIPPET_CHARS] + " […]"


def _addressing(item: Item, part: Section) -> re.Match[str] | None:
    """Where ``part`` addresses ``item``: in its body if it does there, else in its heading."""
    heading = part.section or ""
    body = len(heading) if heading and part.text.startswith(heading) else 0
    return item.addressed(part.text, body) or item.addressed(part.text)


class DraftChecker:
    """Checks one draft against the checklist of its type.

    >>> report = DraftChecker(assistant).check("plan.docx", data, "planprogram", "nb")
    >>> report.counts()
    {'covered': 9, 'weak': 2, 'missing': 1}
    """

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def check(
        self, name: str, data: bytes, doc_type: str | None = None, language: str | None = None
    ) -> CheckReport:
        parts = read_draft(name, data, self.assistant.settings.max_upload_bytes)
        full = "\n\n".join(part.text for part in parts)
        if language is not None and language not in checklist.REPORT_LANGUAGES:
            raise InvalidRequest(f"unknown language '{language}'; use nb, nn or en")
        language = language or detect_language(full, default="nb")
        kind = checklist.document_type(doc_type or detect_type(full))
        book = CitationBook()
        backing = Backing(self.assistant, book)
        sections = [
            SectionResult(
                section.key,
                section.titles[language],
                [self._item(item, parts, backing, language) for item in section.items],
            )
            for section in kind.sections
        ]
        return CheckReport(
            Path(name).name, kind.key, doc_type is None, language, sections, book.citations
        )

    def _item(
        self, item: Item, parts: list[Section], backing: Backing, language: str
    ) -> ItemResult:
        addressing = [(part, match) for part in parts if (match := _addressing(item, part))]
        status = item.status([part.text for part, _ in addressing])
        found = [
            Finding(part.section, part.page, _snippet(part.text, match))
            for part, match in addressing[:MAX_FINDINGS]
        ]
        sources = [backing.law(ref, item.query) for ref in item.law]
        if item.guidance and (passage := backing.guidance(item.guidance)):
            sources.append(passage)
        advice = item.weak[language] if status == "weak" and item.weak else None
        return ItemResult(
            item.key,
            item.level,
            status,
            item.requirement[language],
            advice,
            list(item.law),
            sources,
            found,
        )
