"""Optional content (layers): the packet keeps each exhibit's layers and their default state.

A page draws layered content by naming optional content groups (OCGs); whether a group shows
is set in the document's catalog (/OCProperties), which merging pages alone leaves behind:
without it every layer shows, hidden content and the fallbacks meant for a layer that is off
among them. So the groups of each exhibit and its default view go into the packet's catalog.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject


@dataclass
class Layers:
    """The optional content groups of the packet, and those off by default."""

    groups: list[IndirectObject] = field(default_factory=list)
    off: list[IndirectObject] = field(default_factory=list)

    def add_from(self, reader: PdfReader, writer: PdfWriter) -> None:
        """The groups of one exhibit, as cloned into the packet (the same objects its pages
        now name), with its default view's OFF groups."""
        properties = resolved(reader.root_object.get("/OCProperties"))
        if not isinstance(properties, DictionaryObject):
            return
        default = resolved(properties.get("/D"))
        default = default if isinstance(default, DictionaryObject) else DictionaryObject()
        groups = [cloned(item, writer) for item in listed(properties.get("/OCGs"))]
        on = {id(resolved(item)) for item in listed(default.get("/ON"))}
        off = {id(resolved(item)) for item in listed(default.get("/OFF"))}
        base_off = default.get("/BaseState") == "/OFF"
        for item, group in zip(listed(properties.get("/OCGs")), groups, strict=True):
            if group is None:
                continue
            self.groups.append(group)
            hidden = id(resolved(item)) in off or (base_off and id(resolved(item)) not in on)
            if hidden:
                self.off.append(group)

    def write_into(self, writer: PdfWriter) -> None:
        """Set the packet's /OCProperties (nothing when no exhibit has layers)."""
        if not self.groups:
            return
        writer.root_object[NameObject("/OCProperties")] = DictionaryObject(
            {
                NameObject("/OCGs"): ArrayObject(self.groups),
                NameObject("/D"): DictionaryObject(
                    {
                        NameObject("/BaseState"): NameObject("/ON"),
                        NameObject("/OFF"): ArrayObject(self.off),
                        NameObject("/Order"): ArrayObject(self.groups),
                    }
                ),
            }
        )


def resolved(value: Any) -> Any:
    return value.get_object() if hasattr(value, "get_object") else value


def listed(value: Any) -> list[Any]:
    value = resolved(value)
    return list(value) if isinstance(value, ArrayObject) else []


def cloned(item: Any, writer: PdfWriter) -> IndirectObject | None:
    """The packet's copy of a source group (pypdf returns the copy already made, if any)."""
    group = resolved(item)
    if not isinstance(group, DictionaryObject):
        return None
    copy = group.clone(writer)
    reference = getattr(copy, "indirect_reference", None)
    return reference if isinstance(reference, IndirectObject) else None
