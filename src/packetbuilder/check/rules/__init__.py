"""The registry of rules, in the order their findings are reported."""

from __future__ import annotations

from ..context import Rule
from . import (
    applicant,
    citations,
    files,
    ids,
    letters,
    representative,
    requirements,
    timeline,
    translations,
)

RULES: tuple[Rule, ...] = (
    files.rule_files,
    ids.rule_duplicates,
    citations.rule_citations,
    requirements.rule_profile,
    translations.rule_translations,
    timeline.rule_timeline,
    applicant.rule_applicant,
    letters.rule_letters,
    representative.rule_representative,
)
