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

import pytest
from starlette.types import ASGIApp

from assistant import local_llm
from assistant.embedding import make_embedder
from assistant.service import Assistant
from assistant.settings import Settings
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
