"""Staff accounts through AccountService: who may manage them, passphrase rules, name rules."""

from __future__ import annotations

import itertools
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shelter_desktop.domain import passphrases, text_rules
from shelter_desktop.domain.accounts import Role
from shelter_desktop.errors import (
    AccountError,
    AuthenticationError,
    PermissionDeniedError,
    ValidationError,
)
from shelter_desktop.services import vault_service
from shelter_desktop.services.accounts import AccountService
from shelter_desktop.services.session import Session
from shelter_desktop.storage.keyslots import SLOTS_NAME
from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER, ORGANISATION, VaultFixture

CASEWORKER = "casey"
INTAKE = "ivan"
STAFF_PASSPHRASE = "violet kettles hum at dawn"
MEGABYTE = "a" * 1_000_000

# Text that tends to break things: controls, bidi, joiners, surrogates, SQL and format characters.
AWKWARD = ["\x00", "\x07", "\u202e", "\u2066", "\u061c", "\u200d", "\u200b", "\ufeff", " ", "\t",
           "\n", "\u3000", "\ud800", "\udfff", "e\u0301", "\u212b", "ﬁ", "🦊", "👩🏽‍⚕️", "Ω", "'",
           '"', ";--", "%", "_", "\\", "{seq}", "ß", "İ", "\U000e0041"]
NAMES = st.lists(st.one_of(st.characters(exclude_categories=()), st.sampled_from(AWKWARD)),
                 max_size=24).map("".join)
FEW = settings(max_examples=30, deadline=None, database=None,
               suppress_health_check=[HealthCheck.too_slow])


def nfc_strip(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


@pytest.fixture
def staffed(vault: VaultFixture) -> VaultFixture:
    vault.add_staff(CASEWORKER, Role.CASEWORKER, STAFF_PASSPHRASE)
    vault.add_staff(INTAKE, Role.INTAKE_WORKER, STAFF_PASSPHRASE)
    return vault


def account_id(session: Session, username: str) -> str:
    account = session.vault.accounts.by_username_key(text_rules.username_key(username))
    assert account is not None
    return account.id


# -- who may manage accounts ----------------------------------------------------------------------


@pytest.mark.parametrize("worker", [CASEWORKER, INTAKE])
@pytest.mark.parametrize("action", ["list", "add", "reset", "deactivate", "reactivate"])
def test_staff_cannot_manage_accounts(staffed: VaultFixture, worker: str, action: str) -> None:
    slots_before = (staffed.folder / SLOTS_NAME).read_bytes()
    session = staffed.unlock(worker, STAFF_PASSPHRASE)
    try:
        other = account_id(session, CASEWORKER if worker == INTAKE else INTAKE)
        accounts_before = session.vault.accounts.all()
        service = AccountService(session)
        calls = {
            "list": service.list_accounts,
            "add": lambda: service.add_account("mallory", "Mallory", Role.ADMINISTRATOR),
            "reset": lambda: service.reset_passphrase(other),
            "deactivate": lambda: service.deactivate(other),
            "reactivate": lambda: service.reactivate(other),
        }
        with pytest.raises(PermissionDeniedError) as refused:
            calls[action]()
        assert "not allowed" in refused.value.user_message()
        assert session.vault.accounts.all() == accounts_before
    finally:
        session.lock()
    assert (staffed.folder / SLOTS_NAME).read_bytes() == slots_before


# -- adding, changing, resetting ------------------------------------------------------------------


def test_new_account_gets_a_one_time_passphrase_it_must_change(admin_session: Session,
                                                                vault: VaultFixture) -> None:
    one_time = AccountService(admin_session).add_account("Renée", "Renée Tremblay",
                                                         Role.CASEWORKER, "fr")
    assert one_time.account.must_change_passphrase
    assert one_time.account.role is Role.CASEWORKER and one_time.account.active
    assert len(one_time.passphrase.split()) == 5
    admin_session.lock()

    staff = vault.unlock("renée", one_time.passphrase)  # user names match without case
    try:
        assert staff.account.must_change_passphrase
        AccountService(staff).change_own_passphrase(one_time.passphrase, STAFF_PASSPHRASE)
        assert not staff.account.must_change_passphrase
    finally:
        staff.lock()
    with pytest.raises(AuthenticationError):
        vault.unlock("Renée", one_time.passphrase)
    again = vault.unlock("Renée", STAFF_PASSPHRASE)
    try:
        assert not again.account.must_change_passphrase
    finally:
        again.lock()


def test_user_names_are_unique_without_case_or_width(admin_session: Session) -> None:
    service = AccountService(admin_session)
    service.add_account("Casey", "", Role.CASEWORKER)
    for taken in ("casey", "CASEY", " Casey ", "Ｃａｓｅｙ"):
        with pytest.raises(ValidationError) as info:
            service.add_account(taken, "", Role.INTAKE_WORKER)
        assert info.value.field == "username"
        assert "already taken" in info.value.user_message()
    assert [a.username for a in service.list_accounts()] == ["Casey", ADMIN_USER]


def test_reset_passphrase_gives_a_new_one_time_passphrase(staffed: VaultFixture) -> None:
    session = staffed.unlock()
    try:
        reset = AccountService(session).reset_passphrase(account_id(session, CASEWORKER))
    finally:
        session.lock()
    assert reset.account.must_change_passphrase
    with pytest.raises(AuthenticationError):
        staffed.unlock(CASEWORKER, STAFF_PASSPHRASE)
    staff = staffed.unlock(CASEWORKER, reset.passphrase)
    try:
        assert staff.account.must_change_passphrase
    finally:
        staff.lock()


def test_reset_of_a_deactivated_account_is_refused(staffed: VaultFixture) -> None:
    session = staffed.unlock()
    try:
        service = AccountService(session)
        target = account_id(session, INTAKE)
        service.deactivate(target)
        with pytest.raises(AccountError):
            service.reset_passphrase(target)
        with pytest.raises(AccountError):
            service.deactivate("no-such-id")
    finally:
        session.lock()
    with pytest.raises(AuthenticationError):
        staffed.unlock(INTAKE, STAFF_PASSPHRASE)


def test_an_administrator_cannot_deactivate_their_own_account(admin_session: Session) -> None:
    service = AccountService(admin_session)
    with pytest.raises(AccountError) as info:
        service.deactivate(admin_session.account.id)
    assert "your own account" in info.value.user_message()
    assert admin_session.vault.accounts.count_active_administrators() == 1
    assert admin_session.vault.has_user_slot(text_rules.username_key(ADMIN_USER))


def test_the_last_administrator_cannot_be_deactivated(vault: VaultFixture) -> None:
    """Reachable only from a session opened before its own account was deactivated."""
    session = vault.unlock()
    try:
        deputy = AccountService(session).add_account("deputy", "Deputy", Role.ADMINISTRATOR)
    finally:
        session.lock()
    deputy_session = vault.unlock("deputy", deputy.passphrase)
    director_session = vault.unlock()
    try:
        AccountService(director_session).deactivate(deputy.account.id)
        with pytest.raises(AccountError) as info:
            AccountService(deputy_session).deactivate(director_session.account.id)
        assert "last administrator" in info.value.user_message()
    finally:
        director_session.lock()
        deputy_session.lock()
    vault.unlock().lock()


# -- passphrase rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(("new", "says"), [
    ("short pass", "at least 12 characters"),
    (MEGABYTE, "too long"),
    ("a" * 1025, "too long"),
    ("twelve chars\x00plus", "control character"),
    ("surrogate \ud800 inside", "cannot be used"),
    ("password1234", "attackers try first"),
    ("PASSWORD1234", "attackers try first"),
    ("i am the director of this place", "user name"),
    ("maison refuge canari rocks", "organisation"),
], ids=["short", "megabyte", "1025", "nul", "surrogate", "common", "common-upper", "username",
        "organisation"])
def test_passphrase_rules(admin_session: Session, vault: VaultFixture, new: str,
                          says: str) -> None:
    slots_before = (vault.folder / SLOTS_NAME).read_bytes()
    with pytest.raises(ValidationError) as info:
        AccountService(admin_session).change_own_passphrase(ADMIN_PASSPHRASE, new)
    assert info.value.field == "passphrase"
    assert says in info.value.user_message()
    assert (vault.folder / SLOTS_NAME).read_bytes() == slots_before
    with pytest.raises(ValidationError) as direct:
        passphrases.check_passphrase(new, username=ADMIN_USER, organisation=ORGANISATION)
    assert direct.value.user_message() == info.value.user_message()


def test_passphrase_rules_accept_long_unicode_passphrases() -> None:
    for good in ("violet kettles hum at dawn", "ᓀᐦᐃᔭᐍᐏᐣ ᐊᒋᒧᓯᐢ ᒥᔪᐋᐧᐸᐏᐣ", "пароль из пяти слов тут",
                 "x" * 1024, "🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊🦊"):
        assert passphrases.check_passphrase(good, username=ADMIN_USER) == \
            unicodedata.normalize("NFKC", good)


def test_change_needs_the_right_current_passphrase(admin_session: Session) -> None:
    service = AccountService(admin_session)
    with pytest.raises(ValidationError) as wrong:
        service.change_own_passphrase("not my passphrase at all", STAFF_PASSPHRASE)
    assert wrong.value.field == "current_passphrase"
    with pytest.raises(ValidationError) as same:
        service.change_own_passphrase(ADMIN_PASSPHRASE, ADMIN_PASSPHRASE)
    assert "different" in same.value.user_message()


# -- name rules -----------------------------------------------------------------------------------


BAD_NAMES = {
    "nul": "Ann\x00e",
    "bidi-override": "admin\u202etxt.exe",
    "bidi-isolate": "\u2067Ann",
    "arabic-letter-mark": "Ann\u061c",
    "megabyte": MEGABYTE,
    "lone-surrogate": "Ann\ud800",
    "low-surrogate": "\udfffAnn",
    "empty": "   ",
    "bell": "Ann\x07",
}


@pytest.mark.parametrize("case", sorted(BAD_NAMES))
@pytest.mark.parametrize("field", ["username", "display_name"])
def test_bad_account_names_are_refused(admin_session: Session, case: str, field: str) -> None:
    service = AccountService(admin_session)
    before = service.list_accounts()
    arguments = {"username": "newperson", "display_name": "New Person"}
    arguments[field] = BAD_NAMES[case]
    with pytest.raises(ValidationError) as info:
        service.add_account(arguments["username"], arguments["display_name"], Role.CASEWORKER)
    assert info.value.field == field
    assert info.value.user_message()
    assert service.list_accounts() == before


@pytest.mark.parametrize("case", sorted(BAD_NAMES))
def test_bad_organisation_names_are_refused(data_dir: Path, case: str) -> None:
    admin = vault_service.NewAdministrator(ADMIN_USER, "Director", ADMIN_PASSPHRASE)
    with pytest.raises(ValidationError) as info:
        vault_service.set_up_vault(data_dir, BAD_NAMES[case], admin)
    assert info.value.field == "organisation"
    assert info.value.user_message()
    assert not data_dir.exists() or not any(data_dir.iterdir())


def test_user_names_with_spaces_are_refused(admin_session: Session) -> None:
    with pytest.raises(ValidationError) as info:
        AccountService(admin_session).add_account("ann marie", "", Role.CASEWORKER)
    assert "spaces" in info.value.user_message()


def test_emoji_and_scripts_are_accepted_in_names(data_dir: Path) -> None:
    organisation = "Maison 🏠 Refuge — ᐊᓂᔑᓈᐯ Shelter"
    admin = vault_service.NewAdministrator("مدير", "👩🏽‍⚕️ Dr. Zoë Ng", ADMIN_PASSPHRASE)
    session, _code = vault_service.set_up_vault(data_dir, organisation, admin)
    try:
        added = AccountService(session).add_account("José🦊", "José 🦊 Pérez", Role.CASEWORKER)
        assert added.account.username == "José🦊"
        assert added.account.display_name == "José 🦊 Pérez"
        assert session.account.display_name == "👩🏽‍⚕️ Dr. Zoë Ng"
    finally:
        session.lock()
    session = vault_service.unlock(data_dir, "مدير", ADMIN_PASSPHRASE)
    try:
        assert vault_service.organisation_name(session) == organisation
    finally:
        session.lock()


# -- property: any text is stored exactly or refused ----------------------------------------------


@dataclass
class SharedVault:
    folder: Path
    session: Session


@pytest.fixture(scope="module")
def shared_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SharedVault]:
    folder = tmp_path_factory.mktemp("shared") / "data"
    admin = vault_service.NewAdministrator(ADMIN_USER, "Director", ADMIN_PASSPHRASE)
    session, _code = vault_service.set_up_vault(folder, ORGANISATION, admin)
    yield SharedVault(folder, session)
    session.lock()


@settings(max_examples=300, deadline=None, database=None)
@given(text=NAMES)
def test_clean_functions_return_normalised_text_or_refuse(text: str) -> None:
    for clean, limit in ((text_rules.clean_username, text_rules.USERNAME_MAX),
                         (text_rules.clean_display_name, text_rules.DISPLAY_NAME_MAX),
                         (text_rules.clean_organisation_name, text_rules.ORGANISATION_MAX)):
        try:
            value = clean(text)
        except ValidationError as exc:
            assert exc.user_message()
            continue
        assert value == nfc_strip(text)
        assert 0 < len(value) <= limit
        assert not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in value)
        assert not set(value) & text_rules.BIDI_CONTROLS


@FEW
@given(text=NAMES)
def test_any_user_name_round_trips_or_is_refused(shared_vault: SharedVault, text: str) -> None:
    session = shared_vault.session
    try:
        expected: str | None = text_rules.clean_username(text)
    except ValidationError:
        expected = None
    try:
        added = AccountService(session).add_account(text, "Display", Role.CASEWORKER)
    except ValidationError as exc:
        assert exc.user_message()
        if expected is not None:  # a valid name can only be refused because it is taken
            assert exc.field == "username"
            assert session.vault.accounts.by_username_key(text_rules.username_key(expected))
        return
    assert expected is not None
    assert added.account.username == expected == nfc_strip(text)
    stored = session.vault.accounts.get(added.account.id)
    assert stored is not None and stored.username == expected
    # The person can unlock by typing the name as it was given.
    vault_service.unlock(shared_vault.folder, text, added.passphrase).lock()


_vault_numbers = itertools.count()


@FEW
@given(text=NAMES)
def test_any_organisation_name_round_trips_or_is_refused(
        tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    folder = tmp_path_factory.getbasetemp() / f"org-{next(_vault_numbers)}"
    try:
        expected: str | None = text_rules.clean_organisation_name(text)
    except ValidationError:
        expected = None
    admin = vault_service.NewAdministrator(ADMIN_USER, "Director", ADMIN_PASSPHRASE)
    try:
        session, _code = vault_service.set_up_vault(folder, text, admin)
    except ValidationError as exc:
        assert exc.user_message()
        assert not folder.exists()
        if exc.field == "organisation":
            assert expected is None
        else:  # the administrator's passphrase contains this (short) organisation name
            assert exc.field == "passphrase" and expected is not None
            assert passphrases.normalise(expected).casefold() in ADMIN_PASSPHRASE.casefold()
        return
    try:
        assert vault_service.organisation_name(session) == expected == nfc_strip(text)
    finally:
        session.lock()
    session = vault_service.unlock(folder, ADMIN_USER, ADMIN_PASSPHRASE)
    try:
        assert vault_service.organisation_name(session) == expected
    finally:
        session.lock()
    shutil.rmtree(folder)
