"""The registry of rules, in the order their findings are reported."""

from __future__ import annotations

from ..context import Rule
from . import (
    citations,
    fees,
    files,
    forms,
    ids,
    letters,
    people,
    placeholders,
    program,
    representative,
    requirements,
    size,
    timeline,
    translations,
)

RULES: tuple[Rule, ...] = (
    placeholders.rule_placeholders,
    files.rule_files,
    ids.rule_duplicates,
    people.rule_person_references,
    citations.rule_citations,
    requirements.rule_profile,
    forms.rule_forms,
    forms.rule_fee_payment,
    forms.rule_form_pages,
    fees.rule_fee_exception,
    program.rule_program,
    translations.rule_translations,
    timeline.rule_timeline,
    people.rule_people,
    letters.rule_letters,
    letters.rule_letter_sections,
    representative.rule_representative,
    placeholders.rule_office_address,
    size.rule_size,
)
