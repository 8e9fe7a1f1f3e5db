"""Text from the case file is printed, never executed, fetched or embedded."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import run_packet
from helpers import CaseFolder

PAYLOADS = [
    "<script>alert('x')</script>",
    '<link rel="attachment" href="file:///etc/passwd">',
    '<img src="http://192.0.2.1/track.png">',
    "<style>body { background: url(file:///etc/passwd) }</style>",
    "url(file:///etc/passwd)",
    "{{ 7*7 }}",
    "{% for x in range(3) %}loop{% endfor %}",
    "<b>bold</b>",
]


@pytest.mark.parametrize(
    "field", [("reason", "summary"), ("applicant", "family_name"), ("timeline", "departure_plan")]
)
def test_payloads_print_as_literal_text(case_folder: CaseFolder, field) -> None:
    section, key = field
    case_folder.data[section][key] = " ".join(PAYLOADS)
    outcome = run_packet("build", case_folder.write())
    assert outcome.exit_code == 0, outcome.stderr
    packet = outcome.stdout.strip()
    data = Path(packet).read_bytes()
    reader = PdfReader(packet)
    # Compared without white space: the letter may wrap a long payload anywhere.
    text = "".join("".join(page.extract_text() for page in reader.pages[:3]).split())
    for payload in PAYLOADS:
        assert "".join(payload.split()) in text, payload
    assert "looplooploop" not in text and "49" not in text
    assert b"/EmbeddedFiles" not in data and b"/FileAttachment" not in data
    assert b"root:x:0:0" not in data
