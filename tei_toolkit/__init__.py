"""tei-toolkit: convert texts to TEI, mark entities, validate, render and export."""

__version__ = "0.1.0"
