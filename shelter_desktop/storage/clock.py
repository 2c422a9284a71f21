"""UTC timestamps as stored: ISO 8601 with microseconds, so text order is time order."""

from __future__ import annotations

import datetime as dt


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def to_text(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_text(text: str) -> dt.datetime:
    if len(text) == 27 and text[-1] == "Z":
        # What to_text writes: fromisoformat reads it about 20x faster than strptime (it runs
        # for every row of each page of the client list: about 1 ms of a keystroke at 100k).
        return dt.datetime.fromisoformat(text)
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
