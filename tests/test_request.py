"""`packet request`: the client's document request in English and Spanish, from check's report."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from typer.testing import CliRunner

from helpers import EXAMPLES, REPO, CaseFolder, image_bytes, pdf_bytes
from packetbuilder import api
from packetbuilder.case.profiles import load_profiles
from packetbuilder.cli import app
from packetbuilder.options import RequestOptions
from packetbuilder.request import LANGUAGES, client_data
from packetbuilder.request.compute import LEGIBLE_LONG_SIDE_PX

runner = CliRunner()
LEGIBLE = (1500, 1000)  # a phone photo or a 150 dpi scan
# One word for each thing: "tarjeta de residente permanente", "asesoría legal", "acta de
# nacimiento", "solicitud" (never the anglicism "aplicación").
AVOIDED_IN_SPANISH = ("green card", "asesoramiento", "partida de nacimiento", "aplicación")


def invoke(*args: object):
    return runner.invoke(app, [str(arg) for arg in args])


def locked_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(2))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def requirement_wording(profile: str, key: str, lang: str) -> str:
    requirement = next(r for r in load_profiles()[profile].requirements if r.key == key)
    assert requirement.client is not None
    return getattr(requirement.client, lang)


def file_wording(code: str, lang: str, file: str) -> str:
    return getattr(client_data().files[code], lang).format(file=file)


def sentence(key: str, lang: str, **values: str) -> str:
    return getattr(getattr(client_data().text, key), lang).format(**values)


@pytest.fixture
def troubled(case_folder: CaseFolder) -> CaseFolder:
    """A port-of-entry case with a requirement not covered (ties_and_return), an unreadable
    file, a password-locked file, a too-small image and a document without its translation."""
    case_folder.write_file("exhibits/passport.jpg", image_bytes("JPEG", size=LEGIBLE))
    case_folder.data["exhibits"][0]["proves"] = ["identity", "financial_support"]
    case_folder.add_exhibit("bank", "exhibits/bank.pdf", b"%PDF-1.4\nnot a pdf at all")
    case_folder.add_exhibit("lease", "exhibits/lease.pdf", locked_pdf())
    case_folder.add_exhibit("job-letter", "exhibits/job_letter.jpg", image_bytes("JPEG"))
    case_folder.add_exhibit("acta", "exhibits/acta.pdf", pdf_bytes(1), language="es")
    case_folder.data["exhibits"][-1]["title"] = "Birth certificate"
    return case_folder


@pytest.mark.parametrize("lang", LANGUAGES)
def test_request_lists_what_is_missing_and_what_is_wrong(troubled: CaseFolder, lang: str) -> None:
    text = api.client_request(troubled.write(), lang).markdown
    assert text.startswith(f"# {sentence('title', lang)}\n")
    assert sentence("greeting", lang, name="Ana Example") in text
    assert sentence("intro", lang, case_id="TEST-1") in text
    assert sentence("needed", lang) in text
    assert requirement_wording("port_of_entry", "ties_and_return", lang) in text
    assert "- Exhibit bank\n  - " + file_wording("file-corrupt", lang, "bank.pdf") in text
    assert "- Exhibit lease\n  - " + file_wording("file-encrypted", lang, "lease.pdf") in text
    too_small = file_wording("image-too-small", lang, "job_letter.jpg")
    assert "- Exhibit job-letter\n  - " + too_small in text
    translation = getattr(client_data().documents["translation-missing"], lang)
    assert translation.format(title="Birth certificate") in text
    assert sentence("how_to_send", lang) in text
    for other in LANGUAGES:  # the disclaimer in both languages, the request's own first
        assert f"*{getattr(client_data().text.disclaimer, other)}*" in text
    assert text.index(sentence("disclaimer", lang)) < text.index(
        sentence("disclaimer", "es" if lang == "en" else "en")
    )
    # what is fine is not asked for; no finding codes, no paths, no statute
    assert "Passport" not in text and "passport.jpg" not in text
    assert not re.search(r"file-|exhibit-missing|CFR|U\.S\.C\.|exhibits/", text)


def test_spanish_request_is_in_spanish(troubled: CaseFolder) -> None:
    text = api.client_request(troubled.write(), "es").markdown
    assert "Estimado/a Ana Example:" in text
    assert "permiso de permanencia temporal (parole)" in text
    assert "está protegido con una contraseña" in text
    assert "traducción certificada al inglés" in text
    for english in ("Please", "We are", "Dear", "How to send"):
        assert english not in text.split("---")[0]


def test_missing_file_is_asked_for(case_folder: CaseFolder) -> None:
    case_folder.write_file("exhibits/passport.jpg", image_bytes("JPEG", size=LEGIBLE))
    case_folder.add_exhibit("return-ticket", "exhibits/ticket.pdf")
    request = api.client_request(case_folder.write(), "en").request
    missing = client_data().files["exhibit-missing"].en
    assert [(item.what, item.problems) for item in request.items] == [
        ("Exhibit return-ticket", (missing,))
    ]


def test_unsigned_letter_and_uncertified_translation_are_asked_for(
    case_folder: CaseFolder,
) -> None:
    case_folder.write_file("exhibits/passport.jpg", image_bytes("JPEG", size=LEGIBLE))
    case_folder.data["letters"][0]["signed"] = False
    case_folder.add_exhibit(
        "acta", "exhibits/acta.pdf", pdf_bytes(1), language="es", translation="acta-en"
    )
    case_folder.add_exhibit("acta-en", "exhibits/acta-en.pdf", pdf_bytes(1), translation_of="acta")
    case_folder.data["exhibits"][-1]["title"] = "Translation of the birth certificate"
    for lang in LANGUAGES:
        items = [item.what for item in api.client_request(case_folder.write(), lang).request.items]
        documents = client_data().documents
        assert items == [
            getattr(documents["letter-unsigned"], lang).format(title="Letter from a doctor"),
            getattr(documents["translation-uncertified"], lang).format(
                title="Translation of the birth certificate"
            ),
        ]


def test_an_image_large_enough_is_not_too_small(case_folder: CaseFolder) -> None:
    side = LEGIBLE_LONG_SIDE_PX
    case_folder.write_file("exhibits/passport.jpg", image_bytes("JPEG", size=(side, side // 2)))
    request = api.client_request(case_folder.write(), "en").request
    assert request.complete


def test_request_by_person_with_beneficiaries(case_folder: CaseFolder) -> None:
    case_folder.write_file("exhibits/passport.jpg", image_bytes("JPEG", size=LEGIBLE))
    case_folder.data["beneficiaries"] = [
        {
            "id": "sofia",
            "given_name": "Sofía",
            "family_name": "Reyes",
            "date_of_birth": "2015-04-02",
            "citizenship": "Honduras",
            "relationship": "daughter of the applicant",
        }
    ]
    case_folder.add_exhibit("sofia-id", "exhibits/sofia-id.pdf", locked_pdf(), about="sofia")
    case_folder.add_exhibit("ticket", "exhibits/ticket.pdf", about=["applicant", "sofia"])
    case_folder.data["letters"][0]["proves"] = ["inadmissibility_and_rehabilitation"]
    for lang in LANGUAGES:
        result = api.client_request(case_folder.write(), lang)
        groups = {group.heading: group.items for group in result.request.groups}
        applicant = sentence("for_person", lang, name="Ana Example")
        sofia = sentence("for_person", lang, name="Sofía Reyes")
        everyone = sentence("for_everyone", lang)
        assert list(groups) == [sofia, everyone]  # nothing is missing for Ana herself
        identity = requirement_wording("port_of_entry", "identity", lang)
        assert [item.what for item in groups[sofia]] == [identity, "Exhibit sofia-id"]
        assert groups[sofia][1].problems == (file_wording("file-encrypted", lang, "sofia-id.pdf"),)
        urgent = requirement_wording("port_of_entry", "urgent_reason", lang)
        assert [item.what for item in groups[everyone]] == [urgent, "Exhibit ticket"]
        text = result.markdown
        assert applicant not in text
        assert text.index(f"## {sofia}") < text.index(identity) < text.index(f"## {everyone}")
        assert text.index(f"## {everyone}") < text.index(urgent)


def test_every_requirement_of_every_profile_has_client_wording() -> None:
    for profile in load_profiles().values():
        for requirement in profile.requirements:
            where = f"{profile.name}.{requirement.key}"
            assert requirement.client is not None, f"{where} has no client wording"
            for lang in LANGUAGES:
                wording = getattr(requirement.client, lang)
                assert wording.strip(), f"{where}: empty client.{lang}"
                assert wording.rstrip()[-1] in ".)", f"{where}: client.{lang} is not a sentence"
                assert not re.search(r"CFR|U\.S\.C\.|INA |`|\[", wording), where


def refused_codes() -> set[str]:
    """Every code the exhibits stage gives a file it cannot use."""
    found: set[str] = set()
    for path in (REPO / "src" / "packetbuilder" / "exhibits").glob("*.py"):
        found.update(re.findall(r"refuse\(\s*\"([a-z0-9-]+)\"", path.read_text()))
    return found


def test_every_file_problem_has_wording_in_both_languages() -> None:
    data = client_data()
    codes = refused_codes()
    assert {"exhibit-missing", "file-encrypted", "file-corrupt"} <= codes
    for code in codes:
        assert code in data.files or code in data.office_only, f"{code} has no client wording"
    documented = (REPO / "docs" / "findings.md").read_text()
    for code in data.documents:
        assert f"`{code}`" in documented, f"{code} is not a finding code"
    for code, wording in [*data.files.items(), *data.documents.items()]:
        for lang in LANGUAGES:
            text = getattr(wording, lang)
            rest = text.replace("{file}", "").replace("{title}", "")
            assert text.strip() and "{" not in rest, f"{code}: client.{lang}"
    for name, wording in data.text:
        en, es = wording.en, wording.es
        assert re.findall(r"\{\w+\}", en) == re.findall(r"\{\w+\}", es), name


def test_spanish_wording_is_consistent() -> None:
    """Usted throughout, one word for each thing (the terms the whole request uses)."""
    texts = [wording.es for _, wording in client_data().text]
    texts += [wording.es for wording in client_data().files.values()]
    texts += [wording.es for wording in client_data().documents.values()]
    for profile in load_profiles().values():
        texts += [r.client.es for r in profile.requirements if r.client is not None]
    joined = "\n".join(texts)
    for informal in (r"\btú\b", r"\btu\b", r"\btus\b", r"\bte\b", r"\bmándanos\b", r"\benvía\b"):
        assert not re.search(informal, joined, re.IGNORECASE), informal
    for avoided in AVOIDED_IN_SPANISH:
        assert avoided not in joined.lower(), avoided


def test_complete_examples_ask_for_nothing() -> None:
    for case in EXAMPLES:
        for lang in LANGUAGES:
            result = api.client_request(case, lang)
            assert result.request.complete, (case, result.request.items)
            assert sentence("nothing_needed", lang) in result.markdown
            assert sentence("how_to_send_heading", lang) not in result.markdown


def test_pdf_has_the_request_text_in_bundled_fonts(troubled: CaseFolder, tmp_path: Path) -> None:
    output = tmp_path / "solicitud.pdf"
    result = api.client_request(troubled.write(), "es", RequestOptions(output=output))
    assert result.output == output
    reader = PdfReader(output)
    text = " ".join(page.extract_text() for page in reader.pages).replace("\xa0", " ")
    text = " ".join(text.split())
    assert "Estimado/a Ana Example:" in text
    assert "permiso de permanencia temporal (parole)" in text
    assert "El archivo que tenemos (lease.pdf) está protegido con una contraseña." in text
    assert "Documentos que necesitamos de usted" in text
    assert "no ofrece asesoría legal" in text and "gives no legal advice" in text
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].get_object().values()
    }
    assert fonts and all(font.startswith("PB-") for font in fonts), fonts
    assert reader.metadata is not None and reader.metadata["/CreationDate"] == "D:20261120"
    first = output.read_bytes()
    api.client_request(troubled.write(), "es", RequestOptions(output=output, force=True))
    assert output.read_bytes() == first  # the same case gives the same bytes


def test_cli_markdown_on_standard_output(troubled: CaseFolder) -> None:
    result = invoke("request", troubled.write(), "--lang", "es")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Documentos que necesitamos de usted\n")
    assert "está protegido con una contraseña" in result.stdout


def test_cli_default_language_is_english_and_complete_case_exits_0(
    case_folder: CaseFolder,
) -> None:
    case_folder.write_file("exhibits/passport.jpg", image_bytes("JPEG", size=LEGIBLE))
    result = invoke("request", case_folder.write())
    assert result.exit_code == 0, result.output
    assert sentence("nothing_needed", "en") in result.stdout


def test_cli_writes_pdf_or_markdown_and_never_overwrites(
    troubled: CaseFolder, tmp_path: Path
) -> None:
    case = troubled.write()
    pdf = tmp_path / "out" / "request.pdf"
    result = invoke("request", case, "-o", pdf)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    before = pdf.read_bytes()
    again = invoke("request", case, "--lang", "es", "-o", pdf)
    assert again.exit_code == 4 and "already exists" in again.stderr
    assert pdf.read_bytes() == before
    forced = invoke("request", case, "--lang", "es", "-o", pdf, "--force")
    assert forced.exit_code == 0 and pdf.read_bytes() != before
    markdown = tmp_path / "request.md"
    assert invoke("request", case, "-o", markdown).exit_code == 0
    assert markdown.read_text(encoding="utf-8").startswith("# Documents we need from you\n")


def test_cli_refuses_to_overwrite_the_case(troubled: CaseFolder) -> None:
    case = troubled.write()
    before = case.read_bytes()
    for target in (case, troubled.root / "exhibits" / "lease.pdf"):
        result = invoke("request", case, "-o", target, "--force")
        assert result.exit_code == 4 and "one of the case's own files" in result.stderr
    assert case.read_bytes() == before


def test_cli_exit_codes_of_unreadable_case_and_bad_usage(tmp_path: Path) -> None:
    missing = invoke("request", tmp_path / "nowhere.yaml")
    assert missing.exit_code == 3
    broken = tmp_path / "case.yaml"
    broken.write_text("version: 2\n", encoding="utf-8")
    assert invoke("request", broken).exit_code == 3
    assert invoke("request", broken, "--lang", "fr").exit_code == 2
    assert invoke("request").exit_code == 2


def test_case_text_cannot_format_the_markdown(case_folder: CaseFolder) -> None:
    case_folder.add_exhibit("odd", "exhibits/odd.pdf")
    case_folder.data["exhibits"][-1]["title"] = "*Bold* [link](http://x) <b>`code`</b>"
    text = api.client_request(case_folder.write(), "en").markdown
    assert r"- \*Bold\* \[link\](http://x) \<b\>\`code\`\</b\>" in text


def test_a_firm_template_replaces_the_shipped_one(troubled: CaseFolder, tmp_path: Path) -> None:
    firm = tmp_path / "firm"
    firm.mkdir()
    (firm / "request.md.j2").write_text(
        "{{ request.case_id }}: {{ request.items | length }} items\n", encoding="utf-8"
    )
    options = RequestOptions(templates_dir=firm)
    assert api.client_request(troubled.write(), "en", options).markdown == "TEST-1: 5 items\n"
    (firm / "request.md.j2").write_text("{{ request.nothing }}\n", encoding="utf-8")
    result = invoke("request", troubled.write(), "--templates", firm)
    assert result.exit_code == 2 and "request.md.j2" in result.stderr
