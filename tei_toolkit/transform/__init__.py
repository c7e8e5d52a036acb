"""XSLT 3.0 through saxonche: one processor per process, stylesheets compiled once."""

from .saxon import TransformError, compiled, native_stderr_captured, processor

__all__ = ["TransformError", "compiled", "native_stderr_captured", "processor"]
