"""Parts and one file per exhibit: checked against the packet built as one file (its pages'
content, its Bates numbers read by poppler-independent pypdf text) and the limit."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from helpers import CaseFolder
from packetbuilder import api
from packetbuilder.build import split
from packetbuilder.errors import CaseHasErrors, OutputNotWritable
from packetbuilder.options import BuildOptions
from test_size import noise_jpeg

BATES = re.compile(r"\b(TEST1-\d{6})\b")
LIMIT = 900_000  # two ~350 KB scans to a part


def scans_case(case_folder: CaseFolder, count: int = 6, size=(560, 700)) -> Path:
    for number in range(count):
        jpeg = noise_jpeg(number, size)
        case_folder.add_exhibit(f"scan{number}", f"exhibits/scan{number}.jpg", jpeg)
    return case_folder.write()


def bundle_case(case_folder: CaseFolder) -> None:
    """A small scan, then `bundle`: four scans in one exhibit, more than a part holds."""
    for number in range(5):
        case_folder.write_file(f"exhibits/page{number}.jpg", noise_jpeg(number, (560, 700)))
    case_folder.add_exhibit("small", "exhibits/page0.jpg")
    entry = case_folder.add_exhibit("bundle", "exhibits/page1.jpg")
    del entry["file"]
    entry["files"] = [f"exhibits/page{number}.jpg" for number in range(1, 5)]


def bates_numbers(pdf: Path) -> list[str | None]:
    numbers = []
    for page in PdfReader(pdf).pages:
        found = BATES.findall(page.extract_text() or "")
        numbers.append(found[-1] if found else None)
    return numbers


def parts_of(folder: Path) -> list[Path]:
    return sorted(folder.glob("*_Part*.pdf"), key=lambda path: int(path.stem.rsplit("Part")[-1]))


def test_a_packet_over_the_limit_is_written_in_parts(
    case_folder: CaseFolder, tmp_path: Path
) -> None:
    case = scans_case(case_folder, 5)
    assert api.check(case, BuildOptions(max_size=LIMIT)).size.parts == 3  # as check predicts
    whole = api.build(case, BuildOptions(output=tmp_path / "whole.pdf"))
    result = api.build(case, BuildOptions(max_size=LIMIT))
    folder = case_folder.root / "build" / "TEST-1-packet-parts"
    assert result.output == folder and folder.is_dir()
    assert not (case_folder.root / "build" / "TEST-1-packet.pdf").exists()  # no single file
    parts = parts_of(folder)
    assert [path.name for path in parts] == [f"TEST-1-packet_Part{n}.pdf" for n in (1, 2, 3)]
    assert all(path.stat().st_size <= LIMIT for path in parts)
    # Together, the parts are the packet's pages with the packet's Bates numbers, in order.
    joined = [number for path in parts for number in bates_numbers(path)]
    assert joined == bates_numbers(whole.output)
    assert joined == [f"TEST1-{n:06d}" for n in range(1, len(joined) + 1)]
    # Part 1 holds the letter and the index; each part is titled and bookmarked on its own.
    first_text = "".join(page.extract_text() for page in PdfReader(parts[0]).pages[:4])
    assert "Index of exhibits" in first_text and "Part 2 of 3" in first_text
    assert re.search(r"Exhibit\s+[A-F]\s+\(Part\s+[23],\s+p\.\s+\d+\)", first_text)
    for number, path in enumerate(parts, start=1):
        reader = PdfReader(path)
        assert reader.metadata.title.endswith(f"(part {number} of 3)")
        assert reader.outline, f"{path.name} has no bookmarks"
    manifest = json.loads((folder / "TEST-1-manifest.json").read_text())
    assert [part["file"] for part in manifest["parts"]] == [path.name for path in parts]
    for part, path in zip(manifest["parts"], parts, strict=True):
        assert part["size"] == path.stat().st_size and part["pages"] == len(PdfReader(path).pages)
        numbers = bates_numbers(path)
        assert part["bates"] == [numbers[0], numbers[-1]]


def test_parts_are_the_same_bytes_on_every_build(case_folder: CaseFolder) -> None:
    case = scans_case(case_folder, 4)
    api.build(case, BuildOptions(max_size=LIMIT))
    folder = case_folder.root / "build" / "TEST-1-packet-parts"
    first = {path.name: path.read_bytes() for path in folder.iterdir()}
    api.build(case, BuildOptions(max_size=LIMIT, force=True))
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == first


def test_an_existing_set_of_parts_needs_force(case_folder: CaseFolder) -> None:
    case = scans_case(case_folder, 4)
    api.build(case, BuildOptions(max_size=LIMIT))
    with pytest.raises(OutputNotWritable):
        api.build(case, BuildOptions(max_size=LIMIT))


def test_an_interrupted_parts_build_leaves_the_previous_set(
    case_folder: CaseFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = scans_case(case_folder, 4)
    api.build(case, BuildOptions(max_size=LIMIT))
    folder = case_folder.root / "build" / "TEST-1-packet-parts"
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    real_cut = split.cut
    calls = []

    def cut_then_stop(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C after the first part was written
        return real_cut(*args, **kwargs)

    monkeypatch.setattr(split, "cut", cut_then_stop)
    case_folder.data["reason"]["narrative"] += " A changed narrative."
    with pytest.raises(KeyboardInterrupt):
        api.build(case_folder.write(), BuildOptions(max_size=LIMIT, force=True))
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
    leftovers = [path for path in folder.parent.iterdir() if path.name.startswith(".")]
    assert not leftovers, leftovers


def test_an_exhibit_larger_than_a_part_is_split_between_parts(case_folder: CaseFolder) -> None:
    bundle_case(case_folder)
    report = api.check(case_folder.write(), BuildOptions(max_size=LIMIT))
    assert "exhibit-split" in {finding.code for finding in report.findings}
    result = api.build(case_folder.write(), BuildOptions(max_size=LIMIT))
    parts = parts_of(result.output)
    assert len(parts) >= 3 and all(path.stat().st_size <= LIMIT for path in parts)
    index = "".join(page.extract_text() for page in PdfReader(parts[0]).pages[:4])
    assert re.search(r"\(Parts\s+\d–\d\)", index)
    last = PdfReader(parts[-1])  # the bundle's last pages: bookmarked as its continuation
    assert [item.title for item in last.outline] == ["D. Exhibit bundle (continued)"]


def test_a_page_larger_than_the_limit_is_refused(case_folder: CaseFolder) -> None:
    case = scans_case(case_folder, 1, size=(1200, 1500))
    with pytest.raises(CaseHasErrors) as refused:
        api.build(case, BuildOptions(max_size=400_000))
    assert "page-over-limit" in {finding.code for finding in refused.value.report.errors}


def test_one_file_per_exhibit_holds_the_packets_own_pages(
    case_folder: CaseFolder, tmp_path: Path
) -> None:
    case = scans_case(case_folder, 3)
    result = api.build(case, BuildOptions(output=tmp_path / "packet.pdf", per_exhibit=True))
    folder = tmp_path / "TEST-1-exhibits"
    names = sorted(path.name for path in folder.iterdir())
    tabs = json.loads((tmp_path / "packet-manifest.json").read_text())["tabs"]
    assert names == ["00-cover-and-index.pdf", *(f"{t['label']}-{t['id']}.pdf" for t in tabs)]
    assert {"C-scan0.pdf", "E-scan2.pdf"} <= set(names)
    packet = PdfReader(result.output)
    offset = 0
    for name in names:
        pages = PdfReader(folder / name).pages
        for page in pages:
            original = packet.pages[offset]
            assert page.get_contents().get_data() == original.get_contents().get_data(), name
            offset += 1
    assert offset == len(packet.pages)


def test_a_packet_larger_than_estimated_is_planned_again_into_parts(
    case_folder: CaseFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from packetbuilder.build import size

    real = size.file_pages
    monkeypatch.setattr(
        size, "file_pages", lambda files, pages: [p // 4 for p in real(files, pages)]
    )
    case = scans_case(case_folder, 4)
    assert api.check(case, BuildOptions(max_size=LIMIT)).size.parts == 1  # estimated too low
    result = api.build(case, BuildOptions(max_size=LIMIT))
    assert result.output.name == "TEST-1-packet-parts"
    assert all(path.stat().st_size <= LIMIT for path in parts_of(result.output))
    assert result.manifest == result.output / "TEST-1-manifest.json" and result.manifest.exists()


def test_the_other_form_of_an_earlier_packet_goes_when_the_new_one_is_in_place(
    case_folder: CaseFolder,
) -> None:
    case = scans_case(case_folder, 4)
    build = case_folder.root / "build"
    api.build(case, BuildOptions())
    assert (build / "TEST-1-packet.pdf").exists()
    with pytest.raises(OutputNotWritable):  # the single file is there: only with --force
        api.build(case, BuildOptions(max_size=LIMIT))
    api.build(case, BuildOptions(max_size=LIMIT, force=True))
    assert (
        not (build / "TEST-1-packet.pdf").exists() and not (build / "TEST-1-manifest.json").exists()
    )
    assert (build / "TEST-1-packet-parts").is_dir()
    api.build(case, BuildOptions(force=True))
    assert (build / "TEST-1-packet.pdf").exists() and not (build / "TEST-1-packet-parts").exists()
    hidden = [path.name for path in build.iterdir() if path.name.startswith(".")]
    assert set(hidden) <= {".cache"}, hidden  # no staging folder left behind


def test_the_index_heads_each_part_once_after_a_split_exhibit(case_folder: CaseFolder) -> None:
    bundle_case(case_folder)
    case_folder.write_file("exhibits/page5.jpg", noise_jpeg(5, (560, 700)))
    case_folder.add_exhibit("after", "exhibits/page5.jpg")
    result = api.build(case_folder.write(), BuildOptions(max_size=LIMIT))
    parts = parts_of(result.output)
    index = " ".join(page.extract_text() for page in PdfReader(parts[0]).pages[:4])
    headings = [int(n) for n in re.findall(r"Part (\d+) of \d+", index)]
    assert headings == sorted(set(headings))  # each once, in order
    # The exhibit after the split one sits under the part its tab page is in.
    manifest = json.loads((result.output / "TEST-1-manifest.json").read_text())
    after = next(tab for tab in manifest["tabs"] if tab["id"] == "after")
    part_of_after = next(
        number
        for number, part in enumerate(manifest["parts"], start=1)
        if part["pdf_pages"][0] <= after["tab_page"] <= part["pdf_pages"][1]
    )
    text_before_after = index.split(f"Exhibit {after['id']}")[0]
    assert re.findall(r"Part (\d+) of", text_before_after)[-1] == str(part_of_after)


def test_the_proof_of_a_part_knows_its_pages_from_the_folders_manifest(
    case_folder: CaseFolder,
) -> None:
    case = scans_case(case_folder, 4)
    result = api.build(case, BuildOptions(max_size=LIMIT))
    second = parts_of(result.output)[1]
    proof = api.proof(second)
    manifest = json.loads(result.manifest.read_text())
    first_pdf_page = manifest["parts"][1]["pdf_pages"][0]
    pages = list(__import__("packetbuilder.proof", fromlist=["read_pages"]).read_pages(second))
    tabs = [page for page in pages if page.role and page.role.startswith("Tab ")]
    assert tabs, [page.role for page in pages]
    for tab in manifest["tabs"]:
        if tab["tab_page"] >= first_pdf_page:
            page = pages[tab["tab_page"] - first_pdf_page]
            assert page.role == f"Tab {tab['label']}"
    assert not [page for page in proof.flagged if page.tab_page]


def test_parts_are_planned_from_the_images_as_resampled(case_folder: CaseFolder) -> None:
    for number in range(3):  # 2400 x 3000 px on a Letter page, about 320 dpi: resampled
        jpeg = noise_jpeg(number, (2400, 3000))
        case_folder.add_exhibit(f"scan{number}", f"exhibits/scan{number}.jpg", jpeg)
    case = case_folder.write()
    limit = 8_000_000
    lossless = api.build(case, BuildOptions(max_size=limit))
    assert len(parts_of(lossless.output)) >= 2
    resampled = api.build(case, BuildOptions(max_size=limit, downsample=150, force=True))
    assert resampled.output.name == "TEST-1-packet.pdf"  # one file: the resampled scans fit
    assert resampled.output.stat().st_size <= limit
