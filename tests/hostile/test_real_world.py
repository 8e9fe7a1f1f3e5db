"""Every file of the real-world corpus as an exhibit of one case: checked, then built."""

from __future__ import annotations

import json
import re
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
    if b"%PDF-" in path.read_bytes()[:1024]:
        with pikepdf.open(path) as pdf:
            return len(pdf.pages)
    with Image.open(path) as image:
        # A page per frame of a TIFF; of any other image (an animated GIF), its first frame.
        return getattr(image, "n_frames", 1) if image.format == "TIFF" else 1


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


CORPUS_2 = CORPUS.parent / "real-world-2"


# What the contract has added since the corpus's README was written: GIF is a kind of exhibit
# file now ("More kinds of exhibit files"): an animated one is its first frame, with a warning.
SINCE_THE_README = {"img2pdf-animation.gif": "ok"}


def expectations() -> dict[str, str]:
    """What the second corpus's README says a careful tool does with each file."""
    found = {}
    for line in (CORPUS_2 / "README.md").read_text().splitlines():
        if line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            found[cells[0].strip("`")] = cells[-1]
    return found | {name: kept for name, kept in SINCE_THE_README.items() if name in found}


def placement_scale(page) -> float:
    """The scale of the `cm` that places the exhibit page (the first content stream)."""
    first = page["/Contents"][0].get_object().get_data().decode("latin-1").split()
    a, b = float(first[1]), float(first[2])
    return (a * a + b * b) ** 0.5


@pytest.mark.skipif(
    not CORPUS_2.is_dir(), reason=f"{CORPUS_2} is absent (../shared beside the clone)"
)
def test_the_second_corpus_as_its_readme_expects(case_folder: CaseFolder) -> None:
    expected = expectations()
    assert len(expected) == 70
    files = [CORPUS_2 / name for name in sorted(expected)]
    corpus_case(case_folder, files)
    outcome = run_packet("check", case_folder.write(), "--format", "json")
    assert outcome.exit_code == 1  # the bad files
    report = json.loads(outcome.stdout)
    by_name = {entry["files"][0].removeprefix("corpus/"): entry for entry in report["exhibits"]}
    for name, expectation in expected.items():
        entry = by_name[name]
        if expectation == "bad":
            assert entry["pages"] is None, name
            finding = next(f for f in report["findings"] if f["exhibit"] == entry["id"])
            assert finding["code"].startswith("file-") and finding["severity"] == "error", name
            assert name in finding["message"] and len(finding["message"]) > 40
        elif expectation == "ok":
            assert entry["pages"], (
                name,
                [f for f in report["findings"] if f["exhibit"] == entry["id"]],
            )
    usable = [path for path in files if by_name[path.name]["pages"] is not None]
    fresh = CaseFolder(case_folder.root.parent / "usable")
    corpus_case(fresh, usable)
    built = run_packet("build", fresh.write())
    assert built.exit_code == 0, built.stderr  # what check passed, build builds
    reader = PdfReader(Path(built.stdout.strip()))
    texts = [page.extract_text() for page in reader.pages]
    for number, (page, text) in enumerate(zip(reader.pages, texts, strict=True), start=1):
        size = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert size == [612.0, 792.0], number
        assert page.get("/Rotate", 0) == 0
        assert re.search(r"TEST1-\d{6}", text), number
    exhibit_pages = [
        (page, text)
        for page, text in zip(reader.pages, texts, strict=True)
        if re.search(r"Exhibit [A-Z]+, page \d+ of \d+", text)
    ]
    parts = sum(independent_pages(path) for path in usable)
    assert len(exhibit_pages) == 2 + parts  # the base case's letter has two pages
    for page, _ in exhibit_pages:
        assert placement_scale(page) <= 1.0001  # never enlarged
