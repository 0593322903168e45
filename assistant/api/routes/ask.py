from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from sse_starlette.sse import EventSourceResponse

from assistant.api.deps import AssistantDep
from assistant.api.streaming import sse
from assistant.schemas import AskRequest, AskResponse, SearchHit, SearchResponse

router = APIRouter(prefix="/v1", tags=["ask"])


@router.post("/ask", response_model=AskResponse)
async def ask(body: AskRequest, assistant: AssistantDep) -> AskResponse:
    """Answer a question from the documents, with numbered citations, or abstain."""
    answer = await run_in_threadpool(
        assistant.ask, body.question, body.top_k, body.domain_filters(), body.mode
    )
    return AskResponse.of(answer)


@router.post("/ask/stream", response_class=EventSourceResponse)
async def ask_stream(body: AskRequest, assistant: AssistantDep) -> EventSourceResponse:
    """The answer as server-sent events: ``token`` {text} …, then ``answer`` (as /v1/ask)."""
    await run_in_threadpool(assistant.precheck, body.question, body.domain_filters(), body.mode)
    events = assistant.stream(body.question, body.top_k, body.domain_filters(), body.mode)
    return sse(events, AskResponse.of)


@router.post("/search", response_model=SearchResponse)
async def search(body: AskRequest, assistant: AssistantDep) -> SearchResponse:
    """Ranked passages (hybrid dense + BM25) with their metadata and scores."""
    hits = await run_in_threadpool(
        assistant.search, body.question, body.top_k, body.domain_filters()
    )
    return SearchResponse(
        query=body.question, hits=[SearchHit.of(rank, hit) for rank, hit in enumerate(hits, 1)]
    )
