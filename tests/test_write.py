"""Write: atomic, verified, readable by others, and never over an input or an existing packet."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest

from helpers import pdf_bytes
from packetbuilder.errors import InternalError, OutputNotWritable
from packetbuilder.write import refuse_unsafe_output, write_json, write_packet


def writer_of(data: bytes):
    return lambda stream: stream.write(data)


def test_written_and_moved_into_place(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "new" / "packet.pdf"
    digest, pages = write_packet(
        writer_of(pdf_bytes(3)), target, expected_pages=3, expected_bookmarks=0, force=False
    )
    assert pages == 3 and len(digest) == 64
    assert target.read_bytes()[:5] == b"%PDF-"
    assert list(target.parent.iterdir()) == [target]


def test_verification_failure_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "packet.pdf"
    target.write_bytes(b"previous")
    with pytest.raises(InternalError, match="expected 4"):
        write_packet(
            writer_of(pdf_bytes(3)), target, expected_pages=4, expected_bookmarks=0, force=True
        )
    assert target.read_bytes() == b"previous"
    assert list(tmp_path.iterdir()) == [target]


def test_failure_while_writing_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "packet.pdf"

    def broken(stream: io.BufferedWriter) -> None:
        stream.write(b"%PDF-1.7 half")
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        write_packet(broken, target, expected_pages=1, expected_bookmarks=0, force=False)
    assert list(tmp_path.iterdir()) == []


def test_permissions_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_json({"a": 1}, tmp_path / "m.json")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "m.json").stat().st_mode) == 0o640


def test_unwritable_folder_is_exit_4(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputNotWritable) as caught:
        write_json({}, blocker / "sub" / "m.json")
    assert caught.value.exit_code == 4


def test_refusals(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text("x")
    existing = tmp_path / "packet.pdf"
    existing.write_text("x")
    manifest = tmp_path / "m.json"
    with pytest.raises(OutputNotWritable, match="one of the case's own files"):
        refuse_unsafe_output(case, manifest, [case], force=True)
    with pytest.raises(OutputNotWritable, match="--force"):
        refuse_unsafe_output(existing, manifest, [case], force=False)
    refuse_unsafe_output(existing, manifest, [case], force=True)
    with pytest.raises(OutputNotWritable, match="folder"):
        refuse_unsafe_output(tmp_path, manifest, [case], force=True)
