"""Hypothesis strategies for source texts (imported by the convert tests)."""

from __future__ import annotations

from hypothesis import strategies as st

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzÉéßø’‘“”–—-,.;:!?()&'\"0123456789", min_size=1, max_size=12)
LINE = st.lists(WORD, min_size=1, max_size=40).map(" ".join)
# A block is one or more lines; blocks are separated by one or more blank lines.
BLOCK = st.lists(LINE, min_size=1, max_size=4).map("\n".join)
SEPARATOR = st.sampled_from(["\n\n", "\n\n\n", "\n \n", "\r\n\r\n"])


@st.composite
def plain_texts(draw) -> str:
    """A plain text: blocks of lines separated by blank lines, maybe with web boilerplate at the end."""
    blocks = draw(st.lists(BLOCK, min_size=1, max_size=8))
    separator = draw(SEPARATOR)
    text = separator.join(blocks)
    if draw(st.booleans()):
        text += "\n\nAdd new comment\n\nThis website uses cookies, you can find out more here."
    return text + draw(st.sampled_from(["", "\n", "\n\n"]))

PLAIN_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzÉéßø’‘“”–—,.;:!?&'\"0123456789", min_size=1, max_size=12)
# A word that starts with a letter, built rather than filtered (filtering trips Hypothesis's health check).
LETTER_FIRST_WORD = st.builds(str.__add__, st.sampled_from("abcdefghijklmnopqrstuvwxyzÉéßø"),
                              st.text(alphabet="abcdefghijklmnopqrstuvwxyzÉéßø’‘“”–—,.;:!?&'\"0123456789",
                                      max_size=11))


@st.composite
def markdown_texts(draw) -> tuple[str, str]:
    """(Markdown source, its text): paragraphs, some emphasised words, headings, quotes, list items."""
    parts, texts = [], []
    for _ in range(draw(st.integers(1, 6))):
        words = draw(st.lists(LETTER_FIRST_WORD, min_size=1, max_size=20))
        kind = draw(st.sampled_from(["p", "em", "h", "quote", "item"]))
        line = " ".join(words)
        marked = {"p": line, "em": f"*{words[0]}* " + " ".join(words[1:]), "h": "## " + line,
                  "quote": "> " + line, "item": "- " + line}[kind]
        parts.append(marked.rstrip())
        texts.append(line)
    return "\n\n".join(parts) + "\n", " ".join(texts)
