"""The name index: two FTS5 tables over folded names, so every keystroke is one indexed query.

- ``client_substrings`` (trigram tokenizer) finds any part of a name of three characters or more,
  in any script: "nenko" finds "Ivanenko".
- ``client_words`` (one token per word, and one per Han/Hangul character) answers one- and
  two-character queries by word prefix, and finds two-character Chinese and Korean names or
  given names inside a longer name.

The ``legal`` column holds the restricted legal name; it is searched only for roles that may see
it (FTS5 column filters), and the list never shows it otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence

from shelter_desktop.domain.search_text import fold, is_ideographic, query_terms, spaced
from shelter_desktop.storage.database import Connection

MAX_TERMS = 8


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


class SearchIndex:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def put(self, rowid: int, name: str, aliases: Sequence[str], legal_name: str | None) -> None:
        names = fold(" ; ".join([name, *aliases]))
        legal = fold(legal_name or "")
        self.remove(rowid)
        self._db.execute("INSERT INTO client_substrings (rowid, names, legal) VALUES (?, ?, ?)",
                         (rowid, names, legal))
        self._db.execute("INSERT INTO client_words (rowid, names, legal) VALUES (?, ?, ?)",
                         (rowid, spaced(names), spaced(legal)))

    def remove(self, rowid: int) -> None:
        self._db.execute("DELETE FROM client_substrings WHERE rowid = ?", (rowid,))
        self._db.execute("DELETE FROM client_words WHERE rowid = ?", (rowid,))

    def match_sql(self, query: str, include_legal: bool) -> tuple[str, list[object]] | None:
        """SQL selecting matching rowids (every word of the query must match), or None."""
        columns = "{names legal}" if include_legal else "{names}"
        parts: list[str] = []
        params: list[object] = []
        for term in query_terms(query)[:MAX_TERMS]:
            if any(is_ideographic(ch) for ch in term):
                phrase = spaced(term)
                parts.append("SELECT rowid FROM client_words WHERE client_words MATCH ?")
                params.append(f"{columns} : {_quoted(phrase)}")
            elif len(term) >= 3:
                parts.append("SELECT rowid FROM client_substrings WHERE client_substrings MATCH ?")
                params.append(f"{columns} : {_quoted(term)}")
            else:
                prefix = spaced(term)
                if not prefix:
                    continue
                parts.append("SELECT rowid FROM client_words WHERE client_words MATCH ?")
                params.append(f"{columns} : {_quoted(prefix)} *")
        if not parts:
            return None
        return " INTERSECT ".join(parts), params
