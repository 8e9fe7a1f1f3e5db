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
    empty when no manifest beside the packet matches its SHA-256."""
    manifest = matching_manifest(packet)
    return roles_from(manifest) if manifest else {}


def matching_manifest(packet: Path) -> dict[str, Any] | None:
    """The manifest beside the packet that names it and carries its SHA-256."""
    candidates = []
    for path in sorted(packet.parent.glob(MANIFEST_GLOB)):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("packet", {}).get("file") == packet.name:
            candidates.append(data)
    if not candidates:
        return None
    digest = hashlib.sha256(packet.read_bytes()).hexdigest()
    return next((data for data in candidates if data["packet"].get("sha256") == digest), None)


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
