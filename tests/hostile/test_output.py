"""Hostile outputs: nothing is overwritten that should not be, and nothing is half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import assert_refused, run_packet
from helpers import CaseFolder


@pytest.mark.parametrize("target", ["case.yaml", "letters/urgent.pdf", "exhibits/passport.jpg"])
def test_output_equal_to_an_input(case_folder: CaseFolder, guard, target: str) -> None:
    guard()
    output = case_folder.root / target
    outcome = run_packet("build", case_folder.case_file, "-o", output, "--force")
    assert_refused(outcome, 4, str(output), "one of the case's own files")


def test_existing_output_is_left_untouched(case_folder: CaseFolder, guard, tmp_path) -> None:
    guard()
    output = tmp_path / "packet.pdf"
    output.write_bytes(b"the packet the attorney already signed")
    outcome = run_packet("build", case_folder.case_file, "-o", output)
    assert_refused(outcome, 4, str(output), "--force")
    assert output.read_bytes() == b"the packet the attorney already signed"


def test_missing_output_folder_is_created(case_folder: CaseFolder, tmp_path) -> None:
    output = tmp_path / "new" / "folders" / "packet.pdf"
    outcome = run_packet("build", case_folder.write(), "-o", output)
    assert outcome.exit_code == 0, outcome.stderr
    assert output.exists()


def test_output_folder_that_cannot_be_written(case_folder: CaseFolder, guard, tmp_path) -> None:
    guard()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    output = blocker / "packet.pdf"
    outcome = run_packet("build", case_folder.case_file, "-o", output)
    assert_refused(outcome, 4, str(tmp_path), "cannot be written")
    assert blocker.read_text() == "not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_folder(case_folder: CaseFolder, tmp_path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    outcome = run_packet("build", case_folder.write(), "-o", locked / "packet.pdf")
    assert_refused(outcome, 4, str(locked))


def again_pages(output: Path) -> int:
    """The packet's page count as its manifest records it."""
    import json

    manifest = json.loads((output.parent / "TEST-1-manifest.json").read_text())
    return int(manifest["packet"]["pages"])


KILL_WHILE_WRITING = """
import io, os, signal, sys
from pypdf import PdfWriter
from packetbuilder.cli import main

def write_half_then_die(self, stream):
    whole = io.BytesIO()
    PdfWriter.write_stream(self, whole)
    stream.write(whole.getvalue()[: len(whole.getvalue()) // 2])
    stream.flush()
    os.kill(os.getpid(), signal.SIGKILL)

PdfWriter.write = write_half_then_die
sys.argv = ["packet", "build", sys.argv[1], "--force"]
main()
"""


def test_killed_while_writing(case_folder: CaseFolder) -> None:
    path = case_folder.write()
    output = case_folder.root / "build" / "TEST-1-packet.pdf"
    output.parent.mkdir()
    output.write_bytes(b"previous packet")
    killed = subprocess.run(
        [sys.executable, "-c", KILL_WHILE_WRITING, str(path)], capture_output=True
    )
    assert killed.returncode == -signal.SIGKILL
    assert [path.name for path in output.parent.glob(".*.part")]  # it died mid-write
    assert output.read_bytes() == b"previous packet"  # never a half-written packet
    again = run_packet("build", path, "--force")
    assert again.exit_code == 0, again.stderr
    assert output.read_bytes().startswith(b"%PDF-")
    from pypdf import PdfReader

    assert len(PdfReader(output).pages) == again_pages(output)
    assert sorted(path.name for path in output.parent.iterdir()) == [
        "TEST-1-manifest.json",
        "TEST-1-packet.pdf",
    ]  # the killed build's temporary file is gone too
