"""Write: atomic, verified, readable by others, packet and manifest together, never over an
input or an existing packet."""

from __future__ import annotations

import errno
import io
import os
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from helpers import pdf_bytes
from packetbuilder.build import write
from packetbuilder.build.output import manifest_path, refuse_unsafe_output
from packetbuilder.build.write import WrittenPacket, write_json, write_packet
from packetbuilder.errors import InternalError, OutputNotWritable, UsageError


def writer_of(data: bytes) -> PdfWriter:
    return PdfWriter(clone_from=PdfReader(io.BytesIO(data)))


def manifest_of(written: WrittenPacket) -> dict:
    return {"sha256": written.sha256, "pages": written.pages}


def commit(writer: PdfWriter, target: Path, *, pages: int, force: bool = False) -> WrittenPacket:
    return write_packet(
        writer,
        target,
        target.with_name("manifest.json"),
        manifest_of,
        force=force,
        expected_pages=pages,
        expected_bookmarks=0,
    )


def test_written_and_moved_into_place_with_its_manifest(tmp_path: Path) -> None:
    import hashlib
    import json

    target = tmp_path / "deep" / "new" / "packet.pdf"
    written = commit(writer_of(pdf_bytes(3)), target, pages=3)
    assert written.pages == 3
    assert written.sha256 == hashlib.sha256(target.read_bytes()).hexdigest()
    assert target.read_bytes()[:5] == b"%PDF-"
    manifest = json.loads((target.parent / "manifest.json").read_text())
    assert manifest == {"sha256": written.sha256, "pages": 3}
    assert sorted(path.name for path in target.parent.iterdir()) == ["manifest.json", "packet.pdf"]


def test_written_as_pypdf_writes_it(tmp_path: Path) -> None:
    """One write with pypdf's public API: nothing of the writer is left out."""
    writer = writer_of(pdf_bytes(4, text="once"))
    target = tmp_path / "packet.pdf"
    commit(writer, target, pages=4)
    reference = io.BytesIO()
    writer.write(reference)
    assert target.read_bytes() == reference.getvalue()


def test_verification_failure_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "packet.pdf"
    target.write_bytes(b"previous")
    with pytest.raises(InternalError, match="expected 4"):
        commit(writer_of(pdf_bytes(3)), target, pages=4, force=True)
    assert target.read_bytes() == b"previous"
    assert list(tmp_path.iterdir()) == [target]


def test_a_full_disk_is_exit_4_saying_how_much_room_is_needed(tmp_path, monkeypatch) -> None:
    """Neither the packet nor the manifest changes, and no temporary file stays behind."""
    target = tmp_path / "packet.pdf"
    target.write_bytes(b"previous packet")
    target.with_name("manifest.json").write_text("previous manifest")

    def full(self, stream):
        stream.write(b"%PDF-1.7\n" + b"x" * 1000)
        raise OSError(errno.ENOSPC, "No space left on device")

    writer = writer_of(pdf_bytes(1))
    monkeypatch.setattr(PdfWriter, "write", full)
    with pytest.raises(OutputNotWritable, match="no space left") as caught:
        write_packet(
            writer,
            target,
            target.with_name("manifest.json"),
            manifest_of,
            force=True,
            expected_pages=1,
            expected_bookmarks=0,
            expected_size=5_000_000,
        )
    assert caught.value.exit_code == 4 and "5.0 MB" in caught.value.message
    assert target.read_bytes() == b"previous packet"
    assert target.with_name("manifest.json").read_text() == "previous manifest"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["manifest.json", "packet.pdf"]


def test_a_disk_that_fills_before_the_manifest_changes_nothing(tmp_path, monkeypatch) -> None:
    target = tmp_path / "packet.pdf"
    target.write_bytes(b"previous packet")
    real_finish = write.Outputs.finish

    def finish(self, staged, **options):
        if staged.target.suffix == ".json":
            raise write.disk_error(staged, OSError(errno.ENOSPC, "full"), None)
        return real_finish(self, staged, **options)

    monkeypatch.setattr(write.Outputs, "finish", finish)
    with pytest.raises(OutputNotWritable, match="no space"):
        commit(writer_of(pdf_bytes(1)), target, pages=1, force=True)
    assert target.read_bytes() == b"previous packet"
    assert [path.name for path in tmp_path.iterdir()] == ["packet.pdf"]


def test_failure_while_writing_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "packet.pdf"

    def killed(self, stream):
        stream.write(b"%PDF-1.7\n")
        raise RuntimeError("killed")

    writer = writer_of(pdf_bytes(2))
    monkeypatch.setattr(PdfWriter, "write", killed)
    with pytest.raises(RuntimeError):
        commit(writer, target, pages=2)
    assert list(tmp_path.iterdir()) == []


def test_packet_that_appeared_meanwhile_is_not_replaced(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "packet.pdf"
    real_verified = write.verified

    def appears(*args, **kwargs):
        target.write_bytes(b"someone else's")
        return real_verified(*args, **kwargs)

    monkeypatch.setattr(write, "verified", appears)
    with pytest.raises(OutputNotWritable):
        commit(writer_of(pdf_bytes(1)), target, pages=1)
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
        refuse_unsafe_output(tmp_path / "x.pdf", case, [case], force=True)
    with pytest.raises(OutputNotWritable, match="--force"):
        refuse_unsafe_output(existing, manifest, [case], force=False)
    refuse_unsafe_output(existing, manifest, [case], force=True)
    folder = tmp_path / "out.pdf"
    folder.mkdir()
    with pytest.raises(OutputNotWritable, match="folder"):
        refuse_unsafe_output(folder, manifest, [case], force=True)
    with pytest.raises(UsageError, match=r"must end in \.pdf"):
        refuse_unsafe_output(tmp_path / "packet", manifest, [case], force=True)


def test_an_existing_manifest_is_not_replaced_without_force(tmp_path: Path) -> None:
    manifest = tmp_path / "tremblay-manifest.json"
    manifest.write_text("{}")
    with pytest.raises(OutputNotWritable, match="tremblay-manifest.json already exists"):
        refuse_unsafe_output(tmp_path / "tremblay.pdf", manifest, [], force=False)


def test_manifest_names(tmp_path: Path) -> None:
    default = tmp_path / "build" / "C-1-packet.pdf"
    assert manifest_path(default, "C-1", draft=False, default=True).name == "C-1-manifest.json"
    assert manifest_path(default, "C-1", draft=True, default=True).name == "C-1-manifest-DRAFT.json"
    other = tmp_path / "tremblay.pdf"
    assert (
        manifest_path(other, "C-1", draft=False, default=False)
        == tmp_path / "tremblay-manifest.json"
    )


def test_a_packet_that_does_not_read_back_strictly_is_not_moved_into_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cross-reference entry that points beside its object is refused, not repaired."""
    target = tmp_path / "packet.pdf"
    real_write = PdfWriter.write

    def shifted(self, stream):
        buffer = io.BytesIO()
        real_write(self, buffer)
        data = buffer.getvalue()
        start = data.rindex(b"\nxref\n") + 1
        end = data.index(b"trailer", start)
        lines = data[start:end].split(b"\n")
        # every object's offset moved by three bytes: a reader must repair the file to read it
        moved = [
            b"%010d 00000 n " % (int(line[:10]) + 3) if line.endswith(b" n ") else line
            for line in lines
        ]
        stream.write(data[:start] + b"\n".join(moved) + data[end:])

    writer = writer_of(pdf_bytes(2))
    monkeypatch.setattr(PdfWriter, "write", shifted)
    with pytest.raises(InternalError, match="does not read back"):
        commit(writer, target, pages=2)
    assert list(tmp_path.iterdir()) == []
