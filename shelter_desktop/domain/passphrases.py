"""Passphrase rules (security.md): long, any Unicode, no composition rules, not common.

Follows NIST SP 800-63B: at least 12 characters (15 recommended), paste allowed, refused only when
too short, too long, on the bundled list of breached passwords, or equal to the user or
organisation name. A random-words generator is offered instead of rules.
"""

from __future__ import annotations

import gzip
import secrets
import unicodedata
from functools import lru_cache
from pathlib import Path

from shelter_desktop.errors import ValidationError
from shelter_desktop.i18n import N_

MIN_LENGTH = 12
RECOMMENDED_LENGTH = 15
MAX_LENGTH = 1024
GENERATED_WORDS = 6

_RESOURCES = Path(__file__).resolve().parent.parent.parent / "resources" / "security"


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    with gzip.open(_RESOURCES / "common-passwords.txt.gz", "rt", encoding="utf-8") as handle:
        return frozenset(line.strip().casefold() for line in handle if line.strip())


@lru_cache(maxsize=1)
def _word_list() -> tuple[str, ...]:
    text = (_RESOURCES / "eff-large-wordlist.txt").read_text(encoding="utf-8")
    return tuple(word for word in text.split() if word.isalpha())


def normalise(passphrase: str) -> str:
    """NFKC, so the same passphrase typed on another keyboard or input method still matches."""
    return unicodedata.normalize("NFKC", passphrase)


def check_passphrase(passphrase: str, *, username: str = "", organisation: str = "") -> str:
    """Return the normalised passphrase, or raise ValidationError saying what to change."""
    if len(passphrase) > MAX_LENGTH * 4:
        # Checked before normalising so a megabyte of text costs nothing.
        raise ValidationError(
            N_("This passphrase is too long: at most {limit} characters."), "passphrase",
            limit=MAX_LENGTH,
        )
    if any(unicodedata.category(ch) == "Cs" for ch in passphrase):
        raise ValidationError(
            N_("This passphrase contains characters that cannot be used."), "passphrase"
        )
    if "\x00" in passphrase:
        raise ValidationError(
            N_("This passphrase contains an invisible control character. Please type it again."),
            "passphrase",
        )
    value = normalise(passphrase)
    if len(value) < MIN_LENGTH:
        raise ValidationError(
            N_("Use at least {minimum} characters ({recommended} or more is better)."),
            "passphrase", minimum=MIN_LENGTH, recommended=RECOMMENDED_LENGTH,
        )
    if len(value) > MAX_LENGTH:
        raise ValidationError(
            N_("This passphrase is too long: at most {limit} characters."), "passphrase",
            limit=MAX_LENGTH,
        )
    folded = value.casefold()
    if folded in _common_passwords():
        raise ValidationError(
            N_("This passphrase is on a list of passwords that attackers try first. "
               "Choose another one, or generate one."),
            "passphrase",
        )
    for name in (username, organisation):
        if name and normalise(name).casefold() in folded:
            raise ValidationError(
                N_("The passphrase must not contain your user name or the organisation's name."),
                "passphrase",
            )
    return value


def generate_passphrase(words: int = GENERATED_WORDS) -> str:
    """Random words from the EFF list (about 77 bits for six words); easy to type and say."""
    word_list = _word_list()
    return " ".join(secrets.choice(word_list) for _ in range(words))
