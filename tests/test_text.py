"""Tests of sentence splitting: offsets into the article text, abbreviations, line breaks."""

from __future__ import annotations

import pytest

from protestwatch.text import split_sentences


def texts(text: str) -> list[str]:
    return [sentence.span.text for sentence in split_sentences(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Thousands marched in Paris. Police watched.",
        "  Leading spaces. Trailing spaces.  ",
        "Headline without a stop\nThousands marched. It rained!\n\nA third paragraph?",
        "He said “Go home.” They left.",
        "Crowds gathered outside the U.S. Capitol. Mr. Smith spoke.",
    ],
)
def test_split_sentences_offsets_point_into_the_text(text):
    sentences = split_sentences(text)
    assert sentences
    for sentence in sentences:
        assert text[sentence.span.start : sentence.span.end] == sentence.span.text
        assert sentence.span.text == sentence.span.text.strip()
    assert [s.index for s in sentences] == list(range(len(sentences)))


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Protesters gathered outside the U.S. Capitol on Sunday. Police watched.",
            ["Protesters gathered outside the U.S. Capitol on Sunday.", "Police watched."],
        ),
        ("Mr. Smith addressed the crowd. It rained.", ["Mr. Smith addressed the crowd.", "It rained."]),
        ("Then Dr. Jones left. Nobody stayed.", ["Then Dr. Jones left.", "Nobody stayed."]),
        ("John F. Kennedy spoke.", ["John F. Kennedy spoke."]),
    ],
)
def test_split_sentences_abbreviations_do_not_split(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Thousands marched. Police watched.", ["Thousands marched.", "Police watched."]),
        ("Did they march? Yes! They did.", ["Did they march?", "Yes!", "They did."]),
        ("It cost $5.5 million. Nobody paid.", ["It cost $5.5 million.", "Nobody paid."]),
    ],
)
def test_split_sentences_splits_at_sentence_ends(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize(
    "text, expected, paragraphs",
    [
        ("Protest in Paris\nThousands marched.", ["Protest in Paris", "Thousands marched."], [0, 1]),
        ("First line\n\nSecond line", ["First line", "Second line"], [0, 1]),
        ("Caption. Photo by AP\nThousands marched.", ["Caption.", "Photo by AP", "Thousands marched."], [0, 0, 1]),
    ],
)
def test_split_sentences_newline_ends_a_sentence(text, expected, paragraphs):
    sentences = split_sentences(text)
    assert [s.span.text for s in sentences] == expected
    assert [s.paragraph for s in sentences] == paragraphs


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_split_sentences_blank_text_has_no_sentences(text):
    assert split_sentences(text) == []
