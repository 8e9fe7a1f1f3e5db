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
    forms_order: Literal["agency", "as_listed"] = Field(
        default="agency",
        description="Forms on top in the agency's order from the profile, or as listed.",
    )
    translations: Literal["with_original", "own_tab"] = Field(
        default="with_original",
        description="A translation follows its original under its tab, or has a tab of its own.",
    )
    fee_exception: Identifier | None = Field(
        default=None, description="The statutory exception to the parole fee claimed."
    )
    program: Identifier | None = Field(
        default=None, description="special_program only: the program's id."
    )


class Passport(Strict):
    number: NonEmptyText
    country: NonEmptyText
    expires: IsoDate


class Person(Strict):
    """What the applicant and each beneficiary share."""

    given_name: NonEmptyText
    family_name: NonEmptyText
    date_of_birth: IsoDate
    citizenship: NonEmptyText
    location: Text | None = Field(default=None, description="Where the person is now.")
    a_number: Text | None = Field(
        default=None, description="A-number: 7 to 9 digits, A, hyphens and spaces allowed."
    )
    passport: Passport | None = None

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class Applicant(Person):
    """The person who would be paroled (USCIS: the beneficiary)."""


class Beneficiary(Person):
    """Another person asking for parole in the same request."""

    id: Identifier
    relationship: NonEmptyText = Field(description="e.g. daughter of the applicant.")


class Requestor(Strict):
    name: NonEmptyText
    relationship: NonEmptyText = Field(description="'self' when the applicant asks.")
    status: Text | None = None
    address: Lines = Field(default_factory=list)


class BarAdmission(Strict):
    number: NonEmptyText
    state: NonEmptyText


class Representative(Strict):
    name: NonEmptyText
    kind: Literal["attorney", "accredited_representative"] = Field(
        default="attorney", description="attorney or accredited_representative."
    )
    firm: Text | None = None
    address: Lines = Field(default_factory=list)
    phone: Text | None = None
    email: Text | None = None
    bar: BarAdmission | None = Field(default=None, description="An attorney's bar admission.")
    eoir_id: Text | None = Field(default=None, description="EOIR ID, if any.")
    signature: Text | None = Field(
        default=None, description="Image of the signature (PNG or JPEG), relative path."
    )


class ReasonSection(Strict):
    heading: NonEmptyText
    text: NonEmptyText


class Reason(Strict):
    summary: NonEmptyText
    narrative: NonEmptyText
    urgency: NonEmptyText
    why_not_visa: NonEmptyText | None = None
    sections: list[ReasonSection] = Field(
        default_factory=list, description="Extra headed sections of the letter, in order."
    )


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


A_NUMBER = re.compile(r"A?[\s-]*(\d(?:[\s-]*\d){6,8})", re.IGNORECASE)


def a_number_digits(text: str) -> str | None:
    """The digits of an A-number (`A` optional, 7 to 9 digits, hyphens and spaces allowed),
    zero-padded to 9; None when `text` is not an A-number."""
    match = A_NUMBER.fullmatch(text.strip())
    if match is None:
        return None
    return re.sub(r"\D", "", match.group(1)).rjust(9, "0")


def a_number_display(text: str) -> str:
    """An A-number as printed: A-012-345-678 (or the text as written if it is none)."""
    digits = a_number_digits(text)
    return f"A-{digits[:3]}-{digits[3:6]}-{digits[6:]}" if digits else text


def one_or_many(value: object) -> object:
    """`about: sofia` or `about: [applicant, sofia]`: always a list."""
    return [value] if isinstance(value, str) else value


class Sourced(Strict):
    """What has files: `file:` or `files:`, exactly one of them."""

    file: Text | None = Field(default=None, description="Path relative to the case folder.")
    files: list[Text] | None = Field(default=None, description="Several files, pages in order.")

    @model_validator(mode="after")
    def _one_source(self) -> Sourced:
        if (self.file is None) == (self.files is None):
            raise ValueError("give exactly one of `file:` or `files:`")
        if self.files is not None and not self.files:
            raise ValueError("`files:` is empty; list at least one file")
        return self

    @property
    def paths(self) -> list[str]:
        return [self.file] if self.file is not None else list(self.files or [])


class Document(Sourced):
    """What letters and exhibits share: an id, a title, files, a language and what it proves."""

    id: Identifier
    title: NonEmptyText
    language: LanguageCode | None = Field(
        default=None, description="Language of the document; default the case's language."
    )
    proves: list[Identifier] = Field(default_factory=list)
    about: Annotated[list[Identifier], BeforeValidator(one_or_many)] = Field(
        default_factory=lambda: ["applicant"],
        description="Whom it concerns: `applicant` or a beneficiary's id, or a list of them.",
    )
    translation: Identifier | None = Field(
        default=None, description="Id of the exhibit that holds the certified translation."
    )
    translation_of: Identifier | None = None
    description: Text | None = None


class Letter(Document):
    author: NonEmptyText
    role: Text | None = None
    date: IsoDate | None = None
    signed: YamlBool


class Exhibit(Document):
    pass


FORM_NAMES = (
    "G-1145",
    "G-28",
    "G-1450",
    "G-1650",
    "G-1651",
    "I-912",
    "I-131",
    "I-134",
    "I-864",
    "other",
)


class Form(Sourced):
    """An official form, placed before the cover letter exactly as it is."""

    id: Identifier
    form: Literal[
        "G-1145", "G-28", "G-1450", "G-1650", "G-1651", "I-912", "I-131", "I-134", "I-864", "other"
    ]
    title: NonEmptyText | None = Field(default=None, description='Default "Form I-131, <person>".')
    person: Identifier = Field(
        default="applicant", description="For a per-person form: `applicant` or a beneficiary id."
    )


class Case(Strict):
    """A whole, valid case file: what `build` works from."""

    version: Literal[1]
    case: CaseInfo
    applicant: Applicant
    beneficiaries: list[Beneficiary] = Field(default_factory=list)
    requestor: Requestor
    representative: Representative | None = None
    reason: Reason
    timeline: Timeline
    forms: list[Form] = Field(default_factory=list)
    letters: list[Letter] = Field(default_factory=list)
    exhibits: list[Exhibit] = Field(default_factory=list)

    @property
    def people(self) -> list[tuple[str, Person]]:
        """The applicant and every beneficiary, by id (the applicant's is `applicant`)."""
        return [("applicant", self.applicant), *((b.id, b) for b in self.beneficiaries)]

    @property
    def documents(self) -> list[Document]:
        """Letters then exhibits: the order of the tabs in the packet."""
        return [*self.letters, *self.exhibits]


YamlPath = tuple[str | int, ...]
DocumentKind = Literal["letter", "exhibit"]


@dataclass(frozen=True)
class DocumentEntry:
    """One entry of `letters:` or `exhibits:` as written, in its place even when invalid.

    `document` is None when the entry failed validation; `title`, `proves` and `about` are
    then what could be read of it, so that the entry keeps its tab (and label) and what it
    claims to prove.
    """

    kind: DocumentKind
    path: YamlPath  # where it stands in the case file, e.g. ("exhibits", 3)
    id: str
    title: str
    document: Letter | Exhibit | None
    proves: tuple[str, ...] = ()
    about: tuple[str, ...] = ("applicant",)

    @property
    def valid(self) -> bool:
        return self.document is not None


@dataclass(frozen=True)
class FormEntry:
    """One entry of `forms:` as written, in its place even when invalid."""

    path: YamlPath
    id: str
    name: str  # the form: I-131, G-28...
    person: str
    form: Form | None


@dataclass(frozen=True)
class PartialCase:
    """A case file as far as it is valid: sections that failed validation are None."""

    case: CaseInfo | None
    applicant: Applicant | None
    requestor: Requestor | None
    representative: Representative | None
    reason: Reason | None
    timeline: Timeline | None
    beneficiaries: list[Beneficiary] = field(default_factory=list)  # the valid ones
    person_ids: tuple[str, ...] = ("applicant",)  # every person's id, valid or not
    forms: list[FormEntry] = field(default_factory=list)
    entries: list[DocumentEntry] = field(default_factory=list)

    @property
    def broken_sections(self) -> tuple[str, ...]:
        """The required sections that are missing or invalid."""
        return tuple(name for name in REQUIRED_SECTIONS if getattr(self, name) is None)

    @property
    def people(self) -> list[tuple[str, Person]]:
        """The persons that are valid, by id (the applicant's is `applicant`)."""
        found: list[tuple[str, Person]] = []
        if self.applicant is not None:
            found.append(("applicant", self.applicant))
        return found + [(b.id, b) for b in self.beneficiaries]

    def complete(self) -> Case | None:
        """The whole case (valid entries only), or None while a required section is broken."""
        if self.broken_sections:
            return None
        return Case.model_construct(
            version=1,
            case=self.case,
            applicant=self.applicant,
            beneficiaries=self.beneficiaries,
            requestor=self.requestor,
            representative=self.representative,
            reason=self.reason,
            timeline=self.timeline,
            forms=[entry.form for entry in self.forms if entry.form is not None],
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
OPTIONAL_SECTIONS = {"representative", "beneficiaries", "forms", "letters", "exhibits"}
