"""Letters are signed, dated, not dated after the cover letter, and recent."""

from __future__ import annotations

from ..context import CheckContext


def rule_letters(context: CheckContext) -> None:
    """Letters are signed, dated, not dated after the cover letter, and recent."""
    case_date = context.case_date
    max_age = context.profile.letter_max_age_days if context.profile else 180
    for report in context.documents:
        letter = report.letter
        if letter is None:
            continue
        if not letter.signed:
            context.findings.error(
                "letter-unsigned",
                f"letter `{letter.id}` from {letter.author} is not signed; get a signed copy "
                "and set `signed: true`",
                exhibit=letter.id,
                at=context.at(*report.path, "signed"),
            )
        if letter.date is None:
            context.findings.warning(
                "letter-undated",
                f"letter `{letter.id}` from {letter.author} has no `date:`; add the date it "
                "bears (an undated letter carries less weight)",
                exhibit=letter.id,
                at=context.at(*report.path, "id"),
            )
            continue
        if case_date is None:
            continue
        if letter.date > case_date:
            context.findings.error(
                "letter-after-case-date",
                f"letter `{letter.id}` is dated {letter.date}, after `case.date` ({case_date}); "
                "correct the date or the case date",
                exhibit=letter.id,
                at=context.at(*report.path, "date"),
            )
        elif (case_date - letter.date).days > max_age:
            context.findings.warning(
                "letter-too-old",
                f"letter `{letter.id}` is {(case_date - letter.date).days} days old on "
                f"{case_date}, more than {max_age} (a house rule of this tool: no agency sets a "
                f"maximum age); consider asking {letter.author} for an updated letter",
                exhibit=letter.id,
                at=context.at(*report.path, "date"),
            )


def rule_letter_sections(context: CheckContext) -> None:
    """The profile decides whether `why_not_visa` and `departure_plan` are required, optional
    or left out of the letter: `letter-section-missing` and `letter-section-left-out`."""
    profile = context.profile
    if profile is None:
        return
    texts = (
        (
            "why_not_visa",
            profile.why_not_visa,
            context.case.reason.why_not_visa if context.case.reason else "",
            ("reason", "why_not_visa"),
        ),
        (
            "departure_plan",
            profile.departure_plan,
            context.case.timeline.departure_plan if context.case.timeline else "",
            ("timeline", "departure_plan"),
        ),
    )
    for name, rule, text, path in texts:
        section = context.case.reason if path[0] == "reason" else context.case.timeline
        if section is None:
            continue
        if rule.use == "required" and not text:
            context.findings.error(
                "letter-section-missing",
                f'a {profile.name} letter has a section "{rule.heading}": add `{path[0]}.{name}`',
                at=context.key_at(path[0]),
            )
        elif rule.use == "omit" and text:
            context.findings.warning(
                "letter-section-left-out",
                f'a {profile.name} letter has no "{name.replace("_", " ")}" section: '
                f"`{path[0]}.{name}` is not printed (move what matters into the narrative or a "
                "section of `reason.sections`)",
                at=context.key_at(*path),
            )
