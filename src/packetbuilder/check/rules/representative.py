"""A representative files a Form G-28 with the request."""

from __future__ import annotations

from ..context import CheckContext


def rule_representative(context: CheckContext) -> None:
    """A representative files a Form G-28 with the request."""
    if context.case.representative is None:
        return
    if any("g28" in report.entry.proves for report in context.documents):
        return
    context.findings.warning(
        "g28-missing",
        f"`representative` {context.case.representative.name} is named but no exhibit proves "
        "`g28`; add the signed Form G-28 as an exhibit with `proves: [g28]`",
        at=context.key_at("representative"),
    )
