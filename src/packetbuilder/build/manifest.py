"""The manifest: what went into the packet, page by page, for the record and for checking."""

from __future__ import annotations

from typing import Any

from ..exhibits.source import SourceFile
from .downsample import Downsampled
from .plan import PacketPlan
from .write import WrittenPacket


def packet_manifest(
    plan: PacketPlan, written: WrittenPacket, *, case_id: str, version: str
) -> dict[str, Any]:
    """The manifest of a written packet."""
    return {
        "tool": "packetbuilder",
        "version": version,
        "case": case_id,
        "draft": plan.draft,
        "packet": {"file": written.path.name, "sha256": written.sha256, "pages": written.pages},
        "front_matter": {
            "cover_pages": [1, plan.front.cover],
            "index_pages": [plan.index_page, plan.front.total],
            "bates": [plan.bates(1), plan.bates(plan.front.total)],
        },
        "forms": [
            {
                "id": form.id,
                "form": form.report.entry.name,
                "person": form.report.entry.person,
                "title": form.title,
                "pdf_pages": [form.first_index + 1, form.first_index + form.pages],
                "files": [file_entry(source) for source in form.report.files],
            }
            for form in plan.forms
        ],
        "tabs": [
            {
                "label": tab.label,
                "id": tab.id,
                "title": tab.title,
                "kind": tab.report.kind,
                "missing": tab.placeholder,
                "tab_page": tab.tab_page,
                "pages": [tab.tab_page, tab.last_page],
                "bates": [plan.bates(tab.tab_page), plan.bates(tab.last_page)],
                "files": [file_entry(source) for source in tab.files],
                "translations": [
                    {
                        "id": part.id,
                        "title": part.title,
                        "missing": part.placeholder,
                        "pages": [part.first_page, part.last_page],
                        "bates": [plan.bates(part.first_page), plan.bates(part.last_page)],
                    }
                    for part in tab.parts
                    if part.is_translation
                ],
            }
            for tab in plan.tabs
        ],
    }


def file_entry(source: SourceFile) -> dict[str, Any]:
    """One file of a tab or form: its SHA-256, pages, and for a converted document (DOCX) the
    SHA-256 of the PDF it became."""
    entry: dict[str, Any] = {"path": source.path, "sha256": source.sha256, "pages": source.pages}
    if source.converted_sha256 is not None:
        entry["converted_sha256"] = source.converted_sha256
    return entry


def with_image_bytes(
    manifest: dict[str, Any], plan: PacketPlan, images: Downsampled | None
) -> dict[str, Any]:
    """A downsampled packet's manifest: the resolution and quality asked for, and each form's
    and tab's image bytes before and after (an exhibit with its translations)."""
    if images is None:
        return manifest
    manifest["downsample"] = {"dpi": images.dpi, "jpeg_quality": images.jpeg_quality}
    for entry, form in zip(manifest["forms"], plan.forms, strict=True):
        entry["image_bytes"] = image_bytes(images, [form.id])
    for entry, tab in zip(manifest["tabs"], plan.tabs, strict=True):
        entry["image_bytes"] = image_bytes(images, [part.id for part in tab.parts])
    return manifest


def image_bytes(images: Downsampled, document_ids: list[str]) -> dict[str, int]:
    counted = images.of(document_ids)
    return {"before": counted.before, "after": counted.after}
