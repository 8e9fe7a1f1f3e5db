"""The types that cross between the stages: what check found, and the tabs of the packet."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .case.model import Document, DocumentEntry, DocumentKind, Letter, YamlPath
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
class CheckReport:
    """Everything check found, and the tabs of the packet as they would be built."""

    case_path: Path
    case_id: str | None
    findings: list[Finding]
    documents: list[DocumentReport]
    profile: Profile | None = None

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
        return CheckReport(
            self.case_path, self.case_id, [*self.findings, finding], self.documents, self.profile
        )
