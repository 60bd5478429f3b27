"""Split an article's text into paragraphs and sentences with absolute offsets, marking page noise."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Span

# News text keeps one paragraph per line; a line break always ends a sentence (titles, captions, bylines).
PARAGRAPH_BREAK = re.compile(r"\n+")
# A sentence ends at . ! or ? (maybe closed by a quote or bracket) followed by space and a capital,
# a digit or an opening quote. Abbreviations are checked separately: a regex cannot tell "U.S. Capitol".
SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[A-Z0-9“\"‘'(])")
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "gen",
        "sen",
        "rep",
        "gov",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "jr",
        "sr",
        "prof",
        "lt",
        "col",
        "capt",
        "sgt",
        "ave",
        "approx",
        "dept",
        "est",
        "fig",
        "mt",
        "ft",
        "rev",
        "hon",
        "pres",
    ]
)
_WORD_OR_DOT = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")
INITIALS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?|[A-Z]")

# Page furniture that extraction leaves in the text. A sentence of it reports no event and names no actor.
# Breadcrumbs: menu words glued together ("HomeIran News NowIran Opposition") or joined by separators.
GLUED_WORDS = re.compile(r"[a-z][A-Z][a-z]")
BREADCRUMB_SEPARATORS = re.compile(r"\s(?:›|»|>|/|\|)\s")
LINK_LINE = re.compile(
    r"^(?:read (?:more|also|next)|also read|related(?: articles| stories| news| posts)?\s*:|related$|see also|"
    r"more (?:on this|stories|news)\s*:?|click here|watch\s*:|recommended|you may also like|sign up|subscribe|"
    r"advertisement|sponsored|follow us|share this|comments?\s*\(?\d*\)?$)",
    re.IGNORECASE,
)
SHARE_WORDS = re.compile(
    r"(?:share|tweet|facebook|twitter|x|whatsapp|email|e-mail|print|linkedin|pinterest|telegram|reddit|"
    r"copy link|messenger|comments?|\d+)",
    re.IGNORECASE,
)
CAPTION = re.compile(
    r"^(?:\(?(?:photo|image|picture|pic|photograph|caption|file photo|file picture|credit|video)\b\s*(?::|by|/|-|–)|"
    r"\[?(?:photo|image)\]?$)|(?:\((?:photo|image|picture|credit)[:/][^)]*\)|(?:photo|image|credit)\s*:\s*[^.]{2,60}|"
    r"(?:[|(/–—]\s*|photo\s*[:/]?\s*)(?:reuters|afp|ap|getty images|epa|anadolu)(?:/[\w .]+)?\)?)\s*\.?$",
    re.IGNORECASE,
)
# Every CAPTION match holds one of these words, or one of CREDIT_ABBREVIATION (credits stand after "(", "|", "/" or
# a dash, so "AP" is a word): looked up with `in`, they spare most sentences the slow CAPTION search.
CAPTION_WORDS = ("photo", "image", "pic", "caption", "credit", "video", "reuters", "getty", "anadolu")
CREDIT_ABBREVIATION = re.compile(r"\b(?:ap|afp|epa)\b", re.IGNORECASE)
# re.IGNORECASE matches these to ASCII letters but str.lower() leaves them apart: "ſ" is "s", "K" (Kelvin) "k".
_CASE_TWINS = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "\u212a": "k"})


def caseless(text: str) -> str:
    """Return ``text`` lower-cased as re.IGNORECASE reads it: a word a pattern matches is `in` caseless(text)."""
    return text.translate(_CASE_TWINS).lower()


def _is_caption(text: str) -> bool:
    lowered = caseless(text)
    if not any(word in lowered for word in CAPTION_WORDS) and not (
        ("ap" in lowered or "epa" in lowered or "afp" in lowered) and CREDIT_ABBREVIATION.search(text)
    ):
        return False
    return CAPTION.search(text) is not None


# "Paolo Casaca – Former MEP": a name, a dash and a role, with no verb; a list of speakers or signatories.
NAME_ROLE_LINE = re.compile(
    r"^(?:(?:Dr|Prof|Mr|Mrs|Ms|Sir|Lord|Rev)\.?\s+)?[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,4}\s*[–—-]\s*\S.{0,100}$"
)
VERB_HINT = re.compile(r"\b(?:is|are|was|were|has|have|had|said|says|will|\w+ed)\b")
HASHTAG = re.compile(r"#\s*\w+")
CAPTION_START = re.compile(
    r"\(?(?:photo|image|picture|pic|photograph|caption|file photo|file picture)\s*(?::|by)", re.IGNORECASE
)
SHARE_LINE_MAX_WORDS = 12  # a row of share buttons; a line is split no further (long lines are most lines)
CAPTION_MAX_WORDS = 30  # captions are short; a "caption" sentence longer than this is prose with a credit before it
MENU_ITEM_MAX_WORDS = 6  # "Home › World › Europe": each item of a breadcrumb is a few words


def _is_separated_menu(line: str) -> bool:
    """ "Home › World › Europe": menu items joined by separators; a dateline "AHMEDABAD / BHOPAL :" in prose is not."""
    items = BREADCRUMB_SEPARATORS.split(line)
    return len(items) >= 3 and all(len(item.split()) <= MENU_ITEM_MAX_WORDS for item in items[:-1])


def _is_breadcrumb(line: str) -> bool:
    # hashtags ("#FeesMustFall") and names ("KwaMashu, KwaZulu-Natal") glue words too, in prose; a breadcrumb opens
    # with its menu items, prose with lower-case words before such a name
    without_hashtags = HASHTAG.sub("", line)
    glued = list(GLUED_WORDS.finditer(without_hashtags))
    if (
        len(glued) >= 2
        and not re.search(r"[.!?]\s", line[:80])
        and not re.search(r"(?:^|\s)[a-z]", without_hashtags[: glued[0].start()])
    ):
        return True
    return bool(re.match(r"^Home(?:[A-Z]|\s*(?:›|»|>|/|\|))", line)) or _is_separated_menu(line)


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    """A sentence of the article, with the index of its paragraph."""

    span: Span
    paragraph: int
    index: int
    # None for article prose; else what page furniture it is: breadcrumb | link | share | caption | list
    noise: str | None = None


def _is_abbreviation(text: str, start: int, dot: int) -> bool:
    """Tell whether the "." at text[dot] ends an abbreviation ("U.S.", "Mr.", "F.") rather than a sentence.

    Reads only the run of letters and dots right before it (not before ``start``), so each candidate end costs
    the length of one word, however long the sentence: text of many abbreviations stays linear (issue 9).
    """
    if text[dot] != ".":
        return False
    first = dot
    while first > start and text[first - 1] in _WORD_OR_DOT:
        first -= 1
    word = text[first:dot]
    if not word:
        return False
    # "U.S." / "D.C." / a single initial ("John F. Kennedy")
    if INITIALS.fullmatch(word):
        return True
    return word.lower() in ABBREVIATIONS


@dataclass(frozen=True, slots=True)
class LineNoise:
    """What a whole line says about the page furniture in it: read once per line, whatever its sentences."""

    kind: str | None  # share | breadcrumb: the whole line is furniture
    caption: bool  # a short line with a credit: "Protesters outside parliament. (Photo: Jane Doe)"
    name_role: bool  # "Paolo Casaca – Former MEP"


def line_noise(line: str) -> LineNoise:
    """Return what ``line`` as a whole says about page furniture; see noise_kind for the kinds."""
    stripped = line.strip()
    words = re.split(r"[\s|•·,/]+", stripped, maxsplit=SHARE_LINE_MAX_WORDS)  # one piece more tells "too many"
    kind = None
    if words and len(words) <= SHARE_LINE_MAX_WORDS and all(not word or SHARE_WORDS.fullmatch(word) for word in words):
        kind = "share"
    elif _is_breadcrumb(stripped):
        kind = "breadcrumb"
    return LineNoise(
        kind=kind,
        caption=len(stripped) < 300 and _is_caption(stripped),
        name_role=len(stripped) < 140 and NAME_ROLE_LINE.match(stripped) is not None and not VERB_HINT.search(stripped),
    )


def noise_kind(line: LineNoise, sentence: str) -> str | None:
    """Return what kind of page furniture a sentence of a line is, or None for article prose.

    Recognises breadcrumbs ("HomeIran News NowIran Opposition..."), "Read more" / "Related:" links,
    rows of share buttons, photo captions and credits ("Photo: Reuters", "(AP Photo/...)") and lines of a
    name and a role ("Paolo Casaca – Former MEP"). A caption written as a full sentence with no
    credit is not recognised and stays prose. ``line`` is line_noise() of the sentence's line, read once
    for all its sentences: a check of the whole line for each sentence made long paragraphs quadratic (issue 9).
    """
    if line.kind is not None:
        return line.kind
    stripped_sentence = sentence.strip()
    if LINK_LINE.match(stripped_sentence):
        return "link"
    # a credit closes the whole caption line, whatever sentences it holds; a credit glued to the start of a
    # long sentence of prose ("Photo : K. Pichumani Staff Reporter CHENNAI : Slogans filled the air ...") is
    # the page's line structure lost, and the prose stays
    credit_then_prose = CAPTION_START.match(stripped_sentence) and len(sentence.split()) > CAPTION_MAX_WORDS
    if not credit_then_prose and (line.caption or (len(sentence) < 300 and _is_caption(stripped_sentence))):
        return "caption"
    if line.name_role:
        return "list"
    return None


def split_sentences(text: str) -> list[Sentence]:
    """Return the sentences of ``text`` in order; each line is a paragraph. Page noise is marked, not dropped."""
    sentences: list[Sentence] = []
    paragraph = 0
    position = 0
    blocks: list[tuple[int, int, int]] = []
    for match in PARAGRAPH_BREAK.finditer(text):
        blocks.append((position, match.start(), paragraph))
        paragraph += 1
        position = match.end()
    blocks.append((position, len(text), paragraph))
    for block_start, block_end, block_paragraph in blocks:
        start = block_start
        line = line_noise(text[block_start:block_end])
        for match in SENTENCE_END.finditer(text, block_start, block_end):
            if _is_abbreviation(text, start, match.start()):
                continue
            _append(sentences, text, start, match.start() + len(match.group().rstrip()), block_paragraph, line)
            start = match.end()
        _append(sentences, text, start, block_end, block_paragraph, line)
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int, line: LineNoise) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(
            Sentence(
                span=Span(start=start, end=end, text=text[start:end]),
                paragraph=paragraph,
                index=len(sentences),
                noise=noise_kind(line, text[start:end]),
            )
        )
