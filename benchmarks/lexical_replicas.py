"""What each API replica pays for lexical search, and the alternatives (``make bench-lexical``).

Every replica opens the current index version from the shared data dir: the chunk table,
the document frequencies and BM25. This measures, each in a fresh process (as a replica
starting up or switching versions would), for the bundled corpus's index and for a
synthetic 100k-chunk index built from it:

- ``chunk-table``: the chunk table (texts and metadata of every chunk), for scale;
- ``files``: bm25s arrays read into memory, and the document frequencies (what replicas do);
- ``files-mmap``: the same files memory-mapped, so replicas on one machine share the
  pages through the page cache;
- ``sqlite-fts5``: the same terms in an SQLite FTS5 table queried in place, a stand-in for
  moving BM25 into a search engine that replicas query instead of load (OpenSearch and
  its kin are not installable here; they add a service and a network round trip).

Load time, the memory a replica adds (RSS, and of it the anonymous part, which N replicas
pay N times) and the median time to score a question's terms over all chunks.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import bm25s
import yaml

from assistant.domain import indexed_text
from assistant.retrieval.analysis import terms
from assistant.retrieval.store import BM25, CHUNKS, FREQUENCIES, IndexStore, write_files
from assistant.retrieval.vectors import EmbeddedVectors
from assistant.settings import PROJECT_ROOT, Settings, get_settings
from benchmarks.measure import clocked, folder_mb, process_rss_mb, timed
from benchmarks.synthetic import real_corpus, synthetic_corpus

QUESTIONS = PROJECT_ROOT / "evaluation" / "questions" / "dev.yaml"
CONFIGS = ("chunk-table", "files", "files-mmap", "sqlite-fts5")
SYNTHETIC_CHUNKS = 100_000
FILES = {"chunk-table": CHUNKS, "files": BM25, "files-mmap": BM25, "sqlite-fts5": "fts5.sqlite3"}
RARE_WORDS = 65_000
"""Invented words sprinkled over the synthetic chunks (3 each), so the vocabulary grows to
≈ 70k terms, as Heaps' law projects for 100x the bundled corpus (5.5k terms)."""


def memory_mb() -> tuple[float, float]:
    """(RSS, anonymous) of this process in MB. Anonymous memory is what each replica pays
    on its own; mapped file pages are the page cache, shared by replicas on one machine."""
    return process_rss_mb(os.getpid()), process_rss_mb(os.getpid(), "RssAnon")


def question_terms() -> list[list[str]]:
    questions = yaml.safe_load(QUESTIONS.read_text())
    found = [list(dict.fromkeys(terms(q["question"]))) for q in questions]
    return [q for q in found if q]


def open_lexical(config: str, folder: Path) -> Callable[[list[str]], object]:
    """Load the lexical index of ``folder`` as ``config`` does; return its scoring call."""
    if config == "sqlite-fts5":
        db = sqlite3.connect(folder / "fts5.sqlite3")
        vocab = json.loads((folder / "fts5-vocab.json").read_text())
        sql = "SELECT rowid, bm25(t) FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT 1000"
        return lambda query: db.execute(
            sql, (" OR ".join(vocab[t] for t in query if t in vocab) or "none",)
        ).fetchall()
    if config == "chunk-table":
        store = IndexStore(folder, EmbeddedVectors())
        return lambda query: store.chunks[:1]
    bm25 = bm25s.BM25.load(str(folder / BM25), mmap=config == "files-mmap", show_progress=False)
    json.loads((folder / FREQUENCIES).read_text())  # the document frequencies, as IndexStore
    return bm25.get_scores


def measure(config: str, folder: Path) -> dict[str, float]:
    """One replica's cost of loading ``config`` from ``folder`` (run in its own process):
    time, memory after scoring the questions 3 times, median time per question."""
    queries = question_terms()
    rss0, anonymous0 = memory_mb()
    score, load_s = clocked(lambda: open_lexical(config, folder))
    times = [timed(lambda q=query: score(q)) for query in queries * 3]
    rss, anonymous = memory_mb()
    return {
        "load_s": load_s,
        "rss": rss - rss0,
        "anonymous": anonymous - anonymous0,
        "query_ms": statistics.median(times) * 1000,
    }


def synthesize(settings: Settings, target: Path, count: int) -> None:
    """A version's files (no vectors) with ``count`` chunks: the bundled ones, then copies
    as the scale benchmark makes them (``benchmarks/synthetic.py``), with rare words."""
    real = real_corpus(settings)
    contextual = settings.contextual_chunks
    corpus = synthetic_corpus(real, count, contextual=contextual, rare_words=RARE_WORDS)
    target.mkdir(parents=True)
    info = dict(IndexStore.open_current(settings).info)
    write_files(target, corpus.chunks, corpus.texts, corpus.documents, info)


def build_fts5(folder: Path) -> None:
    """The version's terms in an FTS5 table; terms become ``t<n>`` (FTS5 would split "10-1")."""
    store = IndexStore(folder, EmbeddedVectors())
    vocab = {term: f"t{n}" for n, term in enumerate(store.frequencies)}
    db = sqlite3.connect(folder / "fts5.sqlite3")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(terms)")
    rows = ((" ".join(vocab[t] for t in terms(indexed_text(c))),) for c in store.chunks)
    db.executemany("INSERT INTO t (terms) VALUES (?)", rows)
    db.commit()
    (folder / "fts5-vocab.json").write_text(json.dumps(vocab))


def run(config: str, folder: Path) -> dict[str, float]:
    arguments = ["--measure", config, str(folder)]
    command = [sys.executable, "-m", "benchmarks.lexical_replicas", *arguments]
    done = subprocess.run(command, check=True, capture_output=True, cwd=PROJECT_ROOT)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--measure", nargs=2, metavar=("CONFIG", "FOLDER"), help=argparse.SUPPRESS)
    parser.add_argument("--chunks", type=int, default=SYNTHETIC_CHUNKS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], Path(args.measure[1]))))
        return
    settings = get_settings()
    current = IndexStore.open_current(settings).folder
    print(
        "| index | what a replica loads | load | RSS / anonymous | question scored, p50 | on disk |"
        "\n| --- | --- | --- | --- | --- | --- |"
    )
    with tempfile.TemporaryDirectory() as tmp:
        bundled, synthetic = Path(tmp) / "bundled", Path(tmp) / "synthetic"
        shutil.copytree(current, bundled, ignore=shutil.ignore_patterns("chroma"))
        built = timed(lambda: synthesize(settings, synthetic, args.chunks))
        for folder in (bundled, synthetic):
            build_fts5(folder)
            vocabulary = len(json.loads((folder / FREQUENCIES).read_text())["df"])
            chunks = sum(1 for _ in (folder / CHUNKS).open())
            for config in CONFIGS:
                row = run(config, folder)
                print(
                    f"| {chunks} chunks, {vocabulary} terms | {config}"
                    f" | {row['load_s'] * 1000:.0f} ms"
                    f" | {row['rss']:.1f} / {row['anonymous']:.1f} MB"
                    f" | {row['query_ms']:.2f} ms | {folder_mb(folder / FILES[config]):.1f} MB |",
                    flush=True,
                )
    print(f"\n(synthetic index written in {built:.0f} s; FTS5 returns the best 1000, not all)")


if __name__ == "__main__":
    main()
