"""The HTML edition: document pages, registers, corpus index, search and map (XSLT 3.0)."""

from .options import RenderOptions, RenderReport
from .site import render_edition

__all__ = ["RenderOptions", "RenderReport", "render_edition"]
