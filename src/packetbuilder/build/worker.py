"""Concurrency, in one place: a worker process that lays out the front matter on another core.

The front matter needs only page counts, and WeasyPrint takes half a second to import: a
`LayoutWorker` forked before the command line is even read imports it while the case is
checked, then lays the front matter out while the exhibits are merged. The `packet` command
decides to start one (`packetbuilder.cli.main`) and owns it; `api.build` uses a worker it is
given and never closes it. A library call that gives none lays out in its own process and
forks nothing (`InlineLayout`), as a library should in a threaded program or a notebook.

The worker is a plain `os.fork` with two pipes of pickles, not `multiprocessing`, whose import
(40 ms) delayed both the worker's start and the command's. Like `concurrent.futures`, it sends
back a failure with its own traceback (chained as the cause of the exception raised here); the
log records of a call are forwarded to this process's loggers; it ignores SIGINT, so that
Ctrl-C reaches the command, which stops it.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import pickle
import select
import signal
import traceback
from collections.abc import Iterator
from typing import IO, Any, Protocol

from ..errors import InternalError
from .frontmatter import LayoutRequest, RenderedFrontMatter

LAYOUT_MODULE = "packetbuilder.build.layout"


class Layout(Protocol):
    """Where the front matter is laid out: submit a request, then collect its result."""

    def submit(self, request: LayoutRequest) -> None: ...

    def result(self) -> RenderedFrontMatter: ...

    def release(self) -> None: ...


class InlineLayout:
    """Lays out in this process when the result is asked for: no fork, no other process."""

    def __init__(self) -> None:
        self.pending: LayoutRequest | None = None

    def submit(self, request: LayoutRequest) -> None:
        self.pending = request

    def result(self) -> RenderedFrontMatter:
        if self.pending is None:
            raise InternalError("nothing was submitted to lay out")
        from .layout import lay_out

        request, self.pending = self.pending, None
        return lay_out(request)

    def release(self) -> None:
        self.pending = None


def can_fork() -> bool:
    """True where a worker process can be forked (not on Windows)."""
    return hasattr(os, "fork")


class RemoteTraceback(Exception):
    """The worker's own traceback, chained as the cause of the exception it raised."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return f'\n"""\n{self.text}"""'


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
        """True when something has arrived (or the other end has closed): `recv` won't block."""
        readable, _, _ = select.select([self.incoming], [], [], 0)
        return bool(readable)

    def close(self) -> None:
        """Close both pipes."""
        for stream in (self.outgoing, self.incoming):
            with contextlib.suppress(OSError):
                stream.close()


def resolve(target: str) -> Any:
    """'package.module:function' → the function (imported in the process that runs it)."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


class ForkedWorker:
    """A forked process that imports `target`'s module at once (and runs `warm_up`, step by
    step, while it waits), then runs `target(*args)` for each call submitted."""

    def __init__(self, target: str, warm_up: str | None = None) -> None:
        if not can_fork():
            raise InternalError("a worker process needs os.fork; lay out inline instead")
        self.target = target
        self.submitted = False
        to_worker, from_parent = os.pipe()
        to_parent, from_worker = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker
            os.close(from_parent)
            os.close(to_parent)
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the command's to handle
                serve(Channel(to_worker, from_worker), target, warm_up)
            finally:
                os._exit(0)  # never back into the parent's code, its cleanup or its tests
        os.close(to_worker)
        os.close(from_worker)
        self.pid: int | None = pid
        self.connection: Channel | None = Channel(to_parent, from_parent)

    def __enter__(self) -> ForkedWorker:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def live_connection(self) -> Channel:
        """The pipes to the worker; InternalError once it was released or closed."""
        if self.connection is None:
            raise InternalError("the worker was released; it takes no more calls")
        return self.connection

    def submit(self, *args: Any) -> None:
        """Ask the worker to run the target with `args` (pickled to it)."""
        self.live_connection().send(args)
        self.submitted = True

    def result(self) -> Any:
        """Wait for the call to finish; return its value or raise its exception, whose cause
        is the worker's traceback. The call's log records are handled here first."""
        if not self.submitted:
            raise InternalError("nothing was submitted to the worker")
        self.submitted = False
        try:
            succeeded, value, records = self.live_connection().recv()
        except EOFError:
            raise InternalError(
                f"the worker for {self.target} stopped without an answer (out of memory?)"
            ) from None
        except (
            pickle.UnpicklingError,
            AttributeError,
            ImportError,
            TypeError,
            ValueError,
        ) as error:
            raise InternalError(f"the worker's answer could not be read ({error})") from None
        for record in records:
            logging.getLogger(record["name"]).handle(logging.makeLogRecord(record))
        if succeeded:
            return value
        failure, remote_traceback = value
        failure.__cause__ = RemoteTraceback(remote_traceback)
        raise failure

    def call(self, *args: Any) -> Any:
        """Run the target in the worker and wait for its value."""
        self.submit(*args)
        return self.result()

    def release(self) -> None:
        """No more calls: an idle worker ends on its own once its pipe closes, so its exit
        overlaps this process's work instead of delaying `close`."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def close(self) -> None:
        """Stop the worker, whether or not it was used (closing twice is harmless)."""
        self.release()
        if self.pid is None:
            return
        # Its answer is in or no longer wanted: a worker still importing (`packet build --help`)
        # or still laying out (the build failed) is stopped rather than waited for.
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self.pid = None


class LayoutWorker(ForkedWorker):
    """A worker that imports WeasyPrint at once, warms it up, and lays out front matter."""

    def __init__(self) -> None:
        super().__init__(f"{LAYOUT_MODULE}:lay_out", warm_up=f"{LAYOUT_MODULE}:warm_up")

    @classmethod
    def start(cls) -> LayoutWorker | None:
        """A started layout worker, or None where processes cannot be forked."""
        return cls() if can_fork() else None

    def submit(self, request: LayoutRequest) -> None:
        super().submit(request)

    def result(self) -> RenderedFrontMatter:
        outcome: RenderedFrontMatter = super().result()
        return outcome

    def __enter__(self) -> LayoutWorker:
        return self


class ForwardedRecords(logging.Handler):
    """In the worker: keeps each log record of a call, as a dict that pickles."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        fields = dict(record.__dict__)
        fields["msg"] = record.getMessage()
        fields["args"] = None
        fields["exc_info"] = None
        self.records.append(fields)


def serve(connection: Channel, target: str, warm_up: str | None) -> None:
    """In the worker: import the target's module (and warm up), then run each call sent and
    send back its outcome: (True, value, records) or (False, (error, traceback), records)."""
    broken: BaseException | None = None
    broken_traceback = ""
    try:
        function = resolve(target)
    except Exception as error:  # the answer to every call: the parent reports it
        broken, broken_traceback = error, traceback.format_exc()
    else:
        if warm_up is not None:
            with contextlib.suppress(Exception):  # only a preparation: failures show on calls
                steps = resolve(warm_up)()
                if isinstance(steps, Iterator):
                    run_until_called(steps, connection)
    root = logging.getLogger()
    while True:
        try:
            args = connection.recv()
        except (EOFError, OSError):
            return  # the parent is done with the worker
        forwarded = ForwardedRecords()
        root.addHandler(forwarded)
        try:
            if broken is not None:
                outcome: tuple[bool, Any, list[dict[str, Any]]] = (
                    False,
                    (broken, broken_traceback),
                    [],
                )
            else:
                try:
                    outcome = (True, function(*args), [])
                except BaseException as error:  # every failure must reach the parent
                    outcome = (False, (error, traceback.format_exc()), [])
        finally:
            root.removeHandler(forwarded)
        outcome = (outcome[0], outcome[1], forwarded.records)
        try:
            connection.send(outcome)
        except (pickle.PicklingError, TypeError, AttributeError):
            failed, text = outcome[1] if not outcome[0] else (outcome[1], "")
            connection.send(
                (
                    False,
                    (InternalError(f"{type(failed).__name__}: {failed}"), text),
                    forwarded.records,
                )
            )


def run_until_called(steps: Iterator[None], connection: Channel) -> None:
    """Run a preparation's steps one by one, stopping as soon as a call is waiting: the call
    comes first, and a half-done preparation costs nothing that the call won't do anyway."""
    while not connection.waiting():
        try:
            next(steps)
        except StopIteration:
            return
