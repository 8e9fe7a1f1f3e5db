"""Profiles: what a case of each parole type must prove, kept as YAML data, not code."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..errors import UsageError
from .yaml_errors import explain

# Keys that rules outside the profiles use: a representative's G-28, certified translations, the
# evidence for a claimed exception to the parole fee.
RULE_KEYS = {
    "g28": "Form G-28, notice of entry of appearance of the attorney or representative.",
    "translation_certificate": "Translator's certificate of a complete and accurate translation.",
    "fee_exception": "Evidence for the parole-fee exception claimed in `case.fee_exception`.",
}

SourceKind = Literal["official", "practice", "house"]
Use = Literal["required", "optional", "omit"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class ClientWording(Strict):
    """How a requirement is put to the client, in plain words."""

    en: str
    es: str


class Requirement(Strict):
    """One thing a case of the profile must prove, and where the rule comes from."""

    key: str
    description: str
    severity: Literal["error", "warning"] = "error"
    per_person: bool = False  # to be proved for the applicant and for every beneficiary
    # `requestor_not_self`: only when someone other than the applicant asks (the petitioner)
    when: Literal["always", "requestor_not_self"] = "always"
    source: str = "house rule: no public source found"  # the document and section
    source_kind: SourceKind = "house"  # official text, practice advice, or the tool's own rule
    client: ClientWording | None = None


class LetterSection(Strict):
    """Whether the cover letter must, may or does not carry a text of the case, and its heading."""

    use: Use = "optional"
    heading: str


class Terms(Strict):
    """How the agency names the people: USCIS petitioner and beneficiary; ICE and CBP requester
    and applicant. The case file's keys stay `requestor` and `applicant`."""

    requestor: str = "requester"
    applicant: str = "applicant"
    represented: str = "applicant"  # whom a representative signs for: the G-28's client


Agency = Literal["USCIS", "CBP", "ICE"]
USCIS_ONLY: tuple[Agency, ...] = ("USCIS",)


class FormRule(Strict):
    """A form the case must (error) or should (warning) carry in `forms:`, when it is filed
    with one of `filed_with`."""

    form: str
    per_person: bool = False
    severity: Literal["error", "warning"] = "error"
    when: Literal["always", "representative"] = "always"
    filed_with: list[Agency] = Field(default_factory=lambda: list(USCIS_ONLY))
    source: str
    source_kind: SourceKind = "official"


class Profile(Strict):
    """One parole type: its requirement keys, its limits, its forms and fees, and their sources."""

    name: str
    title: str
    description: str = ""
    basis: str = ""  # what the profile rests on, and how sure that is
    filed_with: Agency = "USCIS"  # the usual agency; `packet init` writes it
    office: str = "USCIS"
    office_address: list[str] = Field(default_factory=list)  # empty: the case must give it
    office_address_note: str = ""  # where the current address is to be found
    max_days: int | None = Field(default=None, gt=0)  # None: no maximum with a source
    max_days_source: str = ""
    letter_max_age_days: int = Field(default=180, gt=0)  # a house rule (no source found)
    why_not_visa: LetterSection = LetterSection(
        use="required", heading="Why no visa or other route is available"
    )
    departure_plan: LetterSection = LetterSection(use="optional", heading="Departure plan")
    forms: list[FormRule] = Field(default_factory=list)  # besides the agency's own (data)
    fees: dict[Agency, list[str]] = Field(default_factory=dict)  # fee ids, by agency
    programs: bool = False  # the case names a program from case/data/programs.yaml
    requirements: list[Requirement] = Field(default_factory=list)


def load_profiles(extra_dir: Path | None = None) -> dict[str, Profile]:
    """The shipped profiles, with those in `extra_dir` added or overriding them by name."""
    profiles: dict[str, Profile] = {}
    shipped = files("packetbuilder.case") / "profiles"
    for entry in sorted(shipped.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".yaml"):
            profile = parse_profile(entry.read_text(encoding="utf-8"), entry.name, shipped=True)
            profiles[profile.name] = profile
    if extra_dir is not None:
        if not extra_dir.is_dir():
            raise UsageError(f"--profiles {extra_dir}: not a folder of profile .yaml files")
        for path in sorted(extra_dir.glob("*.yaml")):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise UsageError(f"profile {path}: cannot be read ({error})") from None
            profile = parse_profile(text, str(path))
            profiles[profile.name] = profile
    return profiles


def parse_profile(text: str, name: str, *, shipped: bool = False) -> Profile:
    """One profile from its YAML text; a broken profile is a usage error naming the file."""
    # libyaml's parser (3x faster) only for the profiles shipped here: a file nested thousands
    # of levels deep crashes it, where the pure-Python parser raises RecursionError.
    yaml = YAML(typ="safe", pure=not shipped)
    try:
        data = yaml.load(text)
        return Profile.model_validate(data)
    except MarkedYAMLError as error:
        problem = explain(error, text)
        raise UsageError(
            f"profile {name}:{problem.line}:{problem.column}: {problem.message}"
        ) from None
    except YAMLError as error:
        shown = str(error).strip().splitlines()
        raise UsageError(
            f"profile {name}: not valid YAML ({shown[0] if shown else error})"
        ) from None
    except RecursionError:
        raise UsageError(f"profile {name}: nested too deeply to be a profile") from None
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise UsageError(f"profile {name}: `{where}`: {first['msg']}") from None


def known_keys(profiles: dict[str, Profile]) -> set[str]:
    """Every requirement key any profile or rule knows; other `proves` keys are likely typos."""
    keys = set(RULE_KEYS)
    for profile in profiles.values():
        keys.update(requirement.key for requirement in profile.requirements)
    return keys
