"""Load benchmark (``make bench-load``): 20, 50 and 100 users asking and chatting at once
against the API (``planassist serve --workers 2``) while a document is uploaded and
ingested.

Everything runs on loopback and stops by itself: the API serves a copy of the index (and
its own embedding cache, with the model linked in) from a temporary folder; locust
(headless, ``benchmarks/locustfile.py``) runs each level for a fixed time; a level's
ingest uploads a new document a few seconds in and is waited for before the next level.
Prints a table per level (p50/p95, errors, requests/s, the ingest, worker memory) and
writes it with locust's CSV files to evaluation/reports/bench-load/.

    python -m benchmarks.load [--users 20,50,100] [--seconds 60] [--workers 2]

Environment: BENCH_LOAD_USERS, BENCH_LOAD_SECONDS; BENCH_LOAD_WAIT and
BENCH_LOAD_TIMEOUT reach the locust users.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from assistant.settings import PROJECT_ROOT, Settings, get_settings
from benchmarks.measure import markdown_table, process_rss_mb
from benchmarks.servers import Server, api_server, child_env, worker_pids

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
OUT = PROJECT_ROOT / "evaluation" / "reports" / "bench-load"
INGEST_DELAY_S = 10
INGEST_LIMIT_S = 600


def server_env(settings: Settings, work: Path) -> dict[str, str]:
    """Settings for the API under test: a copy of the index, no sign-in, quoted answers."""
    data, cache = work / "data", work / "cache"
    shutil.copytree(settings.data_dir / "index", data / "index")
    (cache).mkdir()
    (cache / "models").symlink_to(settings.models_dir)
    return child_env(
        PLANASSIST_DATA_DIR=str(data),
        PLANASSIST_CACHE_DIR=str(cache),
        PLANASSIST_AUTH="none",
        PLANASSIST_LLM="none",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        TOKENIZERS_PARALLELISM="false",
    )


def extra_document(settings: Settings, users: int, folder: Path) -> Path:
    """A document the index lacks: real planning text under a title of its own."""
    source = sorted(settings.corpus_dir.glob("*.txt"))[0]
    path = folder / f"lasttest-{users}-brukere.md"
    text = source.read_text(encoding="utf-8")[:6000]
    path.write_text(f"# Lasttest med {users} brukere\n\n{text}\n", encoding="utf-8")
    return path


@dataclass
class IngestResult:
    status: str = "not started"
    seconds: float = 0.0
    detail: str | None = None


class Ingest(threading.Thread):
    """Upload ``path`` after a delay and follow its job to the end (or ``INGEST_LIMIT_S``)."""

    def __init__(self, url: str, path: Path) -> None:
        super().__init__(daemon=True)
        self.url, self.path, self.result = url, path, IngestResult()

    def run(self) -> None:
        time.sleep(INGEST_DELAY_S)
        started = time.monotonic()
        try:
            with httpx.Client(base_url=self.url, timeout=60) as client:
                files = {"file": (self.path.name, self.path.read_bytes(), "text/markdown")}
                job = client.post("/v1/documents", files=files).raise_for_status().json()
                while job["status"] in ("queued", "running"):
                    if time.monotonic() - started > INGEST_LIMIT_S:
                        break
                    time.sleep(2)
                    job = client.get(f"/v1/documents/jobs/{job['job_id']}").json()
            self.result = IngestResult(job["status"], time.monotonic() - started, job["detail"])
        except httpx.HTTPError as exc:
            self.result = IngestResult("failed", time.monotonic() - started, str(exc))


def run_locust(url: str, users: int, seconds: int, prefix: Path) -> None:
    """One level: ``users`` ramped up over a tenth of the time, then held."""
    command = [
        *(sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"),
        *("--users", str(users), "--spawn-rate", str(max(users * 10 / seconds, 1))),
        *("--run-time", f"{seconds}s", "--host", url, "--csv", str(prefix)),
        *("--only-summary", "--stop-timeout", "60", "--loglevel", "WARNING"),
    ]
    with prefix.with_suffix(".log").open("wb") as log:
        # exit code 1 only says some requests failed: the CSV files count them
        subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, timeout=seconds + 180)


def level_row(prefix: Path) -> dict[str, str]:
    """Locust's summary rows by name ("Aggregated" for all requests)."""
    with Path(f"{prefix}_stats.csv").open(encoding="utf-8") as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def failures(prefix: Path) -> list[str]:
    with Path(f"{prefix}_failures.csv").open(encoding="utf-8") as handle:
        return [
            f"{row['Occurrences']} × {row['Method']} {row['Name']}: {row['Error']}"
            for row in csv.DictReader(handle)
        ]


def worker_memory(server: Server) -> str:
    return " / ".join(f"{process_rss_mb(pid):.0f}" for pid in worker_pids(server.pid))


def run_level(server: Server, settings: Settings, users: int, seconds: int, out: Path) -> list[str]:
    prefix = out / f"users-{users}"
    ingest = Ingest(server.url, extra_document(settings, users, out))
    ingest.start()
    run_locust(server.url, users, seconds, prefix)
    ingest.join(INGEST_LIMIT_S + 60)
    stats = level_row(prefix)
    total = stats["Aggregated"]

    def p95(name: str) -> str:
        return stats[name]["95%"] if name in stats else "–"

    done = ingest.result
    return [
        str(users),
        total["Request Count"],
        total["Failure Count"],
        f"{float(total['Requests/s']):.1f}",
        total["50%"],
        total["95%"],
        total["Max Response Time"].split(".")[0],
        p95("/v1/ask"),
        p95("/v1/chat (first)"),
        p95("/v1/chat (follow-up)"),
        f"{done.status} in {done.seconds:.0f} s",
        worker_memory(server),
    ]


HEADER = [
    "users",
    "requests",
    "errors",
    "req/s",
    "p50 ms",
    "p95 ms",
    "max ms",
    "ask p95",
    "chat p95",
    "follow-up p95",
    "ingest meanwhile",
    "worker RSS MB",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", default=os.environ.get("BENCH_LOAD_USERS", "20,50,100"))
    seconds = int(os.environ.get("BENCH_LOAD_SECONDS", 60))
    parser.add_argument("--seconds", type=int, default=seconds, help="per level")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    settings = get_settings()
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    rows, errors = [], []
    with tempfile.TemporaryDirectory(prefix="planassist-load-") as tmp:
        env = server_env(settings, Path(tmp))
        print(f"starting the API with {args.workers} workers …", file=sys.stderr, flush=True)
        with api_server(env, args.out / "api.log", args.workers) as server:
            idle = worker_memory(server)
            for users in (int(u) for u in args.users.split(",")):
                print(f"{users} users for {args.seconds} s …", file=sys.stderr, flush=True)
                rows.append(run_level(server, settings, users, args.seconds, args.out))
                errors += [
                    f"{users} users: {line}" for line in failures(args.out / f"users-{users}")
                ]
    report(rows, errors, idle, args, (time.monotonic() - started) / 60)


def report(
    rows: list[list[str]], errors: list[str], idle: str, args: argparse.Namespace, minutes: float
) -> None:
    notes = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} in {minutes:.1f} min on {os.cpu_count()} "
        f"cores shared with other work (load average {os.getloadavg()[0]:.1f} at the end); "
        "locust and the API share them.",
        f"`planassist serve --workers {args.workers}` on 127.0.0.1, quoted (extractive) "
        f"answers, no sign-in; {args.seconds} s per level, users ramped up over the first "
        "tenth; each user pauses BENCH_LOAD_WAIT (default 2–8 s) between requests; a request over "
        "BENCH_LOAD_TIMEOUT (default 60 s) counts as an error.",
        "Users: /v1/ask twice as often as a conversation (/v1/chat, then 1–2 follow-ups).",
        f"Ingest meanwhile: a new 6,000-character document uploaded {INGEST_DELAY_S} s into "
        "each level (POST /v1/documents), embedded and indexed by a worker while it serves.",
        f"Worker RSS: each worker after the level (idle after start-up: {idle} MB).",
    ]
    text = (
        "# Load benchmark (make bench-load)\n\n"
        + markdown_table(HEADER, rows)
        + "\n\n"
        + "\n".join(f"- {note}" for note in notes)
        + "\n\nErrors:\n\n"
        + ("\n".join(f"- {line}" for line in errors) if errors else "- none")
        + "\n"
    )
    (args.out / "report.md").write_text(text, encoding="utf-8")
    print(text + f"\nWritten: {args.out / 'report.md'} (locust CSV files beside it)")


if __name__ == "__main__":
    main()
