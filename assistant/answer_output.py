"""How ``planassist ask`` prints an answer: for a person (text), as Markdown, or as JSON.

JSON is the API's ``AskResponse``, so a script reads the CLI and ``POST /v1/ask`` alike;
Markdown is the text a chat client gets (answer, notice, numbered sources with versions).
"""

from __future__ import annotations

from enum import StrEnum

import typer
from rich.markdown import Markdown
from rich.markup import escape

from assistant.console import err, out
from assistant.domain import Answer
from assistant.prompts import message
from assistant.schemas import AskResponse
from assistant.source_list import source_line, with_sources


class Format(StrEnum):
    TEXT = "text"
    MD = "md"
    JSON = "json"


def print_answer(answer: Answer, fmt: Format, streamed: str = "") -> None:
    """Print the final answer; ``streamed`` is the text already shown token by token."""
    if fmt is Format.JSON:
        typer.echo(AskResponse.of(answer).model_dump_json(indent=2))
    elif fmt is Format.MD:
        typer.echo(with_sources(answer))
    else:
        _print_for_reading(answer, streamed)
    timings = ", ".join(f"{k} {v:.2f} s" for k, v in answer.timings.items())
    err.print(f"[dim]{timings}[/]")


def _print_for_reading(answer: Answer, streamed: str) -> None:
    if streamed:
        out.print()
        if streamed.strip() != answer.text:
            out.rule("Kontrollert svar")
            out.print(answer.text)
    else:
        out.print(Markdown(answer.text))
    if answer.notice:
        err.print(f"[yellow]{escape(answer.notice)}[/]")
    if answer.citations:
        out.print()
        out.rule(message("sources_heading", answer.language).rstrip(":"))
        for citation in answer.citations:
            out.print(escape(source_line(citation, answer.language)))
