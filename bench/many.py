"""Twenty cases in one `packet build … -j 2` against the same twenty built by twenty
`packet build` commands one after the other, as whole processes.

    python bench/many.py [--cases 20] [--runs 3]

Each case is a copy of the default benchmark case (bench/make_case.py: 40 text PDFs x 25 pages
and 10 JPEG scans; a packet of 1,065 pages). Prints the medians and their ratio.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import PACKET, WORK, ensure_case  # noqa: E402


def make_cases(count: int) -> list[Path]:
    """`count` copies of the default case, each in its own folder."""
    source = ensure_case("default").parent
    cases = []
    for number in range(1, count + 1):
        folder = WORK / "many" / f"case-{number:02d}"
        if not folder.exists():
            shutil.copytree(source, folder, ignore=shutil.ignore_patterns("build", "baseline"))
        cases.append(folder / "case.yaml")
    return cases


def timed(commands: list[list[str]]) -> float:
    started = time.perf_counter()
    for command in commands:
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    cases = make_cases(options.cases)
    together = [[str(PACKET), "build", *map(str, cases), "-j", "2", "--force"]]
    apart = [[str(PACKET), "build", str(case), "--force", "--quiet"] for case in cases]
    timed(together)  # once unmeasured: files into the page cache
    one, many = [], []
    for _ in range(options.runs):  # in turn, so that a drifting machine moves both alike
        one.append(timed(together))
        many.append(timed(apart))
    print(f"{options.cases} cases, -j 2: median {statistics.median(one):.1f} s {one}")
    print(f"{options.cases} separate builds: median {statistics.median(many):.1f} s {many}")
    print(f"ratio separate / together: {statistics.median(many) / statistics.median(one):.2f}")


if __name__ == "__main__":
    main()
