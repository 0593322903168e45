"""The CLI as a user runs it: typer's runner, real index, errors as one line."""

from __future__ import annotations

import http.client
import json
import re
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant import ingest_queue
from assistant.cli import app
from assistant.console import ExitCode
from assistant.schemas import AskResponse
from assistant.service import Assistant
from assistant.settings import Settings, get_settings
from benchmarks.servers import answers, child_env, free_port, planassist, running

runner = CliRunner()


def test_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    commands = ("ingest", "ask", "search", "documents", "export", "serve", "worker", "models")
    commands += ("llm", "eval")
    for command in commands:
        assert command in result.output


def test_every_command_is_in_the_readme() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    commands = (
        "ingest",
        "ask",
        "search",
        "documents",
        "export",
        "serve",
        "worker",
        "mcp",
        "models fetch",
        "llm serve",
        "check",
        "eval",
    )
    for command in commands:
        assert f"planassist {command}" in readme


def test_ask_prints_answer_and_sources(cli_env: Settings) -> None:
    result = runner.invoke(app, ["ask", "Hvem skal vedta kommunal planstrategi?"])
    assert result.exit_code == 0, result.output
    assert "Kommunestyret" in result.output and "§ 10-1" in result.output


def test_ask_json(cli_env: Settings) -> None:
    result = runner.invoke(app, ["ask", "--json", "Kva er innsatstrappa?"])
    payload = json.loads(result.stdout)
    assert payload["language"] == "nn" and payload["citations"]


def test_search_with_filter(cli_env: Settings) -> None:
    result = runner.invoke(app, ["search", "planprogram", "--doc", "pbl", "-k", "2"])
    assert result.exit_code == 0
    assert re.search(r"\b1\b.*pbl", result.output)


def test_documents(cli_env: Settings) -> None:
    result = runner.invoke(app, ["documents", "--json"])
    assert {d["meta"]["id"] for d in json.loads(result.stdout)} >= {"pbl"}


def test_errors_are_one_line(cli_env: Settings) -> None:
    result = runner.invoke(app, ["ask", "   "])
    assert result.exit_code == ExitCode.USAGE
    assert "Error: the question is empty" in result.output
    assert "Traceback" not in result.output


def test_ingest_bad_file(cli_env: Settings, tmp_path: Path) -> None:
    empty = tmp_path / "tom.pdf"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["ingest", str(empty)])
    assert result.exit_code == 1 and "tom.pdf is empty" in result.output.replace("\n", " ")


def test_ingest_up_to_date(cli_env: Settings) -> None:
    result = runner.invoke(app, ["ingest"])
    assert result.exit_code == 0 and "up to date" in result.output


def test_ask_format_json_is_the_api_response(cli_env: Settings) -> None:
    result = runner.invoke(app, ["ask", "--format", "json", "Hvem fastsetter planprogrammet?"])
    assert result.exit_code == ExitCode.OK, result.output
    response = AskResponse.model_validate_json(result.stdout)
    law = [c for c in response.citations if c.doc_id == "pbl"]
    assert law and all(c.version_label and c.version_label.startswith("pbl §") for c in law)


def test_ask_format_md_lists_versioned_sources(cli_env: Settings) -> None:
    result = runner.invoke(app, ["ask", "-f", "md", "Hvem fastsetter planprogrammet?"])
    assert result.exit_code == ExitCode.OK, result.output
    assert "\nKilder:\n- [1] " in result.stdout
    assert "lovtekst per 1. juli 2026" in result.stdout
    assert "https://lovdata.no/lov/2008-06-27-71/§" in result.stdout


def test_ask_not_covered_has_its_own_exit_code(cli_env: Settings) -> None:
    result = runner.invoke(
        app, ["ask", "-f", "text", "Hva er reglene for fiskekvoter i Barentshavet?"]
    )
    assert result.exit_code == ExitCode.NOT_COVERED
    said = " ".join(result.stdout.split())
    assert said.startswith("Dokumentene nevner ikke «Barentshavet».") and "dekker ikke" in said


def test_ask_unknown_format_is_a_usage_error(cli_env: Settings) -> None:
    result = runner.invoke(app, ["ask", "--format", "pdf", "Hva er et planprogram?"])
    assert result.exit_code == ExitCode.USAGE


def test_no_index_has_its_own_exit_code(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PLANASSIST_DATA_DIR", str(tmp_path / "empty"))
    monkeypatch.setenv("PLANASSIST_EMBEDDER", "hash")
    result = runner.invoke(app, ["ask", "Hva er et planprogram?"])
    assert result.exit_code == ExitCode.NO_INDEX and "planassist ingest" in result.output


def test_export_a_conversation_with_its_sources(cli_env: Settings, tmp_path: Path) -> None:
    assistant = Assistant(cli_env)
    conversation = assistant.conversations.create()
    for question in ("Hvem fastsetter planprogrammet?", "og hvor lang er fristen?"):
        list(assistant.chat(conversation, question))
    out = tmp_path / "samtale.md"
    result = runner.invoke(app, ["export", conversation, "--out", str(out)])
    assert result.exit_code == ExitCode.OK, result.output
    text = out.read_text()
    assert text.startswith(f"# Samtale {conversation}\n")
    assert "## Spørsmål 1: Hvem fastsetter planprogrammet?" in text
    assert "## Spørsmål 2: og hvor lang er fristen?" in text
    assert text.count("Kilder:") == 2 and "pbl § 11-13" in text


def test_export_unknown_conversation(cli_env: Settings) -> None:
    result = runner.invoke(app, ["export", "finnes-ikke"])
    assert result.exit_code == ExitCode.ERROR
    assert "no conversation 'finnes-ikke'" in result.output


def test_serve_answers_on_a_connection_left_idle(cli_env: Settings, tmp_path: Path) -> None:
    """A client that pauses between questions reuses its connection; uvicorn's default
    (closing it after 5 s idle) reset some of those requests under load (make bench-load)."""
    port = free_port()
    serve = planassist("serve", "--port", str(port))
    healthz = f"http://127.0.0.1:{port}/healthz"
    with running(serve, tmp_path / "serve.log", lambda: answers(healthz), child_env()):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/healthz")
        connection.getresponse().read()
        time.sleep(6)
        connection.request("GET", "/healthz")
        assert connection.getresponse().status == 200


def test_worker_needs_redis(cli_env: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["worker"])
    assert result.exit_code == ExitCode.USAGE
    assert "set PLANASSIST_REDIS_URL" in result.output
    monkeypatch.setenv("PLANASSIST_REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
    get_settings.cache_clear()
    loaded: list[Settings] = []
    monkeypatch.setattr(ingest_queue, "make_embedder", loaded.append)
    result = runner.invoke(app, ["worker"])
    assert result.exit_code == ExitCode.ERROR
    assert "the job queue (Redis at 127.0.0.1:" in result.output
    assert "is not reachable" in result.output
    assert not loaded  # Redis is asked before the model is loaded


def test_a_bad_setting_is_one_line_per_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANASSIST_TOP_K", "0")
    monkeypatch.setenv("PLANASSIST_DATABASE_URL", "mysql://db")
    get_settings.cache_clear()
    result = runner.invoke(app, ["documents"])
    assert result.exit_code == 2
    assert "PLANASSIST_TOP_K: Input should be greater than 0" in result.output
    assert "PLANASSIST_DATABASE_URL: must be a URL like postgresql://" in result.output
    assert "Value error" not in result.output and "Traceback" not in result.output
