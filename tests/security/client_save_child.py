"""Child process for test_save_kill_loop: creates and updates client records until it is killed.

Usage: ``python client_save_child.py DATA_DIR USER PASSPHRASE SEED``. Takes the data-folder lock,
unlocks, prints ``READY``, then saves forever through ClientService: a new record from a first
contact, or a change to a few answers of a record made in this run or an earlier one. Before each
save it prints ``BEGIN <id or new> <digest>`` and once the save has returned (committed)
``DONE <id> <digest>``, each line flushed, where the digest is :func:`record_digest` of every
answer the record then holds (restricted ones included). Plain Python: no Qt.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("SHELTER_DESKTOP_KDF", "fast")

from shelter_desktop.domain.answers import Answer, Answers, answers_to_json  # noqa: E402
from shelter_desktop.services import vault_service  # noqa: E402
from shelter_desktop.services.clients import ClientService, ListFilter  # noqa: E402
from shelter_desktop.storage.lockfile import DataFolderLock  # noqa: E402

# Words from many scripts, with marks, joiners, bidi controls and characters beyond the BMP.
WORDS = ("Зоя", "Іваненко", "王芳", "𠀋", "김민준", "\u200fفاطمة\u200f", "الزهراء", "ਹਰਪ੍ਰੀਤ",
         "ਕੌਰ", "ᓀᐦᐃᔭᐍᐏᐣ", "Zoë", "Zoe\u0308", "👩🏽\u200d⚕️", "می\u200cخواهم", "สมชาย",
         "\u2067מרים\u2069", "हिन्दी", "Nguyễn", "O'Brien", "\"quoted\"", "50%_off;--", "ß")
# Open and restricted text answers a save may change (name_to_use is required and never blank).
CHANGEABLE = ("name_to_use", "aliases", "safe_times", "code_word", "contact_message",
              "legal_name", "narrative_note")
LIMITS = {"name_to_use": 200, "aliases": 500, "safe_times": 200, "code_word": 100,
          "contact_message": 300, "legal_name": 200, "narrative_note": 20000}


def record_digest(answers: Answers) -> str:
    """A digest of every answer of a record as stored (declined and unknown answers included)."""
    text = json.dumps(answers_to_json(answers), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def words(rng: random.Random, count: int, limit: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))[:limit].strip() or "Zoë"


def text_for(rng: random.Random, key: str, serial: int) -> str:
    if key == "narrative_note":  # several pages' worth now and then, with line breaks
        lines = [f"{serial}: " + words(rng, rng.randint(3, 40), 400)
                 for _ in range(rng.choice((1, 3, 30)))]
        return "\n".join(lines)[:LIMITS[key]]
    return f"{serial} " + words(rng, rng.randint(1, 8), LIMITS[key] - 12)


def first_contact(rng: random.Random, serial: int) -> Answers:
    answers: Answers = {
        "name_quality": Answer.of("partial"), "spoken_languages": Answer.of("Українська, عربي"),
        "reading_language": Answer.of("uk"), "interpreter_used": Answer.of("no"),
        "contact_channels": Answer.of(["text"]), "may_name_organisation": Answer.of("no"),
        "consent_collect": Answer.of("given"), "confidentiality_explained": Answer.of("yes"),
        "name_to_use": Answer.of(text_for(rng, "name_to_use", serial)),
    }
    for key in rng.sample(CHANGEABLE[1:], rng.randint(0, len(CHANGEABLE) - 1)):
        answers[key] = Answer.of(text_for(rng, key, serial))
    return answers


def changes(rng: random.Random, serial: int) -> Answers:
    changed: Answers = {}
    for key in rng.sample(CHANGEABLE, rng.randint(1, 3)):
        if key != "name_to_use" and rng.random() < 0.15:
            changed[key] = Answer.declined()
        else:
            changed[key] = Answer.of(text_for(rng, key, serial))
    return changed


def say(line: str) -> None:
    print(line, flush=True)


def main(folder: Path, user: str, passphrase: str, seed: int) -> None:
    rng = random.Random(seed)
    lock = DataFolderLock(folder)
    lock.acquire()  # as the app does: the parent must not hold the vault open
    session = vault_service.unlock(folder, user, passphrase)
    service = ClientService(session)
    known = service.list_ids(list_filter=ListFilter(status=None))
    held: dict[str, Answers] = {}  # what this run knows each record holds
    say("READY")
    serial = seed % 100_000 * 1_000
    while True:
        serial += 1
        if known and rng.random() < 0.5:
            client_id = rng.choice(known)
            if client_id not in held:
                held[client_id] = {**service.open(client_id).answers,
                                   **service.reveal_restricted(client_id)}
            change = changes(rng, serial)
            after = {**held[client_id], **change}
            say(f"BEGIN {client_id} {record_digest(after)}")
            service.update_answers(client_id, change)
        else:
            after = first_contact(rng, serial)
            say(f"BEGIN new {record_digest(after)}")
            client_id = service.create_from_first_contact(after)
            known.append(client_id)
        held[client_id] = after
        say(f"DONE {client_id} {record_digest(after)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]))
