"""Trust, second round: exhibits that came out wrong, content that must not ride along, and
every failure a clear answer. Each test makes the file it needs."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from conftest import assert_refused, run_packet
from helpers import CaseFolder, image_bytes, pdf_bytes


def built(case_folder: CaseFolder, *extra: str) -> PdfReader:
    outcome = run_packet("build", case_folder.write(), "--force", *extra)
    assert outcome.exit_code == 0, outcome.stderr + outcome.stdout
    assert "Traceback" not in outcome.stderr
    return PdfReader(outcome.stdout.strip().splitlines()[-1])


def exhibit_page(reader: PdfReader, marker: str) -> int:
    return next(
        index
        for index, page in enumerate(reader.pages)
        if marker in page.extract_text() and "EXHIBIT" not in page.extract_text()
    )


def raw_pdf(objects: list[bytes], root: int = 1, prefix: bytes = b"") -> bytes:
    """A PDF written by hand from its objects' bodies (object n is objects[n - 1])."""
    out = bytearray(prefix + b"%PDF-1.7\n")
    start = len(prefix)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out) - start)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out) - start
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


def one_page(page: bytes, content: bytes, extra: list[bytes] = ()) -> bytes:
    """Catalog, pages, one page (its dictionary's body given) and its content stream."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R " + page + b" >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            *extra,
        ]
    )


HELLO = b"BT /F1 24 Tf 72 700 Td (hello world) Tj ET"
FONT = b"/Resources << /Font << /F1 5 0 R >> >>"


# --- evidence lost or wrong -------------------------------------------------------------------


def test_content_that_leaves_an_array_open_does_not_swallow_the_stamps(case_folder) -> None:
    content = HELLO + b"\n[ 1 2 3"  # an array never closed: the stamps came after it
    case_folder.add_exhibit(
        "open",
        "exhibits/open.pdf",
        one_page(FONT + b" /MediaBox [0 0 612 792] /Contents 4 0 R", content),
    )
    reader = built(case_folder)
    page = reader.pages[exhibit_page(reader, "hello world")]
    text = page.extract_text()
    assert "Exhibit C, page 1 of 1" in text and re.search(r"TEST1-\d{6}", text)


def test_a_media_box_given_corners_reversed_is_upright_and_whole(case_folder) -> None:
    data = one_page(FONT + b" /MediaBox [612 792 0 0] /Contents 4 0 R", HELLO)
    case_folder.add_exhibit("reversed", "exhibits/reversed.pdf", data)
    reader = built(case_folder)
    page = reader.pages[exhibit_page(reader, "hello world")]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (612, 792)
    placing = page["/Contents"][0].get_object().get_data().decode()
    # Upright and whole: the cm only scales (down, to fit above the stamp band) and moves.
    a, b, c, d = (float(value) for value in placing.split()[1:5])
    assert b == c == 0 and 0.9 < a == d <= 1


@pytest.mark.parametrize(
    "page_entries",
    [
        b"/MediaBox [0 0 612 792] /Rotate 45",
        b"/MediaBox [0 0 612 792] /Rotate (ninety)",
        b"/MediaBox [0 0 0 0]",
        b"/MediaBox [(a) (b) (c) (d)]",
        b"/MediaBox [0 0 612 792] /CropBox [900 900 1000 1000]",
        b"/MediaBox [0 0 612 792] /Annots [ 99 0 R (not an annotation) "
        b"<< /Subtype /Widget /Rect (x) /AP << /N 4 0 R >> >> ]",
        b"/MediaBox [0 0 612 792] /Resources (not a dictionary)",
    ],
    ids=[
        "rotate-45",
        "rotate-text",
        "empty-box",
        "box-of-text",
        "crop-outside",
        "broken-annots",
        "broken-resources",
    ],
)
def test_odd_page_dictionaries_are_checked_and_built(case_folder, page_entries) -> None:
    """What check passes, build builds: the class of page dictionaries with values pypdf does
    not expect (each a different way), never an internal error."""
    resources = b"" if b"/Resources" in page_entries else FONT
    data = one_page(resources + b" " + page_entries + b" /Contents 4 0 R", HELLO)
    case_folder.add_exhibit("odd", "exhibits/odd.pdf", data)
    check = run_packet("check", case_folder.write())
    assert check.exit_code in (0, 1) and "Traceback" not in check.stderr
    if check.exit_code == 0:
        reader = built(case_folder)
        for page in reader.pages:
            assert sorted((float(page.mediabox.width), float(page.mediabox.height))) == [612, 792]


def test_optional_content_keeps_its_default_state(case_folder) -> None:
    """A layer off by default stays off in the packet: its group is in the packet's OFF list."""
    content = b"/OC /L1 BDC " + HELLO + b" EMC"
    data = raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R "
            b"/OCProperties << /OCGs [6 0 R] /D << /OFF [6 0 R] >> >> >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> /Properties << /L1 6 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /OCG /Name (Hidden layer) >>",
        ]
    )
    case_folder.add_exhibit("layers", "exhibits/layers.pdf", data)
    reader = built(case_folder)
    properties = reader.root_object["/OCProperties"]
    [group] = [item.get_object() for item in properties["/OCGs"]]
    assert str(group["/Name"]) == "Hidden layer"
    assert [item.get_object() for item in properties["/D"]["/OFF"]] == [group]


def test_a_nul_between_tokens_is_whitespace_not_part_of_a_name(case_folder) -> None:
    data = raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
            b"<< /Length 30 >>\nstream\nq 200 0 0 200 100 400 cm /Im1 Do Q\nendstream",
            b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /BitsPerComponent 8 "
            b"/ColorSpace [/Indexed /DeviceRGB\x00255 <ff0000>] /Length 4 >>\nstream\n"
            b"\x00\x00\x00\x00\nendstream",
        ]
    )
    case_folder.add_exhibit("nul", "exhibits/nul.pdf", data)
    reader = built(case_folder)
    page = reader.pages[-1]
    xobjects = page["/Resources"]["/XObject"]["/PBc"].get_object()["/Resources"]["/XObject"]
    colour_space = xobjects["/Im1"].get_object()["/ColorSpace"]
    assert [str(item) for item in colour_space[:3]] == ["/Indexed", "/DeviceRGB", "255"]


def filled_form_with_kids() -> bytes:
    """A text field whose widget is its kid (no name of its own), with a value but no
    appearance, and a second field of the same partial name under another parent, on page 2."""
    writer = PdfWriter()
    for _ in range(2):
        writer.add_blank_page(612, 792)
    fields = ArrayObject()
    for number, (parent_name, value) in enumerate((("first", "Alice"), ("second", "Bob"))):
        parent = DictionaryObject(
            {
                NameObject("/T"): TextStringObject(parent_name),
                NameObject("/Kids"): ArrayObject(),
            }
        )
        parent_ref = writer._add_object(parent)
        field = DictionaryObject(
            {
                NameObject("/T"): TextStringObject("name"),
                NameObject("/FT"): NameObject("/Tx"),
                NameObject("/V"): TextStringObject(value),
                NameObject("/Parent"): parent_ref,
                NameObject("/Kids"): ArrayObject(),
            }
        )
        field_ref = writer._add_object(field)
        parent[NameObject("/Kids")].append(field_ref)
        widget = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Widget"),
                NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (72, 600, 300, 630)]),
                NameObject("/Parent"): field_ref,
                NameObject("/P"): writer.pages[number].indirect_reference,
            }
        )
        widget_ref = writer._add_object(widget)
        field[NameObject("/Kids")].append(widget_ref)
        writer.pages[number][NameObject("/Annots")] = ArrayObject([widget_ref])
        fields.append(parent_ref)
    writer.root_object[NameObject("/AcroForm")] = DictionaryObject(
        {
            NameObject("/Fields"): fields,
            NameObject("/DA"): TextStringObject("/Helv 12 Tf 0 g"),
            NameObject("/DR"): DictionaryObject(
                {
                    NameObject("/Font"): DictionaryObject(
                        {
                            NameObject("/Helv"): writer._add_object(
                                DictionaryObject(
                                    {
                                        NameObject("/Type"): NameObject("/Font"),
                                        NameObject("/Subtype"): NameObject("/Type1"),
                                        NameObject("/BaseFont"): NameObject("/Helvetica"),
                                    }
                                )
                            )
                        }
                    )
                }
            ),
        }
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_filled_fields_keep_their_values_on_their_own_pages(case_folder) -> None:
    case_folder.add_exhibit("form", "exhibits/form.pdf", filled_form_with_kids())
    reader = built(case_folder)
    tab = next(i for i, page in enumerate(reader.pages) if "EXHIBIT C" in page.extract_text())
    first, second = reader.pages[tab + 1].extract_text(), reader.pages[tab + 2].extract_text()
    assert "Alice" in first and "Bob" not in first
    assert "Bob" in second and "Alice" not in second


def xfa_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(1, text="Please wait"))))
    xfa = DecodedStreamObject()
    xfa.set_data(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'></xdp:xdp>")
    writer.root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): writer._add_object(xfa)}
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_an_xfa_form_is_named_with_its_fix(case_folder) -> None:
    case_folder.add_exhibit("xfa", "exhibits/xfa.pdf", xfa_pdf())
    outcome = run_packet("check", case_folder.write())
    assert outcome.exit_code == 0
    assert "file-xfa" in outcome.stdout and "exhibits/xfa.pdf" in outcome.stdout
    assert "print it to a new PDF" in outcome.stdout


def test_a_file_attachment_annotation_is_said_and_left_out(case_folder) -> None:
    annotation = (
        b"<< /Type /Annot /Subtype /FileAttachment /Rect [10 10 30 30] "
        b"/FS << /Type /Filespec /F (receipt.txt) >> >>"
    )
    data = one_page(
        FONT + b" /MediaBox [0 0 612 792] /Contents 4 0 R /Annots [6 0 R] /AF [6 0 R]",
        HELLO,
        [annotation],
    )
    case_folder.add_exhibit("attached", "exhibits/attached.pdf", data)
    outcome = run_packet("check", case_folder.write())
    assert "file-attachments-left-out" in outcome.stdout and "receipt.txt" in outcome.stdout
    reader = built(case_folder)
    page = reader.pages[exhibit_page(reader, "hello world")]
    assert "/AF" not in page and "/Annots" not in page
    assert b"receipt.txt" not in reader.stream.getvalue()


# --- dangerous content --------------------------------------------------------------------------


def test_no_script_action_or_external_stream_rides_along(case_folder) -> None:
    script = b"<< /S /JavaScript /JS (app.alert('hello')) >>"
    external = (
        b"<< /Length 0 /F (http://example.com/payload) /FFilter /FlateDecode >>"
        b"\nstream\n\nendstream"
    )
    data = raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/AA << /O 6 0 R >> /Resources << /Font << /F1 5 0 R >> /XObject << /Ext 7 0 R >> >> "
            b"/Annots [ << /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A 6 0 R >> ] >>",
            b"<< /Length %d >>\nstream\n" % len(HELLO) + HELLO + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            script,
            external.replace(
                b"<< /Length 0", b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Length 0"
            ),
        ]
    )
    case_folder.add_exhibit("active", "exhibits/active.pdf", data)
    reader = built(case_folder)
    packet = reader.stream.getvalue()
    for token in (
        b"/JavaScript",
        b"/JS",
        b"app.alert",
        b"/AA",
        b"/OpenAction",
        b"example.com",
        b"/FFilter",
    ):
        assert token not in packet, token


# --- a wrong or missing packet ------------------------------------------------------------------


def test_minus_o_naming_the_manifest_is_refused(case_folder, guard) -> None:
    guard()
    outcome = run_packet(
        "build", case_folder.case_file, "-o", case_folder.root / "build" / "TEST-1-manifest.json"
    )
    assert_refused(outcome, 2, "must end in .pdf")


def test_an_output_path_that_is_not_utf8_is_refused_before_anything_is_written(case_folder) -> None:
    target = os.fsdecode(bytes(case_folder.root) + b"/out-\xff.pdf")
    outcome = run_packet("build", case_folder.write(), "-o", target)
    assert_refused(outcome, 2, "not valid UTF-8")
    assert not [path for path in case_folder.root.iterdir() if path.name.startswith("out-")]


SIGTERM_WHILE_WRITING = """
import os, signal, sys, time
from pypdf import PdfWriter
from packetbuilder.cli import main

real_write = PdfWriter.write

def write_then_terminate(self, stream):
    stream.write(b"%PDF-1.7\\n" + b"x" * 1000)
    stream.flush()
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(5)
    real_write(self, stream)

PdfWriter.write = write_then_terminate
sys.argv = ["packet", "build", sys.argv[1], "--force"]
main()
"""


def test_sigterm_mid_write_is_as_clean_as_ctrl_c(case_folder) -> None:
    path = case_folder.write()
    output = case_folder.root / "build" / "TEST-1-packet.pdf"
    output.parent.mkdir()
    output.write_bytes(b"previous packet")
    stopped = subprocess.run(
        [sys.executable, "-c", SIGTERM_WHILE_WRITING, str(path)], capture_output=True, text=True
    )
    assert stopped.returncode == 130, stopped.stderr
    assert "interrupted" in stopped.stderr
    assert output.read_bytes() == b"previous packet"
    assert sorted(p.name for p in output.parent.iterdir()) == ["TEST-1-packet.pdf"]


# --- hangs and memory ---------------------------------------------------------------------------


def test_a_fifo_as_the_case_file_is_refused_at_once(tmp_path) -> None:
    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    outcome = run_packet("check", fifo)
    assert time.monotonic() - started < 5
    assert_refused(outcome, 3, "not a regular file")


def test_a_symlink_to_dev_zero_is_refused_even_when_outside_is_allowed(case_folder) -> None:
    (case_folder.root / "exhibits").mkdir(exist_ok=True)
    (case_folder.root / "exhibits" / "zero.pdf").symlink_to("/dev/zero")
    case_folder.add_exhibit("zero", "exhibits/zero.pdf")
    outcome = run_packet("check", case_folder.write(), "--allow-outside")
    assert outcome.exit_code == 1 and "file-not-regular" in outcome.stdout


def test_memory_does_not_grow_with_the_size_of_the_scans(case_folder) -> None:
    """Three 60 MB scans (a small JPEG with camera data after it): check reads each file in
    chunks for its hash and opens the image lazily; nothing keeps the bytes."""
    small = image_bytes("JPEG", (400, 300))
    for index in range(3):
        padding = os.urandom(1 << 20) * 60
        case_folder.write_file(f"exhibits/scan{index}.jpg", small[:-2] + padding + b"\xff\xd9")
        case_folder.add_exhibit(f"scan{index}", f"exhibits/scan{index}.jpg")
    path = case_folder.write()
    # VmHWM, this process's own peak (ru_maxrss would carry over pytest's, across exec).
    code = (
        "import re, sys\n"
        "from packetbuilder.cli.commands import run_command_line\n"
        f"sys.argv = ['packet', 'check', {str(path)!r}]\n"
        "run_command_line()\n"
        "status = open('/proc/self/status').read()\n"
        "print(int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) // 1024)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    peak_mib = int(result.stdout.strip().splitlines()[-1])
    assert peak_mib < 150, peak_mib  # 180 MB of scans; the tool itself takes about 70 MiB


def test_a_firm_template_cannot_reach_python_or_outside_files(case_folder, tmp_path) -> None:
    templates = tmp_path / "firm"
    templates.mkdir()
    (templates / "cover.html.j2").write_text(
        '<section id="cover">{{ cycler.__init__.__globals__ }}</section>'
    )
    outcome = run_packet("build", case_folder.write(), "--templates", templates)
    assert_refused(outcome, 2, "cover.html.j2")
    (templates / "cover.html.j2").write_text(
        '<section id="cover">{% include "/etc/passwd" %}</section>'
    )
    outcome = run_packet("build", case_folder.case_file, "--templates", templates)
    assert_refused(outcome, 2, "/etc/passwd")


def test_a_template_mistake_is_a_usage_error_naming_the_template_and_line(
    case_folder, tmp_path
) -> None:
    templates = tmp_path / "firm"
    templates.mkdir()
    (templates / "index.html.j2").write_text('<section id="index">\n{% if %}\n</section>')
    outcome = run_packet("build", case_folder.write(), "--templates", templates)
    assert_refused(outcome, 2, "index.html.j2:2")
    (templates / "index.html.j2").write_text('<section id="index">\n\n{{ no_such_name }}</section>')
    outcome = run_packet("build", case_folder.case_file, "--templates", templates)
    assert_refused(outcome, 2, "index.html.j2:3", "no_such_name")


# --- check says 0, build must not fail ------------------------------------------------------------


def mpo_jpeg() -> bytes:
    """A camera JPEG with a preview image (MPF): Pillow counts two frames."""
    first = Image.new("RGB", (300, 200), (200, 30, 30))
    buffer = io.BytesIO()
    first.save(buffer, "MPO", save_all=True, append_images=[Image.new("RGB", (160, 120))])
    return buffer.getvalue()


def apng() -> bytes:
    buffer = io.BytesIO()
    frames = [Image.new("RGB", (120, 90), color) for color in ((255, 0, 0), (0, 255, 0))]
    frames[0].save(buffer, "PNG", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


def absurd_dpi_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (10, 10, 10)).save(buffer, "JPEG", dpi=(65535, 65535))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "pages"),
    [("camera.jpg", mpo_jpeg, 1), ("animated.png", apng, 1), ("dpi.jpg", absurd_dpi_jpeg, 1)],
)
def test_images_check_passes_are_images_build_builds(case_folder, name, make, pages) -> None:
    case_folder.add_exhibit("image", f"exhibits/{name}", make())
    check = run_packet("check", case_folder.write(), "--format", "json")
    assert check.exit_code == 0, check.stdout
    reader = built(case_folder)
    assert "Exhibit C, page 1 of 1" in reader.pages[-1].extract_text()


def bigtiff() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (200, 100), 128).save(buffer, "TIFF", big_tiff=True)
    return buffer.getvalue()


def test_a_bigtiff_is_a_tiff(case_folder) -> None:
    data = bigtiff()
    if not data.startswith((b"II+\x00", b"MM\x00+")):
        pytest.skip("this Pillow cannot write BigTIFF")
    case_folder.add_exhibit("big", "exhibits/big.tif", data)
    assert run_packet("check", case_folder.write()).exit_code == 0
    built(case_folder)


def test_a_tiff_pillow_cannot_decode_is_reported_by_check(case_folder) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (1, 2, 3)).save(buffer, "TIFF", compression="tiff_lzw")
    data = bytearray(buffer.getvalue())
    # Compression 5 (LZW) → 34927 (WebP, which the usual Pillow wheel cannot decode in TIFF).
    tag = data.find(b"\x03\x01\x03\x00\x01\x00\x00\x00\x05\x00")
    assert tag > 0
    data[tag + 8 : tag + 10] = (34927).to_bytes(2, "little")
    case_folder.add_exhibit("odd", "exhibits/odd.tif", bytes(data))
    outcome = run_packet("check", case_folder.write())
    assert outcome.exit_code == 1 and "file-corrupt" in outcome.stdout


# --- small ones ---------------------------------------------------------------------------------


def test_a_pdf_with_an_offset_start_is_not_called_repaired(case_folder) -> None:
    data = raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            + FONT
            + b" >>",
            b"<< /Length %d >>\nstream\n" % len(HELLO) + HELLO + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ],
        prefix=b"% some mail headers before the document\n" * 10,
    )
    case_folder.add_exhibit("offset", "exhibits/offset.pdf", data)
    outcome = run_packet("check", case_folder.write())
    assert outcome.exit_code == 0 and "file-repaired" not in outcome.stdout


def test_a_case_date_before_the_year_1000_writes_a_well_formed_date(case_folder) -> None:
    case_folder.data["case"]["date"] = "0999-01-02"
    case_folder.data["letters"][0]["date"] = "0998-12-01"
    case_folder.data["timeline"].update(requested_start="0999-01-03", requested_end="0999-02-01")
    case_folder.data["timeline"]["events"][0]["date"] = "0998-12-01"
    case_folder.data["applicant"]["date_of_birth"] = "0970-01-01"
    case_folder.data["applicant"]["passport"]["expires"] = "1003-01-01"
    reader = built(case_folder, "--draft")
    assert reader.metadata["/CreationDate"].startswith("D:09990102")


def test_control_characters_in_case_text_never_reach_the_terminal(case_folder) -> None:
    case_folder.add_exhibit("x", "exhibits/gone.pdf", title="Evil \x1b[2J\x1b[31mtitle")
    outcome = run_packet("check", case_folder.write())
    assert "\x1b" not in outcome.stdout + outcome.stderr
    assert "\\x1b" in outcome.stdout


def test_pillow_warnings_never_reach_standard_error(case_folder) -> None:
    image = Image.new("RGBA", (200, 200), (255, 0, 0, 128))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    case_folder.add_exhibit("warn", "exhibits/warn.png", buffer.getvalue())
    outcome = run_packet("build", case_folder.write(), "--force")
    assert "site-packages" not in outcome.stderr and "Warning" not in outcome.stderr


def test_a_zero_by_zero_jpeg_is_named_by_its_path(case_folder) -> None:
    data = bytearray(image_bytes("JPEG", (8, 8)))
    marker = data.find(b"\xff\xc0")
    data[marker + 5 : marker + 9] = b"\x00\x00\x00\x00"  # height and width 0
    case_folder.add_exhibit("zero", "exhibits/zero.jpg", bytes(data))
    outcome = run_packet("check", case_folder.write())
    assert outcome.exit_code == 1 and "exhibits/zero.jpg" in outcome.stdout
    assert "BytesIO" not in outcome.stdout and " at 0x" not in outcome.stdout


def test_sigterm_handler_is_installed_by_the_command_only() -> None:
    from packetbuilder import api  # noqa: F401 - importing the library changes no handler

    assert signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None)


def test_manifest_and_packet_names_never_collide(case_folder, tmp_path) -> None:
    first = run_packet("build", case_folder.write(), "-o", tmp_path / "one.pdf")
    second = run_packet("build", case_folder.case_file, "-o", tmp_path / "two.pdf")
    assert first.exit_code == second.exit_code == 0
    assert sorted(path.name for path in tmp_path.iterdir() if path.suffix in (".pdf", ".json")) == [
        "one-manifest.json",
        "one.pdf",
        "two-manifest.json",
        "two.pdf",
    ]
    again = run_packet("build", case_folder.case_file, "-o", tmp_path / "one.pdf")
    assert_refused(again, 4, "already exists")
