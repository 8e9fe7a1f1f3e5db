"""Every `[[id]]` and event exhibit names a document; every document is cited."""

from __future__ import annotations

from collections.abc import Iterator

from ...case.load import did_you_mean
from ...case.model import CITATION, REASON_TEXTS, PartialCase, YamlPath
from ..context import CheckContext, noun


def cited_texts(case: PartialCase) -> Iterator[tuple[YamlPath, str]]:
    """Every text of `reason` and `timeline` that may cite exhibits, with its path."""
    if case.reason:
        for name in REASON_TEXTS:
            text = getattr(case.reason, name)
            if text:
                yield ("reason", name), text
        for index, section in enumerate(case.reason.sections):
            yield ("reason", "sections", index, "text"), section.text
    if case.timeline:
        for index, event in enumerate(case.timeline.events):
            yield ("timeline", "events", index, "what"), event.what
        if case.timeline.departure_plan:
            yield ("timeline", "departure_plan"), case.timeline.departure_plan


def rule_citations(context: CheckContext) -> None:
    """`unknown-citation` for a citation of no document, `never-cited` for a document no text
    cites (a translation counts as cited with its original)."""
    known = context.document_ids()
    cited: set[str] = set()
    for path, text in cited_texts(context.case):
        for match in CITATION.finditer(text):
            cited.add(match.group(1))
            if match.group(1) not in known:
                context.findings.error(
                    "unknown-citation",
                    f"`{match.group(0)}` in `{'.'.join(map(str, path))}` names no letter or "
                    "exhibit; correct the id or add the document"
                    + did_you_mean(match.group(1), known, 0.6),
                    at=context.loaded.positions.text(path, match.group(0)),
                )
    if context.case.timeline:
        for event_index, event in enumerate(context.case.timeline.events):
            for item_index, document_id in enumerate(event.exhibits):
                cited.add(document_id)
                if document_id not in known:
                    context.findings.error(
                        "unknown-citation",
                        f"timeline event of {event.date} lists `{document_id}`, which names no "
                        f"letter or exhibit{did_you_mean(document_id, known, 0.6)}",
                        at=context.at("timeline", "events", event_index, "exhibits", item_index),
                    )
    originals = {
        report.document.translation_of: report.id
        for report in context.documents
        if report.document is not None and report.document.translation_of
    }
    for report in context.documents:
        if report.document is None:
            continue  # its own errors say what to fix first
        translation_of = report.document.translation_of
        if report.id in cited or (translation_of and translation_of in cited):
            continue
        if report.id in originals and originals[report.id] in cited:
            continue
        context.findings.warning(
            "never-cited",
            f"{noun(report)} `{report.id}` ({report.title}) is never cited; cite it "
            f"as [[{report.id}]] in the reason or timeline, or list it in an event's `exhibits`",
            exhibit=report.id,
            at=context.at(*report.path, "id"),
        )
