"""Measure the conversion of Word documents: `packet check` and `packet build` of a case with
ten DOCX letters, cold (no conversion cached) and with the cache, against LibreOffice itself
started once per document and once for all.

    python bench/conversion.py [--runs 3] [--letters 10]

Needs LibreOffice (`make system-deps` installs it) and python-docx (the `test` extra).
Prints a Markdown table for bench/results.md.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docx

HERE = Path(__file__).resolve().parent
WORK = HERE / "work" / "conversion"
PACKET = Path(sys.executable).parent / "packet"
PARAGRAPH = (
    "I have known the applicant for many years, through our work at the community centre and "
    "through the church, and I can say without hesitation that the applicant is a person of "
    "good character who will return home when the period of parole ends. "
)

CASE = """version: 1
case:
  id: BENCH-DOCX
  parole_type: port_of_entry
  filed_with: CBP
  office: Port Director
  office_address: ["U.S. Customs and Border Protection", "Port of Entry"]
  date: 2026-11-20
applicant:
  given_name: Bench
  family_name: Mark
  date_of_birth: 1980-01-01
  citizenship: Canada
  location: Toronto, Canada
  passport: {{number: X1, country: Canada, expires: 2030-01-01}}
requestor: {{name: Bench Mark, relationship: self}}
reason:
  summary: A synthetic case for measuring the conversion of Word letters.
  narrative: |
    {citations}
  urgency: None; this is a benchmark.
  why_not_visa: None; this is a benchmark.
timeline:
  requested_start: 2026-12-01
  requested_end: 2027-02-28
  events: []
  departure_plan: None.
letters:
{letters}
exhibits: []
"""

LETTER = """  - id: letter-{n}
    title: Letter of support {n}
    author: Supporter {n}
    role: Friend
    date: 2026-11-0{day}
    signed: true
    file: letters/letter-{n}.docx
    proves: [identity, urgent_reason, ties_and_return, financial_support]
"""


def letter_docx(number: int) -> bytes:
    """A three-page letter: paragraphs and a small table."""
    document = docx.Document()
    document.add_heading(f"Letter of support {number}", level=1)
    for _ in range(6):
        document.add_paragraph(PARAGRAPH * 3)
    table = document.add_table(rows=3, cols=2)
    for row in range(3):
        table.cell(row, 0).text = f"Item {row}"
        table.cell(row, 1).text = f"{number * 100 + row} USD"
    for _ in range(4):
        document.add_paragraph(PARAGRAPH * 3)
    document.add_paragraph(f"Supporter {number}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_case(letters: int) -> Path:
    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "letters").mkdir(parents=True)
    for number in range(1, letters + 1):
        (WORK / "letters" / f"letter-{number}.docx").write_bytes(letter_docx(number))
    entries = "".join(LETTER.format(n=n, day=1 + n % 9) for n in range(1, letters + 1))
    citations = " ".join(f"See [[letter-{n}]]." for n in range(1, letters + 1))
    case = WORK / "case.yaml"
    case.write_text(CASE.format(letters=entries.rstrip("\n"), citations=citations))
    return case


def timed(command: list[str], before=None) -> float:
    if before:
        before()
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout[-1500:]}{result.stderr}")
    return elapsed


def soffice(files: list[Path], out: Path) -> list[str]:
    profile = Path(tempfile.mkdtemp(prefix="bench-soffice-"))
    return [
        shutil.which("soffice") or "soffice",
        "--headless",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        *map(str, files),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--letters", type=int, default=10)
    args = parser.parse_args()
    case = make_case(args.letters)
    cache = WORK / "build" / ".cache"
    packet = WORK / "build" / "packet.pdf"

    def drop_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    files = sorted((WORK / "letters").glob("*.docx"))
    out = WORK / "raw"
    rows: dict[str, list[float]] = {
        "packet check, cold": [],
        "packet check, cached": [],
        "packet build, cold": [],
        "packet build, cached": [],
        "soffice, one start for all": [],
        "soffice, one start per document": [],
    }
    check = [str(PACKET), "check", str(case)]
    build = [str(PACKET), "build", str(case), "-o", str(packet), "--force"]
    for _ in range(args.runs):
        rows["packet check, cold"].append(timed(check, drop_cache))
        rows["packet check, cached"].append(timed(check))
        rows["packet build, cold"].append(timed(build, drop_cache))
        rows["packet build, cached"].append(timed(build))
        rows["soffice, one start for all"].append(timed(soffice(files, out)))
        started = time.perf_counter()
        for file in files:
            timed(soffice([file], out))
        rows["soffice, one start per document"].append(time.perf_counter() - started)
    print(f"{args.letters} DOCX letters (3 pages each), median of {args.runs} runs\n")
    print("| what | median s | runs |")
    print("|---|---|---|")
    for name, runs in rows.items():
        listed = ", ".join(f"{run:.2f}" for run in runs)
        print(f"| {name} | {statistics.median(runs):.2f} | {listed} |")


if __name__ == "__main__":
    main()
