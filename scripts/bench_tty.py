"""A program in a real terminal, read the way a user sees it.

`Terminal` runs a command in a pseudo-terminal of a given size and feeds everything
it writes to a terminal emulator (pyte, the `bench` extra), so a benchmark can ask
what is on the screen and when it got there: the time a byte is read from the pty
is the time the terminal would have shown it. `Tmux.first_frame` times a start the
same way through tmux, the terminal most users of a shell on a server have.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import queue
import shutil
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pyte


class Terminal:
    """A command in a pty of `columns` x `lines`, its output parsed as it arrives.

    A thread of its own reads the pty and notes when each chunk arrived, so the time
    a frame reached the terminal does not wait for the emulator to parse the one
    before it (pyte takes about 3 ms a kilobyte; a full repaint at 160x48 is 27 KB).
    """

    def __init__(
        self, cmd: Sequence[str], columns: int, lines: int, cwd: Path, env: dict[str, str]
    ) -> None:
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.columns = columns
        pid, fd = pty.fork()
        if pid == 0:  # the child: exec the command on the pty, sized first
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
                os.chdir(cwd)
                os.execvpe(
                    cmd[0],
                    list(cmd),
                    {**env, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines)},
                )
            finally:
                os._exit(127)
        self.pid = pid
        self.fd = fd
        self.closed = False
        self._chunks: queue.Queue[tuple[float, bytes] | None] = queue.Queue()
        threading.Thread(target=self._read_pty, daemon=True).start()

    def _read_pty(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 1 << 16)  # blocks without the GIL
            except OSError:  # the program ended, or the pty was closed
                data = b""
            if not data:
                self._chunks.put(None)
                return
            self._chunks.put((time.perf_counter(), data))

    def write(self, data: bytes) -> float:
        """Send keys as the terminal would; returns when they were sent."""
        os.write(self.fd, data)
        return time.perf_counter()

    def read(self, timeout: float) -> float | None:
        """Parse the next chunk that arrives within `timeout`; returns when it arrived
        (read off the pty), or None."""
        if self.closed:
            time.sleep(max(0.0, timeout))
            return None
        try:
            chunk = self._chunks.get(timeout=max(0.0, timeout))
        except queue.Empty:
            return None
        if chunk is None:
            self.closed = True
            return None
        at, data = chunk
        self.stream.feed(data)
        return at

    def row(self, y: int, start: int = 0, end: int | None = None) -> str:
        line = self.screen.buffer[y]
        return "".join(line[x].data for x in range(start, end or self.columns))

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, test: Callable[[], bool], timeout: float = 20) -> float:
        """Read until `test()` holds; returns the time of the read that made it so."""
        give_up = time.perf_counter() + timeout
        if test():
            return time.perf_counter()
        while time.perf_counter() < give_up:
            at = self.read(give_up - time.perf_counter())
            if at is not None and test():
                return at
            if self.closed:
                break
        raise TimeoutError(f"not on screen within {timeout} s:\n{self.text()}")

    def drain(self, quiet: float = 0.3, timeout: float = 10) -> None:
        """Read until nothing arrives for `quiet` seconds."""
        give_up = time.perf_counter() + timeout
        while time.perf_counter() < give_up and self.read(quiet) is not None:
            pass

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        give_up = time.perf_counter() + 3
        while time.perf_counter() < give_up:
            self.read(0.05)
            done, _status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                break
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


def type_paced(
    term: Terminal, text: str, pace: float, echoed: Callable[[str], bool], timeout: float = 5
) -> tuple[list[float], float]:
    """Write `text` a key every `pace` seconds; for each key but spaces, the time from its
    write to the arrival of the output that put it on screen (`echoed(typed so far)`),
    and when the last key was written.

    The keys are written by a thread of their own on a fixed schedule, as a typist does
    not wait for the screen. A space is not timed: a blank cell cannot be told from one
    not yet drawn; the key after it shows whether it arrived.
    """
    written: list[float | None] = [None] * len(text)

    def typist() -> None:
        due = time.perf_counter()
        for i, ch in enumerate(text):
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            written[i] = term.write(ch.encode())
            due += pace

    # The reader and the typist wait for the GIL while the emulator parses: at most a
    # millisecond, not Python's usual five.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.001)
    keys = threading.Thread(target=typist, daemon=True)
    keys.start()
    echo: list[float] = []
    seen = 0  # keys up to here are on screen
    give_up = time.perf_counter() + len(text) * pace + timeout
    while seen < len(text) and time.perf_counter() < give_up:
        at = term.read(0.05)
        if at is None:
            continue
        sent = [i for i in range(seen, len(text)) if (w := written[i]) is not None and w < at]
        # The newest key on screen means every earlier one got there too, by this chunk at
        # the latest (a frame can carry several).
        for i in reversed(sent):
            if echoed(text[: i + 1]):
                echo.extend(
                    at - w
                    for j in range(seen, i + 1)
                    if text[j] != " " and (w := written[j]) is not None
                )
                seen = i + 1
                break
    keys.join()
    sys.setswitchinterval(interval)
    if seen < len(text):
        raise TimeoutError(f"{text[: seen + 1]!r} never appeared:\n{term.text()}")
    last = written[-1]
    assert last is not None
    return echo, last


# -- tmux ----------------------------------------------------------------------------------


class Tmux:
    """A tmux server of its own (so no user's sessions are touched) with one pane."""

    def __init__(self, columns: int, lines: int, env: dict[str, str]) -> None:
        if shutil.which("tmux") is None:
            raise RuntimeError("tmux is not installed")
        self.socket = f"notice-tui-bench-{os.getpid()}"
        self.env = env
        self._tmux("new-session", "-d", "-x", str(columns), "-y", str(lines), "sleep 600")
        self._tmux("set-option", "-g", "remain-on-exit", "on")

    def _tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        ).stdout

    def capture(self) -> str:
        return self._tmux("capture-pane", "-p")

    def first_frame(
        self,
        cmd: Sequence[str],
        cwd: Path,
        shows: Sequence[Callable[[str], bool]],
        timeout: float = 20,
        env: dict[str, str] | None = None,
    ) -> list[float]:
        """Seconds from launching `cmd` in the pane to the first capture for which each
        of `shows` holds, in one launch."""
        # A pane cleared first: the previous program's screen must not count.
        self._tmux("respawn-pane", "-k", "clear; exec sleep 600")
        give_up = time.perf_counter() + 5
        while self.capture().strip() and time.perf_counter() < give_up:
            time.sleep(0.01)
        env_args = [
            arg
            for key, value in {**self.env, **(env or {})}.items()
            for arg in ("-e", f"{key}={value}")
        ]
        command = " ".join(_quote(part) for part in cmd)
        start = time.perf_counter()
        self._tmux("respawn-pane", "-k", "-c", str(cwd), *env_args, command)
        give_up = start + timeout
        seen: list[float | None] = [None] * len(shows)
        while time.perf_counter() < give_up:
            screen = self.capture()
            now = time.perf_counter() - start
            for i, test in enumerate(shows):
                if seen[i] is None and test(screen):
                    seen[i] = now
            if all(t is not None for t in seen):
                return [t for t in seen if t is not None]
            time.sleep(0.002)
        raise TimeoutError(f"{command} showed nothing known in {timeout} s:\n{self.capture()}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)


def _quote(part: str) -> str:
    import shlex

    return shlex.quote(part)
