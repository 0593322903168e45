"""Builders shared by the tests."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.types import ASGIApp

from assistant import local_llm
from assistant.embedding import make_embedder
from assistant.service import Assistant
from assistant.settings import Settings
from benchmarks.servers import free_port
from ingest.pipeline import run_ingest

TEST_CORPUS = Path(__file__).parent / "data" / "corpus"


def make_settings(root: Path, **overrides: object) -> Settings:
    """Settings for a private corpus copy under ``root`` with the hash embedder."""
    corpus = root / "corpus"
    if not corpus.exists():
        shutil.copytree(TEST_CORPUS, corpus)
    values: dict[str, object] = {
        "corpus_dir": corpus,
        "data_dir": root / "data",
        "cache_dir": root / "cache",
        "embedder": "hash",
        # Hash vectors carry little meaning: term coverage decides whether to answer.
        "min_evidence": 0.5,
        "coverage_weight": 1.0,
        **overrides,
    }
    return Settings(**values)


def finished_job(
    client: httpx.Client, job_id: str, headers: dict[str, str] | None = None, timeout_s: float = 60
) -> dict[str, Any]:
    """The upload job ``job_id`` as the API reports it once it has ended (done or error)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = client.get(f"/v1/documents/jobs/{job_id}", headers=headers).json()
        if job["status"] in ("done", "error"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"upload job {job_id} did not finish: {job}")


@contextmanager
def serve_in_thread(app: ASGIApp) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free 127.0.0.1 port in a background thread; yields
    its base URL and stops the server on exit."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the live server did not start")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextmanager
def local_llm_assistant(
    root: Path, extra_files: dict[str, str] | None = None
) -> Iterator[Assistant]:
    """An Assistant over the test corpus (plus ``extra_files``) with the real embedding
    model and the local GGUF behind its own llama_cpp.server on a free port.

    Skips when llama-cpp-python is missing, except in CI, where that is an error.
    """
    if not os.environ.get("CI"):
        pytest.importorskip("llama_cpp", reason="run `make llm-install` for the local LLM")
    defaults = Settings()
    settings = make_settings(
        root,
        embedder="sentence-transformers",
        cache_dir=defaults.cache_dir,
        min_evidence=defaults.min_evidence,
        coverage_weight=defaults.coverage_weight,
        llm="local",
        llm_port=free_port(),
    )
    for name, text in (extra_files or {}).items():
        (settings.corpus_dir / name).write_text(text)
    embedder = make_embedder(settings)
    run_ingest(settings, embedder)
    local_llm.start_background(settings)
    try:
        yield Assistant(settings, embedder)
    finally:
        local_llm.stop_background(settings)


def _pdf_string(line: str) -> bytes:
    escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252") + b")"


def pdf_bytes(pages: list[str], title: str | None = None) -> bytes:
    """A minimal valid PDF: one Helvetica text page per string, lines split on newlines."""
    n = len(pages)
    page_ids = [4 + 2 * i for i in range(n)]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % i for i in page_ids), n),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for page_id, text in zip(page_ids, pages, strict=True):
        lines = b" Tj T* ".join(_pdf_string(line) for line in text.split("\n"))
        stream = b"BT /F1 12 Tf 14 TL 72 720 Td " + lines + b" Tj ET"
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_id + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    if title:
        objects.append(b"<< /Title %s >>" % _pdf_string(title))
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    info = b" /Info %d 0 R" % len(objects) if title else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        info,
        xref,
    )
    return bytes(out)
