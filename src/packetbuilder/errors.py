"""One exception tree; each class carries the exit code the `packet` command returns for it."""

from __future__ import annotations

ISSUES_URL = "https://github.com/packetbuilder/packetbuilder/issues"


class PacketError(Exception):
    """Base of every error the tool reports to the user; `exit_code` is the command's exit code."""

    exit_code = 5

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class CaseHasErrors(PacketError):
    """The case file was read, but check found errors, so nothing is built."""

    exit_code = 1

    def __init__(self, message: str, report: object = None) -> None:
        super().__init__(message)
        self.report = report


class UsageError(PacketError):
    """The command line asks for something impossible (a missing folder, a bad option value)."""

    exit_code = 2


class CaseFileUnreadable(PacketError):
    """The case file cannot be read at all (missing, not UTF-8, not YAML, wrong version...)."""

    exit_code = 3


class OutputNotWritable(PacketError):
    """The output cannot be written: it exists, it would overwrite an input, or no permission."""

    exit_code = 4


class InternalError(PacketError):
    """A bug: something the tool did not expect. Carries where to report it."""

    exit_code = 5
