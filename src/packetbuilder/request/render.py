"""A client request as Markdown or as a PDF, through the templates folder (request.md.j2,
request.html.j2, request.css; a firm's --templates folder overrides them by file name) and
the bundled fonts, like the packet's front matter."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ..build.compose import template_environment, template_error, template_folders
from ..errors import InternalError, UsageError
from ..resources import fonts_dir
from .compute import ClientRequest

MARKDOWN_TEMPLATE = "request.md.j2"
HTML_TEMPLATE = "request.html.j2"
STYLESHEET = "request.css"
NO_DATE = dt.date(1980, 1, 1)  # the PDF's date when the case gives none (never the clock)

# What would start Markdown formatting inside a line of case text: emphasis, code, links,
# HTML; an underscore only at a word's edge (inside a word, as in a file name, it is text).
MARKDOWN_SPECIAL = re.compile(r"[\\`*<>\[\]]|(?<!\w)_|_(?!\w)")


def markdown_text(value: object) -> str:
    """Case text as literal Markdown on one line."""
    text = " ".join(str(value).split())
    text = MARKDOWN_SPECIAL.sub(lambda match: "\\" + match.group(0), text)
    return "\\" + text if text.startswith(("#", "+", "-", "=")) else text


def markdown_environment(templates_dir: Path | None) -> jinja2.Environment:
    """The templates' environment for Markdown: no HTML escaping, case text made literal."""
    if templates_dir is not None and not templates_dir.is_dir():
        raise UsageError(f"--templates {templates_dir}: not a folder")
    loader = jinja2.ChoiceLoader(
        [jinja2.FileSystemLoader(folder) for folder in template_folders(templates_dir)]
    )
    environment = SandboxedEnvironment(
        loader=loader,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["md"] = markdown_text
    return environment


def render(environment: jinja2.Environment, name: str, request: ClientRequest) -> str:
    """One template with the request; a mistake in a firm's template is a usage error."""
    try:
        return environment.get_template(name).render(request=request)
    except Exception as error:
        usage = template_error(error)
        if usage is not None:
            raise usage from None
        raise


def request_markdown(request: ClientRequest, templates_dir: Path | None = None) -> str:
    """The request as Markdown."""
    return render(markdown_environment(templates_dir), MARKDOWN_TEMPLATE, request)


def request_html(request: ClientRequest, templates_dir: Path | None = None) -> str:
    """The request as the HTML the PDF is laid out from."""
    return render(template_environment(templates_dir), HTML_TEMPLATE, request)


def stylesheet(templates_dir: Path | None) -> Path:
    """request.css from the firm's templates folder if it has one, else the shipped one."""
    for folder in template_folders(templates_dir):
        if (folder / STYLESHEET).is_file():
            return folder / STYLESHEET
    raise InternalError(f"{STYLESHEET} is missing from the shipped templates")


def request_pdf(request: ClientRequest, templates_dir: Path | None = None) -> bytes:
    """The request as a PDF, laid out with the bundled fonts only: the same on any machine."""
    html = request_html(request, templates_dir)
    css = stylesheet(templates_dir)
    from weasyprint import CSS, HTML  # imported by build.layout, where its libraries are found

    from ..build.layout import BundledFontsOnly, ConfinedFetcher, font_face_css, source_date_epoch

    fonts = BundledFontsOnly()
    folders = [*template_folders(templates_dir), fonts_dir()]
    stylesheets = [
        CSS(string=font_face_css(), url_fetcher=ConfinedFetcher([fonts_dir()]), font_config=fonts),
        CSS(
            filename=str(css),
            url_fetcher=ConfinedFetcher([css.parent, fonts_dir()]),
            font_config=fonts,
        ),
    ]
    document = HTML(
        string=html, base_url=str(css.parent) + os.sep, url_fetcher=ConfinedFetcher(folders)
    ).render(stylesheets=stylesheets, font_config=fonts)
    with source_date_epoch(request.date or NO_DATE):
        return bytes(document.write_pdf())
