"""WeasyPrint made ready in a second process while the first one reads the workspace.

A command that prints one PDF and exits (``epss report``) spends ~0.4 s importing WeasyPrint and
~0.3 s reading the workspace and filling the templates, one after the other, although every
laptop it runs on has a second core. :meth:`PdfWorker.start` forks before the workspace is read:
the child imports WeasyPrint and waits; the parent sends it the finished HTML with the archive
settings and gets the PDF bytes back, with the stages for a progress line on the way.

The parent stays the only process that reads or writes the workspace and the output file; the
child reads nothing but the pipe and the package's own assets and writes nothing but the pipe.
Anything unusual falls back to laying out in the parent, which then raises exactly the errors it
always did (a missing Pango, a refused asset): no ``fork`` here (not Linux), threads already
running (a fork would copy their held locks; the TUI renders in-process), a child that fails,
dies or is killed. A child whose job never comes (the command refused its input) is killed
with its process group; a child whose parent dies is killed by the kernel (PR_SET_PDEATHSIG).
There is no deadline: a slow layout of a long document is not a hung one.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, NoReturn

from reports.pdf import Archive

_LENGTH = struct.Struct(">Q")


class PdfWorker:
    """One child process that lays out one document. Use as a context manager, so the child
    is always reaped; an inactive worker (``start`` could not fork) just says no."""

    def __init__(self, pid: int | None = None, to_child: int = -1, from_child: int = -1) -> None:
        self._pid = pid
        self._to_child = to_child
        self._from_child = from_child
        self._finished = False

    @classmethod
    def start(cls) -> PdfWorker:
        """Fork the child when that is safe here, else return an inactive worker."""
        if not _can_fork():
            return cls()
        job_read, job_write = os.pipe()
        result_read, result_write = os.pipe()
        # Ctrl-C held back across the fork: it must reach the parent's handler, never a child
        # that has not yet become a worker (it would run the command's own error handling)
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:  # no memory or process slots left: lay out in this process
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            for fd in (job_read, job_write, result_read, result_write):
                os.close(fd)
            return cls()
        if pid == 0:  # pragma: no cover - runs in the child, which never returns
            try:
                os.close(job_write)
                os.close(result_read)
                _become_worker(mask, parent)
                _serve(job_read, result_write)
            finally:
                os._exit(1)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(job_read)
        os.close(result_write)
        return cls(pid, job_write, result_read)

    @property
    def active(self) -> bool:
        return self._pid is not None

    def print_pdf(self, html: str, templates: Path, archive: Archive | None,
                  say: Callable[[str], None]) -> bytes | None:
        """The child's PDF of ``html``, or None when the caller must lay it out itself. A
        worker prints one document; it is closed afterwards either way. Only the pipe's and
        pickle's failures mean "do it yourself"; an error of ``say`` is the caller's."""
        if self._pid is None:
            return None
        try:
            try:
                _send(self._to_child, ("job", html, str(templates), archive))
                os.close(self._to_child)
                self._to_child = -1
            except Exception:  # the child is gone, or the job would not pickle
                return None
            while True:
                try:
                    message = _receive(self._from_child)
                    kind, value = message if message is not None else ("failed", None)
                except Exception:  # a torn or foreign message: the child is not to be trusted
                    return None
                if kind == "stage":
                    say(str(value))
                elif kind == "pdf" and isinstance(value, bytes):
                    self._finished = True
                    return value
                else:  # "failed" or the end of the pipe: the parent finds out why itself
                    return None
        finally:
            self.close()

    def close(self) -> None:
        """Reap the child: it has exited after sending a PDF; otherwise its process group is
        killed (the child and whatever it started, e.g. the compiler ctypes runs to find a
        library while WeasyPrint is imported), which costs nothing: it holds no file but its
        pipes."""
        if self._pid is None:
            return
        pid, self._pid = self._pid, None
        for fd in (self._to_child, self._from_child):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._to_child = self._from_child = -1
        if not self._finished:
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)

    def __enter__(self) -> PdfWorker:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def _can_fork() -> bool:
    """Linux only (macOS frameworks do not survive a fork; Windows has none), and only while
    this is the process's one thread: Python's own threads and any a C library started
    (/proc/self/task lists them all)."""
    if sys.platform != "linux" or not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def _become_worker(mask: set[int | signal.Signals],
                   parent: int) -> None:  # pragma: no cover - the child
    """The child's first steps: a process group of its own (so that ``close`` can kill it with
    whatever it started, and the terminal's Ctrl-C goes to the parent, which reports it), to
    die with the parent (PR_SET_PDEATHSIG), nothing to read from the terminal or print on
    stdout (the parent's), and Ctrl-C as the parent had it before the fork."""
    os.setpgid(0, 0)
    _die_with_parent(parent)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)
    ignored = signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    signal.signal(signal.SIGINT, signal.SIG_IGN if ignored else signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _die_with_parent(parent: int) -> None:  # pragma: no cover - the child
    """Ask Linux to kill this process when its parent dies (a killed `epss report`), so that
    no orphan lays out a document nobody waits for. Best effort: without it the child still
    ends at the closed pipe."""
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # it died before the request: nobody waits
            os._exit(1)


def _serve(job_in: int, result_out: int) -> NoReturn:  # pragma: no cover - the child
    """The child's whole life: import WeasyPrint, wait for the job, send the PDF, and end
    with ``os._exit``, which runs none of the parent's exit handlers and flushes none of its
    buffers."""
    code = 1
    try:
        import gc

        gc.disable()  # the process ends with the document: nothing to collect
        from reports.pdf import load_weasyprint, print_pdf

        weasyprint = load_weasyprint()
        job = _receive(job_in)
        if job is not None:  # None: the parent stopped before it had a document
            _kind, html, templates, archive = job
            pdf = print_pdf(weasyprint, html, Path(templates), archive,
                            lambda stage: _send(result_out, ("stage", stage)))
            _send(result_out, ("pdf", pdf))
        code = 0
    except BaseException:  # whatever it was, the parent does it itself
        with contextlib.suppress(BaseException):
            _send(result_out, ("failed", None))
    os._exit(code)


def _send(fd: int, message: tuple[Any, ...]) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    _write_all(fd, _LENGTH.pack(len(data)) + data)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _receive(fd: int) -> Any:
    """The next message, or None at the end of the pipe."""
    head = _read_exactly(fd, _LENGTH.size)
    if head is None:
        return None
    (length,) = _LENGTH.unpack(head)
    body = _read_exactly(fd, length)
    if body is None:
        raise EOFError("the pipe ended inside a message")
    return pickle.loads(body)


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks = bytearray()
    while len(chunks) < size:
        chunk = os.read(fd, min(size - len(chunks), 1 << 20))
        if not chunk:
            if chunks:
                raise EOFError("the pipe ended inside a message")
            return None
        chunks += chunk
    return bytes(chunks)
