"""Two API workers and a separate ingest worker: both API workers answer from the same
index version, and both serve the new one as soon as the worker's ingest has switched it."""

from __future__ import annotations

import pytest

from tests.deploy.deployment import Deployment

pytestmark = pytest.mark.servers

QUESTION = "Hvem vedtar snøskuterløypene?"
DOCUMENT = "# Snøskuterløyper\n\nKommunestyret vedtar snøskuterløypene hvert fjerde år.\n"


def cited(answer: dict) -> list[str]:
    return [citation["doc_id"] for citation in answer["citations"]]


def test_both_api_workers_serve_the_version_a_worker_ingested(deployment: Deployment) -> None:
    before = deployment.layout.current_version()
    assert before is not None
    replicas = deployment.replicas(before)
    assert "skuter" not in cited(deployment.ask(QUESTION))
    deployment.worker()
    job_id = deployment.upload("skuter.md", DOCUMENT.encode())
    job = deployment.finished(job_id)
    assert job["status"] == "done" and job["doc_ids"] == ["skuter"], job
    after = deployment.layout.current_version()
    assert after != before
    assert deployment.replicas(after) == replicas  # the same two processes, switched
    for _ in range(6):
        answer = deployment.ask(QUESTION)
        assert not answer["abstained"] and cited(answer)[0] == "skuter"
        assert "Kommunestyret vedtar snøskuterløypene" in answer["answer"]
