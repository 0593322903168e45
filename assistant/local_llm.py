"""Run the packaged Qwen GGUF behind llama_cpp.server (OpenAI-compatible) on this machine.

``planassist llm serve`` runs it in the foreground; ``--background`` starts it detached,
waits until it answers, and leaves a pid file, so ``make run`` and the tests can reuse it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from assistant.errors import ModelUnavailable
from assistant.model_store import QWEN_GGUF, Progress, ensure_model
from assistant.settings import Settings

READY_TIMEOUT_S = 180


def server_command(settings: Settings, model: Path, port: int) -> list[str]:
    if importlib.util.find_spec("llama_cpp") is None:
        raise ModelUnavailable(
            "llama-cpp-python is not installed; run `make llm-install` (builds it once, ≈ 4 min)"
        )
    return [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(model),
        "--model_alias", settings.llm_model,
        "--host", "127.0.0.1",
        "--port", str(port),
        "--n_ctx", "4096",
        "--n_threads", str(settings.llm_threads),
    ]  # fmt: skip


def is_ready(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/v1/models", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def pid_file(settings: Settings, port: int) -> Path:
    return settings.data_dir / f"llm-server-{port}.pid"


def start_background(
    settings: Settings, port: int | None = None, progress: Progress | None = None
) -> int:
    """Start (or reuse) the local server on ``port``; return its pid once it answers."""
    port = port or settings.llm_port
    pids = pid_file(settings, port)
    if is_ready(port) and pids.exists():
        return int(pids.read_text())
    model = ensure_model(QWEN_GGUF, settings.models_dir, *([progress] if progress else []))
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    log = (settings.data_dir / f"llm-server-{port}.log").open("w")
    process = subprocess.Popen(
        server_command(settings, model, port), stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not is_ready(port):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise ModelUnavailable(f"the local LLM server did not start; see {log.name}")
        time.sleep(1)
    pids.write_text(str(process.pid))
    return process.pid


def stop_background(settings: Settings, port: int | None = None) -> bool:
    pids = pid_file(settings, port or settings.llm_port)
    if not pids.exists():
        return False
    with contextlib.suppress(ProcessLookupError):
        os.killpg(int(pids.read_text()), signal.SIGTERM)
    pids.unlink()
    return True
