"""Where a client request is written, and which outputs are refused before anything is made."""

from __future__ import annotations

from pathlib import Path

from ..build.write import outputs
from ..errors import OutputNotWritable


def refuse_request_output(output: Path, inputs: list[Path], *, force: bool) -> None:
    """Refuse an output that would overwrite one of the case's files, that is a folder, or
    that exists without --force (exit 4)."""
    if output.resolve() in {path.resolve() for path in inputs}:
        raise OutputNotWritable(
            f"{output} is one of the case's own files; choose another output path with -o"
        )
    if output.is_dir():
        raise OutputNotWritable(f"{output} is a folder; give a file name (.pdf or .md)")
    if output.exists() and not force:
        raise OutputNotWritable(
            f"{output} already exists; nothing was written (use --force to replace it)"
        )


def write_request(output: Path, data: bytes, *, force: bool) -> None:
    """Write the request to a hidden file beside `output`, then move it into place."""
    with outputs() as staged:
        staged_file = staged.stage(output)
        staged_file.stream.write(data)
        staged.finish(staged_file)
        staged.commit(force=force)
