"""Audit entries: who, when, which action, which record id. Never field contents."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from dataclasses import dataclass

from shelter_desktop.i18n import N_

GENESIS_HASH = "0" * 64


class AuditAction(enum.StrEnum):
    VAULT_CREATED = "vault.created"
    UNLOCK = "session.unlock"
    UNLOCK_FAILED = "session.unlock_failed"
    UNLOCK_RECOVERY = "session.unlock_recovery"
    LOCK = "session.lock"
    ACCOUNT_CREATED = "account.created"
    ACCOUNT_DEACTIVATED = "account.deactivated"
    ACCOUNT_REACTIVATED = "account.reactivated"
    PASSPHRASE_RESET = "account.passphrase_reset"
    PASSPHRASE_CHANGED = "account.passphrase_changed"
    LANGUAGE_CHANGED = "account.language_changed"
    SETTING_CHANGED = "settings.changed"
    AUDIT_VIEWED = "audit.viewed"
    AUDIT_VERIFIED = "audit.verified"
    MIGRATED = "vault.migrated"
    CLIENT_CREATED = "client.created"
    CLIENT_VIEWED = "client.viewed"
    CLIENT_UPDATED = "client.updated"
    CLIENT_CLOSED = "client.closed"
    CLIENT_REOPENED = "client.reopened"
    RESTRICTED_REVEALED = "client.restricted_revealed"
    HISTORY_VIEWED = "client.history_viewed"
    CLIENTS_LISTED = "clients.listed"
    CLIENTS_IMPORTED = "clients.imported"
    CLIENTS_EXPORTED = "clients.exported"
    DEMO_DATA = "clients.demo_data"
    ASSESSMENT_COMPLETED = "assessment.completed"
    ASSESSMENTS_VIEWED = "assessment.viewed"
    REPORT_VIEWED = "report.viewed"
    PLAN_CREATED = "plan.created"
    PLAN_CHANGED = "plan.changed"
    PLAN_ACKNOWLEDGED = "plan.acknowledged"
    PLAN_VIEWED = "plan.viewed"
    PLAN_PRINTED = "plan.printed"
    BACKUP_CREATED = "backup.created"
    BACKUP_RESTORED = "backup.restored"
    RECORDS_PURGED = "records.purged"
    PURGE_LISTED = "records.purge_listed"
    INTERPRETER_MODE_ON = "interpreter.mode_on"
    INTERPRETER_MODE_OFF = "interpreter.mode_off"


ACTION_LABELS: dict[str, str] = {
    AuditAction.VAULT_CREATED: N_("Vault created"),
    AuditAction.UNLOCK: N_("Unlocked"),
    AuditAction.UNLOCK_FAILED: N_("Failed unlock attempt"),
    AuditAction.UNLOCK_RECOVERY: N_("Unlocked with the recovery code"),
    AuditAction.LOCK: N_("Locked"),
    AuditAction.ACCOUNT_CREATED: N_("Account created"),
    AuditAction.ACCOUNT_DEACTIVATED: N_("Account deactivated"),
    AuditAction.ACCOUNT_REACTIVATED: N_("Account reactivated"),
    AuditAction.PASSPHRASE_RESET: N_("Passphrase reset by an administrator"),
    AuditAction.PASSPHRASE_CHANGED: N_("Passphrase changed"),
    AuditAction.LANGUAGE_CHANGED: N_("Interface language changed"),
    AuditAction.SETTING_CHANGED: N_("Setting changed"),
    AuditAction.AUDIT_VIEWED: N_("Audit log viewed"),
    AuditAction.AUDIT_VERIFIED: N_("Audit log verified"),
    AuditAction.MIGRATED: N_("Vault upgraded"),
    AuditAction.CLIENT_CREATED: N_("Client record created"),
    AuditAction.CLIENT_VIEWED: N_("Client record viewed"),
    AuditAction.CLIENT_UPDATED: N_("Client record changed"),
    AuditAction.CLIENT_CLOSED: N_("Client record closed"),
    AuditAction.CLIENT_REOPENED: N_("Client record reopened"),
    AuditAction.RESTRICTED_REVEALED: N_("Restricted fields shown"),
    AuditAction.HISTORY_VIEWED: N_("Client history viewed"),
    AuditAction.CLIENTS_LISTED: N_("Client list exported or searched from the command line"),
    AuditAction.CLIENTS_IMPORTED: N_("Clients imported"),
    AuditAction.CLIENTS_EXPORTED: N_("Clients exported"),
    AuditAction.DEMO_DATA: N_("Demo clients added"),
    AuditAction.ASSESSMENT_COMPLETED: N_("Needs assessment completed"),
    AuditAction.ASSESSMENTS_VIEWED: N_("Needs assessments viewed"),
    AuditAction.REPORT_VIEWED: N_("Aggregate report viewed"),
    AuditAction.PLAN_CREATED: N_("Service plan started"),
    AuditAction.PLAN_CHANGED: N_("Service plan changed"),
    AuditAction.PLAN_ACKNOWLEDGED: N_("Service plan agreed with the client"),
    AuditAction.PLAN_VIEWED: N_("Service plan viewed"),
    AuditAction.PLAN_PRINTED: N_("Service plan printed or saved"),
    AuditAction.BACKUP_CREATED: N_("Backup taken"),
    AuditAction.BACKUP_RESTORED: N_("Vault restored from a backup"),
    AuditAction.RECORDS_PURGED: N_("Closed records purged"),
    AuditAction.PURGE_LISTED: N_("Records past retention listed"),
    AuditAction.INTERPRETER_MODE_ON: N_("Interpreter mode turned on"),
    AuditAction.INTERPRETER_MODE_OFF: N_("Interpreter mode turned off"),
}


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: dt.datetime
    actor_id: str | None
    actor_name: str | None
    action: str
    record_id: str | None
    detail: str
    prev_hash: str
    hash: str


def entry_hash(
    prev_hash: str,
    seq: int,
    at: str,
    actor_id: str | None,
    actor_name: str | None,
    action: str,
    record_id: str | None,
    detail: str,
) -> str:
    """The chain link: SHA-256 over the previous hash and this entry's canonical JSON."""
    payload = json.dumps(
        [prev_hash, seq, at, actor_id, actor_name, action, record_id, detail],
        ensure_ascii=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("ascii")).hexdigest()
