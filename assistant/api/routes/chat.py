from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from fastapi.concurrency import run_in_threadpool
from sse_starlette.sse import EventSourceResponse

from assistant.api.deps import AssistantDep, AuditDep, CurrentUser
from assistant.api.streaming import sse
from assistant.domain import Answer
from assistant.drafting.export import MEDIA_TYPES
from assistant.schemas import (
    AskResponse,
    ChatRequest,
    ChatResponse,
    ConversationOut,
    ConversationRename,
    ConversationSummaryOut,
    TurnOut,
)
from assistant.transcript import conversation_docx, conversation_markdown

router = APIRouter(prefix="/v1/chat", tags=["chat"])


def _conversation(body: ChatRequest, assistant: AssistantDep, user: str) -> str:
    """A new conversation of ``user``'s, or one of theirs to continue (404 for another's)."""
    if body.conversation_id is None:
        return assistant.conversations.create(user)
    assistant.conversations.require(body.conversation_id, user)
    return body.conversation_id


def _response(conversation: str) -> Callable[[Answer], ChatResponse]:
    def to_response(answer: Answer) -> ChatResponse:
        return ChatResponse(conversation_id=conversation, **AskResponse.of(answer).model_dump())

    return to_response


@router.post("", response_model=ChatResponse)
async def chat(body: ChatRequest, assistant: AssistantDep, user: CurrentUser) -> ChatResponse:
    """Ask within a conversation: follow-ups ("og hvem vedtar den?") are made standalone."""
    conversation = _conversation(body, assistant, user)

    def run() -> Answer:
        *_, answer = assistant.chat(conversation, body.message, body.domain_filters(), body.mode)
        return answer

    return _response(conversation)(await run_in_threadpool(run))


@router.post("/stream", response_class=EventSourceResponse)
async def chat_stream(
    body: ChatRequest, assistant: AssistantDep, user: CurrentUser
) -> EventSourceResponse:
    """As /v1/chat, streamed: ``token`` events, then ``answer`` with the conversation id."""
    conversation = _conversation(body, assistant, user)
    await run_in_threadpool(assistant.precheck, body.message, body.domain_filters(), body.mode)
    events = assistant.chat(conversation, body.message, body.domain_filters(), body.mode)
    return sse(events, _response(conversation))


@router.get("", response_model=list[ConversationSummaryOut])
def conversations(assistant: AssistantDep, user: CurrentUser) -> list[ConversationSummaryOut]:
    """Your conversations, the most recently used first (open one by its id)."""
    return [
        ConversationSummaryOut(**summary.__dict__) for summary in assistant.conversations.list(user)
    ]


@router.get("/{conversation_id}", response_model=ConversationOut)
def history(conversation_id: str, assistant: AssistantDep, user: CurrentUser) -> ConversationOut:
    """One of your conversations so far (the last turns kept, oldest first)."""
    turns = assistant.conversations.require(conversation_id, user)
    return ConversationOut(
        conversation_id=conversation_id,
        title=assistant.conversations.title(conversation_id),
        turns=[TurnOut.of(turn) for turn in turns],
    )


@router.patch("/{conversation_id}", response_model=ConversationSummaryOut)
def rename(
    conversation_id: str, body: ConversationRename, assistant: AssistantDep, user: CurrentUser
) -> ConversationSummaryOut:
    """Give one of your conversations a title (an empty one: its first question again)."""
    conversations = assistant.conversations
    conversations.rename(conversation_id, body.title, user)
    summary = next(s for s in conversations.list(user) if s.conversation_id == conversation_id)
    return ConversationSummaryOut(**summary.__dict__)


@router.get("/{conversation_id}/export")
def export(
    conversation_id: str,
    assistant: AssistantDep,
    user: CurrentUser,
    format: Annotated[Literal["md", "docx"], Query(description="md or docx")] = "md",
) -> Response:
    """One of your conversations as Markdown or Word: each question, its answer and the
    answer's sources (document, § or section, page, the version of a law quoted)."""
    turns = assistant.conversations.require(conversation_id, user)
    title = assistant.conversations.title(conversation_id)
    write = conversation_markdown if format == "md" else conversation_docx
    content = write(conversation_id, turns, title)
    filename = f"samtale-{conversation_id}.{format}"
    return Response(
        content,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.delete("/{conversation_id}", status_code=204)
def delete(
    conversation_id: str, assistant: AssistantDep, user: CurrentUser, audit: AuditDep
) -> None:
    """Forget one of your conversations now (otherwise it expires)."""
    assistant.conversations.delete(conversation_id, user)
    audit.record(user, "conversation_deleted", conversation_id)
