from assistant.domain import Chunk, indexed_text

TITLE = "Lov om planlegging og byggesaksbehandling (plan- og bygningsloven)"
CHAPTER = "Kapittel 10. Kommunal planstrategi"
SECTION = "§ 10-1. Kommunal planstrategi"
BODY = "Kommunestyret skal minst én gang i hver valgperiode vedta en kommunal planstrategi."


def chunk(text: str, section: str | None = SECTION, chapter: str | None = CHAPTER) -> Chunk:
    return Chunk("pbl:0006", "pbl", TITLE, "lov", "nb", text, 0, len(text), "h", section, chapter)


class TestIndexedText:
    def test_title_and_section_path_lead_the_text(self) -> None:
        assert indexed_text(chunk(BODY)) == f"{TITLE}\n{CHAPTER} › {SECTION}\n\n{BODY}"

    def test_a_section_the_text_starts_with_is_not_repeated(self) -> None:
        text = f"{SECTION}\n\n{BODY}"
        assert indexed_text(chunk(text)) == f"{TITLE}\n{CHAPTER}\n\n{text}"

    def test_only_the_parts_there_are(self) -> None:
        assert indexed_text(chunk(BODY, chapter=None)) == f"{TITLE}\n{SECTION}\n\n{BODY}"
        assert indexed_text(chunk(BODY, section=None, chapter=None)) == f"{TITLE}\n\n{BODY}"

    def test_the_chunk_text_itself_is_unchanged(self) -> None:
        assert indexed_text(chunk(BODY)).endswith("\n\n" + BODY)
