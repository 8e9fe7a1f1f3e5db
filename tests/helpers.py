"""Helpers: tiny valid cases and exhibit files that the tests make themselves."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

from PIL import Image
from pypdf import PdfWriter
from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO / "examples").glob("*/case.yaml"))
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "real-world"


def pdf_bytes(pages: int = 1, width: float = 612, height: float = 792, text: str = "") -> bytes:
    """A small PDF with `pages` pages; each page draws `text` and its number so pages differ."""
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    font_ref = writer._add_object(font)
    for number in range(1, pages + 1):
        page = writer.add_blank_page(width, height)
        content = DecodedStreamObject()
        label = f"{text} page {number}".strip().replace("(", "").replace(")", "")
        content.set_data(f"BT /F1 14 Tf 72 {height - 96} Td ({label}) Tj ET".encode())
        page[NameObject("/Contents")] = writer._add_object(content)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref})}
        )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(
    kind: str = "JPEG",
    size: tuple[int, int] = (440, 570),  # prints over a quarter of the page at 96 dpi
    color=(200, 40, 40),
    frames: int = 1,
    mode: str = "RGB",
    **save: Any,
) -> bytes:
    """A small image file of `kind` (JPEG, PNG, TIFF); TIFFs may have several frames."""
    images = [Image.new(mode, size, color) for _ in range(frames)]
    buffer = io.BytesIO()
    if frames > 1:
        images[0].save(buffer, kind, save_all=True, append_images=images[1:], **save)
    else:
        images[0].save(buffer, kind, **save)
    return buffer.getvalue()


BASE_CASE: dict[str, Any] = {
    "version": 1,
    "case": {
        "id": "TEST-1",
        "parole_type": "port_of_entry",
        "filed_with": "CBP",
        "office": "Port Director",
        "office_address": ["U.S. Customs and Border Protection", "Port of Entry"],
        "date": "2026-11-20",
        "language": "en",
    },
    "applicant": {
        "given_name": "Ana",
        "family_name": "Example",
        "date_of_birth": "1990-01-01",
        "citizenship": "Canada",
        "passport": {"number": "X1234567", "country": "Canada", "expires": "2030-01-01"},
    },
    "requestor": {"name": "Ana Example", "relationship": "self"},
    "reason": {
        "summary": "Needs to come [[id-doc]].",
        "narrative": "Because of the urgent reason [[urgent-letter]].",
        "urgency": "Now.",
        "why_not_visa": "No time.",
    },
    "timeline": {
        "requested_start": "2026-12-01",
        "requested_end": "2027-02-28",
        "events": [{"date": "2026-11-01", "what": "It happened.", "exhibits": ["id-doc"]}],
        "departure_plan": "Leaves by car.",
    },
    "letters": [
        {
            "id": "urgent-letter",
            "title": "Letter from a doctor",
            "author": "Dr. Who",
            "date": "2026-11-01",
            "signed": True,
            "file": "letters/urgent.pdf",
            "proves": ["urgent_reason", "inadmissibility_and_rehabilitation"],
        }
    ],
    "exhibits": [
        {
            "id": "id-doc",
            "title": "Passport",
            "file": "exhibits/passport.jpg",
            "proves": ["identity", "ties_and_return", "financial_support"],
        }
    ],
}


def dump_yaml(data: Any) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


class CaseFolder:
    """A case folder in tmp_path: a case file and its exhibit files, all made on demand."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = copy.deepcopy(BASE_CASE)
        self.write_file("letters/urgent.pdf", pdf_bytes(2, text="urgent letter"))
        self.write_file("exhibits/passport.jpg", image_bytes("JPEG"))

    @property
    def case_file(self) -> Path:
        return self.root / "case.yaml"

    def write_file(self, relative: str, data: bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def add_exhibit(
        self,
        exhibit_id: str,
        relative: str,
        data: bytes | None = None,
        cite: bool = True,
        **fields: Any,
    ) -> dict[str, Any]:
        if data is not None:
            self.write_file(relative, data)
        entry = {"id": exhibit_id, "title": f"Exhibit {exhibit_id}", "file": relative, **fields}
        self.data["exhibits"].append(entry)
        if cite:
            self.data["reason"]["narrative"] += f" See [[{exhibit_id}]]."
        return entry

    def write(self, text: str | None = None) -> Path:
        self.case_file.write_text(text if text is not None else dump_yaml(self.data), "utf-8")
        return self.case_file


def codes(report) -> list[str]:
    return [finding.code for finding in report.findings]
