"""Check reports as text for people and as JSON for programs (the library formats them)."""

from __future__ import annotations

import json

from ..findings import Finding, Severity
from ..report import CheckReport, DocumentReport


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary_line(report: CheckReport) -> str:
    """'2 errors, 1 warning; 7 exhibits (2 letters), 23 pages'."""
    letters = sum(1 for document in report.documents if document.is_letter)
    return (
        f"{plural(len(report.errors), 'error')}, {plural(len(report.warnings), 'warning')}; "
        f"{plural(len(report.documents), 'exhibit')} ({plural(letters, 'letter')}), "
        f"{plural(report.total_pages, 'page')}"
    )


def finding_line(finding: Finding, display_file: str) -> str:
    where = (
        f"{display_file}:{finding.location.line}:{finding.location.column}"
        if finding.location
        else display_file
    )
    return f"  {where}  {finding.code}  {finding.message}"


def exhibit_line(document: DocumentReport) -> str:
    pages = "unusable" if document.pages is None else plural(document.pages, "page")
    return f"  {document.label:>3}  {document.id}  {pages}  {document.title}"


def unusable_line(document: DocumentReport) -> str:
    reasons = [
        f"{source.path} ({source.problem.code})"
        for source in document.files
        if source.problem is not None
    ]
    return f"  {document.label}  {document.id}  {document.title}  {'; '.join(reasons)}"


def format_text(report: CheckReport, display_file: str) -> str:
    """For a person: findings by severity with file:line:col, a summary, what is missing."""
    lines: list[str] = []
    for severity, title in ((Severity.ERROR, "Errors"), (Severity.WARNING, "Warnings")):
        group = [finding for finding in report.findings if finding.severity is severity]
        if group:
            lines.append(f"{title} ({len(group)})")
            lines.extend(finding_line(finding, display_file) for finding in group)
            lines.append("")
    if not report.findings:
        lines.append("No findings.")
        lines.append("")
    if report.documents:
        lines.append("Exhibits, in packet order")
        lines.extend(exhibit_line(document) for document in report.documents)
        lines.append("")
    lines.append(summary_line(report))
    if report.unusable:
        lines.append("")
        lines.append(f"Missing or unusable exhibits ({len(report.unusable)})")
        lines.extend(unusable_line(document) for document in report.unusable)
    return "\n".join(lines)


def format_json(report: CheckReport) -> str:
    """The report as the JSON object of the case-file contract."""
    return json.dumps(
        {
            "case": report.case_id,
            "ok": report.ok,
            "findings": [finding.as_json() for finding in report.findings],
            "exhibits": [
                {
                    "id": document.id,
                    "label": document.label,
                    "pages": document.pages,
                    "files": [source.path for source in document.files],
                }
                for document in report.documents
            ],
        },
        indent=2,
        ensure_ascii=False,
    )
