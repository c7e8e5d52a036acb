"""Options of the export stage."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError

ENGINES = ("xslt", "lxml")


@dataclass(frozen=True, kw_only=True)
class ExportOptions:
    """How tables are made.

    ``context_words``: words of context left and right of each mention.
    ``registers``: register files or folders of them (TEI with listPerson/listPlace/listOrg) whose entries fill
    the entities table and the labels of mentions, before the documents' own standOff entries.
    ``cooccurrence_window``: None pairs entities in the same block; N pairs entities whose
    sentences are less than N apart in the same block (needs ``s`` markup; else the block).
    ``jobs``: worker processes; ``scheduler``: address of a Dask scheduler (``tcp://host:port``) whose
    workers extract the batches instead; ``batch_size``: files per Saxon call (bounds memory).
    ``formats``: output formats of ``write_tables``: "csv", "parquet".
    ``network``: graph files written next to the tables: "graphml", "gexf".
    ``engine``: "xslt" runs the stylesheets of ``xslt/tables`` (saxonche), which define the tables;
    "lxml" reads the same rows with lxml (``export.tree_rows``), faster and smaller, for large corpora.
    ``progress``: a progress bar of the files on stderr; None shows it on a terminal for 20 files or more.
    """

    context_words: int = 8
    registers: tuple[str, ...] = ()
    cooccurrence_window: int | None = None
    jobs: int = 1
    scheduler: str | None = None
    batch_size: int = 20
    formats: tuple[str, ...] = ("csv",)
    network: tuple[str, ...] = ("graphml", "gexf")
    engine: str = "xslt"
    progress: bool | None = None

    def __post_init__(self) -> None:
        for name, least in (("context_words", 0), ("jobs", 1), ("batch_size", 1)):
            value = getattr(self, name)
            if not isinstance(value, int) or value < least:
                raise UsageError(f"{name} {value!r}: expected a whole number, {least} or more")
        window = self.cooccurrence_window
        if window is not None and (not isinstance(window, int) or window < 1):
            raise UsageError(f"cooccurrence_window {window!r}: expected None (the same block) or 1 or more sentences")
