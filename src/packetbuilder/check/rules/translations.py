"""Foreign-language documents carry a certified English translation (8 CFR 103.2(b)(3))."""

from __future__ import annotations

from ...report import DocumentReport
from ..context import CheckContext, noun


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
                context.findings.error(
                    "translation-missing",
                    f"{noun(report)} `{report.id}` is in `{language}`, not `{packet_language}`; "
                    "8 CFR 103.2(b)(3) requires a certified translation: add it as an exhibit "
                    "and name it in `translation:`",
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
        context.findings.warning(
            "translation-uncertified",
            f"translation `{target.id}` does not prove `translation_certificate`; 8 CFR "
            "103.2(b)(3) asks for the translator's certificate of completeness, accuracy and "
            "competence: include it and add the key to `proves`",
            exhibit=target.id,
            at=context.at(*target.path, "id"),
        )


def primary(language: str) -> str:
    """The primary language subtag: `en` for `en-US`."""
    return language.split("-")[0].lower()
