"""The OpenAI-compatible endpoint through the official ``openai`` client (sync, async and
streaming) against the real app, served by uvicorn on a loopback port."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import openai
import pytest

from assistant.api.app import create_app
from assistant.service import Assistant
from assistant.settings import Settings
from tests.helpers import serve_in_thread

COVERED = "Hvem skal vedta kommunal planstrategi?"
NOT_COVERED = "Hva er reglene for fiskekvoter i Barentshavet?"


@pytest.fixture(scope="module")
def base_url(indexed_settings: Settings, assistant: Assistant) -> Iterator[str]:
    with serve_in_thread(create_app(indexed_settings, assistant)) as url:
        yield f"{url}/v1"


@pytest.fixture
def client(base_url: str) -> Iterator[openai.OpenAI]:
    # Any key passes (no auth yet); the client sends it as a bearer token.
    with openai.OpenAI(base_url=base_url, api_key="any-key", max_retries=0) as client:
        yield client


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def test_models_lists_planassist(client: openai.OpenAI) -> None:
    assert [model.id for model in client.models.list()] == ["planassist"]
    assert client.models.retrieve("planassist").id == "planassist"


def test_cited_answer_lists_its_sources(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(model="planassist", messages=[user(COVERED)])
    text = completion.choices[0].message.content
    extra = completion.model_extra["planassist"]
    assert completion.choices[0].finish_reason == "stop" and extra["declined"] is False
    assert "kommunestyret" in text.lower()
    assert "\n\nKilder:\n- [1] " in text
    for citation in extra["citations"]:
        assert f"[{citation['n']}]" in text.split("Kilder:")[0]
    assert any(c["section"].startswith("§ 10-1") for c in extra["citations"])
    assert "§ 10-1. Kommunal planstrategi" in text.split("Kilder:")[1]


def test_not_covered_answer_declines(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(model="planassist", messages=[user(NOT_COVERED)])
    extra = completion.model_extra["planassist"]
    assert extra["declined"] is True and extra["citations"] == []
    assert "dekker ikke" in completion.choices[0].message.content
    assert "Kilder:" not in completion.choices[0].message.content


def test_follow_up_reads_the_conversation(client: openai.OpenAI) -> None:
    messages = [
        {"role": "system", "content": "Du er en hjelpsom assistent."},
        user("Hvem vedtar planstrategien?"),
        {"role": "assistant", "content": "Kommunestyret. [1]"},
        user("og når må den være vedtatt?"),
    ]
    completion = client.chat.completions.create(model="planassist", messages=messages)
    assert completion.model_extra["planassist"]["question"] == "Når må planstrategien være vedtatt?"


def test_streaming_sends_the_verified_answer_then_done(client: openai.OpenAI) -> None:
    chunks = list(
        client.chat.completions.create(model="planassist", messages=[user(COVERED)], stream=True)
    )
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(chunk.choices[0].delta.content or "" for chunk in chunks)
    last = chunks[-1]
    assert last.choices[0].finish_reason == "stop"
    assert last.model_extra["planassist"]["declined"] is False
    assert "Kilder:\n- [1] " in text and len({chunk.id for chunk in chunks}) == 1


def test_stream_ends_with_done_in_openai_sse(base_url: str) -> None:
    body = {"model": "planassist", "messages": [user(NOT_COVERED)], "stream": True}
    response = httpx.post(f"{base_url}/chat/completions", json=body, timeout=60)
    assert response.headers["content-type"].startswith("text/event-stream")
    data = [line[6:] for line in response.text.splitlines() if line.startswith("data: ")]
    assert data[-1] == "[DONE]" and '"declined": true' in data[-2]


@pytest.mark.anyio
async def test_async_client_cited_and_streamed(base_url: str) -> None:
    async with openai.AsyncOpenAI(base_url=base_url, api_key="k", max_retries=0) as client:
        completion = await client.chat.completions.create(
            model="planassist", messages=[user("Kva er innsatstrappa?")]
        )
        assert completion.model_extra["planassist"]["language"] == "nn"
        assert "Kjelder:" in completion.choices[0].message.content
        stream = await client.chat.completions.create(
            model="planassist", messages=[user(NOT_COVERED)], stream=True
        )
        text = "".join([chunk.choices[0].delta.content or "" async for chunk in stream])
    assert "dekker ikke" in text


@pytest.mark.parametrize(
    ("model", "messages", "status", "match"),
    [
        ("planassist", [], 400, "messages is empty"),
        ("planassist", [{"role": "system", "content": "Svar kort."}], 400, "no user message"),
        ("planassist", [{"role": "wizard", "content": "hei"}], 400, "role 'wizard' is unknown"),
        ("planassist", [user("  ")], 400, "has no text"),
        ("planassist", [user("x" * 3000)], 400, "the limit is"),
        ("gpt-4o", [user(COVERED)], 404, "does not exist"),
    ],
)
@pytest.mark.parametrize("stream", [False, True])
def test_bad_requests_get_openai_errors(
    client: openai.OpenAI, model: str, messages: list, status: int, match: str, stream: bool
) -> None:
    with pytest.raises(openai.APIStatusError, match=match) as raised:
        client.chat.completions.create(model=model, messages=messages, stream=stream)
    assert raised.value.status_code == status
    assert raised.value.body["type"] == "invalid_request_error"


def test_malformed_body_is_an_openai_error(base_url: str) -> None:
    response = httpx.post(f"{base_url}/chat/completions", json={"model": "planassist"})
    error = response.json()["error"]
    assert response.status_code == 400 and error["param"] == "messages"
    assert "messages: Field required" in error["message"]
    missing = httpx.get(f"{base_url}/models/gpt-4o").json()["error"]
    assert missing["code"] == "model_not_found"
