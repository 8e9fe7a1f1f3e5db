"""Make the example cases' exhibit files: fictional letters (PDF, and one Word document in each
example) and scans (a HEIC phone photo in each example).

Every person, organisation and document here is fictional. Run from the top of the checkout:
    .venv/bin/python examples/generate.py
The files are committed, so nobody needs to run this unless the examples change.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import re
import zipfile
from pathlib import Path

import docx
import pillow_heif
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Inches, Pt, RGBColor
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from weasyprint import HTML

HERE = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
os.environ.setdefault("SOURCE_DATE_EPOCH", "1763596800")  # 2025-11-20: stable file dates

CSS = """
@page { size: Letter; margin: 0.9in 1in 1in 1in; }
body { font-family: 'DejaVu Serif', serif; font-size: 11pt; line-height: 1.45; color: #111; }
.letterhead { border-bottom: 2px solid #1f3a5f; padding-bottom: 6pt; margin-bottom: 18pt; }
.letterhead .org { font-family: 'DejaVu Sans', sans-serif; font-size: 15pt; font-weight: bold;
  color: #1f3a5f; }
.letterhead .addr { font-family: 'DejaVu Sans', sans-serif; font-size: 8.5pt; color: #444; }
.date { margin-bottom: 14pt; }
.signature { margin-top: 26pt; }
.signature .script { font-family: 'DejaVu Serif', serif; font-style: italic; font-size: 16pt;
  color: #1a2a6c; }
h1 { font-family: 'DejaVu Sans', sans-serif; font-size: 14pt; text-align: center; }
h2 { font-family: 'DejaVu Sans', sans-serif; font-size: 11.5pt; margin-top: 14pt; }
table.form { width: 100%; border-collapse: collapse; margin-top: 10pt; }
table.form td { border: 1px solid #777; padding: 5pt 7pt; vertical-align: top; }
table.form td.k { width: 38%; background: #f0f0f0; font-family: 'DejaVu Sans', sans-serif;
  font-size: 9pt; }
.small { font-size: 9pt; color: #333; }
.landscape { page: wide; }
@page wide { size: Letter landscape; margin: 0.7in; }
table.gantt { width: 100%; border-collapse: collapse; font-family: 'DejaVu Sans', sans-serif;
  font-size: 9pt; }
table.gantt td, table.gantt th { border: 1px solid #999; padding: 4pt; }
td.on { background: #9fb7d9; }
"""


def letter(org: str, address: str, date: str, body: str, signer: str, role: str) -> str:
    """A signed letter on letterhead."""
    return f"""
<div class="letterhead"><div class="org">{org}</div><div class="addr">{address}</div></div>
<div class="date">{date}</div>
{body}
<div class="signature"><div class="script">{signer}</div>{signer}<br>{role}</div>
"""


DOCX_DATE = dt.datetime(2025, 11, 20, tzinfo=dt.UTC)  # the SOURCE_DATE_EPOCH above
NAVY = RGBColor(0x1F, 0x3A, 0x5F)


def docx_letter(org: str, address: str, date: str, body: str, signer: str, role: str) -> bytes:
    """The same signed letter as `letter`, as a Word document (what offices are sent)."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.left_margin = section.right_margin = section.bottom_margin = Inches(1)
    section.top_margin = Inches(0.9)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "DejaVu Serif", Pt(11)
    heading = document.add_paragraph()
    run = heading.add_run(org)
    run.bold, run.font.size, run.font.color.rgb, run.font.name = True, Pt(15), NAVY, "DejaVu Sans"
    run = document.add_paragraph().add_run(address)
    run.font.size, run.font.name = Pt(8.5), "DejaVu Sans"
    document.add_paragraph(date).paragraph_format.space_before = Pt(12)
    for paragraph in re.findall(r"<p>(.*?)</p>", body, re.S):
        text = html.unescape(re.sub(r"<[^>]+>", "", paragraph))
        document.add_paragraph(" ".join(text.split()))
    signature = document.add_paragraph()
    signature.paragraph_format.space_before = Pt(20)
    script = signature.add_run(signer)
    script.italic, script.font.size, script.font.color.rgb = True, Pt(16), RGBColor(26, 42, 108)
    document.add_paragraph(f"{signer}\n{role}").alignment = WD_ALIGN_PARAGRAPH.LEFT
    properties = document.core_properties
    properties.author = properties.last_modified_by = signer
    properties.created = properties.modified = DOCX_DATE.replace(tzinfo=None)
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return stable_zip(buffer.getvalue())


def stable_zip(data: bytes) -> bytes:
    """The archive again with every member dated the same: the same letter, the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(
                zipfile.ZipInfo(item.filename, (2025, 11, 20, 0, 0, 0)),
                source.read(item),
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return buffer.getvalue()


def write_docx(relative: str, data: bytes) -> None:
    target = HERE / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    print("wrote", target.relative_to(HERE))


def form(title: str, rows: list[tuple[str, str]], intro: str = "", outro: str = "") -> str:
    """A one-page official-looking form or certificate."""
    cells = "".join(f"<tr><td class='k'>{key}</td><td>{value}</td></tr>" for key, value in rows)
    return f"<h1>{title}</h1>{intro}<table class='form'>{cells}</table>{outro}"


def write_pdf(relative: str, body: str) -> None:
    target = HERE / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=f"<html><head><style>{CSS}</style></head><body>{body}</body></html>").write_pdf(
        target
    )
    print("wrote", target.relative_to(HERE))


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size)


def write_scan(
    relative: str, title: str, lines: list[str], mrz: list[str] = (), exif_rotate: bool = False
) -> None:
    """A phone or flatbed 'scan' of an identity document: landscape, slightly noisy; a JPEG, or a
    HEIC as an iPhone takes it when the name ends in .heic."""
    width, height = 1500, 1000
    page = Image.new("RGB", (width, height), (236, 232, 220))
    draw = ImageDraw.Draw(page)
    draw.rounded_rectangle(
        (60, 60, width - 60, height - 60),
        radius=30,
        fill=(218, 226, 236),
        outline=(90, 110, 140),
        width=4,
    )
    draw.text((100, 90), title, font=font(44, bold=True), fill=(30, 50, 90))
    draw.rectangle((100, 190, 420, 600), fill=(180, 180, 185), outline=(80, 80, 80), width=3)
    draw.text((175, 380), "PHOTO", font=font(40), fill=(120, 120, 125))
    y = 200
    for line in lines:
        draw.text((470, y), line, font=font(34), fill=(20, 20, 30))
        y += 58
    y = max(y, 640) + 40
    for line in mrz:
        draw.text(
            (100, y),
            line,
            font=ImageFont.truetype(str(FONT_DIR / "DejaVuSansMono.ttf"), 42),
            fill=(10, 10, 10),
        )
        y += 62
    noise = Image.effect_noise((width, height), 18).convert("RGB")
    page = Image.blend(page, noise, 0.06).filter(ImageFilter.GaussianBlur(0.6))
    page = page.rotate(-0.8, resample=Image.BICUBIC, fillcolor=(236, 232, 220))
    target = HERE / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    exif = Image.Exif()
    if exif_rotate:
        # As a phone stores a photo taken sideways: pixels turned, EXIF tag 6 says turn back.
        page = page.rotate(90, expand=True)
        exif[0x0112] = 6
    buffer = io.BytesIO()
    if target.suffix == ".heic":
        # pillow-heif stores the orientation as the HEIF's own rotation (irot), as phones do.
        pillow_heif.from_pillow(page).save(buffer, quality=50, exif=exif.tobytes())
    else:
        page.save(buffer, "JPEG", quality=82, dpi=(150, 150), exif=exif)
    target.write_bytes(buffer.getvalue())
    print("wrote", target.relative_to(HERE))


I131_TITLE = "Application for Travel Documents, Parole Documents, and Arrival/Departure Records"


def stand_in(name: str, title: str, rows: list[tuple[str, str]]) -> str:
    """A one-page fictional stand-in for an official form (an example needs no real form)."""
    return form(
        f"Form {name} (stand-in for the official form)",
        [("Form", f"{name}: {title}"), *rows],
        "<p class='small'>A fictional stand-in made for this example. A real filing uses the "
        "current edition of the official form, signed.</p>",
    )


def g28(
    representative: str,
    firm: str,
    address: str,
    client: str,
    date: str,
    *,
    eligibility: str,
    role: str = "Attorney",
    matter: str = "Request for parole",
) -> str:
    """The G-28 stand-in; `role` and `eligibility` as the case's representative `kind` says."""
    return form(
        "Form G-28 (stand-in for the official form)",
        [
            (
                "Form",
                "G-28: Notice of Entry of Appearance as Attorney or Accredited Representative",
            ),
            ("Attorney or accredited representative", representative),
            ("Law firm or organization", firm),
            ("Address", address),
            ("Role", role),
            ("Eligibility", eligibility),
            ("Client", client),
            ("Matter", matter),
            ("Signature of client", f"<i>{client.split(',')[0]}</i>"),
            ("Signature of representative", f"<i>{representative}</i>"),
            ("Date", date),
        ],
        "<p class='small'>A fictional stand-in made for this example. A real filing uses the "
        "current edition of the official form, signed by the representative and the client.</p>",
    )


def medical() -> None:
    base = "medical/"
    write_pdf(
        base + "letters/physician.pdf",
        letter(
            "Hôpital pédiatrique de Montréal — Hematology-Oncology",
            "4100 chemin de la Côte-Verte, Montréal (Québec) H3T 1C5, Canada · +1 514 555 0142",
            "October 15, 2026",
            """<p>To whom it may concern:</p>
<p>I am the treating pediatric oncologist of Olivier Tremblay, born June 11, 2017, son of
Daniel Tremblay. Olivier was diagnosed on October 2, 2026 with relapsed high-risk
neuroblastoma after first-line therapy completed in 2025.</p>
<p>The treatment now indicated is an engineered-cell therapy (GD2-directed CAR T cells) that is
offered only within a clinical protocol. No centre in Canada enrols children in this protocol;
the nearest site is Northshore Children's Hospital in Buffalo, New York, which has accepted
Olivier for screening on December 3, 2026.</p>
<p>Treatment and close follow-up will take about twelve weeks. Olivier is nine years old and
needs a parent with him throughout: for consent, for care at the bedside and for the daily
decisions such treatment requires. His mother is the parent who stays with his younger sister
in Montréal; his father, Daniel, is the parent who can accompany him.</p>
<p>Delay lowers the chance that this therapy works. I ask that Mr. Tremblay be allowed to
accompany his son for the whole period of treatment.</p>""",
            "Dr. Marie Gagnon",
            "Pediatric oncologist, licence CMQ 1-09-552",
        ),
    )
    write_docx(
        base + "letters/us-hospital.docx",
        docx_letter(
            "Northshore Children's Hospital — Cellular Therapy Program",
            "219 Bryant Street, Buffalo, NY 14222 · (716) 555-0190",
            "October 28, 2026",
            """<p>Re: Olivier Tremblay (DOB 06/11/2017), accompanied by his father \
Daniel Tremblay</p>
<p>Northshore Children's Hospital has accepted Olivier Tremblay into its GD2 CAR T-cell
protocol. Screening is scheduled for December 3, 2026; cell collection, manufacturing,
infusion and the required inpatient and outpatient monitoring are expected to end by
February 26, 2027.</p>
<p>Our protocol requires a parent or legal guardian to be present throughout treatment and
to remain within 30 minutes of the hospital during the monitoring period. Mr. Tremblay has
been identified as that parent.</p>
<p>The family has been cleared by our International Patient Office for the estimated cost of
care; the financial clearance is enclosed separately.</p>""",
            "Dr. James Whitford",
            "Director, Cellular Therapy Program",
        ),
    )
    write_scan(
        base + "exhibits/passport.heic",
        "CANADA · PASSPORT · PASSEPORT",
        [
            "Surname / Nom: TREMBLAY",
            "Given names / Prénoms: DANIEL",
            "Nationality: CANADIAN / CANADIENNE",
            "Date of birth: 02 MAR 1984",
            "Place of birth: MONTREAL CAN",
            "Date of expiry: 01 MAY 2029",
            "Passport No.: AB123456",
        ],
        [
            "P<CANTREMBLAY<<DANIEL<<<<<<<<<<<<<<<<<<<<<<<",
            "AB123456<0CAN8403021M2905011<<<<<<<<<<<<<<04",
        ],
    )
    write_pdf(
        base + "exhibits/birth-certificate-fr.pdf",
        form(
            "Directeur de l'état civil — Copie d'acte de naissance",
            [
                ("Nom", "TREMBLAY"),
                ("Prénom", "Olivier"),
                ("Date de naissance", "11 juin 2017"),
                ("Lieu de naissance", "Montréal (Québec)"),
                ("Père", "Daniel Tremblay, né le 2 mars 1984"),
                ("Mère", "Émilie Gauthier, née le 19 août 1986"),
                ("Numéro d'inscription", "2017-0611-448-93"),
                ("Délivré à Québec, le", "3 février 2025"),
            ],
            "<p>Gouvernement du Québec. Le présent document est une copie conforme de l'acte "
            "inscrit au registre de l'état civil.</p>",
            "<p class='small'>Le directeur de l'état civil — <i>signature numérisée</i></p>",
        ),
    )
    write_pdf(
        base + "exhibits/birth-certificate-en.pdf",
        form(
            "Certified English translation — Copy of act of birth",
            [
                ("Surname", "TREMBLAY"),
                ("Given name", "Olivier"),
                ("Date of birth", "June 11, 2017"),
                ("Place of birth", "Montréal (Quebec)"),
                ("Father", "Daniel Tremblay, born March 2, 1984"),
                ("Mother", "Émilie Gauthier, born August 19, 1986"),
                ("Registration number", "2017-0611-448-93"),
                ("Issued at Québec on", "February 3, 2025"),
            ],
            "<p>Translation from French of the copy of act of birth issued by the Directeur de "
            "l'état civil du Québec.</p>",
            "<h2>Translator's certificate</h2><p>I, Claire Dubois, certify that I am competent to "
            "translate from French into English and that the above is a complete and accurate "
            "translation of the attached document.</p><p>Claire Dubois, certified translator "
            "(OTTIAQ), 1200 rue Peel, Montréal QC H3B 2T6, +1 514 555 0177<br>"
            "<i>Claire Dubois</i> — October 20, 2026</p>",
        ),
    )
    write_pdf(
        base + "exhibits/treatment-availability.pdf",
        letter(
            "Québec Ministry of Health — Out-of-Country Services",
            "1075 chemin Sainte-Foy, Québec (Québec) G1S 2M1, Canada",
            "October 22, 2026",
            """<p>Re: Olivier Tremblay, health insurance number TREO 1706 1123</p>
<p>Following the request of Dr. Marie Gagnon, the Ministry confirms that the GD2-directed CAR
T-cell therapy prescribed for Olivier Tremblay is not available in Québec or elsewhere in
Canada, and that the Ministry authorises and will reimburse treatment at Northshore Children's
Hospital, Buffalo, New York, as an out-of-country service.</p>""",
            "Hélène Roy",
            "Director, Out-of-Country Services",
        ),
    )
    write_pdf(
        base + "exhibits/financial-clearance.pdf",
        letter(
            "Northshore Children's Hospital — International Patient Office",
            "219 Bryant Street, Buffalo, NY 14222",
            "November 2, 2026",
            """<p>Financial clearance: Olivier Tremblay</p>
<table class='form'>
<tr><td class='k'>Estimated cost of care</td><td>USD 412,000</td></tr>
<tr><td class='k'>Payer</td><td>Québec Ministry of Health (out-of-country authorisation
QC-HOC-2026-11873), guarantee received October 30, 2026</td></tr>
<tr><td class='k'>Family responsibility</td><td>Lodging near the hospital: family housing
at Ronald House Buffalo, reserved December 1, 2026 to February 28, 2027</td></tr>
</table>
<p>The patient is financially cleared for admission.</p>""",
            "Priya Natarajan",
            "Manager, International Patient Office",
        ),
    )
    write_pdf(
        base + "exhibits/i-134.pdf",
        form(
            "Declaration of Financial Support (summary of Form I-134)",
            [
                (
                    "Supporter",
                    "Marc Tremblay, brother of the applicant, US lawful permanent resident",
                ),
                ("Address", "58 Lincoln Parkway, Buffalo, NY 14222"),
                ("Beneficiary", "Daniel Tremblay"),
                ("Annual income", "USD 96,400 (Form W-2 for 2025 attached to the original)"),
                (
                    "Support offered",
                    "Housing costs not covered by the hospital, food, local "
                    "transport and any unforeseen expense during the stay",
                ),
                ("Signed", "<i>Marc Tremblay</i>, November 5, 2026"),
            ],
        ),
    )
    write_pdf(
        base + "exhibits/court-records.pdf",
        form(
            "Criminal record summary and proof of sentences completed",
            [
                ("Person", "Daniel Tremblay, born March 2, 1984"),
                (
                    "2009-05-14",
                    "Possession of a controlled substance (Montréal Municipal Court); fine paid",
                ),
                (
                    "2011-09-30",
                    "Theft under $5,000 (Court of Québec); 12 months probation, completed "
                    "2012-09-30",
                ),
                ("Since 2011", "No further charges or convictions"),
                (
                    "Record suspension",
                    "Application filed with the Parole Board of Canada, 2026-03-18",
                ),
            ],
            "<p>Certified extract from court records, issued on request of the person concerned "
            "on September 9, 2026.</p>",
        ),
    )
    write_pdf(
        base + "exhibits/consent-mother.pdf",
        letter(
            "Émilie Gauthier",
            "1870 rue Beaubien Est, Montréal (Québec) H2G 1L6, Canada",
            "November 2, 2026",
            """<p>To whom it may concern:</p>
<p>I am the mother of Olivier Tremblay, born June 11, 2017. I consent to his travel to Buffalo,
New York, with his father, Daniel Tremblay, for treatment at Northshore Children's Hospital
from December 2026 to the end of February 2027, and to his father making the medical decisions
that the treatment requires. I stay in Montréal with our daughter.</p>""",
            "Émilie Gauthier",
            "Mother of Olivier Tremblay",
        ),
    )
    write_pdf(
        base + "exhibits/return-plan.pdf",
        form(
            "Hôpital pédiatrique de Montréal — Follow-up appointment",
            [
                ("Patient", "Olivier Tremblay (born June 11, 2017)"),
                ("Appointment", "March 3, 2027, 9:00, Hematology-Oncology clinic"),
                ("Purpose", "Follow-up after CAR T-cell therapy in Buffalo"),
                ("Travel", "By car with his father through the Peace Bridge, on discharge"),
            ],
        ),
    )
    write_pdf(
        base + "exhibits/supporter-status.pdf",
        form(
            "Identity and status of the financial supporter",
            [
                ("Supporter", "Marc Tremblay"),
                ("Status", "Lawful permanent resident (card no. IOE0912345678, copy on file)"),
                ("Residence", "58 Lincoln Parkway, Buffalo, NY 14222"),
                ("Relationship", "Brother of Daniel Tremblay"),
            ],
        ),
    )
    write_pdf(
        base + "forms/g28.pdf",
        g28(
            "Sarah Lindqvist",
            "Lindqvist Immigration Law PLLC",
            "400 Franklin Street, Suite 210, Buffalo, NY 14202",
            "Daniel Tremblay",
            "November 12, 2026",
            eligibility="Member in good standing of the bar of the State of New York, attorney "
            "registration no. 5123456",
        ),
    )


def credible_fear() -> None:
    base = "credible_fear/"
    write_pdf(
        base + "letters/sponsor.pdf",
        letter(
            "María José Reyes",
            "7421 Bellfort Avenue, Apt. 12, Houston, TX 77087 · (713) 555-0123",
            "November 4, 2026",
            """<p>To the Field Office Director:</p>
<p>I am a United States citizen and the cousin of Ana Lucía Reyes Mejía, who is detained at the
El Valle Processing Center. I ask that she be released on parole to live with me while her
asylum case is decided.</p>
<p>She will live in my home at the address above, in her own room. I will pay for her food,
clothing and transport, and I will take her to every hearing and every appointment with ICE
and the immigration court. I have lived at this address for nine years and work as a
medical assistant at Bellfort Family Clinic.</p>
<p>A copy of my US passport and my lease are enclosed with this letter.</p>""",
            "María José Reyes",
            "Sponsor, US citizen",
        ),
    )
    write_docx(
        base + "letters/pastor.docx",
        docx_letter(
            "Iglesia Bautista Nueva Esperanza",
            "3300 Telephone Road, Houston, TX 77023 · (713) 555-0166",
            "November 6, 2026",
            """<p>To whom it may concern:</p>
<p>I have been pastor of Nueva Esperanza for fourteen years. María José Reyes and her family
are members of our congregation. Our church has welcomed Ana Lucía Reyes Mejía and will
support her: a place in our women's group, volunteers who drive members to court, and our
weekly food pantry.</p>
<p>I know that she will have a community around her in Houston and people who will make sure
she attends every hearing.</p>""",
            "Rev. Samuel Ortega",
            "Senior Pastor",
        ),
    )
    write_scan(
        base + "exhibits/national-id.heic",
        "REPÚBLICA DE HONDURAS · DNI",
        [
            "Apellidos: REYES MEJÍA",
            "Nombres: ANA LUCÍA",
            "Fecha de nacimiento: 14/02/1996",
            "Lugar: SAN PEDRO SULA, CORTÉS",
            "Número: 0501-1996-04417",
            "Vence: 22/08/2031",
        ],
        ["IDHND0501199604417<<<<<<<<<<", "9602141F3108221HND<<<<<<<<<<8"],
        exif_rotate=True,
    )
    write_pdf(
        base + "exhibits/birth-certificate-es.pdf",
        form(
            "Registro Nacional de las Personas — Certificación de acta de nacimiento",
            [
                ("Nombre", "Ana Lucía Reyes Mejía"),
                ("Fecha de nacimiento", "14 de febrero de 1996"),
                ("Lugar de nacimiento", "San Pedro Sula, Cortés"),
                ("Padre", "José Antonio Reyes Paz"),
                ("Madre", "Gloria Esperanza Mejía Cruz"),
                ("Número de inscripción", "0501-1996-04417"),
                ("Expedida", "San Pedro Sula, 8 de enero de 2024"),
            ],
            "<p>República de Honduras. Certificación íntegra del acta inscrita en el Registro "
            "Civil.</p>",
        ),
    )
    write_pdf(
        base + "exhibits/birth-certificate-en.pdf",
        form(
            "Certified English translation — Certificate of birth record",
            [
                ("Name", "Ana Lucía Reyes Mejía"),
                ("Date of birth", "February 14, 1996"),
                ("Place of birth", "San Pedro Sula, Cortés"),
                ("Father", "José Antonio Reyes Paz"),
                ("Mother", "Gloria Esperanza Mejía Cruz"),
                ("Registration number", "0501-1996-04417"),
                ("Issued", "San Pedro Sula, January 8, 2024"),
            ],
            "<p>Translation from Spanish of the certificate issued by the Registro Nacional de las "
            "Personas of Honduras.</p>",
            "<h2>Translator's certificate</h2><p>I, Roberto Salinas, certify that I am competent "
            "to translate from Spanish into English and that this is a complete and accurate "
            "translation of the attached certificate.</p><p>Roberto Salinas, 1900 Travis Street, "
            "Houston, TX 77002, (713) 555-0148<br><i>Roberto Salinas</i> — November 3, 2026</p>",
        ),
    )
    write_pdf(
        base + "exhibits/national-id-en.pdf",
        form(
            "Certified English translation — Honduran national identity card (DNI), front",
            [
                ("Surnames", "REYES MEJÍA"),
                ("Given names", "ANA LUCÍA"),
                ("Date of birth", "February 14, 1996"),
                ("Place", "San Pedro Sula, Cortés"),
                ("Number", "0501-1996-04417"),
                ("Expires", "August 22, 2031"),
            ],
            "<p>Translation from Spanish of the front of the identity card issued by the Registro "
            "Nacional de las Personas of Honduras (the side copied in this packet).</p>",
            "<h2>Translator's certificate</h2><p>I, Roberto Salinas, certify that I am competent "
            "to translate from Spanish into English and that this is a complete and accurate "
            "translation of the front of the attached identity card.</p><p>Roberto Salinas, "
            "1900 Travis Street, Houston, TX 77002, (713) 555-0148<br><i>Roberto Salinas</i> — "
            "November 3, 2026</p>",
        ),
    )
    write_pdf(
        base + "exhibits/credible-fear-record.pdf",
        form(
            "Record of Determination / Credible Fear Worksheet (summary)",
            [
                ("Name", "Ana Lucía Reyes Mejía"),
                ("A-number", "A212345678"),
                ("Date of interview", "October 21, 2026"),
                ("Determination", "Credible fear of persecution found"),
                ("Served", "October 24, 2026"),
                ("Next step", "Notice to Appear issued; removal proceedings under INA 240"),
            ],
        ),
    )
    write_pdf(
        base + "exhibits/sponsor-status.pdf",
        form(
            "Sponsor's identity, status and residence",
            [
                ("Sponsor", "María José Reyes"),
                ("Status", "United States citizen (US passport no. 5671 23489, copy on file)"),
                ("Residence", "7421 Bellfort Avenue, Apt. 12, Houston, TX 77087"),
                ("Lease", "Bellfort Gardens, lease through July 31, 2027"),
                ("Employment", "Bellfort Family Clinic, medical assistant since 2019"),
            ],
        ),
    )
    write_pdf(
        base + "exhibits/police-clearance-es.pdf",
        form(
            "Secretaría de Seguridad — Constancia de antecedentes penales",
            [
                ("Nombre", "Ana Lucía Reyes Mejía"),
                ("Documento", "DNI 0501-1996-04417"),
                ("Resultado", "No registra antecedentes penales"),
                ("Expedida", "Tegucigalpa, 12 de agosto de 2026"),
            ],
            "<p>República de Honduras. Constancia expedida a solicitud de la interesada.</p>",
        ),
    )
    write_pdf(
        base + "exhibits/police-clearance-en.pdf",
        form(
            "Certified English translation — Certificate of criminal record",
            [
                ("Name", "Ana Lucía Reyes Mejía"),
                ("Document", "National ID 0501-1996-04417"),
                ("Result", "No criminal record on file"),
                ("Issued", "Tegucigalpa, August 12, 2026"),
            ],
            "<p>Translation from Spanish of the certificate issued by the Secretaría de Seguridad "
            "of Honduras.</p>",
            "<h2>Translator's certificate</h2><p>I, Roberto Salinas, certify that I am competent "
            "to translate from Spanish into English and that this is a complete and accurate "
            "translation of the attached certificate.</p><p>Roberto Salinas, 1900 Travis Street, "
            "Houston, TX 77002, (713) 555-0148<br><i>Roberto Salinas</i> — November 3, 2026</p>",
        ),
    )
    write_pdf(
        base + "forms/g28.pdf",
        g28(
            "Daniel Okafor",
            "Gulf Coast Immigrant Defense Project",
            "2200 Main Street, Suite 400, Houston, TX 77002",
            "Ana Lucía Reyes Mejía",
            "October 27, 2026",
            eligibility="Member in good standing of the State Bar of Texas, bar card no. 24081357",
        ),
    )


def public_interest() -> None:
    base = "public_interest/"
    person = "Tomasz Wróblewski, born July 9, 1979"
    write_pdf(
        base + "forms/g1145.pdf",
        stand_in(
            "G-1145",
            "e-Notification of Application/Petition Acceptance",
            [
                ("Applicant", "Tomasz Wróblewski"),
                ("E-mail", "dwhitcomb@harlanvalley-or.example"),
            ],
        ),
    )
    write_pdf(
        base + "forms/i131.pdf",
        stand_in(
            "I-131",
            I131_TITLE,
            [
                ("Beneficiary", person),
                ("Filed by", "Dana Whitcomb, for Harlan Valley County"),
                (
                    "Request",
                    "Initial parole, outside the United States (public benefit)",
                ),
                ("Period", "January 11 to June 30, 2027"),
            ],
        ),
    )
    write_pdf(
        base + "forms/i134.pdf",
        stand_in(
            "I-134",
            "Declaration of Financial Support",
            [
                (
                    "Supporter",
                    "Dana Whitcomb, Director of Emergency Management, Harlan Valley",
                ),
                ("Beneficiary", person),
                ("Support", "Stipend, housing and travel from the county's FEMA mitigation grant"),
            ],
        ),
    )
    write_pdf(
        base + "forms/g1450.pdf",
        stand_in(
            "G-1450",
            "Authorization for Credit Card Transactions",
            [
                ("Payer", "Harlan Valley County"),
                ("For", "Form I-131 filing fee"),
            ],
        ),
    )
    write_pdf(
        base + "exhibits/petitioner-authority.pdf",
        form(
            "Harlan Valley County — Certificate of appointment",
            [
                ("Name", "Dana Whitcomb"),
                ("Office", "Director of Emergency Management, since March 1, 2021"),
                (
                    "Authority",
                    "Board Order 2021-044: signs agreements and requests for the county",
                ),
                (
                    "Identification",
                    "Oregon driver licence 7712039 (copy on file); U.S. citizen",
                ),
            ],
        ),
    )
    write_pdf(
        base + "letters/county-oem.pdf",
        letter(
            "Harlan Valley County — Office of Emergency Management",
            "100 Courthouse Square, Harlan Valley, OR 97301 · (503) 555-0111",
            "November 3, 2026",
            """<p>To the Humanitarian Affairs Branch:</p>
<p>Harlan Valley County is the lead partner of the River Warning Project, which will install
and commission a flood early-warning network of 42 river gauges and sirens along the Marion
River before the spring flood season of 2027. In 2025 a flash flood reached four
neighbourhoods with less than 20 minutes' warning.</p>
<p>Mr. Tomasz Wróblewski designed the warning system now in use on the upper Vistula and is
the only engineer who can commission its forecasting software and train our staff on it in
time. We ask that he be paroled from January 11 to June 30, 2027.</p>
<p>The county pays his stipend, housing and travel. Our point of contact is the undersigned.
He will work under my supervision and report progress monthly to the County Board.</p>""",
            "Dana Whitcomb",
            "Director of Emergency Management",
        ),
    )
    write_docx(
        base + "letters/university.docx",
        docx_letter(
            "Oregon Cascades University — Department of Civil Engineering",
            "1500 Campus Drive, Corvallis, OR 97331",
            "October 30, 2026",
            """<p>To whom it may concern:</p>
<p>Our department is the technical partner of the River Warning Project. Our students will
maintain the gauge network after the project ends; Mr. Wróblewski's training is how that
knowledge stays in Oregon once he has left.</p>
<p>We have reserved laboratory space and a calibration bench for him from January 12 to
June 26, 2027.</p>""",
            "Prof. Elena Marsh",
            "Chair, Department of Civil Engineering",
        ),
    )
    write_scan(
        base + "exhibits/passport.heic",
        "RZECZPOSPOLITA POLSKA · PASZPORT",
        [
            "Nazwisko / Surname: WRÓBLEWSKI",
            "Imiona / Given names: TOMASZ",
            "Obywatelstwo / Nationality: POLSKIE",
            "Data urodzenia / Date of birth: 09.07.1979",
            "Data ważności / Date of expiry: 14.03.2031",
            "Nr paszportu / Passport No.: EK4471902",
        ],
        [
            "P<POLWROBLEWSKI<<TOMASZ<<<<<<<<<<<<<<<<<<<<<",
            "EK44719026POL7907094M3103144<<<<<<<<<<<<<<02",
        ],
    )
    write_pdf(
        base + "exhibits/licence-pl.pdf",
        form(
            "Polska Izba Inżynierów Budownictwa — Zaświadczenie",
            [
                ("Imię i nazwisko", "Tomasz Wróblewski"),
                ("Specjalność", "Uprawnienia budowlane w specjalności hydrotechnicznej"),
                ("Numer uprawnień", "MAZ/0412/PWOH/09"),
                ("Członkostwo", "Czynny członek izby, ważne do 31 grudnia 2027 r."),
                ("Wydano", "Warszawa, 2 października 2026 r."),
            ],
        ),
    )
    write_pdf(
        base + "exhibits/licence-en.pdf",
        form(
            "Certified English translation — Polish Chamber of Civil Engineers: certificate",
            [
                ("Name", "Tomasz Wróblewski"),
                ("Field", "Building licence in hydraulic engineering"),
                ("Licence number", "MAZ/0412/PWOH/09"),
                ("Membership", "Active member of the chamber, valid until December 31, 2027"),
                ("Issued", "Warsaw, October 2, 2026"),
            ],
            "<p>Translation from Polish.</p>",
            "<h2>Translator's certificate</h2><p>I, Anna Kowalczyk, certify that I am competent "
            "to translate from Polish into English and that this translation is complete and "
            "accurate.</p><p>Anna Kowalczyk, sworn translator, ul. Marszałkowska 84, 00-514 "
            "Warszawa, +48 22 555 0192<br><i>Anna Kowalczyk</i> — October 9, 2026</p>",
        ),
    )
    weeks = ["Jan", "Feb", "Mar", "Apr", "May", "Jun"]
    milestones = [
        ("Arrival, site survey, staff onboarding", {0}),
        ("Install 42 gauges and sirens", {0, 1, 2}),
        ("Commission forecasting software", {2, 3}),
        ("Train county staff and students", {3, 4, 5}),
        ("Spring flood season: live operation", {2, 3, 4}),
        ("Hand-over report June 26; departure June 29", {5}),
    ]
    rows = "".join(
        "<tr><td>"
        + name
        + "</td>"
        + "".join(f"<td class='{'on' if i in months else ''}'></td>" for i in range(6))
        + "</tr>"
        for name, months in milestones
    )
    write_pdf(
        base + "exhibits/project-plan.pdf",
        f"""
<h1>River Warning Project — project plan</h1>
<p>Lead partner: Harlan Valley County Office of Emergency Management. Technical partner: Oregon
Cascades University. Community partner: Marion River Neighbourhood Association.</p>
<h2>Purpose</h2>
<p>Give the four neighbourhoods flooded in 2025 at least two hours' warning of a flash flood,
with sirens, text alerts and a forecast published every fifteen minutes.</p>
<h2>Role of Tomasz Wróblewski</h2>
<p>Commission the forecasting software he designed, calibrate it on Marion River data, and train
six county staff and twelve students to run and maintain it.</p>
<h2>Measures of success</h2>
<p>All 42 stations reporting by March 31, 2027; forecast lead time of two hours or more in
tests; staff certified to operate the system without outside help by June 15, 2027.</p>
<div class="landscape"><h2>Milestones, 2027</h2>
<table class="gantt"><tr><th>Milestone</th>{"".join(f"<th>{w}</th>" for w in weeks)}</tr>
{rows}</table>
<p class="small">The project ends with the hand-over report on June 26, 2027. No activity
requires Mr. Wróblewski's presence after that date; his return flight is on June 29, 2027.</p>
</div>""",
    )
    write_pdf(
        base + "exhibits/funding.pdf",
        letter(
            "Harlan Valley County — Board of Commissioners",
            "100 Courthouse Square, Harlan Valley, OR 97301",
            "October 14, 2026",
            """<p>Resolution 2026-117: River Warning Project, consultant support</p>
<p>The Board authorises payment of a monthly stipend of USD 7,500 to Tomasz Wróblewski from
January to June 2027, furnished housing at 18 Alder Court, Harlan Valley, and return air
travel Warsaw–Portland, from the FEMA Hazard Mitigation grant HMGP-4741-OR-018.</p>""",
            "Ruth Calderón",
            "Chair, Board of Commissioners",
        ),
    )
    write_pdf(
        base + "exhibits/return-ticket.pdf",
        form(
            "Flight reservation — return",
            [
                ("Passenger", "WROBLEWSKI/TOMASZ MR"),
                (
                    "Outbound",
                    "LO 3 Warsaw (WAW) – Chicago (ORD), January 11, 2027; "
                    "connecting to Portland (PDX)",
                ),
                ("Return", "Portland (PDX) – Warsaw (WAW) via Chicago, June 29, 2027"),
                ("Booking reference", "K7QX2M"),
                ("Paid by", "Harlan Valley County"),
            ],
        ),
    )


def family() -> None:
    base = "family/"
    people = {
        "marisol": "Marisol Castillo Aguilar, born May 12, 1988",
        "sofia": "Sofía Reyes Castillo, born September 3, 2014",
        "mateo": "Mateo Reyes Castillo, born January 22, 2018",
    }
    for person, who in people.items():
        write_pdf(
            base + f"forms/i131-{person}.pdf",
            stand_in(
                "I-131",
                I131_TITLE,
                [
                    ("Beneficiary", who),
                    ("Filed by", "Lucía Castillo Aguilar, sister of Marisol Castillo Aguilar"),
                    ("Request", "Initial parole for a person outside the United States"),
                    ("Period", "December 5, 2026 to March 4, 2027"),
                ],
            ),
        )
        write_pdf(
            base + f"forms/i134-{person}.pdf",
            stand_in(
                "I-134",
                "Declaration of Financial Support",
                [
                    ("Supporter", "Lucía Castillo Aguilar, U.S. citizen, Houston, TX"),
                    ("Beneficiary", who),
                    ("Support", "Housing in the supporter's home, food, health insurance, travel"),
                ],
            ),
        )
    write_pdf(
        base + "forms/g1450.pdf",
        stand_in(
            "G-1450",
            "Authorization for Credit Card Transactions",
            [("Payer", "Lucía Castillo Aguilar"), ("For", "Three Form I-131 filing fees")],
        ),
    )
    write_pdf(
        base + "forms/g1145.pdf",
        stand_in(
            "G-1145",
            "e-Notification of Application/Petition Acceptance",
            [
                ("Applicant", "Marisol Castillo Aguilar"),
                ("E-mail", "abeltran@centrolegalsj.example"),
            ],
        ),
    )
    write_pdf(
        base + "forms/g28.pdf",
        g28(
            "Ana Beltrán",
            "Centro Legal San José (recognized organization)",
            "2315 Navigation Boulevard, Houston, TX 77003",
            "Lucía Castillo Aguilar, petitioner",
            "November 9, 2026",
            role="Accredited representative",
            eligibility="Accredited representative of Centro Legal San José, an organization "
            "recognized by the Department of Justice (8 CFR part 1292); EOIR ID BL482913",
            matter="Requests for parole (Forms I-131) of Marisol Castillo Aguilar and of her "
            "children Sofía and Mateo Reyes Castillo",
        ),
    )
    write_docx(
        base + "letters/hospice.docx",
        docx_letter(
            "Bayou City Hospice",
            "6700 Fannin Street, Houston, TX 77030 · (713) 555-0188",
            "November 10, 2026",
            """<p>To U.S. Citizenship and Immigration Services:</p>
<p>I am the attending hospice physician of Rosa Aguilar Mejía, 71, who has metastatic
pancreatic cancer. She entered our care on November 2, 2026. Treatment aimed at cure has ended;
her care is now for comfort.</p>
<p>In my judgment she has weeks to a few months to live. She has asked, many times, to see her
daughter Marisol and her grandchildren Sofía and Mateo, who live in Honduras.</p>""",
            "Dr. Helen Park",
            "Hospice physician, Texas licence R-55120",
        ),
    )
    write_scan(
        base + "exhibits/marisol-passport.heic",
        "REPÚBLICA DE HONDURAS · PASAPORTE",
        [
            "Apellidos / Surname: CASTILLO AGUILAR",
            "Nombres / Given names: MARISOL",
            "Nacionalidad / Nationality: HONDUREÑA",
            "Fecha de nacimiento / Date of birth: 12.05.1988",
            "Fecha de vencimiento / Date of expiry: 30.06.2030",
            "Nº de pasaporte / Passport No.: G1234567",
        ],
        [
            "P<HNDCASTILLO<AGUILAR<<MARISOL<<<<<<<<<<<<<<",
            "G12345674HND8805122F3006300<<<<<<<<<<<<<<06",
        ],
    )
    write_pdf(
        base + "exhibits/children-passports.pdf",
        form(
            "Pasaporte — República de Honduras (copia de la página de datos)",
            [
                ("Surname / Apellidos", "REYES CASTILLO"),
                ("Given names / Nombres", "SOFÍA"),
                ("Date of birth", "03.09.2014"),
                ("Passport No.", "G2345678, expires 02.09.2029"),
            ],
        )
        + "<div style='break-before: page'></div>"
        + form(
            "Pasaporte — República de Honduras (copia de la página de datos)",
            [
                ("Surname / Apellidos", "REYES CASTILLO"),
                ("Given names / Nombres", "MATEO"),
                ("Date of birth", "22.01.2018"),
                ("Passport No.", "G3456789, expires 21.01.2029"),
            ],
        ),
    )
    certificate = (
        "<h2>Translator's certificate</h2><p>I, Roberto Salinas, certify that I am competent to "
        "translate from Spanish into English and that this is a complete and accurate "
        "translation of the attached {what}.</p><p>Roberto Salinas, 1900 Travis Street, "
        "Houston, TX 77002, (713) 555-0148<br><i>Roberto Salinas</i> — November 12, 2026</p>"
    )
    write_pdf(
        base + "exhibits/marisol-birth-es.pdf",
        form(
            "Registro Nacional de las Personas — Certificación de acta de nacimiento",
            [
                ("Nombre", "Marisol Castillo Aguilar"),
                ("Fecha de nacimiento", "12 de mayo de 1988"),
                ("Lugar de nacimiento", "San Pedro Sula, Cortés"),
                ("Padre", "Ernesto Castillo Ramos"),
                ("Madre", "Rosa Aguilar Mejía"),
                ("Número de inscripción", "0501-1988-03381"),
            ],
        ),
    )
    write_pdf(
        base + "exhibits/marisol-birth-en.pdf",
        form(
            "Certified English translation — Certificate of birth record",
            [
                ("Name", "Marisol Castillo Aguilar"),
                ("Date of birth", "May 12, 1988"),
                ("Place of birth", "San Pedro Sula, Cortés"),
                ("Father", "Ernesto Castillo Ramos"),
                ("Mother", "Rosa Aguilar Mejía"),
                ("Registration number", "0501-1988-03381"),
            ],
            "",
            certificate.format(what="certificate of birth of Marisol Castillo Aguilar"),
        ),
    )
    children = [
        ("Sofía Reyes Castillo", "3 de septiembre de 2014", "September 3, 2014", "0501-2014-07215"),
        ("Mateo Reyes Castillo", "22 de enero de 2018", "January 22, 2018", "0501-2018-00934"),
    ]
    write_pdf(
        base + "exhibits/children-births-es.pdf",
        "<div style='break-before: page'></div>".join(
            form(
                "Registro Nacional de las Personas — Certificación de acta de nacimiento",
                [
                    ("Nombre", name),
                    ("Fecha de nacimiento", spanish_date),
                    ("Lugar de nacimiento", "San Pedro Sula, Cortés"),
                    ("Padre", "Luis Alberto Reyes Fuentes"),
                    ("Madre", "Marisol Castillo Aguilar"),
                    ("Número de inscripción", number),
                ],
            )
            for name, spanish_date, _, number in children
        ),
    )
    write_pdf(
        base + "exhibits/children-births-en.pdf",
        "<div style='break-before: page'></div>".join(
            form(
                "Certified English translation — Certificate of birth record",
                [
                    ("Name", name),
                    ("Date of birth", english_date),
                    ("Place of birth", "San Pedro Sula, Cortés"),
                    ("Father", "Luis Alberto Reyes Fuentes"),
                    ("Mother", "Marisol Castillo Aguilar"),
                    ("Registration number", number),
                ],
                "",
                certificate.format(what=f"certificate of birth of {name}"),
            )
            for name, _, english_date, number in children
        ),
    )
    write_pdf(
        base + "exhibits/lucia-naturalization.pdf",
        form(
            "Certificate of naturalization and U.S. passport (copies)",
            [
                ("Name", "Lucía Castillo Aguilar"),
                ("Certificate no.", "38417622, issued March 18, 2015, Houston"),
                ("U.S. passport", "no. 648213907, expires April 1, 2031"),
                ("Address", "4410 Kelvin Drive, Houston, TX 77005"),
            ],
        ),
    )
    write_pdf(
        base + "exhibits/lucia-finances.pdf",
        form(
            "Employment verification and 2025 tax return (summary)",
            [
                ("Employee", "Lucía Castillo Aguilar"),
                ("Employer", "Gulf Coast Medical Laboratories, since 2016"),
                ("Position", "Senior laboratory technician, full time"),
                ("2025 income", "$68,400 (Form 1040, adjusted gross income)"),
                ("Household", "Owner of a three-bedroom house at 4410 Kelvin Drive"),
            ],
        ),
    )
    write_pdf(
        base + "exhibits/visa-refusal.pdf",
        form(
            "U.S. Embassy Tegucigalpa — Visa refusal",
            [
                ("Applicants", "Marisol Castillo Aguilar; Sofía and Mateo Reyes Castillo"),
                ("Date", "October 14, 2026"),
                ("Class", "B-1/B-2 visitor"),
                ("Decision", "Refused under section 214(b) of the Immigration and Nationality Act"),
            ],
        ),
    )
    write_pdf(
        base + "exhibits/father-consent-es.pdf",
        form(
            "Autorización notarial de viaje de menores al extranjero",
            [
                ("Otorgante", "Luis Alberto Reyes Fuentes, DNI 0501-1985-06128, padre"),
                ("Menores", "Sofía Reyes Castillo y Mateo Reyes Castillo"),
                ("Acompañante", "Su madre, Marisol Castillo Aguilar, DNI 0501-1988-03381"),
                ("Destino", "Houston, Texas, Estados Unidos de América"),
                ("Período", "Del 5 de diciembre de 2026 al 4 de marzo de 2027"),
                ("Firma del otorgante", "<i>Luis Alberto Reyes Fuentes</i>"),
                ("Otorgada", "San Pedro Sula, 6 de noviembre de 2026"),
            ],
            "<p>Yo, el otorgante, padre de los menores nombrados, autorizo que viajen a los "
            "Estados Unidos de América con su madre para visitar a su abuela, Rosa Aguilar "
            "Mejía, y regresar a Honduras dentro del período indicado.</p>",
            "<p class='small'>Ante mí, Abogada y Notaria Carmen Elena Zelaya Rivera, exequátur "
            "n.º 2417, San Pedro Sula, Cortés — <i>firma y sello</i></p>",
        ),
    )
    write_pdf(
        base + "exhibits/father-consent-en.pdf",
        form(
            "Certified English translation — Notarized authorization for minors to travel abroad",
            [
                ("Grantor", "Luis Alberto Reyes Fuentes, ID 0501-1985-06128, father"),
                ("Minors", "Sofía Reyes Castillo and Mateo Reyes Castillo"),
                ("Accompanied by", "Their mother, Marisol Castillo Aguilar, ID 0501-1988-03381"),
                ("Destination", "Houston, Texas, United States of America"),
                ("Period", "December 5, 2026 to March 4, 2027"),
                ("Signature of the grantor", "<i>Luis Alberto Reyes Fuentes</i>"),
                ("Granted", "San Pedro Sula, November 6, 2026"),
            ],
            "<p>I, the grantor, father of the minors named, authorize them to travel to the "
            "United States of America with their mother to visit their grandmother, Rosa "
            "Aguilar Mejía, and to return to Honduras within the period stated.</p>",
            "<p class='small'>Before me, Carmen Elena Zelaya Rivera, attorney and notary, "
            "exequatur no. 2417, San Pedro Sula, Cortés — <i>signature and seal</i></p>"
            + certificate.format(
                what="authorization to travel signed by Luis Alberto Reyes Fuentes"
            ),
        ),
    )
    write_signature(base + "signatures/beltran.png", "Ana Beltrán")


def write_signature(relative: str, name: str) -> None:
    """A handwritten-looking signature as a PNG with a transparent background."""
    target = HERE / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("LA", (900, 220), (0, 0))
    draw = ImageDraw.Draw(image)
    script = ImageFont.truetype(str(FONT_DIR / "DejaVuSerif-Italic.ttf"), 110)
    draw.text((30, 40), name, font=script, fill=(25, 255))
    draw.line((40, 180, 860, 170), fill=(25, 255), width=4)
    image.save(target, "PNG", dpi=(300, 300))
    print("wrote", target.relative_to(HERE))


if __name__ == "__main__":
    medical()
    credible_fear()
    public_interest()
    family()
