"""End to end with the real EmbeddingGemma model (fetched from the package registry).

Marked slow: ``make test-fast`` skips it; ``make test`` and CI run it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.embedding import SentenceTransformerEmbedder, make_embedder
from assistant.service import Assistant
from assistant.settings import Settings
from ingest.pipeline import run_ingest
from tests.helpers import make_settings

pytestmark = pytest.mark.slow

FORKED_HORSE = """
import os, signal, sys
from assistant.embedding import load_before_fork, make_embedder
from assistant.settings import Settings

embedder = make_embedder(Settings())
load_before_fork(embedder)
horse = os.fork()
if horse == 0:
    signal.alarm(180)  # a hang ends the horse, not the test run
    vector = embedder.encode_documents(["Kommunestyret skal vedta kommunal planstrategi."])
    os._exit(0 if vector.shape == (1, 768) else 1)
sys.exit(os.waitstatus_to_exitcode(os.waitpid(horse, 0)[1]))
"""


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    defaults = Settings()
    settings = make_settings(
        tmp_path_factory.mktemp("real"),
        embedder="sentence-transformers",
        cache_dir=defaults.cache_dir,  # the shared model + vector cache
        min_evidence=defaults.min_evidence,
        coverage_weight=defaults.coverage_weight,
    )
    embedder = make_embedder(settings)
    assert isinstance(embedder, SentenceTransformerEmbedder)
    run_ingest(settings, embedder)
    return Assistant(settings, embedder)


def test_query_and_passage_vectors(real: Assistant) -> None:
    vector = real.embedder.encode_query("kommunal planstrategi")
    assert vector.shape == (768,)
    assert abs(float((vector**2).sum()) - 1.0) < 1e-3


def test_cites_pbl_10_1(real: Assistant) -> None:
    answer = real.ask("Hvem skal vedta kommunal planstrategi?")
    assert not answer.abstained
    assert any(
        c.doc_id == "pbl" and (c.section or "").startswith("§ 10-1") for c in answer.citations
    )
    assert "kommunestyret" in answer.text.lower()


@pytest.mark.parametrize(
    ("question", "section", "opening"),
    [
        ("Hva sier plan- og bygningsloven § 10-1?", "§ 10-1.", "«Kommunestyret skal minst én"),
        ("What does section 5-1 of the Planning and Building Act say?", "§ 5-1.", "«Enhver som"),
    ],
)
def test_a_cited_section_is_quoted_from_its_opening(
    real: Assistant, question: str, section: str, opening: str
) -> None:
    answer = real.ask(question)
    assert (answer.citations[0].section or "").startswith(section)
    assert opening in answer.text.split("\n")[0]


def test_nynorsk_question(real: Assistant) -> None:
    answer = real.ask("Korleis kan politikarar bruke den forenkla innsatstrappa?")
    assert answer.language == "nn" and answer.text.startswith("Kort svar frå kjeldene")
    assert answer.citations[0].doc_id == "mr-plan-politikarar"


@pytest.mark.parametrize(
    "question",
    [
        "Hva er reglene for fiskekvoter i Barentshavet?",
        "What is the capital of Australia?",
    ],
)
def test_out_of_corpus_abstains(real: Assistant, question: str) -> None:
    answer = real.ask(question)
    assert answer.abstained and answer.citations == []


def test_model_is_cached_on_disk(real: Assistant) -> None:
    assert Path(real.settings.models_dir, "embeddinggemma-300m", "config.json").exists()


def test_the_answer_leads_and_a_follow_up_keeps_its_topic(real: Assistant) -> None:
    first = real.ask("Hvem vedtar planstrategien?")
    lead = first.text.split("\n")[0]
    assert lead.startswith("Kort svar fra kildene: «Kommunestyret skal") and lead.endswith("[1]")
    assert (first.citations[0].section or "").startswith("§ 10-1")
    follow_up = real.ask("og når må den være vedtatt?", previous=["Hvem vedtar planstrategien?"])
    assert follow_up.question == "Når må planstrategien være vedtatt?"
    assert "ett år" in follow_up.text.split("\n")[0]


def test_a_forked_work_horse_encodes_with_the_model_loaded_before_the_fork() -> None:
    """As ``planassist worker`` does: RQ forks a work horse per job from the process that
    loaded the model (``load_before_fork``); the horse must encode with it, not hang on
    torch's threads. A fresh interpreter: this one has run the model already."""
    env = os.environ | {"PLANASSIST_EMBEDDER": "sentence-transformers"}
    env["PLANASSIST_CACHE_DIR"] = str(Settings().cache_dir)  # the shared model
    done = subprocess.run(
        [sys.executable, "-c", FORKED_HORSE],
        cwd=Path(__file__).parents[1],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
