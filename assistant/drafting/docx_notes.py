"""Word footnotes and a page-number footer, written through python-docx's OXML layer.

python-docx 1.2.0 has no footnote API (only the part's content type and relationship
constants), so this module adds ``word/footnotes.xml`` itself: the two separator notes
Word expects, one ``w:footnote`` per reference, and a ``w:footnoteReference`` run in the
text. Word, LibreOffice and python-docx all open the result; Word numbers the notes.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

_SETTINGS_AFTER = ("w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr")
"""Elements that come after ``w:footnotePr`` in settings.xml (the schema fixes the order)."""
NOTE_TEXT, NOTE_MARK = "Footnote Text", "Footnote Reference"
_SEPARATORS = (
    f"<w:footnotes {nsdecls('w')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"/>'
    "</w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    "</w:footnotes>"
)


def _style_id(document: Document, name: str) -> str:
    return document.styles[name].style_id


class Footnotes:
    """Footnotes of one document: ``Footnotes(document).add(paragraph, "source")``."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self._add_styles()
        package = document.part.package
        self.part = XmlPart(
            PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(_SEPARATORS), package
        )
        document.part.relate_to(self.part, RT.FOOTNOTES)
        self._declare_separators()
        self._next_id = 1

    def _declare_separators(self) -> None:
        """Name the separator notes in settings.xml, as Word itself does."""
        properties = parse_xml(
            f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/>'
            "</w:footnotePr>"
        )
        self.document.settings.element.insert_element_before(properties, *_SETTINGS_AFTER)

    def _add_styles(self) -> None:
        styles = self.document.styles
        text = styles.add_style(NOTE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
        text.base_style = styles["Normal"]
        text.font.size = Pt(9)
        text.paragraph_format.space_after = Pt(0)
        mark = styles.add_style(NOTE_MARK, WD_STYLE_TYPE.CHARACTER)
        mark.font.superscript = True

    def _mark_run(self, tag: str, note_id: int | None = None) -> OxmlElement:
        run = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), _style_id(self.document, NOTE_MARK))
        rpr.append(style)
        run.append(rpr)
        mark = OxmlElement(tag)
        if note_id is not None:
            mark.set(qn("w:id"), str(note_id))
        run.append(mark)
        return run

    def add(self, paragraph: Paragraph, text: str) -> int:
        """Put a footnote mark at the end of ``paragraph`` and ``text`` in the note."""
        note_id, self._next_id = self._next_id, self._next_id + 1
        paragraph._p.append(self._mark_run("w:footnoteReference", note_id))
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(note_id))
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        pstyle = OxmlElement("w:pStyle")
        pstyle.set(qn("w:val"), _style_id(self.document, NOTE_TEXT))
        ppr.append(pstyle)
        p.append(ppr)
        p.append(self._mark_run("w:footnoteRef"))
        body = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = f" {text}"
        body.append(t)
        p.append(body)
        note.append(p)
        self.part.element.append(note)
        return note_id


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A field Word computes when it lays out the page, e.g. PAGE."""
    begin, separate, end = (OxmlElement("w:fldChar") for _ in range(3))
    begin.set(qn("w:fldCharType"), "begin")
    separate.set(qn("w:fldCharType"), "separate")
    end.set(qn("w:fldCharType"), "end")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    shown = OxmlElement("w:t")
    shown.text = "1"
    for part in (begin, code, separate, shown, end):
        run = OxmlElement("w:r")
        run.append(part)
        paragraph._p.append(run)


def page_numbers(document: Document) -> None:
    """The page number, centred in the footer of every page."""
    for section in document.sections:
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _field(paragraph, "PAGE")
