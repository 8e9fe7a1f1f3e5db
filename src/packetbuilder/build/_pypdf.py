"""The private pypdf name the build relies on, wrapped in one place.

pypdf has no public way to add an object to a writer without a page to hang it on
(`_add_object`); it exists in every pypdf from the declared floor on (pyproject.toml), and
the lowest-versions run (`make test-lowest`) uses it.
"""

from __future__ import annotations

from pypdf import PdfWriter
from pypdf.generic import IndirectObject, PdfObject

__all__ = ["add_object"]


def add_object(writer: PdfWriter, obj: PdfObject) -> IndirectObject:
    """Add `obj` to the writer as an indirect object and return its reference."""
    reference: IndirectObject = writer._add_object(obj)
    return reference
