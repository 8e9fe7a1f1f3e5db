"""The one guard around reading or converting one exhibit file: bounded in time, its failures
turned into a finding that names the file, the libraries' log lines collected, not printed.

The time limit is a watchdog thread that raises `FileTimeout` in the working thread
(CPython's `PyThreadState_SetAsyncExc`): it works on any thread and any platform, leaves the
host's signal handlers and alarms alone, and, because `FileTimeout` is a `BaseException` that
the watchdog raises again every few milliseconds until the block is left, a library's broad
`except Exception` cannot swallow it. Like a signal, it interrupts Python code only: a parser
stuck inside one C call is interrupted when that call returns.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field

RAISE_AGAIN_EVERY = 0.02  # seconds between two raises, until the block is left


class FileTimeout(BaseException):
    """Reading one file took longer than its time limit (a BaseException: not swallowed by a
    library's `except Exception`)."""


@dataclass
class _Deadline:
    thread_id: int
    at: float
    active: bool = True
    fired: bool = False


@dataclass
class _Watchdog:
    """One daemon thread for the process, raising FileTimeout in threads past their deadline."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    wake: threading.Condition = field(init=False)
    deadlines: list[_Deadline] = field(default_factory=list)
    thread: threading.Thread | None = None

    def __post_init__(self) -> None:
        self.wake = threading.Condition(self.lock)

    def watch(self, deadline: _Deadline) -> None:
        with self.lock:
            self.deadlines.append(deadline)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(
                    target=self.run, name="packetbuilder-file-timeout", daemon=True
                )
                self.thread.start()
            self.wake.notify()

    def release(self, deadline: _Deadline) -> None:
        """The block is left: no more raises, and none left pending in the thread."""
        while True:
            try:
                with self.lock:
                    deadline.active = False
                    if deadline in self.deadlines:
                        self.deadlines.remove(deadline)
                    if deadline.fired:  # clear a raise that was sent but not yet delivered
                        set_async_exception(deadline.thread_id, None)
                return
            except FileTimeout:
                # Delivered while leaving: the block has ended (or its own timeout is already
                # on its way out), so this one is no news; finish leaving.
                continue

    def run(self) -> None:
        with self.lock:
            while True:
                now = time.monotonic()
                waits = []
                for deadline in self.deadlines:
                    if deadline.active and now >= deadline.at:
                        deadline.fired = True
                        set_async_exception(deadline.thread_id, FileTimeout)
                        deadline.at = now + RAISE_AGAIN_EVERY
                    waits.append(deadline.at - now)
                self.wake.wait(timeout=max(min(waits), 0.001) if waits else None)


def set_async_exception(thread_id: int, exception: type[BaseException] | None) -> None:
    """Raise `exception` in the thread at its next bytecode (None clears a pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None
    )


WATCHDOG = _Watchdog()


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise FileTimeout in this block once it has run for `seconds` (None: no limit)."""
    if not seconds:
        yield
        return
    deadline = _Deadline(threading.get_ident(), time.monotonic() + seconds)
    WATCHDOG.watch(deadline)
    try:
        yield
    finally:
        WATCHDOG.release(deadline)


class CollectedLog(logging.Handler):
    """Keeps what a library logs while it reads a file, to say it once as a note."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def collected_log(*names: str) -> Iterator[CollectedLog]:
    """Collect the warnings that the named libraries log inside the block, and keep them from
    the terminal; Python warnings raised there are silenced too."""
    handler = CollectedLog()
    loggers = [logging.getLogger(name) for name in names]
    previous = [(logger.propagate, logger.level) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield handler
    finally:
        for logger, (propagate, _level) in zip(loggers, previous, strict=True):
            logger.removeHandler(handler)
            logger.propagate = propagate
