"""The seams between the stages: a new kind of file is one registry entry; errors carry data;
an invalid entry keeps its place; the library forks nothing unless asked."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from typer.testing import CliRunner

from helpers import CaseFolder, pdf_bytes
from packetbuilder import api, exhibits
from packetbuilder.cli import app
from packetbuilder.errors import CaseHasErrors, ExitCode
from packetbuilder.exhibits.source import Problem, SourceFile
from packetbuilder.options import BuildOptions

runner = CliRunner()


@dataclass(frozen=True)
class PlainTextKind:
    """A kind of file made up for this test: text files whose first line says `TEXT`."""

    name: str = "text"
    title: str = "text file"
    suffixes: tuple[str, ...] = (".txt",)

    def recognise(self, head: bytes) -> bool:
        return head.startswith(b"TEXT\n")

    def inspect(self, source: SourceFile) -> None:
        source.pages = source.resolved.read_text().count("\f") + 1

    def to_pdf(self, source: SourceFile, notes: list[Problem]) -> PdfReader:
        import io

        writer = PdfWriter()
        for _ in range(source.pages or 0):
            writer.add_blank_page(612, 792)
        buffer = io.BytesIO()
        writer.write(buffer)
        return PdfReader(buffer)


def test_a_new_kind_of_file_is_one_registry_entry(case_folder: CaseFolder, monkeypatch, tmp_path):
    monkeypatch.setattr(exhibits, "KINDS", (*exhibits.KINDS, PlainTextKind()))
    case_folder.add_exhibit("note", "exhibits/note.txt", b"TEXT\nfirst page\fsecond page\n")
    report = api.check(case_folder.write())
    assert report.ok, report.findings
    assert report.documents[-1].pages == 2
    result = api.build(case_folder.case_file, BuildOptions(output=tmp_path / "p.pdf"))
    reader = PdfReader(result.output)
    assert "Exhibit C, page 2 of 2" in reader.pages[-1].extract_text()


def test_without_the_entry_the_same_file_is_refused(case_folder: CaseFolder) -> None:
    case_folder.add_exhibit("note", "exhibits/note.txt", b"TEXT\nfirst page\n")
    report = api.check(case_folder.write())
    assert "file-unsupported" in [finding.code for finding in report.findings]


def test_case_has_errors_carries_the_path_and_the_report(case_folder: CaseFolder) -> None:
    case_folder.add_exhibit("gone", "exhibits/gone.pdf")
    path = case_folder.write()
    with pytest.raises(CaseHasErrors) as caught:
        api.build(path)
    assert caught.value.case_path == path
    assert [finding.code for finding in caught.value.report.errors] == ["exhibit-missing"]
    assert caught.value.exit_code is ExitCode.CASE_HAS_ERRORS


def test_findings_of_a_case_whose_path_has_a_colon_name_that_path(tmp_path: Path) -> None:
    folder = CaseFolder(tmp_path / "client: Tremblay")
    folder.add_exhibit("gone", "exhibits/gone.pdf")
    path = folder.write()
    result = runner.invoke(app, ["build", str(path)])
    assert result.exit_code == 1
    finding_lines = [line for line in result.stderr.splitlines() if "exhibit-missing" in line]
    assert finding_lines and finding_lines[0].strip().startswith(f"{path}:")


def test_an_invalid_entry_keeps_its_place_and_label_in_a_draft(
    case_folder: CaseFolder, tmp_path: Path
) -> None:
    """The first exhibit has a typo in a field name; the one after it keeps its label C."""
    case_folder.data["exhibits"][0]["titel"] = "typo"
    case_folder.add_exhibit("after", "exhibits/after.pdf", pdf_bytes(2, text="after"))
    path = case_folder.write()
    report = api.check(path)
    assert [(d.id, d.label, d.pages) for d in report.documents] == [
        ("urgent-letter", "A", 2),
        ("id-doc", "B", None),
        ("after", "C", 2),
    ]
    codes = [finding.code for finding in report.findings]
    assert "unknown-key" in codes
    # Its `proves: [identity]` still counts: the typo is the one thing to fix.
    assert "requirement-missing" not in codes
    result = api.build(path, BuildOptions(draft=True, output=tmp_path / "draft.pdf"))
    texts = [page.extract_text().replace("\xa0", " ") for page in PdfReader(result.output).pages]
    placeholder = next(index for index, text in enumerate(texts) if "MISSING: EXHIBIT B" in text)
    assert "EXHIBIT C" in texts[placeholder + 1]
    assert "after page 1" in texts[placeholder + 2]
    manifest = json.loads(result.manifest.read_text())
    assert [(tab["label"], tab["id"], tab["missing"]) for tab in manifest["tabs"]] == [
        ("A", "urgent-letter", False),
        ("B", "id-doc", True),
        ("C", "after", False),
    ]


def test_a_library_build_forks_nothing(case_folder: CaseFolder, tmp_path, monkeypatch) -> None:
    """Without a LayoutWorker the front matter is laid out in the caller's own process."""

    def no_fork() -> int:
        raise AssertionError("a library call forked the caller's process")

    monkeypatch.setattr(os, "fork", no_fork)
    result = api.build(case_folder.write(), BuildOptions(output=tmp_path / "p.pdf"))
    assert len(PdfReader(result.output).pages) == result.pages
