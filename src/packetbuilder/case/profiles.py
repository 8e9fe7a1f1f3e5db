"""Profiles: what a case of each parole type must prove, kept as YAML data, not code."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ..errors import UsageError

# Keys that rules outside the profiles use: a representative's G-28 and certified translations.
RULE_KEYS = {
    "g28": "Form G-28, notice of entry of appearance of the attorney or representative.",
    "translation_certificate": "Translator's certificate of a complete and accurate translation.",
}


class Requirement(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    key: str
    description: str
    severity: Literal["error", "warning"] = "error"


class Profile(BaseModel):
    """One parole type: its requirement keys and its limits."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    name: str
    title: str
    description: str = ""
    filed_with: Literal["USCIS", "CBP", "ICE"] = "USCIS"
    office: str = "USCIS Humanitarian Affairs Branch"
    office_address: list[str] = Field(default_factory=list)
    max_days: int = Field(default=365, gt=0)
    letter_max_age_days: int = Field(default=180, gt=0)
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
    except YAMLError as error:
        raise UsageError(f"profile {name}: not valid YAML ({error})") from None
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
