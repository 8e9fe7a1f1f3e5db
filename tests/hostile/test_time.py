"""No single exhibit may hang the tool: reading one file is bounded, then reported; the bound
holds on any thread, through a library's broad `except`, and leaves the host's alarms alone."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from conftest import run_packet
from helpers import CaseFolder
from packetbuilder.exhibits.guard import FileTimeout, time_limit
from packetbuilder.limits import DEFAULT_TIMEOUT


def huge_page_tree(nodes: int = 90, per_node: int = 1000) -> bytes:
    """A valid PDF of nodes x per_node pages: pypdf needs seconds to walk its page tree."""
    parts = [b"%PDF-1.4\n"]
    offsets: dict[int, int] = {}
    position = len(parts[0])

    def add(number: int, body: bytes) -> None:
        nonlocal position
        offsets[number] = position
        parts.append(b"%d 0 obj" % number + body + b"endobj\n")
        position += len(parts[-1])

    node_ids = [3 + index for index in range(nodes)]
    add(1, b"<</Type/Catalog/Pages 2 0 R>>")
    kids = b" ".join(b"%d 0 R" % number for number in node_ids)
    add(2, b"<</Type/Pages/Count %d/Kids[%s]/MediaBox[0 0 612 792]>>" % (nodes * per_node, kids))
    following = 3 + nodes
    for node in node_ids:
        pages = range(following, following + per_node)
        following += per_node
        kids = b" ".join(b"%d 0 R" % number for number in pages)
        add(node, b"<</Type/Pages/Parent 2 0 R/Count %d/Kids[%s]>>" % (per_node, kids))
        for page in pages:
            add(page, b"<</Type/Page/Parent %d 0 R>>" % node)
    xref = position
    parts.append(b"xref\n0 %d\n0000000000 65535 f \n" % following)
    parts += [b"%010d 00000 n \n" % offsets[number] for number in range(1, following)]
    parts.append(b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (following, xref))
    return b"".join(parts)


def test_a_file_slower_than_the_limit_is_reported_within_it(case_folder: CaseFolder) -> None:
    """pypdf catches broad exceptions as it walks a page tree: the limit must still hold."""
    case_folder.add_exhibit("slow", "exhibits/slow.pdf", huge_page_tree())
    path = case_folder.write()
    started = time.monotonic()
    outcome = run_packet("check", path, "--timeout", "0.5")
    elapsed = time.monotonic() - started
    assert outcome.exit_code == 1, outcome.stdout
    assert "file-timeout" in outcome.stdout and "exhibits/slow.pdf" in outcome.stdout
    assert "--timeout" in outcome.stdout
    assert elapsed < 2, elapsed


def test_without_a_limit_the_same_file_takes_much_longer(case_folder: CaseFolder) -> None:
    """Guards the test above: the file really is slow (the limit, not luck, stopped it)."""
    from packetbuilder.exhibits import inspect_file
    from packetbuilder.options import CheckOptions

    case_folder.write_file("exhibits/slow.pdf", huge_page_tree())
    started = time.monotonic()
    inspect_file("exhibits/slow.pdf", case_folder.root, CheckOptions(timeout=None))
    assert time.monotonic() - started > 1.5


def test_the_limit_holds_off_the_main_thread() -> None:
    outcome: list[str] = []

    def work() -> None:
        try:
            with time_limit(0.2):
                while True:
                    # a library's broad except: it must not swallow the timeout
                    try:  # noqa: SIM105
                        time.sleep(0.01)
                    except Exception:
                        pass
        except FileTimeout:
            outcome.append("timed out")

    thread = threading.Thread(target=work)
    started = time.monotonic()
    thread.start()
    thread.join(5)
    assert outcome == ["timed out"] and time.monotonic() - started < 2


def test_a_block_that_ends_in_time_is_not_interrupted_later() -> None:
    with time_limit(0.05):
        pass
    time.sleep(0.15)  # a stray raise would land here


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timers here")
def test_the_hosts_alarm_is_left_alone() -> None:
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with time_limit(5):
            time.sleep(0.01)
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0  # still armed
        time.sleep(0.5)
        assert fired == [1]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_default_limit_is_sixty_seconds() -> None:
    assert DEFAULT_TIMEOUT == 60
