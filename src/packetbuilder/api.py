"""The library's front door: each function is one command, a straight script of the stages."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .background import LAYOUT_MODULE, Background, start_renderer
from .check import CheckReport, check_case
from .errors import CaseHasErrors, OutputNotWritable, UsageError
from .frontmatter import RenderOptions, packet_title
from .load import LoadedCase, load_case
from .model import Case
from .plan import FrontMatterSize, LabelStyle, PacketPlan, default_bates_prefix, plan_packet
from .profiles import Profile, load_profiles
from .resources import shipped_templates_dir
from .sources import DEFAULT_TIMEOUT, Problem
from .tabs import templated_tabs
from .write import (
    default_output,
    manifest_path,
    packet_file,
    packet_manifest,
    refuse_unsafe_output,
    write_json,
)

INIT_TEMPLATE = "case.yaml.j2"
LAY_OUT = f"{LAYOUT_MODULE}:lay_out"
INIT_PERIOD_DAYS = 90


def check(
    case_path: Path,
    *,
    profiles_dir: Path | None = None,
    allow_outside: bool = False,
    label_style: LabelStyle = "letters",
    timeout: float | None = DEFAULT_TIMEOUT,
) -> CheckReport:
    """Load a case file and report every finding (raises CaseFileUnreadable if it can't be read)."""
    _, report = load_and_check(
        case_path,
        profiles_dir=profiles_dir,
        allow_outside=allow_outside,
        label_style=label_style,
        timeout=timeout,
    )
    return report


def load_and_check(
    case_path: Path,
    *,
    profiles_dir: Path | None,
    allow_outside: bool,
    label_style: LabelStyle,
    timeout: float | None,
) -> tuple[LoadedCase, CheckReport]:
    """The loaded case and its findings: what `check` reports and `build` starts from."""
    loaded = load_case(case_path)
    report = check_case(
        loaded,
        load_profiles(profiles_dir),
        allow_outside=allow_outside,
        label_style=label_style,
        timeout=timeout,
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


def build(
    case_path: Path,
    *,
    output: Path | None = None,
    force: bool = False,
    draft: bool = False,
    templates_dir: Path | None = None,
    label_style: LabelStyle = "letters",
    profiles_dir: Path | None = None,
    allow_outside: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    progress: Callable[[int, int], None] | None = None,
    renderer: Background | None = None,
) -> BuildResult:
    """Check a case and build its packet: one indexed, stamped, bookmarked PDF and a manifest.

    `renderer` is a worker started with `start_renderer()`; a caller that starts it before
    importing this module overlaps those imports too. Without one, build starts its own.
    """
    # The front matter is laid out in a worker on the other core: it imports WeasyPrint while
    # the case is checked here, then lays out the HTML composed here while this process merges,
    # stamps and writes the exhibit pages, numbered from a first guess of the front matter's
    # length; the rest is written when the front matter arrives.
    with renderer or start_renderer() as renderer:
        loaded, report = load_and_check(
            case_path,
            profiles_dir=profiles_dir,
            allow_outside=allow_outside,
            label_style=label_style,
            timeout=timeout,
        )
        refuse_to_build(loaded, report, draft=draft)
        case = loaded.case
        target = output or default_output(loaded.folder, case.case.id, draft=draft)
        manifest_target = manifest_path(target, case.case.id, draft=draft)
        refuse_unsafe_output(target, manifest_target, case_inputs(loaded, report), force=force)

        profile_title = report.profile.title if report.profile else case.case.parole_type
        options = RenderOptions(
            templates_dir=templates_dir,
            case_folder=loaded.folder,
            profile_title=profile_title,
            bates_prefix=case.case.bates_prefix or default_bates_prefix(case.case.id),
            draft=draft,
            templated_tabs=templated_tabs(
                ((document.label, document.document.title) for document in report.documents),
                templates_dir,
            ),
        )
        from .render import compose, estimated_size, settle_front_matter  # `check` needn't

        guess = estimated_size(case, report)
        renderer.submit(LAY_OUT, compose(case, report, options, guess))
        from .assemble import (  # only now: the render starts first (and `check` needn't)
            MergedExhibits,
            PacketMetadata,
            assemble_packet,
            merge_exhibits,
            objects_still_changing,
            settle_exhibits,
        )

        sender = case.representative or case.requestor
        metadata = PacketMetadata(
            title=packet_title(case),
            author=getattr(sender, "firm", None) or sender.name,
            subject=f"{profile_title}: parole request, case {case.case.id}",
            date=case.case.date,
            creator=f"packetbuilder {__version__}",
        )

        with packet_file(target, force=force) as written:

            def prepare_exhibits(front_size: FrontMatterSize) -> tuple[PacketPlan, MergedExhibits]:
                """Merge, stamp and write all that the front matter's rendering won't change."""
                plan = plan_packet(report, front_size, options.bates_prefix, draft=draft)
                merged = merge_exhibits(
                    report.documents,
                    templated_tabs=options.templated_tabs,
                    progress=progress,
                    timeout=timeout,
                )
                settle_exhibits(merged, plan, metadata)
                written.write_objects(merged.writer, holding=objects_still_changing(merged.writer))
                return plan, merged

            plan, merged = prepare_exhibits(guess)
            front = settle_front_matter(
                case,
                report,
                options,
                renderer.result(),
                lay_out=lambda request: renderer.call(LAY_OUT, request),
            )
            renderer.release()  # no more layouts: the worker exits while the packet is finished
            if front.size != plan.front:  # the first guess was wrong: number everything anew
                written.restart()
                plan, merged = prepare_exhibits(front.size)
            packet = assemble_packet(merged, plan, front)
            sha256, pages = written.commit(
                packet.writer,
                expected_pages=plan.total_pages,
                expected_bookmarks=packet.outline_count,
            )
    write_json(
        packet_manifest(
            plan,
            case_id=case.case.id,
            version=__version__,
            packet_file=target,
            sha256=sha256,
            pages=pages,
        ),
        manifest_target,
    )
    return BuildResult(target, manifest_target, pages, sha256, report, packet.notes)


def refuse_to_build(loaded: LoadedCase, report: CheckReport, *, draft: bool) -> None:
    """No packet from a case with errors; a draft still needs every section of the case file."""
    if report.ok:
        return
    if not draft:
        raise CaseHasErrors(
            f"{loaded.path}: {len(report.errors)} error(s); nothing was built (fix them, or "
            "build a --draft)",
            report,
        )
    broken = [
        name
        for name in ("case", "applicant", "requestor", "reason", "timeline")
        if getattr(loaded.case, name) is None
    ]
    if broken:
        raise CaseHasErrors(
            f"{loaded.path}: section(s) {', '.join(broken)} have errors; even a draft needs "
            "them (fix those first)",
            report,
        )


def case_inputs(loaded: LoadedCase, report: CheckReport) -> list[Path]:
    """Every file the build reads: the case file and each exhibit file."""
    return [loaded.path] + [
        source.resolved for document in report.documents for source in document.files
    ]


def profiles(profiles_dir: Path | None = None) -> list[Profile]:
    """Every profile, shipped and user-supplied, by name."""
    return [profile for _, profile in sorted(load_profiles(profiles_dir).items())]


def case_schema() -> dict[str, Any]:
    """The JSON Schema of the case file, for editors' YAML completion."""
    schema = Case.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "packetbuilder case file, version 1"
    return schema


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


def case_id_from_folder(folder: Path) -> str:
    """A valid case id from the folder's name (letters, digits, '-', '_')."""
    name = "".join(
        char if (char.isascii() and char.isalnum()) or char in "-_" else "-" for char in folder.name
    )
    return name.strip("-") or "CASE-1"


def schema_json() -> str:
    """The case file's JSON Schema as text."""
    return json.dumps(case_schema(), indent=2)
