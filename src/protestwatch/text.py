"""Split an article's text into paragraphs and sentences with absolute character offsets."""

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
WORD_BEFORE_DOT = re.compile(r"([A-Za-z.]+)\.[\"”’')\]]*\s*$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    """A sentence of the article, with the index of its paragraph."""

    span: Span
    paragraph: int
    index: int


def _is_abbreviation(text_before: str) -> bool:
    match = WORD_BEFORE_DOT.search(text_before)
    if not match:
        return False
    word = match.group(1)
    # "U.S." / "D.C." / a single initial ("John F. Kennedy")
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?|[A-Z]", word):
        return True
    return word.lower() in ABBREVIATIONS


def split_sentences(text: str) -> list[Sentence]:
    """Return the sentences of ``text`` in order; each line is a paragraph."""
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
        for match in SENTENCE_END.finditer(text, block_start, block_end):
            if _is_abbreviation(text[start : match.start() + 1]):
                continue
            _append(sentences, text, start, match.start() + len(match.group().rstrip()), block_paragraph)
            start = match.end()
        _append(sentences, text, start, block_end, block_paragraph)
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
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
            )
        )
