"""Measure `packet` against the tools a user would otherwise run, and write bench/results.md.

    python bench/run.py [--runs 9] [--skip-large]

On a default case (40 text PDFs x 25 pages + 10 JPEG scans) and a large one (200 x 25), it
times `packet build`, `packet check` and `packet --help`, and the plain merges `pdftk ... cat`
and `pdfunite` of the same exhibit files (no cover, index, stamps or bookmarks), each several
times, and reports medians, ratios, sizes and peak memory (from /usr/bin/time -v).
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


def run_interleaved(commands: dict[str, list[str]], runs: int) -> dict[str, Timing]:
    """Each command once per round, `runs` rounds: a machine that speeds up or slows down
    during the benchmark (shared virtual machines do) moves every command alike."""
    measured: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
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
    options = parser.parse_args()
    for tool in ("pdftk", "pdfunite", "pdftoppm", "/usr/bin/time"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: run `make bench`, which installs it")
    WORK.mkdir(exist_ok=True)
    measured = {"default": measure_case("default", options.runs)}
    if not options.skip_large:
        measured["large"] = measure_case("large", max(1, options.runs // 2))
    text, missed = report(measured, options.runs)
    measurements = text.split("## Targets")[0]
    targets = "## Targets" + text.split("## Targets")[1]
    notes_path = HERE / "notes.md"
    notes = notes_path.read_text() if notes_path.exists() else ""
    options.output.write_text(measurements + targets + ("\n" + notes if notes else ""))
    print(text)
    print(f"written to {options.output}")
    if missed:
        print("targets not met: " + ", ".join(missed))


if __name__ == "__main__":
    main()
