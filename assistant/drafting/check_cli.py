"""``planassist check FILE``: check your own planprogram or planstrategi draft.

Text for reading (section by section: covered and where, weak and what is missing,
missing with what the § says) or JSON, the body ``POST /v1/checks`` returns.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.console import out, reported
from assistant.drafting import checklist
from assistant.settings import get_settings

if TYPE_CHECKING:
    from assistant.drafting.check_schemas import CheckItemOut, CheckReportOut

MARKS = {"covered": "✓", "weak": "~", "missing": "✗"}


class CheckFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def _item_lines(item: CheckItemOut, language: str) -> list[str]:
    cites = " ".join(f"[{s.n}]" for s in item.sources if s.n)
    basis = ", ".join(item.law) or ", ".join(s.label for s in item.sources)
    level = checklist.text(item.level, language)
    lines = [f"  {MARKS[item.status]} {item.status_label}: {item.requirement}"]
    if basis:
        lines.append(f"      {level}: {basis} {cites}".rstrip())
    for finding in item.found:
        where = ", ".join(
            part for part in (finding.section, finding.page and f"s. {finding.page}") if part
        )
        found_in = checklist.text("found_in", language)
        lines.append(f"      {found_in} {where or '–'}: «{finding.text}»")
    if item.advice:
        lines.append(f"      {item.advice}")
    if item.status != "covered":
        lines += [f"      {s.label}: «{s.quote}» [{s.n}]" for s in item.sources if s.quote]
        missing = [s.label for s in item.sources if s.n is None]
        lines += [f"      {checklist.text('not_indexed', language, ref=ref)}" for ref in missing]
    return lines


def report_text(report: CheckReportOut) -> str:
    """The report for a person to read, its sources numbered under it."""
    language = report.language
    name = checklist.document_type(report.doc_type).names[language]
    lines = [checklist.text("report_title", language, file=report.filename, type=name)]
    lines.append(report.summary)
    if report.type_detected:
        lines.append(checklist.text("type_detected", language))
    for section in report.sections:
        lines += ["", section.title]
        for item in section.items:
            lines += _item_lines(item, language)
    return "\n".join(lines)


def check_command(
    file: Annotated[Path, typer.Argument(help="Your draft: .docx or .pdf.", exists=True)],
    doc_type: Annotated[
        str | None,
        typer.Option("--type", "-t", help="planprogram or planstrategi (default: from the text)."),
    ] = None,
    fmt: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="text (for reading) or json.")
    ] = CheckFormat.TEXT,
    language: Annotated[
        str | None,
        typer.Option("--language", "-l", help="Report in nb, nn or en (default: the draft's)."),
    ] = None,
) -> None:
    """Check a planprogram or planstrategi draft against what the law and guidance ask.

    Example: planassist check utkast-planprogram.docx --type planprogram
    """
    from assistant.drafting.check import DraftChecker
    from assistant.drafting.check_schemas import CheckReportOut
    from assistant.service import Assistant
    from assistant.source_list import sources_block

    with reported():
        checker = DraftChecker(Assistant(get_settings()))
        report = checker.check(file.name, file.read_bytes(), doc_type, language)
        body = CheckReportOut.of(report)
        if fmt is CheckFormat.JSON:
            out.print_json(body.model_dump_json())
            return
        out.print(report_text(body), markup=False, highlight=False, soft_wrap=True)
        out.print(
            "\n" + sources_block(report.citations, report.language),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
