"""End to end: build every example and check the packet against truth computed independently.

The truth comes from the exhibit files themselves (page counts read here with pypdf and
Pillow) and from the packet's own text (where each "EXHIBIT B" tab page really is), never from
the tool's plan or manifest.
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

CITED = re.compile(r"Exhibit ([A-Z]+)\s+\(p\.\s*(\d+)\)")


def source_pages(path: Path) -> int:
    """Pages of one exhibit file, counted without the tool."""
    with path.open("rb") as stream:
        head = stream.read(8)
    if head.startswith(b"%PDF"):
        return len(PdfReader(path).pages)
    with Image.open(path) as image:
        return getattr(image, "n_frames", 1)


def expected_tabs(case_file: Path) -> list[dict]:
    data = YAML(typ="safe").load(case_file.read_text())
    documents = [*(data.get("letters") or []), *(data.get("exhibits") or [])]
    tabs = []
    for index, document in enumerate(documents):
        files = document.get("files") or [document["file"]]
        pages = sum(source_pages(case_file.parent / name) for name in files)
        tabs.append(
            {
                "label": chr(ord("A") + index),
                "id": document["id"],
                "title": document["title"],
                "pages": pages,
            }
        )
    return tabs


# Each example, and one built from a wrong first guess of the front matter's length (the
# exhibit pages are numbered from that guess while the front matter renders).
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
    texts = [page.extract_text() for page in reader.pages]
    tab_pages = {}
    for number, text in enumerate(texts, start=1):
        match = re.search(r"EXHIBIT ([A-Z]+)\b", text)
        if match and "Index of exhibits" not in text:
            tab_pages.setdefault(match.group(1), number)
    data = YAML(typ="safe").load(case_file.read_text())
    return {
        "case_file": case_file,
        "data": data,
        "result": result,
        "reader": reader,
        "texts": texts,
        "tab_pages": tab_pages,  # label -> real packet page of its tab page, from the text
        "expected": expected_tabs(case_file),
    }


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
    total = front + sum(1 + tab["pages"] for tab in built["expected"])
    assert len(built["reader"].pages) == total == built["result"].pages


def test_index_page_numbers_are_the_real_tab_pages(built) -> None:
    index_text = "\n".join(text for text in built["texts"] if "Index of exhibits" in text)
    for tab in built["expected"]:
        first = built["tab_pages"][tab["label"]]
        last = first + tab["pages"]
        assert f"{first}–{last}" in index_text, (tab["label"], first, last)


def test_every_citation_names_the_real_page_of_its_tab(built) -> None:
    front_texts = built["texts"][: built["tab_pages"]["A"] - 1]
    citations = [match for text in front_texts for match in CITED.finditer(text)]
    narrative = built["data"]["reason"]["narrative"]
    assert len(citations) >= narrative.count("[[")
    for match in citations:
        assert built["tab_pages"][match.group(1)] == int(match.group(2)), match.group(0)


def test_links_land_on_their_tabs(built) -> None:
    reader = built["reader"]
    front = built["tab_pages"]["A"] - 1
    targets = []
    for page in reader.pages[:front]:
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            assert "/A" not in annotation, "a front-matter link was left as a URI"
            targets.append(reader.get_page_number(annotation["/Dest"][0].get_object()) + 1)
    tab_set = set(built["tab_pages"].values())
    assert targets and set(targets) <= tab_set
    # Every tab is reachable from the index.
    assert tab_set <= set(targets)
    narrative_citations = sum(
        text.count("[[")
        for text in [built["data"]["reason"][key] for key in built["data"]["reason"]]
    )
    assert len(targets) >= narrative_citations + len(tab_set)  # and a link per index row


def test_bookmarks_land_on_the_right_pages(built) -> None:
    reader = built["reader"]
    outline = [item for item in reader.outline if not isinstance(item, list)]
    titles = {item.title: reader.get_destination_page_number(item) + 1 for item in outline}
    assert titles["Cover letter"] == 1
    index_page = next(n for n, t in enumerate(built["texts"], 1) if "Index of exhibits" in t)
    assert titles["Index of exhibits"] == index_page
    for tab in built["expected"]:
        assert titles[f"{tab['label']}. {tab['title']}"] == built["tab_pages"][tab["label"]]


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
    for number, text in enumerate(built["texts"], start=1):
        assert f"{prefix}-{number:06d}" in text, number
        stamps = re.findall(r"Exhibit [A-Z]+, page \d+ of \d+", text)
        if number in exhibit_of_page:
            assert stamps == [exhibit_of_page[number]], number
        else:
            assert stamps == [], number


def test_every_page_is_us_letter_and_upright(built) -> None:
    for page in built["reader"].pages:
        size = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert size == [612.0, 792.0]
        assert page.get("/Rotate", 0) == 0


def test_jpeg_scans_are_embedded_unchanged(built) -> None:
    packet = built["result"].output.read_bytes()
    scans = list(built["case_file"].parent.glob("exhibits/*.jpg"))
    assert scans
    for scan in scans:
        assert scan.read_bytes() in packet, scan.name


def test_metadata_comes_from_the_case(built) -> None:
    metadata = built["reader"].metadata
    applicant = built["data"]["applicant"]
    assert metadata.title == (
        f"Request for humanitarian parole — {applicant['given_name']} {applicant['family_name']}"
    )
    date = built["data"]["case"]["date"]
    assert metadata["/CreationDate"].startswith(f"D:{date:%Y%m%d}")
    representative = built["data"].get("representative")
    expected_author = (
        (representative.get("firm") or representative["name"])
        if representative
        else built["data"]["requestor"]["name"]
    )
    assert metadata.author == expected_author


def test_manifest_matches_the_packet(built) -> None:
    result = built["result"]
    manifest = json.loads(result.manifest.read_text())
    packet_bytes = result.output.read_bytes()
    assert manifest["packet"]["sha256"] == hashlib.sha256(packet_bytes).hexdigest()
    assert manifest["packet"]["pages"] == len(built["reader"].pages)
    assert manifest["draft"] is False
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
