"""The CLI as a user runs it: typer's runner, real index, errors as one line."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app
from assistant.settings import Settings

runner = CliRunner()


def test_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("ingest", "ask", "search", "documents", "serve", "models", "llm", "eval"):
        assert command in result.output


def test_every_command_is_in_the_readme() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    commands = (
        "ingest",
        "ask",
        "search",
        "documents",
        "serve",
        "mcp",
        "models fetch",
        "llm serve",
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
    assert result.exit_code == 1
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
