"""Child process for test_draft_kill: autosaves one intake draft over and over.

Usage: ``python draft_autosave_child.py DATA_DIR USER PASSPHRASE DRAFT_ID``. Unlocks, reads the
draft's counter (0 when there is no draft yet), prints ``READY``, then for n = counter+1,
counter+2, … saves the draft with :func:`payload` ``(n)`` through DraftService and prints
``saved n`` (flushed) once ``save`` has returned. It runs until it is killed. Plain Python: no Qt.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("SHELTER_DESKTOP_KDF", "fast")

from shelter_desktop.domain.clients import IntakeDraft  # noqa: E402
from shelter_desktop.services import vault_service  # noqa: E402
from shelter_desktop.services.drafts import INTAKE_DRAFT, DraftService  # noqa: E402
from shelter_desktop.storage.lockfile import DataFolderLock  # noqa: E402

FIELDS = 20
# Several scripts, marks, joiners and bidi controls; about 10 KB of UTF-8 per draft, so one save
# spans several database pages.
_TEXT = ("Зоя Іваненко · 王芳 · 김민준 · \u200fفاطمة الزهراء\u200f · ਹਰਪ੍ਰੀਤ ਕੌਰ · ᓀᐦᐃᔭᐍᐏᐣ · "
         "Zoë 👩🏽\u200d⚕️ · می\u200cخواهم · ")


def payload(number: int) -> dict[str, object]:
    """The draft as saved for ``number``: every field says which save it belongs to."""
    data: dict[str, object] = {"counter": number}
    for index in range(FIELDS):
        data[f"field_{index:02d}"] = f"{number}:{index} " + _TEXT * 2
    return data


def main(folder: Path, user: str, passphrase: str, draft_id: str) -> None:
    lock = DataFolderLock(folder)
    lock.acquire()  # as the app does: the parent must not hold the vault open
    session = vault_service.unlock(folder, user, passphrase)
    drafts = DraftService(session)
    existing = drafts.get(draft_id)
    number = int(existing.data["counter"]) if existing else 0  # type: ignore[call-overload]
    draft = IntakeDraft(id=draft_id, kind=INTAKE_DRAFT, client_id=None)
    print("READY", flush=True)
    while True:
        number += 1
        draft.data = payload(number)
        drafts.save(draft)
        print(f"saved {number}", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4])
