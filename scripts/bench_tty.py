"""A program in a real terminal, read the way a user sees it.

`Terminal` runs a command in a pseudo-terminal of a given size and feeds everything
it writes to a terminal emulator (pyte, the `bench` extra), so a benchmark can ask
what is on the screen and when it got there: the time a byte is read from the pty
is the time the terminal would have shown it. `tmux_first_frame` times a start the
same way through tmux, the terminal most users of a shell on a server have.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pyte


class Terminal:
    """A command in a pty of `columns` x `lines`, its output parsed as it arrives."""

    def __init__(self, cmd: Sequence[str], columns: int, lines: int, cwd: Path,
                 env: dict[str, str]) -> None:
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.columns = columns
        pid, fd = pty.fork()
        if pid == 0:  # the child: exec the command on the pty, sized first
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
                os.chdir(cwd)
                os.execvpe(cmd[0], list(cmd), {**env, "TERM": "xterm-256color",
                                               "COLUMNS": str(columns), "LINES": str(lines)})
            finally:
                os._exit(127)
        self.pid = pid
        self.fd = fd
        self.closed = False

    def write(self, data: bytes) -> float:
        """Send keys as the terminal would; returns when they were sent."""
        os.write(self.fd, data)
        return time.perf_counter()

    def read(self, timeout: float) -> float | None:
        """Parse what arrives within `timeout`; returns when it arrived, or None."""
        if self.closed:
            time.sleep(max(0.0, timeout))
            return None
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return None
        at = time.perf_counter()
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:  # the program ended
            self.closed = True
            return None
        if not data:
            self.closed = True
            return None
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


def type_paced(term: Terminal, text: str, pace: float, echoed: Callable[[str], bool],
               timeout: float = 5) -> tuple[list[float], float]:
    """Write `text` a key every `pace` seconds; for each key but spaces, the time from its
    write to the read that put it on screen (`echoed(typed so far)`), and when the last
    key was written.

    A space is not timed: a blank cell cannot be told from one not yet drawn. The key
    after it shows whether it arrived.
    """
    echo: list[float] = []
    waiting: list[tuple[str, float]] = []  # typed so far, written at
    next_key = written = time.perf_counter()
    for i, ch in enumerate(text):
        while True:  # read until it is time for the next key
            now = time.perf_counter()
            if now >= next_key:
                break
            at = term.read(next_key - now)
            if at is not None:
                waiting = _seen(waiting, echoed, at, echo)
        written = term.write(ch.encode())
        next_key = written + pace
        if ch != " ":
            waiting.append((text[: i + 1], written))
    give_up = time.perf_counter() + timeout
    while waiting and time.perf_counter() < give_up:
        at = term.read(give_up - time.perf_counter())
        if at is not None:
            waiting = _seen(waiting, echoed, at, echo)
    if waiting:
        raise TimeoutError(f"{waiting[0][0]!r} never appeared:\n{term.text()}")
    return echo, written


def _seen(waiting: list[tuple[str, float]], echoed: Callable[[str], bool], at: float,
          echo: list[float]) -> list[tuple[str, float]]:
    # The newest key on screen means every earlier one got there too, by this read at
    # the latest (a frame can carry several).
    for i in range(len(waiting) - 1, -1, -1):
        if echoed(waiting[i][0]):
            echo.extend(at - written for _text, written in waiting[: i + 1])
            return waiting[i + 1:]
    return waiting


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
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, check=True).stdout

    def capture(self) -> str:
        return self._tmux("capture-pane", "-p")

    def first_frame(self, cmd: Sequence[str], cwd: Path, shows: Callable[[str], bool],
                    timeout: float = 20, env: dict[str, str] | None = None) -> float:
        """Seconds from launching `cmd` in the pane to a capture for which `shows` holds."""
        # A pane cleared first: the previous program's screen must not count.
        self._tmux("respawn-pane", "-k", "clear; exec sleep 600")
        give_up = time.perf_counter() + 5
        while self.capture().strip() and time.perf_counter() < give_up:
            time.sleep(0.01)
        env_args = [arg for key, value in {**self.env, **(env or {})}.items()
                    for arg in ("-e", f"{key}={value}")]
        command = " ".join(_quote(part) for part in cmd)
        start = time.perf_counter()
        self._tmux("respawn-pane", "-k", "-c", str(cwd), *env_args, command)
        give_up = start + timeout
        while time.perf_counter() < give_up:
            if shows(self.capture()):
                return time.perf_counter() - start
            time.sleep(0.002)
        raise TimeoutError(f"{command} showed nothing known in {timeout} s:\n{self.capture()}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True,
                       check=False)


def _quote(part: str) -> str:
    import shlex

    return shlex.quote(part)
