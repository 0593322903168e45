"""Small measuring helpers the benchmarks share: timing, percentiles, memory, tables."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def timed(call: Callable[[], object]) -> float:
    """Seconds ``call()`` took."""
    return clocked(call)[1]


def clocked(call: Callable[[], T]) -> tuple[T, float]:
    """What ``call()`` returned, and the seconds it took."""
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (``share`` 0.95 → p95) of a non-empty sample."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far. Not ``getrusage``: Linux carries its
    peak over from the parent into a child the parent started."""
    return process_rss_mb(os.getpid(), "VmHWM")


def process_rss_mb(pid: int, field: str = "VmRSS") -> float:
    """Resident memory of a process (``VmHWM``: its peak), from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise ValueError(f"/proc/{pid}/status has no {field}")


def folder_mb(path: Path) -> float:
    """The size of a folder's files (or of one file), in MB."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(file.stat().st_size for file in files) / 1e6


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub-flavoured Markdown table (printed as is: it reads well in a terminal)."""
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(str(cell) for cell in line) + " |" for line in lines)
