"""Rebuild the bundled font files from Debian's fonts-noto-core package.

Reproducible: same .deb in -> same bytes out (checked by running twice).

    apt-get download fonts-noto-core          # fonts-noto-core_20201225-1_all.deb
    dpkg -x fonts-noto-core_20201225-1_all.deb _deb/core
    .venv/bin/python tools/build_fonts.py _deb/core/usr/share/fonts/truetype/noto \
        src/packetbuilder/fonts

What is changed relative to Debian's files (this makes them an OFL "Modified Version";
Noto declares no Reserved Font Name, so the family name is kept):
  * TrueType hinting removed (fpgm/prep/cvt/hdmx/... tables and glyph programs): ~40 %
    smaller. WeasyPrint drops hinting from the fonts it embeds anyway (hinting=False is
    its default), and the pypdf stamp embedder below does too, so PDFs are unaffected.
  * DSIG (an empty/invalid signature once the font is modified) dropped; post table
    glyph names dropped (post format 3).
  * name ID 5 (version string) rewritten to say so.
Everything else (all glyphs, same glyph ids, cmap, GSUB/GPOS/GDEF, metrics, the
'head' created/modified timestamps) is kept.
"""

import hashlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FILES = [
    "NotoSerif-Regular.ttf",
    "NotoSerif-Bold.ttf",
    "NotoSerif-Italic.ttf",
    "NotoSerif-BoldItalic.ttf",
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoSansArabic-Regular.ttf",
    "NotoSansArabic-Bold.ttf",
    "NotoSansHebrew-Regular.ttf",
    "NotoSansHebrew-Bold.ttf",
]
SOURCE = "Debian fonts-noto-core 20201225-1"


def dehint(src: Path, dst: Path) -> None:
    # recalcTimestamp=False: keep head.modified from the original (fontTools' default
    # True would stamp "now" into every build -> non-reproducible bytes).
    font = TTFont(src, recalcTimestamp=False, recalcBBoxes=False)
    opts = subset.Options()
    opts.hinting = False
    opts.retain_gids = True  # keep every glyph at its original id
    opts.layout_features = ["*"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.notdef_outline = True
    opts.legacy_kern = True
    opts.prune_unicode_ranges = False
    opts.prune_codepage_ranges = False
    opts.drop_tables = opts.drop_tables + ["DSIG"]
    sub = subset.Subsetter(opts)
    sub.populate(glyphs=font.getGlyphOrder(), unicodes=font.getBestCmap().keys())
    sub.subset(font)
    name = font["name"]
    old = name.getDebugName(5)
    version = old.split(";")[0]
    name.setName(f"{version}; hinting removed (packetbuilder, from {SOURCE})", 5, 3, 1, 0x409)
    name.setName(f"{version}; hinting removed (packetbuilder, from {SOURCE})", 5, 1, 0, 0)
    font.save(dst)


# The fonts the build draws with directly (stamps, tab pages): the Latin alphabets only, so
# that each is small enough to embed whole; a tab title they cannot show goes through
# WeasyPrint and the full fonts instead.
LATIN = [
    *range(0x20, 0x7F),  # Basic Latin
    *range(0xA0, 0x100),  # Latin-1 Supplement
    *range(0x100, 0x180),  # Latin Extended-A
    *range(0x2010, 0x2028),  # dashes, quotation marks, bullet, ellipsis
    0x2030,
    0x2032,
    0x2033,
    0x2039,
    0x203A,
    0x20AC,
    0x2122,
]
LATIN_SUBSETS = {
    "NotoSans-Regular.ttf": "NotoSans-Regular-Latin.ttf",
    "NotoSans-Bold.ttf": "NotoSans-Bold-Latin.ttf",
    "NotoSerif-Regular.ttf": "NotoSerif-Regular-Latin.ttf",
}


def latin_subset(src: Path, dst: Path) -> None:
    font = TTFont(src, recalcTimestamp=False, recalcBBoxes=False)
    opts = subset.Options()
    opts.hinting = False
    opts.layout_features = []
    opts.drop_tables = opts.drop_tables + ["GSUB", "GPOS", "GDEF", "DSIG", "kern"]
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 13, 14]  # the OFL notice travels with it
    opts.notdef_outline = True
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=LATIN)
    sub.subset(font)
    font.save(dst)


def main(src_dir: str, out_dir: str) -> None:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for f in FILES:
        dehint(Path(src_dir) / f, out / f)
        data = (out / f).read_bytes()
        print(f"{f:30s} {len(data):8d}  sha256 {hashlib.sha256(data).hexdigest()}")
    for source, target in LATIN_SUBSETS.items():
        latin_subset(out / source, out / target)
        data = (out / target).read_bytes()
        print(f"{target:30s} {len(data):8d}  sha256 {hashlib.sha256(data).hexdigest()}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
