"""The library's front door: each function is one command, a straight script of the stages."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from .check import CheckReport, check_case
from .errors import OutputNotWritable, UsageError
from .load import load_case
from .model import Case
from .plan import LabelStyle
from .profiles import Profile, load_profiles
from .resources import shipped_templates_dir

INIT_TEMPLATE = "case.yaml.j2"
INIT_PERIOD_DAYS = 90


def check(
    case_path: Path,
    *,
    profiles_dir: Path | None = None,
    allow_outside: bool = False,
    label_style: LabelStyle = "letters",
) -> CheckReport:
    """Load a case file and report every finding (raises CaseFileUnreadable if it can't be read)."""
    loaded = load_case(case_path)
    profiles = load_profiles(profiles_dir)
    return check_case(loaded, profiles, allow_outside=allow_outside, label_style=label_style)


def profiles(profiles_dir: Path | None = None) -> list[Profile]:
    """Every profile, shipped and user-supplied, by name."""
    return [profile for _, profile in sorted(load_profiles(profiles_dir).items())]


def case_schema() -> dict[str, Any]:
    """The JSON Schema of the case file, for editors' YAML completion."""
    schema = Case.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "packetbuilder case file, version 1"
    return schema


def init_case(
    folder: Path, parole_type: str, *, date: dt.date, profiles_dir: Path | None = None
) -> Path:
    """Create `folder` with a commented case file for `parole_type` and an empty exhibits/."""
    import jinja2

    known = load_profiles(profiles_dir)
    profile = known.get(parole_type)
    if profile is None:
        raise UsageError(
            f"--type {parole_type}: no such profile; use one of {', '.join(sorted(known))}"
        )
    case_file = folder / "case.yaml"
    if case_file.exists() or (folder / "exhibits").exists():
        raise OutputNotWritable(
            f"{folder} already holds a case (case.yaml or exhibits/); nothing was overwritten, "
            "choose a new folder"
        )
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(shipped_templates_dir()),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    text = environment.get_template(INIT_TEMPLATE).render(
        profile=profile,
        requirements=profile.requirements,
        case_id=case_id_from_folder(folder),
        case_file=str(case_file),
        date=date.isoformat(),
        end_date=(date + dt.timedelta(days=INIT_PERIOD_DAYS)).isoformat(),
    )
    try:
        (folder / "exhibits").mkdir(parents=True)
        with case_file.open("x", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as error:
        raise OutputNotWritable(f"{folder}: cannot be written ({error.strerror})") from None
    return case_file


def case_id_from_folder(folder: Path) -> str:
    """A valid case id from the folder's name (letters, digits, '-', '_')."""
    name = "".join(
        char if (char.isascii() and char.isalnum()) or char in "-_" else "-" for char in folder.name
    )
    return name.strip("-") or "CASE-1"


def schema_json() -> str:
    """The case file's JSON Schema as text."""
    return json.dumps(case_schema(), indent=2)
