"""Fixtures: tiny valid cases and exhibit files that the tests make themselves."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import CaseFolder


@pytest.fixture
def case_folder(tmp_path: Path) -> CaseFolder:
    return CaseFolder(tmp_path / "case")


@pytest.fixture
def run_check() -> Callable[..., Any]:
    """Check a case folder through the library and return the report."""
    from packetbuilder import api
    from packetbuilder.options import CheckOptions

    def run(folder: CaseFolder, **options: Any):
        return api.check(folder.write(), CheckOptions(**options))

    return run


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without LibreOffice, skip the tests that use the examples: each has a Word letter that
    only LibreOffice converts. Never in CI, where the Makefile installs it: they fail there."""
    import inspect
    import os

    from helpers import REPO
    from packetbuilder.exhibits.libreoffice import find_converter

    if find_converter() is not None or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(
        reason="the examples' Word letters need LibreOffice (soffice), which is not installed: "
        "`make system-deps` installs libreoffice-writer-nogui"
    )
    examples = REPO / "examples"

    def example_path(value: Any) -> bool:
        if isinstance(value, tuple | list):
            return any(example_path(item) for item in value)
        return isinstance(value, Path) and value.is_relative_to(examples)

    for item in items:
        callspec = getattr(item, "callspec", None)
        params = list(callspec.params.values()) if callspec is not None else []
        function = getattr(item, "function", None)
        try:
            source = inspect.getsource(function) if function is not None else ""
        except (OSError, TypeError):
            source = ""
        if example_path(params) or "EXAMPLES" in source or "examples/" in source:
            item.add_marker(skip)
