"""Question files: valid ones load, bad entries are all reported in one message."""

from pathlib import Path

import pytest

from evaluation import EvaluationError
from evaluation.dataset import load_questions

KNOWN = {"pbl", "hole-velferd-planprogram", "mr-plan-politikarar"}
DEV = Path(__file__).parents[2] / "evaluation" / "questions"

GOOD = """
- id: q1
  question: Hvem vedtar planstrategien?
  language: nb
  expected_sources: [pbl]
  must_mention: [["kommunestyret"]]
  kind: fact
"""


def write(tmp_path: Path, text: str, name: str = "qs.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_a_valid_file(tmp_path: Path) -> None:
    (question,) = load_questions(write(tmp_path, GOOD), KNOWN)
    assert question.id == "q1" and question.answerable
    assert question.must_mention == (("kommunestyret",),)


def test_shipped_question_files_are_valid() -> None:
    corpus = Path(__file__).parents[2] / "corpus"
    from ingest.manifest import discover_documents

    known = {meta.id for meta in discover_documents(corpus)}
    for path in DEV.glob("*.yaml"):
        assert load_questions(path, known)


def test_unknown_document_id_names_entry_and_known_ids(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("[pbl]", "[pbll]"), "dev.yaml")
    with pytest.raises(EvaluationError) as info:
        load_questions(path, KNOWN)
    message = str(info.value)
    assert "dev.yaml entry 1 (id q1): unknown document id 'pbll'" in message
    assert "known: hole-velferd-planprogram, mr-plan-politikarar, pbl" in message


def test_every_bad_entry_is_listed(tmp_path: Path) -> None:
    text = (
        GOOD
        + """
- id: q2
  question: Mangler språk
  expected_sources: [pbl]
  must_mention: [["x"]]
  kind: fact
- id: q3
  question: 42
  language: de
  expected_sources: pbl
  must_mention: ["kommunestyret"]
  kind: fact
  extra: 1
- id: q1
  question: Dobbel id
  language: nb
  expected_sources: []
  must_mention: []
  kind: negative
"""
    )
    with pytest.raises(EvaluationError) as info:
        load_questions(write(tmp_path, text), KNOWN)
    message = str(info.value)
    assert message.startswith("qs.yaml has 3 invalid entries:")
    assert "qs.yaml entry 2 (id q2): missing field 'language'" in message
    assert "entry 3 (id q3): 'question' must be a non-empty string, got 42" in message
    assert "entry 3 (id q3): 'language' must be one of nb, nn, en, got 'de'" in message
    assert "entry 3 (id q3): 'expected_sources' must be a list of document ids" in message
    assert "entry 3 (id q3): 'must_mention' must be a list of groups" in message
    assert "entry 3 (id q3): unknown field 'extra'" in message
    assert "entry 4 (id q1): duplicate id 'q1'" in message


def test_not_a_list_and_not_yaml(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="must be a non-empty YAML list"):
        load_questions(write(tmp_path, "id: q1\n"), KNOWN)
    with pytest.raises(EvaluationError, match="is not valid YAML"):
        load_questions(write(tmp_path, "- [unclosed\n"), KNOWN)
    with pytest.raises(EvaluationError, match="question file not found"):
        load_questions(tmp_path / "nope.yaml", KNOWN)
