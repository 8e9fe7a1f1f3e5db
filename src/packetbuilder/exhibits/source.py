"""What the exhibits stage finds out about one file, and why a file cannot be used."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Problem:
    """Why a file cannot be used, or what to say about it: a stable finding code and a message
    that names the file and says what to do."""

    code: str
    message: str


@dataclass
class SourceFile:
    """One exhibit file as the exhibits stage found it.

    `opened` is what the file's kind keeps of it for the build (an opened PDF, say), so that a
    build reads no file twice; it is None for a file that cannot be used.
    """

    path: str  # as written in the case file
    resolved: Path
    kind: str | None = None  # the name of its kind in the registry: pdf, jpeg, png, tiff...
    pages: int | None = None
    sha256: str | None = None
    converted_sha256: str | None = None  # of the PDF a converted document (DOCX) became
    size: int | None = None
    # Bytes its pages are expected to take in a packet when they are not the file's own
    # (a document converted, a photo re-encoded); None: about the file's size.
    packet_size: int | None = None
    problem: Problem | None = None
    notes: list[Problem] = field(default_factory=list)  # warnings: usable, but say so
    opened: Any = field(default=None, repr=False)

    @property
    def usable(self) -> bool:
        return self.problem is None and self.pages is not None

    def refuse(self, code: str, message: str) -> None:
        """Mark the file unusable and forget whatever of it was opened."""
        self.problem = Problem(code, message)
        self.pages = None
        self.opened = None

    def note(self, code: str, message: str) -> None:
        """A warning about a usable file."""
        self.notes.append(Problem(code, message))


def short(error: BaseException) -> str:
    """An exception as one short line for a message."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."
