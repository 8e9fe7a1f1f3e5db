"""The private pypdf names the build relies on, wrapped in one place.

pypdf has no public way to add an object to a writer without a page to hang it on
(`_add_object`), nor to read or replace a stream's data as it is encoded (`_data`: a
resampled image's new JPEG), nor to let a writer forget the pages it copied from a reader
(`_merged_in_pages`, which with the public `reset_translation` keeps every such reader, and
so the whole file it read, alive until the writer goes); all exist in every pypdf from the
declared floor on (pyproject.toml), and the lowest-versions run (`make test-lowest`) uses
them.
"""

from __future__ import annotations

from pypdf import PdfReader, PdfWriter
from pypdf.generic import IndirectObject, PdfObject, StreamObject

__all__ = ["add_object", "encoded_data", "forget_reader", "set_encoded_data"]


def add_object(writer: PdfWriter, obj: PdfObject) -> IndirectObject:
    """Add `obj` to the writer as an indirect object and return its reference."""
    reference: IndirectObject = writer._add_object(obj)
    return reference


def forget_reader(writer: PdfWriter, reader: PdfReader) -> None:
    """Let the writer drop what it keeps of a reader whose pages it has copied, and close the
    reader: the objects copied stay in the writer, the file's bytes go now (not when the
    cyclic garbage collector finds the reader). Nothing may be read from that reader
    afterwards."""
    writer.reset_translation(reader)
    merged = writer._merged_in_pages
    for original in [key for key in merged if key is not None and key.pdf is reader]:
        del merged[original]
    reader.close()
    reader.stream.close()  # a BytesIO of the file (or of img2pdf's output): its bytes go


def encoded_data(stream: StreamObject) -> bytes:
    """The stream's data as stored (encoded by its filters)."""
    data: bytes = stream._data
    return data


def set_encoded_data(stream: StreamObject, data: bytes) -> None:
    """Replace the stream's stored data with `data`, already encoded by its /Filter."""
    stream._data = data
    if hasattr(stream, "decoded_self"):
        stream.decoded_self = None
