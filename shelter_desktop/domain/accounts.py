"""Staff accounts, roles and the one permission table the services check."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from shelter_desktop.i18n import N_


class Role(enum.StrEnum):
    ADMINISTRATOR = "administrator"
    CASEWORKER = "caseworker"
    INTAKE_WORKER = "intake_worker"

    @property
    def label(self) -> str:
        """Untranslated label; translate with ``_()`` where shown."""
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMINISTRATOR: N_("Administrator"),
    Role.CASEWORKER: N_("Caseworker"),
    Role.INTAKE_WORKER: N_("Intake worker"),
}


class Permission(enum.StrEnum):
    LIST_CLIENTS = "list_clients"
    SEARCH_CLIENTS = "search_clients"
    VIEW_CLIENT = "view_client"
    EDIT_INTAKE = "edit_intake"
    REVEAL_RESTRICTED = "reveal_restricted"
    VIEW_HISTORY = "view_history"
    CLOSE_CLIENT = "close_client"
    ASSESS = "assess"
    VIEW_REPORTS = "view_reports"
    EDIT_PLAN = "edit_plan"
    PRINT_CLIENT = "print_client"
    EXPORT_CLIENTS = "export_clients"
    IMPORT_CLIENTS = "import_clients"
    MANAGE_ACCOUNTS = "manage_accounts"
    VIEW_AUDIT = "view_audit"
    CHANGE_SETTINGS = "change_settings"
    BACKUP = "backup"
    PURGE = "purge"


# The single permission table (security.md "Need to know"). Services check it; the UI only uses it
# to decide what to show, which is never a permission check on its own.
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMINISTRATOR: frozenset(Permission),
    Role.CASEWORKER: frozenset(
        {
            Permission.LIST_CLIENTS,
            Permission.SEARCH_CLIENTS,
            Permission.VIEW_CLIENT,
            Permission.EDIT_INTAKE,
            Permission.REVEAL_RESTRICTED,
            Permission.VIEW_HISTORY,
            Permission.CLOSE_CLIENT,
            Permission.ASSESS,
            Permission.EDIT_PLAN,
            Permission.PRINT_CLIENT,
        }
    ),
    Role.INTAKE_WORKER: frozenset(
        {
            Permission.LIST_CLIENTS,
            Permission.SEARCH_CLIENTS,
            Permission.VIEW_CLIENT,
            Permission.EDIT_INTAKE,
        }
    ),
}


def role_allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


@dataclass(frozen=True)
class Account:
    """A staff account as stored inside the vault (the slot file holds only wrapped keys)."""

    id: str
    username: str
    display_name: str
    role: Role
    active: bool
    must_change_passphrase: bool
    language: str
    created_at: dt.datetime
    updated_at: dt.datetime
    revision: int = 1

    def can(self, permission: Permission) -> bool:
        return self.active and role_allows(self.role, permission)
