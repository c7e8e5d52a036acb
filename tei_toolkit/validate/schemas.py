"""Find the RelaxNG schema a document is validated against.

A schema spec is a path (``.rng``, or ``.rnc`` converted with rnc2rng), a name (``project``
= ours, ``tei_all``, ``tei_lite``), or ``auto``: the document's ``<?xml-model?>``
processing instruction, falling back to the project schema. Named TEI schemas live in a
local cache folder (``TEI_TOOLKIT_SCHEMAS``, else the user cache), filled by
``fetch_schema`` (``tei-toolkit schemas fetch``) on a machine with internet.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lxml import etree

from ..errors import SourceError, UsageError
from ..resources import schema_path
from ..xmlio import write_atomic

RNG_NS = "http://relaxng.org/ns/structure/1.0"
SCHEMATRON_NS = "http://purl.oclc.org/dsdl/schematron"
ISO_SCHEMATRON_NS = "http://purl.oclc.org/dsdl/schematron"
PROJECT_SCHEMA = "tei-toolkit.rng"
PROJECT_SCHEMATRON = "tei-toolkit.sch"
CACHE_ENV = "TEI_TOOLKIT_SCHEMAS"
#: Named schemas: the project's own file, or a file in the TEI cache folder.
NAMED = {"project": PROJECT_SCHEMA, "tei_all": "tei_all.rng", "tei_lite": "tei_lite.rng"}
#: Where the TEI Consortium publishes the RelaxNG of its customisations.
RELEASE_URL = "https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/{name}.rng"
VAULT_URL = "https://www.tei-c.org/Vault/P5/{version}/xml/tei/custom/schema/relaxng/{name}.rng"
FETCHABLE = ("tei_all", "tei_lite", "tei_bare", "tei_corpus", "tei_ms", "tei_drama",
             "tei_speech", "tei_tite", "tei_jtei", "tei_simplePrint")

_PSEUDO_ATTR = re.compile(r'([A-Za-z_:][-\w.:]*)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')


@dataclass(frozen=True)
class Schema:
    """A RelaxNG grammar ready to compile: its XML bytes and where they came from."""

    label: str
    data: bytes
    path: Path | None = None

    @cached_property
    def digest(self) -> str:
        """SHA-256 of the grammar bytes (the key of the pruned-schema cache)."""
        return hashlib.sha256(self.data).hexdigest()


def cache_dir() -> Path:
    """The folder holding named TEI schemas: ``$TEI_TOOLKIT_SCHEMAS``, else the user cache."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "tei-toolkit" / "schemas"


def named_schema_path(name: str) -> Path:
    """Path of a named schema; raise ``UsageError`` saying how to get it when it is missing."""
    if name not in NAMED:
        raise UsageError(f'unknown schema "{name}"; expected a .rng/.rnc path or one of '
                         f'{", ".join(sorted(NAMED))}, auto')
    if name == "project":
        return schema_path(PROJECT_SCHEMA)
    path = cache_dir() / NAMED[name]
    if not path.is_file():
        raise UsageError(f'schema "{name}" is not in the schema cache {cache_dir()}; '
                         f"expected {NAMED[name]} there: run `tei-toolkit schemas fetch {name}` "
                         f"or set {CACHE_ENV} to a folder holding it")
    return path


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such schema file") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read schema: {error.strerror}") from None


def rnc_to_rng(text: str, *, source: str) -> bytes:
    """Convert RelaxNG compact syntax to XML syntax (rnc2rng)."""
    import rnc2rng

    try:
        root = rnc2rng.loads(text)
        xml = rnc2rng.dumps(root)
    except Exception as error:  # rnc2rng raises plain exceptions with a message
        raise SourceError(f"cannot read RelaxNG compact syntax: {error}; "
                          "expected a valid .rnc grammar", path=source) from None
    return xml.encode("utf-8")


def load_schema_file(path: Path) -> Schema:
    """Load a ``.rng`` (as bytes, keeping its encoding declaration) or convert a ``.rnc``."""
    data = _read(path)
    if path.suffix.lower() == ".rnc":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SourceError("not UTF-8; expected a UTF-8 .rnc grammar", path=str(path)) from None
        data = rnc_to_rng(text, source=str(path))
    return Schema(label=str(path), data=data, path=path)


def load_schema(spec: str) -> Schema:
    """Load a schema from a spec: a path to ``.rng``/``.rnc`` or a name (``project``, ``tei_all``…)."""
    if spec in NAMED:
        path = named_schema_path(spec)
        schema = load_schema_file(path)
        return Schema(label=spec, data=schema.data, path=path)
    path = Path(spec)
    if path.suffix.lower() not in (".rng", ".rnc"):
        raise UsageError(f'unknown schema "{spec}"; expected a .rng/.rnc path or one of '
                         f'{", ".join(sorted(NAMED))}, auto')
    return load_schema_file(path)


def xml_models(tree: etree._ElementTree) -> list[dict[str, str]]:
    """The pseudo-attributes of every ``<?xml-model?>`` processing instruction before the root."""
    found = []
    node = tree.getroot().getprevious()
    while node is not None:
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model":
            attrs = {m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
                     for m in _PSEUDO_ATTR.finditer(node.text or "")}
            found.append(attrs)
        node = node.getprevious()
    found.reverse()
    return found


def _locate(href: str, document: Path | None) -> Path | None:
    """A local file for an ``xml-model`` href: beside the document, in schemas/, in the cache."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", href):
        name = href.rstrip("/").rsplit("/", 1)[-1]
        candidates = [schema_path(name), cache_dir() / name]
    else:
        relative = Path(href)
        name = relative.name
        candidates = []
        if document is not None:
            candidates.append(document.parent / relative)
        candidates += [schema_path(name), cache_dir() / name]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


def auto_schema_path(tree: etree._ElementTree, document: Path | None) -> Path | None:
    """The local RelaxNG file a document names in ``<?xml-model?>``, or ``None``."""
    for model in xml_models(tree):
        href = model.get("href", "")
        kind = model.get("schematypens", "")
        if kind == RNG_NS or (not kind and href.lower().endswith((".rng", ".rnc"))):
            found = _locate(href, document)
            if found is not None and found.suffix.lower() in (".rng", ".rnc"):
                return found
    return None


def auto_schematron_paths(tree: etree._ElementTree, document: Path | None) -> list[Path]:
    """Local Schematron files a document names in ``<?xml-model?>`` (``.sch``)."""
    paths = []
    for model in xml_models(tree):
        href = model.get("href", "")
        if model.get("schematypens") == SCHEMATRON_NS and href.lower().endswith(".sch"):
            found = _locate(href, document)
            if found is not None:
                paths.append(found)
    return paths


def schema_url(name: str, version: str | None = None) -> str:
    """The TEI Consortium address of a customisation's RelaxNG (a release, or the current one)."""
    if version in (None, "", "current", "latest"):
        return RELEASE_URL.format(name=name)
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise UsageError(f'bad TEI version "{version}"; expected a release number like 4.12.0')
    return VAULT_URL.format(name=name, version=version)


def fetch_schema(name: str, version: str | None = None, *, timeout: float = 60.0) -> Path:
    """Download a TEI customisation's RelaxNG into the cache folder and return its path.

    Checks that the download is a RelaxNG grammar before replacing the cached file.
    """
    if name not in FETCHABLE:
        raise UsageError(f'unknown TEI schema "{name}"; expected one of {", ".join(FETCHABLE)}')
    import urllib.error
    import urllib.request

    url = schema_url(name, version)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (https only)
            data = response.read()
    except urllib.error.HTTPError as error:
        raise UsageError(f"{url}: HTTP {error.code}; expected the schema of TEI release "
                         f"{version or 'current'}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise UsageError(f"{url}: cannot download ({reason}); expected a machine with "
                         "internet access") from None
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        root = None
    if root is None or root.tag != f"{{{RNG_NS}}}grammar":
        raise UsageError(f"{url}: the download is not a RelaxNG grammar")
    target = cache_dir() / f"{name}.rng"
    write_atomic(target, data)
    return target
