"""The codec every index run writes segments with: Whoosh's W3 codec, with posting blocks
pickled by a protocol that loads faster (README "Performance"). Used by :mod:`.segment`."""

from __future__ import annotations

import zlib
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3PostingsWriter
from whoosh.util.numeric import length_to_byte

__all__ = ["SegmentCodec", "segment_codec"]

# Whoosh pickles posting blocks with protocol 2, which stores each posting's value bytes as a call
# to codecs.encode: loading a block of body postings took ~6x longer than with protocol 5's
# plain byte strings, and the block was ~2x bigger (README "Performance").
_BLOCK_PROTOCOL = 5


class SegmentCodec(W3Codec):  # type: ignore[misc]
    """Whoosh's W3 codec, writing posting blocks with pickle protocol 5.

    Its segments are read by a plain ``W3Codec`` (any protocol unpickles), and the codec is stored
    in the index's table of contents as one, so any Whoosh opens the index without this module.
    """

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return _PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def __reduce__(self) -> tuple[type, tuple[int, int, int]]:
        return W3Codec, (self._blocklimit, self._compression, self._inlinelimit)


def segment_codec() -> SegmentCodec:
    """How segments are written. inlinelimit=2: a one-document posting list lives in its term's
    entry. compression=0: posting blocks are not zlib-compressed, so searches read them ~20%
    faster and indexing is ~14% faster, for an index ~1.25x larger (README "Performance").
    Readers take either kind of block, so older indexes still open."""
    return SegmentCodec(inlinelimit=2, compression=0)


class _PostingsWriter(W3PostingsWriter):  # type: ignore[misc]
    def _write_block(self, last: bool = False) -> None:
        """``W3PostingsWriter._write_block`` with the block data pickled by ``_BLOCK_PROTOCOL``."""
        postfile = self._postfile
        if not self._blockcount:
            postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = dumps((self._mini_ids(), self._mini_weights(), self._mini_values()), _BLOCK_PROTOCOL)
        comp = self._compression
        if comp:
            data = zlib.compress(data, comp)
        ids = self._ids
        lengths = (length_to_byte(self._minlength), length_to_byte(self._maxlength))
        info = dumps((len(ids), ids[-1], self._maxweight, comp, *lengths), 2)
        size = len(info) + len(data)
        postfile.write_int(-size if last else size)  # a negative length marks the last block
        postfile.write(info)
        postfile.write(data)
        self._blockcount += 1
        self._new_block()
