"""What every kind of exhibit file must say of itself; the registry of kinds is `KINDS`.

A new kind of file (Word documents, phone photos) is one module with one object of this
shape, and one entry in `exhibits/__init__.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from .source import Problem, SourceFile

if TYPE_CHECKING:
    from pypdf import PdfReader

    from .libreoffice import Conversions, Document

HEAD_BYTES = 1024  # what `recognise` is shown: a PDF's header may follow some junk this far


class ExhibitKind(Protocol):
    """One kind of exhibit file: how it is recognised, counted and turned into PDF pages."""

    @property
    def name(self) -> str:
        """Stable and short: pdf, jpeg, png, tiff."""
        ...

    @property
    def title(self) -> str:
        """For messages: "PDF", "JPEG image"."""
        ...

    @property
    def suffixes(self) -> tuple[str, ...]:
        """The endings its file names usually have, lower case, with the dot."""
        ...

    def recognise(self, head: bytes) -> bool:
        """True when a file whose first bytes are `head` is of this kind."""
        ...

    def inspect(self, source: SourceFile) -> None:
        """Open the file, count its pages (`source.pages`), keep what the build needs
        (`source.opened`), or `source.refuse(...)` it. Runs inside the guard (time limit)."""
        ...

    def to_pdf(self, source: SourceFile, notes: list[Problem]) -> PdfReader:
        """The file's pages as an opened PDF, one page per page counted; runs inside the guard.
        What the conversion changed goes into `notes`."""
        ...


@runtime_checkable
class ConvertedKind(Protocol):
    """A kind whose files another program converts to PDF (LibreOffice for DOCX): `prepare`
    runs before `inspect`, outside the guard, since the conversion bounds and stops the program
    itself. `document` is what the conversions of a whole case are started with at once."""

    def document(self, source: SourceFile) -> Document:
        """The file as a document to convert (it has been read and hashed)."""
        ...

    def prepare(self, source: SourceFile, conversions: Conversions) -> None:
        """Convert the file (or take its cached conversion), or `source.refuse(...)` it."""
        ...
