"""The output-folder lock between threads of one process: exactly one holder, the others told who holds it."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from presslens.io.lock import FolderInUse, folder_lock


def test_threads_racing_for_one_folder_get_one_holder_and_the_rest_a_named_refusal(tmp_path: Path) -> None:
    lock_path = tmp_path / "lock"
    start = threading.Barrier(12)
    held: list[int] = []
    refusals: list[str] = []

    def race(number: int) -> None:
        start.wait()
        try:
            with folder_lock(lock_path, folder=tmp_path, command="presslens fetch"):
                held.append(number)
                time.sleep(0.3)
        except FolderInUse as refusal:
            refusals.append(str(refusal))

    for _ in range(5):
        held.clear()
        refusals.clear()
        threads = [threading.Thread(target=race, args=(number,)) for number in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(held) == 1, f"{len(held)} threads held the lock at once"
        assert len(refusals) == 11
        assert all(f"output folder {tmp_path} is in use by presslens fetch (pid " in text for text in refusals)
        assert not lock_path.exists()
