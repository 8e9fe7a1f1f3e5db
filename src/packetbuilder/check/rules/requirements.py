"""The parole type has a profile, and every requirement of it is proved by a document."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ...case.load import did_you_mean
from ...case.model import PartialCase
from ...case.profiles import Profile, Requirement, known_keys
from ...findings import Severity
from ...report import DocumentReport
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
    keys = known_keys(context.profiles)
    for report in context.documents:
        for index, key in enumerate(report.entry.proves):
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
    for requirement, person_id in uncovered(profile, context.case, context.documents):
        person = people.get(person_id) if person_id is not None else None
        whom = None
        if person_id is not None:
            whom = (person_id, person.full_name if person else person_id)
        missing_requirement(context, requirement, whom)


def uncovered(
    profile: Profile, case: PartialCase, documents: Sequence[DocumentReport]
) -> Iterator[tuple[Requirement, str | None]]:
    """Each requirement of the profile that no letter or exhibit proves, with the id of the
    person it is missing for (None for a requirement that is not per person)."""
    requestor = case.requestor
    asks_for_self = requestor is not None and requestor.relationship.strip().lower() == "self"
    proved = {key for report in documents for key in report.entry.proves}
    for requirement in profile.requirements:
        if requirement.when == "requestor_not_self" and asks_for_self:
            continue
        if not requirement.per_person:
            if requirement.key not in proved:
                yield requirement, None
            continue
        for person_id in case.person_ids:
            if not any(
                requirement.key in report.entry.proves and person_id in report.entry.about
                for report in documents
            ):
                yield requirement, person_id


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
