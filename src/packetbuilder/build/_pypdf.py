"""The private pypdf names the build relies on, wrapped in one place.

pypdf has no public way to add an object to a writer without a page to hang it on
(`_add_object`), nor to read the standard fonts' metrics it ships (`_codecs`). Both exist
in every pypdf from 6.7 on, the declared floor (pyproject.toml); a test imports them.
"""

from __future__ import annotations

from pypdf import PdfWriter
from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS
from pypdf.generic import IndirectObject, PdfObject

__all__ = ["CORE_FONT_METRICS", "add_object"]


def add_object(writer: PdfWriter, obj: PdfObject) -> IndirectObject:
    """Add `obj` to the writer as an indirect object and return its reference."""
    reference: IndirectObject = writer._add_object(obj)
    return reference
