"""What every rule reads: the case, where things are in the file, the profiles, the tabs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from ..build.size import FilingLimit
from ..case.load import LoadedCase
from ..case.model import PartialCase
from ..case.profiles import Profile
from ..findings import FindingList, Location
from ..report import DocumentReport, FormReport


@dataclass
class CheckContext:
    """The case as loaded, its profiles and its tabs; rules add to `findings`."""

    loaded: LoadedCase
    profiles: dict[str, Profile]
    documents: list[DocumentReport]
    forms: list[FormReport] = field(default_factory=list)
    findings: FindingList = field(default_factory=FindingList)
    limit: FilingLimit | None = None  # the per-file limit of --target / --max-size

    @property
    def case(self) -> PartialCase:
        return self.loaded.case

    def at(self, *path: str | int) -> Location:
        """Where the value at `path` is (or the nearest enclosing one)."""
        return self.loaded.positions.value(path)

    def key_at(self, *path: str | int) -> Location:
        """Where the key that introduces `path` is."""
        return self.loaded.positions.key(path)

    @property
    def profile(self) -> Profile | None:
        info = self.case.case
        return self.profiles.get(info.parole_type) if info else None

    @property
    def case_date(self) -> dt.date | None:
        return self.case.case.date if self.case.case else None

    def document_ids(self) -> set[str]:
        """Every letter and exhibit id, of valid and invalid entries alike."""
        return {report.id for report in self.documents}


Rule = Callable[[CheckContext], None]


def noun(report: DocumentReport) -> str:
    """'letter' or 'exhibit', for messages."""
    return "letter" if report.is_letter else "exhibit"
