"""One options object per command, passed whole through the stages: a new option is one field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .limits import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from .build.worker import LayoutWorker

LabelStyle = Literal["letters", "numbers"]
Progress = Callable[[str, int, int], None]
"""Called as `progress(stage, done, total)` while a build runs (for a progress bar)."""


@dataclass(frozen=True)
class CheckOptions:
    """How `packet check` reads a case."""

    profiles_dir: Path | None = None  # profiles that add to or override the shipped ones
    allow_outside: bool = False  # accept exhibit files outside the case folder
    labels: LabelStyle = "letters"  # tab labels A, B, C or 1, 2, 3
    timeout: float | None = DEFAULT_TIMEOUT  # seconds to read or convert one file
    target: str | None = None  # where it is filed: mail, uscis-online, ecas (case/data)
    max_size: int | None = None  # bytes per file; sets or overrides the target's limit


@dataclass(frozen=True)
class BuildOptions(CheckOptions):
    """How `packet build` checks a case and writes its packet.

    `layout_worker`: the front matter is laid out in this process unless a started
    `LayoutWorker` is given; the worker then lays it out on another core while this process
    merges the exhibits. The caller owns the worker: `build` uses it and never closes it.
    """

    output: Path | None = None  # default <case folder>/build/<case id>-packet.pdf
    force: bool = False  # replace an existing packet
    draft: bool = False  # build even with errors: placeholders and a DRAFT mark
    templates_dir: Path | None = None  # templates that replace the shipped ones by file name
    per_exhibit: bool = False  # also write <id>-exhibits/: one PDF per exhibit, as stamped
    downsample: float | None = None  # resample images placed above 1.5 x this many dpi to it
    jpeg_quality: int = 75  # of the images --downsample writes as JPEG
    progress: Progress | None = None
    layout_worker: LayoutWorker | None = None


@dataclass(frozen=True)
class RequestOptions(CheckOptions):
    """How `packet request` checks a case and writes the client's document request."""

    output: Path | None = None  # None: Markdown returned; a name ending in .pdf: a PDF
    force: bool = False  # replace an existing file
    templates_dir: Path | None = None  # templates that replace the shipped ones by file name
