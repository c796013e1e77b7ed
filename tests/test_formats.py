"""documents: DOCX, OpenDocument, EPUB, e-mail and mbox extractors, content sniffing, zip bombs."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import office_files as make
import pytest

from corpus_search.documents import parse_document
from corpus_search.documents.container import MAX_ENTRIES
from corpus_search.documents.mail import iter_mbox
from corpus_search.documents.sniff import detect_format, unsupported_format
from corpus_search.errors import DocumentError, UnsupportedFormatError
from corpus_search.models import Document, Skipped


def parse(data: bytes, name: str = "file") -> Document:
    return parse_document(data, key=f"/corpus/{name}", name_hint=name)


# --- sniffing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data,expected",
    [
        (make.docx(), "docx"),
        (make.opendocument(make.ODT_BODY), "odt"),
        (make.opendocument("<table:table/>", kind="spreadsheet"), "ods"),
        (make.opendocument("", kind="presentation"), "odp"),
        (make.epub([("One", "x")]), "epub"),
        (make.email_message(), "email"),
        (make.mbox([make.email_message()]), "mbox"),
        (b"%PDF-1.7\n", "pdf"),
        (b"From: Ann <a@x.org>\nSubject: Engines\n\nV8.", "email"),
        (b"From: the desk of the editor\n\nDear reader,", None),
        (b"Subject: hello\nFrom: x", None),  # headers and no blank line after them
        (b"From here to eternity\nSubject: a film\n\nIt won eight Oscars.", None),
        (b"Plain text about %PDF-1.4 files.", None),
        (b"PK\x03\x04not a zip at all", None),
    ],
)
def test_detect_format(data: bytes, expected: str | None) -> None:
    assert detect_format(data) == expected


def xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data,kind",
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "legacy Office file (.doc/.xls/.ppt)",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (xlsx(), "Excel workbook (.xlsx)"),
        (make._zip({"a.txt": "x"}), "zip archive"),
        (b"\x1f\x8b\x08\x00", "gzip archive"),
        (b"BMW drivers club minutes", None),
        (b"plain words", None),
    ],
)
def test_unsupported_formats_are_named(data: bytes, kind: str | None) -> None:
    assert unsupported_format(data) == kind
    if kind is not None:
        with pytest.raises(UnsupportedFormatError, match=r"not a supported format \("):
            parse(data, "file.txt")


# --- DOCX --------------------------------------------------------------------------------------


def test_docx_paragraphs_heading_table_footnote_and_core_properties() -> None:
    doc = parse(make.docx(), "report.docx")
    assert doc.format == "docx"
    assert (doc.title, doc.author, doc.date) == (
        "Harbour Report 2021",
        "Ingrid Sørensen",
        datetime(2021, 4, 2, 9, 30),
    )
    assert doc.text.split("\n\n") == [
        "Quarterly Harbour Report",
        "The harbour dredging finished in March.",
        "Vessel | Tonnage\nAlbatross | 12000",
        "Figures from the harbour master.",  # the footnote, after the body
    ]
    assert doc.warnings == ()


def test_docx_without_core_title_takes_its_first_heading() -> None:
    doc = parse(make.docx(title=None, author=None, created=None), "report.docx")
    assert (doc.title, doc.author, doc.date) == ("Quarterly Harbour Report", None, None)


def test_docx_under_a_txt_name_is_read_as_docx() -> None:
    doc = parse(make.docx(), "notes.txt")
    assert doc.format == "docx" and "dredging" in doc.text


def test_docx_text_boxes_are_read_once_and_deleted_text_not_at_all() -> None:
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = (
        f'<w:p><w:r><mc:AlternateContent xmlns:mc="{mc}"><mc:Choice Requires="wps">'
        "<w:txbxContent><w:p><w:r><w:t>Boxed caption</w:t></w:r></w:p></w:txbxContent>"
        "</mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>Boxed caption</w:t></w:r>"
        "</w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>"
        "<w:p><w:r><w:t>Kept</w:t></w:r><w:del><w:r><w:delText>removed</w:delText></w:r>"
        "</w:del><w:r><w:tab/><w:t>words</w:t></w:r></w:p>"
    )
    doc = parse(make.docx(extra_body=box, table=(), footnote=None), "boxes.docx")
    assert doc.text.count("Boxed caption") == 1
    assert "Kept words" in doc.text.replace("\t", " ") and "removed" not in doc.text


def test_docx_equations_keep_their_text() -> None:
    # A DOCX of nothing but Office Math (like TeX Live's test-word-latinmodern_math.docx) was
    # reported as "no text found"; Word's own text export writes the equation's letters.
    m = "http://schemas.openxmlformats.org/officeDocument/2006/math"
    equation = (
        f'<w:p><m:oMathPara xmlns:m="{m}"><m:oMath><m:r><m:t>E</m:t></m:r><m:r><m:t>=</m:t>'
        "</m:r><m:r><m:t>mc</m:t></m:r><m:sSup><m:e><m:r><m:t>kinetique</m:t></m:r></m:e>"
        "</m:sSup></m:oMath></m:oMathPara></w:p>"
    )
    doc = parse(make.docx(extra_body=equation, table=(), footnote=None), "maths.docx")
    assert "E=mc" in doc.text and "kinetique" in doc.text


def test_docx_stops_reading_past_the_character_limit() -> None:
    paragraphs = tuple(f"Paragraph {i} about lighthouses." for i in range(2000))
    doc = parse_document(make.docx(paragraphs=paragraphs), key="k", max_chars=5000)
    assert doc.truncated and len(doc.text) <= 5000 and "Paragraph 1999" not in doc.text


@pytest.mark.parametrize(
    "data,reason",
    [
        (make.docx()[:300], "damaged DOCX container"),
        (make._zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:doc"}), "damaged"),
    ],
)
def test_damaged_docx_is_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(DocumentError, match=reason):
        parse(data, "broken.docx")


def test_entities_are_not_expanded() -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
        f'<!ENTITY c "&b;&b;&b;&b;&b;&b;">]><w:document xmlns:w="{make.W_NS}"><w:body><w:p>'
        "<w:r><w:t>Laugh &c; here</w:t></w:r></w:p></w:body></w:document>"
    )
    data = make._zip({"[Content_Types].xml": "<Types/>", "word/document.xml": laughs})
    doc = parse(data, "laughs.docx")
    assert "haha" not in doc.text and "Laugh" in doc.text


# --- zip bombs ---------------------------------------------------------------------------------


def test_zip_bomb_by_ratio_is_refused_quickly() -> None:
    bomb = make.zip_bomb("docx")
    assert len(bomb) < 100_000
    with pytest.raises(DocumentError, match="possible zip bomb"):
        parse(bomb, "bomb.docx")


def test_zip_bomb_declaring_a_huge_size_is_refused_unread() -> None:
    data = bytearray(
        make._zip(
            {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"},
            stored_first="mimetype",
        )
    )
    # Declare 5 GB for content.xml in the central directory (zip64 is not needed to lie).
    at = data.rfind(b"PK\x01\x02")
    data[at + 24 : at + 28] = (0xFFFFFFF0).to_bytes(4, "little")
    with pytest.raises(DocumentError, match=r"content.xml in the ODT would expand to 4,295 MB"):
        parse(bytes(data), "bomb.odt")


def test_container_with_too_many_entries_is_refused() -> None:
    data = make.many_entries(MAX_ENTRIES + 10)
    with pytest.raises(DocumentError, match=r"10,01\d entries .*possible zip bomb"):
        parse(data, "many.docx")


# --- OpenDocument ------------------------------------------------------------------------------


def test_odt_text_table_footnote_and_meta() -> None:
    doc = parse(make.opendocument(make.ODT_BODY), "minutes.odt")
    assert doc.format == "odt"
    assert (doc.title, doc.author, doc.date) == (
        "Minutes of the Allotment Society",
        "Beatrix Oyelaran",
        datetime(2019, 6, 15, 18, 0),
    )
    assert doc.text.split("\n\n") == [
        "Allotment rules",
        "Compost bins must be emptied by October.",  # text:s c=2 is two spaces, then cleaned
        "Agreed at the spring meeting.",
        "Plot | Holder\n14 | Marrow champion",
    ]
    assert "secret reviewer" not in doc.text


def test_ods_rows_and_odp_slides() -> None:
    sheet = (
        "<table:table><table:table-row><table:table-cell><text:p>Crop</text:p></table:table-cell>"
        "<table:table-cell><text:p>Yield</text:p></table:table-cell></table:table-row>"
        "<table:table-row><table:table-cell><text:p>Rhubarb</text:p></table:table-cell>"
        "<table:table-cell/><table:table-cell><text:p>41</text:p></table:table-cell>"
        "</table:table-row></table:table>"
    )
    doc = parse(make.opendocument(sheet, kind="spreadsheet"), "crops.ods")
    assert doc.format == "ods" and doc.text == "Crop | Yield\nRhubarb | 41"
    slides = (
        "<draw:page xmlns:draw='urn:oasis:names:tc:opendocument:xmlns:drawing:1.0'>"
        "<draw:frame><draw:text-box><text:p>Seed swap on Sunday</text:p></draw:text-box>"
        "</draw:frame></draw:page>"
    )
    doc = parse(make.opendocument(slides, kind="presentation", title=None), "swap.odp")
    assert (doc.format, doc.text, doc.title) == (
        "odp",
        "Seed swap on Sunday",
        "Seed swap on Sunday",
    )


# --- EPUB --------------------------------------------------------------------------------------


def test_epub_chapters_in_spine_order_with_dublin_core() -> None:
    chapters = [("The Storm", "Waves broke over the gallery."), ("The Calm", "Gulls returned.")]
    doc = parse(make.epub(chapters, spine_order=[2, 1]), "keeper.epub")
    assert doc.format == "epub"
    assert (doc.title, doc.author, doc.date) == (
        "The Lighthouse Keeper",
        "Tomasz Wierzbicki",
        datetime(2015, 9, 1),
    )
    assert doc.text.split("\n\n") == [
        "The Calm",
        "Gulls returned.",
        "The Storm",
        "Waves broke over the gallery.",
    ]


def test_epub_missing_spine_item_is_a_warning() -> None:
    data = make.epub([("One", "Alpha words")], extra_spine='<itemref idref="ghost"/>')
    doc = parse(data, "book.epub")
    assert "Alpha words" in doc.text
    assert any("unknown item 'ghost'" in w for w in doc.warnings)


# --- e-mail ------------------------------------------------------------------------------------


def test_eml_text_part_headers_and_attachments() -> None:
    doc = parse(make.email_message(), "lantern.eml")
    assert doc.format == "email"
    assert (doc.title, doc.author, doc.date) == (
        "Budget for the lantern festival",
        "Priya Raman <priya@example.org>",
        datetime(2020, 3, 3, 13, 5),  # in UTC
    )
    assert doc.text == "The lantern festival needs forty volunteers."
    assert doc.attachments == ("budget-2020.xlsx",)


def test_eml_with_only_html_is_read_as_text() -> None:
    doc = parse(make.email_message(plain=None, attachment=None), "html.eml")
    assert doc.text == "The lantern festival needs forty volunteers." and doc.attachments == ()


def test_eml_with_encoded_subject_and_latin1_body() -> None:
    raw = (
        b"From: =?utf-8?q?Jos=C3=A9_Pe=C3=B1a?= <jose@example.org>\r\n"
        b"Subject: =?iso-8859-1?q?R=E9union_du_comit=E9?=\r\n"
        b"Date: not a date\r\n"
        b"Content-Type: text/plain; charset=iso-8859-1\r\n\r\n"
        b"R\xe9union jeudi \xe0 18h.\r\n"
    )
    doc = parse(raw, "reunion.eml")
    assert (doc.title, doc.author) == ("Réunion du comité", "José Peña <jose@example.org>")
    assert doc.text == "Réunion jeudi à 18h." and doc.date is None


# --- mbox --------------------------------------------------------------------------------------


def three_messages() -> list[bytes]:
    return [
        make.email_message(
            subject="Orchard pruning",
            plain="Prune the quince trees.",
            html=None,
            attachment=None,
            message_id="<m1@example.org>",
        ),
        make.email_message(
            subject="Beekeeping",
            plain="From the hives: forty jars.",
            html=None,
            attachment=None,
            message_id="<m2@example.org>",
        ),
        make.email_message(
            subject="Hedge laying",
            plain="Hawthorn stakes arrive Monday.",
            html=None,
            attachment=None,
            message_id=None,
        ),
    ]


def test_mbox_yields_one_document_per_message(tmp_path: Path) -> None:
    path = tmp_path / "club.mbox"
    path.write_bytes(make.mbox(three_messages()))
    items = list(iter_mbox(path))
    assert all(isinstance(i, Document) for i in items)
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.title for d in docs] == ["Orchard pruning", "Beekeeping", "Hedge laying"]
    assert [d.doc_id for d in docs][:2] == ["m1@example.org", "m2@example.org"]
    assert docs[2].doc_id.startswith("nomid-")
    assert docs[0].key == f"{path.as_posix()}#m1@example.org"
    assert docs[1].text == "From the hives: forty jars."  # the mboxrd quote undone
    # The id of a message without Message-ID is stable: the same on every read.
    assert [d.doc_id for d in iter_mbox(path) if isinstance(d, Document)][2] == docs[2].doc_id


def test_mbox_duplicate_message_ids_keep_the_first(tmp_path: Path) -> None:
    first, second, _ = three_messages()
    path = tmp_path / "dup.mbox"
    path.write_bytes(make.mbox([first, first.replace(b"quince", b"apple"), second]))
    items = list(iter_mbox(path))
    assert [type(i) for i in items] == [Document, Skipped, Document]
    assert "duplicate Message-ID" in items[1].reason  # type: ignore[union-attr]


def test_mbox_under_another_name_is_one_document_with_a_warning() -> None:
    doc = parse(make.mbox(three_messages()), "club.txt")
    assert doc.format == "mbox" and "Hawthorn" in doc.text and "quince" in doc.text
    assert any("name it .mbox" in w for w in doc.warnings)


def test_a_usenet_post_with_an_unusual_text_type_keeps_its_body() -> None:
    raw = (
        b"From: Marc <marc@example.edu>\nSubject: RIPEM Frequently Asked Questions\n"
        b"Content-Type: text/x-usenet-FAQ; version=1.0\nLines: 2\n\n"
        b"ABOUT THIS POSTING\nA listing of likely questions about RIPEM.\n"
    )
    doc = parse(raw, "14147")
    assert (doc.format, doc.title) == ("email", "RIPEM Frequently Asked Questions")
    assert doc.text == "ABOUT THIS POSTING\nA listing of likely questions about RIPEM."


def test_eml_with_raw_8bit_headers_and_an_unknown_charset() -> None:
    raw = (
        "From: Zoë Ångström <zoe@example.org>\nSubject: Smörgåsbord\nMessage-ID: <ü@x>\n"
        "Content-Type: text/plain; charset=x-no-such-charset\n\n"
    ).encode() + "Kanelbullar för alla.\n".encode()
    doc = parse(raw, "fika.eml")
    assert (doc.title, doc.author) == ("Smörgåsbord", "Zoë Ångström <zoe@example.org>")
    assert doc.text == "Kanelbullar för alla."


def test_xhtml_chapters_raise_no_parser_warnings() -> None:
    import warnings

    data = make.epub([("Title page", "By the keeper")])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # bs4's XMLParsedAsHTMLWarning would reach stderr
        doc = parse(data, "keeper.epub")
        assert "By the keeper" in doc.text
        from corpus_search.documents.html import html_to_text

        assert html_to_text('<?xml version="1.0"?><body><p>x</p></body>')[0].strip() == "x"


def test_mbox_messages_without_ids_that_share_headers_are_all_kept(tmp_path: Path) -> None:
    def post(body: str) -> bytes:
        return f"From: Ann <a@x.org>\nSubject: Re: Orbits\n\n{body}\n".encode()

    path = tmp_path / "thread.mbox"
    path.write_bytes(make.mbox([post("First reply."), post("Second reply."), post("First reply.")]))
    items = list(iter_mbox(path))
    assert [type(i) for i in items] == [Document, Document, Skipped]
    first, second = items[0], items[1]
    assert isinstance(first, Document) and isinstance(second, Document)
    assert second.doc_id == first.doc_id + "-2" and second.text == "Second reply."
    assert items[2].reason == "duplicate of message 1"  # type: ignore[union-attr]
    # Editing the second message's body keeps its id: it is replaced, not added.
    path.write_bytes(make.mbox([post("First reply."), post("Second reply, edited.")]))
    again = [i for i in iter_mbox(path) if isinstance(i, Document)]
    assert [d.doc_id for d in again] == [first.doc_id, second.doc_id]
