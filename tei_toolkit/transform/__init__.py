"""XSLT 3.0 through saxonche: one processor per process, stylesheets compiled once."""

from .saxon import TransformError, compiled, run_to_string

__all__ = ["TransformError", "compiled", "run_to_string"]
