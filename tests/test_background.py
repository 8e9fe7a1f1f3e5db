"""The worker that renders on the other core: results, errors and shutdown."""

from __future__ import annotations

import os
import time

import pytest

from packetbuilder import background
from packetbuilder.background import Background
from packetbuilder.errors import InternalError, UsageError


def test_result_comes_back() -> None:
    with Background(prepare="json") as worker:
        worker.submit("json:dumps", {"a": [1, 2]})
        assert worker.result() == '{"a": [1, 2]}'


def test_exception_is_raised_in_the_parent() -> None:
    with Background(prepare="json") as worker:
        worker.submit("packetbuilder.profiles:load_profiles", __import__("pathlib").Path("/nope"))
        with pytest.raises(UsageError, match="not a folder"):
            worker.result()


def test_unused_worker_stops_at_once() -> None:
    started = time.monotonic()
    with Background(prepare="json"):
        pass
    assert time.monotonic() - started < 2


def test_without_fork_the_call_runs_inline(monkeypatch) -> None:
    monkeypatch.setattr(background, "can_fork", lambda: False)
    with Background(prepare="json") as worker:
        assert worker.inline and worker.connection is None
        worker.submit("json:dumps", [3])
        assert worker.result() == "[3]"


def test_worker_still_importing_is_stopped_at_once(tmp_path, monkeypatch) -> None:
    """`packet build --help` must not wait for WeasyPrint's import to finish."""
    (tmp_path / "slow_to_import.py").write_text("import time\ntime.sleep(30)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    started = time.monotonic()
    with Background(prepare="slow_to_import"):
        time.sleep(0.2)  # the worker is inside its import now
    assert time.monotonic() - started < 5


def test_several_calls_to_one_worker() -> None:
    with Background(prepare="json") as worker:
        assert worker.call("json:dumps", [1]) == "[1]"
        assert worker.call("json:dumps", [2]) == "[2]"


def test_a_module_that_fails_to_import_is_reported_on_the_call(tmp_path, monkeypatch) -> None:
    (tmp_path / "broken_at_import.py").write_text("raise OSError('no libpango here')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with Background(prepare="broken_at_import") as worker, pytest.raises(OSError, match="pango"):
        worker.call("json:dumps", [1])


def test_the_preparation_runs_before_calls_and_its_failure_is_not_fatal(tmp_path, monkeypatch):
    (tmp_path / "prepared.py").write_text(
        "import os\nstate = {}\n"
        "def warm():\n    state['warm'] = os.getpid()\n"
        "def broken():\n    raise RuntimeError('no fonts to warm up')\n"
        "def report():\n    return state.get('warm') == os.getpid()\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    with Background(prepare="prepared:warm") as worker:
        assert worker.call("prepared:report") is True
    with Background(prepare="prepared:broken") as worker:
        assert worker.call("prepared:report") is False  # not warmed, but working


def test_a_released_worker_ends_on_its_own_and_takes_no_more_calls() -> None:
    with Background(prepare="json") as worker:
        assert worker.call("json:dumps", [1]) == "[1]"
        pid = worker.pid
        worker.release()
        deadline = time.monotonic() + 5
        while (reaped := os.waitpid(pid, os.WNOHANG)) == (0, 0):
            assert time.monotonic() < deadline, "the released worker did not end"
            time.sleep(0.01)
        assert os.WIFEXITED(reaped[1])  # it ended by itself, nobody killed it
        worker.pid = None  # reaped here, so `close` has nothing left to stop
        with pytest.raises(InternalError, match="released"):
            worker.call("json:dumps", [2])


def test_a_stepwise_preparation_gives_way_to_the_first_call(tmp_path, monkeypatch) -> None:
    """The warm-up yields between steps; the worker stops it once a call is waiting."""
    (tmp_path / "endless.py").write_text(
        "import time\ndef steps():\n    while True:\n        time.sleep(0.01)\n        yield\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    started = time.monotonic()
    with Background(prepare="endless:steps") as worker:
        assert worker.call("json:dumps", [1]) == "[1]"
    assert time.monotonic() - started < 5
