"""Tests of argument extraction from a sentence: crowd size, actors, organizers, targets, claims."""

from __future__ import annotations

import pytest

from protestwatch.arguments import (
    canonical_actor,
    extract_claims,
    extract_organizers,
    extract_participants,
    extract_size,
    extract_targets,
    index_actors,
)
from protestwatch.nlp import Entity

DEMONYMS = {"Iranian", "Iranians", "Chilean", "Chileans", "Nigerian", "Nigerians"}


def is_group(word: str) -> bool:
    return word in DEMONYMS


def entity(text: str, written: str, label: str) -> Entity:
    start = text.index(written)
    return Entity(start=start, end=start + len(written), label=label, text=written)


def size(text: str) -> tuple[int | None, int | None] | None:
    found = extract_size(text, 0, len(text), is_group=is_group)
    if found is None:
        return None
    assert found.span is not None
    assert text[found.span.start : found.span.end] == found.span.text == found.text
    return (found.low, found.high)


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("50 protesters gathered outside the embassy.", 50, 50),
        ("Hundreds of Iranians rallied in Berlin.", 100, 999),
        ("dozens of students gathered at the gate", 24, 99),
        ("at least 200 people marched", 200, None),
        ("between 200 and 300 people marched", 200, 300),
        ("200 to 300 people marched", 200, 300),
        ("tens of thousands of people marched", 10_000, 99_999),
        ("Some 5,000 people marched", 5000, 5000),
        ("up to 300 people attended", None, 300),
        ("1.5 million people marched", 1_500_000, 1_500_000),
        ("200 people held a candlelight vigil", 200, 200),
        ("12 Nigerians protested outside the embassy", 12, 12),
    ],
)
def test_extract_size_reads_numbers_and_vague_quantities(text, low, high):
    assert size(text) == (low, high)


@pytest.mark.parametrize(
    "text",
    [
        "30,000 political prisoners were executed in 1988.",
        "police arrested 40 protesters",
        "Police said 40 protesters were arrested.",
        "20 people were injured",
        "At least 5 demonstrators were killed.",
        "12 activists were held overnight.",
        "The protests began in 2019.",
        "A man aged 45 spoke to reporters.",
        "Hundreds of Martians protested.",
    ],
)
def test_extract_size_ignores_numbers_that_are_not_a_crowd(text):
    assert size(text) is None


@pytest.mark.parametrize(
    "text, later",
    [
        (
            "Members of the National Union of Teachers (NUT) marched in London. The NUT said more would follow.",
            "NUT",
        ),
        ("The National Union of Teachers (NUT) marched in London. Later the NUT held a rally.", "NUT"),
    ],
)
def test_index_actors_acronym_is_an_alias_of_the_long_name(text, later):
    index = index_actors(text, [])
    assert index.aliases == {"National Union of Teachers": ("NUT",)}
    actor = canonical_actor(later, index)
    assert (actor.name, actor.aliases) == ("National Union of Teachers", ("NUT",))
    assert canonical_actor("the National Union of Teachers", index).name == "National Union of Teachers"


@pytest.mark.parametrize(
    "text, written, expected",
    [
        ("Jair Bolsonaro spoke. Critics condemned President Bolsonaro.", "President Bolsonaro", "Jair Bolsonaro"),
        ("Protesters condemned President Jair Bolsonaro.", "Bolsonaro", "Jair Bolsonaro"),
        ("Protesters condemned President Jair Bolsonaro.", "President Jair Bolsonaro", "Jair Bolsonaro"),
    ],
)
def test_canonical_actor_surname_and_title_give_the_full_name(text, written, expected):
    index = index_actors(text, [entity(text, expected, "PERSON")])
    assert canonical_actor(written, index).name == expected


@pytest.mark.parametrize(
    "text, org, expected",
    [
        ("The union organised a march in Leeds.", None, "union"),
        ("The teachers' union called a strike.", None, "teachers' union"),
        ("A march organised by the Green Party took place in Leeds.", "Green Party", "Green Party"),
        ("A march organised by the Green Party in Leeds drew hundreds.", None, "Green Party"),
        ("The Green Party organised a march.", "Green Party", "Green Party"),
    ],
)
def test_extract_organizers_reads_who_organised(text, org, expected):
    entities = [entity(text, org, "ORG")] if org else []
    organizers = extract_organizers(text, 0, len(text), entities, index_actors(text, entities))
    assert [actor.name for actor in organizers] == [expected]
    span = organizers[0].span
    assert span is not None and text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    "text",
    [
        "Supporters of the Green Party marched in Leeds.",
        "The Green Party said the march was peaceful.",
    ],
)
def test_extract_organizers_needs_an_organising_verb(text):
    entities = [entity(text, "Green Party", "ORG")]
    assert extract_organizers(text, 0, len(text), entities, index_actors(text, entities)) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The National Union of Teachers (NUT) held a rally.", "National Union of Teachers"),
        ("The National Union of Teachers (NUT) marched. Later the NUT held a rally.", "National Union of Teachers"),
    ],
)
def test_extract_organizers_acronym_is_canonicalised(text, expected):
    start = text.rindex("the NUT") if "the NUT" in text else 0
    organizers = extract_organizers(text, start, len(text), [], index_actors(text, []))
    assert [(actor.name, actor.aliases) for actor in organizers] == [(expected, ("NUT",))]


@pytest.mark.parametrize(
    "text, places, expected",
    [
        ("Protesters condemned President Jair Bolsonaro.", (), "Jair Bolsonaro"),
        ("Protesters condemned President Jair Bolsonaro in Brasilia.", ("Brasilia",), "Jair Bolsonaro"),
        ("Crowds marched against Prime Minister Viktor Orban on Sunday.", (), "Viktor Orban"),
    ],
)
def test_extract_targets_gives_the_canonical_full_name(text, places, expected):
    person = expected
    index = index_actors(text, [entity(text, person, "PERSON")])
    targets = extract_targets(text, 0, len(text), index, is_place_or_people=lambda name: name in places)
    assert [actor.name for actor in targets] == [expected]
    span = targets[0].span
    assert span is not None and text[span.start : span.end] == span.text
    assert "Brasilia" not in span.text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Protesters condemned Raisi on Monday.", "Raisi"),
        ("They denounced the Ministry of Education on Friday.", "Ministry of Education"),
        ("Protesters marched against Macron in Paris.", "Macron"),
    ],
)
def test_extract_targets_end_before_a_date_or_place(text, expected):
    index = index_actors(text, [])
    targets = extract_targets(text, 0, len(text), index, is_place_or_people=lambda name: name == "Paris")
    assert [actor.name for actor in targets] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Iranians protested against Iranians abroad.",
        "Protesters condemned the decision.",
    ],
)
def test_extract_targets_skips_places_people_and_common_words(text):
    index = index_actors(text, [])
    assert extract_targets(text, 0, len(text), index, is_place_or_people=is_group) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Workers marched, demanding higher wages.", "higher wages"),
        ("They rallied, calling for the release of political prisoners.", "the release of political prisoners"),
        (
            "Residents protested against the closure of the Sangam bus depot.",
            "against the closure of the Sangam bus depot",
        ),
        ("Nurses went on strike, demanding better pay and safer staffing.", "better pay and safer staffing"),
    ],
)
def test_extract_claims_phrase_and_span(text, expected):
    claims = extract_claims(text, 0, len(text))
    assert [claim.text for claim in claims] == [expected]
    span = claims[0].span
    assert span is not None and text[span.start : span.end] == expected


@pytest.mark.parametrize(
    "text, place, expected",
    [
        ("Farmers protested against the new law in Delhi on Monday.", "Delhi", "against the new law"),
    ],
)
def test_extract_claims_stop_before_a_place(text, place, expected):
    claims = extract_claims(text, 0, len(text), place_starts=[text.index(place)])
    assert [claim.text for claim in claims] == [expected]


@pytest.mark.parametrize("text", ["Thousands marched in Santiago.", "Police said the march was calm."])
def test_extract_claims_none_without_a_cue(text):
    assert extract_claims(text, 0, len(text)) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Iranian expatriates rallied in Berlin.", ["Iranian expatriates"]),
        ("Striking teachers marched in Lagos.", ["striking teachers"]),
        ("Hundreds of Chileans marched.", ["Chileans"]),
    ],
)
def test_extract_participants_reads_who_took_part(text, expected):
    participants = extract_participants(text, 0, len(text), index_actors(text, []), is_group=is_group)
    assert [actor.name for actor in participants] == expected
