from dataclasses import asdict

from fastapi import APIRouter

from assistant.api.deps import AssistantDep
from assistant.schemas import HealthResponse

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthResponse)
def healthz(assistant: AssistantDep) -> HealthResponse:
    """Is the index loaded, is the model loaded, how many documents."""
    health = assistant.health()
    status = "ok" if health.index_loaded else "no-index"
    return HealthResponse(status=status, **asdict(health))
