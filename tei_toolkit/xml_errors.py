"""libxml2's parser messages in plain words: what is wrong and what was expected.

One table serves every stage: ``xmlio.parse_xml`` raises ``SourceError("<message>; expected
<expected>")`` from it, and ``validate.explain.explain_parser_error`` words the same
problems as findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.entities import name2codepoint

from lxml import etree

__all__ = ["ParserProblem", "describe_parser_error", "describe_syntax_error"]

#: The prefix of a problem with no plainer words than libxml2's own.
NOT_WELL_FORMED = "not well-formed XML: "

_LOCATION = re.compile(r",? line \d+, column \d+$")
_NO_ELEMENT = f"{NOT_WELL_FORMED}the file holds no XML element"
_NOT_TEXT = "not readable as text: "
_UNREADABLE = re.compile(f"{re.escape(_NOT_TEXT)}|{re.escape(_NO_ELEMENT)}$")

_PARSER_WORDING = [
    (re.compile(r"Entity '([^']+)' not defined"), "entity"),
    (re.compile(r"xml:id : attribute value (.*) is not an NCName"), "xmlid"),
    (re.compile(r"Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)"), "mismatch"),
    (re.compile(r"Premature end of data in tag (\S+) line (\d+)"), "premature"),
    (re.compile(r"EndTag: '</' not found|Extra content at the end of the document"), "end"),
    (re.compile(r"Attribute (\S+) redefined"), "redefined"),
    (re.compile(r"Document is empty|Start tag expected"), "empty"),
    (re.compile(r"Input is not proper UTF-8|Invalid bytes in character encoding|Unsupported encoding"
                r"|Document labelled UTF-16 but has UTF-8 content"), "encoding"),
    (re.compile(r"ID (\S+) already defined"), "duplicate_id"),
    (re.compile(r"entity amplification|Maximum entity nesting depth"), "amplification"),
    (re.compile(r"Detected an entity reference loop"), "loop"),
]


@dataclass(frozen=True)
class ParserProblem:
    """One parser error in words.

    ``unreadable``: the bytes are no XML text at all (no element, a wrong encoding): nothing
    to validate. ``located``: libxml2's line and column point at the problem (for entity
    bombs and loops it reports the XML declaration instead, so the place is left out).
    """

    message: str
    expected: str
    unreadable: bool = False
    located: bool = True

    def __str__(self) -> str:
        return f"{self.message}; expected {self.expected}"


def describe_parser_error(text: str) -> ParserProblem:
    """Word one libxml2 message (its trailing ``, line L, column C`` is ignored).

    Text this function worded before (``…; expected …``, as in a ``SourceError`` from
    ``parse_xml``) is split back into its two parts.
    """
    text = " ".join(_LOCATION.sub("", text).split())  # one line, whatever libxml2 wrote
    if "; expected " in text:
        message, expected = text.split("; expected ", 1)
        return ParserProblem(message, expected, unreadable=bool(_UNREADABLE.match(message)))
    text = text[len(NOT_WELL_FORMED):] if text.startswith(NOT_WELL_FORMED) else text
    for pattern, kind in _PARSER_WORDING:
        match = pattern.search(text)
        if match:
            return _worded(kind, match, text)
    return ParserProblem(NOT_WELL_FORMED + text, "well-formed XML")


def describe_syntax_error(error: etree.XMLSyntaxError) -> ParserProblem:
    """Word an lxml ``XMLSyntaxError`` (its ``msg``, or its text when there is none)."""
    return describe_parser_error(error.msg or str(error))


def _worded(kind: str, match: re.Match[str], text: str) -> ParserProblem:
    if kind == "entity":
        entity = match.group(1)
        code = name2codepoint.get(entity)
        return ParserProblem(
            f'undefined entity "&{entity};"',
            f'the character reference "&#x{code:X};" ({chr(code)}) or a DTD that declares "{entity}"'
            if code else f'a DTD that declares "{entity}", or one of &amp; &lt; &gt; &quot; &apos;')
    if kind == "xmlid":
        return ParserProblem(f'xml:id "{match.group(1)}" is not a valid identifier',
                             'a name that starts with a letter or "_" and has no spaces or colons')
    if kind == "mismatch":
        return ParserProblem(f"{NOT_WELL_FORMED}the start tag <{match.group(1)}> on line {match.group(2)} "
                             f"is closed by </{match.group(3)}>",
                             f"</{match.group(1)}> before </{match.group(3)}>")
    if kind == "premature":
        return ParserProblem(f"{NOT_WELL_FORMED}the file ends inside <{match.group(1)}> opened on line "
                             f"{match.group(2)}", f"</{match.group(1)}>")
    if kind == "end":
        return ParserProblem(NOT_WELL_FORMED + text[:1].lower() + text[1:],
                             "one root element that encloses everything")
    if kind == "redefined":
        return ParserProblem(f'attribute "{match.group(1)}" is given twice on one element',
                             "each attribute at most once per element")
    if kind == "empty":
        return ParserProblem(_NO_ELEMENT, "an XML document", unreadable=True)
    if kind == "encoding":
        return ParserProblem(f"{_NOT_TEXT}{text}", "UTF-8 text, or the encoding named in the XML declaration",
                             unreadable=True)
    if kind == "duplicate_id":
        return ParserProblem(f'xml:id "{match.group(1)}" is used twice', "each xml:id unique in the document")
    if kind == "amplification":
        return ParserProblem("entities expand too much (an entity bomb?): the entity amplification limit "
                             "was exceeded", "entities that expand to a modest size", located=False)
    return ParserProblem("an entity refers to itself (an entity loop)", "entity declarations without loops",
                         located=False)
