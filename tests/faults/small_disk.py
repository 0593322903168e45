"""A real, small filesystem (tmpfs) to fill up: the data directory on a full disk.

Mounting needs root, which CI and the development machine have; elsewhere the tests that
use it skip, saying why (in CI they fail instead, as every missing prerequisite does).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

BLOCKS = (1 << 20, 1 << 16, 1 << 12, 1)
"""Fill with big writes, then ever smaller ones, until not one byte more fits."""


class SmallDisk:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.filler = root / "filler"

    def fill(self, leave: int = 0) -> None:
        """Use up all free space, then give back ``leave`` bytes."""
        with self.filler.open("ab", buffering=0) as out:
            for size in BLOCKS:
                block = b"\0" * size
                try:
                    while True:
                        out.write(block)
                except OSError:
                    continue
        if leave:
            os.truncate(self.filler, max(self.filler.stat().st_size - leave, 0))

    def free(self) -> None:
        self.filler.unlink(missing_ok=True)


@contextmanager
def small_disk(root: Path, size: str) -> Iterator[SmallDisk]:
    """A tmpfs of ``size`` ("4m") mounted on ``root`` for the block; unmounted after."""
    root.mkdir(parents=True, exist_ok=True)
    mount = ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(root)]
    done = subprocess.run(mount, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        reason = f"cannot mount a small tmpfs (needs root): {done.stderr.strip()}"
        if os.environ.get("CI"):
            raise RuntimeError(reason)
        pytest.skip(reason)
    try:
        yield SmallDisk(root)
    finally:  # lazy: a library may still hold a file open; it goes when that is closed
        subprocess.run(["umount", "--lazy", str(root)], check=False)
