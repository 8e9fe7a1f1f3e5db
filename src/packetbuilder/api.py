"""The library's front door: each function is one command, a straight script of the stages.

    packet check:  load → exhibits → check
    packet build:  … → compose → layout ─────────────┐
                          merge → stamp (first guess) ┴→ assemble → write

The layout runs in this process unless `BuildOptions.layout_worker` gives a started
`LayoutWorker`; it then lays out on another core while this process merges the exhibits.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import __version__
from .build.assemble import assemble_packet
from .build.compose import (
    ComposeOptions,
    compose,
    estimated_size,
    packet_title,
    settle_front_matter,
)
from .build.downsample import Downsampled, downsample_images
from .build.manifest import packet_manifest, with_image_bytes
from .build.merge import ExhibitFailed, MergedExhibits, merge_exhibits, stamp_exhibits
from .build.metadata import PacketMetadata, pdf_metadata
from .build.output import default_output, manifest_path, refuse_unsafe_output
from .build.outputs import Targets, output_targets, refuse_existing, write_outputs
from .build.plan import PacketPlan, default_bates_prefix, forms_order, packet_order, plan_packet
from .build.size import (
    FilingLimit,
    estimated_bytes,
    filing_limit,
    packet_units,
    part_starts,
    scaled,
    split_into_parts,
)
from .build.split import OverLimit
from .build.tabs import templated_tabs
from .build.worker import InlineLayout, Layout
from .build.write import WrittenPacket
from .case.data import agency_rules, fee_data, program_data
from .case.load import LoadedCase, load_case
from .case.model import FORM_NAMES, Case, FormEntry
from .case.profiles import FormRule, Profile, load_profiles
from .check import check_case
from .check.fees import applied_fees
from .errors import CaseHasErrors, OutputNotWritable, UsageError
from .exhibits import Conversions, convert_documents, inspect_file
from .exhibits.source import Problem
from .findings import Finding, Severity
from .many import CaseDone, CaseOutcome, build_outcome, check_outcome, run_cases
from .options import BuildOptions, CheckOptions, RequestOptions
from .proof import (
    PageProof,
    default_proof_path,
    proof_sheet,
    read_pages,
    refuse_unsafe_proof,
    write_proof,
)
from .report import CheckReport, DocumentReport, FormReport, PacketSize
from .request import ClientRequest, Language, compose_request, request_markdown, request_pdf
from .request.output import refuse_request_output, write_request
from .resources import shipped_templates_dir

INIT_TEMPLATE = "case.yaml.j2"
SIZE_ATTEMPTS = 3  # builds under a limit, each planned tighter when a file came out over it
SIZE_MARGIN = 1.05
INIT_PERIOD_DAYS = 90


def check(case_path: Path, options: CheckOptions | None = None) -> CheckReport:
    """Load a case file and report every finding (CaseFileUnreadable if it can't be read)."""
    return load_and_check(case_path, options or CheckOptions())[1]


def load_and_check(case_path: Path, options: CheckOptions) -> tuple[LoadedCase, CheckReport]:
    """The loaded case and its findings: what `check` reports and `build` starts from."""
    announce(options, "checking")
    loaded = load_case(case_path)
    profiles = load_profiles(options.profiles_dir)
    info = loaded.case.case
    profile = profiles.get(info.parole_type) if info else None
    announce(options, "converting documents")
    conversions = convert_documents(case_files(loaded), loaded.folder, options)
    documents = inspect_documents(loaded, options, conversions)
    forms = inspect_forms(loaded, profile, options, conversions)
    limit = filing_limit(options.target, options.max_size)
    findings = check_case(loaded, profiles, documents, forms, limit)
    report = CheckReport(
        case_path=case_path,
        case_id=info.id if info else None,
        findings=findings,
        documents=documents,
        profile=profile,
        forms=forms,
        people=[(person_id, person.full_name) for person_id, person in loaded.case.people],
        fees=applied_fees(loaded.case, profile),
        size=packet_size(forms, documents, limit),
    )
    return loaded, report


@dataclass(frozen=True)
class BuildResult:
    """Where the packet went, what it holds, and what the user should still hear about."""

    output: Path
    manifest: Path
    pages: int
    sha256: str
    report: CheckReport
    notes: list[Problem] = field(default_factory=list)


def build(case_path: Path, options: BuildOptions | None = None) -> BuildResult:
    """Check a case and build its packet: one indexed, stamped, bookmarked PDF and a manifest
    (or, over a filing limit, a folder of parts)."""
    options = options or BuildOptions()
    limit = filing_limit(options.target, options.max_size)
    correction = 1.0  # how much larger than estimated the packet came out (a limit only)
    for _ in range(SIZE_ATTEMPTS):
        # Each attempt reads the files anew: a build lets each go once its pages are copied.
        loaded, report = load_and_check(case_path, options)
        case = buildable_case(loaded, report, draft=options.draft)
        try:
            return build_packet(loaded, report, case, options, limit, correction)
        except OverLimit as over:  # the estimate was short: plan the parts again, tighter
            correction *= over.size / over.limit * SIZE_MARGIN
    raise OutputNotWritable(
        f"the packet's files stay over the limit of {limit.source if limit else '?'}; nothing "
        "was written: rebuild with --downsample 150, or a larger --max-size"
    )


def build_packet(
    loaded: LoadedCase,
    report: CheckReport,
    case: Case,
    options: BuildOptions,
    limit: FilingLimit | None,
    correction: float,
) -> BuildResult:
    """The stages of a build, from a checked case to its outputs in place."""
    composing = compose_options(
        loaded, case, report, options, planned_parts(report, limit, correction)
    )
    targets = build_targets(loaded, case, options)
    per_exhibit = wants_per_exhibit(options, limit)
    refuse_unsafe_output(targets.packet, targets.manifest, case_inputs(report), force=options.force)
    refuse_existing(
        [targets.parts, *targets.folders(in_parts=False, per_exhibit=per_exhibit)],
        force=options.force,
    )
    layout: Layout = (
        options.layout_worker if correction == 1.0 and options.layout_worker else InlineLayout()
    )

    first_guess = estimated_size(case, report)
    layout.submit(compose(case, report, composing, first_guess))
    guessed = plan_packet(
        report,
        first_guess,
        composing.bates_prefix,
        draft=options.draft,
        part_starts=composing.part_starts,
    )
    merged = merge(loaded, report, guessed, composing, options)
    images = downsample_images(merged, options.downsample, options.jpeg_quality)
    if images is not None and limit is not None:  # the parts, from the resampled images
        resampled = planned_parts(report, limit, correction, images)
        if resampled != composing.part_starts:
            composing = replace(composing, part_starts=resampled)
            layout.result()  # laid out for the parts of the images as they were: again
            layout.submit(compose(case, report, composing, first_guess))
    stamp_exhibits(merged, guessed)
    announce(options, "laying out the letter and index")
    front = settle_front_matter(case, report, composing, layout.result(), layout)
    layout.release()  # no more layouts: a worker exits while the packet is finished
    plan = plan_packet(
        report,
        front.size,
        composing.bates_prefix,
        draft=options.draft,
        part_starts=composing.part_starts,
    )
    packet = assemble_packet(merged, plan, front, packet_metadata(case, composing))
    announce(options, "writing")

    def manifest(written: WrittenPacket) -> dict[str, Any]:
        made = packet_manifest(plan, written, case_id=case.case.id, version=__version__)
        return with_image_bytes(made, plan, images)

    written, manifest_path = write_outputs(
        packet.writer,
        plan,
        targets,
        manifest,
        metadata=pdf_metadata(packet_metadata(case, composing)),
        limit=limit,
        per_exhibit=per_exhibit,
        expected_bookmarks=packet.outline_count,
    )
    return BuildResult(
        written.path, manifest_path, written.pages, written.sha256, report, packet.notes
    )


# --- the steps of the scripts above ----------------------------------------------------------


def announce(options: CheckOptions, stage: str) -> None:
    """Tell a build's progress display which stage begins (a stage without counts)."""
    if isinstance(options, BuildOptions) and options.progress is not None:
        options.progress(stage, 0, 0)


def case_files(loaded: LoadedCase) -> list[str]:
    """Every file the case names for its letters, exhibits and forms, as written."""
    files = [
        path for entry in loaded.case.entries if entry.document for path in entry.document.paths
    ]
    return files + [path for entry in loaded.case.forms if entry.form for path in entry.form.paths]


def inspect_documents(
    loaded: LoadedCase, options: CheckOptions, conversions: Conversions | None = None
) -> list[DocumentReport]:
    """Every letter and exhibit entry in packet order, with its tab label and its files, each
    read once (a word-processor document converted to PDF)."""
    info = loaded.case.case
    placement = info.translations if info else "with_original"
    return [
        DocumentReport(
            entry=placed.entry,
            label=placed.label,
            files=[
                inspect_file(written, loaded.folder, options, conversions)
                for written in (placed.entry.document.paths if placed.entry.document else [])
            ],
            with_original=placed.with_original,
        )
        for placed in packet_order(loaded.case.entries, options.labels, placement)
    ]


def inspect_forms(
    loaded: LoadedCase,
    profile: Profile | None,
    options: CheckOptions,
    conversions: Conversions | None = None,
) -> list[FormReport]:
    """Every form in the order it goes on top of the packet, with its files, each read once."""
    info = loaded.case.case
    names = dict((person_id, person.full_name) for person_id, person in loaded.case.people)
    ordered = forms_order(
        loaded.case.forms,
        agency_rules(info.filed_with).forms_order if info else FORM_NAMES,
        loaded.case.person_ids,
        as_listed=info is not None and info.forms_order == "as_listed",
    )
    return [
        FormReport(
            entry=entry,
            title=form_title(entry, names),
            files=[
                inspect_file(written, loaded.folder, options, conversions)
                for written in (entry.form.paths if entry.form else [])
            ],
        )
        for entry in ordered
    ]


def packet_size(
    forms: list[FormReport], documents: list[DocumentReport], limit: FilingLimit | None
) -> PacketSize:
    """The packet's estimated size and, under a limit, how many parts it will make."""
    units = packet_units(forms, documents)
    total = estimated_bytes(units)
    if limit is None:
        return PacketSize(total)
    parts = (
        1
        if total <= limit.bytes or limit.per_exhibit
        else len(split_into_parts(units, limit.bytes))
    )
    return PacketSize(total, limit.bytes, parts)


def form_title(entry: FormEntry, names: dict[str, str]) -> str:
    """The form's own title, or "Form I-131, Daniel Tremblay"."""
    if entry.form is not None and entry.form.title:
        return entry.form.title
    person = names.get(entry.person, entry.person)
    name = f"Form {entry.name}" if entry.name != "other" else f"Form {entry.id}"
    return f"{name}, {person}"


def buildable_case(loaded: LoadedCase, report: CheckReport, *, draft: bool) -> Case:
    """The whole case, when it may be built: no errors, or a draft whose sections are valid."""
    if not report.ok and not draft:
        raise CaseHasErrors(loaded.path, report)
    case = loaded.case.complete()
    if case is None:
        raise CaseHasErrors(loaded.path, report, broken_sections=loaded.case.broken_sections)
    return case


def output_paths(loaded: LoadedCase, case: Case, options: BuildOptions) -> tuple[Path, Path]:
    """The packet's path and its manifest's."""
    default = default_output(loaded.folder, case.case.id, draft=options.draft)
    target = options.output or default
    manifest = manifest_path(target, case.case.id, draft=options.draft, default=target == default)
    return target, manifest


def case_inputs(report: CheckReport) -> list[Path]:
    """Every file the build reads: the case file, each form and each exhibit file."""
    sources = [source for form in report.forms for source in form.files]
    sources += [source for document in report.documents for source in document.files]
    return [report.case_path, *(source.resolved for source in sources)]


def compose_options(
    loaded: LoadedCase,
    case: Case,
    report: CheckReport,
    options: BuildOptions,
    parts: tuple[tuple[int, int], ...] = (),
) -> ComposeOptions:
    """What composing the front matter needs besides the case and its report."""
    return ComposeOptions(
        templates_dir=options.templates_dir,
        case_folder=loaded.folder,
        profile_title=report.profile.title if report.profile else case.case.parole_type,
        bates_prefix=case.case.bates_prefix or default_bates_prefix(case.case.id),
        draft=options.draft,
        templated_tabs=templated_tabs(
            ((document.label, document.title) for document in report.documents),
            options.templates_dir,
        ),
        part_starts=parts,
    )


def planned_parts(
    report: CheckReport,
    limit: FilingLimit | None,
    correction: float = 1.0,
    images: Downsampled | None = None,
) -> tuple[tuple[int, int], ...]:
    """Where Parts 2, 3... begin when the packet exceeds the limit (none: one file);
    `correction` scales the estimate when a first build came out larger, `images` takes off
    what downsampling saved."""
    if limit is None or limit.per_exhibit:
        return ()
    saved = {id_: b.before - b.after for id_, b in images.images.items()} if images else None
    units = scaled(packet_units(report.forms, report.documents, saved=saved), correction)
    if estimated_bytes(units) <= limit.bytes:
        return ()
    return part_starts(split_into_parts(units, limit.bytes))


def wants_per_exhibit(options: BuildOptions, limit: FilingLimit | None) -> bool:
    """--per-exhibit, or a target that takes evidence one exhibit at a time."""
    return options.per_exhibit or (limit is not None and limit.per_exhibit)


def build_targets(loaded: LoadedCase, case: Case, options: BuildOptions) -> Targets:
    """Where this build's outputs go."""
    packet, manifest = output_paths(loaded, case, options)
    return output_targets(packet, manifest, case.case.id, draft=options.draft)


def merge(
    loaded: LoadedCase,
    report: CheckReport,
    plan: PacketPlan,
    composing: ComposeOptions,
    options: BuildOptions,
) -> MergedExhibits:
    """Merge the exhibits; a file that fails here becomes that exhibit's finding (exit 1)."""
    try:
        return merge_exhibits(
            plan,
            templated_tabs=composing.templated_tabs,
            timeout=options.timeout,
            progress=options.progress,
        )
    except ExhibitFailed as failure:
        document = failure.document
        finding = Finding(
            Severity.ERROR,
            failure.problem.code,
            f"{document.kind} `{document.id}`: {failure.problem.message}",
            document.id,
            loaded.positions.value(document.file_path(failure.index)),
        )
        raise CaseHasErrors(loaded.path, report.with_finding(finding)) from None


def packet_metadata(case: Case, composing: ComposeOptions) -> PacketMetadata:
    """The PDF's document information, every date from the case."""
    sender = case.representative or case.requestor
    return PacketMetadata(
        title=packet_title(case),
        author=getattr(sender, "firm", None) or sender.name,
        subject=f"{composing.profile_title}: parole request, case {case.case.id}",
        date=case.case.date,
        creator=f"packetbuilder {__version__}",
    )


# --- several cases at once -------------------------------------------------------------------


def check_many(
    cases: Sequence[Path],
    options: CheckOptions | None = None,
    *,
    jobs: int | None = None,
    done: CaseDone | None = None,
) -> list[CaseOutcome]:
    """Check every case in `jobs` processes; one outcome per case, in the order given."""
    return run_cases(check_outcome, cases, options or CheckOptions(), jobs=jobs, done=done)


def build_many(
    cases: Sequence[Path],
    options: BuildOptions | None = None,
    *,
    jobs: int | None = None,
    done: CaseDone | None = None,
) -> list[CaseOutcome]:
    """Build every case's packet at its default path in `jobs` processes, each laying out its
    own front matter; a case that fails never stops the others."""
    options = options or BuildOptions()
    if options.output is not None:
        raise UsageError("-o names one packet; with several cases each goes to its default path")
    each = replace(options, progress=None, layout_worker=None)  # nothing of this process's
    return run_cases(build_outcome, cases, each, jobs=jobs, done=done)


# --- the other commands ----------------------------------------------------------------------


@dataclass(frozen=True)
class ProofResult:
    """Where the proof sheet went, and the pages a reviewer should look at."""

    output: Path
    pages: int
    flagged: list[PageProof]


def proof(packet: Path, output: Path | None = None, *, force: bool = False) -> ProofResult:
    """A contact sheet of a built packet: every page as a thumbnail, flagged pages listed."""
    target = output or default_proof_path(packet)
    refuse_unsafe_proof(packet, target, force=force)
    pages = list(read_pages(packet))
    write_proof(target, proof_sheet(packet.name, pages))
    return ProofResult(target, len(pages), [page for page in pages if page.flags])


def profiles(profiles_dir: Path | None = None) -> list[Profile]:
    """Every profile, shipped and user-supplied, by name."""
    return [profile for _, profile in sorted(load_profiles(profiles_dir).items())]


def case_schema() -> dict[str, Any]:
    """The JSON Schema of the case file, for editors' YAML completion."""
    schema = Case.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "packetbuilder case file, version 1"
    return schema


def schema_json() -> str:
    """The case file's JSON Schema as text."""
    return json.dumps(case_schema(), indent=2)


def init_case(
    folder: Path, parole_type: str, *, date: dt.date, profiles_dir: Path | None = None
) -> Path:
    """Create `folder` with a commented case file for `parole_type` and an empty exhibits/."""
    import jinja2

    known = load_profiles(profiles_dir)
    profile = known.get(parole_type)
    if profile is None:
        raise UsageError(
            f"--type {parole_type}: no such profile; use one of {', '.join(sorted(known))}"
        )
    case_file = folder / "case.yaml"
    if case_file.exists() or (folder / "exhibits").exists():
        raise OutputNotWritable(
            f"{folder} already holds a case (case.yaml or exhibits/); nothing was overwritten, "
            "choose a new folder"
        )
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(shipped_templates_dir()),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    text = environment.get_template(INIT_TEMPLATE).render(
        profile=profile,
        requirements=profile.requirements,
        forms=init_forms(profile),
        programs=[program.id for program in program_data().programs],
        case_id=case_id_from_folder(folder),
        case_file=str(case_file),
        date=date.isoformat(),
        end_date=(date + dt.timedelta(days=INIT_PERIOD_DAYS)).isoformat(),
    )
    try:
        (folder / "exhibits").mkdir(parents=True)
        with case_file.open("x", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as error:
        raise OutputNotWritable(f"{folder}: cannot be written ({error.strerror})") from None
    return case_file


def init_forms(profile: Profile) -> list[FormRule]:
    """The forms a new case of the profile needs, in the agency's order: the agency's own and
    the profile's (the representative's G-28 is left to the user), and a payment form when a
    fee is paid with the request."""
    agency = agency_rules(profile.filed_with)
    rules = [
        rule
        for rule in [*agency.forms, *profile.forms]
        if profile.filed_with in rule.filed_with and rule.when == "always"
    ]
    fees = {fee.id: fee for fee in fee_data().fees}
    due = [fees[fee_id] for fee_id in profile.fees.get(profile.filed_with, []) if fee_id in fees]
    if agency.payment_forms and any(fee.paid_with_request and fee.amount_usd for fee in due):
        rules.append(FormRule(form=agency.payment_forms[0], source="fee data"))
    order = agency.forms_order
    return sorted(
        rules, key=lambda rule: order.index(rule.form) if rule.form in order else len(order)
    )


def case_id_from_folder(folder: Path) -> str:
    """A valid case id from the folder's name (letters, digits, '-', '_')."""
    name = "".join(
        char if (char.isascii() and char.isalnum()) or char in "-_" else "-" for char in folder.name
    )
    return name.strip("-") or "CASE-1"


# --- packet request --------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestResult:
    """The client's document request, its Markdown, and where it was written (None: nowhere)."""

    request: ClientRequest
    markdown: str
    output: Path | None


def client_request(
    case_path: Path, lang: Language = "en", options: RequestOptions | None = None
) -> RequestResult:
    """The client's document request in `lang` (en, es): Markdown, written to `options.output`
    when given (a PDF when its name ends in .pdf)."""
    options = options or RequestOptions()
    if lang not in ("en", "es"):
        raise UsageError(f"--lang {lang}: use en or es")
    loaded, report = load_and_check(case_path, options)
    target = options.output
    if target is not None:
        refuse_request_output(target, case_inputs(report), force=options.force)
    request = compose_request(loaded.case, report, lang)
    markdown = request_markdown(request, options.templates_dir)
    if target is not None:
        pdf = target.suffix.lower() == ".pdf"
        data = request_pdf(request, options.templates_dir) if pdf else markdown.encode("utf-8")
        write_request(target, data, force=options.force)
    return RequestResult(request, markdown, target)
