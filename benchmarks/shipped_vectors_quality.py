"""Does shipping float16 vectors change anything? Compare two indexes of the same corpus:
one built from float32 vectors (the embedding cache), one from ``corpus/vectors.npz``.

    python benchmarks/shipped_vectors_quality.py DATA_DIR_F32 DATA_DIR_F16 \
        [evaluation/questions/calibration.yaml]

Prints how close the vectors are and, per question, whether the retrieved passages (order
included), the decline decision and the answer text are the same.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

from assistant.embedding import EmbeddingCache, make_embedder
from assistant.service import Assistant
from assistant.settings import PROJECT_ROOT, Settings
from evaluation.dataset import load_questions
from ingest.shipped_vectors import FILE_NAME


def vector_agreement(settings: Settings, model_key: str) -> tuple[int, float, float]:
    """(vectors compared, lowest and mean cosine of shipped float16 vs cached float32)."""
    with np.load(settings.corpus_dir / FILE_NAME) as shipped:
        hashes = [bytes(row).hex() for row in shipped["text_hashes"]]
        half = shipped["vectors"].astype(np.float32)
    cache = EmbeddingCache(settings.cache_dir / "embeddings.sqlite3")
    full = cache.get(model_key, hashes)
    cache.close()
    rows = [i for i, h in enumerate(hashes) if h in full]
    a = half[rows] / np.linalg.norm(half[rows], axis=1, keepdims=True)
    b = np.stack([full[hashes[i]] for i in rows])
    cosines = (a * b).sum(axis=1)
    return len(rows), float(cosines.min()), float(cosines.mean())


def main(f32_dir: Path, f16_dir: Path, questions_path: Path) -> None:
    settings = Settings()
    embedder = make_embedder(settings)
    count, lowest, mean = vector_agreement(settings, embedder.model_key)
    print(
        f"vectors: {count} compared, cosine float16 vs float32 min {lowest:.6f} mean {mean:.6f}",
        flush=True,
    )
    one = Assistant(settings.model_copy(update={"data_dir": f32_dir}), embedder)
    two = Assistant(settings.model_copy(update={"data_dir": f16_dir}), embedder)
    known = one.store.documents.keys()
    questions = load_questions(questions_path, known)
    same_top5 = same_ranking = same_decision = same_text = 0
    started = time.perf_counter()
    for question in questions:
        a, b = one.ask(question.question), two.ask(question.question)
        ids_a = [hit.chunk.id for hit in a.passages]
        ids_b = [hit.chunk.id for hit in b.passages]
        same_top5 += set(ids_a[:5]) == set(ids_b[:5])
        same_ranking += ids_a == ids_b
        same_decision += a.abstained == b.abstained
        same_text += a.text == b.text
        if a.text != b.text:
            print(f"  differs: {question.id}: {ids_a[:5]} vs {ids_b[:5]}", flush=True)
    n = len(questions)
    print(
        f"{n} questions ({time.perf_counter() - started:.0f} s): same top-5 set {same_top5}/{n}, "
        f"same passages in order {same_ranking}/{n}, same decline decision {same_decision}/{n}, "
        f"same answer text {same_text}/{n}"
    )


if __name__ == "__main__":
    default = PROJECT_ROOT / "evaluation" / "questions" / "calibration.yaml"
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else default)
