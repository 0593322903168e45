"""Thumbs up or down on an answer, and the admin's views of it (list, export as questions)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, Field

from assistant.api.deps import AdminDep, UserDep
from assistant.feedback import Feedback, FeedbackStore, to_questions

router = APIRouter(prefix="/v1", tags=["feedback"])


def get_feedback(request: Request) -> FeedbackStore:
    return request.app.state.feedback


class PassageIn(BaseModel):
    n: int | None = None
    doc_id: str = Field(max_length=200)
    title: str | None = Field(default=None, max_length=500)
    section: str | None = Field(default=None, max_length=500)
    page: int | None = None
    excerpt: str | None = Field(default=None, max_length=5000)


class FeedbackIn(BaseModel):
    """What the user saw and what they thought of it."""

    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=4000)
    question: str = Field(min_length=1, max_length=4000)
    answer: str = Field(min_length=1, max_length=40_000)
    language: Literal["nb", "nn", "en"] | None = None
    abstained: bool = False
    citations: list[PassageIn] = Field(default_factory=list, max_length=50)
    conversation_id: str | None = Field(default=None, max_length=100)


@router.post("/feedback", response_model=Feedback, status_code=201)
def give_feedback(body: FeedbackIn, user: UserDep, request: Request) -> Feedback:
    """Thumbs up or down (and an optional comment) on one answer."""
    passages = [p.model_dump(exclude_none=True) for p in body.citations]
    return get_feedback(request).add(
        user.name,
        body.rating,
        (body.comment or "").strip() or None,
        body.question,
        body.answer,
        body.language,
        body.abstained,
        passages,
        body.conversation_id,
    )


@router.get("/admin/feedback", response_model=list[Feedback])
def list_feedback(
    _: AdminDep, request: Request, rating: Literal["up", "down"] | None = None
) -> list[Feedback]:
    """All feedback, oldest first (``rating`` to see only ups or downs)."""
    return get_feedback(request).all(rating)


@router.get("/admin/feedback/questions", responses={200: {"content": {"application/yaml": {}}}})
def export_questions(
    _: AdminDep,
    request: Request,
    download: Annotated[bool, Query(description="as a file to save")] = True,
) -> Response:
    """Confirmed answers as reference questions, in ``evaluation/questions/*.yaml`` format
    (``planassist eval --questions FILE`` reads it)."""
    headers = {"Content-Disposition": 'attachment; filename="feedback-questions.yaml"'}
    return PlainTextResponse(
        to_questions(get_feedback(request).all("up")),
        media_type="application/yaml",
        headers=headers if download else None,
    )
