"""The one interface every entity engine implements: text in, character offsets out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

KINDS = {"person": "persName", "place": "placeName", "org": "orgName"}
CERTAINTIES = ("high", "medium", "low")


@dataclass(frozen=True)
class Mention:
    """A span ``text[start:end]`` naming an entity of ``kind`` (person, place, org).

    ``ref`` is the authority id it resolves to (without ``#``), or None when unknown;
    ``cert`` is None for curated markup, else high / medium / low.
    """

    start: int
    end: int
    kind: str
    ref: str | None = None
    cert: str | None = None


class Engine(Protocol):
    """Finds mentions in plain text; never touches XML."""

    name: str

    def find(self, text: str) -> list[Mention]:
        """Return the mentions in ``text``, as offsets into it."""
        ...


@dataclass(frozen=True)
class Entry:
    """One register (authority) entry: a person, place or organisation.

    ``names`` holds every name form that may occur in texts (the label first).
    ``resp``/``cert`` are set when software proposed the entry rather than a scholar.
    """

    id: str
    kind: str
    label: str
    names: tuple[str, ...] = ()
    wikidata: str | None = None
    geonames: str | None = None
    viaf: str | None = None
    lat: float | None = None
    long: float | None = None
    birth: str | None = None
    death: str | None = None
    note: str | None = None
    resp: str | None = None
    cert: str | None = None
