"""Corpus-wide parts of the tables, built while batches stream past: entity counts and co-occurrence.

Memory grows with the number of distinct entities and pairs, never with the number of documents:
a document's mentions are seen once, counted, and dropped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import combinations

from .schema import TABLES

_MENTION = [column.name for column in TABLES["mentions"]]
(DOCUMENT, BLOCK_INDEX, SENTENCE, TYPE, ENTITY, LABEL, TEXT, RESP, SUGGESTION) = (
    _MENTION.index(name) for name in ("document", "block_index", "sentence", "type", "entity", "label",
                                      "text", "resp", "suggestion"))


class Aggregator:
    """Collects entries (first seen wins), mention and document counts, and co-occurring pairs."""

    def __init__(self, *, window: int | None = None) -> None:
        self.window = window
        self.entries: dict[str, dict] = {}
        self.mentions: dict[str, int] = defaultdict(int)
        self.documents: dict[str, int] = defaultdict(int)
        self._last_document: dict[str, str] = {}
        self.pairs: dict[tuple[str, str], list] = {}
        self._unlisted: dict[str, tuple[str, str]] = {}

    def add_entries(self, rows: list[dict]) -> None:
        """Register entries; an id already known keeps its first row (registers come first)."""
        for row in rows:
            self.entries.setdefault(row["id"], row)

    def add_batch(self, documents: list[str], entries: list[dict], mentions: list[list]) -> None:
        """Take a batch document by document: a document's entries, then its mentions. So a mention's
        label comes from the registers or from its own or an earlier document, however the corpus is
        cut into batches (rows of documents missing from ``documents`` come last)."""
        if len(documents) <= 1 or not entries:
            self.add_entries(entries)
            self.add_mentions(mentions)
            return
        entries_of: dict[str | None, list[dict]] = defaultdict(list)
        for row in entries:
            entries_of[row.get("source")].append(row)
        mentions_of: dict[str, list[list]] = defaultdict(list)
        for row in mentions:
            mentions_of[row[DOCUMENT]].append(row)
        for document in documents:
            self.add_entries(entries_of.pop(document, ()))
            self.add_mentions(mentions_of.pop(document, ()))
        for rows in entries_of.values():
            self.add_entries(rows)
        for rows in mentions_of.values():
            self.add_mentions(rows)

    def add_mentions(self, rows: list[list]) -> None:
        """Count a batch's mention rows (lists in schema order), fill their label and suggestion
        from the entries known so far, and count their pairs."""
        units: dict[tuple, set[str]] = defaultdict(set)
        entries, mentions, documents, last_document = self.entries, self.mentions, self.documents, self._last_document
        window = self.window
        for row in rows:
            entity = row[ENTITY]
            entry = entries.get(entity) if entity else None
            if entry is not None:
                row[LABEL] = entry["label"]
                row[SUGGESTION] = "false" if entry.get("resp") is None else "true"
            else:
                row[SUGGESTION] = "true" if row[RESP] else "false"
                if not entity:
                    continue
                if entity not in self._unlisted:
                    self._unlisted[entity] = (row[TYPE], row[TEXT] or None)
            mentions[entity] += 1
            document = row[DOCUMENT]
            if last_document.get(entity) != document:
                last_document[entity] = document
                documents[entity] += 1
            block = row[BLOCK_INDEX]
            if not block:
                continue
            sentence = row[SENTENCE]
            if window is None or not sentence:
                units[(document, block, 0)].add(entity)
            else:
                # a window of N sentences starting at s covers s .. s+N-1: a mention in sentence k
                # belongs to the windows starting at k-N+1 .. k
                number = int(sentence)
                for unit in range(max(1, number - window + 1), number + 1):
                    units[(document, block, unit)].add(entity)
        for (document, _block, _unit), entities in units.items():
            if len(entities) > 1:
                for pair in combinations(sorted(entities), 2):
                    self._add_pair(pair, document)

    def _add_pair(self, pair: tuple[str, str], document: str) -> None:
        record = self.pairs.get(pair)
        if record is None:
            self.pairs[pair] = [1, [document]]
            return
        record[0] += 1
        if record[1][-1] != document:
            record[1].append(document)

    def entity_rows(self) -> list[dict]:
        """The entities table: every entry with its counts, then ids mentioned without an entry.

        An id without an entry (an external URI, a @key) gets the first mention's type and text as
        label and an empty ``source``, so projects without standOff still get a register table.
        """
        rows = []
        for entity_id, row in self.entries.items():
            rows.append({**row, "mentions": self.mentions.get(entity_id, 0),
                         "documents": self.documents.get(entity_id, 0)})
        for entity_id, (kind, text) in self._unlisted.items():
            if entity_id in self.entries:
                continue
            rows.append({"id": entity_id, "type": kind, "label": text, "source": None,
                         "mentions": self.mentions[entity_id], "documents": self.documents[entity_id]})
        return rows

    def cooccurrence_rows(self) -> Iterator[dict]:
        """The co-occurrence table, most frequent pairs first, a row at a time: only the pairs' counts
        are held, never every row with its list of documents."""
        described = {entity: (entry["label"], entry.get("type")) for entity, entry in self.entries.items()}
        unknown = (None, None)
        for (source, target), (count, documents) in sorted(self.pairs.items(), key=_most_frequent_first):
            source_label, source_type = described.get(source, unknown)
            target_label, target_type = described.get(target, unknown)
            yield {
                "source": source, "target": target, "source_label": source_label, "target_label": target_label,
                "source_type": source_type, "target_type": target_type,
                "count": count, "documents": len(documents), "document_ids": "; ".join(documents),
            }


def _most_frequent_first(item: tuple[tuple[str, str], list]) -> tuple:
    (source, target), (count, _documents) = item
    return (-count, source, target)
