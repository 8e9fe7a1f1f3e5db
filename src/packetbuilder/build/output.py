"""Where a build's files go, and which outputs are refused before anything is built."""

from __future__ import annotations

from pathlib import Path

from ..errors import OutputNotWritable, UsageError


def default_output(case_folder: Path, case_id: str, *, draft: bool) -> Path:
    """<case folder>/build/<case id>-packet.pdf (…-packet-DRAFT.pdf for a draft)."""
    return case_folder / "build" / f"{case_id}-packet{'-DRAFT' if draft else ''}.pdf"


def manifest_path(output: Path, case_id: str, *, draft: bool, default: bool) -> Path:
    """The manifest beside the packet: <case id>-manifest.json (…-manifest-DRAFT.json for a
    draft) at the default path; named after the packet otherwise (tremblay.pdf gives
    tremblay-manifest.json), so that two packets of one case never share a manifest."""
    if default:
        return output.parent / f"{case_id}-manifest{'-DRAFT' if draft else ''}.json"
    return output.with_name(f"{output.stem}-manifest.json")


def refuse_unsafe_output(output: Path, manifest: Path, inputs: list[Path], *, force: bool) -> None:
    """Refuse an output that would overwrite an input (exit 4), that is not a .pdf (exit 2),
    or that exists without --force (exit 4)."""
    resolved_inputs = {path.resolve() for path in inputs}
    for target in (output, manifest):
        if target.resolve() in resolved_inputs:
            raise OutputNotWritable(
                f"{target} is one of the case's own files; choose another output path with -o"
            )
    if output.suffix.lower() != ".pdf":
        raise UsageError(f"-o {output}: the packet's name must end in .pdf")
    try:
        str(output.resolve()).encode("utf-8")
    except UnicodeEncodeError:
        shown = str(output).encode("utf-8", "backslashreplace").decode("utf-8")
        raise UsageError(
            f"-o {shown}: the path is not valid UTF-8 text; choose a name made of ordinary "
            "characters"
        ) from None
    if output.is_dir():
        raise OutputNotWritable(f"{output} is a folder; give a file name ending in .pdf")
    for target in (output, manifest):
        if target.exists() and not force:
            raise OutputNotWritable(
                f"{target} already exists; nothing was written (use --force to replace it)"
            )
