"""Rule data shipped with the tool, with their sources: fees, special programs, filing targets.

Amounts, dates and statuses change; they live in YAML beside this module (`case/data/`), never
in code. A figure that only a secondary source gives says so (`verify: true`), and the tool
then tells the user to verify it before filing.
"""

from __future__ import annotations

import datetime as dt
import functools
from importlib.resources import files
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from ruamel.yaml import YAML

from .profiles import Agency, FormRule, Terms

SourceKind = Literal["official", "secondary"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Fee(Strict):
    """One fee a case may owe: how much, when and how it is paid, and where that is written."""

    id: str
    name: str
    amount_usd: int
    amount_note: str = ""  # "at least", "per person"...
    per_person: bool = False
    when: str  # "at filing", "when parole is granted"
    how: str
    source: str
    source_kind: SourceKind
    effective: dt.date | None = None  # None: no effective date found
    verify: bool = False  # only a secondary source gives the figure: verify before filing
    paid_with_request: bool = True  # False: never send it with the request (the parole fee)


class FeeException(Strict):
    """A statutory exception to the parole fee that a case may claim (`case.fee_exception`)."""

    id: str
    name: str
    basis: str  # "8 U.S.C. 1804(b)(1)"
    description: str


class FeeData(Strict):
    fees: list[Fee]
    exceptions: list[FeeException]
    payment_note: str = ""
    payment_source: str = ""


class AgencyRules(Strict):
    """What one agency expects of every parole request: its words for the people, the order
    of the forms on top, and the forms it asks of every case."""

    name: str
    terms: Terms
    forms_order: list[str]
    forms: list[FormRule] = Field(default_factory=list)
    payment_forms: list[str] = Field(default_factory=list)  # how a fee paid with it is paid


class AgencyData(Strict):
    agencies: dict[Agency, AgencyRules]


class Program(Strict):
    """A special parole program and its status, with the date and source of that status."""

    id: str
    name: str
    status: Literal["open", "paused", "closed"]
    since: dt.date
    source: str
    note: str = ""
    verify: bool = False


class ProgramData(Strict):
    programs: list[Program]


class Target(Strict):
    """A channel a packet is filed through, and its per-file limit."""

    id: str
    name: str
    max_bytes: int | None  # decimal bytes; None: no published limit
    per_exhibit: bool = False  # evidence is uploaded one exhibit at a time
    source: str
    source_kind: Literal["official", "secondary", "house"]
    verify: bool = False  # only a secondary source gives the figure


class TargetData(Strict):
    targets: list[Target]


def read_data(name: str) -> object:
    """A YAML file of case/data/ as plain data."""
    text = (files("packetbuilder.case") / "data" / name).read_text(encoding="utf-8")
    return YAML(typ="safe").load(text)


@functools.cache
def fee_data() -> FeeData:
    """The fees, the parole fee's exceptions and the payment forms."""
    return FeeData.model_validate(read_data("fees.yaml"))


@functools.cache
def program_data() -> ProgramData:
    """The special parole programs and their status."""
    return ProgramData.model_validate(read_data("programs.yaml"))


@functools.cache
def agency_data() -> AgencyData:
    """What each agency expects of every request."""
    return AgencyData.model_validate(read_data("agencies.yaml"))


def agency_rules(agency: Agency) -> AgencyRules:
    """One agency's rules."""
    return agency_data().agencies[agency]


@functools.cache
def target_data() -> TargetData:
    """The filing targets and their limits."""
    return TargetData.model_validate(read_data("targets.yaml"))


def filing_target(target_id: str) -> Target:
    """One target by its id (UsageError naming the known ones)."""
    from ..errors import UsageError

    for target in target_data().targets:
        if target.id == target_id:
            return target
    known = ", ".join(target.id for target in target_data().targets)
    raise UsageError(f"--target {target_id}: choose one of {known}")
