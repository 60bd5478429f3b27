"""Tests of trigger detection: protest words, the traps that look like them, form and status."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protestwatch.detect import (
    TRIGGER_PATTERNS,
    article_stems,
    detect_triggers,
    only_party_gatherings,
    possible_triggers,
)
from protestwatch.models import Span
from protestwatch.text import Sentence, caseless, split_sentences


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
        "Workers struck by the falling crane were taken to hospital.",
        "Lightning struck the tower on Monday.",
        "The singer walked off the stage after ten minutes.",
        "The board held its annual meeting last March.",
        "Diplomats gathered at the embassy for a reception.",
    ],
)
def test_detect_triggers_traps_give_no_trigger(text):
    assert detect_triggers(sentence(text)) == []


@pytest.mark.parametrize(
    "kind, text",
    [
        ("conference", "Delegates gathered in Geneva for a conference on climate finance."),
        ("conference", "Ministers gathered at the summit to sign the accord."),
        ("speech", "The president addressed parliament in a televised speech on Monday."),
        ("trial", "The court sentenced 12 protesters to two years in prison."),
        ("trial", "He was booked for rioting and released on bail."),
        ("trial", "The FIRs were registered under sections pertaining to rioting and mischief."),
        ("election", "Addressing an election rally in Patna, the candidate promised jobs."),
        ("election", "The opposition party will boycott the elections."),
        ("election", "At a rally attended by business leaders, the candidate outlined her election platform."),
        ("statement", "The authorities are failing refugees, a human rights group protested here Wednesday."),
        ("statement", "The ministry protested that the decision broke the treaty."),
        ("army strike", "Air strikes hit the town overnight."),
        ("army strike", "A US-led coalition strike killed three fighters."),
        ("army strike", "The strike on the militant hideout killed four."),
        ("army strike", "The army may strike again at any time."),
        ("sports march", "United continued their unbeaten march to the title."),
        ("sports march", "The team marched into the semi-finals after a 3-1 win."),
        ("month", "The council met on March 12 to discuss the budget."),
        ("month", "Prices rose from January to March."),
        ("month", "the report was published on 5 march 2021."),
        ("market", "Stock markets rallied on Friday."),
        ("market", "The rupee rallied against the dollar as investors returned."),
        ("sports rally", "The team rallied from behind to win the final."),
        ("innocence", "He protested his innocence in court."),
        ("diplomatic", "The foreign minister lodged a formal protest with the ambassador."),
        ("diplomatic", "The government protested the decision to close the consulate."),
        ("diplomatic", "China summoned the Japanese ambassador to protest the visit."),
        ("diplomatic", "India protested strongly to Pakistan over the shelling."),
        ("crime", "Robbers set fire to the shop after looting it."),
        ("crime", "The suspect was arrested for stabbing a man in the market."),
        ("disaster", "A landslide blocked the highway for six hours."),
        ("disaster", "Residents gathered at the evacuation centre after the earthquake."),
        ("disaster", "Tragedy strikes again as floods hit the valley."),
        ("armed clash", "Militants clashed with troops in the forest, killing three."),
        ("armed clash", "Rebels blocked transport into the capital during the fighting."),
        ("military occupation", "Eritrean troops continued to occupy the town of Adigrat."),
        ("military occupation", "Soldiers and police continued to occupy the streets of Beni after the attack."),
        ("showed", "The study demonstrated that the vaccine works."),
        ("showed", "The company is demonstrating its new battery."),
        ("product", "The event opened with a demonstration of the new phone."),
        ("walkout", "Delegates walked out of the meeting in protest at the vote."),
        ("walkout", "Opposition members staged a walkout from the Assembly."),
        ("background", "Tensions have been high since the 1989 Tiananmen protests."),
        ("background", "The killing sparked a large scale riot in the area in 2008."),
        ("negated", "Other teachers did not take part in the protests."),
        ("generic", "Police will no longer tolerate rallies by the group."),
        ("awareness", "Schoolchildren took part in an awareness rally on road safety."),
        ("awareness", "A massive rally was staged as part of the party's awareness programme."),
        ("occasion", "Students took out a rally to mark World Environment Day."),
        ("pilgrims", "Pilgrims marched to the shrine during the festival."),
        ("celebration", "Fans poured into the streets to celebrate the title."),
        ("noise", "Read more: Thousands protest in Paris"),
        ("insurgents", "Maoists called a bandh in the district to protest the encounter killing."),
        ("insurgents", "The 48-hour bandh, which was called by the Maoists, drew to a close on Sunday."),
        ("insurgents", "The week coincides with the bandh call by the Maoists protesting the killing."),
        ("army occupation", "Troops occupied the airport on Sunday."),
        ("communal riot", "Hundreds of people were displaced by communal riots in the district."),
        ("communal riot", "During the caste clash a crowd of youths hurled petrol bombs at the houses."),
        ("background", "He was shot days before a taxi strike in September last year."),
        ("background", "On the eve of the protests’ second anniversary, cinemas refused to show the film."),
        ("trial", "One of the faces of the umbrella movement protests was found guilty of illegal assembly."),
        ("testimony", "Witnesses testified that the police had helped them during the riots."),
        ("diplomatic boycott", "Diplomats boycotted the celebration hosted by the government as a sign of protest."),
        ("mobilising", "The opposition leader rallied his supporters ahead of the vote."),
        ("mobilising", "Jobs became the rallying cry of the campaign."),
        ("verb strike", "Pakistan is continuing with its strategy to strike at will."),
        ("vandalism", "Unidentified men vandalised a bus shelter overnight, spraying slogans on the walls."),
        ("background", "The council scrapped the bypass after months of protests."),
        ("planned", "Police detained five activists ahead of a planned march on the ministry."),
        ("planned", "Extra police were sent to the port ahead of protests expected after the ruling."),
        ("notice", "The teachers' union served a seven-day strike notice on the ministry."),
        ("court order", "A judge barred the union from staging a rally outside the mine."),
    ],
)
def test_detect_triggers_hard_negatives_give_no_event(kind, text):
    sentences = split_sentences(text)
    reported = [t for s in sentences for t in detect_triggers(s) if t.status in ("occurred", "ongoing")]
    assert reported == [], (kind, reported)


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
        ("Protesters continued to occupy streets in Khartoum demanding civilian rule.", "occupation"),
        ("Supporters held a rally in the square.", "rally"),
        ("Teachers protested outside parliament.", "demonstration"),
        ("Youths pelted stones at the police and torched two buses.", "riot"),
        ("About 300 students clashed with police on the campus.", "riot"),
        ("The riot broke out after the match.", "riot"),
        ("Workers of the bus company began an open-ended strike over pay.", "strike"),
        ("Some 500,000 workers stopped work on the first day of the strike.", "strike"),
        ("The two-day bandh called by the traders hit the town.", "strike"),
        ("Members of the union staged a dharna before the Collectorate.", "sit-in"),
        ("Angry paper workers blocked the Europe Bridge for three hours.", "blockade"),
        ("Farmers held a rasta roko on the national highway.", "blockade"),
        ("Activists were demonstrating in front of the RDC office.", "demonstration"),
        ("Youths resorted to throwing stones during demonstrations against the curfew.", "riot"),
        ("Residents took to the streets after the arrests.", "demonstration"),
        ("BJP workers burnt an effigy of the minister.", "demonstration"),
        ("The party launched an agitation against the fuel price hike.", "demonstration"),
        ("Hundreds gathered outside the embassy to express their outrage.", "demonstration"),
        ("The MLA went on an indefinite fast outside the secretariat.", "hunger-strike"),
        ("Thousands took part in a candlelight vigil for the victims.", "vigil"),
        ("Shops remained closed in protest against the killing.", "demonstration"),
        ("police fired tear gas at thousands of protesters in the capital", "demonstration"),
        ("thousands marched through the city on march 5", "march"),
        ("Lawyers struck work on Monday.", "strike"),
        ("Palestinians shunned work on Monday to protest the settlements.", "strike"),
        ("Anti-GJM outfits observed a 12 - hour strike on Sunday .", "strike"),
        ("Commuters were stranded by the cab operators ’ strike .", "strike"),
        ("Angry villagers laid siege to the police station demanding the release of the youth.", "blockade"),
        ("Protesters poured into the streets of Khartoum demanding civilian rule.", "demonstration"),
        ("Students occupied the main hall of the university.", "occupation"),
        ("Villagers ransacked the panchayat office, angry at the delay in relief.", "riot"),
        ("Police banned the planned march.", "march"),
        ("Villagers protested to the District Collector about the water shortage.", "demonstration"),
        ("Ten climate activists chained themselves to the railings of the ministry.", "sit-in"),
        ("About 400 nurses walked off the job at the city hospital on Monday.", "strike"),
        ("Two activists glued themselves to the road outside the refinery.", "sit-in"),
        ("Dock workers held a Labour Day march through the port.", "march"),
        ("Nurses struck for 24 hours over staffing.", "strike"),
        ("Bus operators blocked the main road over the new fares.", "blockade"),
        ("Veterans marched to the parliament to mark the anniversary of the uprising.", "march"),
        ("Hundreds of miners gathered at the pit to commemorate the massacre.", "demonstration"),
        ("Warehouse workers rallied outside the depot ahead of the union election count.", "rally"),
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
        ("The union called for a general strike on Monday.", "called"),
        ("The party urged its supporters to join the march.", "called"),
        ("Druze inhabitants threatened today to hold a general strike.", "planned"),
        ("The opposition agreed to postpone the demonstration until November.", "cancelled"),
        ("The union has called off a four-day strike after talks.", "cancelled"),
        ("Doctors show no signs of calling off their indefinite strike.", "ongoing"),
        ("The relay hunger strike entered its eighth day on Tuesday.", "ongoing"),
        ("About 120 students are on strike demanding their stipends.", "ongoing"),
        ("Thousands marched on Sunday although two trains were cancelled for the day.", "occurred"),
        ("Teachers threatened to go on strike if their salaries are not paid.", "planned"),
        ("Officials held talks with the union leaders to avert the strike.", "planned"),
        ("The union will decide on a strike at its meeting on Sunday.", "planned"),
        ("The union has threatened a strike.", "planned"),
        ("Protests are planned in 20 cities on Saturday.", "planned"),
        ("Residents are preparing for a protest against the eviction.", "planned"),
        ("The taxi council said it did not call for the strike.", "occurred"),
        ("A protest has been called for Friday.", "called"),
        ("Opposition parties have called a nationwide strike on Thursday.", "called"),
        ("The union gave a bandh call for Monday.", "called"),
        ("A strike by bus drivers was averted after talks.", "cancelled"),
        ("Police banned the planned march.", "cancelled"),
        ("Students are boycotting classes.", "ongoing"),
        # a plea to stop neither calls a protest nor cancels one
        ("The minister urged the doctors to end their strike.", "occurred"),
        ("The Chief Minister appealed to the employees to call off their strike.", "occurred"),
        ("Junior doctors show no signs yet of calling off their indefinite strike.", "ongoing"),
        ("The firm, which last week announced a venture, halted work as farmers blocked the access road.", "occurred"),
        ("Police detained activists ahead of a planned protest.", "planned"),
        ("Riot police were deployed ahead of protests expected after the verdict.", "planned"),
        ("The planned march was held despite the rain.", "occurred"),
        ("The union issued a strike notice to the hospital.", "called"),
        ("The opposition announced a nationwide hartal for Sunday.", "called"),
        ("The union announced plans to march on the ministry.", "planned"),
        ("A court barred the party from holding a rally in the capital.", "cancelled"),
        # an occasion ahead, a day's name: neither makes the protest planned or ongoing
        ("Workers rallied outside the plant ahead of the vote count.", "occurred"),
        ("Thousands marched in the city for the Independence Day anniversary.", "occurred"),
    ],
)
def test_detect_triggers_status_from_tense_and_cues(text, status):
    triggers = detect_triggers(sentence(text))
    assert triggers, text
    assert {trigger.status for trigger in triggers} == {status}


@pytest.mark.parametrize(
    "text, first, statuses",
    [
        # what happened comes first, whatever the form priority says
        ("Taxi drivers staged a protest on Monday and threatened to strike.", "protest", {"occurred", "planned"}),
        # a reason ("to protest", ", protesting") shares the status of the act it explains
        ("Refugees began a hunger strike on Monday to protest against the deportation.", "hunger strike", {"occurred"}),
        ("The union threatened to strike to protest the pay cuts.", "to strike", {"planned"}),
        ("They fear the bandh call from December 4, protesting the killing.", "bandh", {"called"}),
        # a plan told far from the trigger, in another clause, leaves it in the past
        (
            "The protest outside the ministry drew thousands of teachers on Monday, the union said in a long statement "
            "that also listed the grievances of its members in the northern districts and the villages, and next "
            "week the minister will meet them.",
            "protest",
            {"occurred"},
        ),
    ],
)
def test_detect_triggers_status_per_trigger(text, first, statuses):
    triggers = detect_triggers(sentence(text))
    assert triggers[0].span.text == first
    assert {trigger.status for trigger in triggers} == statuses


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Mamata Banerjee organised a huge padayatra as part of her election campaign. "
            "Thousands of party supporters marched through Rajabazar.",
            True,
        ),
        ("Collector flagged off a rally to mark the awareness week. Over 250 people took part in the rally.", True),
        ("A rally was held during the election campaign. Speakers spoke against the new dam.", False),
        ("Party workers marched during the election campaign. Teachers went on strike.", False),
        ("Thousands marched through Santiago on Sunday.", False),
        # a union's election is no party campaign; a march on an embassy or for an uprising is no ceremony
        ("Warehouse workers rallied outside the depot on Friday. The union election count begins on Monday.", False),
        ("Students marched to the embassy. The march was held to mark the anniversary of the uprising.", False),
    ],
)
def test_only_party_gatherings_needs_an_occasion_and_no_protest_words(text, expected):
    triggers = [detect_triggers(s) for s in split_sentences(text)]
    assert only_party_gatherings(text, triggers) is expected


@pytest.mark.parametrize(
    "text, written",
    [
        ("It rained all day. Thousands marched through Santiago.", "marched"),
        ("No news here.\nWorkers went on strike in Lagos.", "strike"),
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
    found = [trigger.form for trigger in detect_triggers(sentence(text))]
    assert list(dict.fromkeys(found)) == forms


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hundreds gathered in the square to protest the verdict.", True),
        ("Hundreds gathered in the square for the festival.", False),
        ("Villagers blocked the road demanding compensation.", True),
        ("A fallen tree blocked the road.", False),
    ],
)
def test_detect_triggers_weak_cues_need_protest_context(text, expected):
    assert bool(detect_triggers(sentence(text))) is expected


@pytest.mark.parametrize(
    "text",
    [
        "HomeIran News NowIran Opposition & ResistanceIranian Expatriates Hold Rallies",
        "Related: Teachers strike in Lagos",
        "Photo: Protesters march in Santiago (Reuters)",
    ],
)
def test_detect_triggers_page_noise_gives_nothing(text):
    assert [t for s in split_sentences(text) for t in detect_triggers(s)] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Modi was to address the Hunkar Rally on October 27.", False),
        ("Addressing a massive public rally at Vandalur, the minister praised the budget.", False),
        ("Teachers Hold Rally Over Pay Freeze", True),
        ("Addressing the rally, the union leader condemned the pay freeze.", True),
    ],
)
def test_detect_triggers_party_meetings_are_not_protest_rallies(text, expected):
    assert bool(detect_triggers(sentence(text))) is expected


@pytest.mark.parametrize(
    "text, form",
    [
        ("The stir was led by the farmers' union.", "demonstration"),
        ("Villagers staged a rasto roko on the highway.", "blockade"),
        ("Students held a candlelight protest in the square.", "vigil"),
        ("A violent protest broke out outside the school.", "riot"),
        ("Most guards abstained from work on Thursday to protest the transfer.", "strike"),
    ],
)
def test_detect_triggers_regional_and_descriptive_forms(text, form):
    triggers = detect_triggers(sentence(text))
    assert triggers and triggers[0].form == form


@pytest.mark.parametrize(
    "text",
    ["The decision caused a stir among fans.", "The farmers stir the pot of rice."],
)
def test_detect_triggers_a_stir_that_is_no_agitation(text):
    assert detect_triggers(sentence(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "The truckers' strike entered the third day on Wednesday.",
        "Leticia Lee, who is on an “indefinite” hunger strike, sat outside the offices.",
        "Protest demonstrations continued in Mandya for the eighth day.",
        "Students have been protesting against exclusion since Monday last week.",
        "The employees went on an indefinite strike demanding higher pay.",
        "Talks were held to end the ongoing blockade of two highways.",
        "Dockers continued to occupy the terminal gate for a third day.",
        "Nurses kept up the picket for the 12th straight day.",
    ],
)
def test_detect_triggers_strikes_and_fasts_that_go_on_are_ongoing(text):
    assert [t.status for t in detect_triggers(sentence(text))][:1] == ["ongoing"]


@pytest.mark.parametrize("number", range(len(TRIGGER_PATTERNS)))
@given(data=st.data())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_possible_triggers_keeps_every_pattern_that_matches(number, data):
    # The cheap first pass runs a pattern only where one of its stems stands: a stem missing from a text the
    # pattern matches would lose a protest. Texts come from the pattern itself, in any case ("ſ", "K", "İ").
    form, strength, stems, pattern = TRIGGER_PATTERNS[number]
    text = data.draw(st.from_regex(pattern))
    assert pattern.search(text)
    assert TRIGGER_PATTERNS[number] in possible_triggers(caseless(text)), (form, stems, text)


@pytest.mark.parametrize(
    "text",
    [
        "The pen is on the table to the left of the street.",
        "They stay on leave until the rule changes; the fire was slow to spread in the black forest.",
        "The university's position on the site visit is opposite to the assembly's manifesto.",
    ],
)
def test_possible_triggers_common_words_wake_no_pattern(text):
    assert possible_triggers(caseless(text)) == []


# Texts each trigger pattern matches, built once: building a strategy for each example is slow.
TRIGGER_TEXTS = [st.from_regex(pattern) for _, _, _, pattern in TRIGGER_PATTERNS]


@pytest.mark.parametrize("number", range(len(TRIGGER_PATTERNS)))
@given(
    data=st.data(),
    before=st.sampled_from(["", "Police said. ", "Farmers marched in Pune on Monday. "]),
    after=st.sampled_from(["", " The strike ended.", "\nTeachers rallied outside."]),
)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_detect_triggers_with_article_stems_finds_what_every_stem_finds(number, data, before, after):
    # An article's sentences are read looking only for the stems the article holds (article_stems): a sentence
    # holds no stem its article lacks, in any case ("ſ", "K", "İ"), so nothing is lost.
    article = before + data.draw(TRIGGER_TEXTS[number]) + after
    stems = article_stems(caseless(article))
    for found in split_sentences(article):
        assert detect_triggers(found, stems) == detect_triggers(found)
