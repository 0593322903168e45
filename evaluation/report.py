"""A report dict written out: report.json, report.md, matplotlib plots, a rich table.

>>> write_reports(evaluate(questions, systems), Path("evaluation/reports/dev"))
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from matplotlib.figure import Figure
from rich.table import Table

from evaluation.metrics import decline_precision_recall
from evaluation.run import EXTRA_KEYS, HIGHER_IS_WORSE, SUMMARY_KEYS

if TYPE_CHECKING:
    from rich.console import Console

PLOTTED = (
    "hit_at_1", "hit_at_5", "mrr", "ndcg_at_10", "context_recall", "mention_recall",
    "all_mentions_rate", "lead_rate", "citation_precision", "citation_support",
    "language_accuracy", "abstention_accuracy", "false_abstention_rate",
)  # fmt: skip
BREAKDOWN = (
    "n", "hit_at_5", "mrr", "context_recall", "mention_recall", "all_mentions_rate",
    "lead_rate", "citation_support", "language_accuracy", "abstention_accuracy",
    "false_abstention_rate", "latency_p50_s",
)  # fmt: skip
SHOWN_UNSUPPORTED = 2
"""Unsupported statements quoted per question in the failure list."""
ANSWER_PREVIEW = 700
_NOISE = ("host", "port", "debug", "max_", "conversation_", "llm_", "embedding_batch")


def fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 100 else f"{value:.0f}"
    return str(value)


def fmt_delta(value: float | None, key: str) -> str:
    if value is None:
        return "–"
    good = value < 0 if key in HIGHER_IS_WORSE else value > 0
    mark = "" if value == 0 else (" ✓" if good else " ✗")
    return f"{value:+.3f}{mark}" if abs(value) < 100 else f"{value:+.0f}{mark}"


def systems(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """System name → its result (summary, by_kind, …), the evaluated system first."""
    return {report["config"].get("system", "planassist"): report, **report["baselines"]}


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def summary_rows(report: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    names = list(systems(report))
    header = ["metric", names[0]]
    for name in names[1:]:
        header += [name, f"Δ vs {name}"]
    rows = []
    for key in SUMMARY_KEYS + EXTRA_KEYS:
        row = [key, fmt(report["summary"].get(key))]
        for name in names[1:]:
            baseline = report["baselines"][name]
            row += [fmt(baseline["summary"].get(key)), fmt_delta(baseline["delta"].get(key), key)]
        rows.append(row)
    return header, rows


def _problems(record: dict[str, Any]) -> list[str]:
    problems = []
    if record["expected_sources"]:
        if record["abstained"]:
            problems.append("abstained although the corpus answers it")
        elif record["missing_mentions"]:
            problems.append("answer misses " + " / ".join(map(str, record["missing_mentions"])))
        if record["lead_rate"] == 0:
            problems.append("the first statement holds no required fact")
        if record["hit_at_5"] == 0:
            problems.append(f"no expected source in the top 5 documents: {record['retrieved'][:5]}")
    elif not record["abstained"]:
        problems.append("answered although the corpus does not cover it")
    if record["language_accuracy"] == 0:
        problems.append(
            f"answer language {record['answer_language']}, asked in {record['language']}"
        )
    if record["citation_validity"] == 0:
        problems.append("a [n] marker names no returned citation")
    unsupported = record["unsupported_statements"]
    if unsupported:
        shown = " / ".join(f"“{s[:160]}”" for s in unsupported[:SHOWN_UNSUPPORTED])
        more = len(unsupported) - SHOWN_UNSUPPORTED
        problems.append(
            f"{len(unsupported)} statement(s) not supported by the passage they cite: {shown}"
            + (f" (+{more} more)" if more > 0 else "")
        )
    return problems


def failures_markdown(report: dict[str, Any]) -> str:
    parts = []
    for record in report["questions"]:
        problems = _problems(record)
        if not problems:
            continue
        answer = record["answer"]
        if len(answer) > ANSWER_PREVIEW:
            answer = answer[:ANSWER_PREVIEW] + " …"
        quoted = "\n".join("> " + line for line in answer.splitlines())
        context = record["missing_in_context"] if record["context_recall"] is not None else None
        parts.append(
            f"### {record['id']} ({record['kind']}, {record['language']}): {record['question']}\n\n"
            + "".join(f"- {p}\n" for p in problems)
            + f"- expected {record['expected_sources'] or 'abstention'}; "
            f"retrieved {record['retrieved'][:5]}; cited {record['sources']}\n"
            + (f"- missing in the context the answerer saw too: {context}\n" if context else "")
            + f"\n{quoted}\n"
        )
    return "\n".join(parts) if parts else "None: every question passed.\n"


def render_markdown(report: dict[str, Any], plots: list[str]) -> str:
    config = report["config"]
    header, rows = summary_rows(report)
    setup = ", ".join(
        f"{k}={v}" for k, v in config.items() if k not in ("system", "settings") and v is not None
    )
    settings = ", ".join(
        f"{k}={v}" for k, v in config.get("settings", {}).items() if not k.startswith(_NOISE)
    )
    sections = [
        f"# Evaluation: {config.get('questions', 'questions')}\n\n{setup}\n\n"
        f"Settings: {settings or '–'}\n",
        "## Summary\n\nΔ = planassist − baseline (✓ better, ✗ worse). Retrieval and answer "
        "metrics are over answerable questions, abstention accuracy over unanswerable ones; "
        "context_* over the text the answerer saw (in LLM mode the trimmed passages it was "
        "prompted with); citation_support per statement against the passage(s) it cites.\n\n"
        + _table(header, rows),
    ]
    for title, field in (("By kind", "by_kind"), ("By language", "by_language")):
        groups = report[field]
        table = _table(
            [field[3:], *BREAKDOWN],
            [[name, *(fmt(g.get(key)) for key in BREAKDOWN)] for name, g in groups.items()],
        )
        sections.append(f"## {title} ({config.get('system', 'planassist')})\n\n{table}")
    sections.append("## Plots\n\n" + "\n".join(f"![{Path(p).stem}]({p})" for p in plots))
    sections.append("## Failures (planassist)\n\n" + failures_markdown(report))
    return "\n\n".join(sections) + "\n"


def write_reports(report: dict[str, Any], out_dir: Path) -> list[Path]:
    """DIR/report.json, DIR/report.md and the plots; returns the written paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / "report.json"
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", "utf-8")
    plots = write_plots(report, out_dir)
    md_path = out_dir / "report.md"
    md_path.write_text(render_markdown(report, [p.name for p in plots]), "utf-8")
    return [json_path, md_path, *plots]


def write_plots(report: dict[str, Any], out_dir: Path) -> list[Path]:
    """metrics.png (metrics per system side by side), latency.png (histogram) and, when
    records carry an ``abstain_score``, abstention.png (precision/recall of declining)."""
    results = systems(report)
    width = 0.8 / len(results)
    fig = Figure(figsize=(12, 4.5))
    ax = fig.subplots()
    for i, (name, result) in enumerate(results.items()):
        values = [result["summary"].get(key) or 0.0 for key in PLOTTED]
        ax.bar([x + i * width for x in range(len(PLOTTED))], values, width, label=name)
    ax.set_xticks([x + width * (len(results) - 1) / 2 for x in range(len(PLOTTED))])
    ax.set_xticklabels(PLOTTED, rotation=30, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_title("Metrics per system (false_abstention_rate: lower is better)")
    ax.legend()
    paths = [_save(fig, out_dir / "metrics.png")]

    fig = Figure(figsize=(8, 4))
    ax = fig.subplots()
    for name, result in results.items():
        ax.hist([r["total_s"] for r in result["questions"]], bins=20, alpha=0.6, label=name)
    ax.set_xlabel("seconds per question (retrieval + answer)")
    ax.set_ylabel("questions")
    ax.set_title("Latency")
    ax.legend()
    paths.append(_save(fig, out_dir / "latency.png"))
    curve = write_abstention_plot(results, out_dir / "abstention.png")
    return paths + ([curve] if curve else [])


def abstention_points(records: list[dict[str, Any]]) -> list[tuple[float, float, float]]:
    """(threshold, precision, recall) of declining by ``abstain_score`` over the records
    that have one; should decline = no expected source."""
    scored = [
        (r["abstain_score"], not r["expected_sources"])
        for r in records
        if r.get("abstain_score") is not None
    ]
    return decline_precision_recall(scored)


def write_abstention_plot(results: dict[str, dict[str, Any]], path: Path) -> Path | None:
    """Precision/recall curve of declining per system with abstain scores; None if none."""
    curves = {name: abstention_points(r["questions"]) for name, r in results.items()}
    curves = {name: points for name, points in curves.items() if points}
    if not curves:
        return None
    fig = Figure(figsize=(6, 5))
    ax = fig.subplots()
    for name, points in curves.items():
        recalls, precisions = [p[2] for p in points], [p[1] for p in points]
        (line,) = ax.plot(recalls, precisions, drawstyle="steps-post", label=name)
        records = results[name]["questions"]
        declined = [not r["expected_sources"] for r in records if r["abstained"]]
        should = sum(not r["expected_sources"] for r in records)
        if declined:  # where the system's own decisions put it
            recall = sum(declined) / should
            ax.plot(recall, sum(declined) / len(declined), "o", color=line.get_color())
    ax.set_xlabel("recall (share of must-decline questions declined)")
    ax.set_ylabel("precision (share of declines that were right)")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_title("Declining by abstain score (dot: the decisions made)")
    ax.legend()
    return _save(fig, path)


def _save(fig: Figure, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return path


def print_table(report: dict[str, Any], console: Console) -> None:
    header, rows = summary_rows(report)
    table = Table(*header, title=f"Evaluation: {report['config'].get('questions', '')}")
    for row in rows:
        table.add_row(*row)
    console.print(table)
