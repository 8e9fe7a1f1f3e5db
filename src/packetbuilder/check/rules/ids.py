"""Ids are unique; the same file content is not used twice."""

from __future__ import annotations

from ...case.model import YamlPath
from ...exhibits.source import SourceFile
from ...report import DocumentReport
from ..context import CheckContext, noun


def rule_duplicates(context: CheckContext) -> None:
    """`duplicate-id` for an id used twice among letters, exhibits, forms and beneficiaries
    (and `applicant`); `duplicate-file` for the same content twice."""
    first_at: dict[str, YamlPath] = {"applicant": ("applicant",)}
    entries: list[tuple[str, YamlPath]] = [
        (beneficiary.id, ("beneficiaries", index))
        for index, beneficiary in enumerate(context.case.beneficiaries)
    ]
    entries += [(form.id, form.entry.path) for form in context.forms]
    entries += [(report.id, report.path) for report in context.documents]
    for entry_id, path in sorted(entries, key=lambda item: context.at(*item[1])):
        if entry_id.startswith("("):
            continue  # an invalid entry without an id of its own
        first = first_at.setdefault(entry_id, path)
        if first is not path:
            context.findings.error(
                "duplicate-id",
                f"id `{entry_id}` is used twice (first at line {context.at(*first).line}); give "
                "each beneficiary, form, letter and exhibit its own id",
                exhibit=entry_id,
                at=context.at(*path, "id"),
            )
    seen_hashes: dict[str, tuple[DocumentReport, SourceFile]] = {}
    for report in context.documents:  # a form may well repeat an exhibit's page: not checked
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
