"""Stage 2, check: every finding about a loaded case, collected before anything is answered."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .findings import Finding, FindingList, Location, Severity
from .load import LoadedCase, YamlPath, did_you_mean
from .model import REASON_TEXTS, Case, Document, Letter
from .plan import LabelStyle, tab_label
from .profiles import Profile, known_keys
from .sources import DEFAULT_TIMEOUT, SourceFile, inspect_file

CITATION = re.compile(r"\[\[\s*([^\[\]\s]+)\s*\]\]")
A_NUMBER = re.compile(r"A\d{8,9}")


@dataclass
class DocumentReport:
    """One tab of the packet: a letter or exhibit, its label, its files and their page count."""

    document: Document
    label: str
    path: YamlPath  # where it stands in the case file
    files: list[SourceFile]

    @property
    def id(self) -> str:
        return self.document.id

    @property
    def is_letter(self) -> bool:
        return isinstance(self.document, Letter)

    @property
    def pages(self) -> int | None:
        """Total pages, or None when any of its files cannot be used."""
        if not self.files or not all(source.usable for source in self.files):
            return None
        return sum(source.pages or 0 for source in self.files)


@dataclass
class CheckReport:
    """Everything check found, and the tabs of the packet as they would be built."""

    case_id: str | None
    case_file: str
    findings: list[Finding]
    documents: list[DocumentReport]
    profile: Profile | None = None

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total_pages(self) -> int:
        """Exhibit pages that can be counted (unusable files count none)."""
        return sum(report.pages or 0 for report in self.documents)

    @property
    def unusable(self) -> list[DocumentReport]:
        """Documents with a file that is missing or cannot be used: what to ask the client for."""
        return [report for report in self.documents if report.pages is None]


@dataclass
class CheckContext:
    """What every rule reads: the case, where things are in the file, the profile, the tabs."""

    loaded: LoadedCase
    profiles: dict[str, Profile]
    documents: list[DocumentReport]
    findings: FindingList = field(default_factory=FindingList)

    @property
    def case(self) -> Case:
        return self.loaded.case

    def at(self, *path: str | int) -> Location:
        return self.loaded.positions.value(path)

    def key_at(self, *path: str | int) -> Location:
        return self.loaded.positions.key(path)

    @property
    def profile(self) -> Profile | None:
        info = self.case.case
        return self.profiles.get(info.parole_type) if info else None

    @property
    def case_date(self) -> dt.date | None:
        return self.case.case.date if self.case.case else None

    def document_ids(self) -> set[str]:
        return {report.id for report in self.documents} | self.loaded.invalid_document_ids


Rule = Callable[[CheckContext], None]


def check_case(
    loaded: LoadedCase,
    profiles: dict[str, Profile],
    *,
    allow_outside: bool = False,
    label_style: LabelStyle = "letters",
    timeout: float | None = DEFAULT_TIMEOUT,
) -> CheckReport:
    """Run every rule over a loaded case and return all findings with the packet's tabs."""
    documents = [
        DocumentReport(
            document=document,
            label=tab_label(index, label_style),
            path=path,
            files=[
                inspect_file(written, loaded.folder, allow_outside=allow_outside, timeout=timeout)
                for written in document.paths
            ],
        )
        for index, (path, document) in enumerate(
            zip(loaded.document_paths, loaded.case.documents, strict=True)
        )
    ]
    context = CheckContext(loaded=loaded, profiles=profiles, documents=documents)
    context.findings.extend(loaded.findings)
    for rule in RULES:
        rule(context)
    return CheckReport(
        case_id=loaded.case.case.id if loaded.case.case else None,
        case_file=loaded.positions.file,
        findings=context.findings.items,
        documents=documents,
        profile=context.profile,
    )


def file_path(report: DocumentReport, index: int) -> YamlPath:
    """Where the `index`-th file of a document is written in the case file."""
    if report.document.file is not None:
        return (*report.path, "file")
    return (*report.path, "files", index)


# --- rules -----------------------------------------------------------------------------------


def rule_files(context: CheckContext) -> None:
    """Every exhibit and letter file exists and is a PDF or image that opens (2)."""
    for report in context.documents:
        for index, source in enumerate(report.files):
            where = context.at(*file_path(report, index))
            if source.problem:
                context.findings.error(
                    source.problem.code,
                    f"{noun(report)} `{report.id}`: {source.problem.message}",
                    exhibit=report.id,
                    at=where,
                )
            for note in source.notes:
                context.findings.warning(
                    note.code,
                    f"{noun(report)} `{report.id}`: {note.message}",
                    exhibit=report.id,
                    at=where,
                )


def rule_duplicates(context: CheckContext) -> None:
    """Ids are unique; the same file content is not used twice (3)."""
    seen_ids: dict[str, DocumentReport] = {}
    for report in context.documents:
        first = seen_ids.setdefault(report.id, report)
        if first is not report:
            context.findings.error(
                "duplicate-id",
                f"id `{report.id}` is used twice (first at line "
                f"{context.at(*first.path, 'id').line}); give each letter and exhibit its own id",
                exhibit=report.id,
                at=context.at(*report.path, "id"),
            )
    seen_hashes: dict[str, tuple[DocumentReport, SourceFile]] = {}
    for report in context.documents:
        for index, source in enumerate(report.files):
            if not source.sha256 or not source.size:
                continue
            first_report, first_source = seen_hashes.setdefault(source.sha256, (report, source))
            if first_source is not source:
                context.findings.warning(
                    "duplicate-file",
                    f"{noun(report)} `{report.id}`: {source.path} has the same content as "
                    f"{first_source.path} (`{first_report.id}`); remove one unless the "
                    "repetition is intended",
                    exhibit=report.id,
                    at=context.at(*file_path(report, index)),
                )


def cited_texts(case: Case) -> Iterator[tuple[YamlPath, str]]:
    """Every text of `reason` and `timeline` that may cite exhibits, with its path."""
    if case.reason:
        for name in REASON_TEXTS:
            yield ("reason", name), getattr(case.reason, name)
    if case.timeline:
        for index, event in enumerate(case.timeline.events):
            yield ("timeline", "events", index, "what"), event.what
        if case.timeline.departure_plan:
            yield ("timeline", "departure_plan"), case.timeline.departure_plan


def rule_citations(context: CheckContext) -> None:
    """Every `[[id]]` and event exhibit names a document; every document is cited (4)."""
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
        if report.document.translation_of
    }
    for report in context.documents:
        translation_of = report.document.translation_of
        if report.id in cited or (translation_of and translation_of in cited):
            continue
        if report.id in originals and originals[report.id] in cited:
            continue
        context.findings.warning(
            "never-cited",
            f"{noun(report)} `{report.id}` ({report.document.title}) is never cited; cite it "
            f"as [[{report.id}]] in the reason or timeline, or list it in an event's `exhibits`",
            exhibit=report.id,
            at=context.at(*report.path, "id"),
        )


def rule_profile(context: CheckContext) -> None:
    """The parole type has a profile and every requirement of it is proved by a document (5)."""
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
        for index, key in enumerate(report.document.proves):
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
    for requirement in profile.requirements:
        if requirement.key not in proved:
            context.findings.add(
                Severity(requirement.severity),
                "requirement-missing",
                f"a {profile.name} case must prove `{requirement.key}`: {requirement.description} "
                f"Add `{requirement.key}` to the `proves` of the exhibit that shows it, or add "
                "that exhibit",
                at=context.at("case", "parole_type"),
            )


def rule_translations(context: CheckContext) -> None:
    """Foreign-language documents carry a certified English translation (8 CFR 103.2(b)(3)) (6)."""
    if context.case.case is None:
        return
    packet_language = context.case.case.language
    by_id = {report.id: report for report in context.documents}
    for report in context.documents:
        document = report.document
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
    target_id = report.document.translation
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


def rule_timeline(context: CheckContext) -> None:
    """The requested period makes sense and the events are not in the future (7)."""
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
    elif context.profile and timeline.requested_days > context.profile.max_days:
        context.findings.warning(
            "timeline-too-long",
            f"the requested period is {timeline.requested_days} days, longer than the "
            f"{context.profile.max_days} days usual for {context.profile.name} parole; "
            "shorten it or explain why in the narrative",
            at=context.at("timeline", "requested_end"),
        )
    case_date = context.case_date
    if case_date is None:
        return
    if start < case_date:
        context.findings.warning(
            "timeline-start-in-past",
            f"`timeline.requested_start` ({start}) is before the letter's date `case.date` "
            f"({case_date}); request a start on or after the filing date",
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


def rule_applicant(context: CheckContext) -> None:
    """Passport valid, date of birth in the past, A-number well formed (8)."""
    applicant = context.case.applicant
    case_date = context.case_date
    if applicant is None:
        return
    if applicant.a_number is not None and not A_NUMBER.fullmatch(applicant.a_number):
        context.findings.error(
            "a-number-invalid",
            f"`applicant.a_number` {applicant.a_number!r} is not an A-number; write A followed "
            "by 8 or 9 digits, like A123456789, or leave it out",
            at=context.at("applicant", "a_number"),
        )
    if case_date is None:
        return
    if applicant.date_of_birth > case_date:
        context.findings.error(
            "birth-date-in-future",
            f"`applicant.date_of_birth` ({applicant.date_of_birth}) is after `case.date` "
            f"({case_date}); correct it",
            at=context.at("applicant", "date_of_birth"),
        )
    passport = applicant.passport
    if passport is None:
        return
    if passport.expires <= case_date:
        context.findings.error(
            "passport-expired",
            f"the passport expired on {passport.expires}, before `case.date` ({case_date}); "
            "include a renewed passport or explain why there is none",
            at=context.at("applicant", "passport", "expires"),
        )
    elif context.case.timeline and passport.expires < context.case.timeline.requested_end:
        context.findings.warning(
            "passport-expires-during-parole",
            f"the passport expires on {passport.expires}, before the requested end "
            f"({context.case.timeline.requested_end}); renew it or shorten the period",
            at=context.at("applicant", "passport", "expires"),
        )


def rule_letters(context: CheckContext) -> None:
    """Letters are signed, dated, not dated after the cover letter, and recent (9)."""
    case_date = context.case_date
    max_age = context.profile.letter_max_age_days if context.profile else 180
    for report in context.documents:
        letter = report.document
        if not isinstance(letter, Letter):
            continue
        if not letter.signed:
            context.findings.error(
                "letter-unsigned",
                f"letter `{letter.id}` from {letter.author} is not signed; get a signed copy "
                "and set `signed: true`",
                exhibit=letter.id,
                at=context.at(*report.path, "signed"),
            )
        if letter.date is None:
            context.findings.warning(
                "letter-undated",
                f"letter `{letter.id}` from {letter.author} has no `date:`; add the date it "
                "bears (an undated letter carries less weight)",
                exhibit=letter.id,
                at=context.at(*report.path, "id"),
            )
            continue
        if case_date is None:
            continue
        if letter.date > case_date:
            context.findings.error(
                "letter-after-case-date",
                f"letter `{letter.id}` is dated {letter.date}, after `case.date` ({case_date}); "
                "correct the date or the case date",
                exhibit=letter.id,
                at=context.at(*report.path, "date"),
            )
        elif (case_date - letter.date).days > max_age:
            context.findings.warning(
                "letter-too-old",
                f"letter `{letter.id}` is {(case_date - letter.date).days} days old on "
                f"{case_date} (more than {max_age}); ask {letter.author} for an updated letter",
                exhibit=letter.id,
                at=context.at(*report.path, "date"),
            )


def rule_representative(context: CheckContext) -> None:
    """A representative files a Form G-28 with the request (10)."""
    if context.case.representative is None:
        return
    if any("g28" in report.document.proves for report in context.documents):
        return
    context.findings.warning(
        "g28-missing",
        f"`representative` {context.case.representative.name} is named but no exhibit proves "
        "`g28`; add the signed Form G-28 as an exhibit with `proves: [g28]`",
        at=context.key_at("representative"),
    )


RULES: tuple[Rule, ...] = (
    rule_files,
    rule_duplicates,
    rule_citations,
    rule_profile,
    rule_translations,
    rule_timeline,
    rule_applicant,
    rule_letters,
    rule_representative,
)


# --- helpers ---------------------------------------------------------------------------------


def noun(report: DocumentReport) -> str:
    return "letter" if report.is_letter else "exhibit"


def primary(language: str) -> str:
    """The primary language subtag: `en` for `en-US`."""
    return language.split("-")[0].lower()
