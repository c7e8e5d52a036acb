"""Options of the convert stage, and the tables they are resolved against (licences, languages)."""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from ..errors import UsageError

# --licence NAME → (text, URL). A URL is accepted as it is.
LICENCES: dict[str, tuple[str, str]] = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0 International",
                  "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("Creative Commons Attribution-ShareAlike 4.0 International",
                     "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC-BY-NC-4.0": ("Creative Commons Attribution-NonCommercial 4.0 International",
                     "https://creativecommons.org/licenses/by-nc/4.0/"),
    "CC-BY-NC-SA-4.0": ("Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International",
                        "https://creativecommons.org/licenses/by-nc-sa/4.0/"),
    "CC-BY-ND-4.0": ("Creative Commons Attribution-NoDerivatives 4.0 International",
                     "https://creativecommons.org/licenses/by-nd/4.0/"),
    "CC-BY-3.0": ("Creative Commons Attribution 3.0 Unported",
                  "https://creativecommons.org/licenses/by/3.0/"),
    "CC-BY-SA-3.0": ("Creative Commons Attribution-ShareAlike 3.0 Unported",
                     "https://creativecommons.org/licenses/by-sa/3.0/"),
    "CC0-1.0": ("Creative Commons Zero 1.0 Universal (public domain dedication)",
                "https://creativecommons.org/publicdomain/zero/1.0/"),
    "PDM-1.0": ("Public Domain Mark 1.0", "https://creativecommons.org/publicdomain/mark/1.0/"),
}
# With no --licence, the licence covers the encoding only: we cannot license someone else's text.
DEFAULT_LICENCE = "CC-BY-4.0"
DEFAULT_LICENCE_NOTE = "; rights in the source text remain with its authors"

# xml:lang code → the language's English name, for langUsage.
LANGUAGES: dict[str, str] = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "la": "Latin", "grc": "Ancient Greek", "el": "Greek",
    "ru": "Russian", "pl": "Polish", "cs": "Czech", "sv": "Swedish", "da": "Danish",
    "no": "Norwegian", "fi": "Finnish", "hu": "Hungarian", "ca": "Catalan", "ga": "Irish",
    "cy": "Welsh", "he": "Hebrew", "ar": "Arabic", "zh": "Chinese", "ja": "Japanese",
    "uk": "Ukrainian", "tr": "Turkish", "yi": "Yiddish", "ro": "Romanian", "eu": "Basque",
}
_LANG_TAG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")
_SLUG_JUNK = re.compile(r"[^a-z0-9._-]+")
ISO_DATE = re.compile(r"-?\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?)?)?)?")


@dataclass(frozen=True, kw_only=True)
class ConvertOptions:
    """How to convert: header fields that override what the source says, and the format.

    ``change_date`` is the date of the ``revisionDesc/change`` (default: today), so
    tests can pin it and get the same bytes. ``date`` overrides the source's date.
    ``use_sidecars`` reads ``NAME.meta.yaml`` and a folder's ``metadata.csv``.
    """

    fmt: str | None = None
    source_url: str | None = None
    licence: str | None = None
    language: str | None = None
    title: str | None = None
    author: str | None = None
    date: str | None = None
    change_date: str | None = None
    publisher: str | None = None
    doc_id: str | None = None
    use_sidecars: bool = True

    def __post_init__(self) -> None:
        if self.change_date is not None and not _is_day(self.change_date):
            raise UsageError(f'bad change date "{self.change_date}"; expected YYYY-MM-DD')
        if self.date is not None and not ISO_DATE.fullmatch(self.date):
            raise UsageError(f'bad date "{self.date}"; expected ISO 8601 such as 2011-09-28 or '
                             "2011-09-28T12:24:00")
        if self.language is not None:
            check_language(self.language)
        if self.licence is not None:
            licence_for(self.licence)
        if self.doc_id is not None and not re.fullmatch(r"[A-Za-z_][\w.-]*", self.doc_id):
            raise UsageError(f'bad document id "{self.doc_id}"; expected an XML name (letters, digits, - . _)')


def licence_for(name: str | None) -> tuple[str, str]:
    """(text, URL) of a licence given by its SPDX-like id or a URL; the default when None."""
    if name is None:
        text, url = LICENCES[DEFAULT_LICENCE]
        return "The TEI encoding: " + text + DEFAULT_LICENCE_NOTE, url
    if re.match(r"https?://", name):
        for text, url in LICENCES.values():
            if url.rstrip("/") == name.rstrip("/"):
                return text, url
        return name, name
    for key, value in LICENCES.items():
        if key.lower() == name.strip().lower().replace(" ", "-"):
            return value
    raise UsageError(f'unknown licence "{name}"; expected a URL or one of {", ".join(LICENCES)}')


def language_name(code: str) -> str:
    """The English name of a language code (the code itself when it is not in the table)."""
    return LANGUAGES.get(code.split("-")[0].lower(), code)


def language_code(value: str | None) -> str | None:
    """A language tag from a tag or an English language name ("French" → "fr"); None if neither."""
    if not value:
        return None
    value = value.strip()
    if _LANG_TAG.fullmatch(value) and (len(value) <= 3 or "-" in value):
        return value
    for code, name in LANGUAGES.items():
        if name.lower() == value.lower():
            return code
    return None


def check_language(code: str) -> str:
    """A language code fit for ``xml:lang`` (BCP 47 shape), or a ``UsageError``."""
    if not _LANG_TAG.fullmatch(code):
        raise UsageError(f'bad language code "{code}"; expected a BCP 47 tag such as en, fr, de-AT')
    return code


def slug(name: str) -> str:
    """A document id from a file stem: lower case ASCII, ``-`` for other characters, an NCName.

    A name with no Latin letter or digit (``日本語``) gets ``d-`` and a short hash of the name,
    so two such files in one corpus still get different ids.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    value = _SLUG_JUNK.sub("-", ascii_name.lower()).strip("-._")
    if not value:
        if not name.strip():
            return "document"
        return "d-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    return value if value[0].isalpha() else "d-" + value


def _is_day(value: str) -> bool:
    """``YYYY-MM-DD`` naming a real day (2026-02-30 is not one)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True
