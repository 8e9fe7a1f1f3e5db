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
