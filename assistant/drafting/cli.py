"""``planassist draft planprogram|workshop``: a cited draft written to .docx or .md."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli_scope import CollectionOption, OrgOption, reading_as
from assistant.console import err, reported
from assistant.settings import get_settings

draft_app = typer.Typer(
    no_args_is_help=True,
    help="Drafts to edit: a cited planprogram or kommunal planstrategi, or material for a "
    "political workshop.\n\n"
    "Example: planassist draft planprogram --kommune Eksempelvik --plantype kommunedelplan "
    '--tema "helse og omsorg" --periode 2026-2036 --out plan.docx',
)
Out = Annotated[Path, typer.Option("--out", "-o", help="Write here: .docx (Word) or .md.")]
Language = Annotated[str, typer.Option("--language", "-l", help="nb (bokmål) or nn (nynorsk).")]


def _format(out: Path) -> str:
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("docx", "md"):
        raise typer.BadParameter(f"{out} must end in .docx or .md", param_hint="--out")
    return fmt


def _drafting(organisation: str | None, collections: list[str] | None):
    """Drafting over what ``--org``/``--collection`` name (neither: every collection)."""
    from assistant.drafting.service import Drafting
    from assistant.service import Assistant

    return Drafting(reading_as(Assistant(get_settings()), organisation, collections))


def _write(drafting, draft, out: Path) -> None:
    out.write_bytes(drafting.export(draft.id, _format(out)))
    err.print(
        f"{len(draft.sections)} sections, {len(draft.citations)} sources, "
        f"{len(draft.open_points)} open points (draft {draft.id}, mode {draft.mode})."
    )
    for notice in draft.notices:
        err.print(f"[yellow]{notice}[/]")
    err.print(f"Wrote {out}")


@draft_app.command("planprogram")
def planprogram(
    kommune: Annotated[str, typer.Option(help="The municipality, e.g. Eksempelvik.")],
    plantype: Annotated[
        str,
        typer.Option(
            help="planstrategi (the strategy itself), or the planprogram of a samfunnsdel, "
            "arealdel, kommunedelplan or temaplan."
        ),
    ],
    periode: Annotated[str, typer.Option(help="The plan period, e.g. 2026-2036.")],
    out: Out,
    tema: Annotated[
        str,
        typer.Option(help='The topic, e.g. "helse og omsorg" (for a kommunedelplan or temaplan).'),
    ] = "",
    sections: Annotated[
        list[str] | None, typer.Option("--sections", "-s", help="Only this section (repeatable).")
    ] = None,
    doc: Annotated[
        list[str] | None, typer.Option("--doc", "-d", help="Lean only on this document id.")
    ] = None,
    language: Language = "nb",
    mode: Annotated[
        str | None, typer.Option("--mode", "-m", help="template or llm (default: llm if set up).")
    ] = None,
    org: OrgOption = None,
    collection: CollectionOption = None,
) -> None:
    """Draft a cited planprogram, or the kommunal planstrategi, as Word or Markdown.

    Example: planassist draft planprogram --kommune Eksempelvik --plantype kommunedelplan
    --tema "helse og omsorg" --periode 2026-2036 --out plan.docx

    Example: planassist draft planprogram --kommune Eksempelvik --plantype planstrategi
    --periode 2024-2027 --language nn --out planstrategi.docx
    """
    from assistant.drafting import validation

    _format(out)
    with reported():
        inputs = validation.planprogram(
            kommune, plantype, tema, periode, language, sections or (), doc or (), mode
        )
        drafting = _drafting(org, collection)
        err.print(f"Drafting {len(inputs.sections) or 'all'} sections …")
        _write(drafting, drafting.planprogram(inputs), out)


@draft_app.command("workshop")
def workshop(
    audience: Annotated[str, typer.Option(help="kommunestyre, formannskap or administrasjon.")],
    tema: Annotated[str, typer.Option(help='The topic, e.g. "kommunal planstrategi".')],
    hours: Annotated[float, typer.Option(help="Duration in hours (0.5–8).")],
    out: Out,
    language: Language = "nb",
    start: Annotated[str, typer.Option(help="Start time, e.g. 09:00.")] = "09:00",
    org: OrgOption = None,
    collection: CollectionOption = None,
) -> None:
    """Draft material for a political workshop: agenda, talks, group work, reading list.

    Example: planassist draft workshop --audience kommunestyre --tema "kommunal planstrategi"
    --hours 3 --out verksted.docx
    """
    from assistant.drafting import validation

    _format(out)
    with reported():
        inputs = validation.workshop(audience, tema, hours, language, start)
        drafting = _drafting(org, collection)
        err.print("Drafting the workshop …")
        _write(drafting, drafting.workshop(inputs), out)
