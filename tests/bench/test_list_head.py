"""``list_head`` (what the client list runs per keystroke since the search benchmark) returns
what ``list_ids`` returns: the same count, the same first ids, in the same order, for every
query, filter and sort; and the lazy model shows the same rows as the full id list would.

Both of its ways of finding the first page are exercised: starting from the matches (few) and
walking the list in name order (many), by lowering the threshold between them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from shelter_desktop.domain.clients import ClientStatus
from shelter_desktop.services.clients import ClientService
from shelter_desktop.services.demo_data import DemoDataService
from shelter_desktop.services.session import Session
from shelter_desktop.storage import clients_repo
from shelter_desktop.storage.clients_repo import ListFilter

QUERIES = ("", "a", "m", "ma", "mar", "zoe", "王", "о", "ਕ", "محمد", "li wang", "!!", "e a")
FILTERS = (ListFilter(), ListFilter(status=None), ListFilter(status=ClientStatus.CLOSED),
           ListFilter(with_dependants=True), ListFilter(with_alerts=True))
SORTS = (("name", False), ("name", True), ("updated", True), ("entry", False))


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    from shelter_desktop.services import vault_service
    from tests.conftest import ADMIN_PASSPHRASE, ADMIN_USER, ORGANISATION

    folder = tmp_path_factory.mktemp("list-head") / "data"
    admin = vault_service.NewAdministrator(ADMIN_USER, "Director", ADMIN_PASSPHRASE)
    session, _code = vault_service.set_up_vault(folder, ORGANISATION, admin)
    DemoDataService(session).add_clients(400, seed=11, today=dt.date(2025, 6, 1))
    yield session
    session.lock()


@pytest.mark.parametrize("few", [1000, 3])
def test_list_head_is_the_start_of_list_ids(demo_vault: Session, few: int,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clients_repo, "_FEW_MATCHES", few)
    service = ClientService(demo_vault)
    checked = 0
    for query in QUERIES:
        for list_filter in FILTERS:
            for sort, descending in SORTS:
                ids = service.list_ids(query, list_filter, sort, descending)
                total, head = service.list_head(query, list_filter, sort, descending, limit=7)
                assert total == len(ids), (query, list_filter, sort)
                assert head == ids[:len(head)], (query, list_filter, sort)
                assert len(head) == total or len(head) == min(7, total)
                checked += total
    assert checked > 1000  # the queries do match clients


def test_the_lazy_model_shows_every_id_in_order(qapp: object, demo_vault: Session,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from shelter_desktop.ui.clients.list_model import ClientListModel

    monkeypatch.setattr(clients_repo, "_FEW_MATCHES", 3)  # else a small vault is listed whole
    service = ClientService(demo_vault)
    model = ClientListModel(service)
    model.PAGE_SIZE = 10
    for query in ("", "a", "mar"):
        model.set_query(query)
        ids = service.list_ids(query)
        assert model.rowCount() == len(ids) > model.PAGE_SIZE
        assert len(model.ids) < len(ids)  # only the first page so far
        assert model.row_of(ids[-1]) == len(ids) - 1  # fetches the rest
        assert [model.client_id(row) for row in range(model.rowCount())] == ids
        model.set_query(query)
        assert model.summary(len(ids) - 1) is not None  # scrolling to the end fetches the rest
        assert model.client_id(len(ids) - 1) == ids[-1]
    model.set_query("zzzz-nobody")
    assert model.rowCount() == 0 and model.client_id(0) is None and model.row_of(ids[0]) == -1


def test_a_vault_that_changed_since_the_count_is_queried_again(
        qapp: object, demo_vault: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QApplication

    from shelter_desktop.ui.clients.list_model import ClientListModel
    from tests.ui.client_factory import add_client

    monkeypatch.setattr(clients_repo, "_FEW_MATCHES", 3)
    service = ClientService(demo_vault)
    model = ClientListModel(service)
    model.PAGE_SIZE = 10
    model.set_query("mar")
    total = model.rowCount()
    assert len(model.ids) == 10 < total
    client_id = add_client(demo_vault, "Mara Newcomer")  # after the count, before scrolling
    model.client_id(total - 1)  # scrolling down fetches the other ids: one more than counted
    assert model.rowCount() == total  # rows keep their number until the list is queried again
    QApplication.processEvents()  # which happens right after
    assert model.rowCount() == total + 1
    assert model.row_of(client_id) >= 0
