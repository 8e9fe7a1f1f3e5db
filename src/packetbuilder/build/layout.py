"""Layout: composed HTML → laid-out, measured PDF pages (WeasyPrint).

In a `LayoutWorker` this is all the worker imports besides the light modules below; `compose`
makes the HTML from the case with Jinja2. WeasyPrint is imported here only:
`packet check` never loads it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from ..errors import InternalError
from ..paths import is_inside
from ..resources import fonts_dir, shipped_templates_dir
from ._sharedlibs import listed_library_lookup
from .frontmatter import FrontMatterSize, LayoutRequest, RenderedFrontMatter

with listed_library_lookup():  # WeasyPrint finds Pango, HarfBuzz and fontconfig at import
    from weasyprint import CSS, HTML
    from weasyprint.text import ffi as text_ffi
    from weasyprint.text.ffi import harfbuzz_subset
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

# Not among the declarations WeasyPrint makes; an empty configuration has no system font in it.
text_ffi.ffi.cdef("FcConfig * FcConfigCreate (void);")

# The bundled fonts, one family per set of files: the stylesheets name these and nothing
# else, so a packet looks the same on any machine. Arabic and Hebrew come after the Latin
# family in each font stack (they have almost no Latin punctuation). No `unicode-range`:
# WeasyPrint 70 keys embedded fonts by family and style, so two files under one family and
# style would share one font in the PDF.
FONT_FACES = (
    ("PB Serif", "normal", "normal", "NotoSerif-Regular.ttf"),
    ("PB Serif", "bold", "normal", "NotoSerif-Bold.ttf"),
    ("PB Serif", "normal", "italic", "NotoSerif-Italic.ttf"),
    ("PB Serif", "bold", "italic", "NotoSerif-BoldItalic.ttf"),
    ("PB Sans", "normal", "normal", "NotoSans-Regular.ttf"),
    ("PB Sans", "bold", "normal", "NotoSans-Bold.ttf"),
    ("PB Arabic", "normal", "normal", "NotoSansArabic-Regular.ttf"),
    ("PB Arabic", "bold", "normal", "NotoSansArabic-Bold.ttf"),
    ("PB Hebrew", "normal", "normal", "NotoSansHebrew-Regular.ttf"),
    ("PB Hebrew", "bold", "normal", "NotoSansHebrew-Bold.ttf"),
)


def font_face_css() -> str:
    """@font-face rules for the bundled fonts, by absolute file URL (a firm's own stylesheet
    in --templates DIR names the same families)."""
    folder = fonts_dir()
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
        f'src: url("{(folder / file).as_uri()}") format("truetype"); }}'
        for family, weight, style, file in FONT_FACES
    )


class BundledFontsOnly(FontConfiguration):
    """A font configuration without the machine's fonts: only those of @font-face rules.

    Pango falls back through fontconfig for a character the named fonts lack; with the
    machine's fonts in the configuration, the packet would depend on what is installed."""

    def __init__(self) -> None:
        super().__init__()
        lib = text_ffi
        self._config = lib.fontconfig.FcConfigCreate()
        font_map = lib.ffi.cast("PangoFcFontMap *", self.font_map)
        lib.pangoft2.pango_fc_font_map_set_config(font_map, self._config)
        lib.fontconfig.FcConfigDestroy(self._config)  # the font map keeps its own reference


class ConfinedFetcher(URLFetcher):
    """Fetches only `data:` URLs and files inside the allowed folders: no network, no other file."""

    def __init__(self, allowed_folders: list[Path]) -> None:
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
        self.allowed_folders = [folder.resolve() for folder in allowed_folders]

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
        if url.startswith("file:"):
            path = Path(unquote(urlparse(url).path)).resolve()
            if not any(is_inside(path, folder) for folder in self.allowed_folders):
                raise ValueError(f"refused to read {path}: outside the templates and case folders")
        elif not url.startswith("data:"):
            raise ValueError(f"refused to fetch {url}: the packet is built without the network")
        return super().fetch(url, headers)


def lay_out(request: LayoutRequest) -> RenderedFrontMatter:
    """Lay the HTML out and measure it; write the PDF only if the measured size is the one the
    page numbers in it were composed for."""
    fetcher = ConfinedFetcher([*request.allowed_folders, fonts_dir()])
    fonts = BundledFontsOnly()  # the stylesheets' @font-face rules and the layout share it
    stylesheets = [
        CSS(string=font_face_css(), url_fetcher=ConfinedFetcher([fonts_dir()]), font_config=fonts),
        CSS(
            filename=str(request.stylesheet),
            url_fetcher=ConfinedFetcher(
                [request.stylesheet.parent, request.base_folder, fonts_dir()]
            ),
            font_config=fonts,
        ),
    ]
    document = HTML(
        string=request.html, base_url=str(request.base_folder) + os.sep, url_fetcher=fetcher
    ).render(stylesheets=stylesheets, font_config=fonts)
    size, tab_pages, placeholder_pages = measure(document, request.tab_labels)
    pdf = None
    if size == request.size:
        with source_date_epoch(request.date):
            pdf = document.write_pdf()
    return RenderedFrontMatter(pdf, size, tab_pages, placeholder_pages)


# Text in each face and element the shipped stylesheet uses, to warm the layout up with.
WARM_UP_HTML = (
    '<section id="cover"><header class="letterhead"><div class="firm">Firm</div></header>'
    '<table class="re"><tr><th>Re:</th><td>Parole</td></tr></table><h2>Background</h2>'
    '<p>Text, <a class="cite" href="#index">Exhibit A (p. 7)</a>, <b>bold</b> <i>italic</i>.</p>'
    '</section><section id="index" class="index"><h1>Index of exhibits</h1>'
    '<table class="exhibits"><tr><th class="label">Exhibit</th><th>Document</th></tr>'
    '<tr><td class="label">A</td><td><a href="#cover">Passport</a></td></tr></table></section>'
)


def warm_up() -> Iterator[None]:
    """Lay out and write a tiny page with the shipped stylesheet and throw it away, in steps.

    The first layout in a process loads the fonts and builds the C types it needs; done while
    the worker waits for its first request, that is no longer on the way to the packet. The
    worker stops between steps once a request is waiting: the tiny page is wasted work then.
    """
    fonts = BundledFontsOnly()
    stylesheets = [
        CSS(string=font_face_css(), url_fetcher=ConfinedFetcher([fonts_dir()]), font_config=fonts),
        CSS(filename=str(shipped_templates_dir() / "packet.css"), font_config=fonts),
    ]
    yield
    document = HTML(string=WARM_UP_HTML).render(stylesheets=stylesheets, font_config=fonts)
    yield
    document.write_pdf()


def measure(
    document: Any, tab_labels: tuple[str, ...]
) -> tuple[FrontMatterSize, dict[str, int], dict[str, int]]:
    """Count the cover and index pages and find each tab and placeholder page by its anchor."""
    where: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            where.setdefault(anchor, index)
    tail = sorted(index for anchor, index in where.items() if anchor.startswith(("tab-", "pl")))
    first_tail = tail[0] if tail else len(document.pages)
    size = FrontMatterSize(cover=where["index"] - where["cover"], index=first_tail - where["index"])
    tab_pages = {label: where[f"tab-{label}"] for label in tab_labels}
    placeholder_pages = {
        anchor.removeprefix("placeholder-"): index
        for anchor, index in where.items()
        if anchor.startswith("placeholder-")
    }
    expected = size.total + len(tab_pages) + len(placeholder_pages)
    if len(document.pages) != expected or tail != list(range(first_tail, len(document.pages))):
        raise InternalError(
            "a tab or placeholder page did not fit on one page (a template override may be "
            "too long)"
        )
    return size, tab_pages, placeholder_pages


@contextlib.contextmanager
def source_date_epoch(date: dt.date) -> Iterator[None]:
    """Without HarfBuzz's subsetter, WeasyPrint subsets fonts with fontTools, which writes the
    clock's time into each font unless SOURCE_DATE_EPOCH is set: pin it to the case date for
    the write, and restore it. With the subsetter (the Makefile installs it) nothing is changed."""
    if harfbuzz_subset is not None:
        yield
        return
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    midnight = dt.datetime.combine(date, dt.time(), tzinfo=dt.UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
