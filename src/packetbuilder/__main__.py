"""The `packet` command, also `python -m packetbuilder`.

A build's front matter needs WeasyPrint, which takes half a second to import: for `packet
build` its worker starts here, before even the command-line framework is imported, and the
command picks it up.
"""

from __future__ import annotations

import gc
import sys

from .background import start_renderer

# A command allocates millions of small objects (parsed PDF objects, layout boxes) that nearly
# all live until it ends. At the collector's default thresholds (700, 10, 10) both processes
# of a build walked them hundreds of times: 0.25 s of a 1.5 s build, 0.6 s of a 5,000-page
# one (bench/notes.md). Collecting every 50,000 allocations still frees cycles, in
# milliseconds; peak memory did not change.
GC_THRESHOLDS = (50_000, 20, 100)


def main() -> None:
    """Console-script entry point."""
    gc.set_threshold(*GC_THRESHOLDS)  # before the worker forks: it inherits them
    renderer = start_renderer() if "build" in sys.argv[1:] else None
    from .cli import main as run_command_line

    run_command_line(renderer)


if __name__ == "__main__":
    main()
