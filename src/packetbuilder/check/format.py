"""Check reports as text for people and as JSON for programs (the library formats them)."""

from __future__ import annotations

import json
import re

from ..build.size import human_bytes
from ..findings import Finding, Severity
from ..report import AppliedFee, CheckReport, DocumentReport, FormReport, PacketSize

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text safe for a terminal: control characters (an ANSI escape sequence in a title, say)
    shown as escapes, never sent raw; newlines and tabs kept."""
    return CONTROL.sub(lambda match: match.group(0).encode("unicode_escape").decode("ascii"), text)


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
    label = "" if document.with_original else document.label
    indent = "  ↳ " if document.with_original else ""
    return f"  {label:>3}  {indent}{document.id}  {pages}  {document.title}"


def form_line(form: FormReport) -> str:
    pages = "unusable" if form.pages is None else plural(form.pages, "page")
    return f"  {form.entry.name:>7}  {form.id}  {pages}  {form.title}"


def fee_lines(report: CheckReport) -> list[str]:
    """The fees that apply, each with its amount, when and how it is paid, and its source."""
    lines = []
    for applied in report.fees:
        fee = applied.fee
        times = f" x {applied.count}" if applied.count > 1 else ""
        note = f" ({fee.amount_note})" if fee.amount_note else ""
        lines.append(f"  {fee.name}: ${fee.amount_usd:,}{times}{note}")
        lines.append(f"      when: {fee.when}; how: {fee.how}")
        if applied.excepted:
            lines.append(f"      exception claimed: {applied.excepted} (needs evidence)")
        verify = "; verify before filing" if fee.verify else ""
        since = f"effective {fee.effective}" if fee.effective else "effective date not found"
        lines.append(f"      source: {fee.source} ({since}){verify}")
    return lines


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
    if report.forms:
        lines.append("Forms, on top of the packet")
        lines.extend(form_line(form) for form in report.forms)
        lines.append("")
    if report.documents:
        lines.append("Exhibits, in packet order")
        lines.extend(exhibit_line(document) for document in report.documents)
        lines.append("")
    if report.fees:
        lines.append("Fees (from the fee data shipped with the tool; check the current fees)")
        lines.extend(fee_lines(report))
        lines.append("")
    lines.append(summary_line(report))
    if report.size is not None:
        lines.append(size_line(report.size))
    if report.unusable:
        lines.append("")
        lines.append(f"Missing or unusable exhibits ({len(report.unusable)})")
        lines.extend(unusable_line(document) for document in report.unusable)
    return printable("\n".join(lines))


def size_line(size: PacketSize) -> str:
    """Estimated size: 5.6 MB (limit 25 MB: one file)."""
    line = f"Estimated size: {human_bytes(size.estimated_bytes)}"
    if size.limit_bytes is None:
        return line
    fits = "one file" if size.parts == 1 else f"{size.parts} parts"
    return f"{line} (limit {human_bytes(size.limit_bytes)}: {fits})"


def format_json(report: CheckReport) -> str:
    """The report as the JSON object of the case-file contract."""
    return json.dumps(report_json(report), indent=2, ensure_ascii=False)


def report_json(report: CheckReport) -> dict[str, object]:
    """The report as the contract's JSON object, not yet serialised."""
    return {
        "case": report.case_id,
        "ok": report.ok,
        "findings": [finding.as_json() for finding in report.findings],
        "people": [{"id": person_id, "name": name} for person_id, name in report.people],
        "forms": [
            {
                "id": form.id,
                "form": form.entry.name,
                "person": form.entry.person,
                "title": form.title,
                "pages": form.pages,
                "files": [source.path for source in form.files],
            }
            for form in report.forms
        ],
        "fees": [fee_json(applied) for applied in report.fees],
        "exhibits": [exhibit_json(document) for document in report.documents],
        "size": report.size.as_json() if report.size else None,
    }


def exhibit_json(document: DocumentReport) -> dict[str, object]:
    """One tab (or a translation placed with its original) as the contract's JSON."""
    entry: dict[str, object] = {
        "id": document.id,
        "label": document.label,
        "pages": document.pages,
        "files": [source.path for source in document.files],
        "about": list(document.entry.about),
    }
    if document.with_original:
        entry["with"] = document.with_original
    return entry


def fee_json(applied: AppliedFee) -> dict[str, object]:
    """One fee that applies, as the contract's JSON (and a little more)."""
    fee = applied.fee
    return {
        "id": fee.id,
        "name": fee.name,
        "amount_usd": fee.amount_usd,
        "count": applied.count,
        "amount_note": fee.amount_note,
        "when": fee.when,
        "how": fee.how,
        "source": fee.source,
        "effective": fee.effective.isoformat() if fee.effective else None,
        "verify": fee.verify,
        "exception_claimed": applied.excepted,
    }
