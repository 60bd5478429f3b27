"""Tests of sentence splitting: offsets into the article text, abbreviations, line breaks."""

from __future__ import annotations

import pytest

from protestwatch import text as text_module
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


@pytest.mark.parametrize(
    "line, kind",
    [
        ("HomeIran News NowIran Opposition & ResistanceIranian Expatriates Hold Rallies", "breadcrumb"),
        ("Home › World › Europe › Thousands march in Paris", "breadcrumb"),
        ("Read more: Teachers strike over pay", "link"),
        ("Related: Farmers block roads in Punjab", "link"),
        ("Share Tweet WhatsApp Email", "share"),
        ("Share Tweet Email Print Facebook Twitter WhatsApp LinkedIn Reddit Telegram Pinterest Messenger", "share"),
        ("Facebook | Twitter | Print", "share"),
        ("Photo: Protesters outside parliament", "caption"),
        ("Protesters outside parliament. (Photo: Jane Doe)", "caption"),
        ("Paolo Casaca – Former MEP", "list"),
        ("Dr. Masoud Kashefi – Iranian Physician in Belgium, NCRI supporter", "list"),
    ],
)
def test_split_sentences_marks_page_noise(line, kind):
    text = f"Thousands marched in Paris on Sunday.\n{line}"
    sentences = split_sentences(text)
    assert sentences[0].noise is None
    assert {s.noise for s in sentences[1:]} == {kind}


@pytest.mark.parametrize(
    "line",
    [
        "Thousands marched in Paris on Sunday, police said.",
        "Teachers protested outside parliament against the pay freeze.",
        "Maryam Rajavi – the NCRI president-elect – addressed the rally by video.",
        "Home owners protested against the new tax.",
        "Share prices fell as workers went on strike.",
        # names glue words too ("KwaMashu", "KwaZulu-Natal"), but prose has lower-case words before them
        "Rioters looted a mall in KwaMashu, Durban (KwaZulu-Natal) and set it alight",
    ],
)
def test_split_sentences_prose_is_not_noise(line):
    assert [s.noise for s in split_sentences(line)] == [None]


@pytest.mark.parametrize(
    "line",
    ["The march was peaceful, organisers told AFP.", "Police fired tear gas, witnesses told Reuters."],
)
def test_split_sentences_agency_quotes_are_not_captions(line):
    assert [s.noise for s in split_sentences(line)] == [None]


@pytest.mark.parametrize(
    "line",
    [
        "Wits students held protests in line with the call of the # FeesMustFall movement.",
        "Protest Against PK Turns Ugly 30th December 2014 AHMEDABAD / BHOPAL / MUMBAI : Bajrang Dal activists "
        "vandalised theatres screening the film.",
        "Photo : K. Pichumani Staff Reporter CHENNAI : Slogans filled the air as a group of students, teachers and "
        "activists gathered under a shamiana in front of the State Guesthouse on Friday in support of the ongoing "
        "agitation by the Narmada Bachao Andolan.",
    ],
)
def test_split_sentences_prose_with_hashtags_datelines_or_a_glued_credit_is_not_noise(line):
    assert [s.noise for s in split_sentences(line)] == [None]


@pytest.mark.parametrize(
    "line",
    [
        "Protesters outside parliament | Reuters",
        "Riot police stand guard near the square (AFP)",
        "Marchers cross the bridge. Credit: Jane Doe",
        "A woman holds a candle — EPA",
        "Crowds in the square / AP",
    ],
)
def test_split_sentences_credits_end_a_caption(line):
    sentences = split_sentences(f"Thousands marched in Paris on Sunday.\n{line}")
    assert sentences[0].noise is None
    assert {s.noise for s in sentences[1:]} == {"caption"}


@pytest.mark.parametrize(
    "line",
    [
        "The happy crowd marched to the capital, said Peter Apfel.",
        "Separate rallies were held in Epanomi and Afpa.",
        "Images of the march spread quickly, and the protest grew.",
    ],
)
def test_split_sentences_credit_words_inside_prose_are_not_captions(line):
    assert {s.noise for s in split_sentences(line)} == {None}


@pytest.mark.parametrize("sentences_per_line", [1, 50, 400])
def test_split_sentences_reads_each_line_once_however_many_sentences_it_holds(monkeypatch, sentences_per_line):
    # The whole-line checks once ran for every sentence of the line, so one long paragraph took time
    # quadratic in its length (issue 9). Count the characters they read: at most the text's length.
    read: list[int] = []
    line_noise = text_module.line_noise

    def counting_line_noise(line: str) -> text_module.LineNoise:
        read.append(len(line))
        return line_noise(line)

    monkeypatch.setattr(text_module, "line_noise", counting_line_noise)
    line = "Mr. Smith said teachers marched in Paris on Sunday. " * sentences_per_line
    text = "\n".join([line, "Photo: Reuters", line])
    sentences = split_sentences(text)
    assert len(sentences) == 2 * sentences_per_line + 1
    assert len(read) == 3
    assert sum(read) <= len(text)


@pytest.mark.parametrize("words", [1, 10, 1000])
def test_split_sentences_a_run_of_abbreviations_is_one_sentence(words):
    # Each full stop follows an abbreviation, so no sentence ends before "marched."
    text = "Mr. " * words + "Smith marched. It rained."
    assert texts(text) == ["Mr. " * words + "Smith marched.", "It rained."]
