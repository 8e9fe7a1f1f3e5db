"""The layout worker: results, errors with the worker's traceback, logs, signals, shutdown;
and the inline layout a library call gets without one."""

from __future__ import annotations

import logging
import os
import signal
import time

import pytest

from packetbuilder.build import worker as worker_module
from packetbuilder.build.worker import ForkedWorker, InlineLayout, LayoutWorker, RemoteTraceback
from packetbuilder.errors import InternalError, UsageError


def test_result_comes_back() -> None:
    with ForkedWorker("json:dumps") as worker:
        worker.submit({"a": [1, 2]})
        assert worker.result() == '{"a": [1, 2]}'


def test_exception_is_raised_here_with_the_workers_traceback() -> None:
    with ForkedWorker("packetbuilder.case.profiles:load_profiles") as worker:
        worker.submit(__import__("pathlib").Path("/nope"))
        with pytest.raises(UsageError, match="not a folder") as caught:
            worker.result()
    cause = caught.value.__cause__
    assert isinstance(cause, RemoteTraceback)
    assert "load_profiles" in cause.text and "Traceback" in cause.text


def test_an_exception_that_does_not_pickle_arrives_as_internal_error(tmp_path, monkeypatch):
    (tmp_path / "unpicklable.py").write_text(
        "class Odd(Exception):\n"
        "    def __init__(self, a, b):\n"
        "        super().__init__(a)\n"
        "        self.lock = __import__('threading').Lock()\n"
        "def fail():\n    raise Odd('strange', 2)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    with ForkedWorker("unpicklable:fail") as worker, pytest.raises(InternalError, match="strange"):
        worker.call()


def test_an_answer_that_does_not_unpickle_is_an_internal_error(tmp_path, monkeypatch) -> None:
    """The worker sends an instance of a class this process cannot import."""
    (tmp_path / "only_there.py").write_text(
        "import sys, types\n"
        "class Value:\n    pass\n"
        "Value.__module__ = 'module_that_is_only_in_the_worker'\n"
        "sys.modules['module_that_is_only_in_the_worker'] = types.SimpleNamespace(Value=Value)\n"
        "def make():\n    return Value()\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    with ForkedWorker("only_there:make") as worker, pytest.raises(InternalError, match="read"):
        worker.call()


def test_log_records_of_a_call_are_forwarded(tmp_path, monkeypatch, caplog) -> None:
    (tmp_path / "talkative.py").write_text(
        "import logging\n"
        "def talk():\n    logging.getLogger('talkative.layout').warning('ignored CSS %s', 'rule')\n"
        "    return 1\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    with caplog.at_level(logging.WARNING), ForkedWorker("talkative:talk") as worker:
        assert worker.call() == 1
    assert any(
        record.name == "talkative.layout" and record.getMessage() == "ignored CSS rule"
        for record in caplog.records
    )


def test_the_worker_ignores_sigint(tmp_path, monkeypatch) -> None:
    (tmp_path / "waits.py").write_text(
        "import time\ndef nap():\n    time.sleep(0.5)\n    return 'awake'\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    with ForkedWorker("waits:nap") as worker:
        worker.submit()
        time.sleep(0.1)
        os.kill(worker.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
        assert worker.result() == "awake"


def test_unused_worker_stops_at_once() -> None:
    started = time.monotonic()
    with ForkedWorker("json:dumps"):
        pass
    assert time.monotonic() - started < 2


def test_worker_still_importing_is_stopped_at_once(tmp_path, monkeypatch) -> None:
    """`packet build --help` must not wait for WeasyPrint's import to finish."""
    (tmp_path / "slow_to_import.py").write_text("import time\ntime.sleep(30)\ndef f():\n    pass\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    started = time.monotonic()
    with ForkedWorker("slow_to_import:f"):
        time.sleep(0.2)  # the worker is inside its import now
    assert time.monotonic() - started < 5


def test_several_calls_to_one_worker() -> None:
    with ForkedWorker("json:dumps") as worker:
        assert worker.call([1]) == "[1]"
        assert worker.call([2]) == "[2]"


def test_a_module_that_fails_to_import_is_reported_on_the_call(tmp_path, monkeypatch) -> None:
    (tmp_path / "broken_at_import.py").write_text("raise OSError('no libpango here')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with ForkedWorker("broken_at_import:f") as worker, pytest.raises(OSError, match="pango"):
        worker.call()


def test_the_warm_up_runs_before_calls_and_its_failure_is_not_fatal(tmp_path, monkeypatch):
    (tmp_path / "prepared.py").write_text(
        "import os\nstate = {}\n"
        "def warm():\n    state['warm'] = os.getpid()\n"
        "def broken():\n    raise RuntimeError('no fonts to warm up')\n"
        "def report():\n    return state.get('warm') == os.getpid()\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    with ForkedWorker("prepared:report", warm_up="prepared:warm") as worker:
        assert worker.call() is True
    with ForkedWorker("prepared:report", warm_up="prepared:broken") as worker:
        assert worker.call() is False  # not warmed, but working


def test_a_released_worker_ends_on_its_own_and_takes_no_more_calls() -> None:
    with ForkedWorker("json:dumps") as worker:
        assert worker.call([1]) == "[1]"
        pid = worker.pid
        assert pid is not None
        worker.release()
        deadline = time.monotonic() + 5
        while (reaped := os.waitpid(pid, os.WNOHANG)) == (0, 0):
            assert time.monotonic() < deadline, "the released worker did not end"
            time.sleep(0.01)
        assert os.WIFEXITED(reaped[1])  # it ended by itself, nobody killed it
        worker.pid = None  # reaped here, so `close` has nothing left to stop
        with pytest.raises(InternalError, match="released"):
            worker.call([2])


def test_a_stepwise_warm_up_gives_way_to_the_first_call(tmp_path, monkeypatch) -> None:
    """The warm-up yields between steps; the worker stops it once a call is waiting."""
    (tmp_path / "endless.py").write_text(
        "import time\ndef steps():\n    while True:\n        time.sleep(0.01)\n        yield\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    started = time.monotonic()
    with ForkedWorker("json:dumps", warm_up="endless:steps") as worker:
        assert worker.call([1]) == "[1]"
    assert time.monotonic() - started < 5


def test_without_fork_there_is_no_worker_and_layout_runs_inline(monkeypatch) -> None:
    monkeypatch.setattr(worker_module, "can_fork", lambda: False)
    assert LayoutWorker.start() is None
    with pytest.raises(InternalError, match="fork"):
        ForkedWorker("json:dumps")


def test_inline_layout_needs_a_request_first() -> None:
    with pytest.raises(InternalError, match="nothing was submitted"):
        InlineLayout().result()
