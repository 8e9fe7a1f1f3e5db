"""The official forms a case needs on top, from the profile's data: one I-131 per person, the
I-134s, a fee payment form, the G-28 of a representative, the G-1145; and form pages that are
not US Letter."""

from __future__ import annotations

from typing import Any, cast

from ...case.data import agency_rules, fee_data
from ...case.profiles import FormRule
from ...findings import Severity
from ...report import FormReport
from ..context import CheckContext

LETTER_SIZES = ((612.0, 792.0), (792.0, 612.0))
TOLERANCE = 2.0  # points


def rule_forms(context: CheckContext) -> None:
    """`form-missing` for each form the profile asks for and the case lacks."""
    profile = context.profile
    if profile is None or context.case.case is None:
        return
    people = dict(context.case.people)
    agency = context.case.case.filed_with
    for rule in [*agency_rules(agency).forms, *profile.forms]:
        if agency not in rule.filed_with:
            continue
        if rule.when == "representative" and context.case.representative is None:
            continue
        if rule.form == "G-28":
            continue  # rule_representative: a G-28 filed as an exhibit counts, with a warning
        persons = context.case.person_ids if rule.per_person else (None,)
        for person_id in persons:
            if not any(
                form.entry.name == rule.form
                and (person_id is None or form.entry.person == person_id)
                for form in context.forms
            ):
                name = people[person_id].full_name if person_id in people else person_id
                context.findings.add(
                    Severity(rule.severity),
                    "form-missing",
                    form_missing_message(rule, person_id, name),
                    at=context.key_at("forms")
                    if context.forms
                    else context.at("case", "parole_type"),
                )


def form_missing_message(rule: FormRule, person_id: str | None, name: str | None) -> str:
    whom = f" for {name} (`{person_id}`)" if person_id is not None else ""
    person = f", `person: {person_id}`" if person_id not in (None, "applicant") else ""
    need = "needs" if rule.severity == "error" else "should have"
    return (
        f"the case {need} Form {rule.form}{whom} ({rule.source}); add it under `forms:` with "
        f"`form: {rule.form}`{person}"
    )


def rule_fee_payment(context: CheckContext) -> None:
    """`fee-payment-missing`: a fee paid with the request needs a payment form on top, where
    the agency takes payment by form (USCIS)."""
    profile, info = context.profile, context.case.case
    if profile is None or info is None:
        return
    payment_forms = agency_rules(info.filed_with).payment_forms
    fees = profile.fees.get(info.filed_with, [])
    data = fee_data()
    due = [
        fee for fee in data.fees if fee.id in fees and fee.paid_with_request and fee.amount_usd > 0
    ]
    if not due or not payment_forms:
        return
    if any(form.entry.name in payment_forms for form in context.forms):
        return
    names = ", ".join(f"{fee.name} (${fee.amount_usd:,})" for fee in due)
    context.findings.error(
        "fee-payment-missing",
        f"{names} is paid with the request, but no payment form is among the forms; add "
        f"{' or '.join(payment_forms)} under `forms:` ({data.payment_note})",
        at=context.key_at("forms") if context.forms else context.at("case", "parole_type"),
    )


def rule_form_pages(context: CheckContext) -> None:
    """`form-page-not-letter`: a form is placed as it is, so a page of another size stays so."""
    for form in context.forms:
        for index, source in enumerate(form.files):
            sizes = page_sizes(source.opened)
            odd = [number for number, size in enumerate(sizes, start=1) if not is_letter(size)]
            if odd:
                width, height = sizes[odd[0] - 1]
                context.findings.warning(
                    "form-page-not-letter",
                    f"form `{form.id}`: {source.path} page {odd[0]} is {width:.0f} x {height:.0f} "
                    "points, not US Letter; forms go into the packet as they are: print the "
                    "current edition of the form on Letter paper, or check this one",
                    exhibit=form.id,
                    at=context.at(*form.file_path(index)),
                )


def page_sizes(opened: object) -> list[tuple[float, float]]:
    """The viewed size of each page of an opened PDF (nothing for other kinds)."""
    reader = cast(Any, opened)
    if reader is None or not hasattr(reader, "pages"):
        return []
    sizes = []
    try:
        for page in reader.pages:
            box = page.cropbox
            width, height = float(box.width), float(box.height)
            sizes.append((height, width) if page.rotation % 180 else (width, height))
    except Exception:  # a page that cannot be measured: the build copes or reports it
        return []
    return sizes


def is_letter(size: tuple[float, float]) -> bool:
    return any(
        abs(size[0] - width) <= TOLERANCE and abs(size[1] - height) <= TOLERANCE
        for width, height in LETTER_SIZES
    )


def forms_for(context: CheckContext, name: str) -> list[FormReport]:
    """The case's forms of one kind."""
    return [form for form in context.forms if form.entry.name == name]
