"""The recovery code: 150 random bits written as six groups of five easy-to-read characters."""

from __future__ import annotations

import secrets

# Crockford's base-32 alphabet: no I, L, O or U, so nothing is misread when copied by hand.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 6
GROUP_LENGTH = 5
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def generate() -> str:
    groups = ("".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH))
              for _ in range(GROUPS))
    return "-".join(groups)


def normalise(code: str) -> str:
    """Accept lower case, spaces, dashes and the letters people confuse with digits."""
    compact = "".join(ch for ch in code.upper() if ch.isalnum()).translate(_CONFUSABLE)
    return compact


def is_well_formed(code: str) -> bool:
    compact = normalise(code)
    return len(compact) == GROUPS * GROUP_LENGTH and all(ch in ALPHABET for ch in compact)


def group(code: str, index: int) -> str:
    """One group (0-based), used to check that the code was written down."""
    compact = normalise(code)
    return compact[index * GROUP_LENGTH:(index + 1) * GROUP_LENGTH]
