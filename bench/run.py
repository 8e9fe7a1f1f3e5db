"""Measure `packet` against the tools a user would otherwise run, and write bench/results.md.

    python bench/run.py [--runs 9] [--skip-large] [--photos [--photos-count 150] [--only-photos]]

On a default case (40 text PDFs x 25 pages + 10 JPEG scans) and a large one (200 x 25), it
times `packet build`, `packet check` and `packet --help`, and the plain merges `pdftk ... cat`
and `pdfunite` of the same exhibit files (no cover, index, stamps or bookmarks), each several
times, and reports medians, ratios, sizes and peak memory (from /usr/bin/time -v).

With `--photos`, a case of phone photos of documents (150 by default, 12 MP, 2.5-4 MB each, five
to an exhibit, and 20 text PDFs): `packet build` against `img2pdf` of the photos (on Letter)
then `pdftk ... cat` of all files; `packet build --downsample 150 --target ecas` against
Ghostscript's `/ebook` (150 dpi) on that plain merge; and the legibility of three photo pages
at 150 dpi, each output against its own lossless one (SSIM). `--only-photos` measures only
that case and keeps the other sections of results.md as they are.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
PACKET = Path(sys.executable).parent / "packet"
SIZES = {"default": (40, 25, 10), "large": (200, 25, 0)}
TARGETS = {
    "build / pdftk": 1.5,
    "size / plain merge": 1.05,
    "large build / default build": 5.0,
    "check / pdftk": 1.0,
    "proof / pdftoppm -r 20": 1.5,
}
LARGE_MEMORY_MIB = 300
PHOTOS_SIZE = (20, 10, 0)  # text PDFs, their pages, scans; with --photos-count photos
PHOTO_TARGETS = {
    "build / img2pdf + pdftk": 1.5,
    "downsample build / gs /ebook (time)": 1.0,
    "downsample build / gs /ebook (size)": 1.0,
}
MIB = 1024 * 1024
ECAS_LIMIT = 25_000_000
PHOTOS_HEADING = "## photos:"


@dataclass
class Timing:
    median: float
    runs: list[float]
    peak_mib: float


def run_once(command: list[str]) -> tuple[float, float]:
    """Wall time of one run, and its peak resident memory in MiB."""
    started = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-v", *command], capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    return elapsed, int(match.group(1)) / 1024 if match else float("nan")


def run_interleaved(
    commands: dict[str, list[str]], runs: int, *, sync: bool = False
) -> dict[str, Timing]:
    """Each command once per round, `runs` rounds: a machine that speeds up or slows down
    during the benchmark (shared virtual machines do) moves every command alike. With `sync`
    the disk is flushed (untimed) before each command: when each writes hundreds of MB, one
    would otherwise wait for the previous one's writes."""
    measured: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            if sync:
                os.sync()
            measured[name].append(run_once(command))
    return {
        name: Timing(
            statistics.median(t for t, _ in results),
            [t for t, _ in results],
            max(peak for _, peak in results),
        )
        for name, results in measured.items()
    }


def ensure_case(name: str) -> Path:
    pdfs, pages, scans = SIZES[name]
    folder = WORK / name
    case = folder / "case.yaml"
    if not case.exists():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "make_case.py"),
                str(folder),
                "--pdfs",
                str(pdfs),
                "--pages",
                str(pages),
                "--scans",
                str(scans),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return case


def heavy_import_free(args: list[str], case: Path) -> bool:
    """True when `packet ARGS` runs without importing WeasyPrint."""
    code = (
        "import sys\nfrom packetbuilder.cli import app\n"
        f"try:\n    app({args!r}, prog_name='packet')\nexcept SystemExit:\n    pass\n"
        "sys.exit(1 if any(m.startswith('weasyprint') for m in sys.modules) else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=case.parent)
    return result.returncode == 0


def measure_case(name: str, runs: int) -> dict[str, object]:
    case = ensure_case(name)
    baseline = sorted(str(path) for path in (case.parent / "baseline").glob("*.pdf"))
    out = WORK / f"{name}-out"
    out.mkdir(exist_ok=True)
    packet_pdf, pdftk_pdf, unite_pdf = out / "packet.pdf", out / "pdftk.pdf", out / "unite.pdf"
    commands = {
        "build": [str(PACKET), "build", str(case), "-o", str(packet_pdf), "--force", "--quiet"],
        "check": [str(PACKET), "check", str(case)],
        "help": [str(PACKET), "--help"],
        "pdftk": ["pdftk", *baseline, "cat", "output", str(pdftk_pdf)],
        "pdfunite": ["pdfunite", *baseline, str(unite_pdf)],
        # The proof sheet of the packet just built, against poppler rendering every page of it
        # at 20 dpi (no labels, no measuring, no sheet).
        "proof": [str(PACKET), "proof", str(packet_pdf), "-o", str(out / "proof.pdf"), "--force"],
        "pdftoppm": ["pdftoppm", "-r", "20", "-png", str(packet_pdf), str(out / "thumb")],
    }
    for command in commands.values():  # once unmeasured: files into the page cache
        run_once(command)
    results = run_interleaved(commands, runs)
    from pypdf import PdfReader

    return {
        "case": case,
        "timings": results,
        "pages": len(PdfReader(packet_pdf).pages),
        "exhibit_pages": len(PdfReader(pdftk_pdf).pages),
        "sizes": {
            "packet": packet_pdf.stat().st_size,
            "pdftk": pdftk_pdf.stat().st_size,
            "pdfunite": unite_pdf.stat().st_size,
        },
    }


def ensure_photos_case(count: int) -> Path:
    """The photos case (bench/work/photos, or photos-COUNT for another count)."""
    folder = WORK / ("photos" if count == 150 else f"photos-{count}")
    case = folder / "case.yaml"
    if not case.exists():
        pdfs, pages, scans = PHOTOS_SIZE
        subprocess.run(
            [sys.executable, str(HERE / "make_case.py"), str(folder), "--pdfs", str(pdfs)]
            + ["--pages", str(pages), "--scans", str(scans), "--photos", str(count)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return case


def exhibit_files(case: Path) -> list[list[Path]]:
    """Each exhibit's files, in packet order (the order of the case file)."""
    exhibits = []
    for line in case.read_text().splitlines():
        line = line.strip()
        if line.startswith("file: "):
            exhibits.append([case.parent / line.removeprefix("file: ")])
        elif line.startswith("files: ["):
            names = line.removeprefix("files: [").removesuffix("]").split(", ")
            exhibits.append([case.parent / name for name in names])
    return exhibits


def handle(index: int) -> str:
    """pdftk's handle for the index-th file: A, B, ... Z, AA, AB, ..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def plain_merge(case: Path, out: Path) -> tuple[str, list[int]]:
    """The shell command a user would otherwise run: img2pdf of every photo onto Letter pages,
    then pdftk joining the photos' pages and the PDFs in packet order; and the merge's page
    index of each photo, in order."""
    exhibits = exhibit_files(case)
    photos = [path for files in exhibits for path in files if path.suffix == ".jpg"]
    pdfs = [files[0] for files in exhibits if files[0].suffix == ".pdf"]
    from pypdf import PdfReader

    handles = {path: handle(index + 1) for index, path in enumerate(pdfs)}
    sequence, photo_pages, page, photo = [], [], 0, 0
    for files in exhibits:
        if files[0].suffix == ".pdf":
            sequence.append(handles[files[0]])
            page += len(PdfReader(files[0]).pages)
        else:
            sequence.append(f"A{photo + 1}-{photo + len(files)}")
            photo_pages += range(page, page + len(files))
            page += len(files)
            photo += len(files)
    img2pdf = Path(sys.executable).parent / "img2pdf"
    command = (
        f"{img2pdf} --pagesize Letter --fit into {' '.join(map(str, photos))} "
        f"-o {out / 'photos.pdf'} && pdftk A={out / 'photos.pdf'} "
        + " ".join(f"{h}={path}" for path, h in handles.items())
        + f" cat {' '.join(sequence)} output {out / 'merge.pdf'}"
    )
    return command, photo_pages


def packet_photo_pages(manifest: Path) -> list[int]:
    """The packet's page index (from 0) of each photo, in order, from its manifest."""
    import json

    pages: list[int] = []
    for tab in json.loads(manifest.read_text())["tabs"]:
        if tab["files"] and tab["files"][0]["path"].endswith(".jpg"):
            pages += range(tab["pages"][0], tab["pages"][1])  # the pages after the tab page
    return pages


def rendered(pdf: Path, index: int, dpi: float = 150):
    """One page at `dpi`, grey, as an array (PDFium)."""
    import numpy
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return numpy.asarray(document[index].render(scale=dpi / 72).to_pil().convert("L"))
    finally:
        document.close()


def ssim(first: Path, first_page: int, second: Path, second_page: int) -> float:
    from skimage.metrics import structural_similarity

    a, b = rendered(first, first_page), rendered(second, second_page)
    return float(structural_similarity(a, b, data_range=255))


def output_size(path: Path) -> tuple[int, list[int]]:
    """A packet's size, or a folder of parts': the total and each part's."""
    if path.is_dir():
        sizes = [part.stat().st_size for part in sorted(path.glob("*.pdf"))]
        return sum(sizes), sizes
    return path.stat().st_size, [path.stat().st_size]


def target_exists() -> bool:
    result = subprocess.run([str(PACKET), "build", "--help"], capture_output=True, text=True)
    return "--target" in result.stdout


def measure_photos(count: int, runs: int) -> dict[str, object]:
    case = ensure_photos_case(count)
    out = WORK / f"{case.parent.name}-out"
    out.mkdir(exist_ok=True)
    merge_command, merge_photo_pages = plain_merge(case, out)
    ecas = ["--target", "ecas"] if target_exists() else []
    packet_pdf, small_pdf, gs_pdf = out / "packet.pdf", out / "downsampled.pdf", out / "gs.pdf"
    ecas_pdf = out / "ecas.pdf"
    build = [str(PACKET), "build", str(case), "--force", "--quiet"]
    commands = {
        "build": [*build, "-o", str(packet_pdf)],
        "merge": ["sh", "-c", merge_command],
        "downsample": [*build, "-o", str(ecas_pdf), "--downsample", "150", *ecas],
        "gs": [
            "gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite",
            "-dPDFSETTINGS=/ebook", f"-sOutputFile={gs_pdf}", str(out / "merge.pdf"),
        ],
    }  # fmt: skip
    for command in commands.values():  # once unmeasured: files into the page cache
        run_once(command)
    # The same downsampling in one file, page for page the lossless packet's, for legibility.
    run_once([*build, "-o", str(small_pdf), "--downsample", "150"])
    results = run_interleaved(commands, runs, sync=True)
    ours = packet_photo_pages(out / "packet-manifest.json")
    samples = [0, 1, len(ours) // 2]  # the first photo, one turned by EXIF, one midway
    legibility = [
        (
            ssim(packet_pdf, ours[n], small_pdf, ours[n]),
            ssim(out / "merge.pdf", merge_photo_pages[n], gs_pdf, merge_photo_pages[n]),
        )
        for n in samples
    ]
    ecas_output = out / "ecas-parts" if (out / "ecas-parts").is_dir() else ecas_pdf
    photos = [path for files in exhibit_files(case) for path in files if path.suffix == ".jpg"]
    return {
        "case": case,
        "photos": len(photos),
        "photo_bytes": sum(path.stat().st_size for path in photos),
        "timings": results,
        "ecas": bool(ecas),
        "sizes": {
            "packet": output_size(packet_pdf),
            "merge": output_size(out / "merge.pdf"),
            "downsample": output_size(ecas_output),
            "gs": output_size(gs_pdf),
        },
        "samples": samples,
        "legibility": legibility,
    }


def photos_report(result: dict, runs: int) -> tuple[str, list[str]]:
    t, s = result["timings"], result["sizes"]
    ecas = "--target ecas " if result["ecas"] else ""
    lines = [
        f"{PHOTOS_HEADING} {result['photos']} phone photos "
        f"({result['photo_bytes'] / 1e6:.0f} MB) and 20 text PDFs; median of {runs} runs",
        "",
        "| command | median (s) | runs (s) | peak memory (MiB) | output (MB) |",
        "|---|---|---|---|---|",
    ]
    for label, key, size in (
        ("packet build", "build", "packet"),
        ("img2pdf --pagesize Letter … && pdftk … cat output", "merge", "merge"),
        (f"packet build --downsample 150 {ecas}", "downsample", "downsample"),
        ("gs -sDEVICE=pdfwrite -dPDFSETTINGS=/ebook (the merge)", "gs", "gs"),
    ):
        runs_text = ", ".join(f"{value:.2f}" for value in t[key].runs)
        lines.append(
            f"| `{label.strip()}` | {t[key].median:.2f} | {runs_text} | {t[key].peak_mib:.0f} | "
            f"{s[size][0] / 1e6:.1f} |"
        )
    parts = s["downsample"][1]
    lines += [
        "",
        f"The downsampled build: {len(parts)} file(s) of "
        + ", ".join(f"{size / 1e6:.1f}" for size in parts)
        + " MB"
        + ("" if result["ecas"] else " (`--target` does not exist yet: `--downsample 150` alone)")
        + ".",
        "",
        "Legibility at 150 dpi (SSIM, grey, PDFium), each output against its own lossless one:",
        "ours against the lossless packet, Ghostscript's against the plain merge it was made of.",
        "",
        "| photo | ours | Ghostscript |",
        "|---|---|---|",
    ]
    for number, (ours, theirs) in zip(result["samples"], result["legibility"], strict=True):
        lines.append(f"| {number + 1} | {ours:.4f} | {theirs:.4f} |")
    ratios = {
        "build / img2pdf + pdftk": t["build"].median / t["merge"].median,
        "downsample build / gs /ebook (time)": t["downsample"].median / t["gs"].median,
        "downsample build / gs /ebook (size)": s["downsample"][0] / s["gs"][0],
    }
    memory_bound = s["packet"][0] / MIB + 250
    lines += ["", "| photos target | measured | target | met |", "|---|---|---|---|"]
    missed = []
    for name, value in ratios.items():
        met = value <= PHOTO_TARGETS[name]
        lines.append(
            f"| {name} | {value:.2f} | ≤ {PHOTO_TARGETS[name]} | {'yes' if met else 'no'} |"
        )
        if not met:
            missed.append(name)
    peak = t["build"].peak_mib
    checks = [
        ("lossless build peak memory (MiB)", f"{peak:.0f}", f"≤ {memory_bound:.0f}",
         peak <= memory_bound),
        ("every part within 25 MB", f"{max(parts) / 1e6:.1f} MB", "≤ 25 MB",
         max(parts) <= ECAS_LIMIT),
        ("legibility: ours at least Ghostscript's", ", ".join(
            f"{ours:.4f} / {theirs:.4f}" for ours, theirs in result["legibility"]
        ), "each ≥", all(ours >= theirs for ours, theirs in result["legibility"])),
    ]  # fmt: skip
    for name, value, target, met in checks:
        lines.append(f"| {name} | {value} | {target} | {'yes' if met else 'no'} |")
        if not met:
            missed.append(name)
    return "\n".join(lines) + "\n", missed


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def report(measured: dict[str, dict], runs: int) -> tuple[str, list[str]]:
    default = measured["default"]
    timing = default["timings"]
    sizes = default["sizes"]
    ratios = {
        "build / pdftk": timing["build"].median / timing["pdftk"].median,
        "size / plain merge": sizes["packet"] / min(sizes["pdftk"], sizes["pdfunite"]),
        "check / pdftk": timing["check"].median / timing["pdftk"].median,
        "proof / pdftoppm -r 20": timing["proof"].median / timing["pdftoppm"].median,
    }
    if "large" in measured:
        ratios["large build / default build"] = (
            measured["large"]["timings"]["build"].median / timing["build"].median
        )
    missed = [name for name, value in ratios.items() if value > TARGETS[name]]
    lines = [
        "# Benchmark results",
        "",
        f"Measured {dt.date.today().isoformat()} by `make bench` on {cpu_name()} "
        f"({os.cpu_count()} cores), Python {platform.python_version()}; median of {runs} runs.",
        "",
    ]
    for name, result in measured.items():
        t = result["timings"]
        s = result["sizes"]
        lines += [
            f"## {name}: {result['exhibit_pages']} exhibit pages, packet of {result['pages']} "
            "pages",
            "",
            "| command | median (s) | runs (s) | peak memory (MiB) |",
            "|---|---|---|---|",
        ]
        for label, key in (
            ("packet build", "build"),
            ("packet check", "check"),
            ("packet --help", "help"),
            ("pdftk … cat output", "pdftk"),
            ("pdfunite", "pdfunite"),
            ("packet proof", "proof"),
            ("pdftoppm -r 20 -png", "pdftoppm"),
        ):
            runs_text = ", ".join(f"{value:.2f}" for value in t[key].runs)
            lines.append(
                f"| `{label}` | {t[key].median:.2f} | {runs_text} | {t[key].peak_mib:.0f} |"
            )
        lines += [
            "",
            f"Sizes: packet {s['packet'] / 1e6:.2f} MB, pdftk {s['pdftk'] / 1e6:.2f} MB, "
            f"pdfunite {s['pdfunite'] / 1e6:.2f} MB.",
            "",
        ]
    lines += ["## Targets", "", "| ratio | measured | target | met |", "|---|---|---|---|"]
    for name, value in ratios.items():
        lines.append(
            f"| {name} | {value:.2f} | ≤ {TARGETS[name]} | "
            f"{'yes' if value <= TARGETS[name] else 'no'} |"
        )
    if "large" in measured:
        peak = measured["large"]["timings"]["build"].peak_mib
        met = peak <= LARGE_MEMORY_MIB
        lines.append(
            f"| large build peak memory (MiB) | {peak:.0f} | ≤ {LARGE_MEMORY_MIB} | "
            f"{'yes' if met else 'no'} |"
        )
        if not met:
            missed.append("large build peak memory")
    case = measured["default"]["case"]
    for args in (["--help"], ["check", str(case)]):
        clean = heavy_import_free(args, case)
        lines.append(
            f"| `packet {args[0]}` imports WeasyPrint | {'no' if clean else 'yes'} | "
            f"no | {'yes' if clean else 'no'} |"
        )
        if not clean:
            missed.append(f"packet {args[0]} imports WeasyPrint")
    return "\n".join(lines) + "\n", missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--output", type=Path, default=HERE / "results.md")
    parser.add_argument("--photos", action="store_true", help="also the case of phone photos")
    parser.add_argument("--photos-count", type=int, default=150)
    parser.add_argument("--only-photos", action="store_true")
    options = parser.parse_args()
    tools = ["pdftk", "pdfunite", "pdftoppm", "/usr/bin/time"]
    for tool in tools + (["gs"] if options.photos or options.only_photos else []):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: run `make bench`, which installs it")
    WORK.mkdir(exist_ok=True)
    notes_path = HERE / "notes.md"
    notes = notes_path.read_text() if notes_path.exists() else ""
    missed: list[str] = []
    if options.only_photos:  # the other sections as they were measured last
        text = options.output.read_text() if options.output.exists() else ""
        text = text.split("\n" + notes)[0] if notes and notes in text else text
        text = text.split(PHOTOS_HEADING)[0].rstrip("\n") + "\n"
    else:
        measured = {"default": measure_case("default", options.runs)}
        if not options.skip_large:
            measured["large"] = measure_case("large", max(1, options.runs // 2))
        text, missed = report(measured, options.runs)
    if options.photos or options.only_photos:
        runs = max(1, options.runs // 3)
        photos_text, photos_missed = photos_report(measure_photos(options.photos_count, runs), runs)
        text += "\n" + photos_text
        missed += photos_missed
    options.output.write_text(text + ("\n" + notes if notes else ""))
    print(text)
    print(f"written to {options.output}")
    if missed:
        print("targets not met: " + ", ".join(missed))


if __name__ == "__main__":
    main()
