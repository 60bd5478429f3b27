"""Tests of campaign phrases: how many places a sentence says protests took place in, and their scope."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protestwatch.link import CAMPAIGN_PHRASE, find_campaign_phrases


def phrases(text: str):
    return find_campaign_phrases(text, 0, len(text))


@pytest.mark.parametrize(
    "text, stated",
    [
        ("Supporters held rallies in 13 cities.", 13),
        ("Protests took place in Brussels and 12 other cities.", 13),
        ("Rallies were held in a dozen cities across Europe.", 12),
        ("Marches took place in more than 40 towns on Saturday.", 40),
        ("The protests spread to twelve cities.", 12),
        ("Teachers went on strike nationwide on Monday.", None),
        ("Farmers blocked roads across the country.", None),
        ("Rallies were held in several cities.", None),
        ("Marches were held in over a dozen cities.", 12),
        ("Rallies took place in Paris and sixteen other towns.", 17),
    ],
)
def test_find_campaign_phrases_counts_stated_places(text, stated):
    found = phrases(text)
    assert [phrase.stated_places for phrase in found] == [stated]
    span = found[0].span
    assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    "text, scope",
    [
        ("Rallies were held in a dozen cities across Europe.", "in a dozen cities across Europe"),
        ("Rallies were held in a dozen cities across Europe, police said.", "in a dozen cities across Europe"),
        ("Rallies were held in 13 cities across Europe on Saturday.", "in 13 cities across Europe"),
        ("Protests took place in Brussels and 12 other cities.", "and 12 other cities"),
    ],
)
def test_find_campaign_phrases_scope_covers_the_words_after(text, scope):
    found = phrases(text)
    assert [phrase.scope.text for phrase in found] == [scope]
    assert text[found[0].scope.start : found[0].scope.end] == scope


@pytest.mark.parametrize(
    "text",
    ["The company has offices.", "Thousands marched in Paris.", "Three protesters were arrested in two raids."],
)
def test_find_campaign_phrases_none_without_a_count_of_places(text):
    assert phrases(text) == []


@pytest.mark.parametrize(
    "text, start",
    [("It rained. Rallies took place in 13 cities.", 11)],
)
def test_find_campaign_phrases_offsets_are_absolute(text, start):
    found = find_campaign_phrases(text, start, len(text))
    assert [text[p.span.start : p.span.end] for p in found] == ["in 13 cities"]


@pytest.mark.parametrize(
    "text, place",
    [("Protests spread across the country in Lagos, Abuja and Kano.", "Lagos")],
)
def test_find_campaign_phrases_unstated_count_has_no_scope(text, place):
    found = phrases(text)
    assert found and all(not (p.scope.start <= text.index(place) < p.scope.end) for p in found)


@given(text=st.from_regex(CAMPAIGN_PHRASE))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_find_campaign_phrases_finds_every_phrase_the_pattern_matches(text):
    # The pattern runs only on sentences holding one of its words (prefilter): a text it matches, in any case ("ſ",
    # "K", "İ"), must still give a phrase.
    assert phrases(text)


@pytest.mark.parametrize("text", ["RALLIES WERE HELD IN 13 CITIES.", "Protests spread NATIONWIDE."])
def test_find_campaign_phrases_reads_any_case(text):
    assert phrases(text)
