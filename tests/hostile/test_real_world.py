"""Every file of the real-world corpus as an exhibit of one case: checked, then built."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import run_packet
from helpers import CORPUS, CaseFolder

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"{CORPUS} is absent: the real-world corpus lives in ../shared beside the clone",
)


def corpus_files() -> list[Path]:
    return sorted(path for path in CORPUS.iterdir() if path.name != "README.md")


def opens_with_pypdf(path: Path) -> bool:
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return False
        return len(reader.pages) > 0
    except Exception:
        return False


def opens_with_pikepdf(path: Path) -> bool:
    try:
        with pikepdf.open(path) as pdf:
            return len(pdf.pages) > 0
    except Exception:
        return False


def independent_pages(path: Path) -> int:
    if path.read_bytes()[:5] == b"%PDF-":
        with pikepdf.open(path) as pdf:
            return len(pdf.pages)
    with Image.open(path) as image:
        return getattr(image, "n_frames", 1)


def corpus_case(case_folder: CaseFolder, files: list[Path]) -> None:
    (case_folder.root / "corpus").mkdir(parents=True, exist_ok=True)
    case_folder.data["exhibits"] = []
    case_folder.data["reason"]["summary"] = "Every file of the corpus."
    case_folder.data["timeline"]["events"][0]["exhibits"] = []
    for index, path in enumerate(files):
        shutil.copy(path, case_folder.root / "corpus" / path.name)
        case_folder.add_exhibit(f"x{index:02d}", f"corpus/{path.name}", title=path.name)
    case_folder.data["exhibits"][0]["proves"] = ["identity", "ties_and_return", "financial_support"]


def test_the_whole_corpus(case_folder: CaseFolder) -> None:
    files = corpus_files()
    assert len(files) == 44
    corpus_case(case_folder, files)
    outcome = run_packet("check", case_folder.write(), "--format", "json")
    assert outcome.exit_code == 1  # the encrypted file at least
    report = json.loads(outcome.stdout)
    unusable = {
        entry["files"][0].removeprefix("corpus/")
        for entry in report["exhibits"]
        if entry["pages"] is None
    }
    assert "005-libreoffice-writer-password_libreoffice-writer-password.pdf" in unusable
    attached = [f for f in report["findings"] if f["code"] == "file-attachments-left-out"]
    assert any("025-attachment" in f["message"] and "image.png" in f["message"] for f in attached)
    encrypted = [f for f in report["findings"] if f["code"] == "file-encrypted"]
    assert [f["exhibit"] for f in encrypted] == ["x06"]  # the 7th file of the corpus
    for name in unusable:  # nothing is refused that either library can open
        path = CORPUS / name
        assert not opens_with_pypdf(path) and not opens_with_pikepdf(path), name
        finding = next(f for f in report["findings"] if f["exhibit"] and name in f["message"])
        assert finding["severity"] == "error" and len(finding["message"]) > 40

    usable = [path for path in files if path.name not in unusable]
    fresh = CaseFolder(case_folder.root.parent / "usable")
    corpus_case(fresh, usable)
    built = run_packet("build", fresh.write())
    assert built.exit_code == 0, built.stderr
    packet = Path(built.stdout.strip())
    reader = PdfReader(packet)
    front = next(i for i, page in enumerate(reader.pages) if "EXHIBIT A" in page.extract_text())
    letter_pages = 1 + 2  # the base case's letter: a tab page and two pages
    parts = sum(independent_pages(path) for path in usable)
    assert len(reader.pages) == front + letter_pages + len(usable) + parts
    with pikepdf.open(packet) as pdf:
        # qpdf's own check, as `qpdf --check` runs it (named check() before pikepdf 10).
        check = getattr(pdf, "check_pdf_syntax", None) or pdf.check
        assert check() == []
