"""Find WeasyPrint's shared libraries from one `ldconfig -p` listing.

WeasyPrint tries several names per library (Windows and macOS spellings first), and on Linux
each name that is not found makes `ctypes.util.find_library` start `ldconfig`, `gcc` and `ld`
processes: 22 lookups took a quarter to half a second of every build. While WeasyPrint is
imported, lookups are answered from a single listing, exactly as ctypes reads it. Where the
listing lacks any library WeasyPrint needs (libraries found only through LD_LIBRARY_PATH, say),
nothing is changed and ctypes searches as it always does.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import os
import re
import subprocess
import sys
from collections.abc import Iterator

WEASYPRINT_LIBRARIES = ("gobject-2.0", "pango-1.0", "harfbuzz", "fontconfig", "pangoft2-1.0")
LDCONFIG = "/sbin/ldconfig"  # where ctypes itself runs it from
# ctypes.util's map from machine to the ABI tag ldconfig prints (others are plain "libc6").
ABI_TAGS = {
    "x86_64-64": "libc6,x86-64",
    "ppc64-64": "libc6,64bit",
    "sparc64-64": "libc6,64bit",
    "s390x-64": "libc6,64bit",
    "ia64-64": "libc6,IA-64",
}


@contextlib.contextmanager
def listed_library_lookup(required: tuple[str, ...] = WEASYPRINT_LIBRARIES) -> Iterator[None]:
    """Within the block, `ctypes.util.find_library` answers from one ldconfig listing."""
    listing = ldconfig_listing() if sys.platform.startswith("linux") else None
    abi = abi_tag() if listing is not None else b""
    if listing is None or any(soname(listing, name, abi) is None for name in required):
        yield
        return
    searching = ctypes.util.find_library
    ctypes.util.find_library = lambda name: soname(listing, name, abi)
    try:
        yield
    finally:
        ctypes.util.find_library = searching


def ldconfig_listing() -> bytes | None:
    """The output of `ldconfig -p` (the dynamic linker's cache), or None if it cannot run."""
    try:
        return subprocess.run(
            [LDCONFIG, "-p"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env={"LC_ALL": "C", "LANG": "C"},
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def abi_tag() -> bytes:
    """The ABI tag ldconfig prints beside this interpreter's kind of library (ctypes' rule)."""
    machine = os.uname().machine + ("-64" if sys.maxsize > 2**32 else "-32")
    return ABI_TAGS.get(machine, "libc6").encode()


def soname(listing: bytes, name: str, abi: bytes) -> str | None:
    """The file name ctypes would find for library `name` in `listing` (its own pattern)."""
    pattern = rb"\s+(lib%s\.[^\s]+)\s+\(%s" % (re.escape(os.fsencode(name)), re.escape(abi))
    match = re.search(pattern, listing)
    return os.fsdecode(match.group(1)) if match else None
