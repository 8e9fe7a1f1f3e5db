"""No single exhibit may hang the tool: reading one file is bounded, then reported."""

from __future__ import annotations

import time

from conftest import run_packet
from helpers import CaseFolder, pdf_bytes
from packetbuilder import sources


def test_a_file_that_never_finishes_is_reported(case_folder: CaseFolder, monkeypatch) -> None:
    def endless(source, data):
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(sources, "inspect_pdf", endless)
    case_folder.add_exhibit("slow", "exhibits/slow.pdf", pdf_bytes(1))
    started = time.monotonic()
    outcome = run_packet("check", case_folder.write(), "--timeout", "1")
    assert time.monotonic() - started < 15
    assert outcome.exit_code == 1
    assert "file-timeout" in outcome.stdout and "exhibits/slow.pdf" in outcome.stdout
    assert "--timeout" in outcome.stdout


def test_default_limit_is_sixty_seconds() -> None:
    assert sources.DEFAULT_TIMEOUT == 60
