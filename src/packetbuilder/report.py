"""The types that cross between the stages: what check found, and the tabs of the packet."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .case.data import Fee
from .case.model import Document, DocumentEntry, DocumentKind, FormEntry, Letter, YamlPath
from .case.profiles import Profile
from .exhibits.source import SourceFile
from .findings import Finding, Severity


@dataclass(frozen=True)
class DocumentReport:
    """One tab of the packet: a letter or exhibit entry, its label, its files and their pages.

    An entry that failed validation keeps its tab: it has no files and, in a draft, becomes a
    placeholder page.
    """

    entry: DocumentEntry
    label: str
    files: list[SourceFile]
    with_original: str | None = None  # a translation placed under its original's tab

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def title(self) -> str:
        return self.entry.title

    @property
    def kind(self) -> DocumentKind:
        return self.entry.kind

    @property
    def path(self) -> YamlPath:
        return self.entry.path

    @property
    def document(self) -> Document | None:
        return self.entry.document

    @property
    def is_letter(self) -> bool:
        return self.entry.kind == "letter"

    @property
    def letter(self) -> Letter | None:
        return self.entry.document if isinstance(self.entry.document, Letter) else None

    def file_path(self, index: int) -> YamlPath:
        """Where the `index`-th file of the document is written in the case file."""
        if self.document is not None and self.document.file is not None:
            return (*self.path, "file")
        return (*self.path, "files", index)

    @property
    def pages(self) -> int | None:
        """Total pages, or None when the entry is invalid or any of its files cannot be used."""
        if not self.files or not all(source.usable for source in self.files):
            return None
        return sum(source.pages or 0 for source in self.files)


@dataclass(frozen=True)
class AppliedFee:
    """A fee that applies to this case, as the check reports it."""

    fee: Fee
    count: int  # how many times (one per person for a per-person fee)
    excepted: str | None = None  # the exception claimed, for the parole fee

    @property
    def total_usd(self) -> int:
        return self.fee.amount_usd * self.count


@dataclass(frozen=True)
class FormReport:
    """One official form of `forms:`, in packet order, with its files."""

    entry: FormEntry
    title: str
    files: list[SourceFile]

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def kind(self) -> str:
        return "form"

    @property
    def pages(self) -> int | None:
        """Total pages, or None when the entry is invalid or a file cannot be used."""
        if not self.files or not all(source.usable for source in self.files):
            return None
        return sum(source.pages or 0 for source in self.files)

    def file_path(self, index: int) -> YamlPath:
        """Where the `index`-th file of the form is written in the case file."""
        if self.entry.form is not None and self.entry.form.file is not None:
            return (*self.entry.path, "file")
        return (*self.entry.path, "files", index)


@dataclass(frozen=True)
class PacketSize:
    """The packet's estimated size, the limit it must keep (None: none), and in how many parts
    it will be written."""

    estimated_bytes: int
    limit_bytes: int | None = None
    parts: int = 1

    def as_json(self) -> dict[str, object]:
        """The contract's `size` object."""
        return {
            "estimated_bytes": self.estimated_bytes,
            "limit_bytes": self.limit_bytes,
            "parts": self.parts,
        }


@dataclass(frozen=True)
class CheckReport:
    """Everything check found, and the tabs of the packet as they would be built."""

    case_path: Path
    case_id: str | None
    findings: list[Finding]
    documents: list[DocumentReport]
    profile: Profile | None = None
    forms: list[FormReport] = field(default_factory=list)
    people: list[tuple[str, str]] = field(default_factory=list)  # (id, full name)
    fees: list[AppliedFee] = field(default_factory=list)
    size: PacketSize | None = None

    @property
    def case_file(self) -> str:
        """The case file's name, as findings' locations give it."""
        return self.case_path.name

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total_pages(self) -> int:
        """Exhibit pages that can be counted (unusable files count none)."""
        return sum(report.pages or 0 for report in self.documents)

    @property
    def unusable(self) -> list[DocumentReport]:
        """Documents with a file that is missing or cannot be used: what to ask the client for."""
        return [report for report in self.documents if report.pages is None]

    def with_finding(self, finding: Finding) -> CheckReport:
        """The report with one more finding (one that the build met)."""
        return replace(self, findings=[*self.findings, finding])
