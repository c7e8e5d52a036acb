"""The HTML edition: document pages, registers, corpus index, search and map (XSLT 3.0).

``tei_toolkit.render(paths, out_dir, options)`` is ``render_edition``.
"""

from .._callable import make_callable
from .options import RenderOptions, RenderReport
from .site import render_edition

__all__ = ["RenderOptions", "RenderReport", "render_edition"]

make_callable(__name__, render_edition)
