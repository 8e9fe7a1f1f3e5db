"""Every exhibit and letter file exists and is a file of a kind the tool takes, that opens."""

from __future__ import annotations

from ..context import CheckContext, noun


def rule_files(context: CheckContext) -> None:
    """Each file's problem is an error, each note a warning, at the file's line."""
    for report in context.documents:
        for index, source in enumerate(report.files):
            where = context.at(*report.file_path(index))
            if source.problem:
                context.findings.error(
                    source.problem.code,
                    f"{noun(report)} `{report.id}`: {source.problem.message}",
                    exhibit=report.id,
                    at=where,
                )
            for note in source.notes:
                context.findings.warning(
                    note.code,
                    f"{noun(report)} `{report.id}`: {note.message}",
                    exhibit=report.id,
                    at=where,
                )
