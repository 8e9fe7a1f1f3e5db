"""A claimed exception to the parole fee is one the statute knows, and proved."""

from __future__ import annotations

from ...case.data import fee_data
from ..context import CheckContext


def rule_fee_exception(context: CheckContext) -> None:
    """`fee-exception-unknown` and `fee-exception-unproved`."""
    info = context.case.case
    if info is None or info.fee_exception is None:
        return
    exceptions = {item.id: item for item in fee_data().exceptions}
    claimed = exceptions.get(info.fee_exception)
    if claimed is None:
        context.findings.error(
            "fee-exception-unknown",
            f"`case.fee_exception` {info.fee_exception!r} is not an exception to the parole fee; "
            f"use one of {', '.join(sorted(exceptions))} (8 U.S.C. 1804(b))",
            at=context.at("case", "fee_exception"),
        )
        return
    if not any("fee_exception" in report.entry.proves for report in context.documents):
        context.findings.error(
            "fee-exception-unproved",
            f"`case.fee_exception` claims the exception for {claimed.name.lower()} "
            f"({claimed.basis}), which must be established case by case; add the evidence as "
            "an exhibit with `proves: [fee_exception]`",
            at=context.at("case", "fee_exception"),
        )
