"""Run systems over reference questions and sum the results up into one report dict.

>>> report = evaluate(load_questions(path, doc_ids), [PlanassistSystem(assistant)])
>>> write_reports(report, Path("evaluation/reports/dev"))  # evaluation.report
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from evaluation import metrics as m
from evaluation.dataset import Question
from evaluation.systems import System, SystemResult

SUMMARY_KEYS = (
    "n", "hit_at_1", "hit_at_3", "hit_at_5", "mrr", "ndcg_at_10", "context_recall",
    "context_chars", "mention_recall", "all_mentions_rate", "lead_rate", "language_accuracy",
    "citation_precision", "citation_support", "citation_validity", "abstention_accuracy",
    "false_abstention_rate", "latency_p50_s", "latency_p95_s",
)  # fmt: skip
EXTRA_KEYS = (
    "n_answerable", "n_unanswerable", "context_passages",
    "retrieval_latency_p50_s", "retrieval_latency_p95_s",
    "first_token_p50_s", "first_token_p95_s",
)  # fmt: skip
MEAN_KEYS = (
    "hit_at_1", "hit_at_3", "hit_at_5", "mrr", "ndcg_at_10", "context_recall",
    "context_chars", "context_passages", "mention_recall", "all_mentions_rate", "lead_rate",
    "language_accuracy", "citation_precision", "citation_support", "citation_validity",
    "abstention_accuracy", "false_abstention_rate",
)  # fmt: skip
HIGHER_IS_WORSE = frozenset(
    {"false_abstention_rate", "context_chars", "context_passages"}
    | {key for key in SUMMARY_KEYS + EXTRA_KEYS if key.endswith("_s")}
)

Progress = Callable[[str, int, int], None]


def score_question(q: Question, r: SystemResult) -> dict[str, Any]:
    """One question's record: what the system said and every per-question metric.

    The context metrics (context_recall, context_chars, context_passages) are over
    ``r.context``: the text the answerer saw (in LLM mode the trimmed passages it was
    prompted with), not the retrieved chunks.
    """
    relevant, answerable = set(q.expected_sources), q.answerable
    answer = "" if r.abstained else r.answer
    cited = [c.doc_id for c in r.citations]
    excerpts = {c.n: c.excerpt for c in r.citations}
    context = "\n".join(r.context) if r.context is not None else None
    has_context = answerable and context is not None
    support = m.support_checks(answer, excerpts)

    def when(condition: bool, value: Any) -> Any:
        return (round(value, 4) if isinstance(value, float) else value) if condition else None

    recall = m.mention_recall(q.must_mention, answer)
    return {
        "id": q.id,
        "question": q.question,
        "language": q.language,
        "kind": q.kind,
        "expected_sources": list(q.expected_sources),
        "answer": r.answer,
        "mode": r.mode,
        "abstained": r.abstained,
        "sources": m.distinct(cited),
        "retrieved": r.ranked_docs,
        "missing_mentions": m.missing_mentions(q.must_mention, answer),
        "missing_in_context": m.missing_mentions(q.must_mention, context or ""),
        "answer_language": m.answer_language(r.answer),
        "first_statement": m.first_statement(answer),
        "unsupported_statements": [statement for statement, ok in support if not ok],
        "abstain_score": r.abstain_score,
        "hit_at_1": when(answerable, m.hit_at_k(r.ranked_docs, relevant, 1)),
        "hit_at_3": when(answerable, m.hit_at_k(r.ranked_docs, relevant, 3)),
        "hit_at_5": when(answerable, m.hit_at_k(r.ranked_docs, relevant, 5)),
        "mrr": when(answerable, m.reciprocal_rank(r.ranked_docs, relevant)),
        "ndcg_at_10": when(answerable, m.ndcg_at_k(r.ranked_docs, relevant, 10)),
        "context_recall": when(has_context, m.mention_recall(q.must_mention, context or "")),
        "context_chars": when(has_context, sum(len(p) for p in r.context or [])),
        "context_passages": when(has_context, len(r.context or [])),
        "mention_recall": when(answerable, recall),
        "all_mentions_rate": when(answerable, float(recall == 1.0)),
        "lead_rate": when(answerable, m.lead_rate(q.must_mention, answer)),
        "language_accuracy": m.language_accuracy(r.answer, q.language),
        "citation_precision": when(answerable, m.citation_precision(cited, relevant)),
        "citation_support": when(not r.abstained, m.citation_support(answer, excerpts)),
        "citation_validity": when(
            not r.abstained, m.citation_validity(r.answer, {c.n for c in r.citations})
        ),
        "abstention_accuracy": when(not answerable, float(r.abstained)),
        "false_abstention_rate": when(answerable, float(r.abstained)),
        "retrieval_s": r.retrieval_s,
        "total_s": r.total_s,
        "first_token_s": r.first_token_s,
    }


def summarize(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Means of the per-question metrics (over the questions they apply to) and latencies."""
    summary: dict[str, Any] = {"n": len(records)}
    for key in MEAN_KEYS:
        value = m.mean([r[key] for r in records])
        summary[key] = round(value, 4) if value is not None else None
    timings = (("latency", "total_s"), ("retrieval_latency", "retrieval_s"))
    for prefix, field in (*timings, ("first_token", "first_token_s")):
        for q in (50, 95):
            value = m.percentile([r[field] for r in records if r[field] is not None], q)
            summary[f"{prefix}_p{q}_s"] = round(value, 4) if value is not None else None
    summary["n_answerable"] = sum(r["expected_sources"] != [] for r in records)
    summary["n_unanswerable"] = len(records) - summary["n_answerable"]
    return {key: summary[key] for key in SUMMARY_KEYS + EXTRA_KEYS}


def breakdown(records: Sequence[dict[str, Any]], field: str) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        groups.setdefault(record[field], []).append(record)
    return {name: summarize(group) for name, group in sorted(groups.items())}


def delta(ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, float | None]:
    """ours − theirs per numeric summary metric (None where either side has no value)."""
    return {
        key: round(ours[key] - theirs[key], 4)
        if isinstance(ours.get(key), int | float) and isinstance(theirs.get(key), int | float)
        else None
        for key in SUMMARY_KEYS + EXTRA_KEYS
        if key not in ("n", "n_answerable", "n_unanswerable")
    }


def run_system(
    system: System, questions: Sequence[Question], progress: Progress | None = None
) -> dict[str, Any]:
    system.warm_up()
    records = []
    for done, question in enumerate(questions, start=1):
        records.append(score_question(question, system.run(question)))
        if progress:
            progress(system.name, done, len(questions))
    return {
        "summary": summarize(records),
        "by_kind": breakdown(records, "kind"),
        "by_language": breakdown(records, "language"),
        "questions": records,
    }


def evaluate(
    questions: Sequence[Question],
    systems: Sequence[System],
    config: dict[str, Any] | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Run every system on every question; the first system is the one the report is about."""
    primary, *baselines = systems
    report = run_system(primary, questions, progress)
    report["config"] = {"system": primary.name, **(config or {})}
    report["baselines"] = {}
    for system in baselines:
        result = run_system(system, questions, progress)
        result["delta"] = delta(report["summary"], result["summary"])
        report["baselines"][system.name] = result
    return report
