"""Hostile case files: each is refused with exit 3 and one line, or reported as a finding."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import assert_refused, run_packet
from helpers import CaseFolder, dump_yaml

BOMB = "version: 1\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("syntax-error", b"version: 1\ncase: {id: [\n", "YAML syntax error"),
        ("alias-bomb", BOMB.encode(), "anchors and aliases"),
        ("duplicate-keys", b"version: 1\ncase: {}\ncase: {}\n", "duplicate key `case`"),
        ("latin-1", "version: 1\ncase: {office: Montréal}\n".encode("latin-1"), "not UTF-8"),
        ("empty", b"", "empty"),
        ("top-level-list", b"- version: 1\n- case: {}\n", "top level is a list"),
        ("version-2", b"version: 2\n", "version"),
        ("deeply-nested", b"version: 1\ncase: " + b"[" * 100_000 + b"]" * 100_000, "too deeply"),
    ],
)
@pytest.mark.parametrize("command", ["check", "build"])
def test_unreadable_case_file(
    tmp_path: Path, name: str, content: bytes, says: str, command: str
) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(content)
    started = time.monotonic()
    outcome = run_packet(command, path)
    assert time.monotonic() - started < 10
    assert_refused(outcome, 3, str(path), says)
    assert path.read_bytes() == content
    assert not (tmp_path / "build").exists()


def test_fifty_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:
        stream.write(b"version: 1\n")
        stream.write((b"# " + b"x" * 1022 + b"\n") * (50 * 1024))
    assert path.stat().st_size > 50 * 1024 * 1024
    assert_refused(run_packet("check", path), 3, str(path), "larger than 1 MiB")


def test_case_path_is_a_folder(tmp_path: Path) -> None:
    assert_refused(run_packet("check", tmp_path), 3, str(tmp_path), "is a folder")


def test_case_file_missing(tmp_path: Path) -> None:
    assert_refused(run_packet("build", tmp_path / "no.yaml"), 3, "no.yaml", "no such file")


def test_unknown_keys_and_impossible_dates_are_findings(case_folder: CaseFolder, guard) -> None:
    case_folder.data["applicant"]["nickname"] = "Dan"
    case_folder.data["case"]["date"] = "2026-13-45"
    path = case_folder.write()
    guard()
    outcome = run_packet("check", path)
    assert outcome.exit_code == 1
    assert "unknown-key" in outcome.stdout and "nickname" in outcome.stdout
    assert "invalid-date" in outcome.stdout and "2026-13-45" in outcome.stdout
    built = run_packet("build", path)
    assert_refused(built, 1, str(path), "nothing was built")
    assert not (case_folder.root / "build").exists()


def test_yaml_11_booleans_and_octals_stay_text(case_folder: CaseFolder) -> None:
    text = dump_yaml(case_folder.data)
    text = text.replace("family_name: Example", "family_name: NO")
    text = text.replace("given_name: Ana", "given_name: on")
    text = text.replace("number: X1234567", "number: 0123")
    outcome = run_packet("build", case_folder.write(text))
    assert outcome.exit_code == 0, outcome.stderr
    from pypdf import PdfReader

    cover = PdfReader(outcome.stdout.strip()).pages[0].extract_text()
    assert "on NO" in cover
