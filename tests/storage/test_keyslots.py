"""The key-slot file: atomic replacement, tamper detection, and slots that really go away."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest

from shelter_desktop.domain.accounts import Role
from shelter_desktop.domain.text_rules import username_key
from shelter_desktop.errors import AuthenticationError, VaultDamagedError
from shelter_desktop.services.accounts import AccountService
from shelter_desktop.storage.keyslots import (
    PREVIOUS_SLOTS_NAME,
    RECOVERY_SLOT_ID,
    SLOTS_NAME,
    KeySlotFile,
    KeySlotStore,
)
from shelter_desktop.storage.vault import Vault
from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER, VaultFixture

STAFF = "casey"
STAFF_PASSPHRASE = "violet kettles hum at dawn"


def read_document(path: Path) -> dict:
    return json.loads(path.read_text(encoding="ascii"))


def write_document(path: Path, document: dict) -> None:
    path.write_text(json.dumps(document, indent=1, sort_keys=True), encoding="ascii")


def slot_entry(document: dict, slot_id: str) -> dict:
    return next(slot for slot in document["slots"] if slot["id"] == slot_id)


def admin_slot_id(folder: Path) -> str:
    return KeySlotStore(folder).load().user_slot_id(username_key(ADMIN_USER))


def flip_base64_byte(text: str, index: int = 0) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[index] ^= 0x01
    return base64.b64encode(bytes(raw)).decode("ascii")


def opens(folder: Path, user: str, passphrase: str) -> bool:
    try:
        Vault.open_with_passphrase(folder, username_key(user), passphrase).close()
    except AuthenticationError:
        return False
    return True


def temp_files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if ".tmp-" in path.name)


# -- atomic saves ---------------------------------------------------------------------------------


def test_save_leaves_two_identical_readable_copies_and_no_temp_files(vault: VaultFixture) -> None:
    store = KeySlotStore(vault.folder)
    current = (vault.folder / SLOTS_NAME).read_bytes()
    assert (vault.folder / PREVIOUS_SLOTS_NAME).read_bytes() == current
    slots = store.load()
    assert set(slots.slots) == {RECOVERY_SLOT_ID, admin_slot_id(vault.folder)}
    # No staff names in the file: slots are found by a keyed hash of the user name.
    assert ADMIN_USER.encode() not in current
    slots.slots.pop(RECOVERY_SLOT_ID)
    store.save(slots)
    saved = (vault.folder / SLOTS_NAME).read_bytes()
    assert saved != current
    assert (vault.folder / PREVIOUS_SLOTS_NAME).read_bytes() == saved
    assert set(store.load().slots) == {admin_slot_id(vault.folder)}
    assert temp_files(vault.folder) == []


def test_changing_one_slot_leaves_the_others_exactly_as_they_were(vault: VaultFixture) -> None:
    before = read_document(vault.folder / SLOTS_NAME)
    vault.add_staff(STAFF, Role.CASEWORKER, STAFF_PASSPHRASE)
    after = read_document(vault.folder / SLOTS_NAME)
    for slot_id in (RECOVERY_SLOT_ID, admin_slot_id(vault.folder)):
        assert slot_entry(after, slot_id) == slot_entry(before, slot_id)
    assert after["lookup_salt"] == before["lookup_salt"]
    assert len(after["slots"]) == 3


def test_a_failed_replace_keeps_the_old_file(vault: VaultFixture,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash just before the rename: the old passphrase still opens, the new one does not."""
    before = (vault.folder / SLOTS_NAME).read_bytes()
    real_replace = os.replace

    def replace(source: os.PathLike[str], target: os.PathLike[str]) -> None:
        if Path(target).name == SLOTS_NAME:
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    opened = Vault.open_with_passphrase(vault.folder, username_key(ADMIN_USER), ADMIN_PASSPHRASE)
    try:
        monkeypatch.setattr(os, "replace", replace)
        with pytest.raises(OSError):
            opened.set_user_slot(username_key(ADMIN_USER), "the passphrase that never landed")
        monkeypatch.undo()
    finally:
        opened.close()
    assert (vault.folder / SLOTS_NAME).read_bytes() == before
    assert (vault.folder / PREVIOUS_SLOTS_NAME).read_bytes() == before
    assert opens(vault.folder, ADMIN_USER, ADMIN_PASSPHRASE)
    assert not opens(vault.folder, ADMIN_USER, "the passphrase that never landed")


def test_a_damaged_current_file_never_overwrites_the_good_previous_copy(
        vault: VaultFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    good = (vault.folder / PREVIOUS_SLOTS_NAME).read_bytes()
    opened = Vault.open_with_passphrase(vault.folder, username_key(ADMIN_USER), ADMIN_PASSPHRASE)
    (vault.folder / SLOTS_NAME).write_bytes(b"{ half a file")
    real_replace = os.replace

    def replace(source: os.PathLike[str], target: os.PathLike[str]) -> None:
        if Path(target).name == SLOTS_NAME:
            raise OSError(5, "Input/output error")
        real_replace(source, target)

    try:
        monkeypatch.setattr(os, "replace", replace)
        with pytest.raises(OSError):
            opened.set_user_slot(username_key(ADMIN_USER), "the passphrase that never landed")
        monkeypatch.undo()
    finally:
        opened.close()
    assert (vault.folder / PREVIOUS_SLOTS_NAME).read_bytes() == good
    assert opens(vault.folder, ADMIN_USER, ADMIN_PASSPHRASE)


def test_a_half_written_temp_file_is_ignored(vault: VaultFixture) -> None:
    (vault.folder / f".{SLOTS_NAME}.tmp-99999").write_bytes(b'{"format": 1, "slo')
    assert opens(vault.folder, ADMIN_USER, ADMIN_PASSPHRASE)


def test_temp_files_left_by_a_killed_write_go_at_the_next_save(vault: VaultFixture) -> None:
    """They hold the old slots: the old passphrase must not keep working through them."""
    old_slots = (vault.folder / SLOTS_NAME).read_bytes()
    left = [vault.folder / f".{SLOTS_NAME}.tmp-99998",
            vault.folder / f".{PREVIOUS_SLOTS_NAME}.tmp-99999"]
    for path in left:
        path.write_bytes(old_slots)
    session = vault.unlock()
    try:
        AccountService(session).change_own_passphrase(ADMIN_PASSPHRASE, "copper lanterns at noon")
    finally:
        session.lock()
    assert temp_files(vault.folder) == []
    assert not opens(vault.folder, ADMIN_USER, ADMIN_PASSPHRASE)


# -- tampering ------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["wrapped_key", "nonce", "salt"])
def test_a_flipped_byte_in_a_slot_means_no_unlock(vault: VaultFixture, field: str) -> None:
    path = vault.folder / SLOTS_NAME
    document = read_document(path)
    entry = slot_entry(document, admin_slot_id(vault.folder))
    entry[field] = flip_base64_byte(entry[field], index=3)
    write_document(path, document)
    with pytest.raises(AuthenticationError):
        vault.unlock()
    with pytest.raises(AuthenticationError):
        Vault.open_with_passphrase(vault.folder, username_key(ADMIN_USER), ADMIN_PASSPHRASE)


def test_a_slot_copied_to_another_account_does_not_open(vault: VaultFixture) -> None:
    """The slot id is bound into the encryption: moving a slot to another name does not work."""
    vault.add_staff(STAFF, Role.CASEWORKER, STAFF_PASSPHRASE)
    path = vault.folder / SLOTS_NAME
    document = read_document(path)
    staff_id = KeySlotStore(vault.folder).load().user_slot_id(username_key(STAFF))
    staff_entry = slot_entry(document, staff_id)
    admin_entry = slot_entry(document, admin_slot_id(vault.folder))
    staff_entry.update({key: admin_entry[key] for key in ("salt", "nonce", "wrapped_key")})
    write_document(path, document)
    assert not opens(vault.folder, STAFF, ADMIN_PASSPHRASE)
    assert opens(vault.folder, ADMIN_USER, ADMIN_PASSPHRASE)


def test_garbage_current_file_falls_back_to_previous(vault: VaultFixture) -> None:
    (vault.folder / SLOTS_NAME).write_bytes(b"\x00\xff not json at all")
    session = vault.unlock()
    session.lock()


@pytest.mark.parametrize("garbage", [b"", b"[]", b'{"format": 1}', b'{"format": 2, "slots": []}',
                                     b"\xff\xfe{}", b'{"format": 1, "lookup_salt": "!!", '
                                     b'"slots": []}'])
def test_both_files_garbage_is_damaged(vault: VaultFixture, garbage: bytes) -> None:
    (vault.folder / SLOTS_NAME).write_bytes(garbage)
    (vault.folder / PREVIOUS_SLOTS_NAME).write_bytes(garbage)
    with pytest.raises(VaultDamagedError):
        vault.unlock()
    with pytest.raises(VaultDamagedError):
        KeySlotStore(vault.folder).load()


def test_slot_file_parser_refuses_rather_than_crashes() -> None:
    for data in (b"null", b"1", b'{"format": 1, "lookup_salt": "AAAA", "slots": [1]}',
                 b'{"format": 1, "lookup_salt": "AAAA", "slots": [{"id": "x", "kdf": '
                 b'{"name": "scrypt"}, "salt": "", "nonce": "", "wrapped_key": ""}]}'):
        with pytest.raises(VaultDamagedError):
            KeySlotFile.from_bytes(data)


# -- slots that go away ---------------------------------------------------------------------------


def test_deactivated_account_no_longer_opens_the_vault(vault: VaultFixture) -> None:
    vault.add_staff(STAFF, Role.CASEWORKER, STAFF_PASSPHRASE)
    assert opens(vault.folder, STAFF, STAFF_PASSPHRASE)
    session = vault.unlock()
    try:
        service = AccountService(session)
        staff = next(a for a in service.list_accounts() if a.username == STAFF)
        service.deactivate(staff.id)
        assert not session.vault.has_user_slot(username_key(STAFF))
    finally:
        session.lock()
    with pytest.raises(AuthenticationError):
        vault.unlock(STAFF, STAFF_PASSPHRASE)
    assert not opens(vault.folder, STAFF, STAFF_PASSPHRASE)
    # Not through the previous copy either.
    (vault.folder / SLOTS_NAME).unlink()
    assert not opens(vault.folder, STAFF, STAFF_PASSPHRASE)
    assert opens(vault.folder, ADMIN_USER, ADMIN_PASSPHRASE)


def test_changed_passphrase_does_not_keep_working_through_previous_copy(
        vault: VaultFixture) -> None:
    session = vault.unlock()
    try:
        AccountService(session).change_own_passphrase(ADMIN_PASSPHRASE, "copper lanterns at noon")
    finally:
        session.lock()
    for remove in (None, SLOTS_NAME):
        if remove:
            (vault.folder / remove).unlink()
        assert not opens(vault.folder, ADMIN_USER, ADMIN_PASSPHRASE)
        assert opens(vault.folder, ADMIN_USER, "copper lanterns at noon")


def test_reactivated_account_gets_a_new_one_time_passphrase(vault: VaultFixture) -> None:
    vault.add_staff(STAFF, Role.INTAKE_WORKER, STAFF_PASSPHRASE)
    session = vault.unlock()
    try:
        service = AccountService(session)
        staff = next(a for a in service.list_accounts() if a.username == STAFF)
        service.deactivate(staff.id)
        again = service.reactivate(staff.id)
    finally:
        session.lock()
    assert again.account.active and again.account.must_change_passphrase
    assert not opens(vault.folder, STAFF, STAFF_PASSPHRASE)
    vault.unlock(STAFF, again.passphrase).lock()
