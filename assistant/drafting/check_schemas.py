"""The public shape of a draft check: ``POST /v1/checks``, ``planassist check --format json``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.drafting import checklist
from assistant.drafting.check import CheckReport, ItemResult
from assistant.schemas import CitationOut


class FindingOut(BaseModel):
    section: str | None = Field(description="The heading of the draft's part, if it has one.")
    page: int | None
    text: str = Field(description="The draft's sentence that addresses the item.")


class SourceQuoteOut(BaseModel):
    label: str = Field(examples=["pbl § 4-1"])
    n: int | None = Field(description="The citation number; None when not indexed.")
    quote: str | None = Field(description="Verbatim sentences of the cited passage.")


class CheckItemOut(BaseModel):
    key: str
    level: Literal["lov", "veiledning"] = Field(
        description="lov: the law requires it; veiledning: the guidance recommends it."
    )
    status: Literal["covered", "weak", "missing"]
    status_label: str = Field(description="The status in the report's language.")
    requirement: str
    advice: str | None = Field(description="For a weak item: what is missing.")
    law: list[str] = Field(examples=[["pbl § 4-1"]])
    sources: list[SourceQuoteOut]
    found: list[FindingOut]

    @classmethod
    def of(cls, item: ItemResult, language: str) -> CheckItemOut:
        return cls(
            key=item.key,
            level=item.level,  # type: ignore[arg-type]
            status=item.status,
            status_label=checklist.text(item.status, language),
            requirement=item.requirement,
            advice=item.advice,
            law=item.law,
            sources=[SourceQuoteOut(**vars(s)) for s in item.sources],
            found=[FindingOut(**vars(f)) for f in item.found],
        )


class CheckSectionOut(BaseModel):
    key: str
    title: str
    items: list[CheckItemOut]


class CheckReportOut(BaseModel):
    filename: str
    doc_type: Literal["planprogram", "planstrategi"]
    type_detected: bool = Field(description="True: guessed from the text, not chosen.")
    language: Literal["nb", "nn", "en"]
    summary: str
    counts: dict[str, int] = Field(examples=[{"covered": 9, "weak": 2, "missing": 1}])
    sections: list[CheckSectionOut]
    citations: list[CitationOut]

    @classmethod
    def of(cls, report: CheckReport) -> CheckReportOut:
        language = report.language
        counts = report.counts()
        return cls(
            filename=report.filename,
            doc_type=report.doc_type,  # type: ignore[arg-type]
            type_detected=report.type_detected,
            language=language,  # type: ignore[arg-type]
            summary=checklist.text("summary", language, total=sum(counts.values()), **counts),
            counts=counts,
            sections=[
                CheckSectionOut(
                    key=s.key, title=s.title, items=[CheckItemOut.of(i, language) for i in s.items]
                )
                for s in report.sections
            ],
            citations=[CitationOut.of(c, language) for c in report.citations],
        )
