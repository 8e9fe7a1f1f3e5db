"""Load: what cannot be a case file is refused with one line; positions survive validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import CaseFolder, dump_yaml
from packetbuilder.case.load import load_case
from packetbuilder.errors import CaseFileUnreadable

VALID_HEAD = "version: 1\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"# only a comment\n", "only comments"),
        (b"version: 1\ncase: [unclosed\n", "syntax error"),
        (b"\xff\xfeversion: 1\n", "not UTF-8"),
        (b"version: 1\na: &x [1]\nb: *x\n", "anchors"),
        (b"version: 1\nversion: 1\n", "duplicate key `version`"),
        (b"- version: 1\n", "top level is a list"),
        (b"just text\n", "top level is a single value"),
        (b"version: 2\n", "version"),
        (b"case: {}\n", "`version` is missing"),
        (b"version: '1.0'\n", "version"),
        (b"version: 1\n---\nversion: 1\n", "syntax error"),
    ],
)
def test_unreadable_case_files(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(content)
    with pytest.raises(CaseFileUnreadable) as caught:
        load_case(path)
    message = str(caught.value)
    assert str(path) in message
    assert expected in message
    assert "\n" not in message


def test_missing_and_folder_and_too_large(tmp_path: Path) -> None:
    with pytest.raises(CaseFileUnreadable, match="no such file"):
        load_case(tmp_path / "nope.yaml")
    with pytest.raises(CaseFileUnreadable, match="is a folder"):
        load_case(tmp_path)
    big = tmp_path / "big.yaml"
    big.write_text(VALID_HEAD + "# " + "x" * (1024 * 1024) + "\n")
    with pytest.raises(CaseFileUnreadable, match="larger than 1 MiB"):
        load_case(big)


def test_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("version: 1\ncase:\n  id: [a, b\n  x: 1\n")
    with pytest.raises(CaseFileUnreadable) as caught:
        load_case(path)
    assert f"{path}:4:" in str(caught.value)


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("version: 1\ncase:\n  id: A\n  id: B\n")
    with pytest.raises(CaseFileUnreadable, match=r":4:3: duplicate key `id` \(first at line 3\)"):
        load_case(path)


def test_yaml_12_keeps_text_as_written(case_folder: CaseFolder) -> None:
    text = dump_yaml(case_folder.data)
    text = text.replace("family_name: Example", "family_name: NO")
    text = text.replace("given_name: Ana", "given_name: on")
    text = text.replace("number: X1234567", "number: 0123")
    loaded = load_case(case_folder.write(text))
    assert loaded.findings == []
    applicant = loaded.case.applicant
    assert (applicant.family_name, applicant.given_name) == ("NO", "on")
    assert applicant.passport.number == "0123"


def test_yes_is_not_a_boolean(case_folder: CaseFolder) -> None:
    text = dump_yaml(case_folder.data).replace("signed: true", "signed: yes")
    loaded = load_case(case_folder.write(text))
    [finding] = loaded.findings
    assert finding.code == "invalid-value"
    assert "true or false" in finding.message


def test_schema_error_positions_point_at_the_value(case_folder: CaseFolder) -> None:
    case_folder.data["timeline"]["events"][0]["date"] = "2026-02-30"
    path = case_folder.write()
    loaded = load_case(path)
    [finding] = loaded.findings
    assert finding.code == "invalid-date"
    line = path.read_text().splitlines()[finding.location.line - 1]
    assert line[finding.location.column - 1 :].startswith(("2026-02-30", "'2026-02-30'"))
    assert "timeline.events[0].date" in finding.message


def test_unknown_key_points_at_the_key_and_suggests(case_folder: CaseFolder) -> None:
    case_folder.data["applicant"]["famly_name"] = "X"
    path = case_folder.write()
    [finding] = load_case(path).findings
    assert finding.code == "unknown-key"
    assert "did you mean `family_name`" in finding.message
    line = path.read_text().splitlines()[finding.location.line - 1]
    assert line[finding.location.column - 1 :].startswith("famly_name")


def test_missing_section_and_invalid_exhibit_keep_the_rest(case_folder: CaseFolder) -> None:
    del case_folder.data["reason"]
    case_folder.data["exhibits"].append({"id": "broken", "file": "x.pdf"})
    loaded = load_case(case_folder.write())
    assert {f.code for f in loaded.findings} == {"missing-field"}
    assert loaded.case.reason is None
    entries = loaded.case.entries
    assert [entry.id for entry in entries] == ["urgent-letter", "id-doc", "broken"]
    assert [entry.valid for entry in entries] == [True, True, False]
    assert [entry.path for entry in entries] == [("letters", 0), ("exhibits", 0), ("exhibits", 1)]
    assert entries[2].title == "(invalid entry)" and entries[2].document is None
    assert loaded.case.complete() is None  # `reason` is missing


def test_file_and_files_are_exclusive(case_folder: CaseFolder) -> None:
    case_folder.data["exhibits"][0]["files"] = ["a.pdf"]
    [finding] = load_case(case_folder.write()).findings
    assert "exactly one of `file:` or `files:`" in finding.message
    assert finding.exhibit == "id-doc"


def test_utf8_bom_is_accepted(case_folder: CaseFolder) -> None:
    path = case_folder.write()
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_case(path).findings == []


CASE_HEAD = "version: 1\ncase:\n  id: T-1\n"


@pytest.mark.parametrize(
    ("text", "line", "column", "expected"),
    [
        (  # a second ": " in a plain value: quote the value, at the value's own line
            CASE_HEAD + "exhibits:\n  - id: a\n    title: Form G-28: notice of appearance\n",
            6,
            12,
            'the value of `title` contains ": "; put the whole value in quotes, e.g. '
            'title: "Form G-28: notice of appearance"',
        ),
        (  # an unclosed quote: where it opens, not where the file ends
            CASE_HEAD + 'exhibits:\n  - id: a\n    title: "Letter of support\n    file: a.pdf\n'
            "  - id: b\n    title: other\n",
            6,
            12,
            'this value opens a quote (") that is never closed',
        ),
        (  # a tab that indents
            CASE_HEAD + "exhibits:\n\t- id: a\n",
            5,
            1,
            "YAML indentation uses spaces, not tabs",
        ),
        (  # a tab among the spaces of an indentation
            CASE_HEAD + "exhibits:\n  - id: a\n  \ttitle: x\n",
            6,
            3,
            "YAML indentation uses spaces, not tabs",
        ),
    ],
)
def test_yaml_mistakes_are_said_at_the_line_to_change(
    tmp_path: Path, text: str, line: int, column: int, expected: str
) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(text)
    with pytest.raises(CaseFileUnreadable) as caught:
        load_case(path)
    assert str(caught.value).startswith(f"{path}:{line}:{column}: "), caught.value
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_tab_after_a_colon_is_yaml_and_is_accepted(case_folder: CaseFolder) -> None:
    path = case_folder.write()
    text = path.read_text()
    assert "  id: TEST-1\n" in text
    path.write_text(text.replace("  id: TEST-1\n", "  id:\tTEST-1\n"))
    loaded = load_case(path)
    assert loaded.case.case is not None and loaded.case.case.id == "TEST-1"
    # Positions after the tab are those of the file as written (one character for one).
    assert loaded.positions.value(("case", "id")).column == 7
