"""Find campaign phrases ("rallies in 13 cities") and link an article's events into campaigns."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Span
from .prefilter import may_match

COUNT_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "a hundred": 100, "dozen": 12, "a dozen": 12, "half a dozen": 6,
}  # fmt: skip
PLACE_NOUNS = r"cities|towns|countries|capitals|locations|places|states|provinces|regions|venues"
COUNT = r"\d{1,4}|" + "|".join(sorted(COUNT_WORDS, key=len, reverse=True))
# "in 13 cities", "in dozen cities", "Brussels and 12 other cities", "more than 40 towns"
CAMPAIGN_PHRASE = re.compile(
    rf"\b(?:(?P<and>and|plus)\s+(?P<others>{COUNT})\s+other\s+(?:{PLACE_NOUNS})|"
    rf"(?:in|across|at|over|than|to)\s+(?:some\s+|at least\s+|more than\s+|over\s+|nearly\s+|about\s+)?"
    rf"(?P<count>{COUNT})\s+(?:other\s+|different\s+|major\s+|\w+\s+)?(?:{PLACE_NOUNS})|"
    # a campaign whose number of places the text does not give: "nationwide", "in several cities"
    rf"(?P<unstated>nationwide|countrywide|statewide|across the (?:country|nation|state|province|region)|"
    rf"(?:in|across|to) (?:several|many|various|multiple|numerous|dozens of|scores of|hundreds of) "
    rf"(?:{PLACE_NOUNS})))\b",
    re.IGNORECASE,
)
# Words after a campaign phrase that describe its scope, not a place of one event:
# "in 13 cities across Europe and the US". Used with .match(text, pos), so no "^" (it would only
# match at the start of the whole text).
SCOPE_TAIL = re.compile(
    r"\s+(?:across|in|around|throughout|of)\s+(?:the\s+)?[^,.;:]*?(?=,|\.|;|:|\s+on\s|\s+including\s|$)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignPhrase:
    """A phrase claiming that protests took place in several places."""

    span: Span
    stated_places: int | None
    scope: Span  # the phrase and the scope words after it, where no single event is placed


def find_campaign_phrases(text: str, start: int, end: int) -> list[CampaignPhrase]:
    """Return the campaign phrases in text[start:end] with the number of places they state.

    "in 13 cities", "Brussels and 12 other cities" (13), "in a dozen cities" state a number;
    "nationwide" and "in several cities" state none (``stated_places`` None). Only a counted phrase has
    scope words after it ("13 cities across Europe"): "across the country in Lagos" still places Lagos.
    """
    phrases: list[CampaignPhrase] = []
    # Every sentence of a protest article is read here, and most hold no word of the pattern (prefilter, issue 8).
    for match in CAMPAIGN_PHRASE.finditer(text, start, end) if may_match(CAMPAIGN_PHRASE, text, start, end) else ():
        if match.group("others"):
            stated = _count(match.group("others"))
            stated = stated + 1 if stated is not None else None
        elif match.group("unstated"):
            stated = None
        else:
            stated = _count(match.group("count"))
        tail = None if match.group("unstated") else SCOPE_TAIL.match(text, match.end(), end)
        scope_end = tail.end() if tail else match.end()
        phrases.append(
            CampaignPhrase(
                span=Span(start=match.start(), end=match.end(), text=match.group()),
                stated_places=stated,
                scope=Span(start=match.start(), end=scope_end, text=text[match.start() : scope_end]),
            )
        )
    return phrases


def _count(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return COUNT_WORDS.get(word)
