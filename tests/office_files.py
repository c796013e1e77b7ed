"""Build DOCX, OpenDocument, EPUB, e-mail and mbox files in memory for the tests (zipfile and
the email package only: no binary fixtures in the repository)."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _zip(files: dict[str, str | bytes], *, stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        if stored_first is not None:
            zf.writestr(zipfile.ZipInfo(stored_first), files[stored_first], zipfile.ZIP_STORED)
        for name, content in files.items():
            if name != stored_first:
                zf.writestr(name, content)
    return buffer.getvalue()


def _w_paragraph(text: str, style: str | None = None, footnote: int | None = None) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    note = f'<w:r><w:footnoteReference w:id="{footnote}"/></w:r>' if footnote is not None else ""
    return f'<w:p>{props}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>{note}</w:p>'


def docx(
    *,
    heading: str = "Quarterly Harbour Report",
    paragraphs: tuple[str, ...] = ("The harbour dredging finished in March.",),
    table: tuple[tuple[str, ...], ...] = (("Vessel", "Tonnage"), ("Albatross", "12000")),
    footnote: str | None = "Figures from the harbour master.",
    title: str | None = "Harbour Report 2021",
    author: str | None = "Ingrid Sørensen",
    created: str | None = "2021-04-02T09:30:00Z",
    extra_body: str = "",
) -> bytes:
    """A DOCX with a Heading 1, paragraphs, a table and a footnote, and core properties."""
    rows = "".join(
        "<w:tr>" + "".join(f"<w:tc>{_w_paragraph(c)}</w:tc>" for c in row) + "</w:tr>"
        for row in table
    )
    body = _w_paragraph(heading, "Heading1")
    for i, text in enumerate(paragraphs):
        body += _w_paragraph(text, footnote=1 if footnote and i == 0 else None)
    if table:
        body += f"<w:tbl>{rows}</w:tbl>"
    body += extra_body
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}<w:sectPr/></w:body></w:document>'
    )
    files: dict[str, str | bytes] = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": document,
    }
    if footnote:
        files["word/footnotes.xml"] = (
            f'<?xml version="1.0"?><w:footnotes xmlns:w="{W_NS}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            f'</w:footnote><w:footnote w:id="1">{_w_paragraph(footnote)}</w:footnote>'
            "</w:footnotes>"
        )
    props = ""
    if title is not None:
        props += f"<dc:title>{escape(title)}</dc:title>"
    if author is not None:
        props += f"<dc:creator>{escape(author)}</dc:creator>"
    if created is not None:
        props += f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
    files["docProps/core.xml"] = (
        '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
        'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{props}</cp:coreProperties>'
    )
    return _zip(files)


ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)


def opendocument(
    body: str,
    *,
    kind: str = "text",
    title: str | None = "Minutes of the Allotment Society",
    creator: str | None = "Beatrix Oyelaran",
    created: str | None = "2019-06-15T18:00:00",
) -> bytes:
    """An ODF package whose ``office:body`` holds ``body`` (ODF XML); ``kind`` is text,
    spreadsheet or presentation."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NS}>'
        f"<office:body><office:{kind}>{body}</office:{kind}></office:body>"
        "</office:document-content>"
    )
    meta = ""
    if title is not None:
        meta += f"<dc:title>{escape(title)}</dc:title>"
    if creator is not None:
        meta += f"<dc:creator>{escape(creator)}</dc:creator>"
    if created is not None:
        meta += f"<meta:creation-date>{created}</meta:creation-date>"
    files: dict[str, str | bytes] = {
        "mimetype": f"application/vnd.oasis.opendocument.{kind}",
        "content.xml": content,
        "meta.xml": (
            f'<?xml version="1.0"?><office:document-meta {ODF_NS}>'
            f"<office:meta>{meta}</office:meta></office:document-meta>"
        ),
    }
    return _zip(files, stored_first="mimetype")


ODT_BODY = (
    '<text:h text:outline-level="1">Allotment rules</text:h>'
    '<text:p>Compost<text:s text:c="2"/>bins must be emptied by October.'
    '<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
    "<text:note-body><text:p>Agreed at the spring meeting.</text:p></text:note-body></text:note>"
    "</text:p>"
    "<office:annotation><dc:creator>X</dc:creator><text:p>secret reviewer remark</text:p>"
    "</office:annotation>"
    "<table:table><table:table-row><table:table-cell><text:p>Plot</text:p></table:table-cell>"
    "<table:table-cell><text:p>Holder</text:p></table:table-cell></table:table-row>"
    "<table:table-row><table:table-cell><text:p>14</text:p></table:table-cell>"
    "<table:table-cell><text:p>Marrow champion</text:p></table:table-cell></table:table-row>"
    "</table:table>"
)


def epub(
    chapters: list[tuple[str, str]],
    *,
    title: str = "The Lighthouse Keeper",
    creator: str = "Tomasz Wierzbicki",
    date: str = "2015-09-01",
    spine_order: list[int] | None = None,
    extra_spine: str = "",
) -> bytes:
    """An EPUB 3 with one XHTML file per chapter (heading, paragraph), in ``spine_order``
    (default: as given), and the manifest listing them in the reverse order."""
    files: dict[str, str | bytes] = {
        "mimetype": "application/epub+zip",
        "META-INF/container.xml": (
            '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:'
            'opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" '
            'media-type="application/oebps-package+xml"/></rootfiles></container>'
        ),
    }
    items = ""
    for number, (heading, text) in reversed(list(enumerate(chapters, start=1))):
        items += (
            f'<item id="c{number}" href="text/chapter%20{number}.xhtml" '
            'media-type="application/xhtml+xml"/>'
        )
        files[f"OEBPS/text/chapter {number}.xhtml"] = (
            '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
            f"<head><title>{escape(heading)}</title></head><body><h1>{escape(heading)}</h1>"
            f"<p>{escape(text)}</p></body></html>"
        )
    order = spine_order or list(range(1, len(chapters) + 1))
    spine = "".join(f'<itemref idref="c{n}"/>' for n in order) + extra_spine
    files["OEBPS/content.opf"] = (
        '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(creator)}</dc:creator>"
        f"<dc:date>{date}</dc:date></metadata><manifest>{items}</manifest>"
        f"<spine>{spine}</spine></package>"
    )
    return _zip(files, stored_first="mimetype")


def email_message(
    *,
    subject: str = "Budget for the lantern festival",
    sender: str = "Priya Raman <priya@example.org>",
    date: str = "Tue, 03 Mar 2020 14:05:00 +0100",
    plain: str | None = "The lantern festival needs forty volunteers.",
    html: str | None = "<p>The <b>lantern festival</b> needs forty volunteers.</p>",
    attachment: tuple[str, bytes] | None = ("budget-2020.xlsx", b"PK\x03\x04 not really"),
    message_id: str | None = "<lantern-1@example.org>",
) -> bytes:
    """A MIME message: text and HTML alternatives and one attachment."""
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = "committee@example.org"
    msg["Date"] = date
    if message_id is not None:
        msg["Message-ID"] = message_id
    if plain is not None:
        msg.set_content(plain)
        if html is not None:
            msg.add_alternative(html, subtype="html")
    elif html is not None:
        msg.set_content(html, subtype="html")
    if attachment is not None:
        name, data = attachment
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return msg.as_bytes()


def mbox(messages: list[bytes]) -> bytes:
    """An mbox: each message after a ``From `` line, body lines starting "From " quoted."""
    out = b""
    for message in messages:
        body = b"\n".join(
            b">" + line if line.startswith(b"From ") else line
            for line in message.replace(b"\r\n", b"\n").split(b"\n")
        )
        out += b"From MAILER-DAEMON Thu Jan  1 00:00:00 2020\n" + body.rstrip(b"\n") + b"\n\n"
    return out


def zip_bomb(kind: str = "docx", size: int = 24 * 1024 * 1024) -> bytes:
    """A container whose main part declares and holds ``size`` zero bytes (~1000:1 deflate)."""
    buffer = io.BytesIO()
    main = "word/document.xml" if kind == "docx" else "content.xml"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        if kind == "docx":
            zf.writestr("[Content_Types].xml", "<Types/>")
        else:
            zf.writestr(
                zipfile.ZipInfo("mimetype"),
                "application/vnd.oasis.opendocument.text",
                zipfile.ZIP_STORED,
            )
        with zf.open(main, "w", force_zip64=True) as out:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                out.write(chunk)
    return buffer.getvalue()


def many_entries(count: int = 20_000) -> bytes:
    """A DOCX-looking zip with ``count`` tiny entries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
        for i in range(count):
            zf.writestr(f"word/media/{i}.bin", b"")
    return buffer.getvalue()
