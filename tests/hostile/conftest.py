"""The hostile-input suite's shared parts: an app over a private index, a snapshot of what
must survive every case, and the report each case is counted in.

The report (Markdown + JSON) goes to ``evaluation/reports/hostile/`` (git-ignored) and its
table is printed at the end of the run: ``make bench-hostile``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.settings import PROJECT_ROOT, Settings
from ingest.pipeline import run_ingest
from tests.helpers import finished_job, make_settings

REPORT_DIR = PROJECT_ROOT / "evaluation" / "reports" / "hostile"
MAX_UPLOAD = 256 * 1024


@dataclass
class Row:
    case: str
    kind: str
    status: int
    outcome: str
    intact: bool


@dataclass
class Report:
    """Every hostile case with what the service answered and whether the data survived."""

    rows: list[Row] = field(default_factory=list)
    fuzzing: dict[str, Any] = field(default_factory=dict)
    started: float = field(default_factory=time.time)

    def add(self, case: str, kind: str, status: int, outcome: str, intact: bool) -> None:
        self.rows.append(
            Row(case, kind, status, str(outcome or "").replace("\n", " ")[:140], intact)
        )

    def table(self) -> str:
        lines = [
            "| case | kind | status | outcome | data intact |",
            "| --- | --- | --- | --- | --- |",
        ]
        for row in self.rows:
            outcome = row.outcome.replace("|", "\\|")
            intact = "yes" if row.intact else "**NO**"
            lines.append(f"| {row.case} | {row.kind} | {row.status} | {outcome} | {intact} |")
        return "\n".join(lines)

    def summary(self) -> str:
        ok = sum(row.intact and row.status < 500 for row in self.rows)
        text = f"{ok} of {len(self.rows)} hostile cases handled (no 5xx, data intact)."
        if self.fuzzing:
            f = self.fuzzing
            text += (
                f"\nFuzzing: {f['requests']} requests over {f['operations']} operations in "
                f"{f['seconds']:.0f} s; statuses {f['statuses']}; 5xx: {f['server_errors']}."
            )
        return text

    def write(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        body = f"# Hostile input\n\n{self.summary()}\n\n{self.table()}\n"
        (folder / "report.md").write_text(body, encoding="utf-8")
        data = {"rows": [asdict(r) for r in self.rows], "fuzzing": self.fuzzing}
        (folder / "report.json").write_text(json.dumps(data, indent=1, ensure_ascii=False))
        return folder / "report.md"


REPORT = pytest.StashKey[Report]()


@pytest.fixture(scope="session")
def report(request: pytest.FixtureRequest) -> Report:
    request.config.stash[REPORT] = Report()
    return request.config.stash[REPORT]


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    report = config.stash.get(REPORT, None)
    if report is None or not (report.rows or report.fuzzing):
        return
    path = report.write(REPORT_DIR)
    terminalreporter.write_sep("-", "hostile input")
    terminalreporter.write_line(report.table())
    terminalreporter.write_line(report.summary())
    terminalreporter.write_line(f"report: {path}")


@pytest.fixture(scope="module")
def hostile_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = make_settings(tmp_path_factory.mktemp("hostile"), max_upload_bytes=MAX_UPLOAD)
    run_ingest(settings)
    return settings


@pytest.fixture(scope="module")
def hostile_client(hostile_settings: Settings) -> TestClient:
    with TestClient(create_app(hostile_settings)) as client:
        yield client


def snapshot(client: TestClient, settings: Settings) -> dict[str, Any]:
    """What must not change when a hostile request is refused: documents, chunks, stored files."""
    return {
        "documents": client.get("/v1/documents").json(),
        "chunks": client.get("/healthz").json()["chunks"],
        "files": sorted(
            path.name
            for folder in (settings.corpus_dir, settings.uploads_dir)
            if folder.is_dir()
            for path in folder.iterdir()
        ),
    }


def kept(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """Every document that was there is still there, unchanged (an accepted file may add one)."""
    remaining = {doc["id"]: doc for doc in after["documents"]}
    return all(remaining.get(doc["id"]) == doc for doc in before["documents"]) and set(
        before["files"]
    ) <= set(after["files"])


@pytest.fixture(scope="module")
def upload(hostile_client: TestClient) -> Callable[[str, bytes], dict[str, Any]]:
    """Upload a file that should be accepted and wait for its ingest job to end."""

    def send(name: str, content: bytes) -> dict[str, Any]:
        response = hostile_client.post("/v1/documents", files={"file": (name, content)})
        assert response.status_code == 202, response.text
        return finished_job(hostile_client, response.json()["job_id"])

    return send
