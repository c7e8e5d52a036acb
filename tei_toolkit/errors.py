"""The exceptions tei-toolkit raises.

    ToolkitError                  every error the library raises on purpose
     ├── SourceError              bad input: unreadable, not UTF-8, not well-formed, empty
     ├── InvalidDocument          a document that fails validation (carries its findings)
     └── UsageError               a wrong option, an unknown name, a missing file

``str(error)`` is one line: ``path:line:col: what is wrong; what was expected``.
Only ``cli.py`` prints errors and chooses exit codes (0 ok, 1 invalid, 2 usage or I/O).
"""

from __future__ import annotations

from typing import Any


class ToolkitError(Exception):
    """Base class of every error tei-toolkit raises on purpose."""

    exit_code = 2


class SourceError(ToolkitError):
    """A source or TEI file that cannot be read as what it claims to be."""

    def __init__(self, message: str, *, path: str | None = None,
                 line: int | None = None, column: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = [str(self.path)] if self.path else []
        if self.line is not None:
            where.append(str(self.line))
            if self.column is not None:
                where.append(str(self.column))
        return ":".join(where) + (": " if where else "") + self.message


class InvalidDocument(ToolkitError):
    """A document that does not satisfy its schema or rules."""

    exit_code = 1

    def __init__(self, path: str, findings: list[Any], *, context: str | None = None) -> None:
        self.path = path
        self.findings = findings
        first = str(findings[0]) if findings else f"{path}: invalid"
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        super().__init__(f"{context}; first: {first}" if context else first + more)


class UsageError(ToolkitError):
    """A wrong option, name or path given by the caller."""
