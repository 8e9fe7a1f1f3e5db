"""The parole type has a profile, and every requirement of it is proved by a document."""

from __future__ import annotations

from ...case.load import did_you_mean
from ...case.profiles import Requirement, known_keys
from ...findings import Severity
from ..context import CheckContext, noun


def rule_profile(context: CheckContext) -> None:
    """`unknown-parole-type`, `unknown-proves-key` and `requirement-missing`.

    An entry that failed validation still counts for what it says it proves: its own errors
    name the typo, and a follow-on `requirement-missing` would send the reader the wrong way.
    """
    info = context.case.case
    if info is None:
        return
    profile = context.profile
    if profile is None:
        context.findings.error(
            "unknown-parole-type",
            f"`case.parole_type` {info.parole_type!r} is not a known profile; use one of "
            f"{', '.join(sorted(context.profiles))} (see `packet profiles`)",
            at=context.at("case", "parole_type"),
        )
    proved: set[str] = set()
    keys = known_keys(context.profiles)
    for report in context.documents:
        for index, key in enumerate(report.entry.proves):
            proved.add(key)
            if key not in keys:
                context.findings.warning(
                    "unknown-proves-key",
                    f"{noun(report)} `{report.id}` proves `{key}`, which no profile or rule "
                    f"knows (a typo?){did_you_mean(key, keys, 0.6)}",
                    exhibit=report.id,
                    at=context.at(*report.path, "proves", index),
                )
    if profile is None:
        return
    people = dict(context.case.people)
    requestor = context.case.requestor
    asks_for_self = requestor is not None and requestor.relationship.strip().lower() == "self"
    for requirement in profile.requirements:
        if requirement.when == "requestor_not_self" and asks_for_self:
            continue
        if not requirement.per_person:
            if requirement.key not in proved:
                missing_requirement(context, requirement, None)
            continue
        for person_id in context.case.person_ids:
            if not any(
                requirement.key in report.entry.proves and person_id in report.entry.about
                for report in context.documents
            ):
                person = people.get(person_id)
                missing_requirement(
                    context, requirement, (person_id, person.full_name if person else person_id)
                )


def missing_requirement(
    context: CheckContext, requirement: Requirement, person: tuple[str, str] | None
) -> None:
    """`requirement-missing` at `case.parole_type`, naming the person a per-person key is for."""
    profile = context.profile
    name = profile.name if profile else "?"
    whom = ""
    if person is not None:
        whom = f" for {person[1]} (`{person[0]}`)"
    about = "" if person is None or person[0] == "applicant" else f" with `about: {person[0]}`"
    context.findings.add(
        Severity(requirement.severity),
        "requirement-missing",
        f"a {name} case must prove `{requirement.key}`{whom}: {requirement.description} "
        f"Add `{requirement.key}` to the `proves` of the exhibit that shows it{about}, or add "
        "that exhibit",
        at=context.at("case", "parole_type"),
    )
