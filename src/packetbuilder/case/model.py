"""The case file, version 1, as pydantic models (the contract is docs/case-format.md).

`Case` is a whole, valid case; `PartialCase` is what the loader makes of any case file, with
the sections that failed validation left out (None) and every letter and exhibit entry kept in
its place, valid or not.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CITATION = re.compile(r"\[\[\s*([^\[\]\s]+)\s*\]\]")  # [[id]] in the reason and timeline
YAML_TRUE = {"true", "True", "TRUE"}
YAML_FALSE = {"false", "False", "FALSE"}


def parse_iso_date(value: object) -> object:
    """Accept only YYYY-MM-DD (strings as the loader keeps them, or date objects)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise PydanticCustomError(
            "invalid_date",
            "expected a date written YYYY-MM-DD, like 2026-11-20; got {value}",
            {"value": repr(value)},
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "invalid_date", "{value} is not a real calendar date", {"value": value}
        ) from None


def parse_yaml_bool(value: object) -> object:
    """Accept only YAML 1.2 booleans: true or false (`yes`, `on`, `NO` are text, not answers)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value in YAML_TRUE:
        return True
    if isinstance(value, str) and value in YAML_FALSE:
        return False
    raise PydanticCustomError(
        "invalid_bool", "expected true or false; got {value}", {"value": repr(value)}
    )


def require_text(value: object) -> object:
    """Refuse lists and mappings where text is expected (the loader keeps scalars as text)."""
    if isinstance(value, dict | list):
        raise ValueError(
            "expected text, not a " + ("mapping" if isinstance(value, dict) else "list")
        )
    return value


IsoDate = Annotated[dt.date, BeforeValidator(parse_iso_date)]
YamlBool = Annotated[bool, BeforeValidator(parse_yaml_bool)]
Text = Annotated[str, BeforeValidator(require_text), StringConstraints(strip_whitespace=True)]
NonEmptyText = Annotated[
    str, BeforeValidator(require_text), StringConstraints(strip_whitespace=True, min_length=1)
]
Identifier = Annotated[
    str,
    BeforeValidator(require_text),
    StringConstraints(pattern=r"^[A-Za-z0-9_-]+$", min_length=1, max_length=64),
]
LanguageCode = Annotated[
    str,
    BeforeValidator(require_text),
    StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"),
]
Lines = list[Text]


REASON_TEXTS = ("summary", "narrative", "urgency", "why_not_visa")  # the reason's texts


class Strict(BaseModel):
    """Base of every section: unknown keys are errors, since a typo must never be ignored.

    Validators are built when first used: the render worker only unpickles these models.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class CaseInfo(Strict):
    id: Identifier = Field(description="Case id: letters, digits, '-' and '_' only.")
    parole_type: Identifier = Field(
        description="Profile name, e.g. medical; see `packet profiles`."
    )
    filed_with: Literal["USCIS", "CBP", "ICE"] = Field(description="Agency that decides.")
    office: NonEmptyText = Field(description="Addressee of the cover letter.")
    office_address: Lines = Field(default_factory=list, description="Address lines of the office.")
    date: IsoDate = Field(description="Date of the cover letter; also the PDF's dates.")
    bates_prefix: Identifier | None = Field(
        default=None, description="Bates number prefix; default derived from case.id."
    )
    language: LanguageCode = Field(default="en", description="Language of the packet.")


class Passport(Strict):
    number: NonEmptyText
    country: NonEmptyText
    expires: IsoDate


class Applicant(Strict):
    given_name: NonEmptyText
    family_name: NonEmptyText
    date_of_birth: IsoDate
    citizenship: NonEmptyText
    location: Text | None = None
    a_number: Text | None = Field(default=None, description="A followed by 8 or 9 digits.")
    passport: Passport | None = None

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class Requestor(Strict):
    name: NonEmptyText
    relationship: NonEmptyText = Field(description="'self' when the applicant asks.")
    status: Text | None = None
    address: Lines = Field(default_factory=list)


class Representative(Strict):
    name: NonEmptyText
    firm: Text | None = None
    address: Lines = Field(default_factory=list)
    phone: Text | None = None
    email: Text | None = None


class Reason(Strict):
    summary: NonEmptyText
    narrative: NonEmptyText
    urgency: NonEmptyText
    why_not_visa: NonEmptyText


class Event(Strict):
    date: IsoDate
    what: NonEmptyText
    exhibits: list[Identifier] = Field(default_factory=list)


class Timeline(Strict):
    requested_start: IsoDate
    requested_end: IsoDate
    events: list[Event] = Field(default_factory=list)
    departure_plan: Text | None = None

    @property
    def requested_days(self) -> int:
        """Length of the requested period, both the first and the last day counted."""
        return (self.requested_end - self.requested_start).days + 1


class Document(Strict):
    """What letters and exhibits share: an id, a title, files, a language and what it proves."""

    id: Identifier
    title: NonEmptyText
    file: Text | None = Field(default=None, description="Path relative to the case folder.")
    files: list[Text] | None = Field(default=None, description="Several files, pages in order.")
    language: LanguageCode | None = Field(
        default=None, description="Language of the document; default the case's language."
    )
    proves: list[Identifier] = Field(default_factory=list)
    translation: Identifier | None = Field(
        default=None, description="Id of the exhibit that holds the certified translation."
    )
    translation_of: Identifier | None = None
    description: Text | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Document:
        if (self.file is None) == (self.files is None):
            raise ValueError("give exactly one of `file:` or `files:`")
        if self.files is not None and not self.files:
            raise ValueError("`files:` is empty; list at least one file")
        return self

    @property
    def paths(self) -> list[str]:
        return [self.file] if self.file is not None else list(self.files or [])


class Letter(Document):
    author: NonEmptyText
    role: Text | None = None
    date: IsoDate | None = None
    signed: YamlBool


class Exhibit(Document):
    pass


class Case(Strict):
    """A whole, valid case file: what `build` works from."""

    version: Literal[1]
    case: CaseInfo
    applicant: Applicant
    requestor: Requestor
    representative: Representative | None = None
    reason: Reason
    timeline: Timeline
    letters: list[Letter] = Field(default_factory=list)
    exhibits: list[Exhibit] = Field(default_factory=list)

    @property
    def documents(self) -> list[Document]:
        """Letters then exhibits: the order of the tabs in the packet."""
        return [*self.letters, *self.exhibits]


YamlPath = tuple[str | int, ...]
DocumentKind = Literal["letter", "exhibit"]


@dataclass(frozen=True)
class DocumentEntry:
    """One entry of `letters:` or `exhibits:` as written, in its place even when invalid.

    `document` is None when the entry failed validation; `title` and `proves` are then what
    could be read of it, so that the entry keeps its tab (and label) and what it claims to prove.
    """

    kind: DocumentKind
    path: YamlPath  # where it stands in the case file, e.g. ("exhibits", 3)
    id: str
    title: str
    document: Letter | Exhibit | None
    proves: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        return self.document is not None


@dataclass(frozen=True)
class PartialCase:
    """A case file as far as it is valid: sections that failed validation are None."""

    case: CaseInfo | None
    applicant: Applicant | None
    requestor: Requestor | None
    representative: Representative | None
    reason: Reason | None
    timeline: Timeline | None
    entries: list[DocumentEntry] = field(default_factory=list)

    @property
    def broken_sections(self) -> tuple[str, ...]:
        """The required sections that are missing or invalid."""
        return tuple(name for name in REQUIRED_SECTIONS if getattr(self, name) is None)

    def complete(self) -> Case | None:
        """The whole case (valid letters and exhibits only), or None while a section is broken."""
        if self.broken_sections:
            return None
        return Case.model_construct(
            version=1,
            case=self.case,
            applicant=self.applicant,
            requestor=self.requestor,
            representative=self.representative,
            reason=self.reason,
            timeline=self.timeline,
            letters=[e.document for e in self.entries if isinstance(e.document, Letter)],
            exhibits=[e.document for e in self.entries if isinstance(e.document, Exhibit)],
        )


REQUIRED_SECTIONS = ("case", "applicant", "requestor", "reason", "timeline")
SECTION_MODELS: dict[str, type[BaseModel]] = {
    "case": CaseInfo,
    "applicant": Applicant,
    "requestor": Requestor,
    "representative": Representative,
    "reason": Reason,
    "timeline": Timeline,
}
OPTIONAL_SECTIONS = {"representative", "letters", "exhibits"}
