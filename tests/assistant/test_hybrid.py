"""HybridRetriever over the shared test index: what comes first."""

from assistant.service import Assistant


def test_a_named_laws_best_passage_comes_first(assistant: Assistant) -> None:
    # Hole's planprogram lists the law and what it "setter rammer for": the question's
    # words match it better, but what the law itself says is the answer.
    question = (
        "Hvilke rammer setter plan- og bygningsloven for kommunal planlegging og medvirkning?"
    )
    retriever = assistant.retriever()
    fused = [hit.chunk for hit in retriever.candidates(question)]
    assert fused[0].doc_id == "hole-velferd-planprogram"
    found = [hit.chunk for hit in retriever.search(question, 5)]
    best_of_law = next(chunk for chunk in fused if chunk.doc_id == "pbl")
    assert found == [best_of_law, *(chunk for chunk in fused if chunk != best_of_law)][:5]


def test_no_law_named_keeps_the_fused_order(assistant: Assistant) -> None:
    question = "Hvilke rammer setter loven for kommunal planlegging og medvirkning?"
    retriever = assistant.retriever()
    fused = [hit.chunk.id for hit in retriever.candidates(question)]
    assert [hit.chunk.id for hit in retriever.search(question, 5)] == fused[:5]


def test_a_name_no_top_passage_holds_brings_the_best_one_that_does(assistant: Assistant) -> None:
    # The Tett på slides fill the top two; without a Hole passage the decline check would
    # read "Hole" as a name the documents lack.
    question = "Hva er prosjektgruppen i Hole, og hva gjør Tett på i Møre og Romsdal?"
    retriever = assistant.retriever()
    ranked = [hit.chunk for hit in retriever.search(question, 50)]
    assert {chunk.doc_id for chunk in ranked[:2]} == {"mr-plan-politikarar"}
    best_of_hole = next(chunk for chunk in ranked if chunk.doc_id == "hole-velferd-planprogram")
    assert [hit.chunk for hit in retriever.search(question, 2)] == [ranked[0], best_of_hole]
    # The best passage itself is never given up.
    assert [hit.chunk for hit in retriever.search(question, 1)] == [ranked[0]]
