"""How alerts are shown: plain words always, red only for the ones someone must act on.

Colour never carries the meaning alone (ux.md): every marker is a word, and red is kept for
alerts with a deadline (an expiring consent or permit), so it still means something.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QColor

from shelter_desktop import i18n
from shelter_desktop.domain.clients import ALERT_LABELS, Alert
from shelter_desktop.i18n import _

# The order markers are shown in: what needs action first.
ALERT_ORDER = (Alert.CONSENT_EXPIRING, Alert.TRP_EXPIRING, Alert.ASSESSMENT_DUE,
               Alert.PLAN_REVIEW_DUE, Alert.MINOR)
ACTION_ALERTS = frozenset({Alert.CONSENT_EXPIRING, Alert.TRP_EXPIRING})
# Readable on light and dark backgrounds alike (contrast above 4.5:1 on white, 3:1 on #202020).
ACTION_RED = QColor("#c62828")


def ordered(alerts: Iterable[Alert]) -> list[Alert]:
    present = set(alerts)
    return [alert for alert in ALERT_ORDER if alert in present]


def alert_words(alerts: Iterable[Alert]) -> str:
    """The alerts as translated words, joined: the list cell and its accessible text."""
    words = [_(ALERT_LABELS[alert]) for alert in ordered(alerts)]
    return i18n.current().format_list(words) if words else ""


def needs_action(alerts: Iterable[Alert]) -> bool:
    return any(alert in ACTION_ALERTS for alert in alerts)
