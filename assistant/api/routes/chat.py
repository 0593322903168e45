from collections.abc import Callable

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from sse_starlette.sse import EventSourceResponse

from assistant.api.deps import AssistantDep
from assistant.api.streaming import sse
from assistant.domain import Answer
from assistant.schemas import AskResponse, ChatRequest, ChatResponse, ConversationOut, TurnOut

router = APIRouter(prefix="/v1/chat", tags=["chat"])


def _conversation(body: ChatRequest, assistant: AssistantDep) -> str:
    if body.conversation_id is None:
        return assistant.conversations.create()
    assistant.conversations.require(body.conversation_id)
    return body.conversation_id


def _response(conversation: str) -> Callable[[Answer], ChatResponse]:
    def to_response(answer: Answer) -> ChatResponse:
        return ChatResponse(conversation_id=conversation, **AskResponse.of(answer).model_dump())

    return to_response


@router.post("", response_model=ChatResponse)
async def chat(body: ChatRequest, assistant: AssistantDep) -> ChatResponse:
    """Ask within a conversation: follow-ups ("og hvem vedtar den?") are made standalone."""
    conversation = _conversation(body, assistant)

    def run() -> Answer:
        *_, answer = assistant.chat(conversation, body.message, body.domain_filters(), body.mode)
        return answer

    return _response(conversation)(await run_in_threadpool(run))


@router.post("/stream", response_class=EventSourceResponse)
async def chat_stream(body: ChatRequest, assistant: AssistantDep) -> EventSourceResponse:
    """As /v1/chat, streamed: ``token`` events, then ``answer`` with the conversation id."""
    conversation = _conversation(body, assistant)
    await run_in_threadpool(assistant.precheck, body.message, body.domain_filters(), body.mode)
    events = assistant.chat(conversation, body.message, body.domain_filters(), body.mode)
    return sse(events, _response(conversation))


@router.get("/{conversation_id}", response_model=ConversationOut)
def history(conversation_id: str, assistant: AssistantDep) -> ConversationOut:
    """The conversation so far (the last turns kept, oldest first)."""
    turns = assistant.conversations.require(conversation_id)
    return ConversationOut(
        conversation_id=conversation_id,
        turns=[TurnOut(role=t.role, text=t.text, created=t.created) for t in turns],
    )


@router.delete("/{conversation_id}", status_code=204)
def delete(conversation_id: str, assistant: AssistantDep) -> None:
    """Forget a conversation now (otherwise it expires)."""
    assistant.conversations.delete(conversation_id)
