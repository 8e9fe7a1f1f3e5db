"""One exception tree; each class carries the exit code the `packet` command returns for it."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .report import CheckReport

ISSUES_URL = "https://github.com/packetbuilder/packetbuilder/issues"


class ExitCode(IntEnum):
    """The exit codes of the `packet` command (the case-file contract)."""

    OK = 0
    CASE_HAS_ERRORS = 1
    USAGE = 2
    CASE_FILE_UNREADABLE = 3
    OUTPUT_NOT_WRITABLE = 4
    INTERNAL = 5
    INTERRUPTED = 130


class PacketError(Exception):
    """Base of every error the tool reports to the user; `exit_code` is the command's exit code."""

    exit_code = ExitCode.INTERNAL

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class CaseHasErrors(PacketError):
    """The case file was read, but check found errors, so nothing is built.

    Carries the case file's path and the whole report, so that a caller can show the findings.
    """

    exit_code = ExitCode.CASE_HAS_ERRORS

    def __init__(
        self, case_path: Path, report: CheckReport, *, broken_sections: tuple[str, ...] = ()
    ) -> None:
        self.case_path = case_path
        self.report = report
        self.broken_sections = broken_sections
        if broken_sections:
            message = (
                f"{case_path}: section(s) {', '.join(broken_sections)} have errors; even a "
                "draft needs them (fix those first)"
            )
        else:
            message = (
                f"{case_path}: {len(report.errors)} error(s); nothing was built (fix them, or "
                "build a --draft)"
            )
        super().__init__(message)


class UsageError(PacketError):
    """The command line asks for something impossible (a missing folder, a bad option value)."""

    exit_code = ExitCode.USAGE


class CaseFileUnreadable(PacketError):
    """The case file cannot be read at all (missing, not UTF-8, not YAML, wrong version...)."""

    exit_code = ExitCode.CASE_FILE_UNREADABLE


class OutputNotWritable(PacketError):
    """The output cannot be written: it exists, it would overwrite an input, or no permission."""

    exit_code = ExitCode.OUTPUT_NOT_WRITABLE


class InternalError(PacketError):
    """A bug: something the tool did not expect (a broken invariant). Says where to report it."""

    exit_code = ExitCode.INTERNAL
