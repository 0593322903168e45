from dataclasses import asdict

from fastapi import APIRouter, Request

from assistant.api.deps import get_assistant, get_scope
from assistant.errors import DatabaseUnavailable
from assistant.schemas import HealthResponse
from assistant.scope import Scope

router = APIRouter(tags=["health"])

PRIVATE = ("documents", "chunks", "llm", "replica")
"""What a caller who may read nothing is not told: how much the organisations hold, where
the LLM answers and which host serves."""


def _readable(request: Request) -> Scope:
    """What the caller may read; nothing while sign-in cannot tell (the database is
    down), so /healthz answers all the same."""
    try:
        return get_scope(request)
    except DatabaseUnavailable:
        return Scope(frozenset())


@router.get("/healthz", response_model=HealthResponse)
def healthz(request: Request) -> HealthResponse:
    """Is the index loaded, is the model loaded; open to anyone (load balancers, deploy
    checks). Document and chunk counts are of the collections the caller reads: with
    sign-in on, nobody signed in learns neither them nor where the parts run."""
    scope = _readable(request)
    health = get_assistant(request, scope).health()
    status = "ok" if health.index_loaded else "no-index"
    response = HealthResponse(status=status, **asdict(health))
    return response.model_copy(update=dict.fromkeys(PRIVATE)) if scope.nothing else response
