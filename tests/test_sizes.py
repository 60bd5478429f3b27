"""Tests for sizes: extract_size (crowd sizes and who gave them) and extract_violence (arrests, injuries, deaths)."""

from __future__ import annotations

from datetime import date

import pytest

from protestwatch.models import Count, CrowdSize
from protestwatch.sizes import extract_size, extract_violence, find_size_tag, number_value

DEMONYMS = {"Iranian", "Iranians", "Chilean", "Chileans", "Nigerians", "Turks", "Poles"}


def is_group(word: str) -> bool:
    return word in DEMONYMS


def size(text: str) -> CrowdSize | None:
    found = extract_size(text, 0, len(text), is_group=is_group)
    if found is not None:
        assert found.span is not None
        assert text[found.span.start : found.span.end] == found.span.text == found.text
    return found


def interval(text: str) -> tuple[int | None, int | None] | None:
    found = size(text)
    return None if found is None else (found.low, found.high)


@pytest.mark.parametrize(
    "text, low, high",
    [
        # numerals, with and without a crowd noun
        ("50 protesters gathered outside the embassy.", 50, 50),
        ("Some 3,000 people marched in Paris.", 3000, 3000),
        ("About 3k protesters gathered.", 3000, 3000),
        ("Nearly 10,000 people joined the march.", None, 10_000),  # a little short of the figure
        ("Roughly 400 nurses picketed the hospital.", 400, 400),
        ("Dozens of tenants and housing advocates held a protest at the courthouse.", 24, 99),
        ("1.5 million people marched", 1_500_000, 1_500_000),
        ("A crowd of 1.2 million filled the avenue.", 1_200_000, 1_200_000),
        ("Half a million people marched.", 500_000, 500_000),
        ("10 lakh people joined the rally.", 1_000_000, 1_000_000),
        ("Two dozen women rallied.", 24, 24),
        ("Two hundred students walked out.", 200, 200),
        ("Twenty-five activists chained themselves to the gate.", 25, 25),
        ("200 people held a candlelight vigil", 200, 200),
        ("12 Nigerians protested outside the embassy", 12, 12),
        ("Some 3,000 gathered in the square.", 3000, 3000),
        ("A 5,000-strong crowd marched to parliament.", 5000, 5000),
        ("The march drew 10,000.", 10_000, 10_000),
        ("The rally attracted about 800 people.", 800, 800),
        ("Thousands of Black Lives Matter supporters marched.", 1000, 9999),
        # open and closed ranges
        ("More than 5,000 people rallied.", 5000, None),
        ("at least 200 people marched", 200, None),
        ("Over 1,000 farmers blocked the highway.", 1000, None),
        ("up to 300 people attended", None, 300),
        ("As many as 20,000 people marched.", None, 20_000),
        ("between 200 and 300 people marched", 200, 300),
        ("200 to 300 people marched", 200, 300),
        ("200-300 workers blocked the road.", 200, 300),
        ("The protest, which drew 5 to 10 thousand people, ended peacefully.", 5000, 10_000),
        # vague quantities, as EVENT_RECORD.md defines them
        ("Hundreds of Iranians rallied in Berlin.", 100, 999),
        ("dozens of students gathered at the gate", 24, 99),
        ("Dozens gathered outside the court.", 24, 99),
        ("A few dozen activists held a vigil.", 24, 60),
        ("Scores of villagers protested.", 40, 99),
        ("Hundreds marched through the city.", 100, 999),
        ("Several hundred people gathered.", 200, 999),
        ("tens of thousands of people marched", 10_000, 99_999),
        ("Tens of thousands took to the streets.", 10_000, 99_999),
        ("Hundreds of thousands of people marched in Santiago.", 100_000, 999_999),
        ("Thousands marched in Santiago.", 1000, 9999),
        ("Thousands protest in Delhi.", 1000, 9999),
        ("A handful of activists held placards.", 3, 10),
        ("More than a thousand people rallied.", 1000, None),
        # groups listed side by side add up, also when the first one borrows the second's noun
        ("200 students and 50 teachers marched.", 250, 250),
        ("More than 1,200 permanent and 600 casual workers went on strike.", 1800, None),
        ("About 300 nurses and 40 doctors walked out.", 340, 340),
        # hedges: "nearly" is a little short of the figure, "just over" a little above it
        ("Almost two million people marched.", None, 2_000_000),
        ("Just over 200 people gathered.", 200, None),
        ("Over thousand students blocked the road.", 1000, None),
        # crowds named by what they are, by a group's name, or by a demonym the gazetteer knows
        ("About 125 bus operators stopped work.", 125, 125),
        ("About 1,000 domestic helpers marched to the offices.", 1000, 1000),
        ("Some 300 advocates boycotted the courts.", 300, 300),
        ("About 20 Economic Freedom Fighters gathered outside the centre.", 20, 20),
        ("More than 30 Civic Party and Labour Front members demonstrated.", 30, None),
        ("Up to 1,000 ethnic Turks began a hunger strike.", None, 1000),
        # words between a figure and its verb
        ("About 1,000 helpers yesterday protested against the levy.", 1000, 1000),
        ("Some 400 villagers on Monday blocked the highway.", 400, 400),
        ("The ruling sparked about 13,000 to take to the streets.", 13_000, 13_000),
        # lower-cased text
        ("some 3,000 people marched in paris.", 3000, 3000),
    ],
)
def test_extract_size_reads_numbers_and_vague_quantities(text, low, high):
    assert interval(text) == (low, high)


@pytest.mark.parametrize(
    "text",
    [
        # victims, not the crowd
        "30,000 political prisoners were executed in 1988.",
        "The massacre of 30,000 people in 1988 was recalled.",
        "police arrested 40 protesters",
        "Police said 40 protesters were arrested.",
        "Police detained more than 100 demonstrators.",
        "20 people were injured",
        "At least 5 demonstrators were killed.",
        "12 activists were held overnight.",
        "Hundreds were arrested.",
        # years, ages, money, percentages, distances, other things counted
        "The protests began in 2019.",
        "In 2019 protesters marched.",
        "A man aged 45 spoke to reporters.",
        "The 23-year-old student was detained.",
        "They demanded $5,000 in compensation.",
        "Turnout was 40 percent.",
        "Turnout was 40%.",
        "They walked 20 km to the capital.",
        "2,000 police officers were deployed.",
        "Farmers drove 200 tractors into the city.",
        "Protests were held in 13 cities.",
        "A petition signed by 100,000 people was delivered.",
        "The union, which has 200,000 members, called a strike.",
        "Hundreds of Martians protested.",
        "Thousands of dollars were raised for the strikers.",
        "The strike entered its 12th day.",
        # a second figure without a crowd figure is no crowd
        "Organizers claimed 20,000.",
        # clock times, dates, populations, possessions, subsets of victims
        "Posted 10:45 hrs Students marched to the office.",
        "The June 4 protests were banned this year.",
        "Officials said 34 people, mostly miners, were shot dead.",
        "About 300 people, most of them party workers, were arrested.",
        "The company fired 1,200 workers after the strike.",
        "Police charged 44 people with rioting.",
        "The city's 2 million people face water cuts.",
        "The firm offered buyouts to its 1,500 employees.",
        "Homes of more than 100 workers were burnt.",
        "An argument between two traders led to clashes.",
        "More than 50 people were taken to hospital after the march.",
        "The blast killed 12 people and injured 40 others.",
        # days of the month, in any case
        "Scenes from the vigil in london on 13 march 2021 prompted calls for an inquiry.",
        "Protesters gathered outside parliament on wednesday, 8 march 2023, after the vote.",
        "Doctors went on strike on 18 march 2024 demanding pay.",
        "Teachers rallied on 13 March to demand higher pay.",
        # attackers and beneficiaries are not the crowd
        "Dozens of masked men chased and beat commuters.",
        "A group of 30 people attacked the marchers.",
        "They demanded house sites for 18 families.",
        "Members sought land for 200 landless labourers.",
        "The scheme would help tens of thousands of labourers.",
        "Police placed 12 members of the union under house arrest ahead of the protest.",
    ],
)
def test_extract_size_ignores_numbers_that_are_not_a_crowd(text):
    assert size(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Police fired tear gas at thousands of protesters.", (1000, 9999)),
        ("Of the 5,000 protesters, 40 were arrested.", (5000, 5000)),
        ("About 400 people marched; police arrested 12 of them.", (400, 400)),
        ("Out of 900 workers on the shift, only 300 attended.", (300, 300)),
        ("Thousands of mineworkers marched on the smelter.", (1000, 9999)),
        ("Hundreds of them raised slogans against the minister.", (100, 999)),
        ("Hundreds of slum-dwellers laid siege to the council hall.", (100, 999)),
    ],
)
def test_extract_size_keeps_the_crowd_beside_victims(text, expected):
    assert interval(text) == expected


@pytest.mark.parametrize(
    "text, source",
    [
        ("Thousands marched, police said.", "police"),
        ("About 5,000 people attended, according to organizers.", "organizers"),
        ("According to the organisers, 20,000 people took part.", "organizers"),
        ("Police estimated that 3,000 people gathered.", "police"),
        ("Some 2,000 people marched, local media reported.", "media"),
        ("Around 600 people rallied, according to a Reuters witness.", "media"),
        ("About 9,000 people marched, the interior ministry said.", "other"),
        ("Hundreds of people gathered in the square.", None),
        ("Police fired tear gas at thousands of protesters.", None),
        ("5,000 protesters said they would return.", None),
    ],
)
def test_extract_size_attributes_the_figure(text, source):
    found = size(text)
    assert found is not None
    assert found.source == source
    assert found.to_dict()["source"] == source


@pytest.mark.parametrize(
    "text, low, high, sources",
    [
        ("Police put the crowd at 5,000 while organizers claimed 20,000.", 5000, 20_000, ["police", "organizers"]),
        (
            "According to police, 5,000 people attended, while organizers said the figure was closer to 20,000.",
            5000,
            20_000,
            ["police", "organizers"],
        ),
        (
            "Organizers said 50,000 people marched, but police counted 12,000.",
            12_000,
            50_000,
            ["organizers", "police"],
        ),
        ("Police said at least 2,000 took part; organizers said 8,000.", 2000, None, ["police", "organizers"]),
        # a clause that says whose estimate it is competes even when the estimator is no known source
        (
            "Mr Lee claimed 3,000 people joined, but reporters estimated the turnout at between 1,000 and 1,500.",
            1000,
            3000,
            [None, "media"],
        ),
    ],
)
def test_extract_size_covers_competing_estimates(text, low, high, sources):
    found = size(text)
    assert found is not None
    assert (found.low, found.high) == (low, high)
    assert [estimate.source for estimate in found.estimates] == sources
    assert found.source is None
    record = found.to_dict()
    assert [estimate["source"] for estimate in record["estimates"]] == sources


@pytest.mark.parametrize(
    "text, published, expected",
    [
        ("In 1956 around 20,000 women marched to the Union Buildings.", date(2021, 8, 9), None),
        ("In 1956 around 20,000 women marched to the Union Buildings.", date(1956, 8, 10), (20_000, 20_000)),
        ("In 2021, 5,000 people marched to parliament.", date(2021, 8, 9), (5000, 5000)),
        ("In 1956 around 20,000 women marched to the Union Buildings.", None, (20_000, 20_000)),
    ],
)
def test_extract_size_skips_crowds_of_past_years(text, published, expected):
    found = extract_size(text, 0, len(text), is_group=is_group, published=published)
    assert (None if found is None else (found.low, found.high)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He climbed a coconut tree to highlight his protest.", (1, 1)),
        ("Lee said her hunger strike would continue.", (1, 1)),
        ("A lone protester stood outside the embassy.", (1, 1)),
        ("Thousands joined his protest in the capital.", (1000, 9999)),
        ("The minister condemned the party's protest.", None),
    ],
)
def test_extract_size_reads_one_person_protesting_alone(text, expected):
    assert interval(text) == expected


def test_extract_size_reads_only_its_window():
    text = "Police came. Some 3,000 people marched in Paris."
    assert extract_size(text, 0, 12, is_group=is_group) is None
    found = extract_size(text, 13, len(text), is_group=is_group)
    assert found is not None and found.span is not None and found.span.start >= 13


@pytest.mark.parametrize(
    "words, value",
    [
        ("3,000", 3000),
        ("1,00,000", 100_000),
        ("3k", 3000),
        ("1.2 million", 1_200_000),
        ("two hundred thousand", 200_000),
        ("a thousand", 1000),
        ("forty-two", 42),
        ("half a million", 500_000),
        ("hundreds", None),
        ("3 km", None),
    ],
)
def test_number_value(words, value):
    assert number_value(words) == value


def counts(text: str) -> dict[str, tuple[int | None, int | None] | None]:
    found = extract_violence(text, 0, len(text))
    assert found is not None
    result: dict[str, tuple[int | None, int | None] | None] = {}
    for name in ("arrests", "injuries", "deaths"):
        count: Count | None = getattr(found, name)
        if count is not None:
            assert count.span is not None and text[count.span.start : count.span.end] == count.text
        result[name] = None if count is None else (count.low, count.high)
    return result


@pytest.mark.parametrize(
    "text, arrests, injuries, deaths",
    [
        ("Police arrested 23 protesters.", (23, 23), None, None),
        ("Police arrested 23.", (23, 23), None, None),
        ("More than 100 people were detained.", (100, None), None, None),
        ("Dozens were arrested after the march.", (24, 99), None, None),
        ("There were 15 arrests.", (15, 15), None, None),
        ("At least 12 people were injured when police fired tear gas.", None, (12, None), None),
        ("One protester was killed.", None, None, (1, 1)),
        ("A police officer was injured.", None, (1, 1), None),
        ("Security forces opened fire, killing three protesters and wounding 20.", None, (20, 20), (3, 3)),
        ("Two people died and 30 were hurt.", None, (30, 30), (2, 2)),
        ("The death toll rose to 14.", None, None, (14, 14)),
        ("No arrests were made and no one was injured.", (0, 0), (0, 0), None),
        ("Police detained 40 and injured at least 10 protesters.", (40, 40), (10, None), None),
        ("34 people, mostly miners, were shot dead.", None, None, (34, 34)),
        ("On 12 March four protesters were killed.", None, None, (4, 4)),
        ("Over 100 people, including a magistrate, were injured.", None, (100, None), None),
        ("About 50 people were taken to hospital.", None, (50, 50), None),
        ("29 truckers were arrested after the clashes.", (29, 29), None, None),
    ],
)
def test_extract_violence_reads_counts(text, arrests, injuries, deaths):
    assert counts(text) == {"arrests": arrests, "injuries": injuries, "deaths": deaths}


@pytest.mark.parametrize(
    "text, intervention",
    [
        ("Police fired tear gas and water cannon at the crowd.", True),
        ("The rally was dispersed by police.", True),
        ("Protesters clashed with riot police.", True),
        ("Police arrested 23 protesters.", True),
        ("One protester was killed.", None),
        ("No arrests were made.", None),
    ],
)
def test_extract_violence_police_intervention(text, intervention):
    found = extract_violence(text, 0, len(text))
    assert found is not None
    assert found.police_intervention is intervention
    assert found.to_dict()["police_intervention"] is intervention


@pytest.mark.parametrize(
    "text",
    [
        "Thousands marched peacefully through the city.",
        "30,000 political prisoners were executed in 1988.",
        "Nine people were killed in the 2019 protests.",
        "Police said the march was calm.",
        "The 23-year-old student spoke.",
        "Hundreds were killed in the November 1984 riots.",
        "Posted 00:00 IST Police arrested nobody.",
    ],
)
def test_extract_violence_none_without_a_report(text):
    assert extract_violence(text, 0, len(text)) is None


@pytest.mark.parametrize(
    "text, arrests, intervention",
    [
        ("POLICE ARRESTED 23 PROTESTERS.", (23, 23), True),  # the words are looked up in any case
        ("Officers fired rubber bullets at the crowd.", None, True),  # police action, no count
        ("Riot police stood by as 40 people were detained.", (40, 40), True),
    ],
)
def test_extract_violence_reads_any_case_and_police_action_alone(text, arrests, intervention):
    found = extract_violence(text, 0, len(text))
    assert found is not None
    assert (None if found.arrests is None else (found.arrests.low, found.arrests.high)) == arrests
    assert found.police_intervention is intervention


@pytest.mark.parametrize(
    "text, low, high",
    [("FIVE HUNDRED STRIKERS MARCHED.", 500, 500), ("Several HUNDRED nurses rallied.", 200, 999)],
)
def test_extract_size_reads_number_words_in_any_case(text, low, high):
    assert interval(text) == (low, high)


@pytest.fixture(scope="module")
def extractor():
    from protestwatch.pipeline import Extractor

    return Extractor()


def extract(extractor, text: str) -> tuple:
    from protestwatch.models import Article

    article = Article(id="t", text=text, published=date(2021, 8, 3), published_basis="user")
    return extractor.extract(article).events


@pytest.mark.parametrize(
    "text, arrests, intervention",
    [
        ("Thousands marched in Nairobi on Saturday. Police arrested 23 of them.", (23, 23), True),
        ("Thousands marched in Nairobi on Saturday and police fired tear gas.", None, True),
    ],
)
def test_pipeline_fills_violence_from_the_sentence_and_the_next(extractor, text, arrests, intervention):
    events = extract(extractor, text)
    assert len(events) == 1
    violence = events[0].violence
    assert violence is not None
    assert (None if violence.arrests is None else (violence.arrests.low, violence.arrests.high)) == arrests
    assert violence.police_intervention is intervention
    record = events[0].to_dict()
    assert record["violence"]["police_intervention"] is intervention
    assert any(item.field == "violence" for item in events[0].evidence) == (arrests is not None)


def test_pipeline_violence_is_null_when_the_text_reports_none(extractor):
    events = extract(extractor, "Thousands marched peacefully in Nairobi on Saturday.")
    assert len(events) == 1
    assert events[0].violence is None and events[0].to_dict()["violence"] is None


def test_pipeline_size_keeps_its_source(extractor):
    events = extract(extractor, "About 5,000 people marched in Nairobi on Saturday, police said.")
    assert events[0].size is not None
    assert events[0].to_dict()["size"] == {"low": 5000, "high": 5000, "text": "About 5,000 people", "source": "police"}


@pytest.mark.parametrize(
    "text, expected",
    [
        # the size told in a placeless sentence before or after the one that names the place
        ("About 1,000 domestic helpers protested yesterday against the levy. The group marched in Hong Kong.", 1000),
        ("Teachers marched in Nairobi on Saturday. About 5,000 of them took part.", 5000),
        # a day of the month is no crowd, in lower-cased text too
        ("teachers marched in nairobi on 13 march 2021 against the tax.", None),
        ("Teachers marched in Nairobi on 13 March to demand pay.", None),
    ],
)
def test_pipeline_size_comes_from_the_story(extractor, text, expected):
    events = extract(extractor, text)
    assert len(events) == 1
    assert (events[0].size.low if events[0].size else None) == expected


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("Farmers protested in Moga (Punjab). [size=around 200]", 200, 200),
        ("Farmers protested in Moga (Punjab). [size=dozens]", 24, 99),
        ("Farmers protested in Moga (Punjab). [size=between 50 and 100]", 50, 100),
        ("Farmers protested in Moga (Punjab). [size=more than 1,000]", 1000, None),
        ("Farmers protested in Moga (Punjab). [size=100+]", 100, None),
        ("Farmers protested in Moga (Punjab). [ Size = Several Thousand ]", 2000, 9999),
    ],
)
def test_find_size_tag_reads_the_coders_figure(text, low, high):
    tag = find_size_tag(text)
    assert tag is not None and tag.size is not None and tag.size.span is not None
    assert (tag.size.low, tag.size.high, tag.size.source) == (low, high, "coder")
    assert text[tag.size.span.start : tag.size.span.end] == tag.size.text


@pytest.mark.parametrize(
    "text", ["Police arrested 50 of the 500 workers. [size=no report]", "Workers struck. [size=Not reported]"]
)
def test_find_size_tag_no_report_is_a_tag_without_a_size(text):
    tag = find_size_tag(text)
    assert tag is not None and tag.size is None


@pytest.mark.parametrize(
    "text", ["500 farmers protested in Moga.", "Farmers protested. [size=large]", "See note [3] and x=2."]
)
def test_find_size_tag_is_none_without_a_readable_tag(text):
    assert find_size_tag(text) is None


@pytest.mark.parametrize(
    "text, expected, source",
    [
        # the coder's tag is the size, over the figures of the text
        ("On 3 March 2020, dozens of farmers protested in Moga (Punjab). [size=around 300]", (300, 300), "coder"),
        ("On 3 March 2020, 5,000 workers of the mill went on strike in Moga (Punjab). [size=no report]", None, None),
        ("On 3 March 2020, farmers protested in Moga (Punjab). [size=between 50 and 100]", (50, 100), "coder"),
    ],
)
def test_pipeline_size_is_the_coders_tag(extractor, text, expected, source):
    events = extract(extractor, text)
    assert len(events) == 1
    size = events[0].size
    assert ((size.low, size.high) if size else None) == expected
    assert (size.source if size else None) == source
    assert any(item.field == "size" for item in events[0].evidence) == (expected is not None)
