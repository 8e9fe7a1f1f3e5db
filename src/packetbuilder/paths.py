"""Path helpers light enough for any process to import."""

from __future__ import annotations

from pathlib import Path


def is_inside(path: Path, folder: Path) -> bool:
    """True when `path` (already resolved, so symlinks followed) lies within `folder`."""
    return path == folder or folder in path.parents
