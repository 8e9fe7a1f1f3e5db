"""The filing as agencies receive it: forms on top, people, fees, translations with their
originals, the representative's letter; with the exact places check reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from helpers import CaseFolder, image_bytes, pdf_bytes
from packetbuilder import api
from packetbuilder.cli import app
from packetbuilder.findings import Severity
from packetbuilder.options import BuildOptions

runner = CliRunner()


def text_at(folder: CaseFolder, finding) -> str:
    line = folder.case_file.read_text().splitlines()[finding.location.line - 1]
    return line[finding.location.column - 1 :].lstrip("\"'")


def only(report, code: str):
    [finding] = [finding for finding in report.findings if finding.code == code]
    return finding


def add_form(folder: CaseFolder, form: str, person: str = "applicant", **fields) -> None:
    name = f"forms/{form.lower()}-{person}.pdf"
    folder.write_file(name, pdf_bytes(1, width=fields.pop("width", 612), text=f"form {form}"))
    folder.data.setdefault("forms", []).append(
        {"id": f"{form.lower()}-{person}", "form": form, "file": name, "person": person, **fields}
    )


def family_case(folder: CaseFolder) -> None:
    folder.data["case"].update(parole_type="family", filed_with="USCIS")
    folder.data["beneficiaries"] = [
        {
            "id": "sofia",
            "given_name": "Sofía",
            "family_name": "Example",
            "date_of_birth": "2015-04-02",
            "citizenship": "Canada",
            "relationship": "daughter",
            "a_number": "A 12 345 678",
            "passport": {"number": "P1", "country": "Canada", "expires": "2026-11-01"},
        }
    ]


@pytest.mark.parametrize(
    ("mutate", "code", "expected_text"),
    [
        (
            lambda f: f.data["reason"].update(urgency="TODO: say why"),
            "placeholder-left",
            "TODO: say",
        ),
        (lambda f: f.data["exhibits"][0].update(about="sofai"), "unknown-person", "sofai"),
        (
            lambda f: f.data["case"].update(fee_exception="hardship"),
            "fee-exception-unknown",
            "hardship",
        ),
        (lambda f: f.data["applicant"].update(a_number="A-12-3"), "a-number-invalid", "A-12-3"),
    ],
)
def test_findings_point_at_the_value(case_folder, mutate, code, expected_text) -> None:
    mutate(case_folder)
    report = api.check(case_folder.write())
    assert text_at(case_folder, only(report, code)).startswith(expected_text)


def test_rules_apply_to_every_person(case_folder: CaseFolder) -> None:
    family_case(case_folder)
    report = api.check(case_folder.write())
    expired = only(report, "passport-expired")
    assert expired.severity is Severity.WARNING and "Sofía Example" in expired.message
    assert text_at(case_folder, expired).startswith("'2026-11-01'") or "2026-11-01" in text_at(
        case_folder, expired
    )
    missing = [f for f in report.findings if f.code == "requirement-missing"]
    assert any("`identity` for Sofía Example (`sofia`)" in f.message for f in missing)
    forms = [f.message for f in report.findings if f.code == "form-missing"]
    assert any("I-131 for Sofía Example" in message for message in forms)
    assert any("I-131 for Ana Example" in message for message in forms)
    assert "fee-payment-missing" in [f.code for f in report.findings]


def test_a_form_filed_as_an_exhibit_still_counts_with_a_warning(case_folder: CaseFolder) -> None:
    case_folder.data["representative"] = {
        "name": "A. Lawyer",
        "bar": {"number": "1", "state": "NY"},
    }
    case_folder.add_exhibit("g28", "exhibits/g28.pdf", pdf_bytes(1), proves=["g28"])
    report = api.check(case_folder.write())
    codes = [f.code for f in report.findings]
    assert "g28-as-exhibit" in codes and "g28-missing" not in codes


def test_translation_uncertified_is_an_error_for_uscis(case_folder: CaseFolder) -> None:
    case_folder.add_exhibit(
        "orig", "exhibits/orig.pdf", pdf_bytes(1, text="fr"), language="fr", translation="orig-en"
    )
    case_folder.add_exhibit(
        "orig-en",
        "exhibits/orig-en.pdf",
        pdf_bytes(1, text="en"),
        cite=False,
        translation_of="orig",
    )
    cbp = only(api.check(case_folder.write()), "translation-uncertified")
    assert cbp.severity is Severity.WARNING
    case_folder.data["case"]["filed_with"] = "USCIS"
    uscis = only(api.check(case_folder.write()), "translation-uncertified")
    assert uscis.severity is Severity.ERROR and "8 CFR 103.2(b)(3)" in uscis.message


def test_a_translation_that_points_back_is_named_in_the_fix(case_folder: CaseFolder) -> None:
    case_folder.add_exhibit("orig", "exhibits/orig.pdf", pdf_bytes(1, text="fr"), language="fr")
    case_folder.add_exhibit(
        "orig-en",
        "exhibits/orig-en.pdf",
        pdf_bytes(1, text="en"),
        cite=False,
        translation_of="orig",
        proves=["translation_certificate"],
    )
    finding = only(api.check(case_folder.write()), "translation-missing")
    assert "`orig-en` says it is its translation: add `translation: orig-en`" in finding.message


def test_translations_with_their_originals_or_on_their_own_tab(case_folder, tmp_path) -> None:
    case_folder.add_exhibit(
        "orig",
        "exhibits/orig.pdf",
        pdf_bytes(2, text="original"),
        language="fr",
        translation="orig-en",
    )
    case_folder.add_exhibit("later", "exhibits/later.pdf", pdf_bytes(1, text="later"))
    case_folder.add_exhibit(
        "orig-en",
        "exhibits/orig-en.pdf",
        pdf_bytes(1, text="english"),
        cite=False,
        translation_of="orig",
        proves=["translation_certificate"],
    )
    report = api.check(case_folder.write())
    assert [(d.id, d.label, d.with_original) for d in report.documents][2:] == [
        ("orig", "C", None),
        ("orig-en", "C", "orig"),
        ("later", "D", None),
    ]
    reader = PdfReader(
        api.build(case_folder.case_file, BuildOptions(output=tmp_path / "a.pdf")).output
    )
    texts = [page.extract_text() for page in reader.pages]
    english = next(i for i, text in enumerate(texts) if "english page 1" in text)
    assert "Exhibit C, page 3 of 3" in texts[english]
    case_folder.data["case"]["translations"] = "own_tab"
    report = api.check(case_folder.write())
    assert [(d.id, d.label) for d in report.documents][2:] == [
        ("orig", "C"),
        ("orig-en", "D"),
        ("later", "E"),
    ]


def test_forms_in_a_draft_carry_the_draft_mark_and_nothing_else(case_folder, tmp_path) -> None:
    add_form(case_folder, "G-28")
    case_folder.data["representative"] = {
        "name": "A. Lawyer",
        "bar": {"number": "1", "state": "NY"},
    }
    case_folder.add_exhibit("gone", "exhibits/gone.pdf")
    result = api.build(case_folder.write(), BuildOptions(draft=True, output=tmp_path / "draft.pdf"))
    first = PdfReader(result.output).pages[0].extract_text()
    assert "form G-28" in first and "DRAFT" in first
    assert "TEST1-" not in first


def test_a_form_page_that_is_not_letter_stays_as_it_is(case_folder, tmp_path) -> None:
    add_form(case_folder, "other", width=595)
    report = api.check(case_folder.write())
    assert "form-page-not-letter" in [f.code for f in report.findings]
    result = api.build(case_folder.case_file, BuildOptions(output=tmp_path / "p.pdf"))
    page = PdfReader(result.output).pages[0]
    assert float(page.mediabox.width) == 595


def test_the_letter_of_an_accredited_representative(case_folder, tmp_path) -> None:
    case_folder.write_file("sig.png", image_bytes("PNG", (300, 80)))
    case_folder.data["representative"] = {
        "name": "R. Helper",
        "kind": "accredited_representative",
        "eoir_id": "AB123",
        "signature": "sig.png",
    }
    add_form(case_folder, "G-28")
    case_folder.data["reason"]["sections"] = [
        {"heading": "Not a flight risk", "text": "She will appear [[id-doc]]."}
    ]
    result = api.build(case_folder.write(), BuildOptions(output=tmp_path / "p.pdf"))
    reader = PdfReader(result.output)
    cover = " ".join(page.extract_text() for page in reader.pages[1:3]).replace("\xa0", " ")
    assert "Accredited representative for the applicant" in cover
    assert "EOIR ID AB123" in cover and "Attorney" not in cover
    assert "Not a flight risk" in cover and "She will appear Exhibit B (p." in cover
    assert "Enclosures:" in cover and "Form G-28" in cover


def test_profiles_json_has_the_fees_programs_and_their_dates() -> None:
    result = runner.invoke(app, ["profiles", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {"profiles", "fees", "programs", "agencies"} <= set(data)
    parole_fee = next(fee for fee in data["fees"]["fees"] if fee["id"] == "parole_fee")
    assert parole_fee["effective"] == "2025-10-16" and parole_fee["paid_with_request"] is False
    assert {program["status"] for program in data["programs"]} <= {"open", "paused", "closed"}
    for profile in data["profiles"]:
        for requirement in profile["requirements"]:
            assert requirement["source"] and requirement["source_kind"]


def test_profiles_text_shows_the_source_of_each_requirement() -> None:
    result = runner.invoke(app, ["profiles"])
    assert "source (official): " in result.stdout and "house rule" in result.stdout


def test_check_prints_the_fees_and_says_verify(case_folder: CaseFolder) -> None:
    result = runner.invoke(app, ["check", str(case_folder.write())])
    fees = result.stdout.split("Fees")[1]
    assert "Immigration parole fee (8 U.S.C. 1804): $1,000" in fees
    assert "when parole is granted" in fees and "verify before filing" in fees


def test_the_fee_exception_is_asked_for_in_the_letter(case_folder, tmp_path) -> None:
    case_folder.data["case"]["fee_exception"] = "funeral"
    case_folder.data["letters"][0]["proves"].append("fee_exception")
    result = api.build(case_folder.write(), BuildOptions(output=tmp_path / "p.pdf"))
    cover = " ".join(page.extract_text() for page in PdfReader(result.output).pages[:3]).replace(
        "\xa0", " "
    )
    assert "8 U.S.C. 1804(b)(5)" in cover and "Request for an exception to the parole fee" in cover


def test_people_in_the_title_and_a_numbers_as_printed(case_folder, tmp_path) -> None:
    family_case(case_folder)
    case_folder.data["beneficiaries"][0]["passport"]["expires"] = "2030-01-01"
    result = api.build(case_folder.write(), BuildOptions(draft=True, output=tmp_path / "p.pdf"))
    reader = PdfReader(result.output)
    assert reader.metadata.title.endswith("Ana Example and 1 other")
    cover = " ".join(reader.pages[0].extract_text().split())
    assert "A-012-345-678" in cover and "Sofía Example" in cover


def test_case_folder_location_does_not_change_the_bytes(tmp_path: Path) -> None:
    import shutil

    from helpers import EXAMPLES

    family = next(case for case in EXAMPLES if case.parent.name == "family").parent
    outputs = []
    for name in ("one", "two deep"):
        copy = tmp_path / name / "case"
        shutil.copytree(family, copy, ignore=shutil.ignore_patterns("build"))
        outputs.append(
            api.build(copy / "case.yaml", BuildOptions(output=tmp_path / f"{name}.pdf")).output
        )
    assert outputs[0].read_bytes() == outputs[1].read_bytes()
