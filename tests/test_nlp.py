"""Tests of the entity recognizer's wrapper: entities per sentence, with offsets into the article text."""

from __future__ import annotations

from functools import cache

import pytest
from spacy.language import Language

from protestwatch.nlp import find_entities, find_sentence_entities, load_nlp
from protestwatch.text import split_sentences


@cache
def nlp() -> Language:
    return load_nlp()


@pytest.mark.parametrize(
    "text",
    [
        "Teachers marched in Berlin on Sunday. Maria Keller of the National Teachers Union spoke.\n"
        "Police said 300 people joined. Angela Merkel was not there.",
        "No names here at all.",
    ],
)
def test_find_sentence_entities_stay_inside_their_sentence(text):
    sentences = split_sentences(text)
    found = find_sentence_entities(nlp(), sentences)
    assert len(found) == len(sentences)
    for sentence, entities in zip(sentences, found, strict=True):
        for entity in entities:
            assert sentence.span.start <= entity.start < entity.end <= sentence.span.end
            assert text[entity.start : entity.end] == entity.text
    assert find_entities(nlp(), sentences) == [entity for entities in found for entity in entities]


def test_find_sentence_entities_finds_people_and_organisations():
    text = "Maria Keller of the National Teachers Union addressed the crowd in Berlin."
    labels = {(e.text, e.label) for e in find_entities(nlp(), split_sentences(text))}
    assert ("Maria Keller", "PERSON") in labels
