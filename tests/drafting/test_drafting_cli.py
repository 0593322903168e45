"""``planassist draft``: one command, one Word file."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from typer.testing import CliRunner

from assistant.cli import app
from assistant.console import ExitCode
from assistant.settings import Settings

runner = CliRunner()


def test_planprogram_to_docx(cli_env: Settings, tmp_path: Path) -> None:
    out = tmp_path / "plan.docx"
    args = ["draft", "planprogram", "--kommune", "Eksempelvik", "--plantype", "kommunedelplan"]
    args += ["--tema", "helse og omsorg", "--periode", "2026-2036", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output
    headings = [p.text for p in Document(str(out)).paragraphs if p.style.name == "Heading 2"]
    assert headings[0] == "Formål med planarbeidet" and headings[-1] == "Kilder"


def test_workshop_to_markdown(cli_env: Settings, tmp_path: Path) -> None:
    out = tmp_path / "verksted.md"
    args = ["draft", "workshop", "--audience", "kommunestyre", "--tema", "kommunal planstrategi"]
    result = runner.invoke(app, [*args, "--hours", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("# Politisk verksted for kommunestyre")


def test_bad_input_is_one_line(cli_env: Settings, tmp_path: Path) -> None:
    args = ["draft", "workshop", "--audience", "kommunestyre", "--tema", "x", "--hours", "12"]
    result = runner.invoke(app, [*args, "--out", str(tmp_path / "x.md")])
    assert result.exit_code == ExitCode.USAGE and "outside 0.5–8 hours" in result.output


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["draft", "planprogram", "--help"])
    assert result.exit_code == 0 and "Example" in result.output


def test_planstrategi_in_nynorsk(cli_env: Settings, tmp_path: Path) -> None:
    out = tmp_path / "planstrategi.md"
    args = ["draft", "planprogram", "--kommune", "Eksempelvik", "--plantype", "planstrategi"]
    result = runner.invoke(app, [*args, "--periode", "2024-2027", "-l", "nn", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert text.startswith("# Kommunal planstrategi for Eksempelvik kommune 2024–2027")
    assert "## Planbehov i valperioden" in text and "Planprogram" not in text.splitlines()[0]
