"""Scale benchmark (``make bench-scale``): the real retrieval path over synthetic indexes
of 10k and 100k chunks, embedded Chroma and a Chroma server; 1M is projected.

Each size is built from the real index (``benchmarks/synthetic.py``: perturbed copies of
the real chunks and vectors, no model call per chunk) by ``ingest.index.write_version``,
the project's own writer with its HNSW settings, and then searched with the project's
retrievers: dense (Chroma), lexical (bm25s) and hybrid (both, fused and reranked, as an
answer uses them) for real questions embedded once with the real model. The server
variant keeps the vectors on ``chroma run`` (the chromadb package's server) on loopback,
as ``PLANASSIST_CHROMA_URL`` does (``assistant/retrieval/vectors.py``). Builds and
searches run in child processes, so each memory figure is its own. Sizes that would not
fit in the time budget are skipped.

    python -m benchmarks.scale [--sizes 10000,100000] [--queries 100] [--no-server]

Environment: BENCH_SIZES, BENCH_QUERIES, BENCH_BUDGET_MIN stand in for the options.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
import yaml

from assistant.embedding import EmbeddingCache, make_embedder, text_hash
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.store import IndexLayout, IndexStore
from assistant.retrieval.vectors import (
    EMBEDDED_COLLECTION,
    EmbeddedVectors,
    ServerVectors,
    Vectors,
    chroma_settings,
)
from assistant.settings import PROJECT_ROOT, get_settings
from benchmarks import scale_report
from benchmarks.measure import folder_mb, peak_rss_mb, percentile, process_rss_mb, timed
from benchmarks.servers import HOST, Server, child_env, chroma_server
from benchmarks.synthetic import Corpus, real_corpus, synthetic_corpus

QUESTIONS = PROJECT_ROOT / "evaluation" / "questions"
OUT = PROJECT_ROOT / "evaluation" / "reports" / "bench-scale"
EMBEDDED, SERVER = "embedded", "server-index"
"""A size's index folders: vectors in embedded Chroma, or on the Chroma server."""


class FixedEmbedder:
    """Query vectors computed once by the real model, looked up by question."""

    model_key = "fixed"

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        self.vectors = vectors

    def encode_query(self, text: str) -> np.ndarray:
        return self.vectors[text]

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        raise NotImplementedError("the scale benchmark embeds no passages")


def current(layout: IndexLayout, vectors: Vectors) -> IndexStore:
    """The layout's current version, opened as a server process opens it."""
    return IndexStore(layout.version_dir(layout.current_version() or ""), vectors)


def adopt_copy(server: Server, version: str) -> None:
    """Name the copied embedded collection as the server keeps ``version``'s vectors."""
    client = chromadb.HttpClient(host=HOST, port=server.port, settings=chroma_settings())
    client.get_collection(EMBEDDED_COLLECTION).modify(name=ServerVectors.name(version))


def one_document(real: Corpus) -> Corpus:
    """The real document of median size, as a new document (for the cost of adding one)."""
    counts = sorted(real.documents, key=lambda document: document.chunks)
    doc_id = counts[len(counts) // 2].meta.id
    rows = [i for i, chunk in enumerate(real.chunks) if chunk.doc_id == doc_id]
    chunks = [replace(real.chunks[i], id=f"{real.chunks[i].id}~added") for i in rows]
    return Corpus(chunks, [real.texts[i] for i in rows], real.vectors[rows], [])


def add_and_remove(collection: chromadb.Collection, extra: Corpus) -> float:
    """Seconds to add ``extra`` to a built collection (removed again afterwards)."""
    ids = [chunk.id for chunk in extra.chunks]
    seconds = timed(
        lambda: collection.add(ids=ids, embeddings=extra.vectors.tolist(), documents=extra.texts)
    )
    collection.delete(ids=ids)
    return seconds


# -- child processes -----------------------------------------------------------------------
def build(size: int, folder: Path, server_fill: bool) -> dict[str, float]:
    """Build the index of ``size`` chunks with embedded vectors; the server gets a copy of
    its Chroma files, or (``server_fill``) a version of its own written with the vectors
    on the server (as ingest with ``PLANASSIST_CHROMA_URL``), timed."""
    settings = get_settings()
    corpus = synthetic_corpus(real_corpus(settings), size, contextual=settings.contextual_chunks)
    layout = IndexLayout(folder / EMBEDDED)
    seconds = timed(lambda: corpus.write(layout, EmbeddedVectors()))
    version = layout.version_dir(layout.current_version() or "")
    result = {"build_s": seconds, "build_rss_mb": peak_rss_mb(), "disk_mb": folder_mb(version)}
    if not server_fill:
        shutil.copytree(version / "chroma", folder / "server" / "db")
        return result
    with chroma_server(folder / "server") as chroma:
        server = IndexLayout(folder / SERVER)
        result["server_build_s"] = timed(lambda: corpus.write(server, ServerVectors(chroma.url)))
        result["server_build_rss_mb"] = process_rss_mb(chroma.pid, "VmHWM")
    return result


def query(folder: Path, variant: str, queries: Path) -> dict[str, float]:
    """Open the built index as a server process would, time each question, then time
    adding one more document to the collection."""
    settings = get_settings()
    with np.load(queries) as saved:
        questions = [str(question) for question in saved["questions"]]
        vectors = saved["vectors"]
    embedder = FixedEmbedder(dict(zip(questions, vectors, strict=True)))
    with ExitStack() as stack:
        chroma = None
        store = current(IndexLayout(folder / EMBEDDED), EmbeddedVectors())
        if variant == "server":
            chroma = stack.enter_context(chroma_server(folder / "server"))
            if (folder / SERVER).exists():  # filled by the build
                store = current(IndexLayout(folder / SERVER), ServerVectors(chroma.url))
            else:  # the embedded build's files, and its collection copied
                adopt_copy(chroma, store.version)
                store = IndexStore(store.folder, ServerVectors(chroma.url))
        retriever = HybridRetriever(
            store,
            embedder,
            top_k=settings.context_candidates,
            candidates=settings.candidates,
            rrf_k=settings.rrf_k,
        )
        result = {"open_s": timed(lambda: (store.bm25, retriever.dense.search(vectors[0])))}
        times: dict[str, list[float]] = {"dense": [], "lexical": [], "hybrid": []}
        for question, vector in zip(questions, vectors, strict=True):
            times["dense"].append(timed(lambda v=vector: retriever.dense.search(v)))
            times["lexical"].append(timed(lambda q=question: retriever.lexical.search(q)))
            times["hybrid"].append(timed(lambda q=question: retriever.search(q)))
        for name, values in times.items():
            result[f"{name}_p50_ms"] = percentile(values, 0.5) * 1000
            result[f"{name}_p95_ms"] = percentile(values, 0.95) * 1000
        result["rss_mb"] = process_rss_mb(os.getpid())
        if chroma is not None:
            result["server_rss_mb"] = process_rss_mb(chroma.pid)
        result["add_doc_s"] = add_and_remove(store.collection, one_document(real_corpus(settings)))
    return result


def run_child(args: list[str], timeout_s: float) -> dict[str, float]:
    """Run one child step (``--child …``); its result is the last line it prints."""
    command = [sys.executable, "-m", "benchmarks.scale", "--child", *args]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, env=child_env(), cwd=PROJECT_ROOT, text=True
    )
    try:
        output, _ = process.communicate(timeout=max(timeout_s, 1))
    except subprocess.TimeoutExpired:
        process.terminate()  # the child stops its Chroma server on the way out
        process.communicate()
        raise
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed with exit code {process.returncode}")
    return json.loads(output.strip().splitlines()[-1])


def child_main(step: str, args: list[str]) -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the cleanups, then stop
    if step == "build":
        result = build(int(args[0]), Path(args[1]), args[2] == "fill")
    else:
        result = query(Path(args[0]), args[1], Path(args[2]))
    print(json.dumps(result), flush=True)


# -- the parent ----------------------------------------------------------------------------
def real_questions(count: int) -> list[str]:
    """``count`` distinct questions from all the reference files, spread evenly."""
    found: list[str] = []
    for path in sorted(QUESTIONS.glob("*.yaml")):
        found += [entry["question"] for entry in yaml.safe_load(path.read_text())]
    found = list(dict.fromkeys(found))
    step = max(len(found) / count, 1)
    return [found[int(i * step)] for i in range(min(count, len(found)))]


def embed(real: Corpus, questions: list[str], sample: int = 4) -> tuple[np.ndarray, float]:
    """The questions' vectors (the real model's, kept in the embedding cache under their
    own key, so later runs skip them) and the seconds per passage embedded."""
    settings = get_settings()
    embedder = make_embedder(settings)
    embedder.encode_query("oppvarming")  # load the model before timing anything
    cache = EmbeddingCache(settings.cache_dir / "embeddings.sqlite3")
    key, hashes = f"{embedder.model_key}:query", [text_hash(q) for q in questions]
    known = cache.get(key, hashes)
    wanted = {h: q for h, q in zip(hashes, questions, strict=True) if h not in known}
    fresh = {h: embedder.encode_query(q) for h, q in wanted.items()}
    cache.put(key, fresh)
    cache.close()
    vectors = np.stack([{**known, **fresh}[h] for h in hashes])
    texts = real.texts[:: max(len(real) // sample, 1)][:sample]
    return vectors, timed(lambda: embedder.encode_documents(texts)) / len(texts)


def measure_size(
    size: int, work: Path, variants: Sequence[str], fill_max: int, budget_s: float
) -> dict[str, Any]:
    """Build one size and search it in each variant; the children share ``budget_s``.

    The server fills its collection over HTTP up to ``fill_max`` chunks; above that it
    serves a copy of the embedded build's files (the same engine and format)."""
    folder, started = work / str(size), time.monotonic()

    def left() -> float:
        return budget_s - (time.monotonic() - started)

    fill = "fill" if "server" in variants and size <= fill_max else "copy"
    row: dict[str, Any] = {"size": size}
    row["build"] = run_child(["build", str(size), str(folder), fill], left())
    for variant in variants:
        queries = str(work / "queries.npz")
        row[variant] = run_child(["query", str(folder), variant, queries], left())
    shutil.rmtree(folder, ignore_errors=True)
    row["seconds"] = time.monotonic() - started
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sizes = os.environ.get("BENCH_SIZES", "10000,100000")
    parser.add_argument("--sizes", default=sizes, help="comma-separated chunk counts")
    parser.add_argument("--queries", type=int, default=int(os.environ.get("BENCH_QUERIES", 100)))
    parser.add_argument("--project", type=int, default=1_000_000, help="size to project to")
    parser.add_argument(
        "--budget-min", type=float, default=float(os.environ.get("BENCH_BUDGET_MIN", 15))
    )
    parser.add_argument("--no-server", action="store_true", help="embedded Chroma only")
    parser.add_argument(
        "--server-fill-max",
        type=int,
        default=10_000,
        help="largest size whose server collection is filled (and timed) over HTTP",
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_main(args.child[0], args.child[1:])
        return
    started = time.monotonic()
    deadline = started + args.budget_min * 60
    settings = get_settings()
    real = real_corpus(settings)
    questions = real_questions(args.queries)
    vectors, per_chunk_s = embed(real, questions)
    variants = ("embedded",) if args.no_server else ("embedded", "server")
    rows: list[dict[str, Any]] = []
    skipped: list[int] = []
    with tempfile.TemporaryDirectory(prefix="planassist-scale-") as tmp:
        work = Path(tmp)
        np.savez(work / "queries.npz", questions=np.array(questions), vectors=vectors)
        for size in sorted(int(s) for s in args.sizes.split(",")):
            left = deadline - time.monotonic()
            if rows and 1.1 * rows[-1]["build"]["build_s"] * size / rows[-1]["size"] > left:
                skipped.append(size)  # its build alone would not fit; a started size that
                continue  # runs out of time is stopped and listed the same way
            print(f"size {size:,}: building and searching …", file=sys.stderr, flush=True)
            try:
                rows.append(measure_size(size, work, variants, args.server_fill_max, left))
            except subprocess.TimeoutExpired:
                skipped.append(size)
    context = scale_report.Context(
        real_chunks=len(real),
        chunks_per_document=len(real) / len(real.documents),
        embed_s_per_chunk=per_chunk_s,
        queries=len(questions),
        project_to=args.project,
        server_fill_max=args.server_fill_max,
        skipped=skipped,
        minutes=(time.monotonic() - started) / 60,
        load=os.getloadavg()[0],
    )
    scale_report.write(rows, context, args.out)


if __name__ == "__main__":
    main()
