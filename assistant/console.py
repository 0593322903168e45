"""What every ``planassist`` command shares: the two consoles, error reporting, exit codes,
progress bars.

Its own module so the command modules (``assistant/cli.py``, ``assistant/drafting/cli.py``,
``evaluation/cli.py``) import it, never each other: the top-level CLI imports the others,
and nothing imports it back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from assistant.errors import (
    DISK_FULL,
    IndexNotReady,
    InvalidRequest,
    PlanassistError,
    is_disk_full,
)
from assistant.model_store import Progress as ProgressCallback
from assistant.settings import get_settings

out = Console()
"""Answers and results (stdout)."""
err = Console(stderr=True)
"""Progress, timings, warnings, errors (stderr)."""


class ExitCode(IntEnum):
    """What a script can tell from ``$?`` (the README lists them)."""

    OK = 0
    ERROR = 1
    """Something went wrong: a file that does not read, a model that will not load, a failed
    evaluation gate, an unexpected error."""
    USAGE = 2
    """A bad option or argument (typer's own code), an empty or too long question, an
    unknown filter value, organisation or collection, or an answer mode that is not set up."""
    NOT_COVERED = 3
    """The documents do not cover the question: the answer says so and cites nothing."""
    NO_INDEX = 4
    """The index has not been built yet: run ``planassist ingest``."""


def exit_code(exc: PlanassistError) -> ExitCode:
    """The exit code a user-facing error ends the command with."""
    if isinstance(exc, InvalidRequest):
        return ExitCode.USAGE
    if isinstance(exc, IndexNotReady):
        return ExitCode.NO_INDEX
    return ExitCode.ERROR


@contextmanager
def reported() -> Iterator[None]:
    """Turn errors into one readable line and their exit code (tracebacks with
    PLANASSIST_DEBUG=1)."""
    try:
        yield
    except PlanassistError as exc:
        err.print(f"[red]Error:[/] {exc}")
        raise typer.Exit(code=exit_code(exc)) from None
    except Exception as exc:
        if get_settings().debug:
            raise
        if is_disk_full(exc):  # a write outside storage and ingest, which say it themselves
            err.print(f"[red]Error:[/] {DISK_FULL}")
        else:
            err.print(f"[red]Unexpected error:[/] {type(exc).__name__}: {exc}")
        raise typer.Exit(code=ExitCode.ERROR) from None


@contextmanager
def progress_bar() -> Iterator[ProgressCallback]:
    """A rich progress bar on stderr driven by ``(stage, done, total)`` callbacks."""
    columns = (TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeRemainingColumn(), console=err, transient=False) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update
