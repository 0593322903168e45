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
