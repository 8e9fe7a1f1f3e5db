"""Nothing `packet init` wrote for the user to replace reaches a packet."""

from __future__ import annotations

from ...case.load import dotted
from ..context import CheckContext


def rule_placeholders(context: CheckContext) -> None:
    """`placeholder-left` at every value that still begins with `TODO:`."""
    for path in context.loaded.positions.placeholders:
        context.findings.error(
            "placeholder-left",
            f"`{dotted(path)}` still holds the placeholder `packet init` wrote; replace it with "
            "the real value (or remove the entry)",
            at=context.at(*path),
        )


def rule_office_address(context: CheckContext) -> None:
    """`office-address-missing`: the letter's addressee has no address lines."""
    info = context.case.case
    if info is None or info.office_address:
        return
    profile = context.profile
    where = f" ({profile.office_address_note})" if profile and profile.office_address_note else ""
    context.findings.warning(
        "office-address-missing",
        f"`case.office_address` is empty; add the current address of {info.office}{where}",
        at=context.key_at("case", "office"),
    )
