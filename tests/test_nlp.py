"""Tests of the entity recognizer's wrapper: entities per sentence, with offsets into the article text."""

from __future__ import annotations

from functools import cache

import pytest
import spacy
from spacy.language import Language

from protestwatch.nlp import (
    MODEL_NAMES,
    UNUSED_COMPONENTS,
    _openblas_thread_setters,
    find_entities,
    find_sentence_entities,
    load_nlp,
    one_blas_thread,
    uses_openblas,
    without_unheard_tok2vec,
)
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


@cache
def nlp_as_spacy_loads_it() -> Language:
    name = next(name for name in MODEL_NAMES if spacy.util.is_package(name))
    return without_unheard_tok2vec(spacy.load(name, exclude=list(UNUSED_COMPONENTS)))


def test_load_nlp_multiplies_on_openblas_where_it_can():
    assert nlp().get_pipe("ner").model.ops.use_blis is not uses_openblas()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "text",
    [
        "Maria Keller of the National Teachers Union addressed 3,000 nurses in Berlin on Sunday.\n"
        "The Congress of South African Trade Unions (COSATU) marched to the Union Buildings in Pretoria.\n"
        "Members of the Iranian community rallied on Schuman Square as Ebrahim Raisi addressed the UN.",
    ],
)
def test_find_sentence_entities_same_whichever_blas_multiplies(text):
    sentences = split_sentences(text)
    assert find_sentence_entities(nlp(), sentences) == find_sentence_entities(nlp_as_spacy_loads_it(), sentences)


def test_one_blas_thread_holds_openblas_to_one_thread_then_restores_the_count():
    if not _openblas_thread_setters():
        pytest.skip("no OpenBLAS with per-thread thread counts in this process")
    setter = _openblas_thread_setters()[0]
    before = setter(3)
    with one_blas_thread():
        inside = setter(1)
    after = setter(before)
    assert (inside, after) == (1, 3)
