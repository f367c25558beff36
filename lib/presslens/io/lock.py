"""One writer at a time per output folder: a lock file that names its owner, and stale locks taken over.

`presslens fetch` and `presslens report` each hold a lock on their output folder while they write to it, so that
two runs into one folder are refused with a message naming the folder and the run that holds it, instead of
interleaving their files (two fetches) or mixing the pages of two corpora under one index (two reports).

The lock is a file created with O_EXCL (atomic on local file systems) holding the owner's PID, host and start
time. A lock whose process is no longer running on this host is stale (a run that was killed): it is taken
over with a warning. A lock from another host, or one whose owner cannot be checked, is never taken over.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

LOGGER = logging.getLogger(__name__)
#: A lock file that cannot be read (its owner may be writing it) is taken for stale after this many seconds.
UNREADABLE_LOCK_GRACE = 60.0
_HELD: set[str] = set()  # the lock files this process holds
#: Taking and releasing a lock is one step for the threads of this process: a thread never sees a lock file
#: with this process's id that is not yet (or no longer) in `_HELD`, and mistakes it for a dead run's.
_HELD_GUARD = threading.Lock()


class FolderInUse(RuntimeError):
    """The output folder is locked by another run; the message names the folder, the run and what to do."""


@contextlib.contextmanager
def folder_lock(lock_path: Path, *, folder: Path, command: str) -> Iterator[None]:
    """Hold the lock file `lock_path` on `folder` for `command` ("presslens fetch", ...) while the block runs.

    Raises:
        FolderInUse: when another run holds the lock.
        OSError: when the lock file cannot be written (the folder is not writable).
    """
    with _HELD_GUARD:
        _acquire(lock_path, folder=folder, command=command)
    try:
        yield
    finally:
        with _HELD_GUARD:
            with contextlib.suppress(FileNotFoundError):
                if _owner(lock_path).get("pid") == os.getpid():
                    lock_path.unlink()
            _HELD.discard(str(lock_path))


def _acquire(lock_path: Path, *, folder: Path, command: str) -> None:
    record = {"command": command, "pid": os.getpid(), "host": socket.gethostname(),
              "since": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
    for _ in range(3):
        try:
            descriptor = os.open(lock_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except FileExistsError:
            owner = _owner(lock_path)
            why_stale = _stale(lock_path, owner)
            if why_stale is None:
                raise FolderInUse(_busy_message(lock_path, folder, owner)) from None
            LOGGER.warning("%s: taking over the lock %s (%s)", folder, lock_path, why_stale)
            with contextlib.suppress(FileNotFoundError):
                lock_path.unlink()
            continue
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")
        _HELD.add(str(lock_path))
        return
    raise FolderInUse(_busy_message(lock_path, folder, _owner(lock_path)))


def _owner(lock_path: Path) -> dict[str, object]:
    """What the lock file says about its owner; {} when it cannot be read."""
    try:
        owner = json.loads(lock_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return owner if isinstance(owner, dict) else {}


def _stale(lock_path: Path, owner: dict[str, object]) -> str | None:
    """Why the lock can be taken over, or None when its owner may still be running."""
    pid = owner.get("pid")
    if not isinstance(pid, int) or isinstance(pid, bool):
        try:
            age = time.time() - lock_path.stat().st_mtime
        except FileNotFoundError:
            return "it was just removed"
        return f"it cannot be read and is {age:.0f} s old" if age > UNREADABLE_LOCK_GRACE else None
    if owner.get("host") != socket.gethostname():
        return None  # another machine's process cannot be checked from here
    if pid == os.getpid():
        return None if str(lock_path) in _HELD else "left by an earlier run with this process's id"
    if os.name == "nt":  # os.kill(pid, 0) would end the process there
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return f"process {pid} that held it is no longer running"
    except PermissionError:  # it runs, under another user
        return None
    return None


def _busy_message(lock_path: Path, folder: Path, owner: dict[str, object]) -> str:
    who = owner.get("command", "another run")
    detail = ", ".join(f"{key} {owner[key]}" for key in ("pid", "host", "since") if key in owner) or "owner unknown"
    return (f"output folder {folder} is in use by {who} ({detail}); wait for it to finish or choose another "
            f"folder (if that run is no longer going, delete {lock_path})")
