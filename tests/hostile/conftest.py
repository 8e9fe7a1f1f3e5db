"""The hostile-input harness: run `packet` as a user would and hold it to what it promises.

Every bad input gets a documented exit code, one line on standard error that names the
culprit, no traceback, no file at the output path, and every input byte-identical afterwards.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from packetbuilder.cli import app


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str


def run_packet(*args: object) -> Outcome:
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code, result.stdout, result.stderr)


def snapshot(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under `folder` except build output."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink() and "build" not in path.parts
    }


def assert_refused(outcome: Outcome, exit_code: int, *culprits: str) -> None:
    """The documented exit code, one line on standard error naming the culprit, no traceback."""
    assert outcome.exit_code == exit_code, (outcome.exit_code, outcome.stderr, outcome.stdout)
    last_line = outcome.stderr.strip().splitlines()[-1]
    assert last_line.startswith("packet: "), outcome.stderr
    for culprit in culprits:
        assert culprit in last_line, (culprit, last_line)
    assert "Traceback" not in outcome.stderr + outcome.stdout


@pytest.fixture
def guard(case_folder):
    """Call once the case is complete: writes it, records the inputs, checks them at the end."""
    state: dict[str, dict[str, str]] = {}

    def record() -> None:
        case_folder.write()
        state["before"] = snapshot(case_folder.root)

    yield record
    if "before" in state:
        assert snapshot(case_folder.root) == state["before"], "an input file changed"
