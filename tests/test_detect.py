"""Tests of trigger detection: protest words, the traps that look like them, form and status."""

from __future__ import annotations

import pytest

from protestwatch.detect import detect_triggers
from protestwatch.models import Span
from protestwatch.text import Sentence, split_sentences


def sentence(text: str) -> Sentence:
    return Sentence(span=Span(start=0, end=len(text), text=text), paragraph=0, index=0)


@pytest.mark.parametrize(
    "text",
    [
        "Stock markets rallied on Friday.",
        "The dollar rallied against the euro.",
        "Shares rallied sharply after the announcement.",
        "Air strikes hit the town overnight.",
        "NATO said it would tighten the naval blockade of the coast.",
        "The army lifted a day-old blockade on lorries at the crossing.",
        "a drone strike",
        "Residents fled after a missile strike.",
        "the march of history",
        "The march of time is relentless.",
        "He protested his innocence in court.",
        "The foreign minister lodged a formal protest with the ambassador.",
        "The court hearing was adjourned until Monday.",
        "Delegates attended a conference on climate in Geneva.",
        "Troops marched into the capital.",
        "Soldiers marched past the palace.",
        "Riot police stood by.",
        "Police in riot gear stood by.",
        "The team rallied to win the match.",
        "The vote was postponed to March 5.",
    ],
)
def test_detect_triggers_traps_give_no_trigger(text):
    assert detect_triggers(sentence(text)) == []


@pytest.mark.parametrize(
    "text, form",
    [
        ("Thousands marched through Santiago", "march"),
        ("Workers went on strike in Lagos", "strike"),
        ("Nurses walked out over pay.", "strike"),
        ("Students staged a sit-in", "sit-in"),
        ("Hundreds held a candlelight vigil", "vigil"),
        ("Protesters blocked the main highway", "blockade"),
        ("Farmers blocked roads with tractors.", "blockade"),
        ("Rioters torched cars", "riot"),
        ("a hunger strike", "hunger-strike"),
        ("Students occupied the university for a week.", "occupation"),
        ("Supporters held a rally in the square.", "rally"),
        ("Teachers protested outside parliament.", "demonstration"),
    ],
)
def test_detect_triggers_form_of_true_protests(text, form):
    triggers = detect_triggers(sentence(text))
    assert triggers, text
    assert triggers[0].form == form


@pytest.mark.parametrize(
    "text, status",
    [
        ("Unions will hold a protest next week", "planned"),
        ("Farmers said they would blockade Paris from Monday night", "planned"),
        ("Teachers plan to march on parliament.", "planned"),
        ("Teachers will march to parliament on Monday.", "planned"),
        ("Activists called for protests on Friday", "called"),
        ("The rally was called off", "cancelled"),
        ("The march was postponed because of the storm.", "cancelled"),
        ("Farmers are still protesting", "ongoing"),
        ("Teachers protested outside parliament.", "occurred"),
        ("Thousands marched through Santiago on Sunday.", "occurred"),
        ("Activists held a rally after calling for protests.", "occurred"),
    ],
)
def test_detect_triggers_status_from_tense_and_cues(text, status):
    triggers = detect_triggers(sentence(text))
    assert triggers, text
    assert {trigger.status for trigger in triggers} == {status}


@pytest.mark.parametrize(
    "text, written",
    [
        ("It rained all day. Thousands marched through Santiago.", "marched"),
        ("No news here.\nWorkers went on strike in Lagos.", "on strike"),
    ],
)
def test_detect_triggers_spans_are_absolute_offsets(text, written):
    last = split_sentences(text)[-1]
    trigger = detect_triggers(last)[0]
    assert trigger.span.text == written
    assert text[trigger.span.start : trigger.span.end] == written
    assert trigger.sentence == last.span


@pytest.mark.parametrize(
    "text, forms",
    [
        ("Marchers clashed with police and rioters torched cars.", ["riot", "march"]),
        ("Strikers held a rally outside the factory.", ["strike", "rally"]),
    ],
)
def test_detect_triggers_strongest_form_first(text, forms):
    assert [trigger.form for trigger in detect_triggers(sentence(text))][: len(forms)] == forms
