"""Read how many people took part, and how many were arrested, hurt or killed: sentence text -> CrowdSize, Violence."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .models import Count, CrowdSize, Span, Violence
from .prefilter import may_match

# ---------------------------------------------------------------------------------------------
# Numbers: numerals, number words and vague quantities
# ---------------------------------------------------------------------------------------------

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}  # fmt: skip
# Multipliers after a number; lakh and crore are the South Asian 100,000 and 10,000,000.
_MULTIPLIERS = {
    "hundred": 100, "thousand": 1000, "k": 1000, "million": 1_000_000, "mn": 1_000_000, "m": 1_000_000,
    "lakh": 100_000, "lakhs": 100_000, "crore": 10_000_000, "crores": 10_000_000, "dozen": 12,
}  # fmt: skip
# Vague quantities as intervals. EVENT_RECORD.md fixes "dozens" 24-99, "hundreds" 100-999 and "thousands"
# 1000-9999; the rest follow the same reading (the smallest plural of the unit up to the next unit).
VAGUE_SIZES: dict[str, tuple[int | None, int | None]] = {
    "hundreds of thousands": (100_000, 999_999), "tens of thousands": (10_000, 99_999),
    "several hundred thousand": (200_000, 999_999), "a few hundred thousand": (200_000, 500_000),
    "several million": (2_000_000, 9_999_999), "millions": (1_000_000, None),
    "thousands": (1000, 9999), "many thousands": (2000, 9999), "several thousand": (2000, 9999),
    "a few thousand": (2000, 5000), "a couple of thousand": (2000, 3000), "a couple thousand": (2000, 3000),
    "hundreds": (100, 999), "many hundreds": (200, 999), "several hundred": (200, 999),
    "a few hundred": (200, 500), "a couple of hundred": (200, 300), "a couple hundred": (200, 300),
    "dozens": (24, 99), "several dozen": (30, 99), "a few dozen": (24, 60), "a couple of dozen": (24, 30),
    "scores": (40, 99), "a handful": (3, 10), "a few": (3, 9), "several": (3, 9),
}  # fmt: skip
# Vague words too loose to size a crowd but fine for counting victims are the last two; see _COUNTABLE_VAGUE.
_CROWD_VAGUE = {key: value for key, value in VAGUE_SIZES.items() if key not in ("a few", "several")}

_WORD_SMALL = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven"
    r"|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen)"
)
_WORD_NUMBER = (
    rf"(?:(?=thousand|hundred|lakh)(?:(?<=than\s)|(?<=over\s)|(?<=about\s)|(?<=around\s)|(?<=nearly\s)|(?<=some\s))"
    rf"(?:thousand|hundred|lakh)\b"
    rf"|half\s+a\s+million|a\s+quarter(?:\s+of)?\s+a\s+million"
    rf"|(?:{_WORD_SMALL}|a|an)\s+(?:hundred|thousand|million|lakhs?|crores?|dozen)"
    rf"(?:\s+(?:and\s+)?(?:{_WORD_SMALL}\s+)?(?:hundred|thousand|million)|\s+(?:and\s+)?{_WORD_SMALL})*"
    rf"|{_WORD_SMALL})"
)
# "3,000", "1,00,000" (Indian grouping), "1.2 million", "3k", "10 lakh".
_NUMERAL = (
    r"(?:\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d\d)+,\d{3}|\d+)(?:\.\d+)?"
    r"(?:\s?(?:million|thousand|hundred|lakhs?|crores?)\b|(?:k|m|mn)\b)?"
)
_NUMBER = rf"(?:{_NUMERAL}|{_WORD_NUMBER})"
_VAGUE = "|".join(re.escape(words).replace(r"\ ", r"\s+") for words in sorted(VAGUE_SIZES, key=len, reverse=True))

# Hedges: a lower bound, an upper bound, or an approximate figure (read as the figure itself).
_AT_LEAST = (
    r"at\s+least|more\s+than|just\s+over|over|well\s+over|upwards\s+of|in\s+excess\s+of|no\s+fewer\s+than|no\s+less\s+than"
    r"|not\s+less\s+than|above|well\s+above|exceeding|beyond"
)
# "up to 300" is read as null-300: the text gives no floor, and a chosen floor would be a guess. So is "nearly
# 300": a little short of the figure (the development set codes it so).
_AT_MOST = (
    r"up\s+to|as\s+many\s+as|fewer\s+than|less\s+than|under|at\s+most|no\s+more\s+than|not\s+more\s+than"
    r"|nearly|almost|close\s+to|just\s+under|just\s+short\s+of"
)
_ABOUT = (
    r"some|about|around|roughly|approximately|approx\.|an\s+estimated|estimated"
    r"|perhaps|possibly|maybe|an\s+approximate|a\s+reported|reportedly|an\s+average\s+of"
    r"|closer\s+to|nearer\s+to|nearer|near|over\s+a|about\s+a|some\s+a"
)
_FIGURE = re.compile(
    rf"(?<![\w$€£¥₹.,:/-])(?:(?P<hedge>{_AT_LEAST}|{_AT_MOST}|{_ABOUT})\s+)?(?:(?P<between>between|from)\s+)?"
    rf"(?:(?P<low>{_VAGUE}|{_NUMBER})\s*(?P<joiner>-(?=\s*\d)|–|to|or|and)\s*)?(?P<number>{_VAGUE}|{_NUMBER})"
    rf"(?![\w%.,]\w|[%\w$€£])",
    re.IGNORECASE,
)
# A figure needs a digit or one of these words; checking first spares sentences without any (see _may_hold_figure).
_DIGIT = re.compile(r"\d")
_NUMBER_WORDS = re.compile(
    r"hundred|thousand|million|dozen|score|handful|lakh|crore|few|several|half|quarter|\b(?:one|two|three|four"
    r"|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b",
    re.IGNORECASE,
)
_HEDGE_KIND = (
    (re.compile(rf"(?:{_AT_LEAST})$", re.IGNORECASE), "at least"),
    (re.compile(rf"(?:{_AT_MOST})$", re.IGNORECASE), "at most"),
)


def number_value(words: str) -> int | None:
    """Return the value of a numeral or number words ("3,000", "1.2 million", "two hundred", "3k").

    Returns None for anything else; vague quantities ("hundreds") are intervals, see VAGUE_SIZES.
    """
    words = " ".join(words.lower().replace("-", " ").split())
    if words == "half a million":
        return 500_000
    if words.startswith("a quarter"):
        return 250_000
    digits = re.fullmatch(r"([\d,]+(?:\.\d+)?)\s?([a-z]+)?", words)
    if digits:
        value = float(digits[1].replace(",", ""))
        unit = digits[2]
        if unit and unit not in _MULTIPLIERS:
            return None
        return int(round(value * (_MULTIPLIERS[unit] if unit else 1)))
    total = current = 0
    for word in words.split():
        if word == "and":
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in ("hundred", "dozen"):
            current = max(current, 1) * _MULTIPLIERS[word]
        elif word in _MULTIPLIERS:
            total += max(current, 1) * _MULTIPLIERS[word]
            current = 0
        else:
            return None
    return total + current or None


def _interval(words: str) -> tuple[int | None, int | None] | None:
    vague = " ".join(words.lower().split())
    if vague in VAGUE_SIZES:
        return VAGUE_SIZES[vague]
    value = number_value(words)
    return None if value is None else (value, value)


def _multiplier(words: str) -> int:
    last = words.lower().split()[-1] if words.split() else ""
    unit = re.sub(r"^[\d.,]+", "", last)
    return _MULTIPLIERS.get(unit, 1) if unit in ("thousand", "million", "k", "m", "mn", "lakh", "lakhs") else 1


def _figure_interval(match: re.Match[str]) -> tuple[int | None, int | None] | None:
    """Return the interval a _FIGURE match states, applying its hedge and range; None if not a figure."""
    number = _interval(match["number"])
    if number is None:
        return None
    low, high = number
    if match["low"]:
        joiner = match["joiner"].lower()
        if joiner == "and" and not match["between"]:
            return None  # "200 and 300 people" without "between" is two groups, read from the second
        first = _interval(match["low"])
        if first is None:
            return None
        first_low = first[0]
        # "5 to 10 thousand": the multiplier of the second number applies to the first.
        scale = _multiplier(match["number"])
        if first_low is not None and high is not None and _multiplier(match["low"]) == 1 and first_low * scale <= high:
            first_low *= scale
        if first_low is not None and high is not None and first_low > high:
            return None  # "10-3" is a score or a date, not a range
        low = first_low
    hedge = " ".join((match["hedge"] or "").lower().split())
    for pattern, kind in _HEDGE_KIND:
        if hedge and pattern.fullmatch(hedge):
            if kind == "at least":
                return (low, None)
            return (None, high)
    return (low, high)


# ---------------------------------------------------------------------------------------------
# Is a figure about the crowd?
# ---------------------------------------------------------------------------------------------

# Who can make up a crowd. Anything else after a number ("30,000 political prisoners") is no crowd.
CROWD_NOUNS = (
    r"protesters|protestors|demonstrators|people|persons|participants|marchers|activists|supporters|students|"
    r"workers|farmers|teachers|doctors|nurses|residents|women|men|villagers|employees|members|pensioners|"
    r"retirees|youths?|rioters|strikers|mourners|expatriates|exiles|opponents|fans|citizens|lawyers|miners|"
    r"drivers|truckers|campaigners|individuals|others|parents|mothers|veterans|believers|worshippers|monks|"
    r"nuns|priests|clerics|refugees|migrants|immigrants|locals|traders|vendors|shopkeepers|merchants|"
    r"peasants|labou?rers|staff|volunteers|picketers|pickets|unionists|trade\s+unionists|cyclists|bikers|"
    r"motorcyclists|taxi\s+drivers|journalists|artists|musicians|academics|scientists|physicians|"
    r"health\s+workers|civil\s+servants|counter-protesters|counterprotesters|attendees|walkers|runners|souls|"
    r"families|survivors|schoolchildren|children|pupils|cadres|commuters|tribals|dalits|adivasis|hawkers|weavers|"
    r"growers|planters|youngsters|christians|muslims|hindus|sikhs|buddhists|jews|kurds|uyghurs|uygurs|"
    r"agitators|advocates|sympathi[sz]ers|ryots|devotees|housewives|homemakers|graduates|trainees|interns|"
    r"professors|lecturers|inmates|tamils|arabs|tenants|renters|"
    r"(?!police|security|army)[a-z-]*(?:workers|dwellers|seekers|holders|owners|goers|fishermen|activists|leaders|operators|helpers)"
)
# A plural demonym ("12 Nigerians") counts only when the caller's gazetteer knows it (is_group).
_DEMONYM = r"[A-Z][a-z]+(?:s|ese|ish|ch)"
# Words that may stand between a number and its crowd noun ("some 3,000 angry young protesters")
# must not be function words, units or other countable things ("200 tractors carrying farmers").
_NOT_MODIFIER = (
    r"(?:the|a|an|of|from|in|at|on|to|and|or|with|for|than|by|as|were|was|are|is|be|been|had|have|has|who|that"
    r"|their|his|her|its|our|them|those|these|whom|whose"
    r"|which|police|policemen|officers|soldiers|troops|guards|security|km|kilomet\w*|miles?|met\w*|feet|foot"
    r"|yards?|hectares?|acres?|years?|months?|weeks?|days?|hours?|minutes?|percent|per|dollars?|euros?|pounds?"
    r"|rupees?|yuan|naira|rand|pesos?|cases?|votes?|signatures?|seats?|jobs?|homes?|houses?|vehicles?|cars?"
    r"|buses|trucks?|tractors?|boats?|bikes?|arrested|detained|injured|wounded|killed|dead|jailed|missing|hurt"
    r"|hospitali[sz]ed|executed|displaced|evacuated|laid|fired|sacked|times?|copies|tonnes?|tons?|kg|litres?"
    r"|cities|towns|countries|states|districts|places|locations|venues|schools|companies|firms|factories"
    r"|branches|organi[sz]ations|groups|unions|parties|nations|january|february|march|april|may|june|july|august"
    r"|september|october|november|december|one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred"
    r"|thousand|million)\b"
)
_MODIFIER = rf"(?!{_NOT_MODIFIER})[A-Za-z][\w'’-]*"
# A group's name between a figure and its noun or verb: "20 Economic Freedom Fighters gathered", "30 DAB and
# Civil Force members".
_GROUP_NAME = r"(?:\s+(?-i:[A-Z][\w'’.&-]*)(?:\s+(?:and|of)(?=\s+(?-i:[A-Z])))?){0,5}"
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_NOUN_AFTER = re.compile(
    rf"(?:\s+of(?:\s+the)?)?{_GROUP_NAME}(?:\s+{_MODIFIER}){{0,3}}?\s+(?P<noun>{CROWD_NOUNS})\b", re.IGNORECASE
)
# A plural demonym must be capitalised unless the whole text is lower-cased (checked by the caller's is_group).
_DEMONYM_AFTER = re.compile(rf"(?:\s+of(?:\s+the)?)?(?:\s+{_MODIFIER}){{0,3}}?\s+(?P<noun>{_DEMONYM})\b")
# What crowds do: "Thousands marched", "some 3,000 took to the streets".
_CROWD_VERBS = (
    r"marched|rallied|gathered|protested|demonstrated|joined|took\s+part|take\s+part|taking\s+part|took\s+to"
    r"|turned\s+out|turned\s+up|showed\s+up|came\s+out|attended|participated|poured|flocked|thronged|converged"
    r"|massed|assembled|filled|packed|lined|blocked|occupied|chanted|walked|staged|braved|defied|swarmed"
    r"|held\s+(?:a|an|the|their|placards|banners|signs|candles|up)"
    r"|streamed|congregated|camped|formed|waved|carried|descended|answered|responded|stood|sat|shouted|sang"
    r"|marching|rallying|gathering|protesting|demonstrating|gathers?|march(?:es)?|rall(?:y|ies)|protests?"
    r"|demonstrate|attend|joins?|take\s+to|takes\s+to|turn\s+out|flock|pour|throng|fill|block"
    r"|(?:have|had|were|are)\s+(?:been\s+)?(?:marching|protesting|gathering|rallying|demonstrating|camped)"
    r"|(?:were|are)\s+(?:present|there|on\s+the\s+streets|in\s+attendance|expected|gathered|assembled)"
    r"|(?:is|was)\s+expected|raised\s+slogans|shouted\s+slogans|laid\s+siege|took\s+out|gheraoed|sang|danced"
)
_VERB_AFTER = re.compile(
    rf"{_GROUP_NAME}(?:\s+(?:more|also|reportedly|again|then|still|later|eventually|initially|had|have|people"
    rf"|others|of\s+them|yesterday|today|tonight|here|there|on\s+{_WEEKDAY}|\w+ly)){{0,2}}(?:\s+to)?"
    rf"\s+(?:{_CROWD_VERBS})\b",
    re.IGNORECASE,
)
# "a 5,000-strong crowd"
_STRONG_AFTER = re.compile(r"[-\s]strong\b", re.IGNORECASE)
# Words before a figure that make it the crowd's size: "a crowd of", "turnout of", "drew", "numbering".
_ANCHOR_BEFORE = re.compile(
    r"\b(?:crowds?|turnout|attendance|throngs?|numbering|numbered|drew|draws|drawing|attracted|attracting"
    r"|brought\s+out|mobili[sz]ed|mobili[sz]ing|gathering|participation|march(?:es)?\s+of|rally\s+of"
    r"|number\s+of\s+(?:protesters|participants|demonstrators|people|marchers))\b[^.;:\d]{0,40}$",
    re.IGNORECASE,
)
# A second, competing figure: "organizers claimed 20,000", "organizers at 20,000".
_CLAIM_BEFORE = re.compile(
    r"\b(?:said|says|say|claimed|claims|claim|estimated|estimates|estimate|put|puts|counted|reported|gave"
    r"|cited|at|was|were)(?:\s+(?:it|that|there\s+were|the\s+(?:figure|number|total|turnout|crowd|attendance"
    r"|count))(?:\s+(?:at|was|as|to\s+be))?)?\s+$",
    re.IGNORECASE,
)
# After a figure read from an anchor or a claim, only an ending, a joining word or a crowd word may follow.
_FOLLOW_OK = re.compile(
    r"(?:\s*(?:$|[,.;:)—–]|-(?!\w))|\s+(?:while|whereas|but|and|or|in|on|at|to|according|as|with|by|from|for"
    r"|although|though|police|organi[sz]ers|the|who|that|which|said|say|says|claimed|people|protesters|"
    r"demonstrators|participants|marchers|strong|when|after|before|despite|against|outside|near|along)\b)",
    re.IGNORECASE,
)
# A number of people arrested, killed or hurt is not the crowd's size.
# "held" and "missing" only in the passive: "200 people held a vigil" is a crowd.
_VICTIM_AFTER = re.compile(
    r"(?:\s*[,—–(][^.;()]{1,100}?[,—–)]"
    r"|\s+who(?=\s+(?:were|was)\b)|\s+(?:of|from|in|at|and|who|\w+ing)\s+(?:(?!\b(?:where|which|when|while|after|before|because|to)\b)[^,.;])"
    r"{1,100}?(?=\s+(?:were|was|had|have|are)\b))?"
    r"\W*(?:(?:were|was|had\s+been|have\s+been|are|being|got)\s+(?:\w+\s+)?(?:held|missing|laid\s+off)|"
    r"(?:(?:were|was|had\s+been|have\s+been|are|being|got)\s+)?(?:\w+\s)?(?:arrested|detained|killed|dead|died"
    r"|injured|wounded|executed|hurt|jailed|hospitali[sz]ed|massacred|murdered|shot|disappeared|deported"
    r"|displaced|evacuated|infected|sentenced|charged|imprisoned|taken\s+into\s+custody|abducted|kidnapped|signed"
    r"|booked|convicted|rescued|trapped|stranded|affected|evicted|thrown\s+out|homeless|placed\s+in\s+(?:\w+\s+)?detention"
    r"|(?:taken|admitted|rushed)\s+to\s+(?:a\s+|the\s+)?hospital))\b",
    re.IGNORECASE,
)
_VICTIM_BEFORE = re.compile(
    r"\b(?:arrested|detained|killed|injuring|injured|killing|wounding|wounded|arresting|detaining|executed|charged"
    r"|booked|convicted|abducted|kidnapped|fired|dismiss(?:ed|ing)?|sacked|sentenced|questioned|picked\s+up|rescued"
    r"|evacuated|displaced|lost|against|recover|shot\s+dead|shot|including|includes|include|suffered\s+by|its|their"
    r"|removed|mowed\s+down|massacred|murdered|butchered|into\s+custody|custody\s+of|out\s+of|leaving|left|injuries\s+to|evicted"
    r"|his|her|our|jailed|deported|freed|released|placed|claimed\s+the\s+lives\s+of"
    r"|massacre\s+of|killing\s+of|deaths?\s+of|murder\s+of|execution\s+of|arrests?\s+of|detention\s+of"
    r"|release\s+of|signed\s+by|signatures\s+of|petition\s+of|represent\w*|employs|employing|home\s+to"
    r"|population\s+of|union\s+of|membership\s+of|has|have|with\s+(?:a\s+)?membership\s+of|aged|age|ages"
    r"|help|helps|helped|helping|benefit\w*|feed|feeds|feeding|compensat\w*|provid\w*|affects|affecting)"
    r"(?:\s+(?:along|together)\s+with)?(?:\s+(?:all|the|some|about|around|nearly|at\s+least|more\s+than|over|up\s+to))?"
    r"\s+$"
    # a possessive is a population ("Xinjiang's 20 million people"); a month before is a date ("June 4 protests")
    r"|['’]s?\s+$|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+$",
    re.IGNORECASE,
)
_YEAR_LIKE = re.compile(r"(?:1[89]|20)\d\d")
_OF_BEFORE = re.compile(r"\b(?P<head>[a-z]+)\s+of\s+(?:the\s+|some\s+|about\s+|around\s+)?$", re.IGNORECASE)
_GATHERING_HEADS = frozenset({
    "group", "groups", "crowd", "crowds", "gathering", "march", "rally", "procession", "contingent", "total",
    "turnout", "attendance", "delegation", "batch", "band", "convoy", "caravan", "throng", "sea", "mob", "column",
    "assembly", "participation", "presence", "team", "tens", "hundreds", "thousands", "strike", "protest",
    "demonstration", "sit-in", "vigil", "chain", "army", "body", "estimate", "number", "figure", "out",
})  # fmt: skip
_MONTH_AFTER = re.compile(
    r"\s+(?-i:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar"
    r"|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?(?!\s+(?:for|of|on|against|to|through|Day)\b)"
)
# A day of the month in any case: "on 13 march 2021" in lower-cased text, "on 8 March to demand", "18 march 2024"
# ("13 march" would otherwise read as "13 marched").
_ANY_MONTH_AFTER = re.compile(
    r"\s+(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr"
    r"|jun|jul|aug|sept?|oct|nov|dec)\b\.?(?P<year>,?\s+(?:1[89]|20)\d\d\b)?",
    re.IGNORECASE,
)
_DATE_WORD_BEFORE = re.compile(
    r"\b(?:on|since|from|until|till|by|before|after|(?:mon|tues|wednes|thurs|fri|satur|sun)day,?)\s+$", re.IGNORECASE
)
# Generic people who attack are not a crowd of protesters: "dozens of masked men chased and beat commuters",
# "a group of 30 people attacked the bus".
_GENERIC_PEOPLE = frozenset({"people", "persons", "men", "youths", "youth", "individuals", "others"})
_ATTACK_AFTER = re.compile(
    r"(?:\s+(?:\w+ly|then|also|had|have|who))*\s+(?:chased|beat|attacked|assaulted|stabbed|hacked|ambushed"
    r"|abducted|kidnapped|robbed|lynched|clubbed|thrashed|raped|shot\s+at)\b",
    re.IGNORECASE,
)
# People a figure is given to or done for are beneficiaries: "house sites to 18 families", "jobs for 500 youths";
# a crowd that grows to a figure is not ("the crowd swelled to 5,000").
_DATIVE_BEFORE = re.compile(
    r"\b(?<!swelled )(?<!grew )(?<!rose )(?<!up )(?:to|for)\s+(?:the\s+|all\s+)?$", re.IGNORECASE
)
# "More than 1,200 permanent and 600 casual workers": the first figure's noun is the second's.
_ELIDED_AFTER = re.compile(rf"(?:\s+{_MODIFIER})?(?=\s*,?\s+(?:and|plus)\s+)", re.IGNORECASE)
_ELIDED_GAP = re.compile(r"\s*,?\s+(?:and|plus)\s+", re.IGNORECASE)
# A year written before the figure in its clause times the crowd: "in 1956 around 20,000 women marched".
_YEAR_BEFORE = re.compile(
    r"\b(?:in|during|by)\s+(?:the\s+)?(?:[a-z]+\s+)?(?P<year>(?:1[89]|20)\d\d)s?\b[^.;]{0,80}$", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class _Figure:
    start: int
    end: int
    low: int | None
    high: int | None
    claimed: bool  # read as a competing estimate ("organizers claimed 20,000"), not from a crowd word


def _crowd_figure(
    text: str,
    match: re.Match[str],
    window_start: int,
    window_end: int,
    is_group: Callable[[str], bool],
    published: date | None = None,
) -> tuple[_Figure, str] | None:
    """Return the figure and how it was recognised ("noun", "verb", "anchor", "claim"), or None."""
    interval = _figure_interval(match)
    if interval is None:
        return None
    low, high = interval
    number = match["number"]
    if match["between"] and not match["low"]:
        return None  # "an argument between two shopkeepers"
    vague = " ".join(number.lower().split()) in VAGUE_SIZES
    if vague and " ".join(number.lower().split()) not in _CROWD_VAGUE:
        return None
    if not vague and not match["low"] and not match["hedge"] and _YEAR_LIKE.fullmatch(number):
        return None  # "in 2019 protesters ...": a year
    if not vague and (high if high is not None else low or 0) < 2:
        return None
    after = match.end()
    before_text = text[max(window_start, match.start() - 40) : match.start()]
    if _VICTIM_BEFORE.search(before_text) or _VICTIM_AFTER.match(text, after, window_end):
        return None
    if text.startswith("-year", after) or text.startswith(" year", after) or _MONTH_AFTER.match(text, after):
        return None  # ages and dates ("19 March")
    if _is_day_of_month(text, match, before_text):
        return None
    if _DATIVE_BEFORE.search(before_text) and not _ANCHOR_BEFORE.search(before_text):
        return None
    if published is not None and _before_publication_year(text, match.start(), window_start, published):
        return None
    head = _OF_BEFORE.search(before_text)
    if head and head["head"].lower() not in _GATHERING_HEADS:
        return None  # "houses of 100 workers", "the deaths of 192 people"
    kind = ""
    noun = _NOUN_AFTER.match(text, after, window_end)
    if noun is None:
        noun = _DEMONYM_AFTER.match(text, after, window_end)
        if noun is not None and not is_group(noun["noun"]):
            noun = None
    if noun:
        if noun["noun"].lower() == "members" and re.search(r"\b(?:with|has|have|had|of|its)\s+\S*\s*$", before_text):
            return None  # "a union with 200,000 members": membership, not a crowd
        kind = "noun"
        if _VICTIM_AFTER.match(text, noun.end(), window_end):
            return None  # "40 protesters were arrested"
        if noun["noun"].lower() in _GENERIC_PEOPLE and _ATTACK_AFTER.match(text, noun.end(), window_end):
            return None
        if kind:
            after = noun.end()  # the span keeps the noun: "50 protesters"
    if not kind and _VERB_AFTER.match(text, match.end(), window_end):
        kind = "verb"
    if not kind and _STRONG_AFTER.match(text, match.end(), window_end):
        kind = "noun"
    if not kind and _FOLLOW_OK.match(text, match.end(), window_end):
        if _ANCHOR_BEFORE.search(before_text):
            kind = "anchor"
        elif _CLAIM_BEFORE.search(before_text):
            kind = "claim"
    if not kind:
        elided = _elided_end(text, match, window_start, window_end, is_group, published)
        if elided is None:
            return None
        kind, after = "noun", elided
    return _Figure(match.start(), after, low, high, claimed=kind == "claim"), kind


def _is_day_of_month(text: str, match: re.Match[str], before_text: str) -> bool:
    """Return True for "13" in "on 13 march 2021" or "on 8 March to demand": a date, whatever its case."""
    number = match["number"]
    if match["hedge"] or match["low"] or not number.isdigit() or not 1 <= int(number) <= 31:
        return False
    month = _ANY_MONTH_AFTER.match(text, match.end())
    return month is not None and (month["year"] is not None or _DATE_WORD_BEFORE.search(before_text) is not None)


def _before_publication_year(text: str, position: int, window_start: int, published: date) -> bool:
    """Return True when the figure's clause is dated to a year before the last: a past crowd, not this one."""
    clause_start = max(window_start, position - 120)
    for clause_break in _CLAUSE_BREAK.finditer(text, clause_start, position):
        clause_start = clause_break.end()
    year = _YEAR_BEFORE.search(text, clause_start, position)
    return year is not None and int(year["year"]) < published.year - 1


def _elided_end(
    text: str,
    match: re.Match[str],
    window_start: int,
    window_end: int,
    is_group: Callable[[str], bool],
    published: date | None,
) -> int | None:
    """Return where "1,200 permanent" ends in "1,200 permanent and 600 casual workers", else None.

    The figure borrows the crowd noun of the figure right after it, which must be a crowd figure itself.
    """
    elided = _ELIDED_AFTER.match(text, match.end(), window_end)
    if elided is None:
        return None
    gap = _ELIDED_GAP.match(text, elided.end(), window_end)
    following = _FIGURE.match(text, gap.end(), window_end) if gap else None
    if following is None:
        return None
    found = _crowd_figure(text, following, window_start, window_end, is_group, published)
    return elided.end() if found is not None and found[1] == "noun" else None


# ---------------------------------------------------------------------------------------------
# Who gave the figure
# ---------------------------------------------------------------------------------------------

_SOURCE_WORDS = {
    "police": r"(?:local\s+|city\s+|state\s+|federal\s+|national\s+|riot\s+|the\s+)?(?:police|policemen|gendarmerie"
    r"|law\s+enforcement|cops|constabulary|(?-i:[A-Z]\w+)\s+police)",
    "organizers": r"(?:the\s+)?(?:organi[sz]ers|organi[sz]ing\s+(?:committee|group)|protest\s+leaders"
    r"|union(?:s|\s+leaders|\s+officials)?|protesters|demonstrators|activists|campaigners|strikers"
    r"|participants|the\s+movement|march\s+leaders|alliance|coalition|federation|association|the\s+group)",
    "media": r"(?:local\s+|state\s+|the\s+)?(?:media|press|reporters?|journalists?|correspondents?|witness(?:es)?"
    r"|observers?|news\s+agenc(?:y|ies)|(?:news\s+|media\s+)?reports|Reuters(?:\s+witness(?:es)?|\s+reporters?)?"
    r"|AFP(?:\s+journalists?|\s+reporters?)?|(?-i:AP)|the\s+Associated\s+Press|BBC|CNN|Al\s+Jazeera|Xinhua"
    r"|television|TV|broadcasters?|newspapers?)",
    "other": r"(?:the\s+)?(?:officials|authorities|government|(?:interior\s+|home\s+)?ministry|mayor|city\s+hall"
    r"|prefecture|city|municipality|council|researchers|analysts|experts|an?\s+(?:independent\s+)?"
    r"(?:count|estimate|tally)|counting\s+(?:firm|company|group))",
}
_SOURCE = "|".join(f"(?P<{name}>{pattern})" for name, pattern in _SOURCE_WORDS.items())
_SAYS = (
    r"(?:\s+(?:spokes\w+|officials?|sources?|chiefs?))?\s+(?:said|say|says|estimated|estimate|estimates|claimed"
    r"|claim|claims|counted|count|reported|report|gave|cited|figures?|numbers?|counts?|tally"
    r"|puts?\s+(?:it|the\s+(?:crowd|number|figure|turnout|attendance|count|total|size))"
    rf"|at\s+(?=(?:{_AT_LEAST}|{_AT_MOST}|{_ABOUT})?\s*\d))"
)
# A source word is a cue only with "according to" before it or a saying verb after it: "police fired
# tear gas at thousands" does not make the police the source of "thousands".
_ATTRIBUTION = re.compile(
    rf"(?P<lead>\baccording\s+to\s+(?:the\s+|an?\s+)?|\b(?:estimated|counted|reported|claimed|given)\s+by\s+(?:the\s+)?)?"
    rf"\b(?:{_SOURCE})(?P<says>{_SAYS})?",
    re.IGNORECASE,
)
# A clause that gives a figure as someone's estimate: "Mr Szeto claimed 2,000 people joined".
_ESTIMATE_VERB = re.compile(
    r"\b(?:said|says|claimed|claims|estimated|estimates|put|puts|counted|reported|according|figures?)\b", re.IGNORECASE
)
# Clauses that keep two estimates apart: "police put the crowd at 5,000 while organizers claimed 20,000".
_CLAUSE_BREAK = re.compile(r";|\bwhile\b|\bwhereas\b|\bbut\b|\balthough\b|\bthough\b|\bcompared\s+(?:with|to)\b")


def _sources(text: str, start: int, end: int, figures: list[_Figure]) -> tuple[list[tuple[int, str]], list[int]]:
    """Return the source cues (position, source) outside the figures, and where clauses break."""
    cues = []
    for match in _ATTRIBUTION.finditer(text, start, end):
        if not (match["lead"] or match["says"]):
            continue
        name = next(key for key in _SOURCE_WORDS if match[key])
        position = match.start(name)
        if not any(figure.start <= position < figure.end for figure in figures):  # "5,000 protesters said"
            cues.append((position, name))
    breaks = [match.start() for match in _CLAUSE_BREAK.finditer(text, start, end)]
    return cues, breaks


def _competing(
    text: str, figures: list[_Figure], sources: list[str | None], breaks: list[int], start: int, end: int
) -> list[tuple[_Figure, str | None]]:
    """Return the figures that are estimates of one crowd by different people, with their sources.

    A figure counts when it has a source, was read as a claim, or stands in a clause of its own that
    says whose estimate it is, beside an attributed one: "Mr Szeto claimed 2,000 people joined, but
    observers estimated the turnout at between 900 and 1,000."
    """
    paired = list(zip(figures, sources, strict=True))
    competing = [(figure, source) for figure, source in paired if source is not None or figure.claimed]
    if not competing or len(figures) < 2:
        return competing
    bounds = [start, *breaks, end]
    by_clause: dict[int, tuple[_Figure, str | None]] = {}
    for figure, source in paired:
        clause = bisect.bisect(breaks, figure.start)
        estimate = _ESTIMATE_VERB.search(text, bounds[clause], bounds[clause + 1])
        if source is None and not figure.claimed and not estimate:
            continue
        by_clause.setdefault(clause, (figure, source))
    return list(by_clause.values()) if len(by_clause) >= 2 else competing


def _attribute(figures: list[_Figure], cues: list[tuple[int, str]], breaks: list[int]) -> list[str | None]:
    """Give each figure the nearest source cue of its own clause; a lone figure takes a lone source."""
    sources: list[str | None] = []
    for figure in figures:
        clause = bisect.bisect(breaks, figure.start)
        same_clause = [
            (abs(position - figure.start), name) for position, name in cues if bisect.bisect(breaks, position) == clause
        ]
        sources.append(min(same_clause)[1] if same_clause else None)
    if len(figures) == 1 and sources[0] is None and len({name for _, name in cues}) == 1:
        sources[0] = cues[0][1]
    return sources


# ---------------------------------------------------------------------------------------------
# Crowd size
# ---------------------------------------------------------------------------------------------

# One person protesting alone: "to highlight his protest", "her hunger strike would continue", "a lone protester".
_LONE_PROTESTER = re.compile(
    r"\b(?:his|her)\s+(?:own\s+|indefinite\s+|[\w-]+-(?:day|hour)\s+)?(?:hunger\s+strike|fast|protest|sit-in|dharna"
    r"|vigil)\b|\b(?:a\s+)?(?:lone|solitary|one-man|one-woman)\s+(?:protester|protestor|demonstrator|protest|picket)\b",
    re.IGNORECASE,
)
_SUM_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|and|as\s+well\s+as|along\s+with|plus)\s*", re.IGNORECASE)


def extract_size(
    text: str, start: int, end: int, *, is_group: Callable[[str], bool], published: date | None = None
) -> CrowdSize | None:
    """Return the crowd size written in text[start:end] (one sentence), or None if it gives none.

    "50 protesters" is 50-50; "Hundreds of Iranians" 100-999; "more than 5,000" 5000-open; "up to 300"
    open-300 (no floor is guessed); "about 3k", "some 3,000" and "nearly 10,000" are the figure itself;
    "between 200 and 300" keeps both ends. A figure counts when a crowd noun or a plural demonym accepted
    by ``is_group`` follows it, a crowd verb follows it ("Thousands marched"), or a crowd word leads to it
    ("a crowd of 1.2 million", "drew 5,000"); never people arrested, killed or hurt, ages, years, money or
    distances. Competing estimates ("police put the crowd at 5,000 while organizers claimed 20,000") give
    an interval covering both, each kept in ``estimates`` with its ``source``. With ``published``, a figure
    whose clause names a year before the last ("in 1956 around 20,000 women marched") is a past crowd and
    skipped. Neither attackers ("dozens of masked men chased commuters"), beneficiaries ("house sites to 18
    families") nor days of the month ("on 13 march 2021") are crowds. Without a figure, one person protesting
    alone ("his hunger strike", "a lone protester") is 1-1. Sizes stated in another sentence are not seen here.
    """
    figures: list[_Figure] = []
    claims: list[_Figure] = []
    for match in _FIGURE.finditer(text, start, end) if _may_hold_figure(text, start, end) else ():
        found = _crowd_figure(text, match, start, end, is_group, published)
        if found is not None:
            (claims if found[1] == "claim" else figures).append(found[0])
    if not figures:  # a bare "claimed 20,000" is no crowd without a crowd figure beside it
        lone = _LONE_PROTESTER.search(text, start, end)
        return None if lone is None else _size(text, _Figure(lone.start(), lone.end(), 1, 1, claimed=False), None)
    figures = sorted(figures + claims, key=lambda figure: figure.start)
    cues, breaks = _sources(text, start, end, figures)
    sources = _attribute(figures, cues, breaks)
    competing = _competing(text, figures, sources, breaks, start, end)
    if len(competing) >= 2 and len({(figure.low, figure.high) for figure, _ in competing}) > 1:
        return _covering(text, competing)
    first = figures[0]
    size = _size(text, first, sources[0])
    # "200 students and 50 teachers marched": groups listed side by side add up.
    for following, source in zip(figures[1:], sources[1:], strict=True):
        if source != sources[0] or not _SUM_GAP.fullmatch(text, size.span.end if size.span else 0, following.start):
            break
        if size.low is None or following.low is None:
            break
        # "more than 1,200 permanent and 600 casual workers" is at least 1,800: an open end stays open.
        span_text = text[first.start : following.end]
        size = CrowdSize(
            low=size.low + following.low,
            high=None if size.high is None or following.high is None else size.high + following.high,
            text=span_text,
            span=Span(start=first.start, end=following.end, text=span_text),
            source=source,
        )
    return size


def _may_hold_figure(text: str, start: int, end: int) -> bool:
    """Tell whether text[start:end] holds a digit or a number word, without which it holds no _FIGURE."""
    if _DIGIT.search(text, start, end):
        return True
    return may_match(_NUMBER_WORDS, text, start, end) and _NUMBER_WORDS.search(text, start, end) is not None


def _size(text: str, figure: _Figure, source: str | None) -> CrowdSize:
    words = text[figure.start : figure.end]
    return CrowdSize(
        low=figure.low,
        high=figure.high,
        text=words,
        span=Span(start=figure.start, end=figure.end, text=words),
        source=source,
    )


def _covering(text: str, competing: list[tuple[_Figure, str | None]]) -> CrowdSize:
    """Return one interval covering competing estimates; an open end stays open."""
    lows = [figure.low for figure, _ in competing]
    highs = [figure.high for figure, _ in competing]
    low = None if None in lows else min(value for value in lows if value is not None)
    high = None if None in highs else max(value for value in highs if value is not None)
    if low is None and high is None:
        low = min((value for value in lows if value is not None), default=None)
    first, last = competing[0][0], competing[-1][0]
    span_text = text[first.start : last.end]
    sources = {source for _, source in competing}
    return CrowdSize(
        low=low,
        high=high,
        text=span_text,
        span=Span(start=first.start, end=last.end, text=span_text),
        source=sources.pop() if len(sources) == 1 else None,
        estimates=tuple(_size(text, figure, source) for figure, source in competing),
    )


# ---------------------------------------------------------------------------------------------
# A coder's size tag
# ---------------------------------------------------------------------------------------------

# ACLED-style notes end with the coder's reading of the crowd: "[size=around 200]", "[size=dozens]",
# "[size=no report]"; ACLED's tags column writes "crowd size=hundreds".
_SIZE_TAG = re.compile(r"\[\s*(?:crowd\s+)?size\s*=\s*(?P<value>[^\[\]\n]{0,60}?)\s*\]", re.IGNORECASE)
# How a coder says that the sources give no size.
_NO_SIZE_VALUES = frozenset({"", "no report", "no reports", "not reported", "unknown", "none", "n/a"})
# "100+" is at least 100.
_PLUS_VALUE = re.compile(r"(?P<number>[\d,]+)\s*\+")


@dataclass(frozen=True, slots=True)
class SizeTag:
    """A coder's crowd-size tag; ``size`` is None when the tag says the sources report no size."""

    size: CrowdSize | None


def find_size_tag(text: str) -> SizeTag | None:
    """Return the coder's size tag in ``text`` (the last one), or None when there is none or it cannot be read.

    The value is read like a figure in the text: "around 200" 200-200, "dozens" 24-99, "between 50 and 100"
    50-100, "more than 1000" and "1000+" 1000-open; "no report" is a tag without a size. The size's source is
    "coder" and its span the tag's value. A value that is no figure ("[size=large]") is no tag either, so the
    text's own figures still count.
    """
    tags = list(_SIZE_TAG.finditer(text)) if "=" in text else []
    if not tags:
        return None
    tag = tags[-1]
    value = " ".join(tag["value"].lower().split())
    if value in _NO_SIZE_VALUES:
        return SizeTag(size=None)
    plus = _PLUS_VALUE.fullmatch(value)
    if plus is not None:
        low = number_value(plus["number"])
        interval = None if low is None else (low, None)
    else:
        figure = _FIGURE.fullmatch(value)
        interval = _figure_interval(figure) if figure is not None else None
    if interval is None:
        return None
    start, end = tag.span("value")
    words = text[start:end]
    span = Span(start=start, end=end, text=words)
    size = CrowdSize(low=interval[0], high=interval[1], text=words, span=span, source="coder")
    return SizeTag(size=size)


# ---------------------------------------------------------------------------------------------
# Arrests, injuries, deaths
# ---------------------------------------------------------------------------------------------

# Who can be arrested, hurt or killed; singular nouns go with "one", "a" or "an".
_VICTIMS = (
    r"people|persons|protesters|protestors|demonstrators|activists|students|workers|farmers|marchers|rioters"
    r"|participants|supporters|residents|civilians|children|bystanders|journalists|reporters|women|men|youths?"
    r"|others|(?:police\s+)?officers|policemen|police|security\s+(?:personnel|forces|officers)|soldiers"
    r"|(?:counter-)?protester|demonstrator|person|man|woman|boy|girl|child|teenager|student|journalist"
    r"|activist|officer|policeman|worker|farmer|bystander|of\s+them|leaders|organi[sz]ers"
)
_COUNT = (
    rf"(?:(?:{_AT_LEAST}|{_AT_MOST}|{_ABOUT})\s+)?(?:(?:{_VAGUE}|{_NUMBER})"
    rf"(?:\s+(?:of\s+)?(?:the\s+)?(?:[a-z-]+\s+)?(?:{_VICTIMS}))?|an?\s+(?:[a-z-]+\s+)?(?:{_VICTIMS}))"
)
_ARREST = r"arrested|detained|taken\s+into\s+custody|rounded\s+up|picked\s+up|held\s+in\s+custody|apprehended"
_INJURY = (
    r"injured|wounded|hurt|hospitali[sz]ed|treated\s+for\s+injuries|needed\s+(?:medical\s+)?treatment"
    r"|(?:taken|admitted|rushed)\s+to\s+(?:a\s+|the\s+)?hospital"
)
_DEATH = r"killed|shot\s+dead|dead|died|lost\s+(?:their|his|her)\s+lives?|beaten\s+to\s+death|murdered"
_BE = r"(?:(?:were|was|have\s+been|has\s+been|had\s+been|are|is|being|got|reportedly|allegedly|later|also)\s+)*"
# "23 people were arrested", "police arrested 23", "23 arrests", "the death toll rose to 4", "no one was hurt".
_VIOLENCE = re.compile(
    rf"(?<![\w$€£.,:/-])(?P<count>{_COUNT})(?:\s+{_MODIFIER}){{0,3}}?(?:\s*,[^.;,]{{1,60}},)?\s+{_BE}"
    rf"(?:(?P<arrest>{_ARREST})|(?P<injury>{_INJURY})|(?P<death>{_DEATH}))\b"
    rf"|\b(?:(?P<arrest_verb>arrest(?:ed|ing)|detain(?:ed|ing)|round(?:ed|ing)\s+up)|(?P<injury_verb>injur(?:ed|ing)"
    rf"|wound(?:ed|ing))|(?P<death_verb>kill(?:ed|ing)))\s+(?P<object>{_COUNT})(?![\w-])"
    rf"|\b(?:leaving|left)\s+(?P<left>{_COUNT})\s+(?:(?P<left_injury>{_INJURY})|(?P<left_death>dead|killed))\b"
    rf"|(?<![\w$€£.,:/-])(?P<noun_count>{_COUNT})\s+(?:(?P<arrests>arrests|detentions)|(?P<injuries>injuries)"
    rf"|(?P<deaths>deaths|fatalities))\b"
    rf"|\bdeath\s+toll\s+(?:\w+\s+){{0,2}}?(?:to|of|at|reached|hit|stood\s+at)\s+(?P<toll>{_COUNT})"
    rf"|\b(?:no\s+one|nobody|no-one|none)\s+(?:was|were|had\s+been|has\s+been)\s+(?:\w+\s+)?"
    rf"(?:(?P<zero_arrest>arrested|detained)|(?P<zero_injury>injured|hurt|wounded)|(?P<zero_death>killed))\b"
    rf"|\bno\s+(?:reported\s+|reports\s+of\s+)?(?:(?P<no_arrests>arrests)|(?P<no_injuries>injuries)"
    rf"|(?P<no_deaths>deaths|fatalities))\b",
    re.IGNORECASE,
)
# A count of another time ("killed in the 1988 massacre", "since 2019") is not this event's.
_OTHER_TIME_AFTER = re.compile(
    r"[^.;]{0,30}?\b(?:in\s+(?:the\s+)?(?:[A-Za-z]+\s+)?(?:1[89]|20)\d\d|since|last\s+year|in\s+the\s+past"
    r"|over\s+the\s+years"
    r"|massacre|war|so\s+far\s+this\s+year)\b",
    re.IGNORECASE,
)
_POLICE_ACTION = re.compile(
    r"\b(?:tear[\s-]?gas|water[\s-]cannons?|rubber\s+bullets|pepper[\s-]spray|stun\s+grenades|batons?|baton[\s-]charged?"
    r"|lathi[\s-]?charged?|pellet\s+guns|live\s+(?:fire|ammunition)|kettled|kettling"
    r"|(?:police|officers|security\s+forces|troops|riot\s+police|authorities)\s+(?:\w+\s+)?(?:dispersed|fired|charged"
    r"|clashed|broke\s+up|cleared|opened\s+fire|beat|raided|evicted|removed|stormed|used\s+force)"
    r"|(?:dispersed|broken\s+up|cleared|evicted)\s+by\s+(?:the\s+)?(?:police|security\s+forces|troops)"
    r"|clash(?:ed|es)?\s+with\s+(?:the\s+)?(?:riot\s+)?(?:police|security\s+forces|troops))\b",
    re.IGNORECASE,
)


def _count_interval(words: str) -> tuple[int | None, int | None] | None:
    """Return the interval of a _COUNT phrase: "at least 12 people" 12-open, "one protester" 1-1."""
    match = _FIGURE.match(words)
    if match is None:
        single = re.match(r"(?:an?|one)\s", words, re.IGNORECASE)
        return (1, 1) if single else None
    return _figure_interval(match)


def extract_violence(text: str, start: int, end: int) -> Violence | None:
    """Return the arrests, injuries and deaths written in text[start:end], or None if it reports none.

    Each count is the first one the window gives for its kind ("police arrested 23" 23-23, "at least 12
    people were injured" 12-open, "one protester was killed" 1-1, "no arrests were made" 0-0). Counts
    of another time ("30,000 were killed in the 1988 massacre") are skipped. police_intervention is True
    when the window reports police action (tear gas, dispersal, baton charges, clashes) or an arrest, and
    None otherwise: the text rarely says that police stood by. Does not add up counts given per city.
    """
    # Both patterns are slow (~80 us a sentence) and most windows hold no word of theirs (prefilter, issue 8).
    violent = may_match(_VIOLENCE, text, start, end)
    policed = may_match(_POLICE_ACTION, text, start, end)
    if not (violent or policed):
        return None
    counts: dict[str, Count] = {}
    for match in _VIOLENCE.finditer(text, start, end) if violent else ():
        kind, interval = _violence_reading(match)
        if kind is None or kind in counts or interval is None:
            continue
        if interval != (0, 0) and _OTHER_TIME_AFTER.match(text, match.end(), end):
            continue
        span = Span(start=match.start(), end=match.end(), text=match[0])
        counts[kind] = Count(low=interval[0], high=interval[1], text=match[0], span=span)
    arrests = counts.get("arrests")
    police_action = policed and _POLICE_ACTION.search(text, start, end) is not None
    acted = police_action or bool(arrests and (arrests.high or arrests.low))
    if not counts and not acted:
        return None
    return Violence(
        arrests=arrests,
        injuries=counts.get("injuries"),
        deaths=counts.get("deaths"),
        police_intervention=True if acted else None,
    )


def _violence_reading(match: re.Match[str]) -> tuple[str | None, tuple[int | None, int | None] | None]:
    if match["zero_arrest"] or match["no_arrests"]:
        return "arrests", (0, 0)
    if match["zero_injury"] or match["no_injuries"]:
        return "injuries", (0, 0)
    if match["zero_death"] or match["no_deaths"]:
        return "deaths", (0, 0)
    if match["count"]:
        kind = "arrests" if match["arrest"] else "injuries" if match["injury"] else "deaths"
        return kind, _count_interval(match["count"])
    if match["object"]:
        kind = "arrests" if match["arrest_verb"] else "injuries" if match["injury_verb"] else "deaths"
        return kind, _count_interval(match["object"])
    if match["left"]:
        return ("injuries" if match["left_injury"] else "deaths"), _count_interval(match["left"])
    if match["noun_count"]:
        kind = "arrests" if match["arrests"] else "injuries" if match["injuries"] else "deaths"
        return kind, _count_interval(match["noun_count"])
    if match["toll"]:
        return "deaths", _count_interval(match["toll"])
    return None, None
