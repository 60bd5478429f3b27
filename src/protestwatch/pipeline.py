"""Run every stage over an article: Article -> ExtractionResult. The only module that imports them all."""

from __future__ import annotations

import logging
import re
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import islice, zip_longest
from typing import TypeVar

from spacy.language import Language

from .arguments import (
    ActorIndex,
    extract_claims,
    extract_organizers,
    extract_participants,
    extract_speakers,
    extract_targets,
    index_actors,
    is_person,
)
from .calibration import calibrate, raw_score
from .dates import find_dates, numeric_order, publication_date_from_text
from .detect import (
    FORM_PRIORITY,
    StemTable,
    article_stems,
    detect_triggers,
    only_party_gatherings,
    possible_triggers,
)
from .geo import LOCALITY_KM, Gazetteer, GeoContext, PlaceMatch, distance_km
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
    Violence,
)
from .nlp import Entity, find_sentence_entities, load_nlp
from .sizes import extract_size, extract_violence, find_size_tag
from .text import PARAGRAPH_BREAK, Sentence, caseless, split_sentences

# Nouns whose "of" leads to where people were: "the streets of Hong Kong", "residents of Belur".
SPATIAL_OF = (
    r"(?:streets|roads|outskirts|parts|areas|heart|centre|center|residents|people|villagers|citizens|gates|premises|"
    r"vicinity|city|town|village|capital|port|harbou?r|district|county)\s+of"
)
LOCATIVE_WORDS = (
    r"(?:in|at|outside|near|across|throughout|around|including|into|towards?|before|opposite|front of|"
    rf"outside of|along|through|{SPATIAL_OF}|(?:rock|grip|paralys|paralyz|engulf)(?:ed|s)?|hit|swept|shut\s+down)"
)
SPATIAL_OF_BEFORE = re.compile(rf"\b{SPATIAL_OF}\s+(?:the\s+)?$", re.IGNORECASE)
# "in the", "in central", "in northern", "in the Kenyan capital", "in Kenya's capital,", "in Pakistan's", "in the
# Uttar Pradesh capital": what may stand between the locative word and the place. An owner is a possessive, or a name
# or demonym before a word for a settlement.
DIRECTION = r"(?:central|downtown|(?:north|south)(?:east|west)?(?:ern)?|east(?:ern)?|west(?:ern)?)"
SETTLEMENT = r"(?:capital|city|town|port|village|state|province|region|district)"
LOCATIVE_MODIFIER = (
    r"(?:(?:the|an?)\s+)?"
    rf"(?:[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){{0,2}}(?:['’]s\s+|\s+(?=(?:{DIRECTION}\s+)?(?:port\s+)?{SETTLEMENT}\b)))?"
    rf"(?:{DIRECTION}\s+)?(?:(?:port\s+)?{SETTLEMENT}(?:\s+city)?\s*,?\s+)?"
)
LOCATIVE_BEFORE = re.compile(
    rf"\b(?:{LOCATIVE_WORDS}\s+{LOCATIVE_MODIFIER}|(?:reported|held)\s+from\s+)$", re.IGNORECASE
)
# A list after a locative word goes on past names the gazetteer lacks: "in townships including Atteridgeville,
# Soshanguve and Mamelodi", "Protests rocked Bhaderwah, Banihal, Thathri".
LISTED_AFTER_LOCATIVE = re.compile(
    rf"\b(?i:{LOCATIVE_WORDS}\s+(?:the\s+)?)(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,2}}\s*(?:,\s*(?:and\s+)?|and\s+))+$"
)
# "to" leads to where people went only after a word of movement ("marched from the hall to City Hall"), not in
# "the handover to China" or "allegiance to the Tamil Nadu Government Employees' Union".
MOVED_TO = re.compile(
    r"\b(?:march\w*|walk\w*|procession|rall(?:y|ied|ies)|head(?:ed|ing)?|proceed\w*|moved?|dr[io]ve|flock\w*|"
    r"converg\w*|trek\w*|stormed|came|come|coming|went|made\s+(?:their|its)\s+way)\b[^.,;:!?]{0,40}?"
    r"(?<!\bback)\s+to\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
# A facility named after its city: "the Johannesburg High Court", "Kurnool Collectorate", "University of Hyderabad".
FACILITY = re.compile(
    r"((?:[A-Z][\w'’.-]*[ \t]+){1,3}?)(?:High[ \t]+Court|(?:District|Magistrates?['’]?|Labour|Sessions)[ \t]+Court|"
    r"Court|University|Collectorate|Collector[ \t]*['’][ \t]?s[ \t]+[Oo]ffice|"
    r"Municipal[ \t]+(?:Corporation|Council|Office)|City[ \t]+Hall|Town[ \t]+Hall|"
    r"(?:Railway|Bus|Police)[ \t]+Station|Stadium|(?:General[ \t]+)?Hospital|Medical[ \t]+College|College|Airport|"
    r"Secretariat|Legislature|Convention[ \t]+Centre|[Cc]ampus|[Oo]ffices?|[Hh]otel|[Bb]uilding)\b"
    r"|\b(?:University|College)[ \t]+of[ \t]+((?:[A-Z][\w'’.-]*[ \t]*){1,2})"
)
# "the office of", "the gates of": what leads to a facility's name after "of".
FACILITY_OF = re.compile(r"\b(?:office|offices|gates?|premises|campus|headquarters)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
# An owner's name between the locative word and the facility: "outside Prime Media 's".
POSSESSIVE_AFTER = re.compile(r"(?:[A-Z][\w.-]*\s+){1,3}['’]\s?s\s+$")
# A country's mission before the city it stands in: "the embassy of Iran in", "the Iranian Embassy in".
EMBASSY_BEFORE = re.compile(
    r"\b(?P<mission>[Ee]mbassy|[Cc]onsulate|[Hh]igh [Cc]ommission)\s+of\s+(?:the\s+)?"
    r"(?P<of>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s+in\s+$"
    r"|\b(?P<adjective>[A-Z][A-Za-z.]+)\s+(?P<mission2>[Ee]mbassy|[Cc]onsulate|[Hh]igh [Cc]ommission)\s+in\s+$"
)
# "on" leads to a venue ("on Capitol Hill"), never to a city or country ("a meeting on Kashmir").
ON_VENUE = re.compile(r"\bon\s+(?:the\s+)?$", re.IGNORECASE)
# What a protest is about: places in the phrase after these words name where the grievance arose ("condemning the
# attack in Paris", "in protest against the assault on a woman in Kochi"), not where people gathered.
CAUSE = re.compile(
    r"\b(?:against|over|about|condemn(?:s|ed|ing)?|demand(?:s|ed|ing)?|seeking|urging|in\s+(?:support|"
    r"solidarity|memory|response|protest)\b|to\s+(?:mark|highlight|press|oppose|condemn|denounce)\b|"
    # "following the police killing of Daunte Wright in Brooklyn Center": the incident's place
    r"(?:after|following)\s+(?:the\s+|an?\s+|his\s+|her\s+|their\s+)?(?:[\w'’-]+\s+){0,3}?(?:killing|death|murder|"
    r"shooting|arrest|rape|attack|assault|lynching|collapse|crash|fire|explosion|blast|abduction|kidnapping|"
    r"disappearance|eviction|demolition)s?\b)",
    re.IGNORECASE,
)
# A comma and a locative word end a cause phrase: what follows places the protest, not the grievance.
CAUSE_ENDS = re.compile(r"\s*,\s*(?:in|at|outside|near)\s", re.IGNORECASE)
# The words that, inside a cause phrase, attach a place to the grievance rather than to the crowd.
CAUSE_PLACE_BEFORE = re.compile(r"\b(?:in|of|from)\s+(?:the\s+)?$", re.IGNORECASE)
# "against the government in Tehran": the place qualifies the target, nobody gathered there.
TARGET_QUALIFIER = re.compile(
    r"\b(?:government|regime|authorities|officials|leaders?|rulers?|president|ministry|crackdown|policies|"
    r"embassy of|consulate of)\s+(?:in|of)\s+$",
    re.IGNORECASE,
)
# Words that put a protest in the city the story was filed from (its dateline).
HERE = re.compile(
    r"\b(?:(?:near\s+)?here\b(?!\s+(?:is|are|was|were)\b)|(?:in|of|across|through|throughout|around)\s+the\s+"
    r"(?:city|town)\b|the\s+(?:city|town)['’]s\b)",
    re.IGNORECASE,
)
# What joins a place to a larger one it lies in: "Foley Square in Manhattan", "the Shambhu border near Ambala".
INSIDE_JOINER = re.compile(r"\s+(?:in|near)\s+(?:the\s+)?|\s+[-–]\s+", re.IGNORECASE)
# The rest of a facility's name and the place it stands in: "the Hennepin| County Government Center in |Minneapolis".
FACILITY_NAME_IN = re.compile(r"(?:\s+[A-Z][\w'’.&-]*){1,4}\s+in\s+(?:the\s+)?")
LIST_CONTINUATION = re.compile(r"^\s*(?:,|and|&|, and|or)\s*(?:the\s+)?$", re.IGNORECASE)
# A next sentence that tells the crowd: "About 300 people attended.", "Estimates ranged from 200 to 500 people."
PARTICIPATION = re.compile(
    r"\b(?:participated|joined|took part|attended|turned out|gathered|marched|rallied|estimat(?:e|es|ed)|numbered)\b",
    re.IGNORECASE,
)
# A demonym, unless one person follows it: "-or", "-er", "-ist", "-ian" nouns, but not a ruler or a state's office.
ISSUE_DEMONYM = re.compile(
    r"\b[A-Z][a-z]+(?:ans?|ians?|ese|is|i|ish|ch)\b(?!\s+(?!(?:leader|ruler|premier|dictator|minister|ambassador|"
    r"embassy|consulate|government|regime|president|authorities|officials|workers|protesters|demonstrators)\b)"
    r"[a-z]+(?:or|er|ist|ian|man|woman)\b)"
)
# Countries that write numeric dates month first ("9/10/2021" is 10 September); the rest of the world writes the
# day first.
MONTH_FIRST_COUNTRIES = frozenset({"US", "PH"})
logger = logging.getLogger(__name__)
PRECISION_RANK = {"venue": 0, "city": 1, "admin1": 2, "country": 3, "unknown": 4}


# Extraction time grows with an article's length, ~20-40 ms per KB of protest text whatever its shape (one 300 KB
# paragraph: ~6 s; bench/hostile_speed.py, issue 9), so a 20 MB article of protest sentences would take ~10 min.
# A minute is ~100x what a long real article takes: past it the article is cut off and reported.
DEFAULT_MAX_SECONDS = 60.0
# Articles whose sentences the entity recognizer reads in one pass (Extractor.extract_all): its matrix products
# then run on bigger matrices: ~12% less recognizer time per protest article than one article at a time (on the
# protest articles of bench/news_corpus.py, issue 8). The engine sends its worker processes batches of this size.
BATCH_ARTICLES = 16
# An article with more text than this in its protest sentences finds its entities alone, under its own time limit,
# so that one long article never holds up the others' shared pass (~0.5 s of recognizer time at most).
SHARED_ENTITIES_MAX_CHARS = 50_000
_Done = TypeVar("_Done")


class ExtractionTimeout(BaseException):
    """Raised inside an extraction that ran past its time limit (a BaseException, so `except Exception` lets it by)."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ExtractionTimeout inside the block once ``seconds`` of wall time have passed (None: no limit).

    Uses SIGALRM, so it holds only in the main thread of a process on Unix: the CLI and the engine's worker
    processes. Elsewhere (Dask worker threads, a web server's threads, Windows) the block runs unlimited.
    """
    if seconds is None or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signal_number: int, _frame: object) -> None:
        raise ExtractionTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    # Re-armed every 50 ms after it first fires: an exception raised while Python cannot take it (inside a
    # garbage-collection callback, say) is dropped, and the next alarm must try again.
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Extractor:
    """Holds what is loaded once (the spaCy pipeline, the gazetteer) and extracts events from articles."""

    nlp: Language = field(default_factory=load_nlp)
    gazetteer: Gazetteer = field(default_factory=Gazetteer.load)
    # Seconds one article may take (None: no limit); see time_limit() for where it holds.
    max_seconds: float | None = DEFAULT_MAX_SECONDS

    def extract(self, article: Article) -> ExtractionResult:
        """Return the events and campaigns one article reports; an errored article comes back as it is.

        An article that takes longer than ``max_seconds`` comes back with an error instead of events. An
        article not in English comes back with its ``language`` set and no events, not as an error.
        """
        return self.extract_batch([article])[0]

    def extract_all(self, articles: Iterable[Article]) -> Iterator[ExtractionResult]:
        """Yield the result of each article in input order, extracting BATCH_ARTICLES at a time (see extract_batch)."""
        iterator = iter(articles)
        while batch := list(islice(iterator, BATCH_ARTICLES)):
            yield from self.extract_batch(batch)

    def extract_batch(self, articles: Sequence[Article]) -> list[ExtractionResult]:
        """Return the result of each article, in order, as extract() does; their entities are found in one pass.

        Each article keeps its own time limit and its own error: only the entity recognizer is shared, over the
        protest sentences of the articles that have at most SHARED_ENTITIES_MAX_CHARS of them. Should that pass
        fail or run past ``max_seconds``, each article finds its own entities.
        """
        started = [self._start(article) for article in articles]
        shared = [
            item
            for item in started
            if isinstance(item, _StartedArticle) and item.sentence_chars <= SHARED_ENTITIES_MAX_CHARS
        ]
        entities = dict(zip(map(id, shared), self._shared_entities([item.sentences for item in shared]), strict=True))
        return [
            item if isinstance(item, ExtractionResult) else self._finish(item, entities.get(id(item)))
            for item in started
        ]

    def _start(self, article: Article) -> ExtractionResult | _StartedArticle:
        """Read an article up to its entities: language, publication date, protest sentences (or its result)."""
        from .language import ENGLISH, detect_language

        if article.error or not article.text.strip():
            return ExtractionResult(article=article)
        language = detect_language(article.text)
        if language != article.language:
            article = replace(article, language=language)
        if language != ENGLISH:  # the English pipeline would read only noise into it (issue 9)
            return ExtractionResult(article=article)
        if article.published is None:
            recovered = publication_date_from_text(article.text)
            if recovered is not None:
                article = replace(article, published=recovered[0], published_basis="text")
        began = time.monotonic()
        extraction = _ArticleExtraction(article, self.nlp, self.gazetteer)
        sentences = self._limited(article, self.max_seconds, extraction.protest_sentences)
        if isinstance(sentences, ExtractionResult):
            return sentences
        if not sentences:
            return ExtractionResult(article=article)
        return _StartedArticle(extraction=extraction, sentences=sentences, seconds=time.monotonic() - began)

    def _shared_entities(self, sentence_lists: list[list[Sentence]]) -> list[list[list[Entity]] | None]:
        """Return the entities of each article's sentences, found in one pass (None for each when that fails)."""
        if len(sentence_lists) < 2:  # nothing to share: the article finds its own, under its own time limit
            return [None] * len(sentence_lists)
        try:
            with time_limit(self.max_seconds):
                found = iter(find_sentence_entities(self.nlp, [s for sentences in sentence_lists for s in sentences]))
        except (ExtractionTimeout, Exception):  # noqa: BLE001 - each article then meets the failure on its own
            logger.warning("shared entity pass failed; each of %d articles finds its own", len(sentence_lists))
            return [None] * len(sentence_lists)
        return [list(islice(found, len(sentences))) for sentences in sentence_lists]

    def _finish(self, started: _StartedArticle, entities: list[list[Entity]] | None) -> ExtractionResult:
        """Read a started article's sentences into events, within what is left of its time limit."""
        remaining = None if self.max_seconds is None else max(self.max_seconds - started.seconds, 0.001)
        extraction = started.extraction
        return self._limited(extraction.article, remaining, lambda: extraction.run(started.sentences, entities))

    def _limited(self, article: Article, seconds: float | None, work: Callable[[], _Done]) -> _Done | ExtractionResult:
        """Return what ``work`` returns, or the article with an error when it fails or runs past ``seconds``."""
        try:
            with time_limit(seconds):
                return work()
        except ExtractionTimeout:
            error = f"extraction took more than max_seconds={self.max_seconds:g}; split the article or raise the limit"
            return ExtractionResult(article=replace(article, error=error))
        except Exception as error:  # noqa: BLE001 - one article's failure must not stop a batch
            logger.exception("extraction failed on article %s", article.id)
            failed = replace(article, error=f"extraction failed: {type(error).__name__}: {error}")
            return ExtractionResult(article=failed)


@dataclass(frozen=True, slots=True)
class _StartedArticle:
    """An article read up to its entities: the sentences they are needed for, and the seconds it took so far."""

    extraction: _ArticleExtraction
    sentences: list[Sentence]
    seconds: float

    @property
    def sentence_chars(self) -> int:
        return sum(sentence.span.end - sentence.span.start for sentence in self.sentences)


@dataclass
class _SentenceFindings:
    sentence: Sentence
    triggers: list[Trigger]
    places: list[Place]
    date: DateRange
    campaign_phrases: list[CampaignPhrase]
    size: CrowdSize | None
    violence: Violence | None
    organizers: list[Actor]
    participants: list[Actor]
    targets: list[Actor]
    claims: list[Claim]
    issue_country: str | None
    speakers: list[Actor] = field(default_factory=list)
    organizer_people: set[str] = field(default_factory=set)  # the names among organizers that are people


def may_report_protest(text: str, stems: StemTable | None = None) -> bool:
    """Return False when no sentence of ``text`` can hold a protest trigger: the cheap first pass (issue 8).

    Works line by line, since a line break always ends a sentence: a trigger pattern is tried on a
    line only when one of its stems occurs there (detect.py's contract), and only a line where a
    pattern matches is split into sentences for detect_triggers. Most news stops here, unsplit, in
    a third of the time a full split costs. True means "maybe": the full pass decides. ``stems``:
    detect.article_stems() of ``text``, when the caller has it.
    """
    stems = article_stems(caseless(text)) if stems is None else stems
    if not stems:
        return False
    for line in PARAGRAPH_BREAK.split(text):
        for _, _, _, pattern in possible_triggers(caseless(line), stems):
            if pattern.search(line):
                if any(detect_triggers(sentence, stems) for sentence in split_sentences(line)):
                    return True
                break  # this line is decided; the next line may still hold a trigger
    return False


class _ArticleExtraction:
    """The work on one article; split from Extractor so per-article state never outlives it."""

    def __init__(self, article: Article, nlp: Language, gazetteer: Gazetteer) -> None:
        self.article = article
        self.text = article.text
        self.nlp = nlp
        self.gazetteer = gazetteer
        # What protest_sentences() read, for run().
        self.sentences: list[Sentence] = []
        self.triggers: dict[int, list[Trigger]] = {}
        self.phrases: dict[int, list[CampaignPhrase]] = {}

    @cached_property
    def context(self) -> GeoContext:
        return self.gazetteer.context(self.text)

    @cached_property
    def numeric_order(self) -> str | None:
        """Return how the text writes numeric dates ("dmy" or "mdy"): as one of its dates shows, else as the country
        of its dateline or the country it names most does ("9/10/2021" in a note from Oakland, CA is 10 September)."""
        written = numeric_order(self.text)
        if written is not None or not (self.context.dateline_country or self.context.countries):
            return written
        country = self.context.dateline_country or max(self.context.countries.items(), key=lambda item: item[1])[0]
        return "mdy" if country in MONTH_FIRST_COUNTRIES else "dmy"

    def protest_sentences(self) -> list[Sentence]:
        """Return the sentences to read, those with a protest trigger or a campaign phrase; [] when no protest."""
        stems = article_stems(caseless(self.text))  # the trigger stems the article holds: its sentences hold no other
        if not may_report_protest(self.text, stems):
            return []
        sentences = split_sentences(self.text)
        triggers = {s.index: detect_triggers(s, stems) for s in sentences}
        if not any(triggers.values()) or only_party_gatherings(self.text, triggers.values()):
            return []
        # Page noise (breadcrumbs, captions, "Read more" links) reports no campaign either.
        phrases = {
            s.index: [] if s.noise else find_campaign_phrases(self.text, s.span.start, s.span.end) for s in sentences
        }
        self.sentences, self.triggers, self.phrases = sentences, triggers, phrases
        # A campaign phrase in a sentence without a trigger word still speaks of the protests
        # ("supporters ... call to prosecute X in Brussels and 12 other cities").
        return [s for s in sentences if triggers[s.index] or phrases[s.index]]

    def run(self, relevant: list[Sentence], entities: list[list[Entity]] | None = None) -> ExtractionResult:
        """Read ``relevant`` (from protest_sentences()) into events; ``entities`` are theirs when already found."""
        if not relevant:
            return ExtractionResult(article=self.article)
        sentences, triggers, phrases = self.sentences, self.triggers, self.phrases
        following = {s.index: sentences[s.index + 1] for s in relevant if s.index + 1 < len(sentences)}
        # An entity lies inside its sentence, so each sentence is read with its own entities only (issue 9).
        if entities is None:
            entities = find_sentence_entities(self.nlp, relevant)
        own_entities = dict(zip((s.index for s in relevant), entities, strict=True))
        actors = index_actors(self.text, [entity for found in own_entities.values() for entity in found])
        findings: list[_SentenceFindings] = []
        # A sentence without a date takes the last protest date of the same tense: a planned march does not
        # inherit the day of the protest reported before it, nor the other way round.
        last_dates = {False: UNKNOWN_DATE, True: UNKNOWN_DATE}
        for sentence in relevant:
            future = bool(triggers[sentence.index]) and triggers[sentence.index][0].status in ("planned", "called")
            next_sentence = following.get(sentence.index)
            found = self._read_sentence(
                sentence,
                triggers[sentence.index],
                phrases[sentence.index],
                next_sentence,
                own_entities[sentence.index],
                actors,
                last_dates[future],
                # Arrests and injuries are often told in the next sentence: "Police arrested 23."
                violence_end=next_sentence.span.end
                if next_sentence is not None and not triggers[next_sentence.index]
                else sentence.span.end,
            )
            lead = sentences[sentence.index - 1] if sentence.index > 0 else None
            if (
                found.triggers
                and lead is not None
                and lead.paragraph == sentence.paragraph
                and not (triggers[lead.index] or phrases[lead.index])
            ):
                self._from_lead_sentence(found, lead)
            if found.date.basis != "none" and found.triggers:
                last_dates[future] = found.date
            findings.append(found)
        _fill_from_placeless_sentences(findings)
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
        *,
        violence_end: int,
    ) -> _SentenceFindings:
        start, end = sentence.span.start, sentence.span.end
        status = triggers[0].status if triggers else "occurred"
        issue_country = self._issue_country(start, end)
        matches = self.gazetteer.find(self.text, start, end)
        places = self._event_places(sentence, matches, phrases, entities, issue_country) if triggers else []
        date = self._date(start, end, status, last_date) if triggers else self._date(start, end, status, UNKNOWN_DATE)
        published = self.article.published
        size = extract_size(self.text, start, end, is_group=self._is_people, published=published)
        if size is None and next_sentence is not None and triggers and PARTICIPATION.search(next_sentence.span.text):
            following_span = next_sentence.span
            size = extract_size(
                self.text, following_span.start, following_span.end, is_group=self._is_people, published=published
            )
        participants = extract_participants(self.text, start, end, actors, is_group=self._is_people)
        organizers = extract_organizers(
            self.text, start, end, entities, actors, is_place_or_people=self._is_whole_place_or_people
        )
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
            violence=extract_violence(self.text, start, violence_end) if triggers else None,
            organizers=organizers,
            organizer_people={actor.name for actor in organizers if is_person(self.text, actor, entities)},
            participants=participants,
            targets=extract_targets(
                self.text,
                start,
                end,
                actors,
                is_place_or_people=self._is_whole_place_or_people,
                country_of_people=self._country_of_people,
            ),
            claims=extract_claims(
                self.text, start, end, place_starts=[m.span.start for m in matches] + [c.span.start for c in phrases]
            ),
            issue_country=issue_country,
            speakers=extract_speakers(self.text, start, end, entities, actors) if triggers else [],
        )

    def _from_lead_sentence(self, found: _SentenceFindings, lead: Sentence) -> None:
        """Give a protest sentence without a place or a date of its own those of the sentence that leads to it.

        "Nurses walked off the job at Albany Medical Center in Albany, NY, on January 9. Roughly 400 nurses
        joined the picket line.": the lead sentence, of the same paragraph and reporting no protest of its own
        (the caller checks), sets the scene of the next one. Its places count as _event_places reads them (after
        a locative word). A date inherited from an earlier protest sentence is kept.
        """
        if lead.noise:
            return
        if found.date.basis == "none":
            date = self._date(lead.span.start, lead.span.end, found.triggers[0].status, UNKNOWN_DATE)
            if date.basis != "none":
                found.date = date
        if not found.places:
            matches = self.gazetteer.find(self.text, lead.span.start, lead.span.end)
            found.places = self._event_places(lead, matches, [], [], found.issue_country)

    def _event_places(
        self,
        sentence: Sentence,
        matches: list[PlaceMatch],
        phrases: list[CampaignPhrase],
        entities: Sequence[Entity],
        issue_country: str | None,
    ) -> list[Place]:
        """Return the places where people gathered, as the sentence writes them.

        A place counts when a locative word leads to it ("in", "at", "outside", "in front of", "the streets
        of", "protests rocked"; "to" after a word of movement; "on" before a venue) or it continues a list of
        such places; places inside a campaign's scope ("13 cities across Europe and the US"), inside an
        organisation's name, or qualifying a person are not event places. Places of the grievance ("condemning
        the attack in Paris") count only when nothing else places the protest and the article has no dateline;
        a city inside a facility's name ("outside the Johannesburg High Court") only when no other place does.
        Country- and region-level places give way to cities in the same sentence. A sentence that places the
        protest "here" or "in the city" gets the dateline's city.
        """
        start = sentence.span.start
        people = [(e.start, e.end) for e in entities if e.label == "PERSON" and len(e.text.split()) >= 2]
        causes = _cause_phrases(sentence)
        accepted: list[tuple[PlaceMatch, Place]] = []
        grievances: list[Place] = []  # places of what the protest is about, kept only when nothing else is found
        previous_end = -1
        previous_cause = False
        for match in matches:
            m_start, m_end = match.span.start, match.span.end
            if any(p.scope.start <= m_start < p.scope.end for p in phrases):
                continue
            # "in Johannesburg - Soweto": the words before the enclosing place lead to the locality.
            lead = min(m_start, match.enclosing.start) if match.enclosing is not None else m_start
            before = self.text[max(start, lead - 60) : lead]
            locative = bool(
                LOCATIVE_BEFORE.search(before)
                or MOVED_TO.search(self.text, max(start, lead - 60), lead)
                or (match.kind == "venue" and ON_VENUE.search(before))
            )
            written_end = match.qualifier_end or m_end
            if (match.kind != "venue" or not locative) and any(
                p_start <= m_start and m_end <= p_end and not (locative and lead <= p_start and p_end <= written_end)
                for p_start, p_end in people
            ):
                # "Sydney Smith said"; a known venue after "near" stays one ("near Azad Maidan"), and so does a whole
                # name after a locative word that the tagger took for a person, perhaps with its enclosing place or
                # a bit of its qualifier ("in Nowy Dwor Gdanski", "in Dakar - Pikine", "Bale Robe (" of "in Bale
                # Robe (Oromia)")
                continue
            listed = (previous_end >= 0 and bool(LIST_CONTINUATION.match(self.text[previous_end:m_start]))) or bool(
                LISTED_AFTER_LOCATIVE.search(self.text, max(start, m_start - 150), m_start)
            )
            name_part = re.search(r"[A-Z][\w’']*\s+of\s+(?:the\s+)?$", before) and not SPATIAL_OF_BEFORE.search(before)
            if name_part or TARGET_QUALIFIER.search(before):
                continue  # "Council of Resistance of Iran": part of a name
            if match.common_word and not (locative and self.text[m_start].isupper()):
                continue
            if not (locative or listed):
                continue
            place = self.gazetteer.resolve(match, self.text, self.context)
            if place is None:
                continue
            place = self._at_embassy(place, start, m_start)
            cause = (listed and previous_cause) or (
                any(c_start <= m_start < c_end for c_start, c_end in causes) and bool(CAUSE_PLACE_BEFORE.search(before))
            )
            if cause:
                grievances.append(place)
            else:
                accepted.append((match, place))
            previous_end = match.qualifier_end or m_end
            previous_cause = cause
        if not accepted:
            # A city inside a facility's name is second best: "at Durban's Addington Hospital" is in Durban.
            for match in self._facility_cities(sentence):
                place = self.gazetteer.resolve(match, self.text, self.context)
                if place is not None and place.precision == "city":
                    accepted.append((match, place))
        places = [place for _, place in _without_enclosing(self.text, accepted)]
        if not places and not self.context.datelines:
            places = grievances  # "protesting about a water shortage in Mothutlung": likely where they were
        places = _drop_covered(places)
        if any(PRECISION_RANK[p.precision] <= PRECISION_RANK["admin1"] for p in places):
            places = [p for p in places if p.precision != "country"]
        # "in Shifang, Sichuan province", "Xiamen, a coastal city in Fujian": the region places the city.
        precise_countries = {p.country for p in places if PRECISION_RANK[p.precision] <= PRECISION_RANK["city"]}
        places = [p for p in places if p.precision != "admin1" or p.country not in precise_countries]
        countries = [p for p in places if p.precision == "country"]
        if len(countries) > 1 and issue_country:
            places = [p for p in places if not (p.precision == "country" and p.country == issue_country)]
        if not places and self.context.datelines and HERE.search(sentence.span.text):
            places = [self.context.datelines[0]]  # "a protest at the collectorate here" under "RAICHUR :"
        return places

    def _at_embassy(self, place: Place, sentence_start: int, place_start: int) -> Place:
        """Make a city the venue "X embassy" when the text puts the crowd at a country's mission there.

        "outside the embassy of Iran in London", "at the Iranian embassy in London" -> London, venue "Iran
        embassy", at the city's coordinates (the gazetteer has no embassies' addresses).
        """
        if place.precision != "city":
            return place
        found = EMBASSY_BEFORE.search(self.text, max(sentence_start, place_start - 80), place_start)
        if found is None:
            return place
        group = "of" if found.group("of") else "adjective"
        owner_start, owner_end = found.span(group)
        code = self.gazetteer.demonym_country(found.group(group))
        if code is None:
            countries = [
                m
                for m in self.gazetteer.find(self.text, sentence_start, place_start)
                if m.kind == "country" and owner_start < m.span.end <= owner_end  # "the Netherlands" starts early
            ]
            resolved = self.gazetteer.resolve(countries[0], self.text, self.context) if countries else None
            code = resolved.country if resolved is not None else None
        name = self.gazetteer.country_name(code) if code else None
        if name is None or code == place.country:
            return place
        mission = (found.group("mission") or found.group("mission2")).lower()
        return replace(place, precision="venue", venue=f"{name} {mission}")

    def _facility_cities(self, sentence: Sentence) -> list[PlaceMatch]:
        """Return the cities named in the facilities people gathered at: "outside the Johannesburg High Court",
        "in front of the Kurnool Collectorate", "gheraoed the office of Bhubaneswar Municipal Corporation".

        The gazetteer leaves a city inside a longer capitalised name alone ("Washington Post"); a facility's name
        after a locative word is where the crowd stood, and the city is where that is. Only cities count
        ("Kerala University" names no point).
        """
        start, end = sentence.span.start, sentence.span.end
        found: list[PlaceMatch] = []
        for facility in FACILITY.finditer(self.text, start, end):
            group = 1 if facility.group(1) else 2
            run_start, run_end = facility.start(group), facility.end(group)
            if group == 1:
                leading = self.text[max(start, run_start - 60) : run_start]
            else:
                leading = self.text[max(start, facility.start() - 60) : facility.start()]
            leading = POSSESSIVE_AFTER.sub("", leading)  # "outside Prime Media's Johannesburg offices"
            if not (LOCATIVE_BEFORE.search(leading) or MOVED_TO.search(leading) or FACILITY_OF.search(leading)):
                continue
            written = self.text[run_start:run_end].rstrip(" \t.")
            run_end = run_start + len(written)
            for word in re.finditer(r"\S+", written):  # the city is the last words: "Prime Media Johannesburg"
                cities = self.gazetteer.find(self.text, run_start + word.start(), run_end)
                if cities and cities[-1].span.end == run_end:
                    found.append(cities[-1])
                    break
        return found

    def _date(self, start: int, end: int, status: str, inherited: DateRange) -> DateRange:
        """Return the sentence's own date, else the date of the previous protest sentence of the same tense.

        A planned or called protest looks ahead ("on Sunday" is the coming one); otherwise the verb's tense
        decides. A bare year dates the protest only when nothing finer does and it is the publication year
        or the one before ("in 2019, 30,000 were executed" in a 2021 article times another event). A protest
        that happened cannot be dated after publication: "leaders who arrive next week" times something else.
        Nor can one not yet held (planned, called, cancelled) be dated before it: "On 14 February, police
        detained activists ahead of a planned protest" dates the arrests; and a later day beats the day of the
        report ("On 28 October, the party called a hartal for 29 October").
        """
        future = True if status in ("planned", "called") else None
        published = self.article.published
        # "The next day" counts from the day told before.
        previous = inherited.end if inherited.precision == "day" else None
        found = find_dates(
            self.text, published, start=start, end=end, future=future, previous=previous, order=self.numeric_order
        )
        if published is not None and status in REPORTED_STATUSES:
            found = [item for item in found if item.start is None or item.start <= published]
        elif published is not None:
            found = [item for item in found if item.end is None or item.end >= published]
            found.sort(key=lambda item: item.start == published)  # stable: the text's order otherwise
        finer = next((item for item in found if item.precision != "year"), None)
        if finer is not None:
            return finer
        if published is not None:
            for item in found:
                if item.start is not None and published.year - 1 <= item.start.year <= published.year:
                    return item
        return inherited

    def _issue_country(self, start: int, end: int) -> str | None:
        """Return the country the sentence's people are from ("Iranians", "Iranian expatriates"), or None.

        A demonym before one person ("a statue of a Spanish conquistador", "a French tourist") says nothing of
        what the protest is about.
        """
        counts: Counter[str] = Counter()
        for match in ISSUE_DEMONYM.finditer(self.text[start:end]):
            country = self.gazetteer.demonym_country(match.group())
            if country:
                counts[country] += 1
        return counts.most_common(1)[0][0] if counts else None

    def _is_people(self, word: str) -> bool:
        return self.gazetteer.demonym_country(word) is not None

    def _country_of_people(self, demonym: str) -> str | None:
        """Return the name of the country a demonym stands for ("Chinese" -> "China"), or None."""
        code = self.gazetteer.demonym_country(demonym)
        return self.gazetteer.country_name(code) if code else None

    def _is_whole_place_or_people(self, name: str) -> bool:
        """The whole name is a place or a people ("Hong Kong", "Indians"); "Communist Party of India" is not."""
        if " " not in name and self.gazetteer.demonym_country(name) is not None:
            return True
        return any(match.span.start == 0 and match.span.end == len(name) for match in self.gazetteer.find(name))

    # -- the article --------------------------------------------------------------------------

    def _assemble(self, findings: list[_SentenceFindings]) -> ExtractionResult:
        mentions = [self._mention(found, place) for found in findings if found.triggers for place in found.places]
        if not mentions:
            # A protest with no place the gazetteer knows is still one event: placed at the story's dateline
            # (a local paper's "KADAPA : ... staged a dharna before the Collectorate"), else nowhere.
            reported = [f for f in findings if f.triggers and f.triggers[0].status in REPORTED_STATUSES]
            if reported:
                dateline = self.context.datelines[0] if self.context.datelines else None
                mentions.append(self._mention(_placeless(reported), dateline))
        tag = find_size_tag(self.text)
        if tag is not None:
            # A coder's "[size=...]" tag is the note's crowd size, over any figure its sentences give; "no report"
            # means none (issue 4).
            mentions = [replace(mention, size=tag.size) for mention in mentions]
        groups = _group_mentions(mentions)
        phrases = [p for found in findings for p in found.campaign_phrases]
        # A campaign needs a phrase in a sentence that reports protests, not "offices in 13 cities".
        in_protest_sentence = any(found.triggers and found.campaign_phrases for found in findings)
        campaign_id = f"{self.article.id}~c1" if in_protest_sentence else None
        shared = _campaign_arguments(findings) if campaign_id else None
        people = {name for found in findings for name in found.organizer_people}
        events: list[Event] = []
        unplaced = _unplaced_arguments(findings, groups) if not campaign_id else {}
        for number, group in enumerate(groups, start=1):
            event = _merge(f"{self.article.id}#{number}", group)
            if campaign_id:
                event = _with_campaign_arguments(replace(event, campaign=campaign_id), shared)
            else:
                event = _with_told_elsewhere(event, unplaced.get(number - 1))
            event = _organisations_before_people(event, people)
            events.append(replace(event, confidence=_confidence(event, group)))
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
            violence=found.violence,
            organizers=tuple(found.organizers),
            participants=tuple(found.participants),
            targets=tuple(found.targets),
            claims=tuple(found.claims),
            issue_country=issue if place is None or issue != place.country else None,
            speakers=tuple(found.speakers),
        )


def _fill_from_placeless_sentences(findings: list[_SentenceFindings]) -> None:
    """Give a placed protest sentence without a date or size those of placeless ones about it.

    "Students took out a march in Delhi. The march was conducted yesterday." A date comes from a later
    sentence (an earlier one already gave its date forward); a size from the nearest sentence either side
    ("About 1,000 helpers protested yesterday. The group marched to the Central Government Offices.").
    The search stops at sentences that name a place of their own, and a planned protest never lends its
    date or size to an occurred one.
    """
    for number, found in enumerate(findings):
        if not (found.triggers and found.places) or (found.date.basis != "none" and found.size is not None):
            continue
        planned = _planned(found)
        after: list[_SentenceFindings] = []
        for later in findings[number + 1 :]:
            if later.places:
                break
            if later.triggers and _planned(later) == planned:
                after.append(later)
        before: list[_SentenceFindings] = []
        for earlier in reversed(findings[:number]):
            if earlier.places:
                break
            if earlier.triggers and _planned(earlier) == planned:
                before.append(earlier)
        if found.date.basis == "none":
            found.date = next((later.date for later in after if later.date.basis != "none"), found.date)
        if found.size is None:
            nearest = [item for pair in zip_longest(before, after) for item in pair if item is not None]
            found.size = next((item.size for item in nearest if item.size is not None), None)


def _planned(found: _SentenceFindings) -> bool:
    return found.triggers[0].status in ("planned", "called")


def _placeless(reported: list[_SentenceFindings]) -> _SentenceFindings:
    """Return the first protest sentence, with the first date and size its placeless story gives."""
    first = reported[0]
    dated = [f for f in reported if f.date.start is not None] or [f for f in reported if f.date.basis != "none"]
    size = next((f.size for f in reported if f.size is not None), None)
    return replace(first, date=dated[0].date if dated else first.date, size=size)


def _cause_phrases(sentence: Sentence) -> list[tuple[int, int]]:
    """Return the spans of the sentence that say what the protest is about ("against the attack in Paris").

    A cause phrase runs from its cue (CAUSE) to the end of the sentence, or to a comma before a locative word
    ("protest against the attack on Congress leaders, in Raipur on Thursday"); one that opens the sentence ends at
    the first comma ("Condemning the attack in Paris, students marched in Delhi").
    """
    text, offset = sentence.span.text, sentence.span.start
    phrases = []
    for cue in CAUSE.finditer(text):
        end = len(text)
        if not text[: cue.start()].strip(" \t\"'“‘(-"):
            comma = text.find(",", cue.end())
            end = comma if comma >= 0 else end
        else:
            place_clause = CAUSE_ENDS.search(text, cue.end())
            end = place_clause.start() if place_clause is not None else end
        phrases.append((offset + cue.start(), offset + end))
    return phrases


def _without_enclosing(text: str, accepted: list[tuple[PlaceMatch, Place]]) -> list[tuple[PlaceMatch, Place]]:
    """Drop a place written as the one the place before it lies in: "Foley Square in Manhattan" is one place.

    The two must lie within LOCALITY_KM of each other; the less precise one goes, the later one on a tie ("Alexandra
    in Johannesburg"). A list ("in Delhi, Noida and Gurgaon") names places of their own and is left alone. A place
    inside a facility's name goes for the place the facility stands in ("outside the Hennepin County Government
    Center in Minneapolis", "at Albany Medical Center in Albany").
    """
    dropped: set[int] = set()
    for number in range(len(accepted) - 1):
        (inner_match, inner), (outer_match, outer) = accepted[number], accepted[number + 1]
        gap_start = inner_match.qualifier_end or inner_match.span.end
        gap_end = outer_match.enclosing.start if outer_match.enclosing is not None else outer_match.span.start
        if gap_start > gap_end:
            continue
        if FACILITY_NAME_IN.fullmatch(text, gap_start, gap_end):
            dropped.add(number)  # a name inside a facility's name: the facility stands in the second place
            continue
        if not INSIDE_JOINER.fullmatch(text, gap_start, gap_end):
            continue
        if inner.lat is None or inner.lon is None or outer.lat is None or outer.lon is None:
            continue
        if distance_km(inner.lat, inner.lon, outer.lat, outer.lon) > LOCALITY_KM:
            continue
        outer_wider = PRECISION_RANK[outer.precision] >= PRECISION_RANK[inner.precision]
        dropped.add(number + 1 if outer_wider else number)
    return [item for number, item in enumerate(accepted) if number not in dropped]


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
    violence = _merge_violence(group)
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
    if violence is not None:
        for count in (violence.arrests, violence.injuries, violence.deaths):
            if count is not None and count.span is not None:
                evidence.append(Evidence(field="violence", start=count.span.start, end=count.span.end))

    def union(attribute: str) -> tuple:
        seen: dict[str, object] = {}
        for mention in group:
            for item in getattr(mention, attribute):
                seen.setdefault(_item_key(item), item)
        return tuple(seen.values())

    organizers, participants, targets, claims = (union(a) for a in ("organizers", "participants", "targets", "claims"))
    speakers = union("speakers")
    for name, items in (
        ("organizers", organizers),
        ("participants", participants),
        ("targets", targets),
        ("claims", claims),
        ("speakers", speakers),
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
        violence=violence,
        organizers=organizers,
        participants=participants,
        targets=targets,
        claims=claims,
        issue_country=issue,
        evidence=_unique(evidence),
        speakers=speakers,
    )


def _merge_violence(group: list[EventMention]) -> Violence | None:
    """Take each count from the first mention that gives it; police intervened if any mention says so."""
    reports = [m.violence for m in group if m.violence is not None]
    if not reports:
        return None
    return Violence(
        arrests=next((v.arrests for v in reports if v.arrests is not None), None),
        injuries=next((v.injuries for v in reports if v.injuries is not None), None),
        deaths=next((v.deaths for v in reports if v.deaths is not None), None),
        police_intervention=True if any(v.police_intervention for v in reports) else None,
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
    participants: tuple[Actor, ...] = ()
    form: str | None = None  # the most specific form a strong trigger of these sentences names


def _campaign_arguments(findings: list[_SentenceFindings]) -> _Shared:
    """Collect who and why from the sentences that speak of the campaign as a whole."""
    organizers: dict[str, Actor] = {}
    targets: dict[str, Actor] = {}
    claims: dict[str, Claim] = {}
    participants: dict[str, Actor] = {}
    forms: list[str] = []
    for found in findings:
        if found.places and not found.campaign_phrases:
            continue
        for actor in found.organizers:
            organizers.setdefault(actor.name, actor)
        for actor in found.targets:
            targets.setdefault(actor.name, actor)
        for claim in found.claims:
            claims.setdefault(claim.text.lower(), claim)
        for actor in found.participants:
            participants.setdefault(actor.name.lower(), actor)
        forms += [t.form for t in found.triggers if t.strong and t.status in REPORTED_STATUSES]
    return _Shared(
        tuple(organizers.values()),
        tuple(targets.values()),
        tuple(claims.values()),
        tuple(participants.values()),
        min(forms, key=FORM_PRIORITY.index) if forms else None,
    )


def _unplaced_arguments(findings: list[_SentenceFindings], groups: list[list[EventMention]]) -> dict[int, _Shared]:
    """Give each protest sentence that names no place to the event told nearest before it (else after it).

    "The stir was led by X under the banner of Y" follows the sentence that placed the blockade: its
    organizers, targets, claims and participants are that event's. Returns group index -> what it gains.
    """
    if not groups:
        return {}
    told_at = [sorted(m.trigger.sentence.start for m in group) for group in groups]
    gained: dict[int, list[_SentenceFindings]] = {}
    for found in findings:
        if not found.triggers or found.places:
            continue
        at = found.sentence.span.start
        before = [(max(s for s in starts if s <= at), i) for i, starts in enumerate(told_at) if starts[0] <= at]
        after = [(starts[0], i) for i, starts in enumerate(told_at) if starts[0] > at]
        nearest = max(before)[1] if before else min(after)[1]
        gained.setdefault(nearest, []).append(found)
    return {index: _campaign_arguments(extra) for index, extra in gained.items()}


def _with_told_elsewhere(event: Event, told: _Shared | None) -> Event:
    """Add what the sentences without a place tell of this event.

    "The strike entered its third day" makes a "demonstration" a strike: only the generic form gives way,
    to the most specific form those sentences name.
    """
    if told is None:
        return event
    if event.form == "demonstration" and told.form not in (None, "demonstration", "exhibition", "other"):
        event = replace(event, form=told.form)
    return _with_campaign_arguments(event, told)


def _with_campaign_arguments(event: Event, shared: _Shared | None) -> Event:
    if shared is None:
        return event
    evidence = list(event.evidence)
    changes: dict[str, tuple] = {}
    # What the text says of the campaign as a whole holds for each of its events.
    for name in ("organizers", "targets", "claims", "participants"):
        own = getattr(event, name)
        keys = {_item_key(item) for item in own}
        added = tuple(item for item in getattr(shared, name) if _item_key(item) not in keys)
        if added:
            changes[name] = own + added
            evidence.extend(Evidence(field=name, start=i.span.start, end=i.span.end) for i in added if i.span)
    return replace(event, **changes, evidence=_unique(evidence)) if changes else event


def _organisations_before_people(event: Event, people: set[str]) -> Event:
    """Drop the people among an event's organizers when an organisation is among them.

    "CPI (M-L) members staged a demonstration. District secretary Sankarapandian led the protest.": the leader
    acts for the party (arguments.organisations_first does the same within one sentence).
    """
    if all(actor.name in people for actor in event.organizers):
        return event
    dropped = {(a.span.start, a.span.end) for a in event.organizers if a.name in people and a.span is not None}
    evidence = tuple(e for e in event.evidence if e.field != "organizers" or (e.start, e.end) not in dropped)
    organizers = tuple(actor for actor in event.organizers if actor.name not in people)
    return replace(event, organizers=organizers, evidence=evidence)


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


def _confidence(event: Event, group: list[EventMention]) -> float:
    """Return how likely the event is right: calibration.py's raw score through its fitted table."""
    return calibrate(raw_score(event, strong_trigger=any(mention.trigger.strong for mention in group)))
