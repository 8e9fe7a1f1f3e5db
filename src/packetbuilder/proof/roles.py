"""What each page of a packet is (a form, the letter, the index, a tab page, an exhibit page),
read from the manifest written beside it, when that manifest vouches for these very bytes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

MANIFEST_GLOB = "*manifest*.json"


def page_roles(packet: Path) -> dict[int, str]:
    """PDF page number (1-based) → "Form I-131", "Letter", "Index", "Tab B", "Exhibit B";
    empty when no manifest beside the packet vouches for its SHA-256. A part of a packet in
    parts is found in its folder's manifest, its pages counted from the part's first."""
    found = matching_manifest(packet)
    if found is None:
        return {}
    manifest, first_page = found
    try:
        roles = roles_from(manifest)
    except (KeyError, TypeError, ValueError, IndexError):  # not a manifest this tool wrote
        return {}
    return {page - first_page + 1: role for page, role in roles.items() if page >= first_page}


def matching_manifest(packet: Path) -> tuple[dict[str, Any], int] | None:
    """The manifest beside the packet that names it (as the packet, or as one of its parts)
    with its SHA-256, and the packet's PDF page where this file begins."""
    digest: str | None = None
    for path in sorted(packet.parent.glob(MANIFEST_GLOB)):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for name, sha256, first in files_of(data):
            if name != packet.name:
                continue
            digest = digest or hashlib.sha256(packet.read_bytes()).hexdigest()
            if sha256 == digest:
                return data, first
    return None


def files_of(data: object) -> list[tuple[str, str, int]]:
    """(file, sha256, first PDF page) of each file a manifest vouches for; none when the
    manifest is not one this tool wrote."""
    if not isinstance(data, dict) or not isinstance(data.get("front_matter"), dict):
        return []
    files = []
    packet = data.get("packet")
    if isinstance(packet, dict) and isinstance(packet.get("file"), str):
        files.append((packet["file"], str(packet.get("sha256", "")), 1))
    for part in data.get("parts", []) if isinstance(data.get("parts"), list) else []:
        if isinstance(part, dict) and isinstance(part.get("file"), str):
            pages = part.get("pdf_pages") or [1]
            files.append((part["file"], str(part.get("sha256", "")), int(pages[0])))
    return files


def roles_from(manifest: dict[str, Any]) -> dict[int, str]:
    """Page roles from a manifest (packet page numbers there start at the cover letter)."""
    roles: dict[int, str] = {}
    forms_pages = 0
    for form in manifest.get("forms", []):
        first, last = form["pdf_pages"]
        for page in range(first, last + 1):
            roles[page] = form.get("title") or f"Form {form['form']}"  # "Form I-131, Ana …"
        forms_pages = max(forms_pages, last)
    front = manifest["front_matter"]
    for page in range(front["cover_pages"][0], front["cover_pages"][1] + 1):
        roles[forms_pages + page] = "Letter"
    for page in range(front["index_pages"][0], front["index_pages"][1] + 1):
        roles[forms_pages + page] = "Index"
    for tab in manifest.get("tabs", []):
        first, last = tab["pages"]
        roles[forms_pages + first] = f"Tab {tab['label']}"
        for page in range(first + 1, last + 1):
            roles[forms_pages + page] = f"Exhibit {tab['label']}"
        for translation in tab.get("translations", []):
            start, end = translation["pages"]
            for page in range(start, end + 1):
                roles[forms_pages + page] = f"Exhibit {tab['label']}, translation"
    return roles
