"""Generative answers through the real app with a scripted chat model (langchain's fake)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.api.app import create_app
from assistant.prompts import message
from assistant.service import Assistant
from assistant.settings import Settings

QUESTION = "Hvem skal vedta kommunal planstrategi?"


def llm_client(settings: Settings, *replies: str, verdict: str | None = "JA") -> TestClient:
    """The app with a model that gives ``verdict`` to the answerability check (None: no
    check is made), then ``replies`` in turn."""
    settings = settings.model_copy(update={"llm_check_answerable": verdict is not None})
    scripted = ([verdict] if verdict is not None else []) + list(replies)
    model = GenericFakeChatModel(messages=iter([AIMessage(reply) for reply in scripted]))
    return TestClient(create_app(settings, Assistant(settings, chat_model=model)))


GOOD = "Kommunestyret skal vedta kommunal planstrategi minst én gang i hver valgperiode [1]."


def test_cited_generated_answer(indexed_settings: Settings) -> None:
    with llm_client(indexed_settings, f"{GOOD} Månen er ost [1].") as client:
        body = client.post("/v1/ask", json={"question": QUESTION, "mode": "llm"}).json()
    assert body["mode"] == "llm" and not body["abstained"]
    assert body["answer"] == GOOD
    assert body["unsupported_sentences"] == ["Månen er ost [1]."]
    assert body["citations"][0]["n"] == 1 and body["citations"][0]["doc_id"] == "pbl"
    assert body["notice"] and "first_token_s" in body["timings"]


def test_written_answer_with_a_wrong_fact_loses_that_sentence(indexed_settings: Settings) -> None:
    wrong = "Kommunestyret skal vedta kommunal planstrategi innen 1. februar 2037 [1]."
    with llm_client(indexed_settings, f"{GOOD} {wrong} {wrong}") as client:
        body = client.post("/v1/ask", json={"question": QUESTION, "mode": "llm"}).json()
    assert body["mode"] == "llm" and body["answer"] == GOOD
    assert body["unsupported_sentences"] == [wrong] and body["notice"]


def test_written_answer_that_loses_the_quoted_facts_falls_back(
    indexed_settings: Settings,
) -> None:
    reply = "Kommunestyret skal vedta kommunal planstrategi i hver valgperiode [1]."
    question = "Når må kommunestyret senest vedta kommunal planstrategi?"
    with llm_client(indexed_settings, reply) as client:
        body = client.post("/v1/ask", json={"question": question, "mode": "llm"}).json()
    assert body["mode"] == "extractive" and "ett år" in body["answer"]
    assert body["notice"] == message("lost_fact", "nb")


def test_a_who_question_may_leave_out_the_deadline(indexed_settings: Settings) -> None:
    reply = "Kommunestyret skal vedta kommunal planstrategi i hver valgperiode [1]."
    with llm_client(indexed_settings, reply) as client:
        body = client.post("/v1/ask", json={"question": QUESTION, "mode": "llm"}).json()
    assert body["mode"] == "llm" and body["answer"] == reply


def test_model_saying_not_covered_abstains(indexed_settings: Settings) -> None:
    with llm_client(indexed_settings, "IKKE DEKKET") as client:
        body = client.post("/v1/ask", json={"question": QUESTION, "mode": "llm"}).json()
    assert body["abstained"] and body["citations"] == []


def test_model_judging_the_passages_short_declines_before_writing(
    indexed_settings: Settings,
) -> None:
    with llm_client(indexed_settings, verdict="NEI.") as client:  # a written reply would fail
        body = client.post("/v1/ask", json={"question": QUESTION, "mode": "llm"}).json()
    assert body["abstained"] and body["citations"] == []
    assert body["answer"] == message("not_covered", "nb") and "check_s" in body["timings"]


@pytest.mark.parametrize("verdict", ["JA", "Ja, utdrag [1] svarer.", "¤#%", None])
def test_the_model_writes_unless_the_check_says_no(
    indexed_settings: Settings, verdict: str | None
) -> None:
    with llm_client(indexed_settings, GOOD, verdict=verdict) as client:
        body = client.post("/v1/ask", json={"question": QUESTION, "mode": "llm"}).json()
    assert body["mode"] == "llm" and body["answer"] == GOOD
    assert ("check_s" in body["timings"]) == (verdict is not None)


def test_out_of_corpus_question_never_reaches_the_model(indexed_settings: Settings) -> None:
    with llm_client(indexed_settings, verdict=None) as client:  # a call would fail
        question = "Hva er reglene for fiskekvoter i Barentshavet?"
        body = client.post("/v1/ask", json={"question": question, "mode": "llm"}).json()
    assert body["abstained"] and body["notice"] is None


def test_stream_sends_tokens_then_the_answer(indexed_settings: Settings) -> None:
    reply = "Kommunestyret skal vedta kommunal planstrategi [1]."
    with llm_client(indexed_settings, reply) as client:
        response = client.post("/v1/ask/stream", json={"question": QUESTION, "mode": "llm"})
    events = [
        line.split(": ", 1)[1] for line in response.text.splitlines() if line.startswith("event:")
    ]
    data = [json.loads(line[6:]) for line in response.text.splitlines() if line.startswith("data:")]
    assert events[-1] == "answer" and events.count("token") > 1
    assert "".join(d["text"] for d in data[:-1]) == reply
    assert data[-1]["citations"][0]["doc_id"] == "pbl"


def test_unreachable_llm_falls_back_with_notice(indexed_settings: Settings) -> None:
    settings = indexed_settings.model_copy(
        update={
            "llm": "openai",
            "llm_base_url": "http://127.0.0.1:9/v1",
            "llm_max_retries": 0,
            "llm_timeout_s": 5,
        }
    )
    with TestClient(create_app(settings, Assistant(settings))) as client:
        body = client.post("/v1/ask", json={"question": QUESTION}).json()
        health = client.get("/healthz").json()
    assert body["mode"] == "extractive" and not body["abstained"]
    assert "could not connect" in body["notice"] and body["citations"]
    assert health["answer_mode"] == "llm" and "127.0.0.1:9" in health["llm"]


def test_llm_mode_without_llm_is_a_clear_error(client: TestClient) -> None:
    response = client.post("/v1/ask", json={"question": QUESTION, "mode": "llm"})
    assert response.status_code == 422
    assert "PLANASSIST_LLM" in response.json()["detail"]
    stream = client.post("/v1/ask/stream", json={"question": "", "mode": "extractive"})
    assert stream.status_code == 422


def test_chat_follow_up_uses_the_conversation(indexed_settings: Settings) -> None:
    with llm_client(indexed_settings) as client:
        first = client.post(
            "/v1/chat", json={"message": "Hva er en kommunal planstrategi?", "mode": "extractive"}
        ).json()
        conversation = first["conversation_id"]
        follow = client.post(
            "/v1/chat",
            json={
                "message": "og hvem vedtar den?",
                "conversation_id": conversation,
                "mode": "extractive",
            },
        ).json()
        assert "planstrategi" in follow["question"].lower() and not follow["abstained"]
        turns = client.get(f"/v1/chat/{conversation}").json()["turns"]
        assert [t["role"] for t in turns] == ["user", "assistant", "user", "assistant"]
        assert client.delete(f"/v1/chat/{conversation}").status_code == 204
        missing = client.post(
            "/v1/chat", json={"message": "og så?", "conversation_id": conversation}
        )
    assert missing.status_code == 404 and "start a new one" in missing.json()["detail"]


def test_chat_question_differs_from_the_message_only_when_rewritten(
    indexed_settings: Settings,
) -> None:
    def ask(client: TestClient, message: str, conversation: str | None = None) -> dict:
        body = {"message": message, "mode": "extractive", "conversation_id": conversation}
        return client.post("/v1/chat", json=body).json()

    with llm_client(indexed_settings) as client:
        first = ask(client, "Hvem vedtar planstrategien?")
        conversation = first["conversation_id"]
        assert first["question"] == "Hvem vedtar planstrategien?"
        follow = ask(client, "og når må den være vedtatt?", conversation)
        assert follow["question"] == "Når må planstrategien være vedtatt?"
        alone = ask(client, "Hva er et planprogram?", conversation)
        assert alone["question"] == "Hva er et planprogram?"
        away = ask(client, "Hvem vant Eurovision i 2024?", conversation)
        assert away["question"] == "Hvem vant Eurovision i 2024?" and away["abstained"]


@pytest.mark.parametrize("path", ["/v1/chat", "/v1/chat/stream"])
def test_chat_rejects_empty_message(client: TestClient, path: str) -> None:
    response = client.post(path, json={"message": " "})
    assert response.status_code == 422 and "empty" in response.json()["detail"]
