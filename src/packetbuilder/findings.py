"""Findings: what check reports, each with a stable code, a message saying what to do, a place."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in the case file: 1-based line and column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def as_json(self) -> dict[str, object]:
        """The location as the JSON of the contract."""
        return {"file": self.file, "line": self.line, "column": self.column}


@dataclass(frozen=True)
class Finding:
    """One thing check found: `code` is stable and documented in docs/findings.md."""

    severity: Severity
    code: str
    message: str
    exhibit: str | None = None
    location: Location | None = None

    def as_json(self) -> dict[str, object]:
        """The finding as the JSON of the contract."""
        return {
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "exhibit": self.exhibit,
            "location": self.location.as_json() if self.location else None,
        }


@dataclass
class FindingList:
    """Collects findings in the order the checks make them; answers only when all are in."""

    items: list[Finding] = field(default_factory=list)

    def error(
        self, code: str, message: str, *, exhibit: str | None = None, at: Location | None = None
    ) -> None:
        """Add an error."""
        self.items.append(Finding(Severity.ERROR, code, message, exhibit, at))

    def warning(
        self, code: str, message: str, *, exhibit: str | None = None, at: Location | None = None
    ) -> None:
        """Add a warning."""
        self.items.append(Finding(Severity.WARNING, code, message, exhibit, at))

    def add(
        self,
        severity: Severity | str,
        code: str,
        message: str,
        *,
        exhibit: str | None = None,
        at: Location | None = None,
    ) -> None:
        """Add a finding of the given severity."""
        self.items.append(Finding(Severity(severity), code, message, exhibit, at))

    def extend(self, findings: list[Finding]) -> None:
        """Add findings made elsewhere (by the loader)."""
        self.items.extend(findings)
