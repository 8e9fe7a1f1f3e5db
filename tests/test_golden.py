"""Every example builds to the SHA-256 recorded in tests/golden.json.

The record changes only in a commit that changes the packet on purpose, which says so; run
`PACKETBUILDER_UPDATE_GOLDEN=1 pytest tests/test_golden.py` to record the new hashes. The bytes
depend on the versions of the libraries that write them, and of LibreOffice, which converts each
example's Word letter, so the test skips, naming them, when this environment's versions differ
from those recorded.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from functools import cache
from importlib.metadata import version
from pathlib import Path

import pytest

from helpers import EXAMPLES, REPO
from packetbuilder import api
from packetbuilder.build.worker import LayoutWorker
from packetbuilder.exhibits.libreoffice import find_converter
from packetbuilder.options import BuildOptions

GOLDEN = REPO / "tests" / "golden.json"
WRITERS = (
    "pypdf",
    "weasyprint",
    "pydyf",
    "fonttools",
    "pillow",
    "pillow-heif",
    "img2pdf",
    "jinja2",
)
UPDATING = os.environ.get("PACKETBUILDER_UPDATE_GOLDEN") == "1"


def versions() -> dict[str, str]:
    return {**{name: version(name) for name in WRITERS}, "libreoffice": libreoffice_version()}


@cache
def libreoffice_version() -> str:
    """`soffice --version`'s version number ("7.4.7.2"), or "none"."""
    converter = find_converter()
    if converter is None:
        return "none"
    said = subprocess.run(
        [converter, "--version"], capture_output=True, text=True, timeout=60, check=False
    ).stdout.split()
    return said[1] if len(said) > 1 else "unknown"


def recorded() -> dict:
    return json.loads(GOLDEN.read_text()) if GOLDEN.exists() else {"versions": {}, "sha256": {}}


def built_sha256(example: Path, tmp_path: Path, *, worker: bool) -> str:
    folder = tmp_path / example.parent.name
    shutil.copytree(example.parent, folder, ignore=shutil.ignore_patterns("build"))
    output = tmp_path / f"{example.parent.name}.pdf"
    if worker:
        with LayoutWorker() as layout_worker:
            api.build(
                folder / "case.yaml", BuildOptions(output=output, layout_worker=layout_worker)
            )
    else:
        api.build(folder / "case.yaml", BuildOptions(output=output))
    return hashlib.sha256(output.read_bytes()).hexdigest()


@pytest.mark.parametrize("example", EXAMPLES, ids=[case.parent.name for case in EXAMPLES])
def test_example_builds_to_its_recorded_bytes(example: Path, tmp_path: Path) -> None:
    record = recorded()
    digest = built_sha256(example, tmp_path, worker=True)
    if UPDATING:
        record["versions"] = versions()
        record["sha256"][example.parent.name] = digest
        GOLDEN.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")
        return
    if record["versions"] != versions():
        pytest.skip(f"recorded with {record['versions']}, this is {versions()}")
    assert digest == record["sha256"][example.parent.name], (
        "the packet's bytes changed; if on purpose, record them anew (see this file's docstring)"
    )
    assert built_sha256(example, tmp_path / "inline", worker=False) == digest
