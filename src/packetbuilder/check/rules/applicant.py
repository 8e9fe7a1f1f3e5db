"""The applicant's passport is valid, the date of birth in the past, the A-number well formed."""

from __future__ import annotations

import re

from ..context import CheckContext

A_NUMBER = re.compile(r"A\d{8,9}")


def rule_applicant(context: CheckContext) -> None:
    """Passport valid, date of birth in the past, A-number well formed."""
    applicant = context.case.applicant
    case_date = context.case_date
    if applicant is None:
        return
    if applicant.a_number is not None and not A_NUMBER.fullmatch(applicant.a_number):
        context.findings.error(
            "a-number-invalid",
            f"`applicant.a_number` {applicant.a_number!r} is not an A-number; write A followed "
            "by 8 or 9 digits, like A123456789, or leave it out",
            at=context.at("applicant", "a_number"),
        )
    if case_date is None:
        return
    if applicant.date_of_birth > case_date:
        context.findings.error(
            "birth-date-in-future",
            f"`applicant.date_of_birth` ({applicant.date_of_birth}) is after `case.date` "
            f"({case_date}); correct it",
            at=context.at("applicant", "date_of_birth"),
        )
    passport = applicant.passport
    if passport is None:
        return
    if passport.expires <= case_date:
        context.findings.error(
            "passport-expired",
            f"the passport expired on {passport.expires}, before `case.date` ({case_date}); "
            "include a renewed passport or explain why there is none",
            at=context.at("applicant", "passport", "expires"),
        )
    elif context.case.timeline and passport.expires < context.case.timeline.requested_end:
        context.findings.warning(
            "passport-expires-during-parole",
            f"the passport expires on {passport.expires}, before the requested end "
            f"({context.case.timeline.requested_end}); renew it or shorten the period",
            at=context.at("applicant", "passport", "expires"),
        )
