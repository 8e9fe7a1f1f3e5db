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
                f"{case_date} (more than {max_age}); ask {letter.author} for an updated letter",
                exhibit=letter.id,
                at=context.at(*report.path, "date"),
            )
