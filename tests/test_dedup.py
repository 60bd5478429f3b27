"""Tests of deduplication: which reports are one event, the merged view, and clustering in order."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protestwatch.dedup import (
    DATE_SLACK_DAYS,
    best_match,
    candidate_window,
    cluster,
    compare,
    merge,
    merge_actors,
    related_matches,
    same_actor,
)
from protestwatch.models import Actor, Claim, CrowdSize, DateRange, Event, Place

DAY = date(2021, 9, 21)

# Real coordinates, so distances are the ones the gazetteer would give.
PLACES = {
    "Brussels": Place(
        text="Brussels", name="Brussels", country="BE", lat=50.8505, lon=4.3488, precision="city", geonames_id=2800866
    ),
    "Ixelles": Place(
        text="Ixelles", name="Ixelles", country="BE", lat=50.8333, lon=4.3667, precision="city", geonames_id=2795010
    ),
    "Antwerp": Place(
        text="Antwerp", name="Antwerpen", country="BE", lat=51.2199, lon=4.4035, precision="city", geonames_id=2803138
    ),
    "Kyiv": Place(
        text="Kiev", name="Kyiv", country="UA", lat=50.4547, lon=30.5238, precision="city", geonames_id=703448
    ),
    "Belgium": Place(
        text="Belgium", name="Belgium", country="BE", lat=50.75, lon=4.5, precision="country", geonames_id=2802361
    ),
    "Paris": Place(
        text="Paris", name="Paris", country="FR", lat=48.8534, lon=2.3488, precision="city", geonames_id=2988507
    ),
}
SCHUMAN = replace(
    PLACES["Brussels"], text="Schuman Square", venue="Schuman Square", precision="venue", lat=50.843, lon=4.3808
)
LUXEMBOURG_SQUARE = replace(
    PLACES["Brussels"],
    text="Place du Luxembourg",
    venue="Place du Luxembourg",
    precision="venue",
    lat=50.8387,
    lon=4.3736,
)

NCRI = Actor(name="NCRI")
NCRI_LONG = Actor(name="National Council of Resistance of Iran", aliases=("NCRI",))


def report(
    event_id: str,
    place: Place | str | None = "Brussels",
    day: date | None = DAY,
    *,
    form: str = "rally",
    status: str = "occurred",
    end: date | None = None,
    precision: str = "day",
    basis: str = "explicit",
    **fields: object,
) -> Event:
    """Build a report the way the pipeline would: one place, one date range."""
    location = PLACES[place] if isinstance(place, str) else place
    when = DateRange(start=day, end=end or day, precision=precision, basis=basis) if day else DateRange()
    return Event(id=event_id, form=form, status=status, date=when, location=location, **fields)  # type: ignore[arg-type]


# -- compare: each rule ------------------------------------------------------------------------------------


def test_compare_same_city_day_and_compatible_forms_is_one_event() -> None:
    match = compare(report("a#1", form="demonstration"), report("b#1", form="rally"))
    assert match.same and not match.related
    assert "same city Brussels (0.0 km)" in match.reason
    assert "dates overlap 2021-09-21" in match.reason
    assert "forms demonstration/rally agree" in match.reason


@pytest.mark.parametrize(
    "first, other, words",
    [
        (report("a#1"), report("b#1", day=date(2021, 11, 2)), "are 42 days apart"),  # Brussels six weeks later
        (report("a#1"), report("b#1", "Antwerp"), "different places Brussels/Antwerpen (41.3 km)"),
        (report("a#1"), report("b#1", "Paris"), "different countries BE/FR"),
        (report("a#1", form="vigil"), report("b#1", form="strike"), "forms vigil/strike disagree"),
    ],
)
def test_compare_near_misses_stay_apart(first: Event, other: Event, words: str) -> None:
    match = compare(first, other)
    assert not match.same and not match.related
    assert words in match.reason


@pytest.mark.parametrize(
    "first, second, same",
    [
        ("strike", "vigil", False),
        ("hunger-strike", "march", False),
        ("march", "rally", True),
        ("strike", "riot", True),
        ("rally", "blockade", True),
        ("other", "strike", True),
    ],
)
def test_compare_forms_agree_when_usually_one_action(first: str, second: str, same: bool) -> None:
    assert compare(report("a#1", form=first), report("b#1", form=second)).same is same


def test_compare_suburb_within_a_few_km_is_the_same_place() -> None:
    match = compare(report("a#1", "Ixelles"), report("b#1", "Brussels"))
    assert match.same
    assert "nearby places Ixelles/Brussels (2.3 km)" in match.reason


@pytest.mark.parametrize(
    "days, basis, text, same",
    [
        (DATE_SLACK_DAYS, "relative", "last night", True),  # read against the publication day
        (DATE_SLACK_DAYS, "publication", "today", True),
        (DATE_SLACK_DAYS + 1, "relative", "yesterday", False),
        (DATE_SLACK_DAYS, "relative", "on Wednesday", False),  # two days named outright are two days
        (DATE_SLACK_DAYS, "explicit", "22 September 2021", False),
    ],
)
def test_compare_dates_have_a_day_of_slack_for_dates_read_against_publication(
    days: int, basis: str, text: str, same: bool
) -> None:
    later = report("b#1", day=date.fromordinal(DAY.toordinal() + days), basis=basis)
    later = replace(later, date=replace(later.date, text=text))
    assert compare(report("a#1"), later).same is same


def test_compare_a_day_of_slack_needs_backing_beyond_place() -> None:
    last_night = DateRange(
        start=date(2021, 9, 22), end=date(2021, 9, 22), precision="day", basis="relative", text="last night"
    )
    vigil = replace(report("b#1", form="vigil"), date=last_night)
    assert not compare(report("a#1", form="demonstration"), vigil).same
    assert compare(report("a#1", form="vigil"), vigil).same
    claimed = replace(vigil, claims=(Claim(text="justice for Sarah Everard"),))
    assert compare(report("a#1", form="demonstration", claims=(Claim(text="Everard"),)), claimed).same


def test_compare_overlapping_ranges_agree() -> None:
    week = report("a#1", day=date(2021, 9, 20), end=date(2021, 9, 26), precision="week", form="strike")
    assert compare(week, report("b#1", day=date(2021, 9, 23), form="strike")).same


def test_compare_record_without_date_never_merges() -> None:
    undated = report("a#1", day=None)
    assert candidate_window(undated) is None
    match = compare(undated, report("b#1"))
    assert not match.same and "no date" in match.reason


def test_candidate_window_widens_the_range_by_the_slack() -> None:
    window = candidate_window(report("a#1", day=date(2021, 9, 1), end=date(2021, 9, 30), precision="month"))
    assert window == (date(2021, 8, 31), date(2021, 10, 1))


def test_compare_two_mentions_of_one_article_are_never_one_event() -> None:
    match = compare(report("art7#1"), report("art7#2"))
    assert not match.same and "same article art7" in match.reason


def test_compare_counter_protest_on_the_same_square_is_related_not_same() -> None:
    rally = report(
        "a#1", SCHUMAN, organizers=(Actor(name="Extinction Rebellion"),), claims=(Claim(text="climate action now"),)
    )
    counter = report(
        "b#1",
        SCHUMAN,
        organizers=(Actor(name="Farmers Defence Force"),),
        claims=(Claim(text="against the nitrogen rules"),),
    )
    match = compare(rally, counter)
    assert not match.same and match.related
    assert "counter-protest" in match.reason


def test_compare_different_organizers_with_a_shared_claim_are_one_event() -> None:
    first = report("a#1", SCHUMAN, organizers=(NCRI_LONG,), claims=(Claim(text="prosecute Ebrahim Raisi"),))
    second = report(
        "b#1",
        SCHUMAN,
        organizers=(Actor(name="Iranian diaspora groups"),),
        claims=(Claim(text="that Raisi be prosecuted for crimes against humanity"),),
    )
    assert compare(first, second).same


def test_compare_planned_and_occurred_of_one_place_and_day_merge() -> None:
    match = compare(report("a#1", status="planned", basis="relative"), report("b#1", status="occurred"))
    assert match.same and "statuses planned/occurred merge" in match.reason


def test_compare_cancelled_and_occurred_contradict_unless_backed() -> None:
    match = compare(report("a#1", status="cancelled", form="demonstration"), report("b#1", status="occurred"))
    assert not match.same and match.related
    banned_march = compare(report("a#1", status="cancelled", form="march"), report("b#1", form="march"))
    assert banned_march.same
    assert merge("e", [report("a#1", status="cancelled"), report("b#1")]).status == "occurred"


@pytest.mark.parametrize(
    "counter",
    [
        {"participants": (Actor(name="counter-protesters"),)},
        {"size": CrowdSize(low=100, high=999, text="hundreds of counter-demonstrators")},
    ],
)
def test_compare_counter_protesters_are_related_not_same(counter: dict[str, object]) -> None:
    match = compare(report("a#1"), report("b#1", **counter))
    assert not match.same and match.related
    assert "counter-protesters" in match.reason


def test_compare_diaspora_protests_about_different_countries_stay_apart() -> None:
    match = compare(report("a#1", issue_country="IR"), report("b#1", issue_country="ER"))
    assert not match.same and "about different countries IR/ER" in match.reason


def test_compare_country_level_place_needs_a_shared_actor() -> None:
    national = report("a#1", "Belgium", form="strike", organizers=(Actor(name="ACV-CSC"),))
    assert not compare(national, report("b#1", "Brussels", form="strike")).same
    backed = report("b#1", "Brussels", form="strike", organizers=(Actor(name="acv-csc"),))
    match = compare(national, backed)
    assert match.same and "same country BE" in match.reason and "ACV-CSC" in match.reason


def test_compare_city_state_resolved_to_its_country_counts_as_a_city() -> None:
    hong_kong = Place(text="Hong Kong", name="Hong Kong", country="HK", lat=22.3193, lon=114.1714, precision="country")
    assert compare(report("a#1", hong_kong, form="march"), report("b#1", hong_kong, form="march")).same


def test_compare_month_level_date_needs_a_shared_actor() -> None:
    vague = report("a#1", day=date(2021, 9, 1), end=date(2021, 9, 30), precision="month", organizers=(NCRI,))
    assert not compare(vague, report("b#1")).same
    assert compare(vague, report("b#1", organizers=(NCRI_LONG,))).same


def test_compare_two_venues_of_one_city_on_one_day_agree_with_a_lower_score() -> None:
    same_venue = compare(report("a#1", SCHUMAN), report("b#1", SCHUMAN))
    other_venue = compare(report("a#1", SCHUMAN), report("b#1", LUXEMBOURG_SQUARE))
    assert same_venue.same and other_venue.same
    assert "same venue Schuman Square" in same_venue.reason
    assert same_venue.score > other_venue.score


# -- actors ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "first, second, same",
    [
        (NCRI, Actor(name="National Council of Resistance of Iran"), True),
        (Actor(name="the Trades Union Congress"), Actor(name="trades union congress"), True),
        (Actor(name="Raisi"), Actor(name="Ebrahim Raisi"), True),
        (Actor(name="NCRI"), Actor(name="National Union of Teachers"), False),
        (Actor(name="Extinction Rebellion"), Actor(name="Animal Rebellion"), False),
    ],
)
def test_same_actor_is_case_and_alias_aware(first: Actor, second: Actor, same: bool) -> None:
    assert same_actor(first, second) is same


def test_merge_actors_combines_aliases_under_the_full_name() -> None:
    merged = merge_actors([NCRI, Actor(name="National Council of Resistance of Iran"), Actor(name="PMOI")])
    assert merged == (
        Actor(name="National Council of Resistance of Iran", aliases=("NCRI",)),
        Actor(name="PMOI"),
    )


# -- merge --------------------------------------------------------------------------------------------------


def test_merge_takes_each_field_from_the_best_supported_report() -> None:
    vague = report(
        "a#1",
        "Belgium",
        day=date(2021, 9, 1),
        end=date(2021, 9, 30),
        precision="month",
        form="demonstration",
        status="planned",
        size=CrowdSize(low=None, high=None, text="a crowd"),
        organizers=(NCRI,),
        campaign="a~c1",
        confidence=0.6,
    )
    relative = report(
        "b#1",
        "Brussels",
        day=date(2021, 9, 20),
        basis="relative",
        form="march",
        size=CrowdSize(low=300, high=300, text="300 people"),
        confidence=0.8,
    )
    explicit = report(
        "c#1",
        SCHUMAN,
        form="rally",
        size=CrowdSize(low=1000, high=None, text="at least 1,000"),
        organizers=(NCRI_LONG,),
        claims=(Claim(text="Prosecute Raisi"),),
        confidence=0.8,
    )
    relative_again = report(
        "d#1",
        "Brussels",
        day=date(2021, 9, 20),
        basis="relative",
        form="rally",
        claims=(Claim(text="prosecute Raisi"),),
        confidence=0.7,
    )
    merged = merge("event-1", [vague, relative, explicit, relative_again])
    assert merged.id == "event-1"
    assert merged.date.start == DAY and merged.date.basis == "explicit"  # explicit day beats relative and month
    assert merged.location == SCHUMAN  # the venue beats the city and the country
    assert (merged.size.low, merged.size.high) == (300, 1000)
    assert merged.size.text == "a crowd; 300 people; at least 1,000"
    # each report's own figure stays beside the covering range
    assert [(item.low, item.high) for item in merged.size.estimates] == [(None, None), (300, 300), (1000, None)]
    assert merged.organizers == (Actor(name="National Council of Resistance of Iran", aliases=("NCRI",)),)
    assert [claim.text for claim in merged.claims] == ["Prosecute Raisi"]
    assert merged.form == "rally"  # the most reported specific form
    assert merged.status == "occurred"
    assert merged.campaign == "a~c1"
    assert merged.evidence == ()
    assert merged.confidence > 0.8


def test_merge_size_with_no_figures_stays_unknown_and_open_ranges_stay_open() -> None:
    unknown = merge("e", [report("a#1"), report("b#1")])
    assert unknown.size is None
    open_only = merge("e", [report("a#1", size=CrowdSize(low=200, high=None, text="at least 200")), report("b#1")])
    assert open_only.size == CrowdSize(low=200, high=None, text="at least 200")


def test_merge_confidence_rises_with_independent_articles_only() -> None:
    one = merge("e", [report("a#1", confidence=0.8)])
    same_article = merge("e", [report("a#1", confidence=0.8), report("a#2", confidence=0.8)])
    two = merge("e", [report("a#1", confidence=0.8), report("b#1", confidence=0.8)])
    three = merge("e", [report(f"{name}#1", confidence=0.8) for name in "abc"])
    assert one.confidence == same_article.confidence == 0.8
    assert 0.8 < two.confidence < three.confidence < 1.0


def test_merge_needs_a_mention() -> None:
    with pytest.raises(ValueError, match="at least one mention"):
        merge("e", [])


# -- best_match and cluster ---------------------------------------------------------------------------------


def test_best_match_picks_the_closest_same_event_or_none() -> None:
    candidates = [report("x#1", "Antwerp"), report("y#1", LUXEMBOURG_SQUARE), report("z#1", SCHUMAN)]
    index, match = best_match(report("a#1", SCHUMAN), candidates)
    assert index == 2 and match is not None and match.same
    assert best_match(report("a#1", "Paris"), candidates) == (None, None)


def test_related_matches_finds_the_counter_protest() -> None:
    rally = report("a#1", organizers=(Actor(name="Pegida"),), claims=(Claim(text="against immigration"),))
    counter = report("b#1", organizers=(Actor(name="Hope not Hate"),), claims=(Claim(text="refugees welcome"),))
    assert best_match(rally, [counter]) == (None, None)
    assert [index for index, _ in related_matches(rally, [counter])] == [0]


def test_cluster_joins_reports_and_keeps_near_misses_apart() -> None:
    records = [
        report("a#1", SCHUMAN, form="rally"),
        report("a#2", "Antwerp"),  # same article, same day, other city
        report("b#1", "Brussels", form="demonstration", basis="relative"),
        report("c#1", "Brussels", day=date(2021, 11, 2)),  # six weeks later
        report("d#1", "Antwerp", form="march"),
        report("e#1", "Ixelles", day=date(2021, 9, 22), basis="publication"),
    ]
    assert cluster(records) == [[0, 2, 5], [1, 4], [3]]


def test_cluster_never_joins_two_mentions_of_one_article() -> None:
    assert cluster([report("a#1", SCHUMAN), report("a#2", "Brussels")]) == [[0], [1]]


RECORDS = st.builds(
    report,
    st.sampled_from(["a", "b", "c", "d"]).map(lambda name: f"{name}#1"),
    st.sampled_from(["Brussels", "Ixelles", "Antwerp", "Belgium", "Paris"]),
    st.sampled_from([DAY, date(2021, 9, 22), date(2021, 9, 25), None]),
    form=st.sampled_from(["rally", "march", "strike", "vigil", "demonstration"]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(RECORDS, max_size=8))
def test_cluster_is_a_partition_that_never_joins_one_article_or_undated_records(records: list[Event]) -> None:
    clusters = cluster(records)
    assert sorted(i for group in clusters for i in group) == list(range(len(records)))
    for group in clusters:
        articles = [records[i].id.split("#")[0] for i in group]
        assert len(articles) == len(set(articles))
        if len(group) > 1:
            assert all(records[i].date.start is not None for i in group)


def test_merge_prefers_a_named_weekday_to_a_date_read_against_publication() -> None:
    last_night = DateRange(start=DAY, end=DAY, precision="day", basis="relative", text="last night")
    on_monday = DateRange(
        start=date(2021, 9, 20), end=date(2021, 9, 20), precision="day", basis="relative", text="on Monday"
    )
    merged = merge("e", [replace(report("a#1"), date=last_night), replace(report("b#1"), date=on_monday)])
    assert merged.date == on_monday


# -- the evaluation on the corpus ---------------------------------------------------------------------------


def load_bench() -> ModuleType:
    """Import bench/dedup_eval.py, which holds the evaluation (bench/ is not a package)."""
    path = Path(__file__).resolve().parent.parent / "bench" / "dedup_eval.py"
    spec = importlib.util.spec_from_file_location("dedup_eval", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["dedup_eval"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_bench()


def test_score_clusters_counts_pairs_of_gold_events_across_articles(bench: ModuleType) -> None:
    def gold(article: str, key: str) -> object:
        return bench.GoldEvent(article, key, PLACES["Brussels"], DAY)

    # a and b report event X, c reports Y; a's second mention is X again (the pipeline split it)
    gold_of = [gold("a", "X"), gold("b", "X"), gold("c", "Y"), gold("a", "X"), None]

    def counts(clusters: list[list[int]]) -> tuple[int, int, int]:
        scores = bench.score_clusters(clusters, gold_of)
        return (scores.true_positives, scores.false_positives, scores.false_negatives)

    assert counts([[0, 1, 2], [3], [4]]) == (1, 2, 0)
    assert counts([[0], [1, 3], [2, 4]]) == (1, 0, 0)
    assert counts([[0], [1], [2], [3], [4]]) == (0, 0, 1)


def test_align_needs_the_gold_place_within_25_km_and_the_gold_date_in_range(bench: ModuleType) -> None:
    gold_brussels = bench.GoldEvent("a", "X", PLACES["Brussels"], DAY)
    gold_antwerp = bench.GoldEvent("a", "Y", PLACES["Antwerp"], DAY)
    assert bench.align(report("a#1", "Ixelles"), [gold_antwerp, gold_brussels]) is gold_brussels
    assert bench.align(report("a#1", "Paris"), [gold_antwerp, gold_brussels]) is None
    assert bench.align(report("a#1", day=date(2021, 9, 25)), [gold_brussels]) is None


def test_cluster_on_the_corpus_keeps_pairwise_precision_and_recall(bench: ModuleType) -> None:
    # Floors a little below what the rules reach (see the report of bench/dedup_eval.py); the corpus is
    # tests/data/dedup/articles.jsonl, the extractor the real one.
    evaluation = bench.evaluate(bench.load_corpus(), orders=3)
    assert len(evaluation.events) - evaluation.unaligned >= 80  # enough aligned events to score
    for scores in evaluation.scores:  # the corpus order reaches P=0.90 R=1.00, a shuffle P=0.87 R=0.98
        assert scores.precision >= 0.85
        assert scores.recall >= 0.95


def test_merge_keeps_speakers_violence_and_each_reports_size() -> None:
    from protestwatch.models import Count, Violence

    first = replace(
        report("a#1"),
        size=CrowdSize(low=5000, high=5000, text="5,000 people, police said", source="police"),
        speakers=(Actor(name="Maryam Rajavi"),),
        violence=Violence(arrests=Count(low=23, high=23, text="arrested 23"), police_intervention=True),
    )
    second = replace(
        report("b#1"),
        size=CrowdSize(low=20000, high=20000, text="20,000, organizers said", source="organizers"),
        violence=Violence(arrests=Count(low=30, high=30, text="30 arrests"), injuries=Count(low=4, high=4, text="4")),
    )
    merged = merge("E1", [first, second])
    assert (merged.size.low, merged.size.high, merged.size.source) == (5000, 20000, None)
    assert {(item.low, item.source) for item in merged.size.estimates} == {(5000, "police"), (20000, "organizers")}
    assert [actor.name for actor in merged.speakers] == ["Maryam Rajavi"]
    assert (merged.violence.arrests.low, merged.violence.arrests.high) == (23, 30)
    assert merged.violence.injuries.low == 4
    assert merged.violence.police_intervention is True
