"""Read an event's arguments from its sentence: crowd size, organizers, participants, targets, claims."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .models import Actor, Claim, CrowdSize, Span
from .nlp import Entity

# ---------------------------------------------------------------------------------------------
# Crowd size
# ---------------------------------------------------------------------------------------------

NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "a hundred": 100, "one hundred": 100, "a thousand": 1000, "one thousand": 1000,
}  # fmt: skip
# Vague quantities as intervals, as EVENT_RECORD.md defines them.
VAGUE_SIZES = {
    "dozens": (24, 99), "scores": (40, 99), "hundreds": (100, 999), "thousands": (1000, 9999),
    "tens of thousands": (10_000, 99_999), "hundreds of thousands": (100_000, 999_999),
    "millions": (1_000_000, None), "a dozen": (12, 12), "a handful": (3, 10), "several hundred": (200, 999),
    "several thousand": (2000, 9999), "a few hundred": (200, 500), "a few thousand": (2000, 5000),
}  # fmt: skip
# Who can make up a crowd. Anything else after a number ("30,000 political prisoners") is no crowd.
CROWD_NOUNS = (
    r"protesters|protestors|demonstrators|people|persons|participants|marchers|activists|supporters|students|"
    r"workers|farmers|teachers|doctors|nurses|residents|women|men|villagers|employees|members|pensioners|"
    r"retirees|youths|rioters|strikers|mourners|demonstrators|expatriates|exiles|opponents|fans|citizens|"
    r"lawyers|miners|drivers|truckers|union members|campaigners|individuals|others"
)
NUMBER = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s?(?:million|thousand|k))?|" + "|".join(
    sorted(NUMBER_WORDS, key=len, reverse=True)
)
VAGUE = "|".join(sorted(VAGUE_SIZES, key=len, reverse=True))
QUALIFIER = r"at least|more than|over|upwards of|nearly|almost|about|around|some|roughly|an estimated|up to|as many as"
SIZE_PATTERN = re.compile(
    rf"\b(?:(?P<qualifier>{QUALIFIER})\s+)?(?:(?P<low>{NUMBER})\s*(?:to|-|–|and)\s*)?(?P<number>{NUMBER})"
    rf"(?:\s+(?:[a-z-]+\s+){{0,2}}?)\s*(?P<noun>{CROWD_NOUNS}|(?P<demonym>[A-Z][a-z]+(?:ans|ians|ese|is|ish|ch|ns)))\b"
    rf"|\b(?P<vague>{VAGUE})\s+of\s+(?:[a-z-]+\s+){{0,2}}?(?P<vnoun>{CROWD_NOUNS}|[A-Z][a-z]+(?:ans|ians|ese|is|ns|ers|s))\b",
    re.IGNORECASE,
)
# A number of people arrested, killed or hurt is not the crowd's size. Used with .match(text, pos):
# no "^", which would only match at the start of the whole text.
# "held" and "missing" only in the passive: "200 people held a vigil" is a crowd.
VICTIM_CONTEXT = re.compile(
    r"\W*(?:(?:were|was|had been|have been|are|being)\s+(?:\w+\s+)?(?:held|missing)|"
    r"(?:were|was|had been|have been|are)?\s*(?:\w+\s)?(?:arrested|detained|killed|dead|injured|wounded|"
    r"executed|hurt|jailed))\b",
    re.IGNORECASE,
)
VICTIM_BEFORE = re.compile(
    r"\b(?:arrested|detained|killed|injuring|killing|wounding|arresting|detaining)\s+$", re.IGNORECASE
)


def _number_value(text: str) -> int | None:
    words = text.lower().strip()
    if words in NUMBER_WORDS:
        return NUMBER_WORDS[words]
    match = re.fullmatch(r"([\d,.]+)\s?(million|thousand|k)?", words)
    if not match:
        return None
    value = float(match.group(1).replace(",", ""))
    multiplier = {"million": 1_000_000, "thousand": 1000, "k": 1000}.get(match.group(2) or "", 1)
    return int(value * multiplier)


def extract_size(text: str, start: int, end: int, *, is_group: Callable[[str], bool]) -> CrowdSize | None:
    """Return the crowd size written in text[start:end], or None if the span gives none.

    "50 protesters" is 50-50; "Hundreds of Iranians" 100-999; "at least 200" 200-open; "200 to 300"
    keeps both ends. A number must name people (a crowd noun or a plural demonym accepted by
    ``is_group``), and not people arrested, killed or hurt. Police and organizer figures given
    side by side are not yet reconciled: the first figure wins.
    """
    for match in SIZE_PATTERN.finditer(text, start, end):
        demonym = match.group("demonym")
        vague_noun = match.group("vnoun")
        if demonym and not is_group(demonym):
            continue
        if vague_noun and not re.fullmatch(CROWD_NOUNS, vague_noun, re.IGNORECASE) and not is_group(vague_noun):
            continue
        if VICTIM_CONTEXT.match(text, match.end(), end) or VICTIM_BEFORE.search(
            text, max(start, match.start() - 25), match.start()
        ):
            continue
        span = Span(start=match.start(), end=match.end(), text=match.group())
        if match.group("vague"):
            low, high = VAGUE_SIZES[match.group("vague").lower()]
            return CrowdSize(low=low, high=high, text=span.text, span=span)
        value = _number_value(match.group("number"))
        if value is None or value < 2:
            continue
        low_value = _number_value(match.group("low")) if match.group("low") else None
        qualifier = (match.group("qualifier") or "").lower()
        if low_value is not None:
            low, high = low_value, value
        elif qualifier in ("at least", "more than", "over", "upwards of"):
            low, high = value, None
        elif qualifier in ("up to", "as many as"):
            low, high = None, value
        else:
            low = high = value
        return CrowdSize(low=low, high=high, text=span.text, span=span)
    return None


# ---------------------------------------------------------------------------------------------
# Actors
# ---------------------------------------------------------------------------------------------

NAME_WORD = r"[A-Z][\w’'.-]*"
CONNECTOR = r"(?:of|for|the|and|in|de|du|des|la|le|&|on)"
LONG_NAME_WITH_ACRONYM = re.compile(
    rf"(?P<name>{NAME_WORD}(?:\s+(?:{CONNECTOR}\s+)*{NAME_WORD})+)\s*\((?P<acronyms>[A-Z][A-Za-z&.]{{1,10}}"
    rf"(?:\s*/\s*[A-Z][A-Za-z&.]{{1,10}})*)\)"
)
TITLES = frozenset(
    [
        "president",
        "prime",
        "minister",
        "secretary",
        "leader",
        "supreme",
        "chancellor",
        "king",
        "queen",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "general",
        "regime",
        "government",
        "former",
        "new",
        "late",
        "the",
        "of",
        "and",
        "in",
        "on",
        "to",
    ]
)
ACRONYM = re.compile(r"\b[A-Z]{2,7}\b")
STOP_INITIAL_WORDS = frozenset({"of", "for", "the", "and", "in", "de", "du", "des", "la", "le", "&", "on"})
# Between an organisation and its verb only an acronym, an apposition or a place may stand:
# "NCRI (NCRI) held", "the Organization of Iranian Communities in the United States held".
ORGANIZE_AFTER = re.compile(
    r"^\s*(?:\([^)]{1,20}\)\s*)?(?:,[^,.;]{1,40},\s*)?(?:(?:in|from|of|based in) [^,.;()]{1,40}?\s+)?"
    r"(?:(?:\w+ly|also|has|have|had|on \w+)\s+)*"
    r"(?:held|holds|hold|organi[sz]ed|organi[sz]es|staged|stages|led|hosted|arranged|called)\b"
)
# An organisation named by a common noun ("the union organised", "the teachers' union called"); the
# named entity recognizer only finds proper names.
GENERIC_ORGANIZER = re.compile(
    r"\b(?i:the|its|their|a|an)\s+(?P<noun>(?:[a-z]+(?:[’']s|s[’'])?\s+)?"
    r"(?:unions?|party|coalition|federation|confederation|association|alliance|movement|committee|collective))\b"
)
ORGANIZED_BY = re.compile(r"\b(?:organi[sz]ed|led|called|hosted|staged|arranged) by\s+(?:the\s+)?")
ORGANIZE_BEFORE = re.compile(r"\b(?:organi[sz]ed|led|called|hosted|staged|arranged) by\s+(?:the\s+)?$")
GROUP_NOUNS = (
    "students|workers|teachers|farmers|doctors|nurses|lawyers|women|residents|activists|villagers|employees|"
    "pensioners|retirees|journalists|parents|truckers|miners|refugees|youth|monks|clergy"
)
# Nouns that name a group only after a nationality: "Iranian community", not "the international community".
DIASPORA_NOUNS = "expatriates|exiles|diaspora|Americans|Canadians|Britons|community|communities|immigrants"
PARTICIPANT_PATTERN = re.compile(
    rf"\b(?:(?P<demonym>[A-Z][a-z]+(?:an|ian|ese|i|ish|ch))\s+(?P<group>{GROUP_NOUNS}|{DIASPORA_NOUNS})\b|"
    rf"(?P<plural>[A-Z][a-z]+(?:ans|ians|eses|is|ns))\b|supporters of (?:the\s+)?(?P<supported>"
    rf"{NAME_WORD}(?:\s+(?:{CONNECTOR}\s+)*{NAME_WORD})*)|(?P<plain>(?i:striking |local |university )?"
    rf"(?:{GROUP_NOUNS}))\b)"
)
TARGET_CUE = re.compile(
    r"\b(?:condemn(?:s|ed|ing)?|(?<!crimes )against|denounc(?:e|es|ed|ing)|prosecut(?:e|ed|ing|ion of)|"
    r"oppos(?:e|ed|ing)|resignation of|speech of|accountable|protest(?:s|ed|ing)? (?:to|against|at))\s+",
    re.IGNORECASE,
)
NOT_ACTORS = frozenset(
    [
        "the",
        "un",
        "eu",
        "europe",
        "asia",
        "africa",
        "america",
        "americas",
        "middle",
        "east",
        "latin",
        "america",
        "world",
        "globe",
        "west",
        "east",
    ]
)
# A run "Raisi on Monday" or "the Ministry in March" ends before the date.
DATE_NAME = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\b"
)
CAPITALIZED_RUN = re.compile(rf"{NAME_WORD}(?:\s+(?:{CONNECTOR}\s+)?{NAME_WORD})*")


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorIndex:
    """The article's actors: long names with their acronyms, and full names of people by surname."""

    aliases: dict[str, tuple[str, ...]]  # long name -> acronyms
    by_acronym: dict[str, str]  # acronym -> long name
    full_names: dict[str, str]  # surname -> most frequent "First Last" in the article


def index_actors(text: str, entities: Sequence[Entity]) -> ActorIndex:
    """Collect the article's acronyms ("National Council of Resistance of Iran (NCRI)") and people's names."""
    aliases: dict[str, tuple[str, ...]] = {}
    for match in LONG_NAME_WITH_ACRONYM.finditer(text):
        acronyms = tuple(part.strip() for part in match.group("acronyms").split("/"))
        name = _name_for_acronym(_clean_name(match.group("name")), acronyms[0])
        if name is not None or len(acronyms) > 1:
            name = name or _clean_name(match.group("name"))
            aliases[name] = tuple(dict.fromkeys(aliases.get(name, ()) + acronyms))
    # Acronyms used alone whose letters follow a known organisation's initials ("OIAC" for the
    # "Organization of Iranian Communities"): news text often drops a word of the long name.
    organisations = {_clean_name(e.text) for e in entities if e.label == "ORG"}
    for acronym in set(ACRONYM.findall(text)):
        if any(acronym in known for known in aliases.values()):
            continue
        for name in organisations:
            if len(name.split()) >= 2 and _acronym_fits(acronym, name, slack=1):
                aliases[name] = aliases.get(name, ()) + (acronym,)
                break
    by_acronym = {acronym: name for name, acronyms in aliases.items() for acronym in acronyms}
    surnames: dict[str, Counter[str]] = {}
    # A lookahead so that pairs overlap: "President Jair Bolsonaro" must still yield "Jair Bolsonaro".
    for match in re.finditer(r"\b(?=([A-Z][a-z]+) ([A-Z][a-z]{2,})\b)", text):
        if match.group(1).lower() not in TITLES:
            surnames.setdefault(match.group(2), Counter())[f"{match.group(1)} {match.group(2)}"] += 1
    people = {e.text for e in entities if e.label == "PERSON" and len(e.text.split()) == 2}
    full_names = {
        surname: counts.most_common(1)[0][0]
        for surname, counts in surnames.items()
        if any(name in people for name in counts) or counts.most_common(1)[0][1] >= 2
    }
    return ActorIndex(aliases=aliases, by_acronym=by_acronym, full_names=full_names)


def _name_for_acronym(name: str, acronym: str) -> str | None:
    """Return the tail of a capitalised run that the acronym abbreviates, or None.

    The run may start with words that are not part of the name: "Members of the National Union of
    Teachers (NUT)" gives "National Union of Teachers".
    """
    words = name.split()
    for first in range(len(words) - 1):
        if words[first].lower() in STOP_INITIAL_WORDS:
            continue
        candidate = " ".join(words[first:])
        if _acronym_fits(acronym, candidate):
            return candidate
    return None


def _clean_name(name: str) -> str:
    name = re.sub(r"^(?:the|The)\s+", "", name.strip())
    return re.sub(r"[’']s$", "", name)


def _acronym_fits(acronym: str, name: str, *, slack: int = 0) -> bool:
    initials = "".join(word[0].upper() for word in name.split() if word.lower() not in STOP_INITIAL_WORDS)
    letters = acronym.replace(".", "").replace("&", "")
    if len(initials) < 2 or not letters or letters[0] != initials[0]:
        return False
    if letters == initials:
        return True
    # the initials must appear in order inside the acronym, with at most ``slack`` extra letters
    position = 0
    for letter in letters:
        if position < len(initials) and letter == initials[position]:
            position += 1
    return position == len(initials) and len(letters) - len(initials) <= slack


def canonical_actor(name: str, index: ActorIndex, span: Span | None = None) -> Actor:
    """Return the actor under its long name, with the acronyms the article uses for it."""
    name = _clean_name(name)
    long_name = index.by_acronym.get(name, name)
    if long_name == name:
        # "President Bolsonaro" is the "Jair Bolsonaro" the article names in full elsewhere
        words = name.split()
        while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
            words = words[1:]
        untitled = " ".join(words)
        if untitled in index.full_names:
            long_name = index.full_names[untitled]
        elif untitled in index.full_names.values():
            long_name = untitled
    return Actor(name=long_name, aliases=index.aliases.get(long_name, ()), span=span)


def extract_organizers(text: str, start: int, end: int, entities: Sequence[Entity], index: ActorIndex) -> list[Actor]:
    """Return organisations written as holding, organising or calling the protest in text[start:end]."""
    candidates: list[tuple[int, int, str]] = [
        (e.start, e.end, e.text) for e in entities if e.label == "ORG" and start <= e.start and e.end <= end
    ]
    for name in index.aliases:
        for match in re.finditer(re.escape(name), text[start:end]):
            candidates.append((start + match.start(), start + match.end(), name))
    for acronym in index.by_acronym:
        for match in re.finditer(rf"\b{re.escape(acronym)}\b", text[start:end]):
            candidates.append((start + match.start(), start + match.end(), acronym))
    for match in GENERIC_ORGANIZER.finditer(text, start, end):
        candidates.append((match.start("noun"), match.end("noun"), match.group("noun")))
    for match in ORGANIZED_BY.finditer(text, start, end):
        run = CAPITALIZED_RUN.match(text, match.end(), end)
        if run:
            # without an entity to bound it, "the Green Party in Leeds" ends before "in"
            name = re.split(r"\s+(?:in|on)\s+", run.group().rstrip("."))[0]
            candidates.append((run.start(), run.start() + len(name), name))
    organizers: dict[str, Actor] = {}
    for cand_start, cand_end, name in sorted(candidates):
        after = text[cand_end:end]
        before = text[max(start, cand_start - 30) : cand_start]
        if ORGANIZE_AFTER.match(after) or ORGANIZE_BEFORE.search(before):
            actor = canonical_actor(name, index, Span(start=cand_start, end=cand_end, text=text[cand_start:cand_end]))
            if not _is_within_supporters(text, cand_start, start):
                organizers.setdefault(actor.name, actor)
    return list(organizers.values())


def _is_within_supporters(text: str, position: int, start: int) -> bool:
    return bool(re.search(r"\bsupporters of\s+(?:the\s+)?$", text[max(start, position - 20) : position]))


def extract_participants(
    text: str, start: int, end: int, index: ActorIndex, *, is_group: Callable[[str], bool]
) -> list[Actor]:
    """Return who took part, as written: "Iranian expatriates", "teachers", "supporters of X"."""
    participants: dict[str, Actor] = {}
    for match in PARTICIPANT_PATTERN.finditer(text, start, end):
        span = Span(start=match.start(), end=match.end(), text=match.group())
        if match.group("demonym"):
            if not is_group(match.group("demonym")):
                continue
            name = match.group()
        elif match.group("plural"):
            if not is_group(match.group("plural")):
                continue
            name = match.group("plural")
        elif match.group("supported"):
            name = "supporters of " + canonical_actor(match.group("supported"), index).name
        else:
            name = match.group("plain").lower()
        participants.setdefault(name.lower(), Actor(name=name, span=span))
    return list(participants.values())


def extract_targets(
    text: str, start: int, end: int, index: ActorIndex, *, is_place_or_people: Callable[[str], bool]
) -> list[Actor]:
    """Return the people or organisations the protest is aimed at ("condemning Raisi", "against X")."""
    targets: dict[str, Actor] = {}
    for cue in TARGET_CUE.finditer(text, start, end):
        window_end = min(end, cue.end() + 60)
        for run in CAPITALIZED_RUN.finditer(text, cue.end(), window_end):
            written = run.group().rstrip(".")
            # "President X in Brasilia": a place after "in"/"on" is where, not part of the name
            head, _, tail = written.partition(" in ")
            if not tail:
                head, _, tail = written.partition(" on ")
            if tail and (is_place_or_people(tail) or DATE_NAME.match(tail)):
                written = head
            name = _clean_name(written)
            if run.start() > cue.end() + 45 or not name:
                break
            # "Regime's President Ebrahim Raisi": a person's full name inside a title run is the actor
            name = next((full for full in index.full_names.values() if full in name), name)
            if is_place_or_people(name) or name.lower() in NOT_ACTORS:
                continue
            span = Span(start=run.start(), end=run.start() + len(written), text=written)
            actor = canonical_actor(name, index, span)
            targets.setdefault(actor.name, actor)
            break
    return list(targets.values())


CLAIM_CUE = re.compile(
    r"\b(?:calling for|call(?:s|ed)? for|call(?:s|ed)? to|urging [^.;:,]{0,60}? to|urged [^.;:,]{0,60}? to|"
    r"demanding|demanded|to demand|demand(?:s)? (?:for )?|protest(?:ed|ing)? against|against the)\s+",
    re.IGNORECASE,
)
CLAIM_STOP = re.compile(
    r"[.;:!?“”\"()]|,(?!\d)|\s(?:and then|while|which|who|as well as|where|when)\s|"
    r"\s(?:with|by) (?:holding|staging)\b",
    re.IGNORECASE,
)
MAX_CLAIM_WORDS = 16


def extract_claims(text: str, start: int, end: int, *, place_starts: Sequence[int] = ()) -> list[Claim]:
    """Return what the protesters demanded, as short phrases from the text.

    The phrase runs from the cue ("calling for", "urging X to", "demanding", "against the") to the
    end of the clause, cut before a place the sentence names ("... in Brussels and 12 other cities").
    """
    claims: dict[str, Claim] = {}
    for cue in CLAIM_CUE.finditer(text, start, end):
        claim_start = (
            cue.end()
            if not cue.group().lower().startswith(("against", "protest"))
            else cue.start() + cue.group().lower().find("against")
        )
        stop = CLAIM_STOP.search(text, claim_start, end)
        claim_end = stop.start() if stop else end
        for place_start in place_starts:
            if claim_start < place_start < claim_end:
                claim_end = place_start
                break
        phrase = re.sub(r"\s+(?:in|at|on|across)\s*$", "", text[claim_start:claim_end].strip())
        claim_end = claim_start + len(phrase)
        words = phrase.split()
        if len(words) < 2:
            continue
        phrase = " ".join(words[:MAX_CLAIM_WORDS])
        phrase = phrase[0].lower() + phrase[1:] if phrase[:1].isupper() and not phrase[:2].isupper() else phrase
        claims.setdefault(
            phrase.lower(),
            Claim(text=phrase, span=Span(start=claim_start, end=claim_end, text=text[claim_start:claim_end])),
        )
    return list(claims.values())
