"""Foreign-language documents carry a certified English translation (8 CFR 103.2(b)(3))."""

from __future__ import annotations

from ...findings import Severity
from ...report import DocumentReport
from ..context import CheckContext, noun

# Where the translation rule comes from, by agency (docs/findings.md gives the sources).
TRANSLATION_RULES = {
    "USCIS": "8 CFR 103.2(b)(3) requires a full, certified English translation",
    "ICE": "ICE in practice does not consider documents that are not in English",
    "CBP": "CBP in practice expects an English translation",
}
CERTIFICATE_RULE = "required with a filing to USCIS (8 CFR 103.2(b)(3))"


def rule_translations(context: CheckContext) -> None:
    """Foreign-language documents carry a certified English translation (8 CFR 103.2(b)(3))."""
    if context.case.case is None:
        return
    packet_language = context.case.case.language
    by_id = {report.id: report for report in context.documents}
    for report in context.documents:
        document = report.document
        if document is None:
            continue
        language = document.language or packet_language
        if primary(language) != primary(packet_language) and document.translation_of is None:
            if document.translation is None:
                pointing = [
                    other.id
                    for other in context.documents
                    if other.document is not None and other.document.translation_of == report.id
                ]
                if pointing:
                    fix = (
                        f"`{pointing[0]}` says it is its translation: add "
                        f"`translation: {pointing[0]}` to `{report.id}`"
                    )
                else:
                    fix = (
                        "add the certified translation as an exhibit and name it in `translation:`"
                    )
                context.findings.error(
                    "translation-missing",
                    f"{noun(report)} `{report.id}` is in `{language}`, not `{packet_language}`; "
                    f"{TRANSLATION_RULES.get(context.case.case.filed_with, '')}: {fix}",
                    exhibit=report.id,
                    at=context.at(*report.path, "language"),
                )
            else:
                check_translation_link(context, report, by_id)
        elif document.translation is not None:
            check_translation_link(context, report, by_id)
        if document.translation_of is not None and document.translation_of not in by_id:
            context.findings.error(
                "translation-not-found",
                f"{noun(report)} `{report.id}` says `translation_of: {document.translation_of}`, "
                "but no letter or exhibit has that id",
                exhibit=report.id,
                at=context.at(*report.path, "translation_of"),
            )


def check_translation_link(
    context: CheckContext, report: DocumentReport, by_id: dict[str, DocumentReport]
) -> None:
    """`translation:` names an existing document whose `translation_of` points back."""
    target_id = report.document.translation if report.document else None
    target = by_id.get(target_id or "")
    where = context.at(*report.path, "translation")
    if target is None:
        context.findings.error(
            "translation-not-found",
            f"{noun(report)} `{report.id}` names translation `{target_id}`, but no letter or "
            "exhibit has that id; add the translation or correct the id",
            exhibit=report.id,
            at=where,
        )
        return
    if target.document is None:
        return  # its own errors come first
    if target.document.translation_of != report.id:
        context.findings.error(
            "translation-not-linked",
            f"`{target.id}` is named as the translation of `{report.id}` but does not say "
            f"`translation_of: {report.id}`; add that line to `{target.id}`",
            exhibit=target.id,
            at=context.at(*target.path, "id"),
        )
    if "translation_certificate" not in target.document.proves:
        uscis = context.case.case is not None and context.case.case.filed_with == "USCIS"
        context.findings.add(
            Severity.ERROR if uscis else Severity.WARNING,
            "translation-uncertified",
            f"translation `{target.id}` does not prove `translation_certificate`; the "
            "translator's certificate that the translation is complete and accurate and that "
            f"they are competent to translate is {CERTIFICATE_RULE if uscis else 'expected'}: "
            "include it and add the key to `proves`",
            exhibit=target.id,
            at=context.at(*target.path, "id"),
        )


def primary(language: str) -> str:
    """The primary language subtag: `en` for `en-US`."""
    return language.split("-")[0].lower()
