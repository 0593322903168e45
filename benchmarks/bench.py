"""Speed and memory figures for the README and closing notes (``make bench``).

Measures on the built index with the configured (real) embedding model:
model load, query embedding, search and ask latency (p50/p95 over the dev questions),
cold passage-embedding throughput, index size and peak RSS. ``--full-ingest`` also
times a complete cold ingest of corpus/ into a temporary folder (≈ 12 min here).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

import yaml
from rich.console import Console
from rich.table import Table

from assistant.embedding import make_embedder
from assistant.service import Assistant
from assistant.settings import get_settings
from benchmarks.measure import folder_mb, peak_rss_mb, percentile, timed
from ingest.pipeline import run_ingest

QUESTIONS = Path(__file__).parent.parent / "evaluation" / "questions" / "dev.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full-ingest", action="store_true", help="time a cold full ingest")
    args = parser.parse_args()
    settings = get_settings()
    rows: list[tuple[str, str]] = []
    questions = [q["question"] for q in yaml.safe_load(QUESTIONS.read_text())]

    embedder = make_embedder(settings)
    rows.append(("model load", f"{timed(lambda: embedder.encode_query('last')):.1f} s"))
    rows.append(("RSS after model load", f"{peak_rss_mb():.0f} MB"))
    query_times = [timed(lambda q=q: embedder.encode_query(q)) for q in questions]
    rows.append(("query embedding p50", f"{statistics.median(query_times) * 1000:.0f} ms"))

    assistant = Assistant(settings, embedder)
    assistant.warm_up()
    store = assistant.store
    rows.append(("index", f"{len(store.documents)} documents, {len(store.chunks)} chunks"))
    rows.append(("index size on disk", f"{folder_mb(store.folder):.1f} MB"))
    search_times = [timed(lambda q=q: assistant.search(q)) for q in questions]
    ask_times = [timed(lambda q=q: assistant.ask(q)) for q in questions]
    for name, values in (("search", search_times), ("ask", ask_times)):
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        rows.append((f"{name} latency p50 / p95", f"{p50 * 1000:.0f} / {p95 * 1000:.0f} ms"))

    sample = [chunk.text for chunk in store.chunks[:: max(len(store.chunks) // 16, 1)]][:16]
    seconds = timed(lambda: embedder.encode_documents(sample))
    rows.append(("cold passage embedding", f"{len(sample) / seconds:.2f} passages/s"))

    if args.full_ingest:
        with tempfile.TemporaryDirectory() as tmp:
            cold = settings.model_copy(
                update={"data_dir": Path(tmp) / "data", "cache_dir": Path(tmp) / "cache"}
            )
            cold.models_dir.parent.mkdir(parents=True)
            (cold.models_dir).symlink_to(settings.models_dir)
            report = run_ingest(cold, embedder)
            rows.append(("full cold ingest", f"{report.seconds:.0f} s, {report.chunks} chunks"))
            warm = run_ingest(cold, embedder, force=True)
            rows.append(("re-ingest, all cached", f"{warm.seconds:.1f} s"))
    rows.append(("peak RSS", f"{peak_rss_mb():.0f} MB"))

    table = Table("measure", "value", title=f"planassist bench ({settings.embedding_model})")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


if __name__ == "__main__":
    main()
