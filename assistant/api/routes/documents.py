from fastapi import APIRouter

from assistant.api.deps import AssistantDep, AuthDep, UserDep
from assistant.schemas import DocumentDetail, DocumentOut, SectionOut
from ingest.library import changeable

router = APIRouter(prefix="/v1/documents", tags=["documents"])


@router.get("", response_model=list[DocumentOut])
def list_documents(assistant: AssistantDep, user: UserDep, auth: AuthDep) -> list[DocumentOut]:
    """The documents you may read (national ones and your organisation's): id, title,
    type, language, collection, chunk count, and whether you may replace or remove it."""
    settings = assistant.settings
    return [
        DocumentOut.of(document, changeable(settings, document.meta, user, auth.enabled))
        for document in assistant.documents()
    ]


@router.get("/{doc_id}", response_model=DocumentDetail)
def get_document(doc_id: str, assistant: AssistantDep) -> DocumentDetail:
    """One document with its chunks in order (section, chapter, page, text)."""
    document, chunks = assistant.document(doc_id)
    sections = [
        SectionOut(chunk_id=c.id, section=c.section, chapter=c.chapter, page=c.page, text=c.text)
        for c in chunks
    ]
    return DocumentDetail(**DocumentOut.of(document).model_dump(), sections=sections)
