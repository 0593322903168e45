from collections.abc import Callable

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from sse_starlette.sse import EventSourceResponse

from assistant.api.deps import AssistantDep, AuditDep, CurrentUser
from assistant.api.streaming import sse
from assistant.domain import Answer
from assistant.schemas import (
    AskResponse,
    ChatRequest,
    ChatResponse,
    ConversationOut,
    ConversationSummaryOut,
    TurnOut,
)

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
        turns=[TurnOut(role=t.role, text=t.text, created=t.created) for t in turns],
    )


@router.delete("/{conversation_id}", status_code=204)
def delete(
    conversation_id: str, assistant: AssistantDep, user: CurrentUser, audit: AuditDep
) -> None:
    """Forget one of your conversations now (otherwise it expires)."""
    assistant.conversations.delete(conversation_id, user)
    audit.record(user, "conversation_deleted", conversation_id)
