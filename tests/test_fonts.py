"""Fonts: every font the packet's own pages use ships with the tool, so a packet is the same
on a machine with no fonts installed at all."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from helpers import REPO, CaseFolder, pdf_bytes
from packetbuilder.build.fonts import SANS, SANS_BOLD, SERIF
from packetbuilder.resources import fonts_dir

EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


def embedded_fonts(reader: PdfReader) -> set[str]:
    """The /BaseFont of every font with an embedded font file, in pages and their XObjects."""
    names: set[str] = set()
    seen: set[int] = set()

    def visit(resources: DictionaryObject | None) -> None:
        if resources is None or id(resources) in seen:
            return
        seen.add(id(resources))
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            if descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                names.add(str(font["/BaseFont"]))
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            inner = xobject.get("/Resources")
            visit(inner.get_object() if inner is not None else None)

    for page in reader.pages:
        visit(page.get("/Resources"))
    return names


def packet_of(case_folder: CaseFolder, tmp_path: Path, name: str, env: dict[str, str]) -> bytes:
    """`packet build` run as a user runs it, in its own process with `env`."""
    output = tmp_path / f"{name}.pdf"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "packetbuilder",
            "build",
            str(case_folder.write()),
            "-o",
            str(output),
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    return output.read_bytes()


@pytest.fixture
def multilingual(case_folder: CaseFolder) -> CaseFolder:
    case_folder.data["reason"]["narrative"] += " Ζωή, Жизнь, חיים, حياة — “quoted” § 212.5 → ☎."
    case_folder.add_exhibit("arabic", "exhibits/arabic.pdf", pdf_bytes(1), title="شهادة الميلاد")
    case_folder.add_exhibit("hebrew", "exhibits/hebrew.pdf", pdf_bytes(1), title="תעודת לידה")
    case_folder.add_exhibit("greek", "exhibits/greek.pdf", pdf_bytes(1), title="Πιστοποιητικό")
    return case_folder


def test_the_packets_own_pages_use_only_bundled_fonts(
    multilingual: CaseFolder, tmp_path: Path
) -> None:
    packet = packet_of(multilingual, tmp_path, "packet", dict(os.environ))
    names = embedded_fonts(PdfReader(io.BytesIO(packet)))
    # The exhibits made by the tests draw with an unembedded standard font: every embedded
    # font is the packet's own, and each must be one of the files in the fonts folder.
    shipped = set()
    for file in fonts_dir().glob("*.ttf"):
        family = TTFont(file, lazy=True)["name"].getDebugName(6)
        shipped.add(family)
    assert names, "the front matter embeds its fonts"
    for name in names:
        bare = name.lstrip("/").split("+", 1)[-1]
        assert bare.startswith("PB-") or bare in shipped, f"{name} is not a bundled font"
    families = {name.lstrip("/").split("+", 1)[-1] for name in names}
    assert {"PB-Serif", "PB-Sans-Bold", "PB-Arabic", "PB-Hebrew"} <= families


def test_a_machine_without_fonts_makes_the_same_bytes(
    multilingual: CaseFolder, tmp_path: Path
) -> None:
    """fontconfig with no font folder at all: nothing to fall back on but the bundled fonts."""
    ordinary = packet_of(multilingual, tmp_path, "ordinary", dict(os.environ))
    conf = tmp_path / "fonts.conf"
    conf.write_text(EMPTY_FONTCONFIG.format(cache=tmp_path / "fc-cache"), "utf-8")
    bare_env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    bare_env.pop("FONTCONFIG_PATH", None)
    bare = packet_of(multilingual, tmp_path, "bare", bare_env)
    assert bare == ordinary


def test_the_latin_cuts_keep_the_glyphs_and_widths_of_their_fonts() -> None:
    """tools/build_fonts.py cuts the stamp and tab fonts from the full ones: same advances."""
    for cut, full in ((SANS, "NotoSans-Regular.ttf"), (SANS_BOLD, "NotoSans-Bold.ttf")) + (
        (SERIF, "NotoSerif-Regular.ttf"),
    ):
        small, large = TTFont(fonts_dir() / cut), TTFont(fonts_dir() / full)
        small_cmap, large_cmap = small.getBestCmap(), large.getBestCmap()
        assert ord("ł") in small_cmap and ord("€") in small_cmap
        for code, glyph in small_cmap.items():
            assert small["hmtx"][glyph][0] == large["hmtx"][large_cmap[code]][0], chr(code)


def test_the_licence_ships_beside_the_fonts() -> None:
    assert "SIL OPEN FONT LICENSE" in (fonts_dir() / "OFL.txt").read_text("utf-8").upper()
    assert fonts_dir().is_relative_to(REPO / "src" / "packetbuilder")
