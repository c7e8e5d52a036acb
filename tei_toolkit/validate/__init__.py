"""Validation of TEI: RelaxNG (pruned to the batch, compiled once) and Schematron, as findings.

    validate_files(paths, options=ValidateOptions(schema="tei_all")) -> list[DocumentReport]

The package is callable: ``tei_toolkit.validate(paths, options)`` is ``validate_files``.
"""

from .._callable import make_callable
from .model import DocumentReport, Finding
from .runner import ValidateOptions, skipped_embedded_rules, validate_files

__all__ = ["DocumentReport", "Finding", "ValidateOptions", "skipped_embedded_rules", "validate_files"]

make_callable(__name__, validate_files)  # tei_toolkit.validate(paths) is validate_files(paths)
