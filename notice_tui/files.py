"""Writing and locking the user's files: atomic replacement, hard links kept, one writer.

Profiles, rendered documents, recovery copies, the recent-files list and the caches
are all written through here, so every file notice-tui writes is either the old
text or the new, never torn, and keeps its permissions and owner.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import itertools
import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from notice_tui.i18n import _

__all__ = ["LOCK_WAIT", "SaveError", "atomic_write", "file_lock", "write_user_file"]


class SaveError(Exception):
    """Writing failed; the file on disk is as it was."""


STALE_TEMP_SECONDS = 60

# Temp names: unique per process and call, so a save needs no random name and no retry
# loop; O_EXCL still refuses a name that a crashed process with the same pid left behind.
_temp_counter = itertools.count()
# (folder, name) pairs already swept for leftovers by this process: a killed save's temp
# file is a rare thing, and a batch writing thousands of files should not list every
# folder again for each of them.
_swept: set[tuple[str, str]] = set()


def _remove_stale_temps(folder: Path, name: str) -> None:
    """Temp files a killed save left behind; a minute old, so no save is still writing it."""
    key = (str(folder), name)
    if key in _swept:
        return
    _swept.add(key)
    now = time.time()
    for leftover in folder.glob(f".{glob.escape(name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > STALE_TEMP_SECONDS:
                leftover.unlink()


def _open_temp(folder: Path, name: str) -> tuple[int, str]:
    for _attempt in range(100):
        tmp_name = os.path.join(folder, f".{name}.{os.getpid()}-{next(_temp_counter)}.tmp")
        try:
            # 0o666 less the umask, as for any new file the user makes.
            return os.open(
                tmp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666
            ), tmp_name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(folder))


def atomic_write(path: Path, text: str | bytes, *, durable: bool = True) -> None:
    """Write via a temp file in the same folder, fsync, rename: old or new, never torn.

    `durable=False` skips the fsyncs: still never torn if the process dies, but
    a power cut may lose the newest version. For output that can be rendered again.

    A file that is replaced keeps its permissions and, where the system allows, its
    owner and group. A symbolic link at `path` is replaced by the new file, and what
    it pointed to decides nothing (write_user_file is the one that follows links).
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    folder = path.parent if str(path.parent) else Path(".")
    try:
        old: os.stat_result | None = os.lstat(path)
    except OSError:
        old = None
    if old is not None and not stat.S_ISREG(old.st_mode):
        old = None  # a link (perhaps planted) or something else: a new file, normal mode
    tmp_name = None
    try:
        fd, tmp_name = _open_temp(folder, path.name)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if old is not None:
                with contextlib.suppress(OSError):  # only root may give a file away
                    if (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
                        os.fchown(fd, old.st_uid, old.st_gid)
                os.fchmod(fd, stat.S_IMODE(old.st_mode))  # after chown, which clears setuid
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp_name, path)
        tmp_name = None
        _remove_stale_temps(folder, path.name)
        if not durable:
            return
        _fsync_folder(folder)
    except OSError as exc:
        raise SaveError(
            _("could not save {path}: {reason}; the file on disk is unchanged").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_user_file(path: Path, data: bytes) -> Path:
    """Save a file the user keeps (a profile): through a symbolic link to the file it
    names, in place when the file has other hard links, never over a file marked
    read-only. Returns the path written."""
    real = Path(os.path.realpath(path))
    try:
        st: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise SaveError(
            _("could not save {path}: {reason}; the file on disk is unchanged").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise SaveError(_("could not save {path}: it is not a regular file").format(path=path))
    # The mode bits too: root may write anything, but a file marked read-only is a
    # decision someone made, and a rename would replace it without asking.
    if st is not None and (
        not st.st_mode & 0o222
        or (not os.access(real, os.W_OK) and not _read_only_file_system(real))
    ):
        raise SaveError(
            _(
                "{path} is read-only; not saved (save it under another name, or "
                "make it writable first)"
            ).format(path=path)
        )
    if st is not None and st.st_nlink > 1:
        _write_in_place(real, data)
    else:
        atomic_write(real, data)
    return real


def _read_only_file_system(path: Path) -> bool:
    """A read-only mount refuses the write itself, with the system's own words."""
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def _write_in_place(path: Path, data: bytes) -> None:
    """Rewrite a file that has other names (hard links), which a rename would leave
    on the old text. A complete copy is written first and removed only once the
    file itself is complete, so a crash in between leaves the new text beside it."""
    folder = path.parent
    fd, copy_name = _open_temp(folder, path.name)
    try:
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
        try:
            view = memoryview(data)
            offset = 0
            while offset < len(data):
                offset += os.pwrite(fd, view[offset:], offset)
            os.ftruncate(fd, len(data))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.unlink(copy_name)
    except OSError as exc:
        raise SaveError(
            _("could not save {path}: {reason}; the new text is in {copy}").format(
                path=path, reason=exc.strerror or exc, copy=copy_name
            )
        ) from None


# -- locking: one writer at a time -------------------------------------------------------------

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows; the content check still guards
    fcntl = None  # type: ignore[assignment]

LOCK_WAIT = 10.0  # seconds; a `set` holds the lock for some milliseconds
_held = threading.local()


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an advisory lock on a file (a profile) while it is read, changed and written.

    The lock is taken on the file itself (flock), not on a lock file beside it,
    which would be left in the user's folder and in git. A save replaces the
    file, so a process that waited re-checks, once it has the lock, that it
    holds the file now at `path`, and otherwise locks that one. Programs that
    do not lock (an editor, git) are caught by the content check before the
    rename. Re-entrant within a thread; a missing file has nothing to lock.
    """
    real = os.path.realpath(path)
    held: set[str] = getattr(_held, "paths", None) or set()
    _held.paths = held
    if fcntl is None or real in held:
        yield
        return
    fd = _lock_file(real)
    held.add(real)
    try:
        yield
    finally:
        held.discard(real)
        if fd is not None:
            os.close(fd)  # releases the lock


def _lock_file(real: str) -> int | None:
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            return None  # missing or unreadable: nothing to lock; the save says why
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)
                return None
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise SaveError(
                            _(
                                "{path} is being changed by another notice-tui; "
                                "not saved, try again"
                            ).format(path=real)
                        ) from None
                    time.sleep(0.005)
                except OSError:  # a file system without locks
                    return fd
            mine = os.fstat(fd)
            try:
                now = os.stat(real)
            except FileNotFoundError:
                now = None
            if now is not None and (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino):
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # replaced while waiting: lock the file there now
