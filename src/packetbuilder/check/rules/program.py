"""A special-program case names a program, and the program's status is said."""

from __future__ import annotations

from ...case.data import program_data
from ..context import CheckContext


def rule_program(context: CheckContext) -> None:
    """`program-missing`, `program-closed`, `program-paused`."""
    info, profile = context.case.case, context.profile
    if info is None or profile is None or not profile.programs:
        return
    programs = {program.id: program for program in program_data().programs}
    program = programs.get(info.program or "")
    if program is None:
        given = f"{info.program!r} is not a known program" if info.program else "is missing"
        context.findings.error(
            "program-missing",
            f"`case.program` {given}; a {profile.name} case names its program: one of "
            f"{', '.join(sorted(programs))}",
            at=context.at("case", "program") if info.program else context.key_at("case"),
        )
        return
    if program.status in ("closed", "paused"):
        verify = "; verify its current status before filing" if program.verify else ""
        context.findings.warning(
            f"program-{program.status}",
            f"{program.name} has been {program.status} since {program.since} ({program.source})"
            f"{verify}; a request under it may not be accepted",
            at=context.at("case", "program"),
        )
