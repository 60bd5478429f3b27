"""Decide which reports are one event and merge them: Event mentions -> Match, merged Event, clusters.

The rules (issue 6): two records are one event when their place, date and form agree and nothing
contradicts. Place agreement depends on precision (a venue or city within a few km, an admin1 region
much wider, a country only with other strong agreement); dates agree when their ranges overlap with
``DATE_SLACK_DAYS`` of slack; forms agree when they are usually one action (a march and a rally, not a
strike and a vigil). Different organizers with different claims at the same place and day are a
counter-protest: kept apart but ``related``. A record without a date is never merged automatically.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .geo import name_key
from .models import Actor, Claim, Count, CrowdSize, DateRange, Event, Place, Violence

# One day of slack: an event late in the evening is "yesterday" in one time zone and "today" in another,
# and "last night" resolves to the day before publication.
DATE_SLACK_DAYS = 1
# The slack serves dates read against the publication day, which an outlet in another time zone (or a
# night-time event) shifts by a day. Two dates named outright ("Tuesday, 7 March", "on Tuesday") that differ
# by a day are two days: Tbilisi saw protests on 7 and 8 March 2023, London on 13 and 14 March 2021.
LOOSE_DATE = re.compile(
    r"\b(?:yesterday|today|tonight|last night|overnight|this (?:morning|afternoon|evening)|earlier)\b", re.IGNORECASE
)
# Two different named places (a city and its suburb, two venues) count as one place within this distance.
# Brussels to Ixelles is 2.3 km, Lagos to its district Lekki 9.2 km (one #EndSARS protest), Paris to
# Saint-Denis 9.4 km, Brussels to Mechelen 21 km; re-run bench/dedup_eval.py after changing it.
NEARBY_KM = 10.0
# An admin1-level record ("in Bavaria") agrees with a place inside the region; geonames gives admin1 names
# for few places, so the test is the distance from the region's centre.
ADMIN1_KM = 200.0
# A share of the remaining doubt that each further independent report removes, weighted by its own
# confidence: reports copy each other, so two reports are not two independent witnesses.
INDEPENDENT_REPORT_WEIGHT = 0.5
MAX_CONFIDENCE = 0.99

PRECISION_RANK = {"venue": 0, "city": 1, "admin1": 2, "country": 3, "unknown": 4}
# Countries that are one city: "in Hong Kong" resolved to the country is as precise as a city.
CITY_STATES = frozenset({"HK", "MO", "SG", "MC", "VA", "GI"})
DATE_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
DATE_BASIS_RANK = {"explicit": 0, "relative": 1, "publication": 2, "none": 3}
# occurred wins over everything ("planned vs occurred merge into the occurred event"); a cancellation is
# later news than the plan it cancels.
STATUS_RANK = {"occurred": 0, "ongoing": 1, "cancelled": 2, "planned": 3, "called": 4}
GENERIC_FORMS = ("demonstration", "other")
COUNTER_PROTEST = re.compile(r"\bcounter[- ]?(?:protest|demonstrat|rall|march)", re.IGNORECASE)

# How often two forms name one action, 0..1; pairs not listed score DIFFERENT_FORMS. "demonstration" is
# what a report says when it does not say more, so it agrees with every gathering.
FORM_AGREEMENT: dict[frozenset[str], float] = {
    frozenset(pair): score
    for pair, score in (
        (("demonstration", "march"), 0.9),
        (("demonstration", "rally"), 0.9),
        (("demonstration", "vigil"), 0.8),
        (("demonstration", "sit-in"), 0.8),
        (("demonstration", "blockade"), 0.8),
        (("demonstration", "occupation"), 0.8),
        (("demonstration", "riot"), 0.8),
        (("demonstration", "strike"), 0.6),
        (("demonstration", "hunger-strike"), 0.5),
        (("demonstration", "boycott"), 0.5),
        (("demonstration", "exhibition"), 0.5),
        (("march", "rally"), 0.9),
        (("march", "vigil"), 0.6),
        (("march", "riot"), 0.7),
        (("march", "blockade"), 0.6),
        (("march", "strike"), 0.6),
        (("rally", "vigil"), 0.7),
        (("rally", "sit-in"), 0.6),
        (("rally", "blockade"), 0.6),
        (("rally", "riot"), 0.6),
        (("rally", "strike"), 0.6),
        (("rally", "exhibition"), 0.5),
        (("sit-in", "occupation"), 0.9),
        (("sit-in", "blockade"), 0.7),
        (("sit-in", "hunger-strike"), 0.6),
        (("sit-in", "strike"), 0.5),
        (("blockade", "occupation"), 0.6),
        (("blockade", "riot"), 0.6),
        (("blockade", "strike"), 0.6),
        (("riot", "strike"), 0.5),
        (("strike", "boycott"), 0.5),
    )
}
DIFFERENT_FORMS = 0.2
# Unknown form ("other") neither agrees nor contradicts.
OTHER_FORM = 0.6
FORMS_AGREE = 0.5

# Weights of the parts of a match's score; the score only ranks candidates, the gates decide.
SCORE_WEIGHTS = {"place": 0.4, "date": 0.3, "form": 0.15, "actors": 0.15}

_WORD = re.compile(r"[^\W\d_]+")
# Words that say nothing about what a claim is about; claims are compared on their other words of 4+ letters.
STOP_WORDS = frozenset(
    _WORD.findall(
        "from against over about into their them that this these those which what demand demands demanded "
        "demanding call calls called calling protest protests protested protesting protesters rally rallies "
        "march marches people government"
    )
)
ACRONYM_STOP_WORDS = frozenset({"of", "for", "the", "and", "in", "de", "du", "des", "la", "le", "&", "on"})
# A word's first letters stand for the word in claims written differently ("prosecuted" / "prosecution").
STEM_LETTERS = 6


@dataclass(frozen=True, slots=True, kw_only=True)
class Match:
    """How two records relate: one event (``same``), linked (``related``), or neither."""

    same: bool  # the two records report one event: merge them
    related: bool  # not one event but linked (a counter-protest on the same square and day)
    score: float  # 0..1, higher is closer; chooses among several candidates
    reason: str  # for the change log: "same city Brussels (0.0 km), dates overlap 2021-09-21, forms agree"


NO_MATCH_SCORE = 0.0


# -- the parts of a comparison ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Part:
    """One part of a comparison: whether it agrees, how closely, why, and whether it needs backing."""

    agrees: bool
    score: float
    reason: str
    needs_backing: bool = False  # agrees only with other evidence (see compare)
    strong_backing: bool = True  # only a shared actor or claim backs it, not the same venue or form


def article_of(event_id: str) -> str | None:
    """Return the article id of a mention id ("ARTICLE#n"), or None for another kind of id."""
    article, separator, number = event_id.rpartition("#")
    return article if separator and article and number.isdigit() else None


def distance_km(first: Place, second: Place) -> float | None:
    """Return the great-circle distance between two places in km, or None when either has no coordinates."""
    if first.lat is None or first.lon is None or second.lat is None or second.lon is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (first.lat, first.lon, second.lat, second.lon))
    haversine = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(haversine)))


def _precision(place: Place) -> str:
    return "city" if place.precision == "country" and place.country in CITY_STATES else place.precision


def _same_city(first: Place, second: Place) -> bool:
    if first.country in CITY_STATES and first.country == second.country:
        return True
    if first.geonames_id is not None and first.geonames_id == second.geonames_id:
        return True
    return bool(
        first.name and second.name and first.country == second.country and name_key(first.name) == name_key(second.name)
    )


def _place_label(place: Place) -> str:
    return place.name or place.text


def _compare_places(first: Place | None, second: Place | None) -> _Part:
    """Compare two places at the precision of the coarser one."""
    if first is None or second is None:
        return _Part(False, 0.0, "no place to compare")
    if first.country and second.country and first.country != second.country:
        return _Part(False, 0.0, f"different countries {first.country}/{second.country}")
    distance = distance_km(first, second)
    km = f" ({distance:.1f} km)" if distance is not None else ""
    coarser = max(_precision(first), _precision(second), key=lambda p: PRECISION_RANK.get(p, 4))
    if coarser in ("venue", "city"):
        if first.precision == "venue" and second.precision == "venue":
            if first.venue and second.venue and name_key(first.venue) == name_key(second.venue):
                return _Part(True, 1.0, f"same venue {first.venue}, {_place_label(first)}{km}")
            if distance is not None and distance <= NEARBY_KM / 4 or _same_city(first, second):
                # a march passes several venues; two venues of one city on one day are usually one event
                return _Part(True, 0.75, f"same city {_place_label(first)}, venues {first.venue}/{second.venue}{km}")
        if _same_city(first, second):
            return _Part(True, 0.9, f"same city {_place_label(first)}{km}")
        if distance is not None and distance <= NEARBY_KM:
            return _Part(True, 0.7, f"nearby places {_place_label(first)}/{_place_label(second)}{km}")
        return _Part(False, 0.0, f"different places {_place_label(first)}/{_place_label(second)}{km}")
    if coarser == "admin1":
        same_region = bool(first.admin1 and second.admin1 and name_key(first.admin1) == name_key(second.admin1))
        if same_region or (distance is not None and distance <= ADMIN1_KM):
            return _Part(True, 0.5, f"same region {_place_label(first)}/{_place_label(second)}{km}")
        return _Part(False, 0.0, f"different regions {_place_label(first)}/{_place_label(second)}{km}")
    if coarser == "country":
        if first.country and first.country == second.country:
            return _Part(True, 0.3, f"same country {first.country}", needs_backing=True)
        return _Part(False, 0.0, "countries unknown")
    # unresolved places: only the written name can agree
    if name_key(first.text) == name_key(second.text):
        return _Part(True, 0.5, f"same unresolved place {first.text}", needs_backing=True)
    return _Part(False, 0.0, f"unresolved places {first.text}/{second.text}")


def _date_text(start: date, end: date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()}..{end.isoformat()}"


def is_loose(when: DateRange) -> bool:
    """Say whether a date was read against the publication day ("yesterday", "last night", "today")."""
    return when.basis == "publication" or (when.basis == "relative" and bool(LOOSE_DATE.search(when.text or "")))


def _compare_dates(first: DateRange, second: DateRange) -> _Part:
    """Compare two date ranges, with DATE_SLACK_DAYS of slack."""
    if first.start is None or second.start is None:
        return _Part(False, 0.0, "no date: never merged automatically")
    first_end, second_end = first.end or first.start, second.end or second.start
    gap = (max(first.start, second.start) - min(first_end, second_end)).days
    if gap > DATE_SLACK_DAYS:
        return _Part(
            False,
            0.0,
            f"dates {_date_text(first.start, first_end)}/{_date_text(second.start, second_end)} are {gap} days apart",
        )
    vague = max(first.precision, second.precision, key=lambda p: DATE_PRECISION_RANK.get(p, 4))
    if DATE_PRECISION_RANK.get(vague, 4) >= DATE_PRECISION_RANK["month"]:
        overlap = f"{_date_text(first.start, first_end)}/{_date_text(second.start, second_end)}"
        return _Part(True, 0.4, f"dates overlap {overlap} at {vague} precision", needs_backing=True)
    if gap > 0:
        overlap = f"{_date_text(first.start, first_end)}/{_date_text(second.start, second_end)}"
        if not (is_loose(first) or is_loose(second)):
            return _Part(False, 0.0, f"dates {overlap} are named outright and {gap} day apart")
        return _Part(True, 0.6, f"dates within a day {overlap}", needs_backing=True, strong_backing=False)
    if (first.start, first_end) == (second.start, second_end):
        return _Part(True, 1.0, f"dates overlap {_date_text(first.start, first_end)}")
    common_start, common_end = max(first.start, second.start), min(first_end, second_end)
    return _Part(True, 0.8, f"dates overlap {_date_text(common_start, max(common_start, common_end))}")


def form_agreement(first: str, second: str) -> float:
    """Return how often two forms name one action, 0..1 (1.0 for the same form)."""
    if first == second:
        return 1.0
    if "other" in (first, second):
        return OTHER_FORM
    return FORM_AGREEMENT.get(frozenset((first, second)), DIFFERENT_FORMS)


def _compare_forms(first: str, second: str) -> _Part:
    score = form_agreement(first, second)
    names = first if first == second else f"{first}/{second}"
    if score >= FORMS_AGREE:
        return _Part(True, score, f"forms {names} agree")
    return _Part(False, score, f"forms {names} disagree")


# -- actors and claims --------------------------------------------------------------------------------------


def _actor_names(actor: Actor) -> set[str]:
    return {key for key in (_actor_key(name) for name in (actor.name, *actor.aliases)) if key}


def _actor_key(name: str) -> str:
    return " ".join(word for word in name_key(name).split() if word != "the")


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 10 and letters.isalpha() and letters.isupper()


def _acronym_of(acronym: str, name: str) -> bool:
    initials = "".join(word[0] for word in name.split() if word.lower() not in ACRONYM_STOP_WORDS and word[0].isalpha())
    return len(initials) >= 2 and initials.upper() == acronym.replace(".", "").replace("&", "").upper()


def same_actor(first: Actor, second: Actor) -> bool:
    """Say whether two actors are one, case- and alias-aware.

    "NCRI" and "National Council of Resistance of Iran" are one (an acronym of the other's initials), so are
    "Raisi" and "Ebrahim Raisi" (every word of the shorter name in the longer). Misses translated names and
    acronyms of words in another language's order.
    """
    first_keys, second_keys = _actor_names(first), _actor_names(second)
    if first_keys & second_keys:
        return True
    first_all, second_all = (first.name, *first.aliases), (second.name, *second.aliases)
    for short in first_all:
        if _is_acronym(short) and any(_acronym_of(short, long) for long in second_all):
            return True
    for short in second_all:
        if _is_acronym(short) and any(_acronym_of(short, long) for long in first_all):
            return True
    for first_key in first_keys:
        for second_key in second_keys:
            shorter, longer = sorted((first_key.split(), second_key.split()), key=len)
            if shorter and len(shorter) < len(longer) and _contains_run(longer, shorter) and len(shorter[-1]) >= 4:
                return True
    return False


def _contains_run(words: list[str], run: list[str]) -> bool:
    return any(words[i : i + len(run)] == run for i in range(len(words) - len(run) + 1))


def _shared_actors(first: Sequence[Actor], second: Sequence[Actor]) -> list[str]:
    return [a.name for a in first if any(same_actor(a, b) for b in second)]


def _stems(text: str) -> set[str]:
    return {word[:STEM_LETTERS] for word in (w.lower() for w in _WORD.findall(text)) if len(word) >= 4} - {
        word[:STEM_LETTERS] for word in STOP_WORDS
    }


def _claim_stems(event: Event) -> set[str]:
    stems: set[str] = set()
    for claim in event.claims:
        stems |= _stems(claim.text)
    return stems


@dataclass(frozen=True, slots=True)
class _Actors:
    """What the organizers, targets and claims of two records say about each other."""

    shared: list[str]  # organizers or targets both name
    shared_claim_words: set[str]
    organizers_differ: bool  # both name organizers, none in common
    claims_differ: bool  # both state claims, no word in common


def _compare_actors(first: Event, second: Event) -> _Actors:
    shared = _shared_actors(first.organizers, second.organizers) + _shared_actors(first.targets, second.targets)
    first_claims, second_claims = _claim_stems(first), _claim_stems(second)
    # a target named in one report is often the claim of another ("against Raisi" / target Raisi)
    first_words = first_claims | {s for a in first.targets for s in _stems(a.name)}
    second_words = second_claims | {s for a in second.targets for s in _stems(a.name)}
    shared_words = first_words & second_words
    organizers_differ = bool(first.organizers and second.organizers) and not _shared_actors(
        first.organizers, second.organizers
    )
    claims_differ = bool(first_claims and second_claims) and not shared_words
    return _Actors(shared, shared_words, organizers_differ, claims_differ)


# -- compare, best_match ------------------------------------------------------------------------------------


def compare(a: Event, b: Event) -> Match:
    """Say whether two records report one event, are linked (a counter-protest), or neither, and why.

    Works on mentions and on merged views alike. Two mentions of one article are never one event (the
    pipeline already made one event per place and day); a record without a date never merges. Cannot tell
    two protests of the same form, place and day by different groups apart when neither report names
    its organizers or claims.
    """
    a_article, b_article = article_of(a.id), article_of(b.id)
    if a_article is not None and a_article == b_article:
        return Match(same=False, related=False, score=NO_MATCH_SCORE, reason=f"same article {a_article}")
    place = _compare_places(a.location, b.location)
    if not place.agrees:
        return Match(same=False, related=False, score=NO_MATCH_SCORE, reason=place.reason)
    when = _compare_dates(a.date, b.date)
    if not when.agrees:
        return Match(same=False, related=False, score=NO_MATCH_SCORE, reason=when.reason)
    form = _compare_forms(a.form, b.form)
    actors = _compare_actors(a, b)
    actor_score = 1.0 if actors.shared or actors.shared_claim_words else 0.0 if actors.organizers_differ else 0.5
    score = round(
        SCORE_WEIGHTS["place"] * place.score
        + SCORE_WEIGHTS["date"] * when.score
        + SCORE_WEIGHTS["form"] * form.score
        + SCORE_WEIGHTS["actors"] * actor_score,
        3,
    )
    parts = [place.reason, when.reason, form.reason]
    if actors.shared:
        parts.append(f"{_plural('actor', actors.shared)} {', '.join(actors.shared)} shared")
    elif actors.shared_claim_words:
        parts.append(f"claims share {', '.join(sorted(actors.shared_claim_words))}")
    if not form.agrees:
        return Match(same=False, related=False, score=score, reason=", ".join(parts))
    if a.issue_country and b.issue_country and a.issue_country != b.issue_country:
        parts.append(f"about different countries {a.issue_country}/{b.issue_country}")
        return Match(same=False, related=False, score=score, reason=", ".join(parts))
    if actors.organizers_differ and actors.claims_differ:
        parts.append("different organizers with different claims: a counter-protest?")
        return Match(same=False, related=True, score=score, reason=", ".join(parts))
    if is_counter_protest(a) != is_counter_protest(b):
        parts.append("one report is of counter-protesters")
        return Match(same=False, related=True, score=score, reason=", ".join(parts))
    # Shared actors or claims back any weak part; the same venue or the same specific form back only a
    # one-day slack or a cancellation, not a country-level place or a month-level date.
    strongly_backed = bool(actors.shared or actors.shared_claim_words)
    backed = strongly_backed or place.score == 1.0 or (a.form == b.form and a.form not in GENERIC_FORMS)
    statuses = {a.status, b.status}
    # A banned march reported as stopped and as held ("detained 373 at the march") is one event when backed.
    if "cancelled" in statuses and statuses & {"occurred", "ongoing"} and not backed:
        parts.append(f"statuses {a.status}/{b.status} contradict")
        return Match(same=False, related=True, score=score, reason=", ".join(parts))
    for part in (place, when):
        if part.needs_backing and not (strongly_backed if part.strong_backing else backed):
            parts.append("no shared organizer, target or claim to back it")
            return Match(same=False, related=False, score=score, reason=", ".join(parts))
    if a.status != b.status:
        parts.append(f"statuses {a.status}/{b.status} merge")
    return Match(same=True, related=False, score=score, reason=", ".join(parts))


def is_counter_protest(event: Event) -> bool:
    """Say whether the record's participants, organizers or claims call its people counter-protesters."""
    words = [actor.name for actor in (*event.participants, *event.organizers)]
    words += [claim.text for claim in event.claims]
    if event.size is not None:
        words.append(event.size.text)
    return any(COUNTER_PROTEST.search(text) for text in words)


def _plural(word: str, items: Sequence[object]) -> str:
    return word if len(items) == 1 else f"{word}s"


def best_match(mention: Event, candidates: Sequence[Event]) -> tuple[int | None, Match | None]:
    """Return the index and match of the closest candidate that is the same event, or (None, None).

    Among several same-event candidates the highest score wins, the first on a tie. A related candidate
    (a counter-protest) is not returned here: see ``related_matches``.
    """
    best: tuple[int | None, Match | None] = (None, None)
    for index, candidate in enumerate(candidates):
        match = compare(mention, candidate)
        if match.same and (best[1] is None or match.score > best[1].score):
            best = (index, match)
    return best


def related_matches(mention: Event, candidates: Sequence[Event]) -> list[tuple[int, Match]]:
    """Return the candidates linked to the mention without being the same event (counter-protests)."""
    return [
        (index, match) for index, match in ((i, compare(mention, c)) for i, c in enumerate(candidates)) if match.related
    ]


def candidate_window(event: Event) -> tuple[date, date] | None:
    """Return the dates whose events may be this event (its range widened by DATE_SLACK_DAYS), or None.

    None means the record has no date and is never merged automatically.
    """
    if event.date.start is None:
        return None
    slack = timedelta(days=DATE_SLACK_DAYS)
    return (event.date.start - slack, (event.date.end or event.date.start) + slack)


# -- merge ----------------------------------------------------------------------------------------------------


def merge(event_id: str, mentions: Sequence[Event]) -> Event:
    """Return the merged view of one event's reports under ``event_id``.

    Each field comes from the best-supported reports: the most precise date (day beats month; explicit
    beats relative beats publication) and place (venue beats city beats admin1 beats country), ties going
    to the value most reports give, then to the earliest; a size range covering every report's figure;
    actors and claims unioned alias-aware; "occurred" when any report says so; confidence rising with
    independent reports. Evidence stays with the mentions (empty here); the campaign is the first mention's.
    """
    if not mentions:
        raise ValueError(f"merge({event_id!r}, []): an event needs at least one mention; pass its reports.")
    return Event(
        id=event_id,
        form=_merged_form(mentions),
        status=min((m.status for m in mentions), key=lambda s: STATUS_RANK.get(s, len(STATUS_RANK))),
        date=_merged_date(mentions),
        location=_merged_location(mentions),
        size=_merged_size(mentions),
        organizers=merge_actors(a for m in mentions for a in m.organizers),
        participants=merge_actors(a for m in mentions for a in m.participants),
        targets=merge_actors(a for m in mentions for a in m.targets),
        speakers=merge_actors(a for m in mentions for a in m.speakers),
        claims=_merged_claims(mentions),
        violence=_merged_violence(mentions),
        issue_country=_most_common(m.issue_country for m in mentions),
        campaign=mentions[0].campaign,
        confidence=merged_confidence(mentions),
        evidence=(),
    )


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(value for value in values if value is not None)
    return counts.most_common(1)[0][0] if counts else None


def _merged_form(mentions: Sequence[Event]) -> str:
    """Return the most reported specific form ("rally" over the generic "demonstration")."""
    specific = [m.form for m in mentions if m.form not in GENERIC_FORMS]
    if specific:
        counts = Counter(specific)
        return max(counts, key=lambda form: (counts[form], -specific.index(form)))
    return "demonstration" if any(m.form == "demonstration" for m in mentions) else mentions[0].form


def _merged_date(mentions: Sequence[Event]) -> DateRange:
    dated = [m.date for m in mentions if m.date.start is not None] or [m.date for m in mentions]

    def rank(item: DateRange) -> tuple[int, int, bool]:
        # "on Tuesday" beats "last night": both relative, only the second shifts with the time zone
        return (DATE_PRECISION_RANK.get(item.precision, 4), DATE_BASIS_RANK.get(item.basis, 3), is_loose(item))

    best_rank = min(rank(item) for item in dated)
    best = [item for item in dated if rank(item) == best_rank]
    counts = Counter((item.start, item.end) for item in best)
    chosen = max(counts, key=lambda key: (counts[key], -[(i.start, i.end) for i in best].index(key)))
    return next(item for item in best if (item.start, item.end) == chosen)


def _merged_location(mentions: Sequence[Event]) -> Place | None:
    located = [m.location for m in mentions if m.location is not None]
    if not located:
        return None
    best_rank = min(PRECISION_RANK.get(p.precision, 4) for p in located)
    best = [p for p in located if PRECISION_RANK.get(p.precision, 4) == best_rank]
    keys = [(p.geonames_id, name_key(p.venue or ""), name_key(p.name or p.text)) for p in best]
    counts = Counter(keys)
    chosen = max(counts, key=lambda key: (counts[key], -keys.index(key)))
    return best[keys.index(chosen)]


def _merged_size(mentions: Sequence[Event]) -> CrowdSize | None:
    """Return a range covering every report's figure; an open range ("at least 200") gives its low as figure."""
    sizes = [m.size for m in mentions if m.size is not None]
    if not sizes:
        return None
    lows = [s.low for s in sizes if s.low is not None]
    highs = [s.high for s in sizes if s.high is not None]
    # an open range still reports a figure: "at least 5,000" against "300" covers 300-5,000
    open_lows = [s.low for s in sizes if s.high is None and s.low is not None]
    high = max(highs + open_lows) if highs else None
    texts = list(dict.fromkeys(s.text for s in sizes))
    # Each report's own figure is kept (with who gave it), as the per-source estimates of the merged size.
    reports = list(dict.fromkeys(estimate for s in sizes for estimate in (s.estimates or (s,))))
    sources = {s.source for s in sizes}
    return CrowdSize(
        low=min(lows) if lows else None,
        high=high,
        text="; ".join(texts),
        source=sources.pop() if len(sources) == 1 else None,
        estimates=tuple(reports) if len(reports) > 1 else (),
    )


def _merged_count(counts: list[Count | None]) -> Count | None:
    """Return an interval covering every report's count (23 arrests in one report, 30 in another: 23-30)."""
    given = [count for count in counts if count is not None]
    if not given:
        return None
    lows = [count.low for count in given if count.low is not None]
    highs = [count.high for count in given if count.high is not None]
    # as for crowd sizes, "at least 12" still reports a figure: against "15" it covers 12-15
    open_lows = [count.low for count in given if count.high is None and count.low is not None]
    return Count(
        low=min(lows) if lows else None,
        high=max(highs + open_lows) if highs else None,
        text="; ".join(dict.fromkeys(count.text for count in given)),
    )


def _merged_violence(mentions: Sequence[Event]) -> Violence | None:
    """Return arrests, injuries and deaths covering every report; police intervened when any report says so."""
    reports = [m.violence for m in mentions if m.violence is not None]
    if not reports:
        return None
    interventions = {report.police_intervention for report in reports} - {None}
    return Violence(
        arrests=_merged_count([report.arrests for report in reports]),
        injuries=_merged_count([report.injuries for report in reports]),
        deaths=_merged_count([report.deaths for report in reports]),
        police_intervention=(True in interventions) if interventions else None,
    )


def merge_actors(actors: Iterable[Actor]) -> tuple[Actor, ...]:
    """Union actors that are one (``same_actor``): the longest full name, every other name as an alias.

    Keeps the order of first appearance; spans are dropped (evidence stays per mention).
    """
    groups: list[list[Actor]] = []
    for actor in actors:
        joined = [group for group in groups if any(same_actor(actor, other) for other in group)]
        if not joined:
            groups.append([actor])
            continue
        # an actor may join two groups that were apart ("NCRI" and "the National Council ..." via a third)
        first = joined[0]
        first.append(actor)
        for group in joined[1:]:
            first.extend(group)
            groups.remove(group)
    merged: list[Actor] = []
    for group in groups:
        names = list(dict.fromkeys(name for actor in group for name in (actor.name, *actor.aliases)))
        full = [name for name in names if not _is_acronym(name)] or names
        canonical = max(full, key=lambda name: (len(name.split()), len(name), -names.index(name)))
        seen = {canonical.casefold()}
        aliases: list[str] = []
        for name in names:
            if name.casefold() not in seen:
                seen.add(name.casefold())
                aliases.append(name)
        merged.append(Actor(name=canonical, aliases=tuple(aliases)))
    return tuple(merged)


def _merged_claims(mentions: Sequence[Event]) -> tuple[Claim, ...]:
    seen: dict[str, Claim] = {}
    for mention in mentions:
        for claim in mention.claims:
            seen.setdefault(" ".join(_WORD.findall(claim.text.lower())), Claim(text=claim.text))
    return tuple(seen.values())


def merged_confidence(mentions: Sequence[Event]) -> float:
    """Return the confidence of an event from its reports' confidences.

    The best report's confidence, and each further article removes INDEPENDENT_REPORT_WEIGHT of the
    remaining doubt, weighted by its own confidence: 0.8 and 0.8 give 0.88, three 0.8 reports 0.93.
    Mentions of one article count once (their best). Not calibrated on merged events yet.
    """
    per_article: dict[str, float] = {}
    for mention in mentions:
        key = article_of(mention.id) or mention.id
        per_article[key] = max(per_article.get(key, 0.0), mention.confidence)
    ordered = sorted(per_article.values(), reverse=True)
    doubt = 1.0 - ordered[0]
    for confidence in ordered[1:]:
        doubt *= 1.0 - INDEPENDENT_REPORT_WEIGHT * confidence
    return round(min(1.0 - doubt, MAX_CONFIDENCE), 2)


# -- cluster ---------------------------------------------------------------------------------------------------


def cluster(events: Sequence[Event]) -> list[list[int]]:
    """Group records the way the store does, in memory: each joins its best match or starts a cluster.

    Each record in order is compared with the merged view of every current cluster; a cluster that
    already holds a mention of the same article is never a candidate. Returns lists of indexes into
    ``events``, clusters in order of their first record. The result can depend on the order of records.
    """
    clusters: list[list[int]] = []
    views: list[Event] = []
    articles: list[set[str]] = []
    for index, event in enumerate(events):
        article = article_of(event.id)
        open_clusters = [i for i in range(len(clusters)) if article is None or article not in articles[i]]
        position, _ = best_match(event, [views[i] for i in open_clusters])
        if position is None:
            clusters.append([index])
            articles.append({article} if article else set())
            views.append(merge(f"cluster-{len(clusters)}", [event]))
            continue
        chosen = open_clusters[position]
        clusters[chosen].append(index)
        if article:
            articles[chosen].add(article)
        views[chosen] = merge(f"cluster-{chosen + 1}", [events[i] for i in clusters[chosen]])
    return clusters
