"""Check: every finding has a minimal case that triggers it and a near miss that does not."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from helpers import CaseFolder, codes, image_bytes, pdf_bytes
from packetbuilder.findings import Severity

Mutation = Callable[[CaseFolder], Any]


def encrypted_pdf(user_password: str, algorithm: str = "AES-256") -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(3))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_attachment() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(1))))
    writer.add_attachment("receipt.png", image_bytes("PNG"))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def xfa_pdf() -> bytes:
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(1))))
    xfa = DecodedStreamObject()
    xfa.set_data(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'/>")
    writer.root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): writer._add_object(xfa)}
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def animated_gif() -> bytes:
    """Three frames of different colours (identical frames would be saved as one)."""
    frames = [Image.new("RGB", (440, 570), (200, 40 * index, 40)) for index in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)
    return buffer.getvalue()


def empty_pdf() -> bytes:
    buffer = io.BytesIO()
    PdfWriter().write(buffer)
    return buffer.getvalue()


def set_in(data: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        data = data[int(part)] if part.isdigit() else data[part]
    if value is DELETE:
        del data[last]
    else:
        data[last] = value


DELETE = object()


def setting(dotted: str, value: Any) -> Mutation:
    return lambda folder: set_in(folder.data, dotted, value)


def letter(**fields: Any) -> Mutation:
    def mutate(folder: CaseFolder) -> None:
        folder.data["letters"][0].update(fields)
        for key, value in list(fields.items()):
            if value is DELETE:
                del folder.data["letters"][0][key]

    return mutate


def exhibit_file(
    data: bytes | Callable[[], bytes] | None, name: str = "exhibits/extra.pdf", **fields: Any
) -> Mutation:
    """Add an exhibit `extra` whose file holds `data` (a callable is made only when needed)."""

    def mutate(folder: CaseFolder) -> None:
        folder.add_exhibit("extra", name, data() if callable(data) else data, **fields)

    return mutate


def translated(
    original_language: str,
    translation_fields: dict[str, Any] | None,
    translation_ref: str | None = "extra-en",
) -> Mutation:
    def mutate(folder: CaseFolder) -> None:
        extra: dict[str, Any] = {"language": original_language}
        if translation_ref:
            extra["translation"] = translation_ref
        folder.add_exhibit("extra", "exhibits/extra.pdf", pdf_bytes(1, text="original"), **extra)
        if translation_fields is not None:
            folder.add_exhibit(
                "extra-en",
                "exhibits/extra-en.pdf",
                pdf_bytes(1, text="transl"),
                cite=False,
                **translation_fields,
            )

    return mutate


def outside_file(folder: CaseFolder) -> None:
    outside = folder.root.parent / "outside.pdf"
    outside.write_bytes(pdf_bytes(1))
    folder.add_exhibit("extra", "../outside.pdf")


def symlink_outside(folder: CaseFolder) -> None:
    outside = folder.root.parent / "secret.pdf"
    outside.write_bytes(pdf_bytes(1))
    link = folder.root / "exhibits" / "link.pdf"
    link.symlink_to(outside)
    folder.add_exhibit("extra", "exhibits/link.pdf")


def folder_as_file(folder: CaseFolder) -> None:
    (folder.root / "exhibits" / "a-folder.pdf").mkdir(parents=True)
    folder.add_exhibit("extra", "exhibits/a-folder.pdf")


def duplicate_id(folder: CaseFolder) -> None:
    folder.add_exhibit("id-doc", "exhibits/other.pdf", pdf_bytes(1, text="other"), cite=False)


def duplicate_file(folder: CaseFolder) -> None:
    folder.add_exhibit("copy", "exhibits/copy.jpg", image_bytes("JPEG"))


def uncited(folder: CaseFolder) -> None:
    folder.add_exhibit("quiet", "exhibits/quiet.pdf", pdf_bytes(1), cite=False)


def cited_only_in_event(folder: CaseFolder) -> None:
    folder.add_exhibit("quiet", "exhibits/quiet.pdf", pdf_bytes(1), cite=False)
    folder.data["timeline"]["events"][0]["exhibits"].append("quiet")


def representative(g28: str | None, **fields: Any) -> Mutation:
    """A representative with the G-28 among the forms, as an exhibit, or none."""

    def mutate(folder: CaseFolder) -> None:
        folder.data["representative"] = {
            "name": "A. Lawyer",
            "firm": "Firm LLP",
            "bar": {"number": "5123456", "state": "NY"},
            **fields,
        }
        if g28 == "exhibit":
            folder.add_exhibit("g28", "exhibits/g28.pdf", pdf_bytes(1), proves=["g28"])
        elif g28 == "form":
            add_form("G-28")(folder)

    return mutate


def uscis(parole_type: str = "family", **case: Any) -> Mutation:
    """The case filed with USCIS under another profile (more rules apply: forms, fees)."""

    def mutate(folder: CaseFolder) -> None:
        folder.data["case"].update({"parole_type": parole_type, "filed_with": "USCIS", **case})

    return mutate


def both(*mutations: Mutation) -> Mutation:
    def mutate(folder: CaseFolder) -> None:
        for mutation in mutations:
            mutation(folder)

    return mutate


def add_form(form: str, person: str = "applicant", data: bytes | None = None) -> Mutation:
    def mutate(folder: CaseFolder) -> None:
        name = f"forms/{form.lower()}-{person}.pdf"
        folder.write_file(name, data or pdf_bytes(1, text=f"form {form}"))
        folder.data.setdefault("forms", []).append(
            {"id": f"{form.lower()}-{person}", "form": form, "file": name, "person": person}
        )

    return mutate


def beneficiary(folder: CaseFolder) -> None:
    folder.data["beneficiaries"] = [
        {
            "id": "sofia",
            "given_name": "Sofía",
            "family_name": "Example",
            "date_of_birth": "2015-04-02",
            "citizenship": "Canada",
            "relationship": "daughter of the applicant",
        }
    ]


def about(person: str) -> Mutation:
    return setting("exhibits.0.about", person)


def fifo(folder: CaseFolder) -> None:
    path = folder.root / "exhibits" / "pipe.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    folder.add_exhibit("extra", "exhibits/pipe.pdf")


def signature(data: bytes) -> Mutation:
    def mutate(folder: CaseFolder) -> None:
        folder.write_file("signature.png", data)
        folder.data["representative"] = {
            "name": "A. Lawyer",
            "bar": {"number": "123", "state": "NY"},
            "signature": "signature.png",
        }
        folder.add_exhibit("g28", "exhibits/g28.pdf", pdf_bytes(1, text="g28"), proves=["g28"])

    return mutate


def program(program_id: str | None) -> Mutation:
    def mutate(folder: CaseFolder) -> None:
        folder.data["case"].update(parole_type="special_program", filed_with="USCIS")
        if program_id:
            folder.data["case"]["program"] = program_id

    return mutate


def drop_proves(folder: CaseFolder) -> None:
    folder.data["exhibits"][0]["proves"] = []


def unknown_key_in_exhibit(folder: CaseFolder) -> None:
    folder.data["exhibits"][0]["titel"] = "typo"


def missing_title(folder: CaseFolder) -> None:
    del folder.data["exhibits"][0]["title"]


# code -> (mutation that triggers it, near miss that must not)
CASES: dict[str, tuple[Mutation, Mutation]] = {
    "unknown-key": (unknown_key_in_exhibit, setting("exhibits.0.description", "a note")),
    "missing-field": (missing_title, setting("applicant.location", None)),
    "invalid-value": (setting("case.filed_with", "FBI"), setting("case.filed_with", "ICE")),
    "invalid-date": (setting("case.date", "2026-13-45"), setting("case.date", "2026-11-21")),
    "exhibit-missing": (exhibit_file(None), exhibit_file(pdf_bytes(1))),
    "file-is-folder": (folder_as_file, exhibit_file(pdf_bytes(1), "exhibits/a-file.pdf")),
    "file-empty": (exhibit_file(b""), exhibit_file(pdf_bytes(1))),
    "file-unsupported": (
        exhibit_file(b"<!DOCTYPE html><html><body>Download</body></html>"),
        exhibit_file(image_bytes("PNG"), "exhibits/extra.png"),
    ),
    "file-name-misleading": (
        exhibit_file(image_bytes("PNG"), "exhibits/extra.pdf"),
        exhibit_file(image_bytes("PNG"), "exhibits/extra.png"),
    ),
    "file-no-pages": (exhibit_file(empty_pdf()), exhibit_file(pdf_bytes(1))),
    "file-attachments-left-out": (exhibit_file(pdf_with_attachment), exhibit_file(pdf_bytes(1))),
    "file-encrypted": (exhibit_file(encrypted_pdf("secret")), exhibit_file(encrypted_pdf(""))),
    "file-corrupt": (
        exhibit_file(b"%PDF-1.7\n" + b"garbage " * 50),
        exhibit_file(image_bytes("TIFF", frames=3), "exhibits/extra.tiff"),
    ),
    "image-too-large": (
        exhibit_file(lambda: image_bytes("PNG", (20000, 10000), 1, mode="1"), "exhibits/x.png"),
        exhibit_file(lambda: image_bytes("PNG", (2000, 1000), 1, mode="1"), "exhibits/x.png"),
    ),
    "image-too-small": (
        exhibit_file(image_bytes("PNG", (16, 16)), "exhibits/speck.png"),
        exhibit_file(image_bytes("PNG", (1800, 1350), dpi=(300, 300)), "exhibits/photo.png"),
    ),
    "image-animated": (
        exhibit_file(animated_gif, "exhibits/clip.gif"),
        exhibit_file(lambda: image_bytes("GIF"), "exhibits/still.gif"),
    ),
    "path-outside-case": (outside_file, exhibit_file(pdf_bytes(1), "exhibits/inside.pdf")),
    "duplicate-id": (duplicate_id, exhibit_file(pdf_bytes(1))),
    "duplicate-file": (duplicate_file, exhibit_file(pdf_bytes(1, text="different"))),
    "unknown-citation": (
        setting("reason.urgency", "Now [[no-such-exhibit]]."),
        setting("reason.urgency", "Now [[id-doc]]."),
    ),
    "never-cited": (uncited, cited_only_in_event),
    "requirement-missing": (
        drop_proves,
        setting("exhibits.0.proves", ["identity", "ties_and_return", "financial_support", "g28"]),
    ),
    "unknown-parole-type": (
        setting("case.parole_type", "medicl"),
        setting("case.parole_type", "port_of_entry"),
    ),
    "unknown-proves-key": (
        setting("exhibits.0.proves", ["identity", "identiy"]),
        setting("exhibits.0.proves", ["identity", "relationship"]),
    ),
    "translation-missing": (
        translated("fr", None, translation_ref=None),
        translated("en-US", None, translation_ref=None),
    ),
    "translation-not-found": (
        translated("fr", None),
        translated("fr", {"translation_of": "extra", "proves": ["translation_certificate"]}),
    ),
    "translation-not-linked": (
        translated("fr", {"proves": ["translation_certificate"]}),
        translated("fr", {"translation_of": "extra", "proves": ["translation_certificate"]}),
    ),
    "translation-uncertified": (
        translated("fr", {"translation_of": "extra"}),
        translated("fr", {"translation_of": "extra", "proves": ["translation_certificate"]}),
    ),
    "timeline-end-before-start": (
        setting("timeline.requested_end", "2026-12-01"),
        setting("timeline.requested_end", "2026-12-02"),
    ),
    "timeline-too-long": (  # 2026-12-01 to 2027-11-30 is 365 days, both counted
        both(uscis(), setting("timeline.requested_end", "2027-12-01")),
        both(uscis(), setting("timeline.requested_end", "2027-11-30")),
    ),
    "timeline-start-in-past": (
        setting("timeline.requested_start", "2026-11-19"),
        setting("timeline.requested_start", "2026-11-20"),
    ),
    "event-after-case-date": (
        setting("timeline.events.0.date", "2026-11-21"),
        setting("timeline.events.0.date", "2026-11-20"),
    ),
    "passport-expired": (
        setting("applicant.passport.expires", "2026-11-20"),
        setting("applicant.passport.expires", "2027-02-28"),
    ),
    "passport-expires-during-parole": (
        setting("applicant.passport.expires", "2027-02-27"),
        setting("applicant.passport.expires", "2027-02-28"),
    ),
    "birth-date-in-future": (
        setting("applicant.date_of_birth", "2026-11-21"),
        setting("applicant.date_of_birth", "2026-11-20"),
    ),
    "a-number-invalid": (
        setting("applicant.a_number", "A-123-45"),
        setting("applicant.a_number", "A-123-4567"),  # 7 digits, with separators
    ),
    "letter-unsigned": (letter(signed=False), letter(signed=True)),
    "letter-undated": (letter(date=DELETE), letter(date="2026-11-20")),
    "letter-after-case-date": (letter(date="2026-11-21"), letter(date="2026-11-20")),
    "letter-too-old": (letter(date="2026-05-23"), letter(date="2026-05-24")),
    "g28-missing": (representative(None), representative("form")),
    "g28-as-exhibit": (representative("exhibit"), representative("form")),
    "bar-number-missing": (
        representative("form", bar=None),
        representative("form", kind="accredited_representative", bar=None),
    ),
    "signature-unusable": (signature(b"not an image"), signature(image_bytes("PNG"))),
    "placeholder-left": (
        setting("reason.urgency", "TODO: why it cannot wait"),
        setting("reason.urgency", "Now; the to-do list is long"),
    ),
    "office-address-missing": (
        setting("case.office_address", []),
        setting("case.office_address", ["Port of Entry"]),
    ),
    "unknown-person": (about("sofai"), both(beneficiary, about("sofia"))),
    "form-missing": (
        uscis(),
        both(uscis(), add_form("I-131"), add_form("I-134"), add_form("G-1145")),
    ),
    "fee-payment-missing": (uscis(), both(uscis(), add_form("G-1450"))),
    "form-page-not-letter": (
        add_form("other", data=pdf_bytes(1, width=595, height=842)),
        add_form("other", data=pdf_bytes(1, width=792, height=612)),
    ),
    "fee-exception-unknown": (
        setting("case.fee_exception", "hardship"),
        setting("case.fee_exception", "funeral"),
    ),
    "fee-exception-unproved": (
        setting("case.fee_exception", "funeral"),
        both(
            setting("case.fee_exception", "funeral"),
            setting("exhibits.0.proves", ["identity", "fee_exception"]),
        ),
    ),
    "program-missing": (program(None), program("chnv")),
    "program-closed": (program("chnv"), program("uniting_for_ukraine")),
    "program-paused": (program("uniting_for_ukraine"), program("chnv")),
    "letter-section-missing": (
        both(uscis(), setting("reason.why_not_visa", DELETE)),
        uscis(),
    ),
    "letter-section-left-out": (
        uscis("credible_fear", filed_with="ICE"),
        both(
            uscis("credible_fear", filed_with="ICE"),
            setting("reason.why_not_visa", DELETE),
            setting("timeline.departure_plan", DELETE),
        ),
    ),
    "file-not-regular": (fifo, exhibit_file(pdf_bytes(1), "exhibits/pipe.pdf")),
    "file-xfa": (exhibit_file(xfa_pdf), exhibit_file(pdf_with_attachment)),
}


def test_base_case_has_no_findings(case_folder: CaseFolder, run_check) -> None:
    report = run_check(case_folder)
    assert report.findings == []
    assert report.ok
    assert [(d.label, d.id, d.pages) for d in report.documents] == [
        ("A", "urgent-letter", 2),
        ("B", "id-doc", 1),
    ]


@pytest.mark.parametrize("code", sorted(CASES))
def test_finding_is_triggered(code: str, case_folder: CaseFolder, run_check) -> None:
    trigger, _ = CASES[code]
    trigger(case_folder)
    report = run_check(case_folder)
    matching = [finding for finding in report.findings if finding.code == code]
    assert matching, f"{code} not reported; got {codes(report)}"
    for finding in matching:
        assert finding.location is not None, f"{code} has no location"
        assert finding.location.file == "case.yaml"
        assert finding.location.line >= 1 and finding.location.column >= 1
        assert len(finding.message) > 20


@pytest.mark.parametrize("code", sorted(CASES))
def test_near_miss_is_not_reported(code: str, case_folder: CaseFolder, run_check) -> None:
    _, near_miss = CASES[code]
    near_miss(case_folder)
    report = run_check(case_folder)
    assert code not in codes(report), [f.message for f in report.findings]


def test_every_documented_code_is_tested() -> None:
    from pathlib import Path

    documented = set()
    for line in (Path(__file__).parent.parent / "docs" / "findings.md").read_text().splitlines():
        if line.startswith("| `") and "` |" in line:
            documented.add(line.split("`")[1])
    assert documented, "docs/findings.md lists no codes"
    assert set(CASES) <= documented, set(CASES) - documented
    untested = documented - set(CASES)
    # Tested below (file-unreadable), in tests/hostile (repair, time limit) and, as they need
    # LibreOffice or a stand-in for it, in tests/test_office.py (word-processor documents).
    office = {"file-conversion-failed", "converter-missing", "docx-has-revisions"}
    # Only with a filing limit (--target, --max-size): tests/test_size.py.
    size = {"packet-over-limit", "exhibit-split", "page-over-limit", "exhibit-over-limit"}
    expected = {"file-unreadable", "file-repaired", "file-timeout", "image-converted", *office}
    expected |= size
    assert untested <= expected, untested


def test_every_code_the_tool_reports_is_documented() -> None:
    """Every finding code in the source (as the first argument of a finding or a file's
    problem) has its row in docs/findings.md, and every row names a code the tool reports."""
    import re

    source = Path(__file__).parent.parent / "src" / "packetbuilder"
    pattern = re.compile(
        r"(?:\.error|\.warning|\.add|\.refuse|\.note|Problem)\(\s*"
        r"(?:Severity[^,]*,\s*|[a-z_.]+severity[^,]*,\s*)?\"([a-z0-9]+(?:-[a-z0-9]+)+)\""
    )
    found = set()
    for path in source.rglob("*.py"):
        found |= set(pattern.findall(path.read_text()))
    found |= {"program-closed", "program-paused"}  # f"program-{status}"
    documented = set()
    for line in (Path(__file__).parent.parent / "docs" / "findings.md").read_text().splitlines():
        if line.startswith("| `") and "` |" in line:
            documented.add(line.split("`")[1])
    loader = {"unknown-key", "missing-field", "invalid-value", "invalid-date"}
    assert found - documented == set(), found - documented
    assert documented - found - loader == set(), documented - found - loader


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files without read permission")
def test_file_unreadable(case_folder: CaseFolder, run_check) -> None:
    case_folder.add_exhibit("extra", "exhibits/locked.pdf", pdf_bytes(1))
    (case_folder.root / "exhibits" / "locked.pdf").chmod(0)
    assert "file-unreadable" in codes(run_check(case_folder))


def test_symlink_outside_is_refused_unless_allowed(case_folder: CaseFolder, run_check) -> None:
    symlink_outside(case_folder)
    assert "path-outside-case" in codes(run_check(case_folder))
    assert "path-outside-case" not in codes(run_check(case_folder, allow_outside=True))


def test_empty_password_aes_pdf_is_counted(case_folder: CaseFolder, run_check) -> None:
    case_folder.add_exhibit("extra", "exhibits/extra.pdf", encrypted_pdf("", "AES-128"))
    report = run_check(case_folder)
    assert report.findings == []
    assert report.documents[-1].pages == 3


def test_tiff_frames_are_pages(case_folder: CaseFolder, run_check) -> None:
    case_folder.add_exhibit("scan", "exhibits/scan.tiff", image_bytes("TIFF", frames=4))
    assert run_check(case_folder).documents[-1].pages == 4


def test_several_files_add_up(case_folder: CaseFolder, run_check) -> None:
    case_folder.write_file("exhibits/a.pdf", pdf_bytes(2, text="a"))
    case_folder.write_file("exhibits/b.png", image_bytes("PNG"))
    case_folder.data["exhibits"].append(
        {"id": "both", "title": "Both", "files": ["exhibits/a.pdf", "exhibits/b.png"]}
    )
    case_folder.data["reason"]["urgency"] = "See [[both]]."
    report = run_check(case_folder)
    assert report.findings == []
    assert report.documents[-1].pages == 3
    assert report.total_pages == 2 + 1 + 3


def test_requirement_severity_comes_from_the_profile(
    case_folder: CaseFolder, run_check, tmp_path
) -> None:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "port.yaml").write_text(
        "name: port_of_entry\ntitle: Port\nrequirements:\n"
        "  - {key: identity, description: Who., severity: warning}\n"
        "  - {key: urgent_reason, description: Why., severity: error}\n"
    )
    drop_proves(case_folder)
    report = run_check(case_folder, profiles_dir=profiles)
    missing = [f for f in report.findings if f.code == "requirement-missing"]
    assert [f.severity for f in missing] == [Severity.WARNING]


def test_citation_location_is_exact(case_folder: CaseFolder, run_check) -> None:
    case_folder.data["reason"]["narrative"] = "First line.\nSecond line cites [[nope]] here.\n"
    report = run_check(case_folder)
    finding = next(f for f in report.findings if f.code == "unknown-citation")
    text = case_folder.case_file.read_text().splitlines()
    line = text[finding.location.line - 1]
    assert line[finding.location.column - 1 :].startswith("[[nope]]")


def test_all_findings_are_collected_at_once(case_folder: CaseFolder, run_check) -> None:
    setting("case.date", "2026-13-45")(case_folder)
    letter(signed=False)(case_folder)
    exhibit_file(None)(case_folder)
    unknown_key_in_exhibit(case_folder)
    found = set(codes(run_check(case_folder)))
    assert {"invalid-date", "letter-unsigned", "exhibit-missing", "unknown-key"} <= found


def test_file_unreadable_when_reading_fails(
    case_folder: CaseFolder, run_check, monkeypatch
) -> None:
    """The same finding as above, on machines where tests run as root."""
    locked = case_folder.write_file("exhibits/locked.pdf", pdf_bytes(1))
    real_open = os.open

    def refusing_open(path, flags, *args):
        if Path(path).name == locked.name:
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refusing_open)
    case_folder.add_exhibit("extra", "exhibits/locked.pdf")
    report = run_check(case_folder)
    [finding] = [f for f in report.findings if f.code == "file-unreadable"]
    assert "Permission denied" in finding.message and "permissions" in finding.message


def test_every_finding_code_has_an_example_in_errors_md() -> None:
    root = Path(__file__).parent.parent / "docs"
    findings = root.joinpath("findings.md").read_text()
    errors = root.joinpath("errors.md").read_text()
    codes_documented = {
        line.split("`")[1] for line in findings.splitlines() if line.startswith("| `")
    }
    missing = {code for code in codes_documented if f"| `{code}` |" not in errors}
    assert not missing, missing
    for exit_code in range(6):
        assert f"| {exit_code} |" in errors
