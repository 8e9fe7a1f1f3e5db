"""Ids are unique; the same file content is not used twice."""

from __future__ import annotations

from ...exhibits.source import SourceFile
from ...report import DocumentReport
from ..context import CheckContext, noun


def rule_duplicates(context: CheckContext) -> None:
    """`duplicate-id` for a reused id, `duplicate-file` for the same content twice."""
    seen_ids: dict[str, DocumentReport] = {}
    for report in context.documents:
        if report.id.startswith("("):
            continue  # an invalid entry without an id of its own
        first = seen_ids.setdefault(report.id, report)
        if first is not report:
            context.findings.error(
                "duplicate-id",
                f"id `{report.id}` is used twice (first at line "
                f"{context.at(*first.path, 'id').line}); give each letter and exhibit its own id",
                exhibit=report.id,
                at=context.at(*report.path, "id"),
            )
    seen_hashes: dict[str, tuple[DocumentReport, SourceFile]] = {}
    for report in context.documents:
        for index, source in enumerate(report.files):
            if not source.sha256 or not source.size:
                continue
            first_report, first_source = seen_hashes.setdefault(source.sha256, (report, source))
            if first_source is not source:
                context.findings.warning(
                    "duplicate-file",
                    f"{noun(report)} `{report.id}`: {source.path} has the same content as "
                    f"{first_source.path} (`{first_report.id}`); remove one unless the "
                    "repetition is intended",
                    exhibit=report.id,
                    at=context.at(*report.file_path(index)),
                )
