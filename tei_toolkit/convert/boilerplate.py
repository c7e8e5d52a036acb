"""Web-page boilerplate at the edges of a text: what it looks like, and how to split it off.

Texts copied from web pages often end with a comment form, share buttons and a cookie
banner ("Add new comment", "This website uses cookies …"). They are not part of the
work, so readers leave them out of the body and list them in ``Document.dropped``.

The patterns are data: one regular expression per kind of boilerplate line, matched
case-insensitively against a whole (stripped) line. Only *runs of lines at the start or
end* of a text are dropped, and only when every line of the run matches, so a sentence
in the middle of an article that mentions cookies is never touched.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# A whole line that is web-page furniture at the END of an article.
TRAILING_PATTERNS: tuple[str, ...] = (
    r"add (a )?new comment",
    r"(leave|post|write) a (comment|reply)",
    r"(log ?in|sign ?in|register)( or (register|log ?in|sign ?up))? to (post|leave) comments?",
    r"\d+ comments?|comments?( \(\d+\))?|no comments( yet)?\.?",
    r"(this|our) (web ?)?site uses cookies\b.*",
    r"we use cookies\b.*",
    r"by (continuing to (use|browse)|using) (this|our) (web ?)?site\b.*",
    r"(accept|reject|manage|allow)( all)? cookies|cookie (settings|preferences|policy)",
    r"(read )?(our )?privacy (policy|notice|statement)( and (terms|cookie policy).*)?",
    r"terms (&|and) conditions|terms of (use|service)",
    r"share (this( article| page| post)?|on (facebook|twitter|x|linkedin|email))\b.*",
    r"(tweet|like|share|email|print)( this)?",
    r"(tags|categories|filed under|posted in)\s*:.*",
    r"(read more|related (articles|posts)|you may also like|back to top)",
    r"(copyright )?(©|\(c\))\s*\d{4}.*|all rights reserved\.?",
    r"subscribe( to (our )?newsletter)?\b.{0,60}|sign up for (our|the) newsletter\b.{0,60}",
)

# A whole line that is web-page furniture at the START of an article.
LEADING_PATTERNS: tuple[str, ...] = (
    r"skip to (main )?content",
    r"(main )?menu|navigation|toggle navigation",
    r"search( this site)?",
    r"home\s*(»|>|/|›).*",
)

MAX_LINE = 200  # a longer line is prose, never furniture

_TRAILING = tuple(re.compile(p, re.IGNORECASE) for p in TRAILING_PATTERNS)
_LEADING = tuple(re.compile(p, re.IGNORECASE) for p in LEADING_PATTERNS)


def is_boilerplate(line: str, *, leading: bool = False) -> bool:
    """Whether one line, as a whole, looks like web-page furniture (trailing kind, or leading kind)."""
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_LINE:
        return False
    patterns = _LEADING if leading else _TRAILING
    return any(pattern.fullmatch(stripped) for pattern in patterns)


def edge_runs(lines: Sequence[str]) -> tuple[int, int]:
    """The line range ``[start, end)`` left after dropping boilerplate runs at both edges.

    Blank lines inside a run do not break it. Leading furniture ("Skip to content", "Menu")
    is dropped only when trailing furniture shows the text is a copied web page. A text made
    only of boilerplate-looking lines keeps everything: it is then the content, not furniture.
    """
    end = len(lines)
    while end > 0 and (not lines[end - 1].strip() or is_boilerplate(lines[end - 1])):
        end -= 1
    web_page = any(line.strip() for line in lines[end:])
    start = 0
    while web_page and start < end and (not lines[start].strip() or is_boilerplate(lines[start], leading=True)):
        start += 1
    if start >= end:
        return 0, len(lines)
    return start, end
