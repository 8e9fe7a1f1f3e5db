"""The `packet` command through typer's CliRunner: one test per exit code, help on every command."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import EXAMPLES, REPO, CaseFolder
from packetbuilder import __version__, api
from packetbuilder.cli import app

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, [str(arg) for arg in args])


def test_exit_0_clean_case(case_folder: CaseFolder) -> None:
    result = invoke("check", case_folder.write())
    assert result.exit_code == 0, result.output
    assert "No findings." in result.stdout
    assert "    A  urgent-letter  2 pages  Letter from a doctor" in result.stdout
    assert "    B  id-doc  1 page  Passport" in result.stdout
    assert "0 errors, 0 warnings; 2 exhibits (1 letter), 3 pages" in result.stdout


def test_exit_1_errors_with_text_report(case_folder: CaseFolder) -> None:
    case_folder.add_exhibit("medical-record", "exhibits/record.pdf")
    case_folder.data["letters"][0]["signed"] = False
    path = case_folder.write()
    result = invoke("check", path)
    assert result.exit_code == 1
    out = result.stdout
    assert "Errors (2)" in out
    assert f"{path}:" in out and "exhibit-missing" in out and "letter-unsigned" in out
    assert "2 errors, 0 warnings" in out
    missing = out.split("Missing or unusable exhibits (1)")[1]
    assert "C  medical-record  Exhibit medical-record  exhibits/record.pdf" in missing


def test_exit_1_on_warnings_only_with_strict(case_folder: CaseFolder) -> None:
    case_folder.data["letters"][0].pop("date")
    path = case_folder.write()
    assert invoke("check", path).exit_code == 0
    strict = invoke("check", path, "--strict")
    assert strict.exit_code == 1
    assert "letter-undated" in strict.stdout


def test_json_output_follows_the_contract(case_folder: CaseFolder) -> None:
    case_folder.add_exhibit("gone", "exhibits/gone.pdf")
    result = invoke("check", case_folder.write(), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert set(report) == {"case", "ok", "findings", "people", "forms", "fees", "exhibits", "size"}
    assert report["case"] == "TEST-1" and report["ok"] is False
    [finding] = report["findings"]
    assert finding["severity"] == "error" and finding["code"] == "exhibit-missing"
    assert finding["exhibit"] == "gone"
    assert set(finding["location"]) == {"file", "line", "column"}
    assert finding["location"]["file"] == "case.yaml"
    applicant = ["applicant"]
    assert report["exhibits"] == [
        {
            "id": "urgent-letter",
            "label": "A",
            "pages": 2,
            "files": ["letters/urgent.pdf"],
            "about": applicant,
        },
        {
            "id": "id-doc",
            "label": "B",
            "pages": 1,
            "files": ["exhibits/passport.jpg"],
            "about": applicant,
        },
        {
            "id": "gone",
            "label": "C",
            "pages": None,
            "files": ["exhibits/gone.pdf"],
            "about": applicant,
        },
    ]
    assert report["people"] == [{"id": "applicant", "name": "Ana Example"}]
    assert report["forms"] == []
    assert [fee["id"] for fee in report["fees"]] == ["cbp_parole_request", "parole_fee"]
    assert {"name", "amount_usd", "when", "how", "source"} <= set(report["fees"][0])


def test_json_of_a_family_request(tmp_path: Path) -> None:
    """People, forms in packet order, a translation with its original: the contract's JSON."""
    family = EXAMPLES[0].parent.parent / "family" / "case.yaml"
    report = json.loads(invoke("check", family, "--format", "json").stdout)
    assert [person["id"] for person in report["people"]] == ["applicant", "sofia", "mateo"]
    forms = [(form["form"], form["person"]) for form in report["forms"]]
    assert forms[:3] == [("G-1145", "applicant"), ("G-28", "applicant"), ("G-1450", "applicant")]
    assert forms[3:6] == [("I-131", "applicant"), ("I-131", "sofia"), ("I-131", "mateo")]
    assert forms[6:] == [("I-134", "applicant"), ("I-134", "sofia"), ("I-134", "mateo")]
    by_id = {entry["id"]: entry for entry in report["exhibits"]}
    order = [entry["id"] for entry in report["exhibits"]]
    translation = by_id["children-births-translation"]
    assert translation["with"] == "children-births"
    assert translation["label"] == by_id["children-births"]["label"]
    assert order.index("children-births-translation") == order.index("children-births") + 1
    assert by_id["children-passports"]["about"] == ["sofia", "mateo"]
    parole_fee = next(fee for fee in report["fees"] if fee["id"] == "parole_fee")
    assert parole_fee["count"] == 3 and parole_fee["exception_claimed"] == "imminent_death"


def test_exit_2_usage() -> None:
    assert invoke("check").exit_code == 2
    assert invoke("check", "x.yaml", "--format", "xml").exit_code == 2
    assert invoke("frobnicate").exit_code == 2


def test_exit_3_unreadable_case_file(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("version: 1\na: &x 1\nb: *x\n")
    result = invoke("check", path)
    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"packet: {path}:2:")
    assert "Traceback" not in result.output


def test_exit_4_init_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "new-case"
    first = invoke("init", target, "--type", "medical")
    assert first.exit_code == 0, first.output
    before = (target / "case.yaml").read_bytes()
    second = invoke("init", target, "--type", "medical")
    assert second.exit_code == 4
    assert "nothing was overwritten" in second.stderr
    assert (target / "case.yaml").read_bytes() == before


def test_exit_5_internal_error_is_one_line(monkeypatch, case_folder: CaseFolder) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "check", broken)
    result = invoke("check", case_folder.write())
    assert result.exit_code == 5
    assert result.stderr.count("\n") == 1
    assert "internal error (RuntimeError: boom)" in result.stderr
    assert "report it" in result.stderr and "Traceback" not in result.stderr
    debug = runner.invoke(app, ["--debug", "check", str(case_folder.case_file)])
    assert debug.exit_code == 5 and "Traceback" in debug.stderr


def placeholders_in(path: Path) -> int:
    """How many values of the YAML file begin with TODO: (read here without the tool)."""
    from ruamel.yaml import YAML

    def walk(value) -> int:
        if isinstance(value, dict):
            return sum(walk(item) for item in value.values())
        if isinstance(value, list):
            return sum(walk(item) for item in value)
        return int(isinstance(value, str) and value.strip().lower().startswith("todo:"))

    return walk(YAML(typ="safe").load(path.read_text()))


PROFILES = [
    "medical",
    "family",
    "public_interest",
    "military_pip",
    "credible_fear",
    "port_of_entry",
    "special_program",
]


@pytest.mark.parametrize("parole_type", PROFILES)
def test_init_then_check_lists_every_placeholder(tmp_path: Path, parole_type: str) -> None:
    target = tmp_path / "Tremblay 2026"
    assert invoke("init", target, "--type", parole_type).exit_code == 0
    assert (target / "exhibits").is_dir()
    case_file = target / "case.yaml"
    result = invoke("check", case_file, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["case"] == "Tremblay-2026"
    placeholders = [f for f in report["findings"] if f["code"] == "placeholder-left"]
    expected = placeholders_in(case_file)
    assert expected >= 15 and len(placeholders) == expected
    lines = case_file.read_text().splitlines()
    for finding in placeholders:
        location = finding["location"]
        text = lines[location["line"] - 1][location["column"] - 1 :].lstrip('"')
        assert text.lower().startswith(("todo:", ">-", "|")), text
    found = {finding["code"] for finding in report["findings"]}
    # Only the placeholders and what the paralegal must still supply: the documents.
    allowed = {"placeholder-left", "exhibit-missing", "never-cited", "program-missing"}
    assert found <= allowed, found
    assert f"# Parole type: {parole_type}" in case_file.read_text()


def test_init_unknown_type_is_usage_error(tmp_path: Path) -> None:
    result = invoke("init", tmp_path / "x", "--type", "tourism")
    assert result.exit_code == 2
    assert "medical" in result.stderr
    assert not (tmp_path / "x").exists()


def test_schema_is_json_schema() -> None:
    result = invoke("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"version", "case", "applicant", "reason", "timeline"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False


def test_profiles_lists_the_seven_of_the_contract() -> None:
    result = invoke("profiles")
    assert result.exit_code == 0
    for name in (
        "medical",
        "family",
        "public_interest",
        "military_pip",
        "credible_fear",
        "port_of_entry",
        "special_program",
    ):
        assert f"\n{name}: " in "\n" + result.stdout


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0 and __version__ in result.stdout


def command_names() -> list[str]:
    return sorted(command.name or command.callback.__name__ for command in app.registered_commands)


@pytest.mark.parametrize("command", command_names())
def test_every_command_has_help_with_an_example_and_docs(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout, f"`packet {command} --help` shows no example"
    readme = (REPO / "README.md").read_text()
    assert f"packet {command}" in readme, f"README.md does not document `packet {command}`"


@pytest.mark.parametrize("case", EXAMPLES, ids=[case.parent.name for case in EXAMPLES])
def test_examples_pass_check(case: Path) -> None:
    result = invoke("check", case, "--strict")
    assert result.exit_code == 0, result.stdout
    assert "No findings." in result.stdout


def test_there_are_four_examples() -> None:
    assert {case.parent.name for case in EXAMPLES} >= {
        "medical",
        "credible_fear",
        "public_interest",
        "family",
    }


def test_check_never_imports_weasyprint(case_folder: CaseFolder) -> None:
    path = case_folder.write()
    code = (
        "import sys\n"
        "from packetbuilder.cli import app\n"
        "try:\n"
        f"    app(['check', {str(path)!r}], prog_name='packet')\n"
        "except SystemExit as done:\n"
        "    assert done.code in (0, None), done.code\n"
        "heavy = [name for name in sys.modules if name.split('.')[0] == 'weasyprint']\n"
        "assert not heavy, heavy\n"
        "print('clean')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "clean" in result.stdout


def test_build_exit_3_and_exit_0(tmp_path: Path, case_folder: CaseFolder) -> None:
    missing = invoke("build", tmp_path / "nope.yaml")
    assert missing.exit_code == 3 and "no such file" in missing.stderr
    built = invoke("build", case_folder.write(), "--quiet")
    assert built.exit_code == 0 and built.stdout == ""
    assert (case_folder.root / "build" / "TEST-1-packet.pdf").exists()


def test_console_script_exit_codes(tmp_path: Path, case_folder: CaseFolder) -> None:
    """The installed `packet` command (which leaves without interpreter teardown)."""
    packet = Path(sys.executable).parent / "packet"
    ok = subprocess.run([packet, "check", case_folder.write()], capture_output=True, text=True)
    assert ok.returncode == 0 and "No findings." in ok.stdout
    missing = subprocess.run([packet, "check", tmp_path / "x.yaml"], capture_output=True, text=True)
    assert missing.returncode == 3 and "no such file" in missing.stderr
    usage = subprocess.run([packet, "check", "--format", "xml", "x"], capture_output=True)
    assert usage.returncode == 2


def test_console_script_builds_with_the_worker_it_started_early(case_folder: CaseFolder) -> None:
    """`packet build` starts the render worker before the CLI; a usage error still exits 2."""
    packet = Path(sys.executable).parent / "packet"
    built = subprocess.run([packet, "build", case_folder.write(), "-q"], capture_output=True)
    assert built.returncode == 0, built.stderr
    assert (case_folder.root / "build" / "TEST-1-packet.pdf").exists()
    usage = subprocess.run([packet, "build", "--no-such-option"], capture_output=True, text=True)
    assert usage.returncode == 2 and "no-such-option" in usage.stderr


def test_python_dash_m_runs_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "packetbuilder", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stdout.strip().endswith(__version__)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["check", "case.yaml", "--format", "xml"], "packet: --format xml: choose text or json"),
        (["profiles", "--format", "yaml"], "packet: --format yaml: choose text or json"),
        (
            ["build", "case.yaml", "--labels", "roman"],
            "packet: --labels roman: choose letters or numbers",
        ),
    ],
)
def test_a_value_not_allowed_is_said_like_every_usage_error(args: list[str], expected: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stderr.strip() == expected


def test_a_broken_profile_is_one_line_at_its_position(
    case_folder: CaseFolder, tmp_path: Path
) -> None:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "firm.yaml").write_text('name: firm\ntitle: "Firm profile\nrequirements: []\n')
    result = invoke("check", case_folder.write(), "--profiles", profiles)
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line
    assert line.startswith(f"packet: profile {profiles / 'firm.yaml'}:2:8: ")
    assert "never closed" in line


@pytest.mark.parametrize("command", command_names())
def test_help_shows_no_type_after_a_flag(command: str) -> None:
    result = invoke(command, "--help")
    assert "<bool>" not in result.stdout and "BOOLEAN" not in result.stdout


OPTION_LINE = re.compile(r"^\s{2}(-{1,2}[a-z][\w-]*(?:,\s*-{1,2}[a-z][\w-]*)*)")


def readme_section(command: str, heading: str = "") -> str:
    """The README's section of `packet COMMAND` (or the one headed `heading` TITLE), from its
    heading to the next."""
    readme = (REPO / "README.md").read_text()
    title = f"{heading} {command}" if heading else f"### `packet {command}\\b"
    found = re.search(rf"^{title}.*?(?=^### |^## )", readme, re.S | re.M)
    assert found, f"README.md has no section {title!r}"
    return found.group(0)


@pytest.mark.parametrize("command", command_names())
def test_readme_documents_every_option_of_each_command(command: str) -> None:
    """Each option of `packet COMMAND --help`, by its long or short name, in the command's
    README section or in the section of the options several commands share."""
    shared = readme_section("Options several commands share", heading="###")
    section = readme_section(command)
    missing = []
    for line in invoke(command, "--help").stdout.splitlines():
        spec = OPTION_LINE.match(line)  # "  -o, --output <path>  Where…": its names
        names = (
            [n for n in re.split(r",\s*", spec.group(1)) if n not in ("-h", "--help")]
            if spec
            else []
        )
        if names and not any(name in section or name in shared for name in names):
            missing.append(names[-1])
    assert not missing, f"README.md's `packet {command}` section does not mention {missing}"
