"""Tests of argument extraction from a sentence: actors, organizers, targets, claims (sizes: test_sizes.py)."""

from __future__ import annotations

import pytest

from protestwatch.arguments import (
    canonical_actor,
    extract_claims,
    extract_organizers,
    extract_participants,
    extract_speakers,
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
    "text, orgs, expected",
    [
        ("During the UN General Assembly, the Green Party held a rally.", ["UN General Assembly", "Green Party"],
         ["Green Party"]),
        ("In the World Trade Center, Green Party and Labour Party held a rally.",
         ["World Trade Center", "Green Party", "Labour Party"], ["Green Party", "Labour Party"]),
        ("The Green Party, Labour Party and Unite held a rally.", ["Green Party", "Labour Party", "Unite"],
         ["Green Party", "Labour Party", "Unite"]),
    ],
)  # fmt: skip
def test_extract_organizers_an_opening_phrase_is_no_list(text, orgs, expected):
    """A name in the phrase before the subject is where or when, not a co-organizer: only "X, Y and Z" is a list."""
    entities = [entity(text, org, "ORG") for org in orgs]
    organizers = extract_organizers(text, 0, len(text), entities, index_actors(text, entities))
    assert sorted(actor.name for actor in organizers) == sorted(expected)


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


def organizer_names(text: str, entities: list[Entity] | None = None, start: int = 0) -> list[str]:
    entities = entities or []
    return [a.name for a in extract_organizers(text, start, len(text), entities, index_actors(text, entities))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The rally was organised by the Green Party in Leeds.", ["Green Party"]),
        ("Traders staged a protest under the banner of the Chamber of Commerce.", ["Chamber of Commerce"]),
        ("Thousands joined the BJP-led march to the secretariat.", ["BJP"]),
        (
            "Members of the Treatment Action Campaign staged a sit-in outside the hospital.",
            ["Treatment Action Campaign"],
        ),
        ("ABVP activists staged a protest near the campus.", ["ABVP"]),
    ],
)
def test_extract_organizers_reads_by_banner_led_and_members_shapes(text, expected):
    assert organizer_names(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "the rally was organised by the all india students federation in hyderabad.",
            ["all india students federation"],
        ),
        ("thousands joined the ndtu-led march on monday.", ["ndtu"]),
        ("members of the nurses association staged a sit-in at the hospital.", ["nurses association"]),
    ],
)
def test_extract_organizers_lower_cased_text_falls_back_to_patterns(text, expected):
    assert organizer_names(text) == expected


@pytest.mark.parametrize(
    "text, later, expected",
    [
        (
            "The National Union of Teachers (NUT) rejected the offer. The union held a rally on Monday.",
            "The union held",
            "National Union of Teachers",
        ),
        (
            "Greenpeace activists criticised the plan. The group organised a march on Friday.",
            "The group organised",
            "Greenpeace",
        ),
    ],
)
def test_extract_organizers_the_union_refers_back_to_the_named_one(text, later, expected):
    entities = [entity(text, "Greenpeace", "ORG")] if "Greenpeace" in text else []
    names = organizer_names(text, entities, start=text.index(later))
    assert names == [expected]


@pytest.mark.parametrize(
    "text",
    ["The union held a rally on Monday.", "Supporters of the Green Party marched in Leeds."],
)
def test_extract_organizers_unresolved_or_supporters_name_nobody(text):
    # "the union" that the article never named is no organiser a reader could look up
    assert organizer_names(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Workers protested outside the offices of Shell in Lagos.", "Shell"),
        ("Farmers marched against the state government on Monday.", "state government"),
        ("Students rallied, demanding Vice-Chancellor Smith resign.", "Vice-Chancellor Smith"),
        ("Residents urged the municipality to repair the roads.", "municipality"),
        ("Crowds protested against the Chinese government.", "Chinese government"),
    ],
)
def test_extract_targets_reads_companies_institutions_and_who_should_resign(text, expected):
    index = index_actors(text, [])
    targets = extract_targets(text, 0, len(text), index, is_place_or_people=lambda name: name in ("Lagos", "Chinese"))
    assert [actor.name for actor in targets] == [expected]


@pytest.mark.parametrize(
    "text",
    ["Workers marched, demanding higher wages.", "Protesters urged people to stay calm."],
)
def test_extract_targets_a_demand_is_not_a_target(text):
    assert extract_targets(text, 0, len(text), index_actors(text, []), is_place_or_people=lambda name: False) == []


@pytest.mark.parametrize(
    "text, people, expected",
    [
        (
            "The rally was addressed by Maryam Rajavi, Paolo Casaca and John Bercow.",
            ["Maryam Rajavi", "Paolo Casaca", "John Bercow"],
            ["Maryam Rajavi", "Paolo Casaca", "John Bercow"],
        ),
        ("Speakers included Anna Smith and Tom Jones.", [], ["Anna Smith", "Tom Jones"]),
        ("Union leader Ravi Kumar addressed the protesters at the gate.", ["Ravi Kumar"], ["Ravi Kumar"]),
    ],
)
def test_extract_speakers_reads_listed_speakers(text, people, expected):
    entities = [entity(text, person, "PERSON") for person in people]
    speakers = extract_speakers(text, 0, len(text), entities, index_actors(text, entities))
    assert [actor.name for actor in speakers] == expected


@pytest.mark.parametrize("text", ["Thousands marched in Paris.", "the rally was addressed by the union leader."])
def test_extract_speakers_none_without_named_speakers(text):
    assert extract_speakers(text, 0, len(text), [], index_actors(text, [])) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Employees staged a dharna seeking regularisation of their jobs.", "regularisation of their jobs"),
        ("Students marched to protest the increase in college fees.", "the increase in college fees"),
        ("Villagers gathered, opposing the acquisition of farm land.", "opposing the acquisition of farm land"),
        ("Doctors held a rally in support of the striking nurses.", "in support of the striking nurses"),
    ],
)
def test_extract_claims_more_cues(text, expected):
    assert expected in [claim.text for claim in extract_claims(text, 0, len(text))]


def is_place(name: str) -> bool:
    return name in ("Beijing", "China", "Gulbarga", "Berlin", "Bangalore", "Rustenburg")


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Tempers flared during a protest by the lorry owners' association near the circle.",
            ["lorry owners' association"],
        ),
        (
            "A march in central Durban by the KwaZulu-Natal Transport Alliance ended in teargas.",
            ["KwaZulu-Natal Transport Alliance"],
        ),
        ("Dalit Sena activists laid siege to the zilla panchayat office on Thursday.", ["Dalit Sena"]),
        ("Later, Cosatu's march against e-tolling started in Braamfontein.", ["Cosatu"]),
        (
            "The Centre of Trade Unions, Hind Mazdoor Sabha and the INTUC held a rally here.",
            ["INTUC", "Hind Mazdoor Sabha", "Centre of Trade Unions"],
        ),
        (
            "The hike was withdrawn after protests by activists of the Youth Congress, the BJP and the DYFI.",
            ["Youth Congress", "BJP", "DYFI"],
        ),
        (
            "Members of the Udupi district units of the Communist Party of India staged a protest.",
            ["Communist Party of India"],
        ),
        ("KARNATAKA Protest by ABVP July 30 , 2008 00:00 IST at the circle.", ["ABVP"]),
        ("A rally was organised by the alliance Berlin gegen Nazis in Berlin.", ["Berlin gegen Nazis"]),
        ("The protest was organised by the Querdenken 711 movement.", ["Querdenken 711"]),
        ("Thousands gathered, organisers from Congregate Charlottesville said.", ["Congregate Charlottesville"]),
        (
            "Engineering students held a demonstration organised with the help of the Bharatiya Vidyarti Sena.",
            ["Bharatiya Vidyarti Sena"],
        ),
    ],
)
def test_extract_organizers_reads_by_members_possessive_and_list_shapes(text, expected):
    organizers = extract_organizers(text, 0, len(text), [], index_actors(text, []), is_place_or_people=is_place)
    assert sorted(actor.name for actor in organizers) == sorted(expected)


@pytest.mark.parametrize(
    "text, person, expected",
    [
        # a leader gives way to the organisation named in the same sentence
        (
            "The stir was led by Ramani Ranjan Padhan under the banner of Jivan Jibika Surakhya Samiti.",
            "Ramani Ranjan Padhan",
            ["Jivan Jibika Surakhya Samiti"],
        ),
        # a person who fasts holds the protest
        (
            "Salaheddine Sidhoum, a human rights activist, staged a 24-hour hunger strike in prison.",
            "Salaheddine Sidhoum",
            ["Salaheddine Sidhoum"],
        ),
    ],
)
def test_extract_organizers_people_who_lead_or_fast(text, person, expected):
    entities = [entity(text, person, "PERSON")]
    organizers = extract_organizers(
        text, 0, len(text), entities, index_actors(text, entities), is_place_or_people=is_place
    )
    assert [actor.name for actor in organizers] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Angry residents blocked the road near the market.",
        "The march was stopped by police near the bridge.",
        "Protesters carried placards in English and Chinese as they marched.",
        "NEW DELHI Senior leaders lend support to the fast.",
        "A flash strike by guards delayed suburban trains.",
        "The bandh was called by several organisations in the district.",
    ],
)
def test_extract_organizers_crowds_police_languages_and_datelines_are_no_organizers(text):
    is_known = lambda name: name in ("English", "Chinese", "NEW DELHI")  # noqa: E731
    assert extract_organizers(text, 0, len(text), [], index_actors(text, []), is_place_or_people=is_known) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Thousands marched to protest against Beijing ’ s interference.", "Beijing"),
        ("About 13,000 marched on Sunday to protest against China's intervention.", "China"),
        ("Students staged a protest outside college demanding Thampu 's resignation.", "Thampu"),
        ("The party was protesting outside Prime Media 's Johannesburg offices.", "Prime Media"),
        (
            "Egyptians rioted, calling for the immediate removal of President Hosni Mubarak from office.",
            "Hosni Mubarak",
        ),
        ("Workers continued the strike at Anglo American Platinum in Rustenburg.", "Anglo American Platinum"),
        ("Farmers laid siege to the Mandal Revenue Office on Monday.", "Mandal Revenue Office"),
    ],
)
def test_extract_targets_possessives_removals_premises_and_sieges(text, expected):
    targets = extract_targets(text, 0, len(text), index_actors(text, []), is_place_or_people=is_place)
    assert [actor.name for actor in targets] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "They marched in protest against the alleged assault on Tasni Banu.",
        "A dharna was organised by India Against Corruption in Hubli.",
        "Cubbon Park Walkers Oppose Government Move in the city",
        "Residents staged a protest at the collectorate here on Monday, against illegal tapping of water.",
        "Farmers staged a dharna in front of the office of the Deputy Commissioner on Friday.",
        "The protest against recent Naxal attack was held in Raipur on Thursday.",
    ],
)
def test_extract_targets_names_further_on_headlines_and_officials_are_no_targets(text):
    assert extract_targets(text, 0, len(text), index_actors(text, []), is_place_or_people=is_place) == []


@pytest.mark.parametrize(
    "text",
    [
        "Several hundred counter-demonstrators rallied at Alexanderplatz against the far right.",
        "The counter-protest against right-wing extremists drew about 1,000 people.",
        "Supporters of the president held their own rally across the square.",
    ],
)
def test_extract_participants_counter_protesters_are_named_as_such(text):
    participants = extract_participants(text, 0, len(text), index_actors(text, []), is_group=is_group)
    assert "counter-protesters" in [actor.name for actor in participants]


@pytest.fixture(scope="module")
def extractor():
    from protestwatch.pipeline import Extractor

    return Extractor()


@pytest.mark.parametrize(
    "text, organizer",
    [
        (
            "Hundreds of locals on Monday blocked the highway near Angul demanding scrapping of the MoU. "
            "The stir was led by Ramani Ranjan Padhan under the banner of Jivan Jibika Surakhya Samiti.",
            "Jivan Jibika Surakhya Samiti",
        ),
        (
            "The Tamil Nadu Toddy Movement said its members were angry. Farmers staged a dharna in Chennai on "
            "Monday. The dharna was organised by the Tamil Nadu Toddy Movement.",
            "Tamil Nadu Toddy Movement",
        ),
    ],
)
def test_pipeline_a_sentence_without_a_place_tells_who_organised_the_event_before_it(extractor, text, organizer):
    from protestwatch.models import Article

    events = extractor.extract(Article(id="a", text=text)).events
    assert len(events) == 1
    assert organizer in [actor.name for actor in events[0].organizers]


def test_pipeline_a_demonym_before_one_person_is_no_issue_country(extractor):
    from protestwatch.models import Article

    text = (
        "Thousands marched in Bogota on Wednesday, while protesters in Cali toppled a statue of a Spanish conquistador."
    )
    assert all(event.issue_country != "ES" for event in extractor.extract(Article(id="a", text=text)).events)


@pytest.mark.parametrize(
    "text, org, expected",
    [
        ("He spoke after a Congress of SA Trade Unions rally in Rustenburg.", None, ["Congress of SA Trade Unions"]),
        ("Hundreds gathered on the second day of the NUM strike.", "NUM", ["NUM"]),
        ("Thousands joined the anti-CAA protest in the city.", "CAA", []),
        ("Students marched against the CAA. Later the CAA protests spread.", "CAA", []),
    ],
)
def test_extract_organizers_a_name_before_the_event_noun_held_it(text, org, expected):
    entities = [entity(text, org, "ORG")] if org else []
    start = text.rindex("Later") if "Later" in text else 0
    assert organizer_names(text, entities, start=start) == expected


@pytest.mark.parametrize(
    "text, person, expected",
    [
        ("BJP candidate Ravi Kumar began a fast in front of the plot.", "Ravi Kumar", ["BJP"]),
        (
            "Thabo Tom, the president of the National Union of Metalworkers, led the march.",
            "Thabo Tom",
            ["National Union of Metalworkers"],
        ),
        ("The rasta roko was led by MLA Ravi Patil near the town.", "Ravi Patil", ["Ravi Patil"]),
    ],
)
def test_extract_organizers_a_person_acts_for_the_organisation_named_with_them(text, person, expected):
    entities = [entity(text, person, "PERSON")]
    assert organizer_names(text, entities) == expected


@pytest.mark.parametrize(
    "text, org",
    [
        ("Students at Jamia Millia Islamia university took out a march.", "Jamia Millia Islamia university"),
        ("Farmers laid siege to the collectorate on Monday.", "Farmers"),
        ("Residents laid siege to the Nallampalli BDO's office.", "Nallampalli BDO"),
        ("Thousands of supporters of the opposition Democratic Party protested.", "Democratic Party"),
        ("The strike called by several organisations began at 5 AM.", "AM"),
    ],
)
def test_extract_organizers_institutions_crowds_officials_and_supporters_hold_no_protest(text, org):
    assert organizer_names(text, [entity(text, org, "ORG")]) == []


@pytest.mark.parametrize(
    "text, orgs, expected",
    [
        ("The BJP-SAD councillors staged a dharna.", [], ["BJP", "SAD"]),
        (
            "Indian National Trade Union Congress and Hind Mazdoor Sabha held a rally here.",
            ["Indian National Trade Union Congress"],
            ["Indian National Trade Union Congress", "Hind Mazdoor Sabha"],
        ),
        ("The Bharatiya Janata Party Saturday protested against the hike.", [], ["Bharatiya Janata Party"]),
        ("The Jammu and Kashmir welfare forum organised a peace march.", [], ["Jammu and Kashmir welfare forum"]),
        ("Cosatu's call for a general strike was heeded across the city.", [], ["Cosatu"]),
        (
            "People Opposing Woman Abuse (Powa) said on Friday at a protest outside the court that laws must change.",
            [],
            ["People Opposing Woman Abuse"],
        ),
        (
            "Members of the Police and Prisons Civil Rights Union gathered at the gardens.",
            [],
            ["Police and Prisons Civil Rights Union"],
        ),
    ],
)
def test_extract_organizers_joined_acronyms_lists_and_names_holding_a_force_word(text, orgs, expected):
    entities = [entity(text, org, "ORG") for org in orgs]
    assert sorted(organizer_names(text, entities)) == sorted(expected)


@pytest.mark.parametrize(
    "text, expected, aliases",
    [
        (
            "the telangana joint action committee ( t-jac ) stepped up its agitation.",
            "telangana joint action committee",
            ("t-jac",),
        ),
        ("activists of the youth wing of the bharatiya janata party staged a protest.", "bharatiya janata party", ()),
        (
            "the hartal was observed by the national highway samara samithi on monday.",
            "national highway samara samithi",
            (),
        ),
    ],
)
def test_extract_organizers_lower_cased_text_reads_names_by_their_nouns(text, expected, aliases):
    organizers = extract_organizers(text, 0, len(text), [], index_actors(text, []))
    assert [(actor.name, actor.aliases) for actor in organizers] == [(expected, aliases)]


@pytest.mark.parametrize(
    "text",
    [
        "the bandh was called by several organisations in the district.",
        "members of the bhangi community staged a protest.",
        "a strike by panchayat workers entered its third day.",
    ],
)
def test_extract_organizers_lower_cased_crowds_name_nobody(text):
    assert organizer_names(text) == []


@pytest.mark.parametrize(
    "text, acronym, expected",
    [
        (
            "The Congress of South African Trade Unions (Cosatu) marched.",
            "Cosatu",
            "Congress of South African Trade Unions",
        ),
        (
            "The Police and Prisons Civil Rights Union (Popcru) marched.",
            "Popcru",
            "Police and Prisons Civil Rights Union",
        ),
    ],
)
def test_index_actors_acronyms_written_as_words_are_aliases(text, acronym, expected):
    index = index_actors(text, [])
    assert index.by_acronym.get(acronym) == expected
    assert canonical_actor(f"{expected} ({acronym})", index).name == expected


@pytest.mark.parametrize(
    "text, people, expected",
    [
        ("Crowds protested against the visit of the Congress president.", [], ["Congress president"]),
        ("Owners protested against the alleged ‘ harassment ’ by RTA officials.", [], ["RTA officials"]),
        (
            "Workers struck over a bill signed by Serbian Labour Minister Dragan Milovanovic.",
            ["Dragan Milovanovic"],
            ["Dragan Milovanovic"],
        ),
        ("Aviation staff called a protest to condemn the government and police.", [], ["government", "police"]),
        ("Residents staged a dharna in front of the Savanur municipality on Tuesday.", [], ["Savanur municipality"]),
        ("Striking miners at Impala Platinum gathered at the stadium.", [], ["Impala Platinum"]),
        (
            "The operators gheraoed the office of Bhubaneswar Municipal Corporation.",
            [],
            ["Bhubaneswar Municipal Corporation"],
        ),
        ("They marched against foreign missionary Bernard Blessing's presence.", [], ["Bernard Blessing"]),
        ("Farmers protested in Chennai on Wednesday against the Centre's labour reforms.", [], ["Centre"]),
        ("Residents protested against the City of Johannesburg over services.", [], ["City of Johannesburg"]),
        ("Thousands protested in Hong Kong on Sunday over Beijing's new security law.", [], ["Beijing"]),
        ("Protesters chanted 'down with Ruto' outside parliament.", [], ["Ruto"]),
    ],
)
def test_extract_targets_reads_acts_makers_lists_sites_and_employers(text, people, expected):
    entities = [entity(text, person, "PERSON") for person in people]
    is_known = lambda name: name in ("Chennai", "Johannesburg", "Serbian") or name.startswith("Serbian ")  # noqa: E731
    targets = extract_targets(text, 0, len(text), index_actors(text, entities), is_place_or_people=is_known)
    assert sorted(actor.name for actor in targets) == sorted(expected)


@pytest.mark.parametrize(
    "text",
    [
        "The party was protesting the arrest of its president Ravi Naidu.",
        "Helpers protested against the temporary suspension of the employers' levy.",
        "The economic blockade imposed by the UNC, against the new districts, went on.",
        "Police fired rubber bullets to disperse protesting Bethanie residents.",
        "Conservancy workers staged a flash strike at the Ward 61 ward office.",
        "Members staged a dharna decrying allotment of land to the Congress office.",
        "Miners walked out, led by workers of Jaya Karnataka Vedike.",
        "The protest was held over the weekend in Lagos.",
    ],
)
def test_extract_targets_victims_grievances_organisers_and_crowds_are_no_targets(text):
    assert extract_targets(text, 0, len(text), index_actors(text, []), is_place_or_people=is_place) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("thousands marched to protest against beijing ’ s interference.", ["beijing"]),
        ("students demanded the resignation of vice-chancellor ravi kumar.", ["vice-chancellor ravi kumar"]),
        ("demonstrators chanted slogans against prime minister narendra modi.", ["prime minister narendra modi"]),
        ("the party was protesting outside prime media ’ s johannesburg offices.", ["prime media"]),
        ("farmers protested against the hike in prices.", []),
        ("protestors burnt tyres demanding arrest of the culprits and punishment to them.", ["culprits"]),
    ],
)
def test_extract_targets_lower_cased_text_reads_marked_names(text, expected):
    targets = extract_targets(text, 0, len(text), index_actors(text, []), is_place_or_people=lambda name: False)
    assert [actor.name for actor in targets] == expected


def test_pipeline_a_place_inside_a_target_s_name_keeps_the_target(extractor):
    from protestwatch.models import Article

    text = "Over 500 people marched in Accra on Saturday against the Electricity Company of Ghana."
    events = extractor.extract(Article(id="a", text=text)).events
    assert [actor.name for event in events for actor in event.targets] == ["Electricity Company of Ghana"]


def test_pipeline_a_leader_gives_way_to_the_organisation_of_the_event(extractor):
    from protestwatch.models import Article

    text = (
        "Members of the Communist Party of India staged a demonstration in Chennai on Monday. "
        "District secretary Ravi Kumar led the protest."
    )
    events = extractor.extract(Article(id="a", text=text)).events
    assert len(events) == 1
    assert [actor.name for actor in events[0].organizers] == ["Communist Party of India"]
    assert all(e.field != "organizers" or "Kumar" not in text[e.start : e.end] for e in events[0].evidence)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hotel workers represented by UNITE HERE Local 11 went on strike in Los Angeles.", ["UNITE HERE Local 11"]),
        ("Nurses represented by the State Nurses Association walked off the job.", ["State Nurses Association"]),
        ("On Monday, ver.di and EVG union members went on a nationwide strike.", ["ver.di", "EVG"]),
        ("Members of the Leipzig section of Die Linke held a rally.", ["Die Linke"]),
        (
            "Farmers marched towards Delhi under the Samyukt Kisan Morcha (SKM) and were stopped.",
            ["Samyukt Kisan Morcha"],
        ),
        (
            "On Friday, Bangladesh Nationalist Party (BNP) activists formed a human chain.",
            ["Bangladesh Nationalist Party"],
        ),
        ("On Monday, madrasa students and Hefazat-e-Islam supporters protested in the town.", ["Hefazat-e-Islam"]),
        ("Starbucks Workers United members struck for the day at a store.", ["Starbucks Workers United"]),
        (
            "He told members of the SA Municipal Workers Union (Samwu) at a protest march in the city.",
            ["SA Municipal Workers Union"],
        ),
    ],
)
def test_extract_organizers_reads_representatives_members_followers_and_units(text, expected):
    organizers = extract_organizers(text, 0, len(text), [], index_actors(text, []), is_place_or_people=is_place)
    assert sorted(actor.name for actor in organizers) == sorted(expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "On Saturday, Yellow Vest (Gilets Jaunes) protesters blocked roundabouts.",
            ("Yellow Vest", ("Gilets Jaunes",)),
        ),
        (
            "Shipyard workers and Solidarity (NSZZ Solidarnosc) members picketed the gates.",
            ("Solidarity", ("NSZZ Solidarnosc",)),
        ),
    ],
)
def test_extract_organizers_a_name_given_in_two_languages_is_one_actor(text, expected):
    # the recognizer calls "Yellow Vest" a person: the bracketed alias says it is a movement
    entities = [entity(text, expected[0], "PERSON")]
    organizers = extract_organizers(text, 0, len(text), entities, index_actors(text, entities))
    assert [(actor.name, actor.aliases) for actor in organizers] == [expected]


def test_index_actors_a_place_and_its_region_in_brackets_are_no_aliases():
    text = "Activists occupied the village near Erkelenz (North Rhine-Westphalia) on Monday."
    assert index_actors(text, []).aliases == {}


@pytest.mark.parametrize(
    "text, entities",
    [
        ("Hundreds of Imran Khan supporters rallied in the city.", [("Imran Khan", "PERSON")]),
        ("Muslim protesters marched in the city on Friday.", [("Muslim", "NORP")]),
        ("Hundreds of Trump supporters rallied outside the Capitol.", [("Trump", "ORG")]),
        ("Hundreds of anti-Adani Group protesters marched in the city.", []),
        ("Pro-Palestinian demonstrators blocked the entrance of the port.", []),
        ("Hundreds of Tata Steel workers went on strike on Monday.", []),
        ("Teachers rallied under the Congress government of the state.", []),
    ],
)
def test_extract_organizers_people_faiths_opponents_and_employers_hold_no_protest(text, entities):
    found = [entity(text, written, label) for written, label in entities]
    assert organizer_names(text, found) == []


def country_of_people(demonym: str) -> str | None:
    return {"Chinese": "China", "chinese": "China", "Indian": "India"}.get(demonym)


def targets_of(text: str) -> list[str]:
    is_known = lambda name: name in ("New Delhi", "Goma", "Kano", "Leipzig", "Dhaka")  # noqa: E731
    found = extract_targets(
        text, 0, len(text), index_actors(text, []), is_place_or_people=is_known, country_of_people=country_of_people
    )
    return sorted(actor.name for actor in found)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Amazon warehouse workers and supporters rallied outside the facility.", ["Amazon"]),
        ("Nurses walked off the job at Albany Medical Center on Monday.", ["Albany Medical Center"]),
        ("Hundreds of Tata Steel workers went on strike on Monday.", ["Tata Steel"]),
        ("Thousands marched in an Anglo American Platinum (Amplats) strike rally.", ["Anglo American Platinum"]),
        ("Students at Howard University occupied a hall, protesting poor dormitory conditions.", ["Howard University"]),
        ("Students of the University of Cape Coast protested against hikes in fees.", ["University of Cape Coast"]),
        ("Exiles protested outside the Chinese embassy in New Delhi.", ["China"]),
        ("A Sikh group protested outside the Indian High Commission in London.", ["India"]),
        ("Hundreds held an anti-MONUSCO demonstration in Goma.", ["MONUSCO"]),
        ("Thousands of #EndSARS protesters occupied the toll gate.", ["SARS"]),
        ("People demonstrated against insecurity and the Buhari government.", ["Buhari government"]),
        (
            "Protesters stormed Parliament during protests against the Finance Bill 2024; police fired.",
            ["Finance Bill 2024"],
        ),
        ("Residents protested over electricity cuts by Eskom and blocked a road.", ["Eskom"]),
        ("Members held a rally to press the federal government on their demands.", ["federal government"]),
        (
            "Workers marched to offices of the Fuel Retailers Association (FRA) and the Retail Motor Industry (RMI).",
            ["Fuel Retailers Association", "Retail Motor Industry"],
        ),
    ],
)
def test_extract_targets_reads_employers_schools_missions_and_what_a_protest_opposes(text, expected):
    assert targets_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Students of Dhaka University marched from the campus against quotas in government jobs.",
        "Students of Gulu University demonstrated over the suspension of their guild president.",
        "Most guards abstained from work on Thursday.",
        "Panchayat workers staged a strike demanding wages.",
        "The General strike entered its eleventh day.",
        "Residents expressed solidarity with anti-Kudankulam Nuclear Power Project protesters.",
        "Hundreds of #EndBadGovernance protesters marched in Kano.",
        "Laws blame the survivor of rape , People Opposing Woman Abuse said at a protest.",
        "Workers rallied against Modi 1,000 times.",
    ],
)
def test_extract_targets_other_grievances_crowds_and_supported_protests_are_no_targets(text):
    assert targets_of(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("students of bahir dar university held a sit-in over food shortages at the campus.", ["bahir dar university"]),
        (
            "students of the university of cape coast ( ucc ) protested against hikes in fees.",
            ["university of cape coast"],
        ),
        ("students of the university protested against hikes in fees.", []),
        ("exiles protested outside the chinese embassy on monday.", ["China"]),
    ],
)
def test_extract_targets_lower_cased_schools_and_missions(text, expected):
    assert targets_of(text) == expected


def test_extract_organizers_lower_cased_members_after_a_bracketed_acronym():
    text = "bangladesh nationalist party ( bnp ) activists formed a human chain."
    organizers = extract_organizers(text, 0, len(text), [], index_actors(text, []))
    assert [(actor.name, actor.aliases) for actor in organizers] == [("bangladesh nationalist party", ("bnp",))]


def test_pipeline_a_mission_s_country_is_the_target(extractor):
    from protestwatch.models import Article

    text = "On Monday, Tibetan exiles protested outside the Chinese embassy in New Delhi."
    events = extractor.extract(Article(id="a", text=text)).events
    assert [actor.name for event in events for actor in event.targets] == ["China"]
