"""The rule data as people and programs read it: `packet profiles` in text and JSON."""

from __future__ import annotations

import json

from .data import agency_data, fee_data, program_data
from .profiles import Profile

SOURCE_KINDS = {"official": "official", "practice": "practice advice", "house": "house rule"}


def profiles_text(profiles: list[Profile]) -> str:
    """Every profile with its limits, its requirements and the source of each."""
    lines: list[str] = []
    for profile in profiles:
        lines.append(f"{profile.name}: {profile.title}")
        lines.append(f"  {profile.description}")
        if profile.basis:
            lines.append(f"  rests on: {profile.basis}")
        period = (
            f"at most {profile.max_days} days ({profile.max_days_source})"
            if profile.max_days
            else "no maximum period"
        )
        lines.append(
            f"  filed with {profile.filed_with}; {period}; letters at most "
            f"{profile.letter_max_age_days} days old (house rule)"
        )
        for requirement in profile.requirements:
            whom = ", for each person" if requirement.per_person else ""
            lines.append(
                f"  - {requirement.key} ({requirement.severity}{whom}): {requirement.description}"
            )
            lines.append(
                f"      source ({SOURCE_KINDS[requirement.source_kind]}): {requirement.source}"
            )
        for agency, fees in profile.fees.items():
            lines.append(f"  fees when filed with {agency}: {', '.join(fees)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def rule_data_json(profiles: list[Profile]) -> str:
    """The profiles, fees, programs and agency rules, with every date and source, as JSON."""
    return json.dumps(
        {
            "profiles": [profile.model_dump(mode="json") for profile in profiles],
            "fees": fee_data().model_dump(mode="json"),
            "programs": program_data().model_dump(mode="json")["programs"],
            "agencies": agency_data().model_dump(mode="json")["agencies"],
        },
        indent=2,
        ensure_ascii=False,
    )
