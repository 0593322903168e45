"""``planassist eval``: heavy imports stay inside the command so ``--help`` stays fast."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from assistant.console import ExitCode, err, progress_bar, reported
from assistant.console import out as console

DEFAULT_THRESHOLDS = Path(__file__).parent / "thresholds.yaml"
DEFAULT_REPORTS = Path(__file__).parent / "reports"


def eval_command(
    questions: Annotated[
        Path, typer.Option("--questions", "-q", help="Question file (see questions/dev.yaml).")
    ],
    mode: Annotated[str, typer.Option(help="Answer mode: extractive or llm.")] = "extractive",
    k: Annotated[
        int | None,
        typer.Option(
            "--k", "-k", min=1, max=50, help="Candidate passages per answer (default: settings)."
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Report folder (default: evaluation/reports/FILE-STEM).")
    ] = None,
    baseline: Annotated[
        list[str] | None, typer.Option(help="Also run a baseline: naive, bm25 (repeatable).")
    ] = None,
    url: Annotated[
        str | None, typer.Option(help="Evaluate a running service instead (POST {url}/v1/ask).")
    ] = None,
    thresholds: Annotated[
        Path | None,
        typer.Option(help="Regression gate (default: evaluation/thresholds.yaml if present)."),
    ] = None,
) -> None:
    """Score answers and retrieval on reference questions; write report.json and report.md.

    Exits with code 1 when a summary metric misses its bound in the thresholds file.

    Example: planassist eval -q evaluation/questions/dev.yaml --baseline naive --baseline bm25
    """
    from assistant.service import Assistant
    from assistant.settings import get_settings
    from evaluation.baselines import make_baseline
    from evaluation.dataset import load_questions
    from evaluation.gate import check, load_thresholds
    from evaluation.report import print_table, write_reports
    from evaluation.run import evaluate
    from evaluation.systems import HttpSystem, PlanassistSystem, check_mode

    settings = get_settings()
    out_dir = out or DEFAULT_REPORTS / questions.stem
    with reported():
        check_mode(mode)
        assistant = Assistant(settings)
        if url is None:
            primary = PlanassistSystem(assistant, k, mode)
            doc_ids = set(assistant.store.documents)
        else:
            primary = HttpSystem(url, k, mode)
            doc_ids = primary.document_ids()
        items = load_questions(questions, doc_ids)
        systems = [primary, *(make_baseline(name, assistant) for name in baseline or [])]
        config = {
            "questions": str(questions),
            "mode": mode,
            "k": k,
            "url": url,
            "index_version": None if url else assistant.store.version,
            "settings": {
                key: value
                for key, value in settings.model_dump().items()
                if isinstance(value, int | float | str | bool)
            },
            "baselines": list(baseline or []),
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        with progress_bar() as progress:
            report = evaluate(items, systems, config, progress)
        paths = write_reports(report, out_dir)
        print_table(report, console)
        err.print("Wrote " + ", ".join(str(p) for p in paths))
        gate = thresholds or (DEFAULT_THRESHOLDS if DEFAULT_THRESHOLDS.exists() else None)
        bounds = load_thresholds(gate, questions.stem) if gate else None
    if bounds is None:
        if gate:
            err.print(f"No thresholds for '{questions.stem}' in {gate}; no regression gate.")
        return
    failures = check(report["summary"], bounds, report["baselines"])
    if failures:
        err.print(f"[red]Regression gate failed[/] ({gate}, section for '{questions.stem}'):")
        for line in failures:
            err.print(f"  [red]✗[/] {line}")
        raise typer.Exit(code=ExitCode.ERROR)
    err.print(f"[green]Regression gate passed[/] ({sum(map(len, bounds.values()))} checks).")


def calibrate_command(
    questions: Annotated[
        list[Path],
        typer.Option("--questions", "-q", help="Calibration question files (never the test part)."),
    ],
    out: Annotated[Path, typer.Option(help="Where to write fitted.yaml.")] = DEFAULT_REPORTS
    / "calibration",
) -> None:
    """Fit the reranking weights and the decline thresholds on calibration questions.

    Prints the fitted values; copy them into assistant/settings.py (thresholds) and
    assistant/retrieval/rerank.py (weights). Refuses the test part.

    Example: planassist calibrate -q evaluation/questions/calibration.yaml
    -q evaluation/questions/dev.yaml
    """
    import yaml

    from assistant.service import Assistant
    from assistant.settings import get_settings
    from evaluation import EvaluationError
    from evaluation.calibrate import as_dict, calibrate
    from evaluation.dataset import load_questions

    with reported():
        if any(path.stem == "test" for path in questions):
            raise EvaluationError("the test part is never used to fit anything; leave it out")
        assistant = Assistant(get_settings())
        doc_ids = set(assistant.store.documents)
        items = [q for path in questions for q in load_questions(path, doc_ids)]
        with progress_bar() as progress:
            fitted = as_dict(calibrate(assistant, items, progress))
        out.mkdir(parents=True, exist_ok=True)
        path = out / "fitted.yaml"
        path.write_text(yaml.safe_dump(fitted, sort_keys=False, allow_unicode=True), "utf-8")
        summary = {key: value for key, value in fitted.items() if key != "curve"}
        typer.echo(yaml.safe_dump(summary, sort_keys=False))
        err.print(f"Wrote {path}")
