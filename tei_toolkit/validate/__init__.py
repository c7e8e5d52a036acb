"""Validation of TEI: RelaxNG (pruned to the batch, compiled once) and Schematron, as findings.

    validate_files(paths, options=ValidateOptions(schema="tei_all")) -> list[DocumentReport]
"""

from .model import DocumentReport, Finding
from .runner import ValidateOptions, skipped_embedded_rules, validate_files

__all__ = ["DocumentReport", "Finding", "ValidateOptions", "skipped_embedded_rules", "validate_files"]
