"""Stage 3, check: every finding about a loaded case, collected before anything is answered.

The rules are a registry (`rules.RULES`), one module per family: a new finding is one function
in one of them, or one new module.
"""

from __future__ import annotations

from ..build.size import FilingLimit
from ..case.load import LoadedCase
from ..case.profiles import Profile
from ..findings import Finding
from ..report import DocumentReport, FormReport
from .context import CheckContext
from .rules import RULES


def check_case(
    loaded: LoadedCase,
    profiles: dict[str, Profile],
    documents: list[DocumentReport],
    forms: list[FormReport],
    limit: FilingLimit | None = None,
) -> list[Finding]:
    """Every finding about the case: the loader's, then each rule's, in the registry's order."""
    context = CheckContext(
        loaded=loaded, profiles=profiles, documents=documents, forms=forms, limit=limit
    )
    context.findings.extend(loaded.findings)
    for rule in RULES:
        rule(context)
    return context.findings.items
