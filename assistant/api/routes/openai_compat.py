"""OpenAI-compatible model endpoint: planassist as the model ``planassist`` in any chat
client that speaks the OpenAI API (Open WebUI, LibreChat, the ``openai`` library).

``POST /v1/chat/completions`` answers the last user message after the earlier ones, via
``Assistant.converse`` (the path ``/v1/chat`` takes). A chat client cannot take back text
it has shown, so a stream carries only the verified answer: a first chunk with the role at
once, the answer with its sources when it is ready, then ``data: [DONE]``. Errors are
OpenAI's ``{"error": {…}}`` bodies, so the clients raise their usual exceptions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sse_starlette.sse import EventSourceResponse

from assistant.answer.compose import Token
from assistant.api.deps import AssistantDep, bearer_token
from assistant.api.errors import validation_message
from assistant.domain import Answer
from assistant.errors import PlanassistError
from assistant.openai_format import (
    ChatCompletion,
    ChatCompletionRequest,
    CompletionStream,
    ModelCard,
    ModelList,
    check_model,
    error_body,
)


def _error(exc: PlanassistError) -> tuple[int, dict[str, Any]]:
    """OpenAI answers an invalid request with 400 (where planassist says 422)."""
    status = 400 if exc.status_code == 422 else exc.status_code
    param, code = getattr(exc, "param", None), getattr(exc, "code", None)
    return status, error_body(status, str(exc), param, code)


class OpenAIRoute(APIRoute):
    """A route whose errors (bad body, refused request, missing index) are OpenAI-shaped."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                first = exc.errors()[0].get("loc", ()) if exc.errors() else ()
                param = ".".join(str(p) for p in first if p != "body") or None
                return JSONResponse(error_body(400, validation_message(exc), param), 400)
            except PlanassistError as exc:
                status, body = _error(exc)
                return JSONResponse(body, status)

        return route


router = APIRouter(
    prefix="/v1",
    tags=["openai"],
    route_class=OpenAIRoute,
    dependencies=[Depends(bearer_token)],
)


@router.get("/models", response_model=ModelList)
def list_models() -> ModelList:
    """The one model, ``planassist``, for a chat client's model picker."""
    return ModelList()


@router.get("/models/{model}", response_model=ModelCard)
def get_model(model: str) -> ModelCard:
    check_model(model)
    return ModelCard()


def _answer(events: Iterator[Token | Answer]) -> Answer:
    *_, answer = events
    assert isinstance(answer, Answer)
    return answer


def _chunks(events: Iterator[Token | Answer], stream: CompletionStream) -> Iterator[str]:
    """SSE data: the role, the verified answer, the closing chunk, ``[DONE]``."""
    yield json.dumps(stream.chunk({"role": "assistant", "content": ""}), ensure_ascii=False)
    try:
        for chunk in stream.chunks(_answer(events)):
            yield json.dumps(chunk, ensure_ascii=False)
    except PlanassistError as exc:
        yield json.dumps(_error(exc)[1], ensure_ascii=False)
    yield "[DONE]"


@router.post(
    "/chat/completions",
    response_model=ChatCompletion,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "JSON, or SSE if stream"},
        400: {"description": "Invalid request (OpenAI error body)"},
        404: {"description": "Unknown model (OpenAI error body)"},
    },
)
async def chat_completions(
    body: ChatCompletionRequest, assistant: AssistantDep
) -> ChatCompletion | EventSourceResponse:
    """Answer the last user message in the light of the conversation, with its sources."""
    history, question = body.conversation()
    if body.stream:
        await run_in_threadpool(assistant.precheck, question, None, None)
        events = assistant.converse(history, question)
        return EventSourceResponse(_chunks(events, CompletionStream()))
    answer = await run_in_threadpool(_answer, assistant.converse(history, question))
    return ChatCompletion.of(answer)
