"""The commands of `packet`: each wires its options to one library call and turns the library's
errors into one line on standard error and the exit code each carries."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer

from .. import __version__
from ..errors import ISSUES_URL, CaseHasErrors, ExitCode, PacketError
from ..limits import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from ..build.worker import LayoutWorker
    from ..many import CaseOutcome
    from ..request import Language

# The library is imported inside each command: `packet --help` stays instant, and
# `packet check` never loads what only `packet build` needs.

T = TypeVar("T")
SHOW_PROGRESS_AFTER = 1.0  # seconds: a quick command shows no progress at all


app = typer.Typer(
    name="packet",
    rich_markup_mode=None,  # plain help: no <bool> after flags, wrapped by the terminal's width
    help=(
        "Assemble US humanitarian parole request packets from one case file.\n\n"
        "packet check case.yaml   reports what is missing or inconsistent;\n\n"
        "packet build case.yaml   makes the indexed, stamped PDF packet.\n\n"
        "packetbuilder assembles documents; it gives no legal advice."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Options:
    debug = False


E = TypeVar("E", bound=StrEnum)


def filing_options(target: str | None, max_size: str | None) -> int | None:
    """`--max-size` as bytes, once `--target` is known to be a target (UsageError if not)."""
    from ..build.size import filing_limit, parse_size

    size = parse_size(max_size) if max_size is not None else None
    filing_limit(target, size)
    return size


def choice(option: str, value: str, allowed: type[E]) -> E:
    """An option's value among `allowed`, or the usage error every other one reads like
    (the framework's own wording for enums differs between its versions)."""
    try:
        return allowed(value)
    except ValueError:
        names = [member.value for member in allowed]
        fail(f"{option} {value}: choose {', '.join(names[:-1])} or {names[-1]}", ExitCode.USAGE)


def choice_option(option: str, allowed: type[StrEnum], help: str) -> object:
    """A `--format text|json` option, checked by `choice`."""
    return typer.Option(option, metavar="|".join(member.value for member in allowed), help=help)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


CaseArgument = Annotated[
    Path,
    typer.Argument(metavar="CASE", help="The case file (YAML), e.g. examples/medical/case.yaml."),
]
CasesArgument = Annotated[
    list[Path],
    typer.Argument(
        metavar="CASE...",
        help="The case file (YAML), e.g. examples/medical/case.yaml; several for a summary.",
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        help="With several cases: how many at once, each in its own process (default: cores).",
    ),
]
TargetOption = Annotated[
    str | None,
    typer.Option(
        "--target",
        metavar="mail|uscis-online|ecas",
        help="Where it is filed; sets the per-file limit (ecas: 25 MB, in parts).",
    ),
]
MaxSizeOption = Annotated[
    str | None,
    typer.Option(
        "--max-size", metavar="SIZE", help="Per-file limit, e.g. 25MB (B, KB, MB, GB; decimal)."
    ),
]
ProfilesOption = Annotated[
    Path | None,
    typer.Option("--profiles", help="Folder of profile .yaml files that add or override profiles."),
]


AllowOutsideOption = Annotated[
    bool, typer.Option("--allow-outside", help="Accept exhibit files outside the case folder.")
]
TimeoutOption = Annotated[
    float,
    typer.Option(
        "--timeout",
        min=0.1,
        metavar="SECONDS",
        help="Seconds to read or convert one file before giving up on it.",
    ),
]


def fail(message: str, code: int) -> NoReturn:
    """One line on standard error, then the exit code."""
    from ..check.format import printable

    typer.echo(f"packet: {printable(message)}", err=True)
    raise typer.Exit(int(code))


def run(action: Callable[[], T]) -> T:
    """Call the library; turn its errors into one line on standard error and the exit code."""
    try:
        return action()
    except CaseHasErrors as error:
        from ..check.format import format_text

        typer.echo(format_text(error.report, str(error.case_path)), err=True)
        fail(error.message, error.exit_code)
    except PacketError as error:
        if Options.debug:
            traceback.print_exc()
        fail(error.message, error.exit_code)
    except KeyboardInterrupt:
        fail("interrupted; nothing was written", ExitCode.INTERRUPTED)
    except Exception as error:  # a bug: say so in one line, where to report it, how to see more
        if Options.debug:
            traceback.print_exc()
        fail(
            f"internal error ({type(error).__name__}: {error}); please report it at {ISSUES_URL} "
            "(run again with --debug for the traceback)",
            ExitCode.INTERNAL,
        )


def quiet_library_logs() -> None:
    """Libraries log warnings about the files they read; the findings already say what matters."""
    for name in ("pypdf", "img2pdf", "PIL", "weasyprint", "fontTools"):
        logger = logging.getLogger(name)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False


@contextlib.contextmanager
def progress_bar(*, enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """The build's stages on standard error, when it is a terminal and the build has taken
    over a second ("Assembling exhibits 12/50"); a quick build shows nothing."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    started = time.monotonic()  # the command line, not the library, reads the clock
    bar = Progress(console=Console(stderr=True), transient=True)
    task = bar.add_task("Checking", total=None)
    shown = False

    def advance(stage: str, done: int, total: int) -> None:
        nonlocal shown
        if not shown and time.monotonic() - started > SHOW_PROGRESS_AFTER:
            bar.start()
            shown = True
        counts = f" {done}/{total}" if total else ""
        bar.update(
            task, description=f"{stage.capitalize()}{counts}", completed=done, total=total or None
        )

    try:
        yield advance
    finally:
        if shown:
            bar.stop()


@contextlib.contextmanager
def cases_progress(*, enabled: bool, verb: str) -> Iterator[Callable[[int, int], None] | None]:
    """ "Built 3 of 20 cases" on standard error while several cases run, on a terminal."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(f"{verb} 0 cases", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(
                task, description=f"{verb} {done} of {total} cases", completed=done, total=total
            )

        yield advance


def show_case_findings(outcomes: list[CaseOutcome]) -> None:
    """Each case's findings as `packet check` prints them for one case, in the order given."""
    from ..check.format import printable

    for outcome in outcomes:
        typer.echo(printable(f"== {outcome.case}"))
        if outcome.report_text is not None:
            typer.echo(printable(outcome.report_text))
        else:
            typer.echo(printable(f"packet: {outcome.message}"))
        typer.echo("")


def finish_many(outcomes: list[CaseOutcome], output_format: OutputFormat) -> NoReturn:
    """The summary table (rich on a terminal, plain text otherwise, or JSON), then the highest
    exit code of the cases."""
    from ..check.format import printable
    from ..many import highest_exit_code, summary_json, summary_rows, summary_text

    if output_format is OutputFormat.json:
        typer.echo(summary_json(outcomes))
    elif sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        header, *rows = summary_rows(outcomes)
        table = Table(*header, title=None)
        for row in rows:
            table.add_row(*(printable(cell) for cell in row))
        Console().print(table)
    else:
        typer.echo(printable(summary_text(outcomes)))
    raise typer.Exit(highest_exit_code(outcomes))


def show_version(value: bool) -> None:
    if value:
        typer.echo(f"packet (packetbuilder) {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the Python traceback of an error.")
    ] = False,
) -> None:
    """Assemble US humanitarian parole request packets from one case file."""
    Options.debug = debug
    quiet_library_logs()


@app.command()
def check(
    cases: CasesArgument,
    output_format: Annotated[
        str, choice_option("--format", OutputFormat, "text for people, json for programs.")
    ] = OutputFormat.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on warnings too, not only on errors.")
    ] = False,
    profiles: ProfilesOption = None,
    allow_outside: AllowOutsideOption = False,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    jobs: JobsOption = None,
    target: TargetOption = None,
    max_size: MaxSizeOption = None,
) -> None:
    """Report everything incomplete or inconsistent in a case file.

    Findings are grouped by severity with case.yaml:LINE:COL, followed by a summary and the
    list of missing or unusable exhibits to ask the client for.

    Exit 0 when there are no errors (1 with --strict and warnings), 1 on errors,
    3 when the case file cannot be read.

    Several cases: each case's findings, then a summary table; the exit code is the highest.

    Example: packet check examples/medical/case.yaml --format json
    """
    from .. import api
    from ..options import CheckOptions

    chosen_format = choice("--format", output_format, OutputFormat)
    limit_bytes = run(lambda: filing_options(target, max_size))
    options = CheckOptions(
        profiles_dir=profiles,
        allow_outside=allow_outside,
        timeout=timeout,
        target=target,
        max_size=limit_bytes,
    )
    if len(cases) > 1:
        with cases_progress(enabled=sys.stderr.isatty(), verb="Checked") as done:
            outcomes = run(lambda: api.check_many(cases, options, jobs=jobs, done=done))
        if strict:
            from ..many import strictly

            outcomes = strictly(outcomes)
        if chosen_format is not OutputFormat.json:
            show_case_findings(outcomes)
        finish_many(outcomes, chosen_format)
    case = cases[0]
    report = run(lambda: api.check(case, options))
    from ..check.format import format_json, format_text

    if chosen_format is OutputFormat.json:
        typer.echo(format_json(report))
    else:
        typer.echo(format_text(report, str(case)))
    if report.errors or (strict and report.warnings):
        raise typer.Exit(1)


class Labels(StrEnum):
    letters = "letters"
    numbers = "numbers"


@app.command()
def build(
    context: typer.Context,
    cases: CasesArgument,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Where to write the packet (default: <case folder>/build/<case id>-packet.pdf).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing packet.")] = False,
    draft: Annotated[
        bool,
        typer.Option(
            "--draft",
            help="Build even with errors: placeholders for missing exhibits, DRAFT on every page.",
        ),
    ] = False,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="Folder whose templates or packet.css replace the shipped ones by file name.",
        ),
    ] = None,
    labels: Annotated[
        str, choice_option("--labels", Labels, "Tab labels: letters (A, B, ... AA) or numbers.")
    ] = Labels.letters,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar, path or warnings; only errors.")
    ] = False,
    profiles: ProfilesOption = None,
    allow_outside: AllowOutsideOption = False,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    jobs: JobsOption = None,
    output_format: Annotated[
        str,
        choice_option("--format", OutputFormat, "With several cases: the summary as text or json."),
    ] = OutputFormat.text,
    target: TargetOption = None,
    max_size: MaxSizeOption = None,
    per_exhibit: Annotated[
        bool,
        typer.Option(
            "--per-exhibit", help="Also write <id>-exhibits/: one PDF per exhibit, as stamped."
        ),
    ] = False,
    downsample: Annotated[
        int | None,
        typer.Option(
            "--downsample",
            min=50,
            max=1200,
            metavar="DPI",
            help="Resample images placed above 1.5 x DPI to DPI (JPEG; 1-bit stays 1-bit).",
        ),
    ] = None,
    jpeg_quality: Annotated[
        int,
        typer.Option(
            "--jpeg-quality",
            min=1,
            max=95,
            metavar="Q",
            help="With --downsample: the JPEG quality of resampled images.",
        ),
    ] = 75,
) -> None:
    """Build the packet: one indexed, stamped, bookmarked PDF and a manifest beside it.

    Cover letter, index of exhibits, then a tab page and the pages of each letter and
    exhibit. Every page is US Letter and carries its Bates number; exhibit pages also
    "Exhibit B, page 2 of 7". A case with errors is not built (exit 1) unless --draft.

    Several cases: each packet at its default path, built N at a time (-j), then a summary
    table; one case's failure never stops the others; the exit code is the highest.

    Example: packet build examples/medical/case.yaml -o packet.pdf --force
    """
    from .. import api
    from ..options import BuildOptions

    chosen_format = choice("--format", output_format, OutputFormat)
    chosen_labels = choice("--labels", labels, Labels)
    options = BuildOptions(
        output=output,
        force=force,
        draft=draft,
        templates_dir=templates,
        labels=chosen_labels.value,
        profiles_dir=profiles,
        allow_outside=allow_outside,
        timeout=timeout,
        target=target,
        max_size=run(lambda: filing_options(target, max_size)),
        per_exhibit=per_exhibit,
        downsample=downsample,
        jpeg_quality=jpeg_quality,
    )
    if len(cases) > 1:
        with cases_progress(enabled=not quiet and sys.stderr.isatty(), verb="Built") as done:
            outcomes = run(lambda: api.build_many(cases, options, jobs=jobs, done=done))
        finish_many(outcomes, chosen_format)
    case = cases[0]

    # `packet` started the layout worker before the command line was read (cli.main).
    with progress_bar(enabled=not quiet and sys.stderr.isatty()) as progress:
        single = dataclasses.replace(options, progress=progress, layout_worker=context.obj)
        result = run(lambda: api.build(case, single))
    from ..check.format import format_text, printable

    if quiet:
        return
    for finding in result.report.warnings:
        where = (
            f"{case}:{finding.location.line}:{finding.location.column}: "
            if finding.location
            else ""
        )
        typer.echo(printable(f"warning: {where}{finding.code}: {finding.message}"), err=True)
    for note in result.notes:
        typer.echo(printable(f"note: {note.code}: {note.message}"), err=True)
    if result.report.errors:  # a draft: say what is still missing
        typer.echo(format_text(result.report, str(case)), err=True)
    typer.echo(str(result.output))


@app.command()
def proof(
    packet: Annotated[Path, typer.Argument(help="A packet made by packet build.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Where to write the sheet (default <packet>-proof.pdf)."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing file that is not a proof sheet.")
    ] = False,
) -> None:
    """Make a proof sheet: every page of a packet as a thumbnail, 20 to a Letter page, each
    labelled with its page and Bates numbers.

    The first page lists the pages to look at: blank pages, pages whose content covers under
    10% of the page, and landscape pages (a tab page is flagged only when blank). An earlier
    proof sheet at the same path is replaced.

    Example: packet proof examples/medical/build/HP-2026-0142-packet.pdf
    """
    from .. import api

    result = run(lambda: api.proof(packet, output, force=force))
    for page in result.flagged:
        bates = f" ({page.bates})" if page.bates else ""
        typer.echo(f"page {page.number}{bates}: {', '.join(page.flags)}", err=True)
    typer.echo(str(result.output))


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Folder to create for the new case.")],
    parole_type: Annotated[
        str,
        typer.Option("--type", "-t", help="Parole type: a profile name (see `packet profiles`)."),
    ],
    profiles: ProfilesOption = None,
) -> None:
    """Create a folder with a commented case file for a parole type and an empty exhibits/.

    Refuses to overwrite an existing case (exit 4).

    Example: packet init cases/tremblay --type medical
    """
    from .. import api

    today = dt.date.today()  # the command line, not the library, reads the clock
    created = run(lambda: api.init_case(folder, parole_type, date=today, profiles_dir=profiles))
    typer.echo(f"Created {created} and {created.parent / 'exhibits'}/")
    typer.echo(f"Next: fill it in, put the documents in exhibits/, then `packet check {created}`")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the case file (for YAML completion in editors).

    Example: packet schema > case.schema.json
    """
    from .. import api

    typer.echo(run(api.schema_json))


@app.command(name="profiles")
def list_profiles(
    profiles: ProfilesOption = None,
    output_format: Annotated[
        str,
        choice_option(
            "--format", OutputFormat, "text for people; json adds the fees, programs and agencies."
        ),
    ] = OutputFormat.text,
) -> None:
    """List every parole type with what a case of that type must prove, and the source of each
    requirement (official, practice advice, or a house rule of this tool).

    Example: packet profiles --profiles my-firm-profiles/ --format json
    """
    from .. import api
    from ..case.describe import profiles_text, rule_data_json

    chosen_format = choice("--format", output_format, OutputFormat)
    found = run(lambda: api.profiles(profiles))
    text = rule_data_json(found) if chosen_format is OutputFormat.json else profiles_text(found)
    typer.echo(text.rstrip("\n"))


class Lang(StrEnum):
    en = "en"
    es = "es"


@app.command()
def request(
    case: CaseArgument,
    lang: Annotated[
        str, choice_option("--lang", Lang, "Language of the request: en (English) or es (Spanish).")
    ] = Lang.en,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the request to this file: a PDF when it ends in .pdf, else Markdown "
            "(default: Markdown on standard output).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="Folder whose request.md.j2, request.html.j2 or request.css replace the "
            "shipped ones.",
        ),
    ] = None,
    profiles: ProfilesOption = None,
    allow_outside: AllowOutsideOption = False,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
) -> None:
    """Write a plain-language request to the client for the documents still needed.

    Each requirement not yet covered, each file that is missing or cannot be used (damaged,
    locked with a password, too small to read) and each translation still needed, in the
    client's words, by person when others ask with the applicant; then how to send them.
    No legal advice; the disclaimer is given in English and Spanish.

    Exit 0 when the request is written, whatever it lists; 3 when the case file cannot be
    read; 4 when the output exists (without --force) or cannot be written.

    Example: packet request examples/family/case.yaml --lang es -o solicitud.pdf
    """
    from .. import api
    from ..check.format import printable
    from ..options import RequestOptions

    options = RequestOptions(
        profiles_dir=profiles,
        allow_outside=allow_outside,
        timeout=timeout,
        output=output,
        force=force,
        templates_dir=templates,
    )
    language: Language = choice("--lang", lang, Lang).value
    result = run(lambda: api.client_request(case, language, options))
    if result.output is None:
        typer.echo(printable(result.markdown), nl=False)
    else:
        typer.echo(str(result.output))


def run_command_line(worker: LayoutWorker | None = None) -> int:
    """Run the command line; return its exit code. `worker`: a started layout worker for
    `packet build` (cli.main owns it)."""
    try:
        app(prog_name="packet", obj=worker)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0
