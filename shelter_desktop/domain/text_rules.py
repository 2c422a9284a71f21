"""Rules for names typed by staff: what is stored, what is refused, and why.

Refusing is always done with a message; text is never truncated or silently altered beyond
Unicode normalisation.
"""

from __future__ import annotations

import unicodedata

from shelter_desktop.errors import ValidationError
from shelter_desktop.i18n import N_

USERNAME_MAX = 64
ORGANISATION_MAX = 200
DISPLAY_NAME_MAX = 100

# Bidirectional controls can make a name display as something else ("spoofing"), so they are
# refused in staff and organisation names. Client names accept them, since scripts need them.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in text)


def _has_surrogate(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cs" for ch in text)


def clean_name(text: str, *, field: str, max_length: int, required: bool = True) -> str:
    """Normalise (NFC, trimmed) and check a staff-typed name; raise ValidationError if refused."""
    if _has_surrogate(text):
        raise ValidationError(N_("This name contains characters that cannot be stored."), field)
    value = unicodedata.normalize("NFC", text).strip()
    if required and not value:
        raise ValidationError(N_("Please enter a name."), field)
    if "\x00" in value or _has_control(value):
        raise ValidationError(
            N_("This name contains invisible control characters. Please type it again."), field
        )
    if any(ch in BIDI_CONTROLS for ch in value):
        raise ValidationError(
            N_("This name contains text-direction control characters, which are not allowed here."),
            field,
        )
    if len(value) > max_length:
        raise ValidationError(
            N_("This name is too long: at most {limit} characters."), field, limit=max_length
        )
    return value


def clean_username(text: str) -> str:
    """A user name: as typed (NFC), compared by its :func:`username_key`."""
    value = clean_name(text, field="username", max_length=USERNAME_MAX)
    if any(ch.isspace() for ch in value):
        raise ValidationError(N_("A user name cannot contain spaces."), "username")
    return value


def username_key(username: str) -> str:
    """The comparison form of a user name: NFKC and case-folded."""
    return unicodedata.normalize("NFKC", username).casefold().strip()


def clean_organisation_name(text: str) -> str:
    return clean_name(text, field="organisation", max_length=ORGANISATION_MAX)


def clean_display_name(text: str) -> str:
    return clean_name(text, field="display_name", max_length=DISPLAY_NAME_MAX)
