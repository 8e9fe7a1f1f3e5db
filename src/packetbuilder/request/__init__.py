"""`packet request`: a plain-language document request to the client, in English or Spanish,
computed from check's report (compute), worded from data (wording: case/data/client.yaml and
the profiles' `client:`), and written as Markdown or PDF through the templates (render)."""

from __future__ import annotations

from .compute import ClientRequest, RequestGroup, RequestItem, compose_request
from .render import request_markdown, request_pdf
from .wording import LANGUAGES, Language, client_data

__all__ = [
    "LANGUAGES",
    "ClientRequest",
    "Language",
    "RequestGroup",
    "RequestItem",
    "client_data",
    "compose_request",
    "request_markdown",
    "request_pdf",
]
