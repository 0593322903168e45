"""The chat model misbehaves: slow, stalled, HTTP 500, garbage, empty, cut off, hung up on,
or not listening. Every answer front door still answers 200 in bounded time with the
quoted answer and a notice naming the reason (never a 500, a 503 or a hang), saves the
conversation turn, and writes answers again once the model is back.

The model is a real OpenAI-compatible HTTP server on loopback (``llm_endpoint``), reached
through ``PLANASSIST_LLM=openai`` exactly as llama.cpp, Ollama or vLLM would be.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import httpx
import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.llm import max_tokens_field
from assistant.prompts import message
from assistant.service import Assistant
from assistant.settings import Settings
from tests.faults.llm_endpoint import Fault, LLMEndpoint

QUESTION = "Hvem skal vedta kommunal planstrategi?"
FOLLOW_UP = "og når må den være vedtatt?"
WRITTEN = "Kommunestyret skal vedta kommunal planstrategi minst én gang i hver valgperiode [1]."
"""What the model writes when it works: grounded in the test corpus, so it is kept."""
TIMEOUT_S = 1.0
BOUND_S = 20.0
"""No request may take longer: a hang fails the test instead of stalling the suite."""
REASONS: dict[Fault | str, str] = {
    "slow": "timed out",
    "stall": "timed out",
    "error": "HTTP 500",
    "garbage": "unreadable answer",
    "wrong_shape": "empty answer",
    "empty": "empty answer",
    "broken": "the connection broke off",
    "hangup": "the connection broke off",
    "down": "could not connect",
}
T = TypeVar("T")


def within(call: Callable[[], T]) -> T:
    """``call()``, failing the test if it has not returned after ``BOUND_S``."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result(timeout=BOUND_S)


def llm_settings(indexed: Settings, llm: LLMEndpoint, **overrides: object) -> Settings:
    values = {
        "llm": "openai",
        "llm_base_url": llm.base_url,
        "llm_timeout_s": TIMEOUT_S,
        "llm_max_retries": 0,
        "llm_retry_after_s": 0.0,  # every request tries the model (one test checks the rest)
        **overrides,
    }
    return indexed.model_copy(update=values)


@pytest.fixture
def llm() -> Iterator[LLMEndpoint]:
    with LLMEndpoint(WRITTEN) as endpoint:
        yield endpoint


@pytest.fixture
def app(indexed_settings: Settings, llm: LLMEndpoint) -> Iterator[TestClient]:
    settings = llm_settings(indexed_settings, llm)
    with TestClient(create_app(settings, Assistant(settings))) as client:
        yield client


def post(client: TestClient, path: str, body: dict[str, Any]) -> httpx.Response:
    return within(lambda: client.post(path, json=body))


def streamed(response: httpx.Response) -> tuple[list[str], dict[str, Any]]:
    """The SSE event names and the last event's data."""
    lines = response.text.splitlines()
    names = [line.split(": ", 1)[1] for line in lines if line.startswith("event:")]
    data = [json.loads(line[6:]) for line in lines if line.startswith("data:")]
    return names, data[-1]


def assert_quoted(body: dict[str, Any], reason: str) -> None:
    assert body["mode"] == "extractive" and not body["abstained"], body
    assert body["notice"] == message("llm_unavailable", "nb", reason=reason)
    assert body["citations"] and "«" in body["answer"]


def assert_written(body: dict[str, Any]) -> None:
    assert (body["mode"], body["answer"], body["notice"]) == ("llm", WRITTEN, None), body


def every_front_door(client: TestClient, check: Callable[[dict[str, Any]], None]) -> str:
    """Ask through /v1/ask, its stream, /v1/chat (a question and a follow-up), its stream
    and the OpenAI-compatible endpoint; ``check`` each answer. Returns the conversation."""
    response = post(client, "/v1/ask", {"question": QUESTION})
    assert response.status_code == 200, response.text
    check(response.json())

    response = post(client, "/v1/ask/stream", {"question": QUESTION})
    names, last = streamed(response)
    assert response.status_code == 200 and names[-1] == "answer" and "error" not in names
    check(last)

    response = post(client, "/v1/chat", {"message": QUESTION})
    assert response.status_code == 200, response.text
    check(response.json())
    conversation = response.json()["conversation_id"]
    follow_up = {"message": FOLLOW_UP, "conversation_id": conversation}
    response = post(client, "/v1/chat", follow_up)
    assert response.status_code == 200, response.text
    assert response.json()["citations"]  # the follow-up is about its own question

    response = post(client, "/v1/chat/stream", {"message": QUESTION})
    names, last = streamed(response)
    assert response.status_code == 200 and names[-1] == "answer" and "error" not in names
    check(last)

    for stream in (False, True):
        body = {"model": "planassist", "messages": [{"role": "user", "content": QUESTION}]}
        response = post(client, "/v1/chat/completions", {**body, "stream": stream})
        assert response.status_code == 200 and '"error"' not in response.text, response.text
    return conversation


@pytest.mark.parametrize("fault", list(REASONS))
def test_a_failing_model_gives_the_quoted_answer_and_recovers(
    fault: Fault | str, llm: LLMEndpoint, app: TestClient
) -> None:
    if fault == "down":
        llm.stop()
    else:
        llm.fault = fault  # type: ignore[assignment]
    conversation = every_front_door(app, lambda body: assert_quoted(body, REASONS[fault]))

    turns = app.get(f"/v1/chat/{conversation}").json()["turns"]
    assert [t["role"] for t in turns] == ["user", "assistant"] * 2
    assert turns[0]["text"] == QUESTION and "«" in turns[1]["text"]

    if fault == "down":
        llm.start()
    llm.fault = "none"
    every_front_door(app, assert_written)
    continued = post(app, "/v1/chat", {"message": QUESTION, "conversation_id": conversation})
    assert_written(continued.json())
    turns = app.get(f"/v1/chat/{conversation}").json()["turns"]
    assert len(turns) == 6 and turns[-1]["text"] == WRITTEN


def test_after_a_failure_the_model_rests_then_is_tried_again(
    indexed_settings: Settings, llm: LLMEndpoint
) -> None:
    settings = llm_settings(indexed_settings, llm, llm_retry_after_s=1.0)
    with TestClient(create_app(settings, Assistant(settings))) as client:
        llm.fault = "slow"
        assert_quoted(post(client, "/v1/ask", {"question": QUESTION}).json(), "timed out")
        asked = len(llm.requests)
        llm.fault = "none"  # back, but not tried until the rest is over
        resting = post(client, "/v1/ask", {"question": QUESTION}).json()
        assert_quoted(resting, "timed out")
        assert len(llm.requests) == asked
        time.sleep(settings.llm_retry_after_s)
        assert_written(post(client, "/v1/ask", {"question": QUESTION}).json())


def test_a_draft_waits_for_a_dead_model_once(indexed_settings: Settings, llm: LLMEndpoint) -> None:
    """A planprogram has many sections: the first that meets the timeout stands for all."""
    settings = llm_settings(indexed_settings, llm, llm_retry_after_s=60.0)
    with TestClient(create_app(settings, Assistant(settings))) as client:
        llm.fault = "slow"
        inputs = {"kommune": "Eksempelvik", "plantype": "samfunnsdel", "periode": "2026–2036"}
        response = post(client, "/v1/drafts/planprogram", inputs)
        assert response.status_code == 200, response.text
        draft = response.json()
        notices = [s["notice"] for s in draft["sections"] if s["notice"]]
        assert len(notices) > 1 and all("timed out" in notice for notice in notices)
        assert len(llm.requests) == 1
        assert client.get(f"/v1/drafts/{draft['id']}").status_code == 200


@pytest.mark.parametrize(
    ("base_url", "field"),
    [
        ("http://127.0.0.1:8080/v1", "max_tokens"),  # llama.cpp, Ollama, vLLM
        ("https://api.openai.com/v1", "max_completion_tokens"),
        ("https://kommune.openai.azure.com/openai/v1", "max_completion_tokens"),
    ],
)
def test_the_length_limit_goes_in_the_field_the_server_reads(base_url: str, field: str) -> None:
    assert max_tokens_field(Settings(llm="openai", llm_base_url=base_url)) == field
    chosen = Settings(llm="openai", llm_base_url=base_url, llm_max_tokens_field="max_tokens")
    assert max_tokens_field(chosen) == "max_tokens"


@pytest.mark.parametrize("check", [False, True])
def test_an_openai_compatible_server_gets_max_tokens(
    indexed_settings: Settings, llm: LLMEndpoint, check: bool
) -> None:
    """llama.cpp's server ignores max_completion_tokens (the name the client library sends),
    and OpenAI refuses a request with both: exactly one, the one the server reads. The
    answerability check asks for one word."""
    settings = llm_settings(indexed_settings, llm, llm_check_answerable=check)
    with TestClient(create_app(settings, Assistant(settings))) as client:
        assert_written(client.post("/v1/ask", json={"question": QUESTION}).json())
    limits = [request["max_tokens"] for request in llm.requests]
    assert limits == ([4, settings.llm_max_tokens] if check else [settings.llm_max_tokens])
    assert not any("max_completion_tokens" in request for request in llm.requests)


def test_a_failing_answerability_check_gives_the_quoted_answer(
    indexed_settings: Settings, llm: LLMEndpoint
) -> None:
    settings = llm_settings(indexed_settings, llm, llm_check_answerable=True)
    with TestClient(create_app(settings, Assistant(settings))) as client:
        llm.fault = "error"
        assert_quoted(post(client, "/v1/ask", {"question": QUESTION}).json(), "HTTP 500")
        assert len(llm.requests) == 1  # the check failed: the model was not asked to write
