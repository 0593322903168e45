"""End to end on the small hash-embedder index: systems, report files, CLI and gate."""

import copy
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from assistant.cli import app
from assistant.service import Assistant
from assistant.settings import Settings
from evaluation import EvaluationError
from evaluation.baselines import BASELINE_CONTEXT, make_baseline
from evaluation.dataset import load_questions
from evaluation.gate import check, load_thresholds
from evaluation.report import write_reports
from evaluation.run import SUMMARY_KEYS, evaluate
from evaluation.systems import HttpSystem, PlanassistSystem

QUESTIONS = Path(__file__).parents[1] / "data" / "eval-questions.yaml"


@pytest.fixture(scope="module")
def report(assistant: Assistant) -> dict:
    questions = load_questions(QUESTIONS, set(assistant.store.documents))
    systems = [PlanassistSystem(assistant, k=5)] + [
        make_baseline(name, assistant) for name in ("naive", "bm25")
    ]
    return evaluate(questions, systems, {"questions": QUESTIONS.name})


def test_report_has_the_stable_keys(report: dict) -> None:
    assert set(SUMMARY_KEYS) <= set(report["summary"])
    assert report["summary"]["n"] == 4
    assert set(report["by_kind"]) == {"fact", "process", "negative"}
    assert set(report["by_language"]) == {"nb", "nn"}
    assert set(report["baselines"]) == {"naive", "bm25"}
    for baseline in report["baselines"].values():
        assert set(SUMMARY_KEYS) <= set(baseline["summary"])
        assert "context_recall" in baseline["delta"]
    first = report["questions"][0]
    assert {"id", "answer", "abstained", "sources", "missing_mentions"} <= set(first)
    assert {"first_statement", "unsupported_statements", "abstain_score"} <= set(first)


def test_answer_metrics_on_a_quoted_answer(report: dict) -> None:
    first = report["questions"][0]  # t01, answered by quoting the sources
    assert first["first_statement"] and first["first_statement"] in first["answer"]
    assert first["lead_rate"] == 1.0
    assert first["citation_support"] == 1.0 and first["unsupported_statements"] == []
    assert first["answer_language"] == "nb" and first["language_accuracy"] == 1.0
    negative = report["questions"][3]  # t04, abstained: nothing to score
    assert negative["lead_rate"] is None and negative["citation_support"] is None


def test_planassist_answers_and_abstains(report: dict) -> None:
    records = {r["id"]: r for r in report["questions"]}
    assert records["t01"]["abstained"] is False and records["t01"]["missing_mentions"] == []
    assert records["t01"]["sources"][0] == "pbl" and records["t01"]["hit_at_1"] == 1.0
    assert records["t04"]["abstained"] is True
    assert report["summary"]["abstention_accuracy"] == 1.0
    assert report["summary"]["citation_validity"] == 1.0


def test_baselines_never_abstain_and_use_four_passages(report: dict) -> None:
    for baseline in report["baselines"].values():
        assert baseline["summary"]["abstention_accuracy"] == 0.0
        assert baseline["summary"]["false_abstention_rate"] == 0.0
        passages = [r["context_passages"] for r in baseline["questions"]]
        assert all(n is None or 0 < n <= BASELINE_CONTEXT for n in passages)
    naive = report["baselines"]["naive"]["questions"]
    assert all(r["context_passages"] in (None, BASELINE_CONTEXT) for r in naive)


def test_write_reports(report: dict, tmp_path: Path) -> None:
    paths = write_reports(report, tmp_path / "out")
    assert {p.name for p in paths} == {
        "report.json",
        "report.md",
        "metrics.png",
        "latency.png",
        "abstention.png",
    }
    assert json.loads((tmp_path / "out" / "report.json").read_text())["summary"]["n"] == 4
    markdown = (tmp_path / "out" / "report.md").read_text()
    assert "| context_recall |" in markdown and "Δ vs naive" in markdown
    assert "![metrics](metrics.png)" in markdown and "## Failures" in markdown
    for name in ("metrics.png", "latency.png"):
        assert (tmp_path / "out" / name).read_bytes()[:4] == b"\x89PNG"


def test_abstention_curve_when_records_carry_scores(report: dict, tmp_path: Path) -> None:
    scored = copy.deepcopy(report)
    for i, record in enumerate(scored["questions"]):
        record["abstain_score"] = 1.0 if record["abstained"] else i / 10
    paths = write_reports(scored, tmp_path)
    assert "abstention.png" in {p.name for p in paths}
    assert (tmp_path / "abstention.png").read_bytes()[:4] == b"\x89PNG"
    assert "![abstention](abstention.png)" in (tmp_path / "report.md").read_text()


def test_llm_mode_needs_a_chat_model(assistant: Assistant) -> None:
    with pytest.raises(EvaluationError, match=r"answer mode 'llm' is not available"):
        PlanassistSystem(assistant, mode="llm")


def test_unknown_baseline(assistant: Assistant) -> None:
    with pytest.raises(EvaluationError, match="unknown baseline 'langchain'; known: naive, bm25"):
        make_baseline("langchain", assistant)


def test_gate_lists_metrics_out_of_bounds(tmp_path: Path) -> None:
    path = tmp_path / "thresholds.yaml"
    path.write_text(
        "dev:\n  min: {hit_at_5: 0.9, mrr: 0.5}\n  max: {latency_p95_s: 1.0}\n"
        "default:\n  min: {hit_at_1: 0.1}\n"
    )
    bounds = load_thresholds(path, "dev")
    summary = {"hit_at_5": 0.8, "mrr": 0.6, "latency_p95_s": 2.5}
    assert check(summary, bounds) == [
        "hit_at_5 = 0.8000, must be at least 0.9",
        "latency_p95_s = 2.5000, must be at most 1.0",
    ]
    assert load_thresholds(path, "heldout") == {
        "min": {"hit_at_1": 0.1},
        "max": {},
        "beat_baselines": [],
    }
    beat = {"min": {}, "max": {}, "beat_baselines": ["context_recall", "context_chars"]}
    ours = {"context_recall": 0.9, "context_chars": 3000.0}
    baselines = {
        "naive": {"summary": {"context_recall": 0.8, "context_chars": 2500.0}},
        "bm25": {"summary": {"context_recall": 0.9, "context_chars": 3500.0}},
    }
    assert check(ours, beat, baselines) == [
        "context_chars = 3000.0000, worse than baseline naive (2500.0000)"
    ]
    path.write_text("dev:\n  min: {hit_at_7: 0.9}\n")
    with pytest.raises(EvaluationError, match=r"unknown metric\(s\) \['hit_at_7'\]"):
        load_thresholds(path, "dev")


def test_cli_writes_reports_and_fails_the_gate(cli_env: Settings, tmp_path: Path) -> None:
    thresholds = tmp_path / "thresholds.yaml"
    thresholds.write_text("default:\n  min: {hit_at_1: 0.5, citation_precision: 1.01}\n")
    args = ["eval", "-q", str(QUESTIONS), "--out", str(tmp_path / "cli")]
    result = CliRunner().invoke(app, [*args, "--baseline", "bm25", "--thresholds", str(thresholds)])
    assert result.exit_code == 1, result.output
    assert "Regression gate failed" in result.output
    assert "citation_precision" in result.output and "must be at least 1.01" in result.output
    assert "hit_at_1 =" not in result.output
    report = json.loads((tmp_path / "cli" / "report.json").read_text())
    assert list(report["baselines"]) == ["bm25"] and report["config"]["k"] is None

    result = CliRunner().invoke(app, [*args, "--mode", "llm"])
    assert result.exit_code == 1
    assert "answer mode 'llm' is not available" in result.output


def test_http_system_against_the_api(client: TestClient) -> None:
    questions = load_questions(
        QUESTIONS, HttpSystem("http://testserver", client=client).document_ids()
    )
    system = HttpSystem("http://testserver", client=client)
    report = evaluate(questions[:2] + questions[3:], [system])
    first, _, negative = report["questions"]
    assert first["retrieved"][0] == "pbl" and first["sources"] and not first["missing_mentions"]
    assert first["context_recall"] is None  # the API does not expose the passages
    assert negative["abstained"] is True
