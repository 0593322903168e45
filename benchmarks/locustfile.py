"""Locust users for ``make bench-load``: planners who ask single questions and hold short
conversations with follow-ups, pausing between requests as a reader would.

Run by ``benchmarks/load.py`` (headless, against a server on loopback); alone:
``locust -f benchmarks/locustfile.py --headless -u 20 -r 5 -t 60s -H http://127.0.0.1:8000``.
BENCH_LOAD_WAIT="2,8" sets the pause range in seconds, BENCH_LOAD_TIMEOUT the seconds a
request may take before it counts as an error.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import yaml
from locust import HttpUser, between, task

QUESTIONS = [
    entry["question"]
    for path in sorted((Path(__file__).parent.parent / "evaluation" / "questions").glob("*.yaml"))
    for entry in yaml.safe_load(path.read_text(encoding="utf-8"))
]
FOLLOW_UPS = [
    "Hvem vedtar den?",
    "Hva er fristen for det?",
    "Kan du si mer om det?",
    "Hvilke krav gjelder da?",
    "Hvem har ansvaret for det?",
    "Og hva med medvirkning?",
]
LOW, HIGH = (float(s) for s in os.environ.get("BENCH_LOAD_WAIT", "2,8").split(","))
TIMEOUT_S = float(os.environ.get("BENCH_LOAD_TIMEOUT", "60"))


class Planner(HttpUser):
    """Asks twice as often as it starts a conversation; a conversation has 1–2 follow-ups."""

    wait_time = between(LOW, HIGH)

    @task(2)
    def ask(self) -> None:
        self.client.post("/v1/ask", json={"question": random.choice(QUESTIONS)}, timeout=TIMEOUT_S)

    @task(1)
    def chat(self) -> None:
        with self.client.post(
            "/v1/chat",
            json={"message": random.choice(QUESTIONS)},
            name="/v1/chat (first)",
            timeout=TIMEOUT_S,
            catch_response=True,
        ) as response:
            if not response.ok:
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")
                return
            conversation = response.json()["conversation_id"]
        for follow_up in random.sample(FOLLOW_UPS, random.randint(1, 2)):
            self.wait()
            self.client.post(
                "/v1/chat",
                json={"message": follow_up, "conversation_id": conversation},
                name="/v1/chat (follow-up)",
                timeout=TIMEOUT_S,
            )
