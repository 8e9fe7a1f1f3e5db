"""The `packet` command, also `python -m packetbuilder`.

A build's front matter needs WeasyPrint, which takes half a second to import: for `packet
build` its worker starts here, before even the command-line framework is imported, and the
command picks it up.
"""

from __future__ import annotations

import sys

from .background import start_renderer


def main() -> None:
    """Console-script entry point."""
    renderer = start_renderer() if "build" in sys.argv[1:] else None
    from .cli import main as run_command_line

    run_command_line(renderer)


if __name__ == "__main__":
    main()
