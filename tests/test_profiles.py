"""Profiles are data: the seven of the contract ship, and a folder can add or override them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from helpers import REPO
from packetbuilder.case.profiles import load_profiles
from packetbuilder.errors import UsageError

CONTRACT = {
    "medical": {
        "identity",
        "medical_diagnosis",
        "treatment_unavailable_at_home",
        "us_provider_acceptance",
        "cost_and_payment",
        "financial_support",
    },
    "family": {"identity", "relationship", "us_relative_status", "financial_support"},
    "public_interest": {"identity", "project_description", "sponsor_letter", "financial_support"},
    "military_pip": {"identity", "relationship", "military_service"},
    "credible_fear": {"identity", "sponsor_letter", "community_ties"},
    "port_of_entry": {"identity", "urgent_reason"},
    "special_program": {"identity", "program_eligibility", "financial_support"},
}


def test_shipped_profiles_cover_the_contract() -> None:
    profiles = load_profiles()
    for name, keys in CONTRACT.items():
        profile = profiles[name]
        assert keys <= {requirement.key for requirement in profile.requirements}
        severities = {requirement.key: requirement.severity for requirement in profile.requirements}
        assert all(severities[key] == "error" for key in keys), name
        for requirement in profile.requirements:
            assert requirement.description and requirement.source, (name, requirement.key)
            assert requirement.client and requirement.client.en and requirement.client.es
            if requirement.source_kind == "house":
                assert (
                    "house rule" in requirement.source or "no agency source" in requirement.source
                )


def test_no_shipped_profile_has_a_placeholder_address() -> None:
    for profile in load_profiles().values():
        for line in profile.office_address:
            assert "(" not in line and "todo" not in line.lower(), (profile.name, line)
        if not profile.office_address:
            assert profile.office_address_note, profile.name


def test_folder_adds_and_overrides(tmp_path: Path) -> None:
    (tmp_path / "medical.yaml").write_text(
        "name: medical\ntitle: Firm medical\nmax_days: 90\nrequirements: []\n"
    )
    (tmp_path / "court.yaml").write_text(
        "name: court_appearance\ntitle: Court\nrequirements:\n"
        "  - {key: subpoena, description: The subpoena.}\n"
    )
    profiles = load_profiles(tmp_path)
    assert profiles["medical"].max_days == 90 and profiles["medical"].requirements == []
    assert profiles["court_appearance"].requirements[0].key == "subpoena"
    assert "family" in profiles


@pytest.mark.parametrize(
    "text",
    [
        "name: x\n",
        "name: x\ntitle: X\nsurprise: 1\n",
        "name: [unclosed\n",
        "name: x\ntitle: " + "[" * 100_000 + "]" * 100_000 + "\n",  # crashed libyaml's parser
    ],
)
def test_broken_profile_is_a_usage_error_naming_the_file(tmp_path: Path, text: str) -> None:
    (tmp_path / "bad.yaml").write_text(text)
    with pytest.raises(UsageError, match="bad.yaml"):
        load_profiles(tmp_path)


def test_profiles_folder_must_exist(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not a folder"):
        load_profiles(tmp_path / "missing")


def test_wheel_ships_templates_and_profiles(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path),
            str(REPO),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    [wheel] = tmp_path.glob("packetbuilder-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (REPO / "templates").iterdir():
        assert f"packetbuilder/templates/{template.name}" in names
    for profile in CONTRACT:
        assert f"packetbuilder/case/profiles/{profile}.yaml" in names
