"""A representative files a Form G-28 on top of the request, signs as what they are, and gives
their bar number."""

from __future__ import annotations

from PIL import Image, UnidentifiedImageError

from ...paths import is_inside
from ..context import CheckContext
from .forms import forms_for

SIGNATURE_KINDS = ("PNG", "JPEG")


def rule_representative(context: CheckContext) -> None:
    """`g28-missing`, `g28-as-exhibit`, `bar-number-missing`, `signature-unusable`."""
    representative = context.case.representative
    if representative is None:
        return
    as_exhibit = [report for report in context.documents if "g28" in report.entry.proves]
    if not forms_for(context, "G-28"):
        if as_exhibit:
            report = as_exhibit[0]
            context.findings.warning(
                "g28-as-exhibit",
                f"exhibit `{report.id}` is the Form G-28; a G-28 goes on top of the filing, not "
                "among the evidence: move it under `forms:` with `form: G-28`",
                exhibit=report.id,
                at=context.at(*report.path, "id"),
            )
        else:
            context.findings.warning(
                "g28-missing",
                f"`representative` {representative.name} is named but no Form G-28 is among the "
                "forms; add the G-28 signed by the representative and the client under `forms:` "
                "with `form: G-28` (Form G-28 instructions)",
                at=context.key_at("representative"),
            )
    if representative.kind == "attorney" and representative.bar is None:
        context.findings.warning(
            "bar-number-missing",
            f"`representative` {representative.name} is an attorney without a bar admission; "
            "add `bar: {number: ..., state: ...}` so that the signature block gives it",
            at=context.key_at("representative"),
        )
    if representative.signature is not None:
        problem = signature_problem(context, representative.signature)
        if problem:
            context.findings.error(
                "signature-unusable",
                f"`representative.signature` {representative.signature}: {problem}",
                at=context.at("representative", "signature"),
            )


def signature_problem(context: CheckContext, written: str) -> str | None:
    """Why the signature image cannot be used, or None."""
    folder = context.loaded.folder.resolve()
    path = (folder / written).resolve()
    if not is_inside(path, folder):
        return "is outside the case folder; copy the image into it"
    if not path.is_file():
        return "not found; put the image there or correct the path"
    try:
        with Image.open(path) as image:
            kind = image.format
    except (UnidentifiedImageError, OSError):
        kind = None
    if kind not in SIGNATURE_KINDS:
        return "is not a PNG or JPEG image; scan the signature as PNG or JPEG"
    return None
