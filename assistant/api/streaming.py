"""Server-sent events for answers: ``token`` events as text arrives, then ``answer``.

Checks that can fail (empty question, unknown mode or filter, no index) run before the
stream opens, so they still get a proper 4xx/503; a failure mid-stream is an ``error``
event with the same JSON body.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from sse_starlette.sse import EventSourceResponse

from assistant.answer.compose import Token
from assistant.domain import Answer
from assistant.errors import PlanassistError
from assistant.schemas import AskResponse


def answer_events(
    events: Iterator[Token | Answer], to_response: Callable[[Answer], AskResponse]
) -> Iterator[dict[str, str]]:
    try:
        for event in events:
            if isinstance(event, Token):
                yield {"event": "token", "data": json.dumps({"text": event.text})}
            else:
                yield {"event": "answer", "data": to_response(event).model_dump_json()}
    except PlanassistError as exc:
        yield {"event": "error", "data": json.dumps({"detail": str(exc)})}


def sse(events: Iterator[Token | Answer], to_response: Callable[[Answer], AskResponse]):
    return EventSourceResponse(answer_events(events, to_response))
