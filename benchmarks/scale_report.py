"""Tables, the 1M projection and the plot of ``benchmarks/scale.py``.

Times are projected with a power law (a straight line through the two largest measured
sizes on log-log axes), memory with a straight line: both are fits, not measurements.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np

from benchmarks.measure import markdown_table

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt

Row = dict[str, Any]
VARIANTS = ("embedded", "server")
_KINDS = ("dense", "lexical", "hybrid")


@dataclass(frozen=True)
class Context:
    real_chunks: int
    chunks_per_document: float
    embed_s_per_chunk: float
    queries: int
    project_to: int
    server_fill_max: int
    minutes: float
    load: float
    skipped: list[int] = field(default_factory=list)


def power_fit(sizes: list[int], values: list[float]) -> Callable[[float], float]:
    """y = c·n^k through the points; k ≥ 0 (noise must not make a larger index faster)."""
    slope, _ = np.polyfit(np.log(sizes), np.log(np.maximum(values, 1e-9)), 1)
    slope = max(float(slope), 0.0)
    last_n, last = sizes[-1], max(values[-1], 1e-9)
    return lambda n: float(last * (n / last_n) ** slope)


def line_fit(sizes: list[int], values: list[float]) -> Callable[[float], float]:
    """y = a + b·n through the points; b ≥ 0."""
    slope = max(float(np.polyfit(sizes, values, 1)[0]), 0.0)
    return lambda n: float(values[-1] + slope * (n - sizes[-1]))


def flatten(row: Row, variant: str) -> dict[str, float]:
    """One variant's figures of one size, under common names (build figures only where
    that variant built its own index)."""
    build, searched = row["build"], row[variant]
    prefix = "server_" if variant == "server" else ""
    built = {
        key: build[prefix + key] for key in ("build_s", "build_rss_mb") if prefix + key in build
    }
    return {
        **built,
        "rss_mb": searched["rss_mb"] + searched.get("server_rss_mb", 0.0),
        **{key: value for key, value in searched.items() if key.endswith(("_ms", "_s"))},
    }


def project(rows: list[Row], variant: str, size: int) -> dict[str, float] | None:
    """Every figure of ``variant`` at ``size``, fitted through the two largest measured
    sizes that have it (fixed costs blur the smaller ones)."""
    flat = [(row["size"], flatten(row, variant)) for row in rows if variant in row]
    projected = {}
    for key in {key for _, figures in flat for key in figures}:
        points = [(n, figures[key]) for n, figures in flat if key in figures][-2:]
        if len(points) == 2:
            sizes, values = [n for n, _ in points], [v for _, v in points]
            fit = line_fit if key.endswith("_mb") else power_fit
            projected[key] = fit(sizes, values)(size)
    for kind in _KINDS:  # fitted apart, a p95 could come out below its p50
        if f"{kind}_p95_ms" in projected:
            projected[f"{kind}_p95_ms"] = max(
                projected[f"{kind}_p95_ms"], projected[f"{kind}_p50_ms"]
            )
    return projected or None


def search_table(rows: list[Row], context: Context) -> str:
    lines = []
    for size, variant, figures, projected in _all(rows, context):
        label = f"{size:,}" + (" (projected)" if projected else "")
        lines.append(
            [
                label,
                variant,
                _number(figures.get("build_s")),
                _number(figures.get("build_rss_mb")),
                f"{figures['open_s']:.2f}",
                *(f"{_ms(figures[f'{n}_p50_ms'])} / {_ms(figures[f'{n}_p95_ms'])}" for n in _KINDS),
                f"{figures['rss_mb']:.0f}",
            ]
        )
    header = ["chunks", "Chroma", "build s", "build peak MB", "open s"]
    header += [f"{name} p50 / p95 ms" for name in ("dense", "BM25", "hybrid")]
    return markdown_table([*header, "serving RSS MB"], lines)


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def _all(rows: list[Row], context: Context) -> list[tuple[int, str, dict[str, float], bool]]:
    found = [
        (row["size"], variant, flatten(row, variant), False)
        for row in rows
        for variant in VARIANTS
        if variant in row
    ]
    for variant in VARIANTS:
        projected = project(rows, variant, context.project_to)
        if projected is not None and all(row["size"] < context.project_to for row in rows):
            found.append((context.project_to, variant, projected, True))
    return found


def cost_table(rows: list[Row], context: Context) -> str:
    """Adding one document: embed its chunks, then (today) write a whole new version."""
    embed_s = context.chunks_per_document * context.embed_s_per_chunk
    lines = []
    for row in rows:
        build_s = row["build"]["build_s"]
        added = " / ".join(f"{row[v]['add_doc_s']:.2f}" for v in VARIANTS if v in row)
        lines.append(
            [
                f"{row['size']:,}",
                f"{embed_s:.0f}",
                f"{build_s:.0f}",
                f"{embed_s + build_s:.0f}",
                added,
            ]
        )
    header = [
        "chunks",
        f"embed one document s ({context.chunks_per_document:.0f} chunks)",
        "new index version s (embedded)",
        "total s (ingest today)",
        "Chroma add alone s (embedded / server)",
    ]
    return markdown_table(header, lines)


def plot(rows: list[Row], context: Context, path: Path) -> None:
    figures = _all(rows, context)
    panels = [
        ("hybrid_p95_ms", "hybrid search p95 (ms)"),
        ("dense_p95_ms", "dense search p95 (ms)"),
        ("build_s", "index build (s)"),
        ("rss_mb", "serving RSS (MB)"),
    ]
    fig, axes = plt.subplots(2, 2, figsize=(10, 7.5))
    for ax, (key, title) in zip(axes.flat, panels, strict=True):
        for variant, colour in zip(VARIANTS, ("tab:blue", "tab:orange"), strict=True):
            points = [(s, f[key], p) for s, v, f, p in figures if v == variant and key in f]
            measured = [(s, y) for s, y, p in points if not p]
            if not measured:
                continue
            ax.plot(*zip(*measured, strict=True), "o-", color=colour, label=variant)
            for size, value, projected in points:
                if projected:
                    ax.plot([measured[-1][0], size], [measured[-1][1], value], ":", color=colour)
                    ax.plot(size, value, "o", mfc="none", color=colour)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(title)
        ax.set_xlabel("chunks (hollow: projected)")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.suptitle(f"planassist retrieval at scale ({os.cpu_count()} shared cores)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def notes(context: Context) -> str:
    lines = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} in {context.minutes:.1f} min on "
        f"{os.cpu_count()} cores shared with other work (load average {context.load:.1f} "
        "at the end): figures move with that load.",
        f"Synthetic indexes: the {context.real_chunks} real chunks, then perturbed copies "
        "(text: one word in ten dropped, twelve words of another chunk added; vector: mixed "
        "with that chunk's, plus noise). The BM25 vocabulary grows little with the copies.",
        f"{context.queries} real questions from evaluation/questions, embedded once with the "
        "real model. dense = Chroma (the project's HNSW settings), BM25 = bm25s, hybrid = "
        "both + fusion + reranking as an answer uses them (no nynorsk translation step).",
        "server = the vectors on `chroma run` on loopback, as with PLANASSIST_CHROMA_URL "
        "(BM25 stays in the searching process); up to "
        f"{context.server_fill_max:,} chunks ingest's writer fills its collection over HTTP "
        "(build figures: that whole version), above that it serves a copy of the embedded "
        "build's collection (same engine and format; build: –).",
        "serving RSS = the searching process after the questions (no embedding model; the "
        "API adds it), plus the Chroma server's for the server variant. build peak = the "
        "building process (embedded) or the Chroma server (server).",
        f"Adding a document: {context.embed_s_per_chunk:.2f} s per chunk to embed (real "
        "model, measured here); today's ingest then writes a whole new version.",
    ]
    if context.skipped:
        skipped = ", ".join(f"{size:,}" for size in context.skipped)
        lines.append(f"Not measured (would not fit in the time budget): {skipped}.")
    lines.append(
        f"{context.project_to:,} is projected (times: power law, memory: straight line "
        "through the two largest measured sizes), not measured."
    )
    return "\n".join(f"- {line}" for line in lines)


def write(rows: list[Row], context: Context, out: Path) -> None:
    """Print the tables; write them with the notes to report.md and the plot beside it."""
    out.mkdir(parents=True, exist_ok=True)
    search, cost = search_table(rows, context), cost_table(rows, context)
    text = (
        "# Scale benchmark (make bench-scale)\n\n## Search, build and memory\n\n"
        f"{search}\n\n## Cost of one more document\n\n{cost}\n\n{notes(context)}\n\n"
        "![scale](scale.png)\n"
    )
    if rows:
        plot(rows, context, out / "scale.png")
    (out / "report.md").write_text(text, encoding="utf-8")
    print(text.replace("![scale](scale.png)\n", f"Written: {out / 'report.md'}, scale.png"))
