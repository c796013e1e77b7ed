"""A Whoosh SegmentWriter that indexes faster and writes exactly the same segment, with the
codec of :mod:`.codec` (posting blocks pickled with a protocol that loads faster).

Used by sync.py for every writer it opens. Two changes, both internal to one segment:

- **Title and body are analysed in one pass** (:mod:`.postings`) instead of through
  ``TEXT_ANALYZER``'s chain of generators: the same terms, positions, character offsets, weights
  and field lengths.
- **Postings skip Whoosh's sorting pool.** The pool keeps one tuple per posting, sorts them all at
  the end, and writing then looks every posting's field length up in the length column just
  written. Here postings are grouped by field and term as documents come (document numbers only
  grow, so each list is already in order), only the terms are sorted, and lengths are remembered.
  Past ``limitmb`` of postings, or when a merge put other segments' postings in the pool, they go
  through the pool as before.
"""

from __future__ import annotations

from collections.abc import Callable
from pickle import dumps
from typing import Any

from whoosh import system
from whoosh.codec.whoosh3 import W3FieldWriter, W3TermInfo
from whoosh.columns import VarBytesColumn
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from corpus_search._whoosh import ROW_LENGTHS as _ROW_LENGTHS
from corpus_search._whoosh import TERMINFO_STRUCT, field_term_records

from . import frequencies, termlists
from .codec import SegmentCodec, segment_codec
from .postings import POSTING_BYTES, one_pass, post_text
from .schema import text_characters

__all__ = ["FastSegmentWriter", "SegmentCodec", "new_writer", "segment_codec"]

pack_ushort: Callable[[int], bytes] = system.pack_ushort
# flags, total weight, doc freq, min/max length byte, max weight, min/max doc number
_TERMINFO = TERMINFO_STRUCT
_EXACT_FLOAT32 = float(1 << 24)  # whole numbers below this survive float32 (Whoosh's weight arrays)

WRITER_LIMIT_MB = 256  # Whoosh's in-memory posting pool before it spills to disk


def new_writer(ix: Any) -> FastSegmentWriter:
    """A writer for one segment of ``ix``, as every index run (local or cluster) opens them.

    ``_lk=False``: the run holds the index's write lock for its whole length.
    """
    return FastSegmentWriter(
        ix, _lk=False, compound=False, limitmb=WRITER_LIMIT_MB, codec=segment_codec()
    )


class FastSegmentWriter(SegmentWriter):  # type: ignore[misc]
    """``SegmentWriter`` with one-pass analysis of TEXT_ANALYZER fields and no sorting pool."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self._limit = self.pool.limit
        self._size = 0
        # fieldname -> term bytes -> [(docnum, weight, value bytes)], in document order
        self._postings: dict[str, dict[bytes, list[tuple[int, float, bytes | None]]]] = {}
        # fieldname -> docnum -> the field length a posting's block records (as the column reads)
        self._lengths: dict[str, dict[int, int]] = {}
        self._one_pass = {name: one_pass(field) for name, field in self.schema.items()}
        # Writing postings ourselves relies on the W3 field writer's internals; spelling words
        # and term vectors would need Whoosh's own add_document.
        self._fast = (
            type(self.fieldwriter) is W3FieldWriter
            and type(self.fieldwriter._tindex) is OrderedHashWriter
        ) and not any(field.separate_spelling() or field.vector for _, field in self.schema.items())
        # Indexes of schema 6 on keep each body's term list (termlists.py); older ones do not.
        term_lists = self.schema[termlists.COLUMN] if termlists.COLUMN in self.schema else None
        self._term_lists: Any = term_lists.column_type if term_lists is not None else None

    def add_document(self, **fields: Any) -> None:
        """``SegmentWriter.add_document``, with postings kept in ``_postings``."""
        if not self._fast:
            body = fields.get("body")
            if self._term_lists is not None and isinstance(body, str):
                fields = {**fields, termlists.COLUMN: termlists.encode(text_characters(body))}
            super().add_document(**fields)
            return
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        postings = self._postings
        one_passes = self._one_pass
        size = 0
        body_terms: dict[str, Any] | None = None  # the body's analysis, for its term list

        docboost = self._doc_boost(fields)
        fieldnames = sorted([name for name in fields if not name.startswith("_")])
        self._check_fields(schema, fieldnames)

        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]

                length = 0
                if field.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost)
                    analysis = one_passes.get(fieldname) if isinstance(value, str) else None
                    terms = postings.get(fieldname)
                    if terms is None:
                        terms = postings[fieldname] = {}
                    if analysis is not None:
                        length, added, analysed = post_text(
                            terms, docnum, value, analysis, fieldboost
                        )
                        size += added
                        if fieldname == "body":
                            body_terms = analysed
                    else:
                        scorable = field.scorable
                        for tbytes, freq, weight, vbytes in field.index(value):
                            if scorable:
                                length += freq
                            posting = (docnum, weight * fieldboost, vbytes)
                            found = terms.get(tbytes)
                            if found is None:
                                terms[tbytes] = [posting]
                            else:
                                found.append(posting)
                            size += POSTING_BYTES + len(tbytes) + (len(vbytes) if vbytes else 0)

                customval = fields.get(f"_stored_{fieldname}", value)
                sv = customval if field.stored else None
                perdocwriter.add_field(fieldname, field, sv, length)
                if length:
                    self._lengths.setdefault(fieldname, {})[docnum] = byte_to_length(
                        length_to_byte(length)
                    )

                column = field.column_type
                if column and customval is not None:
                    cv = field.to_column_value(customval)
                    perdocwriter.add_column_value(fieldname, column, cv)
                if fieldname == "body" and self._term_lists is not None:
                    # Here, where Whoosh would add a body_terms value (the next name in order).
                    self._add_term_list(value, body_terms)
        except Exception:
            perdocwriter.cancel_doc()
            raise

        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1
        self._size += size
        if self._size > self._limit:
            self._to_pool()

    def _add_term_list(self, body: Any, analysed: dict[str, Any] | None) -> None:
        """Store the body's term list (from the analysis its postings came from, if it had one)."""
        if analysed is None:
            analysed = text_characters(body) if isinstance(body, str) else {}
        value = termlists.encode(analysed)
        if value:
            self.perdocwriter.add_column_value(termlists.COLUMN, self._term_lists, value)

    def _to_pool(self) -> None:
        """Hand every posting held here to Whoosh's pool (which sorts and spills them)."""
        pool = self.pool
        for fieldname in sorted(self._postings):
            terms = self._postings[fieldname]
            for tbytes in sorted(terms):
                for docnum, weight, vbytes in terms[tbytes]:
                    pool.add((fieldname, tbytes, docnum, weight, vbytes))
        self._postings = {}
        self._size = 0

    def _finalize_segment(self) -> Any:
        """Finish the segment, then write its body-word frequency table (``frequencies.py``)
        from the term table just written: before any table of contents can name the segment."""
        segment = super()._finalize_segment()
        write_frequency_table(self.codec, self.storage, segment)
        return segment

    def _flush_segment(self) -> None:
        if not self._fast or self.pool.current or self.pool.runs:
            self._to_pool()  # merged segments' postings are in the pool: write them together
            super()._flush_segment()
            return
        self.perdocwriter.close()
        self._write_postings()
        self.fieldwriter.close()

    def _write_postings(self) -> None:
        """What ``FieldWriter.add_postings`` writes from the sorted pool, from ``_postings``.

        A term found in one document (most terms) has its posting list inlined in the term index:
        its entry is packed here directly, as ``W3PostingsWriter`` and ``W3TermInfo`` would.
        """
        fw = self.fieldwriter
        schema = self.schema
        tindex = fw._tindex
        no_length = length_to_byte(0)
        for fieldname in sorted(self._postings):
            terms = self._postings[fieldname]
            if not terms:
                continue
            lengths = self._lengths.get(fieldname, {})
            fw.start_field(fieldname, schema[fieldname])
            pw = fw._postwriter
            fmt = fw._format
            inline = pw._inlinelimit > 1
            prefix = pack_ushort(fw._fieldid)
            rows: list[tuple[bytes, bytes]] = []  # (key, term info) for the term index
            for tbytes in sorted(terms):
                postings = terms[tbytes]
                if inline and len(postings) == 1:
                    docnum, weight, vbytes = postings[0]
                    if (
                        type(weight) is float
                        and 0 < weight < _EXACT_FLOAT32
                        and weight.is_integer()
                    ):
                        length = lengths.get(docnum, 0)
                        lbyte = length_to_byte(length) if length else 0
                        info = _TERMINFO.pack(
                            True, weight, 1, lbyte, lbyte or no_length, weight, docnum, docnum
                        )
                        inlined = ((docnum,), (weight,), (vbytes,) if vbytes else ())
                        rows.append((prefix + tbytes, info + dumps(inlined, 2)))
                        continue
                pw.start_postings(fmt, W3TermInfo())
                _add_postings(pw, postings, lengths)
                rows.append((prefix + tbytes, pw.finish_postings().to_bytes()))
            _add_rows(tindex, rows)
            fw.finish_field()
        self._postings = {}


def write_frequency_table(codec: Any, storage: Any, segment: Any) -> None:
    """Write ``segment``'s body-word frequency table next to its files, and its document file
    when it keeps term lists (``frequencies.py``). None when its term table is not of the kind
    read here or two words share a key: the words are then looked up in Whoosh."""
    terms = codec.terms_reader(storage, segment)
    words: list[bytes] = []
    dfs: list[int] = []
    freqs: list[int] = []
    try:
        unpack = _TERMINFO.unpack_from  # (flags, weight, document frequency, ...)
        for word, info in field_term_records(terms, "body"):
            _, weight, df = unpack(info)[:3]
            words.append(word)
            dfs.append(df)
            freqs.append(int(weight))
    except AttributeError:
        return
    finally:
        terms.close()
    encoded = frequencies.encode(words, dfs, freqs)
    del words, dfs, freqs
    if encoded is None:
        return
    table, in_order = encoded
    documents = _document_terms(codec, storage, segment, in_order)
    for extension, pieces in (
        (frequencies.EXTENSION, table),
        (frequencies.DOCUMENTS_EXTENSION, documents),
    ):
        if pieces is None:
            continue
        f = segment.create_file(storage, extension)
        try:
            for piece in pieces:
                f.write(piece)
        finally:
            f.close()


def _document_terms(codec: Any, storage: Any, segment: Any, words: list[bytes]) -> list[Any] | None:
    """The document file of ``segment`` from the term lists it holds (None without them)."""
    perdoc = codec.per_document_reader(storage, segment)
    try:
        if not perdoc.has_column(termlists.COLUMN):
            return None
        column = perdoc.column_reader(termlists.COLUMN, VarBytesColumn())
        values = (bytes(column[d]) for d in range(segment.doc_count_all()))
        return frequencies.encode_documents(values, words)
    finally:
        perdoc.close()


def _add_rows(tindex: Any, rows: list[tuple[bytes, bytes]]) -> None:
    """``tindex.add(key, value)`` for each row (an ``OrderedHashWriter``), in one write."""
    if not rows:
        return
    if rows[0][0] <= tindex.lastkey:
        raise ValueError(f"Keys must increase: {tindex.lastkey!r}..{rows[0][0]!r}")
    dbfile = tindex.dbfile
    pos = dbfile.tell()
    hashfn, buckets, index = tindex.hashfn, tindex.buckets, tindex.index
    pack, header = _ROW_LENGTHS.pack, _ROW_LENGTHS.size
    out: list[bytes] = []
    for key, value in rows:
        index.append(pos)
        h = hashfn(key)
        buckets[h & 255].append((h, pos))
        out += (pack(len(key), len(value)), key, value)
        pos += header + len(key) + len(value)
    dbfile.write(b"".join(out))
    tindex.lastkey = rows[-1][0]


def _add_postings(pw: Any, postings: list[tuple[int, float, bytes | None]], lengths: Any) -> None:
    """``pw.add_posting(...)`` for each posting, a block (``_blocklimit`` postings) at a time."""
    limit = pw._blocklimit
    for i in range(0, len(postings), limit):
        block = postings[i : i + limit]
        if any(type(w) is not float for _, w, _ in block):
            for docnum, weight, vbytes in block:
                pw.add_posting(docnum, weight, vbytes or b"", lengths.get(docnum, 0))
            continue
        if pw._ids:  # the previous block is full: add_posting writes it before adding more
            pw._write_block()
        pw._ids.extend([docnum for docnum, _, _ in block])
        weights = [weight for _, weight, _ in block]
        pw._weights.extend(weights)
        pw._values.extend([vbytes for _, _, vbytes in block if vbytes])
        top = max(weights)
        if top > pw._maxweight:
            pw._maxweight = top
        found = [n for n in (lengths.get(docnum, 0) for docnum, _, _ in block) if n]
        if found:
            shortest = min(found)
            if pw._minlength is None or shortest < pw._minlength:
                pw._minlength = shortest
            pw._maxlength = max(pw._maxlength, *found)
