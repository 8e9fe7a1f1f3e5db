"""Where the templates are: inside the installed package, or at the top of a source checkout."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_templates_dir() -> Path:
    """The templates that ship with the tool (a wheel holds them inside the package)."""
    inside = PACKAGE_DIR / "templates"
    if inside.is_dir():
        return inside
    # An editable install runs from src/; the templates then live at the top of the checkout.
    return PACKAGE_DIR.parent.parent / "templates"


def fonts_dir() -> Path:
    """The fonts that ship with the tool (OFL; see fonts/OFL.txt)."""
    return PACKAGE_DIR / "fonts"
