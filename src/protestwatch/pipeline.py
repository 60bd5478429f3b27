"""Run every stage over an article: Article -> ExtractionResult. The only module that imports them all."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from spacy.language import Language

from .arguments import (
    ActorIndex,
    extract_claims,
    extract_organizers,
    extract_participants,
    extract_size,
    extract_targets,
    index_actors,
)
from .dates import find_dates, publication_date_from_text
from .detect import FORM_PRIORITY, detect_triggers
from .geo import Gazetteer, GeoContext, PlaceMatch
from .link import CampaignPhrase, find_campaign_phrases
from .models import (
    REPORTED_STATUSES,
    UNKNOWN_DATE,
    Actor,
    Article,
    Campaign,
    Claim,
    CrowdSize,
    DateRange,
    Event,
    EventMention,
    Evidence,
    ExtractionResult,
    Place,
    Trigger,
)
from .nlp import Entity, find_entities, load_nlp
from .text import Sentence, split_sentences

LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|outside|near|across|throughout|around|including|to|into|towards?|before|opposite|front of|"
    r"outside of|along|through|on)\s+(?:the\s+|central\s+|downtown\s+)?$",
    re.IGNORECASE,
)
# "against the government in Tehran": the place qualifies the target, nobody gathered there.
TARGET_QUALIFIER = re.compile(
    r"\b(?:government|regime|authorities|officials|leaders?|rulers?|president|ministry|crackdown|policies|"
    r"embassy of|consulate of)\s+(?:in|of)\s+$",
    re.IGNORECASE,
)
LIST_CONTINUATION = re.compile(r"^\s*(?:,|and|&|, and|or)\s*(?:the\s+)?$", re.IGNORECASE)
PARTICIPATION = re.compile(
    r"\b(?:participated|joined|took part|attended|turned out|gathered|marched|rallied)\b", re.IGNORECASE
)
PRECISION_RANK = {"venue": 0, "city": 1, "admin1": 2, "country": 3, "unknown": 4}


@dataclass
class Extractor:
    """Holds what is loaded once (the spaCy pipeline, the gazetteer) and extracts events from articles."""

    nlp: Language = field(default_factory=load_nlp)
    gazetteer: Gazetteer = field(default_factory=Gazetteer.load)

    def extract(self, article: Article) -> ExtractionResult:
        """Return the events and campaigns one article reports; an errored article comes back as it is."""
        if article.error or not article.text.strip():
            return ExtractionResult(article=article)
        if article.published is None:
            recovered = publication_date_from_text(article.text)
            if recovered is not None:
                article = replace(article, published=recovered[0], published_basis="text")
        return _ArticleExtraction(article, self.nlp, self.gazetteer).run()

    def extract_all(self, articles: Iterable[Article]) -> Iterator[ExtractionResult]:
        for article in articles:
            yield self.extract(article)


@dataclass
class _SentenceFindings:
    sentence: Sentence
    triggers: list[Trigger]
    places: list[Place]
    date: DateRange
    campaign_phrases: list[CampaignPhrase]
    size: CrowdSize | None
    organizers: list[Actor]
    participants: list[Actor]
    targets: list[Actor]
    claims: list[Claim]
    issue_country: str | None


class _ArticleExtraction:
    """The work on one article; split from Extractor so per-article state never outlives it."""

    def __init__(self, article: Article, nlp: Language, gazetteer: Gazetteer) -> None:
        self.article = article
        self.text = article.text
        self.nlp = nlp
        self.gazetteer = gazetteer

    @cached_property
    def context(self) -> GeoContext:
        return self.gazetteer.context(self.text)

    def run(self) -> ExtractionResult:
        sentences = split_sentences(self.text)
        triggers = {s.index: detect_triggers(s) for s in sentences}
        phrases = {s.index: find_campaign_phrases(self.text, s.span.start, s.span.end) for s in sentences}
        # A campaign phrase in a sentence without a trigger word still speaks of the protests
        # ("supporters ... call to prosecute X in Brussels and 12 other cities").
        relevant = [s for s in sentences if triggers[s.index] or phrases[s.index]]
        if not any(triggers.values()):
            return ExtractionResult(article=self.article)
        following = {s.index: sentences[s.index + 1] for s in relevant if s.index + 1 < len(sentences)}
        entities = find_entities(self.nlp, relevant)
        actors = index_actors(self.text, entities)
        findings: list[_SentenceFindings] = []
        last_date = UNKNOWN_DATE
        for sentence in relevant:
            found = self._read_sentence(
                sentence,
                triggers[sentence.index],
                phrases[sentence.index],
                following.get(sentence.index),
                entities,
                actors,
                last_date,
            )
            if found.date.basis != "none" and found.triggers:
                last_date = found.date
            findings.append(found)
        return self._assemble(findings)

    # -- one sentence -------------------------------------------------------------------------

    def _read_sentence(
        self,
        sentence: Sentence,
        triggers: list[Trigger],
        phrases: list[CampaignPhrase],
        next_sentence: Sentence | None,
        entities: Sequence[Entity],
        actors: ActorIndex,
        last_date: DateRange,
    ) -> _SentenceFindings:
        start, end = sentence.span.start, sentence.span.end
        status = triggers[0].status if triggers else "occurred"
        issue_country = self._issue_country(start, end)
        matches = self.gazetteer.find(self.text, start, end)
        places = self._event_places(sentence, matches, phrases, entities, issue_country) if triggers else []
        date = self._date(start, end, status, last_date) if triggers else self._date(start, end, status, UNKNOWN_DATE)
        size = extract_size(self.text, start, end, is_group=self._is_people)
        if size is None and next_sentence is not None and triggers and PARTICIPATION.search(next_sentence.span.text):
            size = extract_size(self.text, next_sentence.span.start, next_sentence.span.end, is_group=self._is_people)
        participants = extract_participants(self.text, start, end, actors, is_group=self._is_people)
        if size is not None and size.span is not None and size.span.start >= end and next_sentence is not None:
            participants += extract_participants(
                self.text, next_sentence.span.start, next_sentence.span.end, actors, is_group=self._is_people
            )
        return _SentenceFindings(
            sentence=sentence,
            triggers=triggers,
            places=places,
            date=date,
            campaign_phrases=phrases,
            size=size,
            organizers=extract_organizers(self.text, start, end, entities, actors),
            participants=participants,
            targets=extract_targets(self.text, start, end, actors, is_place_or_people=self._is_place_or_people),
            claims=extract_claims(
                self.text, start, end, place_starts=[m.span.start for m in matches] + [c.span.start for c in phrases]
            ),
            issue_country=issue_country,
        )

    def _event_places(
        self,
        sentence: Sentence,
        matches: list[PlaceMatch],
        phrases: list[CampaignPhrase],
        entities: Sequence[Entity],
        issue_country: str | None,
    ) -> list[Place]:
        """Return the places where people gathered, as the sentence writes them.

        A place counts when a locative word leads to it ("in", "at", "outside", "in front of") or it
        continues a list of such places; places inside a campaign's scope ("13 cities across Europe
        and the US"), inside an organisation's name, or qualifying a person are not event places.
        Country-level places give way to cities in the same sentence.
        """
        start = sentence.span.start
        people = [(e.start, e.end) for e in entities if e.label == "PERSON" and len(e.text.split()) >= 2]
        accepted: list[tuple[PlaceMatch, Place]] = []
        previous_end = -1
        for match in matches:
            m_start, m_end = match.span.start, match.span.end
            if any(p.scope.start <= m_start < p.scope.end for p in phrases):
                continue
            if any(p_start <= m_start and m_end <= p_end for p_start, p_end in people):
                continue
            before = self.text[max(start, m_start - 25) : m_start]
            locative = bool(LOCATIVE_BEFORE.search(before))
            listed = previous_end >= 0 and bool(LIST_CONTINUATION.match(self.text[previous_end:m_start]))
            if re.search(r"[A-Z][\w’']*\s+of\s+(?:the\s+)?$", before) or TARGET_QUALIFIER.search(before):
                continue  # "Council of Resistance of Iran": part of a name
            if match.common_word and not (locative and self.text[m_start].isupper()):
                continue
            if not (locative or listed):
                continue
            place = self.gazetteer.resolve(match, self.text, self.context)
            if place is None:
                continue
            accepted.append((match, place))
            previous_end = match.qualifier_end or m_end
        places = [place for _, place in accepted]
        places = _drop_covered(places)
        if any(PRECISION_RANK[p.precision] <= PRECISION_RANK["admin1"] for p in places):
            places = [p for p in places if p.precision != "country"]
        countries = [p for p in places if p.precision == "country"]
        if len(countries) > 1 and issue_country:
            places = [p for p in places if not (p.precision == "country" and p.country == issue_country)]
        return places

    def _date(self, start: int, end: int, status: str, inherited: DateRange) -> DateRange:
        """Return the sentence's own date, else the date of the previous protest sentence."""
        future = status in ("planned", "called")
        for found in find_dates(self.text, self.article.published, start=start, end=end, future=future):
            # A bare year ("the 1988 massacre") names another event's time, not this protest's.
            if found.precision == "year":
                continue
            return found
        return inherited

    def _issue_country(self, start: int, end: int) -> str | None:
        counts: Counter[str] = Counter()
        for match in re.finditer(r"\b[A-Z][a-z]+(?:ans?|ians?|ese|is|i|ish|ch)\b", self.text[start:end]):
            country = self.gazetteer.demonym_country(match.group())
            if country:
                counts[country] += 1
        return counts.most_common(1)[0][0] if counts else None

    def _is_people(self, word: str) -> bool:
        return self.gazetteer.demonym_country(word) is not None

    def _is_place_or_people(self, name: str) -> bool:
        if self.gazetteer.demonym_country(name.split()[0]) is not None:
            return True
        return bool(self.gazetteer.find(name))

    # -- the article --------------------------------------------------------------------------

    def _assemble(self, findings: list[_SentenceFindings]) -> ExtractionResult:
        mentions = [self._mention(found, place) for found in findings if found.triggers for place in found.places]
        if not mentions:
            # A protest with no place the gazetteer knows is still one event, placed nowhere.
            first = next((f for f in findings if f.triggers and f.triggers[0].status in REPORTED_STATUSES), None)
            if first is not None:
                mentions.append(self._mention(first, None))
        groups = _group_mentions(mentions)
        phrases = [p for found in findings for p in found.campaign_phrases]
        # A campaign needs a phrase in a sentence that reports protests, not "offices in 13 cities".
        in_protest_sentence = any(found.triggers and found.campaign_phrases for found in findings)
        campaign_id = f"{self.article.id}~c1" if in_protest_sentence else None
        shared = _campaign_arguments(findings) if campaign_id else None
        events: list[Event] = []
        for number, group in enumerate(groups, start=1):
            event = _merge(f"{self.article.id}#{number}", group)
            if campaign_id:
                event = _with_campaign_arguments(replace(event, campaign=campaign_id), shared)
            events.append(replace(event, confidence=_confidence(event)))
        campaigns: tuple[Campaign, ...] = ()
        if campaign_id and events:
            events = _with_campaign_issue_country(events)
            stated = max((p.stated_places for p in phrases if p.stated_places), default=None)
            best = max(phrases, key=lambda p: p.stated_places or 0)
            campaigns = (
                Campaign(
                    id=campaign_id,
                    stated_places=stated,
                    events=tuple(e.id for e in events),
                    text=best.span.text,
                    span=best.span,
                ),
            )
        elif events:
            events = [replace(e, campaign=None) for e in events]
        return ExtractionResult(article=self.article, events=tuple(events), campaigns=campaigns)

    def _mention(self, found: _SentenceFindings, place: Place | None) -> EventMention:
        trigger = found.triggers[0]
        issue = found.issue_country
        return EventMention(
            article_id=self.article.id,
            trigger=trigger,
            form=trigger.form,
            status=trigger.status,
            location=place,
            date=found.date,
            size=found.size,
            organizers=tuple(found.organizers),
            participants=tuple(found.participants),
            targets=tuple(found.targets),
            claims=tuple(found.claims),
            issue_country=issue if place is None or issue != place.country else None,
        )


def _drop_covered(places: list[Place]) -> list[Place]:
    """Keep one place per city: a venue covers its city, a repeated city counts once."""
    kept: list[Place] = []
    for place in sorted(places, key=lambda p: PRECISION_RANK[p.precision]):
        key = _place_key(place)
        if any(_place_key(other) == key for other in kept):
            continue
        kept.append(place)
    return sorted(kept, key=lambda p: p.span.start if p.span else 0)


def _place_key(place: Place | None) -> tuple[str | None, str | None]:
    if place is None:
        return (None, None)
    return (place.country, place.name)


def _group_mentions(mentions: list[EventMention]) -> list[list[EventMention]]:
    """Group an article's mentions into one group per place and day.

    A mention without a known date joins a dated group of the same place; a country-level mention
    joins a more precise group in the same country on the same day.
    """
    groups: list[list[EventMention]] = []
    for mention in mentions:
        for group in groups:
            if _same_event(group[0], mention):
                group.append(mention)
                break
        else:
            groups.append([mention])
    # country-level groups fold into a precise group of their country on the same day
    merged: list[list[EventMention]] = []
    for group in groups:
        head = group[0]
        if head.location is not None and head.location.precision == "country":
            target = next(
                (
                    g
                    for g in groups
                    if g is not group
                    and g[0].location is not None
                    and g[0].location.precision != "country"
                    and g[0].location.country == head.location.country
                    and _dates_compatible(g[0].date, head.date)
                ),
                None,
            )
            if target is not None:
                target.extend(group)
                continue
        merged.append(group)
    return merged


def _same_event(first: EventMention, second: EventMention) -> bool:
    return _place_key(first.location) == _place_key(second.location) and _dates_compatible(first.date, second.date)


def _dates_compatible(first: DateRange, second: DateRange) -> bool:
    if first.start is None or second.start is None:
        return True
    return first.start == second.start and first.end == second.end


def _merge(event_id: str, group: list[EventMention]) -> Event:
    """Merge one place-and-day's mentions: the most precise place, the first known date and size."""
    located = [m for m in group if m.location is not None]
    location = min(located, key=lambda m: PRECISION_RANK[m.location.precision]).location if located else None
    dated = [m for m in group if m.date.start is not None] or [m for m in group if m.date.basis != "none"]
    date = dated[0].date if dated else UNKNOWN_DATE
    size = next((m.size for m in group if m.size is not None), None)
    form = min((m.form for m in group), key=FORM_PRIORITY.index)
    status = group[0].status
    evidence: list[Evidence] = []
    for mention in group:
        evidence.append(Evidence(field="form", start=mention.trigger.span.start, end=mention.trigger.span.end))
    if location and location.span:
        evidence.append(Evidence(field="location", start=location.span.start, end=location.span.end))
    if date.span:
        evidence.append(Evidence(field="date", start=date.span.start, end=date.span.end))
    if size and size.span:
        evidence.append(Evidence(field="size", start=size.span.start, end=size.span.end))

    def union(attribute: str) -> tuple:
        seen: dict[str, object] = {}
        for mention in group:
            for item in getattr(mention, attribute):
                seen.setdefault(_item_key(item), item)
        return tuple(seen.values())

    organizers, participants, targets, claims = (union(a) for a in ("organizers", "participants", "targets", "claims"))
    for name, items in (
        ("organizers", organizers),
        ("participants", participants),
        ("targets", targets),
        ("claims", claims),
    ):
        evidence.extend(Evidence(field=name, start=i.span.start, end=i.span.end) for i in items if i.span)
    issue = next((m.issue_country for m in group if m.issue_country), None)
    if location is not None and issue == location.country:
        issue = None
    return Event(
        id=event_id,
        form=form,
        status=status,
        date=date,
        location=location,
        size=size,
        organizers=organizers,
        participants=participants,
        targets=targets,
        claims=claims,
        issue_country=issue,
        evidence=_unique(evidence),
    )


def _item_key(item: Actor | Claim) -> str:
    return (item.name if isinstance(item, Actor) else item.text).lower()


def _unique(evidence: list[Evidence]) -> tuple[Evidence, ...]:
    return tuple(dict.fromkeys(evidence))


@dataclass(frozen=True)
class _Shared:
    organizers: tuple[Actor, ...]
    targets: tuple[Actor, ...]
    claims: tuple[Claim, ...]


def _campaign_arguments(findings: list[_SentenceFindings]) -> _Shared:
    """Collect who and why from the sentences that speak of the campaign as a whole."""
    organizers: dict[str, Actor] = {}
    targets: dict[str, Actor] = {}
    claims: dict[str, Claim] = {}
    for found in findings:
        if found.places and not found.campaign_phrases:
            continue
        for actor in found.organizers:
            organizers.setdefault(actor.name, actor)
        for actor in found.targets:
            targets.setdefault(actor.name, actor)
        for claim in found.claims:
            claims.setdefault(claim.text.lower(), claim)
    return _Shared(tuple(organizers.values()), tuple(targets.values()), tuple(claims.values()))


def _with_campaign_arguments(event: Event, shared: _Shared | None) -> Event:
    if shared is None:
        return event
    evidence = list(event.evidence)
    changes: dict[str, tuple] = {}
    # What the text says of the campaign as a whole holds for each of its events.
    for name in ("organizers", "targets", "claims"):
        own = getattr(event, name)
        keys = {_item_key(item) for item in own}
        added = tuple(item for item in getattr(shared, name) if _item_key(item) not in keys)
        if added:
            changes[name] = own + added
            evidence.extend(Evidence(field=name, start=i.span.start, end=i.span.end) for i in added if i.span)
    return replace(event, **changes, evidence=_unique(evidence)) if changes else event


def _with_campaign_issue_country(events: list[Event]) -> list[Event]:
    """Give a campaign's events the country its other events are about ("Iranians" abroad -> IR)."""
    counts = Counter(event.issue_country for event in events if event.issue_country)
    if not counts:
        return events
    issue = counts.most_common(1)[0][0]
    return [
        replace(event, issue_country=issue)
        if event.issue_country is None and (event.location is None or event.location.country != issue)
        else event
        for event in events
    ]


def _confidence(event: Event) -> float:
    """Score how likely the event is right, from how much of it the text pins down.

    Not yet calibrated on a development set (see issue 5): the weights rank events for review,
    they do not promise that 8 in 10 events scored 0.8 are right.
    """
    score = 0.35
    if event.location is not None:
        score += {"venue": 0.25, "city": 0.25, "admin1": 0.15, "country": 0.1}.get(event.location.precision, 0.0)
    if event.date.start is not None:
        score += 0.15 if event.date.basis in ("explicit", "relative") else 0.1
    if event.size is not None or event.organizers:
        score += 0.1
    if event.form != "demonstration" or any(e.field == "form" for e in event.evidence):
        score += 0.05
    return round(min(score, 0.95), 2)
