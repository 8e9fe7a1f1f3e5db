"""Write: atomic, verified, readable by others, and never over an input or an existing packet."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from helpers import pdf_bytes
from packetbuilder.errors import InternalError, OutputNotWritable
from packetbuilder.write import PacketFile, packet_file, refuse_unsafe_output, write_json


def writer_of(data: bytes) -> PdfWriter:
    return PdfWriter(clone_from=PdfReader(io.BytesIO(data)))


def commit(writer: PdfWriter, target: Path, *, pages: int, force: bool = False):
    with packet_file(target, force=force) as written:
        return written.commit(writer, expected_pages=pages, expected_bookmarks=0)


def test_written_and_moved_into_place(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "new" / "packet.pdf"
    digest, pages = commit(writer_of(pdf_bytes(3)), target, pages=3)
    assert pages == 3 and len(digest) == 64
    assert target.read_bytes()[:5] == b"%PDF-"
    assert list(target.parent.iterdir()) == [target]


def test_written_in_two_parts_equals_pypdf_own_write(tmp_path: Path) -> None:
    """Objects held back are written at the end; the file reads exactly like pypdf's."""
    writer = writer_of(pdf_bytes(4, text="two parts"))
    catalog = writer.root_object  # the page tree's root will change too
    held = {catalog.indirect_reference.idnum, catalog.raw_get("/Pages").idnum}
    target = tmp_path / "packet.pdf"
    with packet_file(target, force=False) as written:
        written.write_objects(writer, holding=held)
        writer.add_blank_page(612, 792)  # after the first part: a new page and a new tree
        written.commit(writer, expected_pages=5, expected_bookmarks=0)
    reference = io.BytesIO()
    writer.write(reference)
    ours, theirs = PdfReader(target), PdfReader(reference)
    assert len(ours.pages) == len(theirs.pages) == 5
    assert [page.extract_text() for page in ours.pages] == [
        page.extract_text() for page in theirs.pages
    ]
    assert sorted(ours.xref[0]) == sorted(theirs.xref[0])  # the same objects, by number
    assert len(target.read_bytes()) == len(reference.getvalue())


def test_version_raised_after_the_first_part_is_written(tmp_path: Path) -> None:
    writer = writer_of(pdf_bytes(1))
    writer.pdf_header = "%PDF-1.3"
    target = tmp_path / "packet.pdf"
    with packet_file(target, force=False) as written:
        written.write_objects(writer)
        writer.pdf_header = "%PDF-1.7"
        written.commit(writer, expected_pages=1, expected_bookmarks=0)
    assert target.read_bytes().startswith(b"%PDF-1.7\n")


def test_restart_forgets_the_first_part(tmp_path: Path) -> None:
    target = tmp_path / "packet.pdf"
    with packet_file(target, force=False) as written:
        written.write_objects(writer_of(pdf_bytes(2)))
        written.restart()
        written.commit(writer_of(pdf_bytes(3)), expected_pages=3, expected_bookmarks=0)
    assert len(PdfReader(target).pages) == 3


def test_verification_failure_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "packet.pdf"
    target.write_bytes(b"previous")
    with pytest.raises(InternalError, match="expected 4"):
        commit(writer_of(pdf_bytes(3)), target, pages=4, force=True)
    assert target.read_bytes() == b"previous"
    assert list(tmp_path.iterdir()) == [target]


def test_failure_while_writing_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "packet.pdf"
    with pytest.raises(RuntimeError), packet_file(target, force=False) as written:
        written.write_objects(writer_of(pdf_bytes(2)))
        raise RuntimeError("killed")
    assert list(tmp_path.iterdir()) == []


def test_packet_that_appeared_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "packet.pdf"
    with pytest.raises(OutputNotWritable), packet_file(target, force=False) as written:
        target.write_bytes(b"someone else's")
        written.commit(writer_of(pdf_bytes(1)), expected_pages=1, expected_bookmarks=0)
    assert target.read_bytes() == b"someone else's"


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


def test_a_packet_that_does_not_read_back_strictly_is_not_moved_into_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cross-reference entry that points beside its object is refused, not repaired."""
    target = tmp_path / "packet.pdf"
    real_write = PacketFile.write_objects

    def shifted(self, writer, **options):
        real_write(self, writer, **options)
        self.offsets = {idnum: offset + 3 for idnum, offset in self.offsets.items()}

    monkeypatch.setattr(PacketFile, "write_objects", shifted)
    with pytest.raises(InternalError, match="does not read back"):
        commit(writer_of(pdf_bytes(2)), target, pages=2)
    assert list(tmp_path.iterdir()) == []
