"""The calibration fit on hand-made evidence: it must find the bound that separates."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from assistant.answer.grounding import Evidence, Thresholds, judge_relevance
from assistant.cli import app
from assistant.domain import Chunk, Hit
from assistant.retrieval.rerank import RerankWeights
from evaluation.calibrate import Sample, _best_cut, decline_curve, fit_thresholds, ranked
from evaluation.dataset import Question


def question(qid: str, answerable: bool, language: str = "nb") -> Question:
    sources = ("pbl",) if answerable else ()
    groups = (("kommunestyret",),) if answerable else ()
    kind = "fact" if answerable else "negative"
    return Question(qid, "Hvem vedtar planen?", language, sources, groups, kind)


def sample(qid: str, answerable: bool, language: str = "nb") -> Sample:
    asked = question(qid, answerable, language)
    return Sample(asked, language, asked.question, {}, [], [])


def evidence(dense: float, english: bool = False, names: tuple[str, ...] = ()) -> Evidence:
    return Evidence(dense=dense, coverage=0.0, missing=0.0, unmatched_names=names, english=english)


class TestBestCut:
    def test_separable_scores_get_a_bound_between_them(self) -> None:
        scores = [(0.9, False, True), (0.8, False, True), (0.3, False, False), (0.2, False, False)]
        cut, declined, false = _best_cut(scores)
        assert 0.3 < cut <= 0.8 and declined == 2 and false == 0

    def test_no_answerable_question_is_sacrificed(self) -> None:
        # The must-decline question scores above an answerable one: declining it would
        # decline the answerable one too, so it is answered.
        scores = [(0.5, False, True), (0.9, False, True), (0.7, False, False)]
        _, declined, false = _best_cut(scores)
        assert declined == 0 and false == 0

    def test_no_questions_decline_nothing(self) -> None:
        assert _best_cut([]) == (0.0, 0, 0)

    def test_an_unmatched_name_declines_at_any_bound(self) -> None:
        _, declined, _ = _best_cut([(0.9, True, False), (0.8, False, True)])
        assert declined == 1


def test_fit_thresholds_fits_norwegian_and_english_apart() -> None:
    samples = [
        sample("a1", True),
        sample("a2", True),
        sample("n1", False),
        sample("e1", True, "en"),
        sample("e2", False, "en"),
    ]
    found = [
        evidence(0.9),
        evidence(0.85),
        evidence(0.4),
        evidence(0.5, english=True),
        evidence(0.2, english=True),
    ]
    thresholds, accuracy, false_rate = fit_thresholds(samples, found)
    assert accuracy == 1.0 and false_rate == 0.0
    assert thresholds.min_evidence_en is not None
    assert thresholds.min_evidence_en < thresholds.min_evidence
    assert all(
        judge_relevance(e, thresholds).covered == s.question.answerable
        for e, s in zip(found, samples, strict=True)
    )


def test_current_thresholds_stay_unless_a_fit_declines_more_and_no_more_answerable() -> None:
    samples = [sample("a", True), sample("n", False)]
    found = [evidence(0.9), evidence(0.4)]
    separating = Thresholds(0.7, 0.5, 1.0)
    thresholds, accuracy, _ = fit_thresholds(samples, found, separating)
    assert thresholds == separating and accuracy == 1.0  # a tie keeps them
    answering_all = Thresholds(0.1, 0.5, 1.0)
    thresholds, accuracy, _ = fit_thresholds(samples, found, answering_all)
    assert thresholds != answering_all and accuracy == 1.0  # a better fit replaces them
    declining_all = Thresholds(0.95, 0.5, 1.0)  # over the false-abstention bound
    thresholds, _, false_rate = fit_thresholds(samples, found, declining_all)
    assert thresholds != declining_all and false_rate == 0.0


def test_a_fit_that_declines_more_answerable_questions_does_not_replace_the_current() -> None:
    """60 answerable and 2 must-decline questions: the fit can decline both near misses by
    also declining one answerable question (within the 2 % bound); the current thresholds
    decline one near miss and no answerable question, so they stay."""
    samples = [sample(f"a{i}", True) for i in range(60)] + [
        sample("n1", False),
        sample("n2", False),
    ]
    found = [evidence(0.9)] * 59 + [evidence(0.45), evidence(0.3), evidence(0.5)]
    current = Thresholds(0.4, 0.5, 1.0)
    assert fit_thresholds(samples, found)[1] == 1.0  # without them: both declined
    thresholds, accuracy, false_rate = fit_thresholds(samples, found, current)
    assert thresholds == current and accuracy == 0.5 and false_rate == 0.0


def test_decline_curve_spans_from_none_to_all() -> None:
    samples = [sample("a", True), sample("n", False)]
    curve = decline_curve(samples, [evidence(0.9), evidence(0.4)], Thresholds(0.6, 0.5, 1.0))
    recalls = [point["recall"] for point in curve]
    assert min(recalls) == 0.0 and max(recalls) == 1.0


def test_ranked_orders_candidates_by_the_weighted_signals() -> None:
    def hit(chunk_id: str) -> Hit:
        chunk = Chunk(chunk_id, "pbl", "Loven", "lov", "nb", "tekst", 0, 5, "h")
        return Hit(chunk, 0.0)

    candidates = [hit("pbl:0001"), hit("pbl:0002")]
    signals = [
        {"fused": 1.0, "dense": 0.1, "lexical": 0.0, "coverage": 0.0},
        {"fused": 0.5, "dense": 0.9, "lexical": 0.0, "coverage": 0.0},
    ]
    asked = question("q", True)
    one = Sample(asked, "nb", asked.question, {}, candidates, signals)
    assert [h.chunk.id for h in ranked(one, RerankWeights(0, 1, 0, 0))] == ["pbl:0002", "pbl:0001"]
    assert [h.chunk.id for h in ranked(one, RerankWeights(1, 0, 0, 0))] == ["pbl:0001", "pbl:0002"]


def test_calibrate_refuses_the_test_part(tmp_path: Path) -> None:
    path = tmp_path / "test.yaml"
    path.write_text("[]\n")
    result = CliRunner().invoke(app, ["calibrate", "-q", str(path)])
    assert result.exit_code == 1 and "never used to fit" in result.output
