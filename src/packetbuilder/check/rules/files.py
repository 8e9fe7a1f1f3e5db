"""Every exhibit and letter file exists and is a file of a kind the tool takes, that opens."""

from __future__ import annotations

from ...report import DocumentReport, FormReport
from ..context import CheckContext, noun


def rule_files(context: CheckContext) -> None:
    """Each file's problem is an error, each note a warning, at the file's line."""
    holders: list[DocumentReport | FormReport] = [*context.forms, *context.documents]
    for holder in holders:
        what = "form" if isinstance(holder, FormReport) else noun(holder)
        for index, source in enumerate(holder.files):
            where = context.at(*holder.file_path(index))
            if source.problem:
                context.findings.error(
                    source.problem.code,
                    f"{what} `{holder.id}`: {source.problem.message}",
                    exhibit=holder.id,
                    at=where,
                )
            for note in source.notes:
                context.findings.warning(
                    note.code,
                    f"{what} `{holder.id}`: {note.message}",
                    exhibit=holder.id,
                    at=where,
                )
