"""The OpenAI chat-completions wire format: what a chat client sends, what it gets back.

Shapes only. ``api/routes/openai_compat.py`` maps them to ``Assistant.converse``, so a
chat client gets the same retrieval, decline decision and verification as ``/v1/chat``.
The sources are in the text (a client shows nothing else) and, structured, in the extra
field ``planassist`` of the completion (and of a stream's last chunk).
"""

from __future__ import annotations

import time
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.conversations import Turn
from assistant.domain import Answer
from assistant.errors import PlanassistError
from assistant.schemas import CitationOut
from assistant.source_list import with_sources

MODEL_ID = "planassist"
ROLES = ("system", "developer", "user", "assistant", "tool", "function")
"""Roles a chat client may send; only user turns are asked, the others are context."""


class OpenAIError(PlanassistError):
    """A request the chat-completions format refuses, with OpenAI's ``param`` and ``code``."""

    def __init__(
        self,
        message: str,
        status_code: int = 400,
        param: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code, self.param, self.code = status_code, param, code


def error_body(
    status: int, message: str, param: str | None = None, code: str | None = None
) -> dict[str, dict[str, str | None]]:
    """``{"error": {message, type, param, code}}``, as the OpenAI clients parse errors."""
    kind = "invalid_request_error"
    if status == 401:
        kind = "authentication_error"
    elif status >= 500:
        kind = "server_error"
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: str
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        """The message's text; of a list of parts, the text parts (images are not read)."""
        if isinstance(self.content, list):
            return "\n".join(p.text for p in self.content if p.type == "text" and p.text)
        return self.content or ""


class ChatCompletionRequest(BaseModel):
    """A chat completion request; sampling options (temperature, max_tokens …) are
    accepted and ignored: the answer is quoted or verified, not sampled freely."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "model": MODEL_ID,
                    "messages": [{"role": "user", "content": "Hvem vedtar planstrategien?"}],
                }
            ]
        },
    )

    model: str = Field(description=f"'{MODEL_ID}' (GET /v1/models).")
    messages: list[ChatMessage] = Field(
        description="The conversation; the last user turn is asked."
    )
    stream: bool = False

    def conversation(self) -> tuple[list[Turn], str]:
        """The earlier turns and the question (the last user message), or an OpenAIError."""
        check_model(self.model)
        if not self.messages:
            raise OpenAIError("messages is empty; send at least one user message", param="messages")
        for i, msg in enumerate(self.messages):
            if msg.role not in ROLES:
                raise OpenAIError(
                    f"messages[{i}].role '{msg.role}' is unknown; use one of: {', '.join(ROLES)}",
                    param=f"messages[{i}].role",
                )
        users = [i for i, msg in enumerate(self.messages) if msg.role == "user"]
        if not users:
            raise OpenAIError("messages has no user message to answer", param="messages")
        last = users[-1]
        question = self.messages[last].text()
        if not question.strip():
            raise OpenAIError(
                f"messages[{last}] (the question) has no text", param=f"messages[{last}].content"
            )
        history = [Turn(m.role, m.text(), 0.0) for m in self.messages[:last]]
        return history, question


def check_model(model: str) -> None:
    if model != MODEL_ID:
        raise OpenAIError(
            f"the model '{model}' does not exist; the one model here is '{MODEL_ID}'",
            status_code=404,
            param="model",
            code="model_not_found",
        )


class ModelCard(BaseModel):
    id: str = MODEL_ID
    object: Literal["model"] = "model"
    created: int = 0
    owned_by: str = "planassist"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard] = Field(default_factory=lambda: [ModelCard()])


class PlanassistExtra(BaseModel):
    """What a client that knows planassist can read besides the text."""

    citations: list[CitationOut]
    declined: bool = Field(description="The documents do not cover the question.")
    language: str
    mode: str
    question: str | None = Field(description="The question as answered (a follow-up made whole).")
    notice: str | None = None

    @classmethod
    def of(cls, answer: Answer) -> PlanassistExtra:
        return cls(
            citations=[CitationOut.of(c, answer.language) for c in answer.citations],
            declined=answer.abstained,
            language=answer.language,
            mode=answer.mode,
            question=answer.question,
            notice=answer.notice,
        )


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str = MODEL_ID
    choices: list[Choice]
    planassist: PlanassistExtra

    @classmethod
    def of(cls, answer: Answer, stream: CompletionStream | None = None) -> ChatCompletion:
        stream = stream or CompletionStream()
        return cls(
            id=stream.id,
            created=stream.created,
            choices=[Choice(message=AssistantMessage(content=with_sources(answer)))],
            planassist=PlanassistExtra.of(answer),
        )


class CompletionStream:
    """The ``chat.completion.chunk`` objects of one streamed answer, sharing id and time."""

    def __init__(self) -> None:
        self.id = f"chatcmpl-{uuid.uuid4().hex}"
        self.created = int(time.time())

    def chunk(
        self,
        delta: dict[str, str],
        finish_reason: str | None = None,
        answer: Answer | None = None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
        }
        if answer is not None:
            body["planassist"] = PlanassistExtra.of(answer).model_dump()
        return body

    def chunks(self, answer: Answer) -> list[dict[str, Any]]:
        """The verified answer with its sources, then the closing chunk with the extra field."""
        return [
            self.chunk({"content": with_sources(answer)}),
            self.chunk({}, "stop", answer),
        ]
