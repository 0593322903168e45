"""A small deployment on loopback, as docs/deploy.md lays it out: a Chroma server, Redis,
``planassist serve --workers 2`` and ``planassist worker`` processes, all on one shared
data dir. Started once per run; the tests drive it over HTTP like a client would."""

from __future__ import annotations

import random
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import Popen

import httpx
from redis import Redis
from rq import Worker

from assistant.retrieval.store import IndexLayout
from assistant.settings import Settings
from benchmarks.servers import planassist, running
from tests.helpers import finished_job

API_WORKERS = 2
ENV_FIELDS = (
    "corpus_dir",
    "data_dir",
    "cache_dir",
    "embedder",
    "min_evidence",
    "coverage_weight",
    "chroma_url",
    "redis_url",
)


@dataclass
class Deployment:
    settings: Settings
    env: dict[str, str]
    api: str
    logs: Path
    processes: ExitStack
    _worker: Popen | None = field(default=None, init=False)

    @property
    def layout(self) -> IndexLayout:
        return IndexLayout(self.settings.data_dir)

    @property
    def redis(self) -> Redis:
        return Redis.from_url(self.settings.redis_url or "")

    def worker(self) -> Popen:
        """The ``planassist worker`` process; a new one if there is none or it was killed.
        Ready once it has registered with Redis."""
        if self._worker is not None and self._worker.poll() is None:
            return self._worker
        before = {worker.name for worker in Worker.all(connection=self.redis)}

        def registered() -> bool:
            return bool({w.name for w in Worker.all(connection=self.redis)} - before)

        command = running(planassist("worker"), self.logs / "worker.log", registered, self.env)
        self._worker = self.processes.enter_context(command)
        return self._worker

    def health(self) -> dict:
        """/healthz over a new connection, so either API worker may answer."""
        return httpx.get(f"{self.api}/healthz", timeout=10).json()

    def replicas(self, version: str) -> set[str]:
        """Ask /healthz until every API worker has answered; all must serve ``version``."""
        seen: set[str] = set()
        for _ in range(400):
            health = self.health()
            assert health["index_version"] == version, health
            seen.add(health["replica"])
            if len(seen) == API_WORKERS:
                return seen
        raise AssertionError(f"only {seen} answered")

    def upload(self, name: str, content: bytes) -> str:
        response = httpx.post(f"{self.api}/v1/documents", files={"file": (name, content)})
        assert response.status_code == 202, response.text
        return response.json()["job_id"]

    def job(self, job_id: str) -> dict:
        return httpx.get(f"{self.api}/v1/documents/jobs/{job_id}", timeout=10).json()

    def finished(self, job_id: str, timeout_s: float = 90) -> dict:
        with httpx.Client(base_url=self.api, timeout=10) as client:
            return finished_job(client, job_id, timeout_s=timeout_s)

    def ask(self, question: str) -> dict:
        response = httpx.post(f"{self.api}/v1/ask", json={"question": question}, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    def building(self, timeout_s: float = 60) -> Path:
        """Wait for an ingest to start writing a version; return its folder."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            found = list(self.layout.root.glob(".building-*"))
            if found:
                return found[0]
            time.sleep(0.005)
        raise AssertionError("no ingest started writing a version")


def big_document(title: str, sections: int = 250) -> bytes:
    """A long Markdown plan (≈ 800 chunks): its ingest writes for about a second, long
    enough to be killed in the middle."""
    words = (
        "kommunen skal utarbeide planprogram medvirkning høring frist vedtak arealdel "
        "samfunnsdel strategi folkehelse klima transport bolig næring natur"
    ).split()
    rng = random.Random(title)
    parts = [f"# {title}\n"]
    for i in range(sections):
        body = " ".join(rng.choice(words) for _ in range(140))
        parts.append(f"\n## Kapittel {i}\n\n{body}.\n")
    return "".join(parts).encode()
