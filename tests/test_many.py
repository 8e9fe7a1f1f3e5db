"""Several cases at once: every case done, in the order given, with a summary and the highest
exit code; checked against what each case gives alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from helpers import CaseFolder, pdf_bytes
from packetbuilder import api
from packetbuilder.cli import VALUE_OPTIONS, case_count
from packetbuilder.cli.commands import app
from packetbuilder.many import human_size, summary_text

runner = CliRunner()


def three_cases(tmp_path: Path) -> list[Path]:
    """A good case, one with errors (a missing exhibit file), one that cannot be read."""
    good = CaseFolder(tmp_path / "good")
    good_path = good.write()
    bad = CaseFolder(tmp_path / "bad")
    bad.add_exhibit("gone", "exhibits/gone.pdf", pdf_bytes(1))
    bad_path = bad.write()
    (bad.root / "exhibits" / "gone.pdf").unlink()
    unreadable = tmp_path / "unreadable.yaml"
    unreadable.write_text('version: 1\ncase:\n  id: "open\n')
    return [good_path, bad_path, unreadable]


def test_check_of_several_cases_reports_each_then_a_summary(tmp_path: Path) -> None:
    cases = three_cases(tmp_path)
    result = runner.invoke(app, ["check", *map(str, cases), "-j", "2"])
    assert result.exit_code == 3  # the highest: the unreadable case
    out = result.stdout
    positions = [out.index(f"== {case}") for case in cases]
    assert positions == sorted(positions)  # the order given
    assert "exhibit-missing" in out
    summary = out[out.index("case ") :]
    rows = [line for line in summary.splitlines() if line.startswith(str(tmp_path))]
    assert [row.split()[0] for row in rows] == [str(case) for case in cases]
    assert rows[0].split()[1:3] == ["0", "0"] and " ok" in rows[0]
    assert " errors" in rows[1] and rows[1].split()[1] != "0"
    assert "unreadable" in rows[2] and "never closed" in rows[2]


def test_check_of_several_cases_as_json_holds_each_report(tmp_path: Path) -> None:
    cases = three_cases(tmp_path)
    result = runner.invoke(app, ["check", *map(str, cases), "--format", "json"])
    data = json.loads(result.stdout)
    assert data["exit_code"] == result.exit_code == 3
    assert [row["case"] for row in data["cases"]] == [str(case) for case in cases]
    alone = api.check(cases[1])
    assert data["cases"][1]["errors"] == len(alone.errors)
    assert {f["code"] for f in data["cases"][1]["report"]["findings"]} == {
        f.code for f in alone.findings
    }
    assert data["cases"][2]["result"] == "unreadable" and "report" not in data["cases"][2]


def test_build_of_several_cases_builds_the_others_when_one_fails(tmp_path: Path) -> None:
    cases = three_cases(tmp_path)
    result = runner.invoke(app, ["build", *map(str, cases), "-j", "2", "--format", "json"])
    assert result.exit_code == 3
    rows = json.loads(result.stdout)["cases"]
    assert [row["result"] for row in rows] == ["ok", "errors", "unreadable"]
    packet = Path(rows[0]["output"])
    assert packet == tmp_path / "good" / "build" / "TEST-1-packet.pdf"
    assert (
        rows[0]["pages"] == len(PdfReader(packet).pages)
        and rows[0]["size"] == packet.stat().st_size
    )
    assert not (tmp_path / "bad" / "build").exists()
    # The same bytes as the case built alone (each worker lays out its own front matter).
    alone = api.build(cases[0], api.BuildOptions(output=tmp_path / "alone.pdf"))
    assert alone.output.read_bytes() == packet.read_bytes()


def test_several_cases_cannot_share_one_output(tmp_path: Path) -> None:
    cases = three_cases(tmp_path)[:2]
    result = runner.invoke(app, ["build", *map(str, cases), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and "default path" in result.stderr


def test_the_summary_in_plain_text_is_aligned(tmp_path: Path) -> None:
    from packetbuilder.many import CaseOutcome

    outcomes = [
        CaseOutcome(Path("a/case.yaml"), "A", "ok", 0, 0, 2, 1200, 5_600_000, Path("a.pdf")),
        CaseOutcome(Path("bb/case.yaml"), None, "unreadable", 3, message="bb/case.yaml: empty"),
    ]
    lines = summary_text(outcomes).splitlines()
    assert lines[0].split() == ["case", "errors", "warnings", "pages", "size", "result", "output"]
    assert lines[1].split() == ["a/case.yaml", "0", "2", "1,200", "5.6", "MB", "ok", "a.pdf"]
    assert lines[2].split()[-2:] == ["unreadable", "empty"]
    assert lines[0].index("result") == lines[1].index("ok") == lines[2].index("unreadable")
    assert human_size(812_000) == "812 KB"


@pytest.mark.parametrize(
    ("arguments", "count"),
    [
        (["build", "a.yaml"], 1),
        (["build", "a.yaml", "b.yaml", "-j", "2"], 2),
        (["build", "-o", "x.pdf", "a.yaml"], 1),
        (["--debug", "build", "--labels", "numbers", "a.yaml", "--force"], 1),
        (["build", "--", "-odd-name.yaml", "b.yaml"], 2),
    ],
)
def test_the_layout_worker_starts_for_one_case_only(arguments: list[str], count: int) -> None:
    assert case_count(arguments) == count


def test_every_option_of_build_that_takes_a_value_is_known_to_the_entry_point() -> None:
    import typer.main

    command = typer.main.get_command(app).commands["build"]  # type: ignore[attr-defined]
    taking_values = {
        name
        for param in command.params
        if not getattr(param, "is_flag", False) and param.param_type_name == "option"
        for name in param.opts
    }
    assert taking_values <= VALUE_OPTIONS


def crash_on_second(case: Path, options: object) -> object:
    """A task whose worker dies on one case, as a crash in native code would."""
    import os

    from packetbuilder.many import CaseOutcome

    if case.name == "two.yaml":
        os._exit(9)
    return CaseOutcome(case, None, "ok", 0)


def test_a_worker_that_dies_fails_its_case_and_the_run_still_answers(tmp_path: Path) -> None:
    from packetbuilder.many import run_cases
    from packetbuilder.options import CheckOptions

    cases = [tmp_path / "one.yaml", tmp_path / "two.yaml"]
    outcomes = run_cases(crash_on_second, cases, CheckOptions(), jobs=1)  # type: ignore[arg-type]
    assert [outcome.case for outcome in outcomes] == cases
    assert outcomes[1].result == "failed" and "stopped" in (outcomes[1].message or "")


def test_strict_fails_several_cases_on_warnings_as_it_does_one(case_folder: CaseFolder) -> None:
    case_folder.add_exhibit("quiet", "exhibits/quiet.pdf", pdf_bytes(1), cite=False)  # never-cited
    path = case_folder.write()
    alone = runner.invoke(app, ["check", str(path), "--strict"])
    assert alone.exit_code == 1
    both = runner.invoke(app, ["check", str(path), str(path), "--strict"])
    assert both.exit_code == 1
    assert runner.invoke(app, ["check", str(path), str(path)]).exit_code == 0
