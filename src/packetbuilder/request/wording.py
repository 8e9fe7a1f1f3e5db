"""The client wording of `packet request`, as data: case/data/client.yaml (files, findings,
fixed sentences) and the `client: {en, es}` of each requirement in the profiles."""

from __future__ import annotations

import functools
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..case.data import read_data
from ..case.profiles import ClientWording

Language = Literal["en", "es"]
LANGUAGES: tuple[Language, ...] = ("en", "es")
OTHER_FILE_PROBLEM = "other"  # the wording of a file problem that has none of its own


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Sentences(Strict):
    """The fixed sentences of a request; a typo in the data is an error, never a blank."""

    title: ClientWording
    greeting: ClientWording
    greeting_no_name: ClientWording
    intro: ClientWording
    needed: ClientWording
    nothing_needed: ClientWording
    for_person: ClientWording
    for_everyone: ClientWording
    how_to_send_heading: ClientWording
    how_to_send: ClientWording
    contact: ClientWording
    closing: ClientWording
    disclaimer: ClientWording


class ClientData(Strict):
    """case/data/client.yaml."""

    files: dict[str, ClientWording]  # what is wrong with a file, by finding code
    office_only: list[str] = []  # file problems the office fixes itself
    documents: dict[str, ClientWording]  # what a finding about a document asks for, by code
    text: Sentences


@functools.cache
def client_data() -> ClientData:
    """The client wording shipped with the tool."""
    return ClientData.model_validate(read_data("client.yaml"))


def said(wording: ClientWording, lang: Language) -> str:
    """The wording in one language."""
    return wording.es if lang == "es" else wording.en


def other_language(lang: Language) -> Language:
    """The other language of the request (its disclaimer is given in both)."""
    return "en" if lang == "es" else "es"
