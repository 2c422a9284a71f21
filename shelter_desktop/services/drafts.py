"""Drafts of forms in progress, autosaved inside the vault and private to their author."""

from __future__ import annotations

import uuid

from shelter_desktop.domain.clients import IntakeDraft
from shelter_desktop.services.session import Session
from shelter_desktop.storage.clients_repo import ClientRepository

INTAKE_DRAFT = "intake"


class DraftService:
    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def _repo(self) -> ClientRepository:
        return ClientRepository(self.session.vault.connection)

    def new(self, kind: str, client_id: str | None = None) -> IntakeDraft:
        return IntakeDraft(id=str(uuid.uuid4()), kind=kind, client_id=client_id, data={})

    def save(self, draft: IntakeDraft) -> None:
        """Durable when it returns (one transaction, synchronous=FULL)."""
        with self.session.write():
            self._repo.save_draft(draft, self.session.account.id)

    def mine(self, kind: str | None = None) -> list[IntakeDraft]:
        return self._repo.drafts(self.session.account.id, kind)

    def get(self, draft_id: str) -> IntakeDraft | None:
        draft = self._repo.draft(draft_id)
        if draft is None:
            return None
        owned = {d.id for d in self._repo.drafts(self.session.account.id)}
        return draft if draft.id in owned else None

    def delete(self, draft_id: str) -> None:
        with self.session.write():
            self._repo.delete_draft(draft_id)
