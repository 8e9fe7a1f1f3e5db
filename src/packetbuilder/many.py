"""Several cases at once: each checked or built in a worker process, one case's failure never
stopping the others, outcomes returned in the order the cases were given.

Concurrency lives here and only here: `run_cases` owns the executor. Each worker pays the
interpreter's start-up and the imports once, then takes case after case; a worker process
is started by `spawn`, never forked from the caller (whose threads and state it must not
inherit).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import BrokenExecutor, Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from .errors import ExitCode, PacketError
from .options import BuildOptions, CheckOptions

Result = Literal["ok", "warnings", "errors", "unreadable", "not written", "failed"]
CaseDone = Callable[[int, int], None]
"""Called as `done(finished, total)` each time a case finishes (for a progress display)."""


@dataclass(frozen=True)
class CaseOutcome:
    """What became of one case: the summary table's row, and the exit code it alone gives."""

    case: Path
    case_id: str | None
    result: Result
    exit_code: int
    errors: int = 0
    warnings: int = 0
    pages: int | None = None  # check: pages of the files; build: pages of the packet
    size: int | None = None  # check: bytes of the files; build: bytes of the packet
    output: Path | None = None
    message: str | None = None  # why it failed, in one line
    report: dict[str, object] | None = None  # check: the contract's JSON object of the case
    report_text: str | None = None  # check: the findings as `packet check` prints them


def check_outcome(case: Path, options: CheckOptions) -> CaseOutcome:
    """Check one case; every failure becomes the outcome, never an exception."""
    from . import api
    from .check.format import format_text, report_json

    try:
        report = api.check(case, options)
    except PacketError as error:
        return failed(case, error)
    except Exception as error:  # a bug in one case must not stop the others
        return internal_error(case, error)
    files = [
        source
        for files in [*(form.files for form in report.forms), *(d.files for d in report.documents)]
        for source in files
        if source.usable
    ]
    return CaseOutcome(
        case=case,
        case_id=report.case_id,
        result="errors" if report.errors else "warnings" if report.warnings else "ok",
        exit_code=ExitCode.CASE_HAS_ERRORS if report.errors else ExitCode.OK,
        errors=len(report.errors),
        warnings=len(report.warnings),
        pages=sum(source.pages or 0 for source in files),
        size=sum(source.size or 0 for source in files),
        report=report_json(report),
        report_text=format_text(report, str(case)),
    )


def build_outcome(case: Path, options: BuildOptions) -> CaseOutcome:
    """Build one case's packet at its default path; every failure becomes the outcome."""
    from . import api
    from .errors import CaseHasErrors

    try:
        built = api.build(case, options)
    except CaseHasErrors as error:
        outcome = failed(case, error)
        return replace(
            outcome,
            case_id=error.report.case_id,
            errors=len(error.report.errors),
            warnings=len(error.report.warnings),
        )
    except PacketError as error:
        return failed(case, error)
    except Exception as error:
        return internal_error(case, error)
    return CaseOutcome(
        case=case,
        case_id=built.report.case_id,
        result="warnings" if built.report.warnings else "ok",
        exit_code=ExitCode.OK,
        errors=len(built.report.errors),  # a draft's
        warnings=len(built.report.warnings),
        pages=built.pages,
        size=output_size(built.output),
        output=built.output,
    )


def output_size(output: Path) -> int:
    """Bytes of a packet, or of its parts when it is a folder of parts."""
    if output.is_dir():
        return sum(path.stat().st_size for path in output.glob("*.pdf"))
    return output.stat().st_size


RESULT_OF_CODE: dict[int, Result] = {
    ExitCode.CASE_HAS_ERRORS: "errors",
    ExitCode.CASE_FILE_UNREADABLE: "unreadable",
    ExitCode.OUTPUT_NOT_WRITABLE: "not written",
}


def failed(case: Path, error: PacketError) -> CaseOutcome:
    """A case the library refused: its exit code and one-line message."""
    code = int(error.exit_code)
    return CaseOutcome(case, None, RESULT_OF_CODE.get(code, "failed"), code, message=error.message)


def internal_error(case: Path, error: Exception) -> CaseOutcome:
    """A bug met on one case, said in one line with where it happened."""
    where = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
    at = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
    return CaseOutcome(
        case,
        None,
        "failed",
        ExitCode.INTERNAL,
        message=f"internal error ({type(error).__name__}: {error}{at})",
    )


def process_init() -> None:
    """In each worker: Ctrl-C is the parent's to handle (it stops the pool), not each worker's."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_cases(
    task: Callable[[Path, BuildOptions], CaseOutcome] | Callable[[Path, CheckOptions], CaseOutcome],
    cases: Sequence[Path],
    options: CheckOptions,
    *,
    jobs: int | None = None,
    done: CaseDone | None = None,
    executor: Executor | None = None,
) -> list[CaseOutcome]:
    """Run `task` on every case in `jobs` worker processes (default: one per core), or on the
    given executor; outcomes in the order of `cases`."""
    if executor is None:
        workers = max(1, min(jobs or os.cpu_count() or 1, len(cases)))
        with ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn"), initializer=process_init
        ) as pool:
            return run_cases(task, cases, options, done=done, executor=pool)
    futures = [executor.submit(task, case, options) for case in cases]  # type: ignore[arg-type]
    try:
        for finished, _ in enumerate(as_completed(futures), start=1):
            if done is not None:
                done(finished, len(cases))
    except KeyboardInterrupt:  # the cases not started are not started; the running ones end
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    return [outcome_of(future, case) for future, case in zip(futures, cases, strict=True)]


def outcome_of(future: Future[CaseOutcome], case: Path) -> CaseOutcome:
    """The case's outcome, or `failed` when its worker process died (a crash in native code,
    the out-of-memory killer): the other cases' outcomes stand."""
    try:
        return future.result()
    except BrokenExecutor:
        return CaseOutcome(
            case,
            None,
            "failed",
            ExitCode.INTERNAL,
            message="the process working on this case stopped (it crashed or ran out of "
            "memory); run it alone to see why",
        )


def strictly(outcomes: Sequence[CaseOutcome]) -> list[CaseOutcome]:
    """`--strict`: a case with warnings exits 1, as one case alone does."""
    return [
        replace(outcome, exit_code=max(outcome.exit_code, ExitCode.CASE_HAS_ERRORS))
        if outcome.warnings
        else outcome
        for outcome in outcomes
    ]


# --- the summary ------------------------------------------------------------------------------

SUMMARY_COLUMNS = ("case", "errors", "warnings", "pages", "size", "result", "output")


def highest_exit_code(outcomes: Sequence[CaseOutcome]) -> int:
    """The exit code of a run of several cases: the highest of theirs."""
    return max((outcome.exit_code for outcome in outcomes), default=0)


def summary_rows(outcomes: Sequence[CaseOutcome]) -> list[tuple[str, ...]]:
    """The summary table as text cells, its header first."""
    rows: list[tuple[str, ...]] = [SUMMARY_COLUMNS]
    for outcome in outcomes:
        rows.append(
            (
                str(outcome.case),
                str(outcome.errors),
                str(outcome.warnings),
                "" if outcome.pages is None else f"{outcome.pages:,}",
                "" if outcome.size is None else human_size(outcome.size),
                outcome.result,
                str(outcome.output) if outcome.output else short_message(outcome),
            )
        )
    return rows


def short_message(outcome: CaseOutcome) -> str:
    """The failure's message without the case file's path, which the row already names."""
    message = outcome.message or ""
    return message.removeprefix(str(outcome.case)).lstrip(": ") or message


def summary_text(outcomes: Sequence[CaseOutcome]) -> str:
    """The summary as plain aligned columns (for files, pipes and logs)."""
    rows = summary_rows(outcomes)
    widths = [max(len(row[column]) for row in rows) for column in range(len(SUMMARY_COLUMNS) - 1)]
    numeric = {1, 2, 3, 4}
    lines = []
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in numeric and row is not rows[0] else cell.ljust(widths[i])
            for i, cell in enumerate(row[:-1])
        ]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    failed_cases = sum(1 for outcome in outcomes if outcome.exit_code)
    lines.append(f"{len(outcomes)} cases, {failed_cases} with errors or not done")
    return "\n".join(lines)


def summary_json(outcomes: Sequence[CaseOutcome]) -> str:
    """The summary as one JSON object: a row per case (with check's report) and the exit code."""
    return json.dumps(
        {
            "cases": [
                {
                    "case": str(outcome.case),
                    "id": outcome.case_id,
                    "errors": outcome.errors,
                    "warnings": outcome.warnings,
                    "pages": outcome.pages,
                    "size": outcome.size,
                    "result": outcome.result,
                    "exit_code": outcome.exit_code,
                    "output": str(outcome.output) if outcome.output else None,
                    "message": outcome.message,
                    **({"report": outcome.report} if outcome.report is not None else {}),
                }
                for outcome in outcomes
            ],
            "exit_code": highest_exit_code(outcomes),
        },
        indent=2,
        ensure_ascii=False,
    )


def human_size(size: int) -> str:
    """Bytes as a person reads them: 812 KB, 5.6 MB (decimal, as filing limits are given)."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000)) if size else 0} KB"
    return f"{size / 1_000_000:.1f} MB"
