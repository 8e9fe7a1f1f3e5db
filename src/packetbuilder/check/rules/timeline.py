"""The requested period makes sense and the events are not in the future."""

from __future__ import annotations

from ..context import CheckContext


def rule_timeline(context: CheckContext) -> None:
    """The requested period makes sense and the events are not in the future."""
    timeline = context.case.timeline
    if timeline is None:
        return
    start, end = timeline.requested_start, timeline.requested_end
    if end <= start:
        context.findings.error(
            "timeline-end-before-start",
            f"`timeline.requested_end` ({end}) is not after `requested_start` ({start}); "
            "correct the dates",
            at=context.at("timeline", "requested_end"),
        )
    elif (
        context.profile
        and context.profile.max_days is not None
        and timeline.requested_days > context.profile.max_days
    ):
        context.findings.warning(
            "timeline-too-long",
            f"the requested period is {timeline.requested_days} days; {context.profile.name} "
            f"parole is usually granted for at most {context.profile.max_days} days "
            f"({context.profile.max_days_source or 'see the profile'}); review the period, or "
            "say in the narrative why a longer one is needed",
            at=context.at("timeline", "requested_end"),
        )
    case_date = context.case_date
    if case_date is None:
        return
    if start < case_date:
        context.findings.warning(
            "timeline-start-in-past",
            f"`timeline.requested_start` ({start}) is before the letter's date `case.date` "
            f"({case_date}); review the requested start",
            at=context.at("timeline", "requested_start"),
        )
    for index, event in enumerate(timeline.events):
        if event.date > case_date:
            context.findings.warning(
                "event-after-case-date",
                f"timeline event dated {event.date} is after `case.date` ({case_date}); an "
                "event the letter reports has already happened: check the date",
                at=context.at("timeline", "events", index, "date"),
            )
