"""Every person of the request: a passport that is valid, a date of birth in the past, an
A-number that is one; every `about:` and `person:` names a person of the case."""

from __future__ import annotations

from ...case.load import did_you_mean
from ...case.model import Person, YamlPath, a_number_digits
from ..context import CheckContext, noun


def person_path(person_id: str, context: CheckContext) -> YamlPath:
    """Where a person's section stands: `applicant`, or its entry in `beneficiaries`."""
    if person_id == "applicant":
        return ("applicant",)
    index = [b.id for b in context.case.beneficiaries].index(person_id)
    return ("beneficiaries", index)


def rule_people(context: CheckContext) -> None:
    """`a-number-invalid`, `birth-date-in-future`, `passport-expired` and
    `passport-expires-during-parole`, for the applicant and for every beneficiary."""
    for person_id, person in context.case.people:
        check_person(context, person_path(person_id, context), person)


def check_person(context: CheckContext, path: YamlPath, person: Person) -> None:
    where = ".".join(str(part) for part in path).replace(".0", "[0]")
    name = person.full_name
    if person.a_number is not None and a_number_digits(person.a_number) is None:
        context.findings.error(
            "a-number-invalid",
            f"`{where}.a_number` {person.a_number!r} of {name} is not an A-number: write 7 to 9 "
            "digits, with or without the A, hyphens or spaces (A-123-456-789), or leave it out",
            at=context.at(*path, "a_number"),
        )
    case_date = context.case_date
    if case_date is None:
        return
    if person.date_of_birth > case_date:
        context.findings.error(
            "birth-date-in-future",
            f"the date of birth of {name} ({person.date_of_birth}) is after `case.date` "
            f"({case_date}); correct it",
            at=context.at(*path, "date_of_birth"),
        )
    passport = person.passport
    if passport is None:
        return
    if passport.expires <= case_date:
        context.findings.warning(
            "passport-expired",
            f"the passport of {name} expired on {passport.expires}, before `case.date` "
            f"({case_date}); an expired passport still shows identity, but include another "
            "government-issued ID and a short explanation of why there is no valid passport",
            at=context.at(*path, "passport", "expires"),
        )
    elif context.case.timeline and passport.expires < context.case.timeline.requested_end:
        context.findings.warning(
            "passport-expires-during-parole",
            f"the passport of {name} expires on {passport.expires}, before the requested end "
            f"({context.case.timeline.requested_end}); review whether it must be renewed",
            at=context.at(*path, "passport", "expires"),
        )


def rule_person_references(context: CheckContext) -> None:
    """`unknown-person` for an `about:` or a form's `person:` that names no person."""
    known = set(context.case.person_ids)
    for report in context.documents:
        for index, person_id in enumerate(report.entry.about):
            if person_id not in known:
                about = report.document.about if report.document else []
                path = (*report.path, "about", index) if len(about) > 1 else (*report.path, "about")
                context.findings.error(
                    "unknown-person",
                    f"{noun(report)} `{report.id}` is `about: {person_id}`, but the case has no "
                    f"such person; use `applicant` or a beneficiary's id"
                    + did_you_mean(person_id, known, 0.6),
                    exhibit=report.id,
                    at=context.at(*path),
                )
    for form in context.forms:
        if form.entry.person not in known:
            context.findings.error(
                "unknown-person",
                f"form `{form.id}` is for `person: {form.entry.person}`, but the case has no such "
                f"person; use `applicant` or a beneficiary's id"
                + did_you_mean(form.entry.person, known, 0.6),
                exhibit=form.id,
                at=context.at(*form.entry.path, "person"),
            )
