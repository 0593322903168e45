"""Feedback on answers, and its export as reference questions that `planassist eval` loads."""

from __future__ import annotations

from pathlib import Path

from evaluation.dataset import load_questions
from tests.auth.people import Site


def _rate(site: Site, who: str, question: str, rating: str, comment: str | None = None) -> dict:
    answer = site.client.post("/v1/ask", json={"question": question}, headers=site.as_(who))
    body = answer.json()
    feedback = {
        "rating": rating,
        "comment": comment,
        "question": question,
        "answer": body["answer"],
        "language": body["language"],
        "abstained": body["abstained"],
        "citations": body["citations"],
    }
    response = site.client.post("/v1/feedback", json=feedback, headers=site.as_(who))
    assert response.status_code == 201, response.text
    return response.json()


def test_feedback_is_stored_with_question_passages_and_answer(site: Site) -> None:
    saved = _rate(site, "rita", "Hvem skal vedta kommunal planstrategi?", "down", "for kort")
    assert (saved["user"], saved["rating"], saved["comment"]) == ("rita", "down", "for kort")
    assert saved["passages"][0]["doc_id"] and saved["passages"][0]["excerpt"]
    listed = site.client.get(
        "/v1/admin/feedback", params={"rating": "down"}, headers=site.as_("ada")
    )
    assert saved in listed.json()


def test_the_export_round_trips_through_the_evaluation_loader(site: Site, tmp_path: Path) -> None:
    _rate(site, "rita", "Hvem skal vedta kommunal planstrategi?", "up")
    _rate(site, "rolf", "Hva er reglene for fiskekvoter i Barentshavet?", "up")
    export = site.client.get("/v1/admin/feedback/questions", headers=site.as_("ada"))
    assert export.status_code == 200
    assert export.headers["content-disposition"].endswith('filename="feedback-questions.yaml"')
    path = tmp_path / "feedback.yaml"
    path.write_text(export.text, encoding="utf-8")
    known = {doc["id"] for doc in site.client.get("/v1/documents", headers=site.as_("ada")).json()}
    questions = {q.question: q for q in load_questions(path, known)}
    answered = questions["Hvem skal vedta kommunal planstrategi?"]
    assert answered.kind == "fact" and answered.language == "nb" and answered.expected_sources
    assert answered.must_mention
    declined = questions["Hva er reglene for fiskekvoter i Barentshavet?"]
    assert (declined.kind, declined.expected_sources) == ("negative", ())
