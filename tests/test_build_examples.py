"""End to end: build every example and check the packet against truth computed independently.

The truth comes from the case file and the exhibit and form files themselves (page counts,
page boxes and text read here with pypdf and Pillow), from the contract's rules (forms on top
in the agency's order, translations under their original's tab), and from the packet's own
text (where each "EXHIBIT B" tab page really is), never from the tool's plan or manifest.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from ruamel.yaml import YAML

from helpers import EXAMPLES
from packetbuilder import api
from packetbuilder.build.frontmatter import FrontMatterSize
from packetbuilder.options import BuildOptions

CITED = re.compile(r"Exhibit ([A-Z]+) \(p\. (\d+)\)")
# The contract's order of forms on top for USCIS; ICE and CBP cases carry only a G-28.
FORM_ORDER = ["G-1145", "G-28", "G-1450", "G-1650", "G-1651", "I-912", "I-131", "I-134", "I-864"]


def source_pages(path: Path) -> int:
    """Pages of one exhibit file, counted without the tool (a Word document's from the PDF
    LibreOffice made of it, as the build keeps it in the case's cache)."""
    with path.open("rb") as stream:
        head = stream.read(8)
    if head.startswith(b"%PDF"):
        return len(PdfReader(path).pages)
    if head.startswith(b"PK"):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        folder = next(parent for parent in path.parents if (parent / "case.yaml").exists())
        [converted] = (folder / "build" / ".cache").glob(f"{digest}*.pdf")
        return len(PdfReader(converted).pages)
    if path.suffix == ".heic":
        return 1  # a photo (pillow-heif's file has one primary image)
    with Image.open(path) as image:
        return getattr(image, "n_frames", 1)


def text_of(page) -> str:
    return page.extract_text().replace("\xa0", " ")


def files_of(entry: dict) -> list[str]:
    return entry.get("files") or [entry["file"]]


def expected_forms(data: dict, folder: Path) -> list[dict]:
    """The forms in the order the contract gives: by form, then person, then as listed."""
    forms = data.get("forms") or []
    people = ["applicant", *(b["id"] for b in data.get("beneficiaries") or [])]
    if data["case"].get("forms_order") != "as_listed":
        forms = sorted(
            forms,
            key=lambda form: (
                FORM_ORDER.index(form["form"]) if form["form"] in FORM_ORDER else 99,
                people.index(form.get("person", "applicant")),
            ),
        )
    return [
        {"id": form["id"], "files": [folder / name for name in files_of(form)]} for form in forms
    ]


def expected_tabs(data: dict, folder: Path) -> list[dict]:
    """Letters then exhibits; each translation right after its original, under its label."""
    documents = [*(data.get("letters") or []), *(data.get("exhibits") or [])]
    ids = {document["id"] for document in documents}
    translations = {
        document["translation_of"]: document
        for document in documents
        if document.get("translation_of") in ids
    }
    tabs = []
    for document in documents:
        if document.get("translation_of") in ids:
            continue
        parts = [document] + (
            [translations[document["id"]]] if document["id"] in translations else []
        )
        tabs.append(
            {
                "label": chr(ord("A") + len(tabs)),
                "id": document["id"],
                "title": document["title"],
                "parts": [
                    {
                        "id": part["id"],
                        "title": part["title"],
                        "pages": sum(source_pages(folder / name) for name in files_of(part)),
                    }
                    for part in parts
                ],
            }
        )
    for tab in tabs:
        tab["pages"] = sum(part["pages"] for part in tab["parts"])
    return tabs


# Each example, and one built from a wrong first guess of the front matter's length (the
# exhibit pages are numbered from that guess while the front matter is laid out).
BUILDS = [(case, False) for case in EXAMPLES] + [(EXAMPLES[0], True)]


def wrong_guess(case, report) -> FrontMatterSize:
    return FrontMatterSize(cover=7, index=3)


@pytest.fixture(
    scope="module",
    params=BUILDS,
    ids=[case.parent.name + ("-wrong-first-guess" if wrong else "") for case, wrong in BUILDS],
)
def built(request, tmp_path_factory) -> dict:
    example, guess_wrong = request.param
    folder = tmp_path_factory.mktemp(example.parent.name) / "case"
    shutil.copytree(example.parent, folder, ignore=shutil.ignore_patterns("build"))
    case_file = folder / "case.yaml"
    with pytest.MonkeyPatch.context() as patch:
        if guess_wrong:
            patch.setattr(api, "estimated_size", wrong_guess)
        result = api.build(case_file)
    reader = PdfReader(result.output)
    data = YAML(typ="safe").load(case_file.read_text())
    forms = expected_forms(data, folder)
    form_pages = sum(source_pages(path) for form in forms for path in form["files"])
    texts = [text_of(page) for page in reader.pages]
    packet_texts = texts[form_pages:]  # packet page n is packet_texts[n - 1]
    tab_pages = {}
    for number, text in enumerate(packet_texts, start=1):
        match = re.search(r"EXHIBIT ([A-Z]+)\b", text)
        if match and "Index of exhibits" not in text:
            tab_pages.setdefault(match.group(1), number)
    return {
        "case_file": case_file,
        "data": data,
        "result": result,
        "reader": reader,
        "texts": packet_texts,
        "form_pages": form_pages,
        "forms": forms,
        "tab_pages": tab_pages,  # label -> real packet page of its tab page, from the text
        "expected": expected_tabs(data, folder),
    }


def packet_page(built, pdf_index: int) -> int:
    """The packet (Bates) number of the page at 0-based position `pdf_index` in the file."""
    return pdf_index - built["form_pages"] + 1


def test_forms_come_first_as_they_are(built) -> None:
    """Forms in the agency's order, unscaled and unstamped: boxes and text of the source."""
    reader, index = built["reader"], 0
    for form in built["forms"]:
        for path in form["files"]:
            for source_page in PdfReader(path).pages:
                page = reader.pages[index]
                assert [float(v) for v in page.mediabox] == [float(v) for v in source_page.mediabox]
                assert page.get("/Rotate", 0) == source_page.get("/Rotate", 0)
                text = text_of(page)
                assert text_of(source_page).split() == text.split(), form["id"]
                assert not re.search(r"[A-Z0-9]+-\d{6}", text), "a form page carries a Bates number"
                index += 1
    assert index == built["form_pages"]


def test_bates_numbers_start_at_the_cover_letter(built) -> None:
    first = built["texts"][0]
    prefix = (
        built["data"]["case"].get("bates_prefix")
        or re.sub(r"[^A-Za-z0-9]", "", built["data"]["case"]["id"]).upper()
    )
    assert f"{prefix}-000001" in first
    assert "Dear Sir or Madam" in first


def test_tab_pages_follow_the_exhibit_pages(built) -> None:
    expected = built["expected"]
    tab_pages = built["tab_pages"]
    assert list(tab_pages) == [tab["label"] for tab in expected]
    labels = list(tab_pages)
    for current, following in zip(labels, labels[1:], strict=False):
        tab = next(t for t in expected if t["label"] == current)
        assert tab_pages[following] == tab_pages[current] + 1 + tab["pages"]


def test_total_page_count(built) -> None:
    front = built["tab_pages"]["A"] - 1
    assert front >= 2  # a cover letter and an index at least
    total = built["form_pages"] + front + sum(1 + tab["pages"] for tab in built["expected"])
    assert len(built["reader"].pages) == total == built["result"].pages


def translation_pages(built, tab: dict) -> list[tuple[dict, int, int]]:
    """(part, first, last) packet pages of each translation placed under the tab."""
    first = built["tab_pages"][tab["label"]] + 1
    placed = []
    for part in tab["parts"]:
        if part is not tab["parts"][0]:
            placed.append((part, first, first + part["pages"] - 1))
        first += part["pages"]
    return placed


def test_index_page_numbers_are_the_real_pages(built) -> None:
    index_text = "\n".join(text for text in built["texts"] if "Index of exhibits" in text)
    index_text += "\n".join(
        text for text in built["texts"][: built["tab_pages"]["A"] - 1] if "Document" in text
    )
    for tab in built["expected"]:
        first = built["tab_pages"][tab["label"]]
        last = first + tab["pages"]
        assert f"{first}–{last}" in index_text, (tab["label"], first, last)
        for part, start, end in translation_pages(built, tab):
            shown = f"{start}–{end}" if end != start else str(start)  # one page: "13", not "13–13"
            assert re.search(rf"(?<![\d–]){shown}(?![\d–])", index_text), (part["id"], start, end)


def test_the_index_lists_the_forms_enclosed(built) -> None:
    index_text = "\n".join(text for text in built["texts"] if "Index of exhibits" in text)
    if built["forms"]:
        assert "Forms enclosed" in index_text
        names = re.findall(r"^(G-\d+|I-\d+)\b", index_text, re.MULTILINE)
        expected = [
            next(f["form"] for f in built["data"]["forms"] if f["id"] == form["id"])
            for form in built["forms"]
        ]
        assert names == expected
    else:
        assert "Forms enclosed" not in index_text


def test_every_citation_names_a_real_page_of_its_tab(built) -> None:
    front_texts = built["texts"][: built["tab_pages"]["A"] - 1]
    citations = [match for text in front_texts for match in CITED.finditer(text)]
    reason = built["data"]["reason"]
    cited = sum(str(value).count("[[") for value in reason.values())
    assert len(citations) >= cited
    for match in citations:
        label, page = match.group(1), int(match.group(2))
        tab = next(t for t in built["expected"] if t["label"] == label)
        allowed = {built["tab_pages"][label]} | {
            start for _, start, _ in translation_pages(built, tab)
        }
        assert page in allowed, match.group(0)


def test_a_translation_continues_its_originals_stamps(built) -> None:
    for tab in built["expected"]:
        for part, start, end in translation_pages(built, tab):
            offset = start - built["tab_pages"][tab["label"]]
            for k, number in enumerate(range(start, end + 1)):
                stamp = f"Exhibit {tab['label']}, page {offset + k} of {tab['pages']}"
                assert stamp in built["texts"][number - 1], (part["id"], number)


def test_links_land_on_their_pages(built) -> None:
    reader = built["reader"]
    front = built["tab_pages"]["A"] - 1
    targets = []
    for page in reader.pages[built["form_pages"] : built["form_pages"] + front]:
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            assert "/A" not in annotation, "a front-matter link was left as a URI"
            target = reader.get_page_number(annotation["/Dest"][0].get_object())
            targets.append(packet_page(built, target))
    tab_set = set(built["tab_pages"].values())
    starts = {start for tab in built["expected"] for _, start, _ in translation_pages(built, tab)}
    assert targets and set(targets) <= tab_set | starts
    assert tab_set <= set(targets)  # every tab is reachable from the index


def test_bookmarks_land_on_the_right_pages(built) -> None:
    reader = built["reader"]
    outline = reader.outline
    top = [item for item in outline if not isinstance(item, list)]
    titles = {item.title: reader.get_destination_page_number(item) for item in top}
    if built["forms"]:
        assert top[0].title == "Forms" and titles["Forms"] == 0
        children = outline[1]
        assert isinstance(children, list) and len(children) == len(built["forms"])
    assert packet_page(built, titles["Cover letter"]) == 1
    index_page = next(n for n, t in enumerate(built["texts"], 1) if "Index of exhibits" in t)
    assert packet_page(built, titles["Index of exhibits"]) == index_page
    for tab in built["expected"]:
        page = titles[f"{tab['label']}. {tab['title']}"]
        assert packet_page(built, page) == built["tab_pages"][tab["label"]]


def test_every_page_is_stamped(built) -> None:
    data = built["data"]
    prefix = (
        data["case"].get("bates_prefix") or re.sub(r"[^A-Za-z0-9]", "", data["case"]["id"]).upper()
    )
    exhibit_of_page = {}
    for tab in built["expected"]:
        start = built["tab_pages"][tab["label"]]
        for k in range(1, tab["pages"] + 1):
            exhibit_of_page[start + k] = f"Exhibit {tab['label']}, page {k} of {tab['pages']}"
    cover = next(n for n, t in enumerate(built["texts"], 1) if "Index of exhibits" in t) - 1
    for number, text in enumerate(built["texts"], start=1):
        assert f"{prefix}-{number:06d}" in text, number
        stamps = re.findall(r"Exhibit [A-Z]+, page \d+ of \d+", text)
        if number in exhibit_of_page:
            assert stamps == [exhibit_of_page[number]], number
        else:
            assert stamps == [], number
        if number <= cover:
            assert f"Page {number} of {cover}" in text, number


def test_exhibit_pages_are_us_letter_and_upright(built) -> None:
    for page in built["reader"].pages[built["form_pages"] :]:
        size = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert size == [612.0, 792.0]
        assert page.get("/Rotate", 0) == 0


def test_the_letter_names_every_person_and_is_signed(built) -> None:
    data = built["data"]
    cover = " ".join(" ".join(built["texts"][: built["tab_pages"]["A"] - 1]).split())
    people = [data["applicant"], *(data.get("beneficiaries") or [])]
    for person in people:
        assert f"{person['given_name']} {person['family_name']}" in cover
    representative = data.get("representative")
    if representative:
        kind = representative.get("kind", "attorney")
        role = "Attorney for the" if kind == "attorney" else "Accredited representative for the"
        assert role in cover
        assert "Respectfully submitted" in cover
    enclosures = cover.split("Enclosures:")[1] if "Enclosures:" in cover else ""
    assert "as indexed" in enclosures


def test_the_signature_image_sits_on_the_signature_line(built) -> None:
    representative = built["data"].get("representative") or {}
    if not representative.get("signature"):
        pytest.skip("this example has no signature image")
    reader = built["reader"]
    cover_pages = reader.pages[built["form_pages"] : built["form_pages"] + built["tab_pages"]["A"]]
    with Image.open(built["case_file"].parent / representative["signature"]) as image:
        size = image.size

    def images(resources, seen: set[int]) -> list[tuple[int, int]]:
        found = []
        for reference in (resources.get("/XObject") or {}).values():
            xobject = reference.get_object()
            if id(xobject) in seen:
                continue
            seen.add(id(xobject))
            if xobject.get("/Subtype") == "/Image":
                found.append((int(xobject["/Width"]), int(xobject["/Height"])))
            elif "/Resources" in xobject:
                found += images(xobject["/Resources"].get_object(), seen)
        return found

    found = [
        found_size
        for page in cover_pages
        for found_size in images(page["/Resources"].get_object(), set())
        if found_size == size
    ]
    assert found, "the signature image is not in the letter"


def test_jpeg_scans_are_embedded_unchanged(built) -> None:
    packet = built["result"].output.read_bytes()
    scans = list(built["case_file"].parent.glob("exhibits/*.jpg"))
    for scan in scans:
        assert scan.read_bytes() in packet, scan.name


def test_metadata_comes_from_the_case(built) -> None:
    metadata = built["reader"].metadata
    data = built["data"]
    applicant = data["applicant"]
    others = len(data.get("beneficiaries") or [])
    more = f" and {others} other{'s' if others != 1 else ''}" if others else ""
    name = f"{applicant['given_name']} {applicant['family_name']}"
    assert metadata.title == f"Request for humanitarian parole — {name}{more}"
    date = data["case"]["date"]
    assert metadata["/CreationDate"].startswith(f"D:{date:%Y%m%d}")
    representative = data.get("representative")
    expected_author = (
        (representative.get("firm") or representative["name"])
        if representative
        else data["requestor"]["name"]
    )
    assert metadata.author == expected_author


def test_manifest_matches_the_packet(built) -> None:
    result = built["result"]
    manifest = json.loads(result.manifest.read_text())
    packet_bytes = result.output.read_bytes()
    assert manifest["packet"]["sha256"] == hashlib.sha256(packet_bytes).hexdigest()
    assert manifest["packet"]["pages"] == len(built["reader"].pages)
    assert manifest["draft"] is False
    assert [form["id"] for form in manifest["forms"]] == [form["id"] for form in built["forms"]]
    for entry, tab in zip(manifest["tabs"], built["expected"], strict=True):
        first = built["tab_pages"][tab["label"]]
        assert (entry["label"], entry["id"]) == (tab["label"], tab["id"])
        assert entry["pages"] == [first, first + tab["pages"]]
        for source in entry["files"]:
            path = built["case_file"].parent / source["path"]
            assert source["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_builds_are_byte_identical(built, tmp_path) -> None:
    """Also when the first build started from a wrong guess of the front matter's length."""
    again = api.build(built["case_file"], BuildOptions(output=tmp_path / "again.pdf"))
    assert again.output.read_bytes() == built["result"].output.read_bytes()


def test_the_wrong_guess_really_was_wrong(built) -> None:
    """Guards the wrong-first-guess build above: its front matter is not 7 + 3 pages."""
    assert built["tab_pages"]["A"] - 1 != sum(wrong_guess(None, None).__dict__.values())


def test_there_are_four_examples_and_one_asks_for_a_family() -> None:
    names = {case.parent.name for case in EXAMPLES}
    assert names >= {"medical", "credible_fear", "public_interest", "family"}
    family = YAML(typ="safe").load((EXAMPLES[0].parent.parent / "family" / "case.yaml").read_text())
    assert len(family["beneficiaries"]) == 2 and family["case"]["filed_with"] == "USCIS"
