"""Size under a filing limit: check's estimate, parts, an exhibit split between parts, a page
no part can hold; the figures checked against the files' own sizes."""

from __future__ import annotations

import pytest

from helpers import CaseFolder, pdf_bytes
from packetbuilder.build.size import (
    PAGE_OVERHEAD,
    Piece,
    Unit,
    parse_size,
    split_into_parts,
)
from packetbuilder.errors import UsageError


def noise_jpeg(seed: int, size: tuple[int, int] = (1200, 1500)) -> bytes:
    """A JPEG that does not compress away: about 1 MB of noise."""
    import io
    import random

    from PIL import Image

    rng = random.Random(seed)
    image = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, dpi=(150, 150))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("25MB", 25_000_000), ("12 MB", 12_000_000), ("500kb", 500_000), ("1.5GB", 1_500_000_000)],
)
def test_sizes_are_read_in_decimal_units(text: str, expected: int) -> None:
    assert parse_size(text) == expected


@pytest.mark.parametrize("text", ["25 MiB", "big", "-3MB", "10KB"])
def test_a_size_that_is_not_one_is_a_usage_error(text: str) -> None:
    with pytest.raises(UsageError):
        parse_size(text)


def test_parts_break_between_units_and_split_only_a_unit_too_large_alone() -> None:
    front = Unit("front", (50_000,) * 3)
    small = Unit("A", (1_000,) + (300_000,) * 2)
    large = Unit("B", (1_000,) + (400_000,) * 6)  # 2.4 MB: more than a 1 MB part
    parts = split_into_parts([front, small, small, large, small], 1_000_000)
    assert parts[0][0] == Piece(0, 0, 3)  # the front matter opens Part 1
    units_in = [[piece.unit for piece in part] for part in parts]
    assert units_in[0] == [0, 1]
    assert [piece for part in parts for piece in part if piece.unit == 3] == [
        Piece(3, 0, 3),
        Piece(3, 3, 5),
        Piece(3, 5, 7),
    ]
    budgets = [
        sum(
            sum(([front, small, small, large, small][p.unit].pages)[p.start : p.stop]) for p in part
        )
        for part in parts
    ]
    assert all(size <= 1_000_000 for size in budgets)
    # Every page of every unit is in exactly one part, in order.
    flat = [(p.unit, page) for part in parts for p in part for page in range(p.start, p.stop)]
    assert flat == [
        (u, page)
        for u, unit in enumerate([front, small, small, large, small])
        for page in range(len(unit.pages))
    ]


def test_check_estimates_the_size_and_warns_over_a_limit(
    case_folder: CaseFolder, run_check
) -> None:
    scans = [noise_jpeg(seed) for seed in range(4)]
    for number, scan in enumerate(scans):
        case_folder.add_exhibit(f"scan{number}", f"exhibits/scan{number}.jpg", scan)
    files = sum(len(scan) for scan in scans)
    report = run_check(case_folder)
    assert report.size.limit_bytes is None and report.size.parts == 1
    assert files < report.size.estimated_bytes < files * 1.05 + 200_000
    assert not {"packet-over-limit", "exhibit-split"} & {f.code for f in report.findings}
    limit = (files // 2) + 200_000
    report = run_check(case_folder, max_size=limit)
    [warning] = [f for f in report.findings if f.code == "packet-over-limit"]
    assert report.size.parts >= 2 and f"{report.size.parts} parts" in warning.message
    assert warning.location is not None and warning.location.file == "case.yaml"
    report = run_check(case_folder, target="ecas")
    assert report.size.limit_bytes == 25_000_000 and report.size.parts == 1


def test_an_exhibit_larger_than_a_part_is_split_and_a_page_too_large_is_an_error(
    case_folder: CaseFolder, run_check
) -> None:
    case_folder.add_exhibit("scans", "exhibits/scans.pdf", pdf_bytes(3))
    case_folder.add_exhibit("big", "exhibits/big.jpg", noise_jpeg(7, (2000, 2000)))
    report = run_check(case_folder, max_size=parse_size("500KB"))
    [error] = [f for f in report.findings if f.code == "page-over-limit"]
    assert error.exhibit == "big" and "--downsample" in error.message


def test_a_per_page_estimate_includes_what_the_packet_adds() -> None:
    from packetbuilder.build.size import file_pages

    class Source:
        size, pages = 10_000, 4

    assert file_pages([Source()], 4) == [2_500 + PAGE_OVERHEAD] * 4


def test_an_exhibit_over_a_per_exhibit_limit_is_an_error(
    case_folder: CaseFolder, run_check
) -> None:
    from packetbuilder.build.size import LIMIT_MARGIN, PART_OVERHEAD

    for name in ("front", "back"):
        case_folder.write_file(f"exhibits/{name}.jpg", noise_jpeg(len(name)))
    entry = case_folder.add_exhibit("photos", "exhibits/front.jpg")
    del entry["file"]
    entry["files"] = ["exhibits/front.jpg", "exhibits/back.jpg"]
    page = len(noise_jpeg(5))
    # Room in one file for one page of the exhibit, not for both.
    limit = int((1.5 * page + PART_OVERHEAD) / LIMIT_MARGIN)
    report = run_check(case_folder, target="uscis-online", max_size=limit)
    assert "exhibit-over-limit" in {f.code for f in report.errors}
    assert "page-over-limit" not in {f.code for f in report.findings}
    report = run_check(case_folder, target="uscis-online", max_size=limit * 3)
    assert "exhibit-over-limit" not in {f.code for f in report.findings}
