"""A worker process on the other core: it loads a module at once, then runs the calls sent.

The front matter needs only the page counts, and WeasyPrint takes most of a second to import:
a forked worker imports it while the case is checked, then renders while the exhibits are
merged. Where fork is not available the call simply runs when its result is asked for.

The worker is a plain `os.fork` with two pipes carrying pickles, not `multiprocessing`: that
package's import (40 ms) delayed both the worker's start and the command's.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import select
import signal
from collections.abc import Iterator
from typing import IO, Any

from .errors import InternalError

LAYOUT_MODULE = "packetbuilder.layout"


def start_renderer() -> Background:
    """A worker on the other core that imports the layout engine (WeasyPrint) now and warms
    it up while it waits for the first page to lay out."""
    return Background(prepare=f"{LAYOUT_MODULE}:warm_up")


def can_fork() -> bool:
    """True where a worker process can be forked (not on Windows)."""
    return hasattr(os, "fork")


def resolve(target: str) -> Any:
    """'package.module:function' → the function (imported in the process that runs it)."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


class Channel:
    """One end of a worker's two pipes: pickles go out on one and come in on the other."""

    def __init__(self, incoming: int, outgoing: int) -> None:
        self.incoming: IO[bytes] = os.fdopen(incoming, "rb")
        self.outgoing: IO[bytes] = os.fdopen(outgoing, "wb")

    def send(self, value: Any) -> None:
        """Pickle `value` to the other end (raises what pickling raises)."""
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self.outgoing.write(data)
        self.outgoing.flush()

    def recv(self) -> Any:
        """The next value from the other end (EOFError once it has closed its end)."""
        return pickle.load(self.incoming)

    def waiting(self) -> bool:
        """True when something has arrived (or the other end has closed) and `recv` won't block."""
        readable, _, _ = select.select([self.incoming], [], [], 0)
        return bool(readable)

    def close(self) -> None:
        """Close both pipes."""
        for stream in (self.outgoing, self.incoming):
            with contextlib.suppress(OSError):
                stream.close()


class Background:
    """Start a worker that imports `prepare` ('module', or 'module:function' to also call that);
    `submit` calls to it; collect each `result`."""

    def __init__(self, prepare: str) -> None:
        self.pending: tuple[str, tuple[Any, ...]] | None = None
        self.connection: Channel | None = None
        self.pid: int | None = None
        self.inline = not can_fork()
        if self.inline:
            return
        to_worker, from_parent = os.pipe()
        to_parent, from_worker = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker
            os.close(from_parent)
            os.close(to_parent)
            try:
                serve(Channel(to_worker, from_worker), prepare)
            finally:
                os._exit(0)  # never back into the parent's code, its cleanup or its tests
        os.close(to_worker)
        os.close(from_worker)
        self.pid = pid
        self.connection = Channel(to_parent, from_parent)

    def __enter__(self) -> Background:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def submit(self, target: str, *args: Any) -> None:
        """Ask the worker to run `target(*args)` (the arguments are pickled to it)."""
        self.pending = (target, args)
        if not self.inline:
            self.live_connection().send(self.pending)

    def call(self, target: str, *args: Any) -> Any:
        """Run `target(*args)` in the worker and wait for its value."""
        self.submit(target, *args)
        return self.result()

    def result(self) -> Any:
        """Wait for the call to finish; return its value or raise its exception."""
        if self.pending is None:
            raise InternalError("nothing was submitted to the worker")
        if self.inline:
            target, args = self.pending
            return resolve(target)(*args)
        try:
            succeeded, value = self.live_connection().recv()
        except EOFError:
            raise InternalError(
                f"the worker for {self.pending[0]} stopped without an answer (out of memory?)"
            ) from None
        if succeeded:
            return value
        raise value

    def live_connection(self) -> Channel:
        """The pipes to the worker; calls after `release` are a bug in the caller."""
        if self.connection is None:
            target = self.pending[0] if self.pending else "a call"
            raise InternalError(f"{target}: the worker was already released")
        return self.connection

    def release(self) -> None:
        """No more calls: an idle worker ends on its own once its pipe closes, so its exit
        overlaps this process's work instead of delaying `close`."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def close(self) -> None:
        """Stop the worker, whether or not it was used."""
        self.release()
        if self.pid is None:
            return
        # Its answer is in or no longer wanted: a worker still importing (`packet build --help`)
        # or still rendering (the build failed) is stopped rather than waited for.
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self.pid = None


def serve(connection: Channel, prepare: str) -> None:
    """In the worker: import (and call) `prepare`, then run each call sent and send back its
    outcome. A `prepare` function that yields is run step by step, until a call arrives."""
    broken: BaseException | None = None
    try:
        importlib.import_module(prepare.partition(":")[0])
    except Exception as error:  # the answer to every call: the parent reports it
        broken = error
    else:
        if ":" in prepare:
            with contextlib.suppress(Exception):  # only a preparation: failures show on calls
                steps = resolve(prepare)()
                if isinstance(steps, Iterator):
                    run_until_called(steps, connection)
    while True:
        try:
            target, args = connection.recv()
        except (EOFError, OSError):
            return  # the parent is done with the worker
        if broken is not None:
            outcome: tuple[bool, Any] = (False, broken)
        else:
            try:
                outcome = (True, resolve(target)(*args))
            except BaseException as error:  # every failure must reach the parent
                outcome = (False, error)
        try:
            connection.send(outcome)
        except (pickle.PicklingError, TypeError, AttributeError):
            failure = outcome[1]
            connection.send((False, InternalError(f"{type(failure).__name__}: {failure}")))


def run_until_called(steps: Iterator[None], connection: Channel) -> None:
    """Run a preparation's steps one by one, stopping as soon as a call is waiting: the call
    comes first, and a half-done preparation costs nothing that the call won't do anyway."""
    while not connection.waiting():
        try:
            next(steps)
        except StopIteration:
            return
