"""The `packet` command. `main` owns the process: it decides whether a layout worker should
start (only `packet build` lays anything out), starts it before the command-line framework is
even imported, hands it to the command, and stops it at the end.

The commands themselves (`commands.py`) only wire options to one library call each.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..build.worker import LayoutWorker

# A command allocates millions of small objects (parsed PDF objects, layout boxes) that nearly
# all live until it ends. At the collector's default thresholds (700, 10, 10) both processes
# of a build walked them hundreds of times: 0.25 s of a 1.5 s build, 0.6 s of a 5,000-page
# one (bench/notes.md). Collecting every 50,000 allocations still frees cycles, in
# milliseconds; peak memory did not change. The command sets it; the library never does.
GC_THRESHOLDS = (50_000, 20, 100)
LAYOUT_COMMANDS = {"build"}  # the commands that lay out front matter
# The options of `packet build` that take a value (a test checks this against the command):
# the word after one of them is not a case file.
VALUE_OPTIONS = {"-o", "--output", "--templates", "--labels", "--profiles", "--timeout", "-j"}
VALUE_OPTIONS |= {"--jobs", "--format", "--target", "--max-size"}
VALUE_OPTIONS |= {"--downsample", "--jpeg-quality"}


def command_name(arguments: list[str]) -> str | None:
    """The command named on the command line (its first word that is not an option)."""
    return next((word for word in arguments if not word.startswith("-")), None)


def case_count(arguments: list[str]) -> int:
    """How many case files the command line after the command's name gives."""
    words = arguments[arguments.index(command_name(arguments) or "") + 1 :]
    count, skip = 0, False
    for word in words:
        if skip:
            skip = False
        elif word == "--":
            return count + len(words) - words.index("--") - 1
        elif word.startswith("-"):
            skip = word in VALUE_OPTIONS  # `--output=x` carries its own value
        else:
            count += 1
    return count


def interrupted(signum: int, frame: object) -> None:
    """SIGTERM's handler: raise KeyboardInterrupt where the command is."""
    raise KeyboardInterrupt


def main() -> None:
    """Console-script entry point: run the command line and exit with its code."""
    gc.set_threshold(*GC_THRESHOLDS)  # before a worker forks: it inherits them
    # SIGTERM (a job stopped, a container shut down) ends the command as Ctrl-C does: cleanly,
    # with its temporary files removed and the previous packet left in place.
    signal.signal(signal.SIGTERM, interrupted)
    worker: LayoutWorker | None = None
    # One case only: several are built in worker processes that lay out their own.
    if command_name(sys.argv[1:]) in LAYOUT_COMMANDS and case_count(sys.argv[1:]) == 1:
        from ..build.worker import LayoutWorker

        # WeasyPrint's import (half a second) overlaps this process's imports and the check.
        worker = LayoutWorker.start()
    try:
        from .commands import run_command_line

        code = run_command_line(worker)
    finally:
        if worker is not None:
            worker.close()
    # Every file is written and closed by now: leave without the interpreter's teardown,
    # which spends a third of a second freeing the objects of a large packet one by one.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def __getattr__(name: str) -> Any:
    """`packetbuilder.cli.app`, the typer application, imported when first asked for."""
    if name == "app":
        from .commands import app

        return app
    raise AttributeError(name)
