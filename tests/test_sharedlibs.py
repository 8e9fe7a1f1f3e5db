"""The shared-library lookup used while WeasyPrint is imported answers exactly as ctypes does."""

from __future__ import annotations

import ctypes.util
import sys

import pytest

from packetbuilder.build import _sharedlibs as sharedlibs

LISTING = b"""3 libs found in cache `/etc/ld.so.cache'
\tlibpango-1.0.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libpango-1.0.so.0
\tlibpango-1.0.so.0 (libc6) => /lib/i386-linux-gnu/libpango-1.0.so.0
\tlibharfbuzz.so.0 (libc6,AArch64) => /lib/aarch64-linux-gnu/libharfbuzz.so.0
"""


def test_soname_matches_the_machine_abi(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sharedlibs.os, "uname", lambda: type("U", (), {"machine": "x86_64"}))
    abi = sharedlibs.abi_tag()
    assert sharedlibs.soname(LISTING, "pango-1.0", abi) == "libpango-1.0.so.0"
    assert sharedlibs.soname(LISTING, "libpango-1.0-0", abi) is None  # Windows spelling
    assert sharedlibs.soname(LISTING, "harfbuzz", abi) is None  # only for another machine


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldconfig is Linux's")
def test_lookup_answers_as_ctypes_for_every_weasyprint_library() -> None:
    searching = ctypes.util.find_library
    names = [*sharedlibs.WEASYPRINT_LIBRARIES, "harfbuzz-subset", "libgobject-2.0-0", "no-such"]
    searched = [ctypes.util.find_library(name) for name in names]
    if any(found is None for found in searched[: len(sharedlibs.WEASYPRINT_LIBRARIES)]):
        pytest.skip("WeasyPrint's libraries are not in the ldconfig cache here")
    with sharedlibs.listed_library_lookup():
        assert ctypes.util.find_library is not searching  # the listing is in use
        listed = [ctypes.util.find_library(name) for name in names]
    assert listed == searched


def test_lookup_is_restored_after_the_block() -> None:
    before = ctypes.util.find_library
    with sharedlibs.listed_library_lookup():
        pass
    assert ctypes.util.find_library is before


def test_lookup_is_left_alone_when_a_library_is_not_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sharedlibs, "ldconfig_listing", lambda: LISTING)
    before = ctypes.util.find_library
    with sharedlibs.listed_library_lookup():
        assert ctypes.util.find_library is before


def test_lookup_is_left_alone_without_ldconfig(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sharedlibs, "LDCONFIG", "/nonexistent/ldconfig")
    assert sharedlibs.ldconfig_listing() is None
    before = ctypes.util.find_library
    with sharedlibs.listed_library_lookup():
        assert ctypes.util.find_library is before
