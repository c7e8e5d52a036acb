"""What validation finds: one ``Finding`` per problem, one ``DocumentReport`` per file."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Finding:
    """One problem in a document.

    ``path`` is the element path (``/TEI/text/body/div[2]/p[3]``); ``expected`` says in
    words what the schema allows there; ``source`` is ``relaxng``, ``schematron`` or ``parser``.
    """

    file: str
    line: int | None
    column: int | None
    message: str
    path: str | None = None
    expected: str | None = None
    source: str = "relaxng"
    rule: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.file, self.line, self.column) if part is not None)
        text = f"{where}: {self.message}"
        if self.expected and self.expected not in self.message:
            text += f"; expected {self.expected}"
        return text


@dataclass(frozen=True)
class DocumentReport:
    """The verdict on one file and every finding that led to it."""

    file: str
    findings: tuple[Finding, ...] = field(default=())
    schema: str | None = None
    seconds: float = 0.0

    @property
    def valid(self) -> bool:
        return not any(finding.severity == "error" for finding in self.findings)
