"""Tests of the event store on both backends: ingest, merging through dedup, queries, review, users, backups."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import store_target_of
from protestwatch.errors import StoreError
from protestwatch.models import (
    Actor,
    Article,
    Campaign,
    Claim,
    CrowdSize,
    DateRange,
    Event,
    Evidence,
    ExtractionResult,
    Place,
)
from protestwatch.store import MIGRATIONS, EventFilter, Store, apply_migrations, create_tables
from protestwatch.store.backends import connect
from protestwatch.store.records import event_id_for

DAY = date(2021, 9, 21)
BRUSSELS = Place(
    text="Brussels",
    name="Brussels",
    admin1="Brussels Capital",
    country="BE",
    lat=50.8505,
    lon=4.3488,
    precision="city",
    geonames_id=2800866,
)
SCHUMAN = replace(BRUSSELS, text="Schuman Square", venue="Schuman Square", precision="venue", lat=50.843, lon=4.3808)
ANTWERP = Place(
    text="Antwerp",
    name="Antwerpen",
    admin1="Flanders",
    country="BE",
    lat=51.2199,
    lon=4.4035,
    precision="city",
    geonames_id=2803138,
)
PARIS = Place(
    text="Paris",
    name="Paris",
    admin1="Île-de-France",
    country="FR",
    lat=48.8534,
    lon=2.3488,
    precision="city",
    geonames_id=2988507,
)
NCRI = Actor(name="National Council of Resistance of Iran", aliases=("NCRI",))


def mention(
    article_id: str,
    number: int = 1,
    *,
    place: Place | None = BRUSSELS,
    day: date | None = DAY,
    form: str = "rally",
    status: str = "occurred",
    organizers: tuple[Actor, ...] = (NCRI,),
    claims: tuple[str, ...] = ("prosecute Ebrahim Raisi",),
    size: tuple[int, int] | None = (50, 50),
    confidence: float = 0.8,
    evidence: tuple[Evidence, ...] = (),
) -> Event:
    """Return the Event one article reports, as the pipeline builds it (id ARTICLE#n)."""
    return Event(
        id=f"{article_id}#{number}",
        form=form,
        status=status,
        date=DateRange(start=day, end=day, precision="day", basis="explicit") if day else DateRange(),
        location=place,
        size=CrowdSize(low=size[0], high=size[1], text=f"{size[0]} people") if size else None,
        organizers=organizers,
        claims=tuple(Claim(text=text) for text in claims),
        confidence=confidence,
        evidence=evidence,
    )


def report(article_id: str, *events: Event, outlet: str | None = None, title: str | None = None) -> ExtractionResult:
    """Return one article with these events; its text and URL derive from its id."""
    return ExtractionResult(
        article=Article(
            id=article_id,
            text=f"Text of {article_id}: some 50 protesters rallied in Brussels.",
            title=title or f"Protest reported by {article_id}",
            url=f"https://{outlet or article_id + '.example'}/news/{article_id}",
            source=outlet,
            published=DAY,
            published_basis="metadata",
        ),
        events=events,
    )


def event_ids(store: Store, event_filter: EventFilter | None = None) -> list[str]:
    return sorted(item["id"] for item in store.query_events(event_filter, limit=None))


def only_event(store: Store) -> dict[str, Any]:
    (page,) = store.query_events(EventFilter(status=None), limit=None)
    found = store.event(page["id"])
    assert found is not None
    return found


# -- ingest ---------------------------------------------------------------------------------------------------


def full_result(article_id: str = "000_a") -> ExtractionResult:
    """Return an article with a full event, a bare planned one and a campaign (every field set)."""
    full = replace(
        mention(article_id, 1, place=SCHUMAN, evidence=(Evidence(field="location", start=36, end=44),)),
        participants=(Actor(name="Iranians"),),
        targets=(Actor(name="Ebrahim Raisi"),),
        claims=(Claim(text='prosecute "Raisi", now; and\nforever'),),
        issue_country="IR",
        campaign=f"{article_id}~c1",
    )
    bare = Event(id=f"{article_id}#2", form="vigil", status="planned", date=DateRange(), location=None)
    campaign = Campaign(id=f"{article_id}~c1", stated_places=13, events=(full.id,), text="rallies in 13 cities")
    result = report(article_id, full, bare, outlet="example.org")
    return replace(result, article=replace(result.article, origin="articles.jsonl:1"), campaigns=(campaign,))


def errored(article_id: str = "001_b") -> ExtractionResult:
    return ExtractionResult(article=Article(id=article_id, text="<html>broken", error="no text extracted"))


@pytest.mark.parametrize("results", [[full_result()], [full_result("000_a"), errored(), full_result("002_c")]])
def test_store_results_round_trip(store: Store, results: list[ExtractionResult]) -> None:
    for result in results:
        assert store.add(result) is True
    read = list(store.results())
    assert [item.to_dict() for item in read] == [item.to_dict() for item in results]
    assert [item.article.text for item in read] == [item.article.text for item in results]
    assert [item.article.origin for item in read] == [item.article.origin for item in results]


@pytest.mark.parametrize("result", [full_result(), errored()])
def test_store_add_twice_is_idempotent(store: Store, result: ExtractionResult) -> None:
    assert store.add(result) is True
    before = store.counts()
    log = store.changes()
    assert store.add(result) is False
    assert store.counts() == before
    assert store.changes() == log


@pytest.mark.parametrize("new_id", ["099_a"])
def test_store_add_skips_same_url_and_text_under_another_id(store: Store, new_id: str) -> None:
    first = full_result()
    store.add(first)
    moved = replace(first, article=replace(first.article, id=new_id))
    assert store.add(moved) is False
    assert store.counts()["articles"] == 1


@pytest.mark.parametrize("result", [errored()])
def test_store_errored_article_is_stored_and_rejected(store: Store, result: ExtractionResult) -> None:
    store.add(result)
    assert store.rejections() == [(result.article.id, "extract", "no text extracted")]
    article = store.article(result.article.id)
    assert article is not None and article["error"] == "no text extracted"


@pytest.mark.parametrize("article_id", ["000_a"])
def test_store_changed_text_needs_replace(store: Store, article_id: str) -> None:
    store.add(full_result(article_id))
    changed = replace(full_result(article_id), article=replace(full_result(article_id).article, text="Other text."))
    with pytest.raises(StoreError, match="already stored with different text"):
        store.add(changed)
    assert store.has_article(article_id, full_result(article_id).article.text)
    assert store.add(changed, replace=True) is True
    assert store.has_article(article_id, "Other text.")
    assert store.counts()["articles"] == 1


@pytest.mark.parametrize("outlets", [["lesoir.be", "brusselstimes.com", "rtbf.be"]])
def test_store_second_report_joins_the_event(store: Store, outlets: list[str]) -> None:
    """Reports in other words and detail of one rally make one event with every source."""
    store.add(report("a", mention("a", size=(50, 50)), outlet=outlets[0]))
    store.add(
        report("b", mention("b", place=SCHUMAN, size=(100, 999), organizers=(Actor(name="NCRI"),)), outlet=outlets[1])
    )
    store.add(report("c", mention("c", form="demonstration", claims=(), organizers=()), outlet=outlets[2]))
    assert store.count_events() == 1
    event = only_event(store)
    assert event["id"] == event_id_for("a#1")
    assert [item["id"] for item in event["mentions"]] == ["a#1", "b#1", "c#1"]
    assert [item["name"] for item in event["sources"]] == outlets
    # The merged size covers every report; the venue of the more precise report wins.
    assert (event["size"]["low"], event["size"]["high"]) == (50, 999)
    assert event["location"]["venue"] == "Schuman Square"
    merges = [change for change in store.changes(event["id"]) if change["action"] == "merge"]
    assert [change["after"]["mentions"] for change in merges] == [["b#1"], ["c#1"]]
    assert all("Brussels" in change["reason"] and change["who"] == "ingest" for change in merges)


@pytest.mark.parametrize(
    "second",
    [
        mention("b", day=date(2021, 11, 2)),  # same city, six weeks later
        mention("b", place=PARIS),  # same day, another city
        mention("b", form="strike", organizers=(Actor(name="ACOD"),), claims=("higher wages",)),
        mention("b", day=None),  # no date: never merged automatically
    ],
)
def test_store_different_events_stay_apart(store: Store, second: Event) -> None:
    store.add(report("a", mention("a")))
    store.add(report("b", second))
    assert store.count_events(EventFilter(status=None)) == 2
    assert not [change for change in store.changes() if change["action"] == "merge"]


@pytest.mark.parametrize("article_id", ["a"])
def test_store_never_merges_two_mentions_of_one_article(store: Store, article_id: str) -> None:
    store.add(report(article_id, mention(article_id, 1), mention(article_id, 2, place=SCHUMAN)))
    assert store.count_events() == 2


@pytest.mark.parametrize("claims", [("free political prisoners",)])
def test_store_counter_protest_is_linked(store: Store, claims: tuple[str, ...]) -> None:
    store.add(report("a", mention("a", place=SCHUMAN)))
    counter = mention("b", place=SCHUMAN, organizers=(Actor(name="Friends of the Embassy"),), claims=claims)
    store.add(report("b", counter))
    first, second = event_ids(store)
    assert store.count_events() == 2
    found = store.event(first)
    assert found is not None
    assert [item["id"] for item in found["related"]] == [second]
    assert "counter-protest" in found["related"][0]["reason"]


@pytest.mark.parametrize("order", [("a", "b", "c"), ("b", "a", "c")])
def test_store_event_ids_are_stable_across_runs(tmp_path: Path, backend: str, order: tuple[str, ...]) -> None:
    results = {
        "a": report("a", mention("a")),
        "b": report("b", mention("b", place=SCHUMAN)),
        "c": report("c", mention("c", place=PARIS)),
    }
    runs = []
    for _ in range(2):
        with store_target_of(backend, tmp_path) as target, Store(target) as store:
            for name in order:
                store.add(results[name])
            runs.append(event_ids(store))
    assert runs[0] == runs[1]
    assert runs[0] == sorted([event_id_for(f"{order[0]}#1"), event_id_for("c#1")])


@pytest.mark.parametrize("article_id", ["b"])
def test_store_replacing_an_article_moves_its_mention(store: Store, article_id: str) -> None:
    store.add(report("a", mention("a", size=(50, 50))))
    store.add(report(article_id, mention(article_id, size=(400, 400))))
    event_id = event_ids(store)[0]
    moved = report(article_id, mention(article_id, place=PARIS, size=(400, 400)))
    moved = replace(moved, article=replace(moved.article, text="Corrected: the rally was in Paris."))
    assert store.add(moved, replace=True) is True
    assert store.count_events() == 2
    kept = store.event(event_id)
    assert kept is not None
    assert [item["id"] for item in kept["mentions"]] == ["a#1"]
    assert kept["size"]["high"] == 50
    # Replacing the only report of an event deletes it; the new report starts an event that, founded by the
    # same mention id, gets the same id (so a re-run of a corrected input keeps its ids).
    alone = report("a", mention("a", place=ANTWERP))
    store.add(replace(alone, article=replace(alone.article, text="Corrected: Antwerp.")), replace=True)
    assert [change["action"] for change in store.changes(event_id)][-1] == "delete"
    assert store.event(event_id)["location"]["name"] == "Antwerpen"  # type: ignore[index]
    assert store.count_events() == 2


# -- queries ----------------------------------------------------------------------------------------------------


def filter_corpus() -> list[ExtractionResult]:
    """Five events: Brussels (two days), Antwerp, Paris, and a planned march in Brussels."""
    return [
        report("brussels1", mention("brussels1", size=(50, 50), confidence=0.9), title="Iranians rally"),
        report(
            "brussels2",
            mention(
                "brussels2",
                day=date(2021, 11, 2),
                form="march",
                size=(2000, 3000),
                organizers=(Actor(name="Climate Express"),),
                claims=("climate justice",),
                confidence=0.6,
            ),
            title="Climate march",
        ),
        report(
            "antwerp",
            mention(
                "antwerp",
                place=ANTWERP,
                day=date(2021, 10, 5),
                form="strike",
                organizers=(Actor(name="ACOD"),),
                claims=("higher wages",),
                size=None,
                confidence=0.7,
            ),
            title="Dockers strike",
        ),
        report(
            "paris",
            mention(
                "paris",
                place=PARIS,
                day=date(2021, 9, 25),
                form="march",
                organizers=(Actor(name="CGT"),),
                claims=("pension reform",),
                size=(10000, 20000),
                confidence=0.5,
            ),
            title="Pension march",
        ),
        report(
            "planned",
            mention(
                "planned",
                day=date(2021, 12, 1),
                status="planned",
                form="march",
                organizers=(Actor(name="Climate Express"),),
                claims=("climate justice",),
            ),
            title="Climate march planned",
        ),
    ]


def founders(store: Store, event_filter: EventFilter) -> list[str]:
    pages = store.query_events(event_filter, limit=None)
    return sorted(item["mentions"][0].split("#")[0] for item in pages)


@pytest.mark.parametrize(
    "event_filter, expected",
    [
        (EventFilter(), ["antwerp", "brussels1", "brussels2", "paris"]),
        (EventFilter(status=None), ["antwerp", "brussels1", "brussels2", "paris", "planned"]),
        (EventFilter(status=("planned",)), ["planned"]),
        (EventFilter(date_from=date(2021, 9, 22)), ["antwerp", "brussels2", "paris"]),
        (EventFilter(date_to=date(2021, 9, 30)), ["brussels1", "paris"]),
        (EventFilter(date_from=date(2021, 9, 25), date_to=date(2021, 10, 5)), ["antwerp", "paris"]),
        (EventFilter(country="fr"), ["paris"]),
        (EventFilter(near=(50.85, 4.35, 10)), ["brussels1", "brussels2"]),
        (EventFilter(near=(50.85, 4.35, 50)), ["antwerp", "brussels1", "brussels2"]),
        (EventFilter(bbox=(2.0, 48.0, 3.0, 49.0)), ["paris"]),
        (EventFilter(bbox=(4.0, 50.0, 5.0, 52.0)), ["antwerp", "brussels1", "brussels2"]),
        (EventFilter(organizer="climate"), ["brussels2"]),
        (EventFilter(organizer="ncri"), ["brussels1"]),  # an alias
        (EventFilter(organizer="%"), []),  # no word: nothing matches
        (EventFilter(organizer="Council of Iran"), ["brussels1"]),
        (EventFilter(organizer="NATIONAL COUN"), ["brussels1"]),  # the start of a name, any case
        (EventFilter(organizer="Climate Union"), []),  # every word must match
        (EventFilter(text='"climate" * OR'), []),  # FTS operators are plain words: OR is not in the text
        (EventFilter(text="climate:*"), ["brussels2"]),
        (EventFilter(form="march"), ["brussels2", "paris"]),
        (EventFilter(text="pension"), ["paris"]),
        (EventFilter(text="Dockers"), ["antwerp"]),  # an article title
        (EventFilter(text="climate justice"), ["brussels2"]),
        (EventFilter(text="climate wages"), []),  # every word must match
        (EventFilter(text="Antwerpen"), ["antwerp"]),  # the place
        (EventFilter(min_confidence=0.7), ["antwerp", "brussels1"]),
        (EventFilter(max_confidence=0.6), ["brussels2", "paris"]),
        (EventFilter(review="accepted"), []),
        (EventFilter(country="BE", form="march", date_from=date(2021, 10, 1)), ["brussels2"]),
    ],
)
def test_store_filters(store: Store, event_filter: EventFilter, expected: list[str]) -> None:
    for result in filter_corpus():
        store.add(result)
    assert founders(store, event_filter) == expected
    assert store.count_events(event_filter) == len(expected)


@pytest.mark.parametrize("bbox", [(179.0, -20.0, -179.0, -15.0)])
def test_store_bbox_across_the_antimeridian(store: Store, bbox: tuple[float, float, float, float]) -> None:
    fiji = Place(text="Suva", name="Suva", country="FJ", lat=-18.1416, lon=178.4419, precision="city")
    taveuni = Place(text="Taveuni", name="Taveuni", country="FJ", lat=-16.85, lon=-179.95, precision="city")
    store.add(report("suva", mention("suva", place=fiji)))
    store.add(report("taveuni", mention("taveuni", place=taveuni)))
    assert founders(store, EventFilter(bbox=bbox)) == ["taveuni"]
    assert founders(store, EventFilter(near=(-16.9, 179.99, 20))) == ["taveuni"]


@pytest.mark.parametrize("page_size", [1, 2, 3])
def test_store_paging_covers_every_event_once(store: Store, page_size: int) -> None:
    for result in filter_corpus():
        store.add(result)
    seen: list[str] = []
    for offset in range(0, 10, page_size):
        seen += [item["id"] for item in store.query_events(limit=page_size, offset=offset, sort="date")]
    assert len(seen) == len(set(seen)) == 4
    dates = [store.event(event_id)["date"]["start"] for event_id in seen]  # type: ignore[index]
    assert dates == sorted(dates)


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("-date", ["brussels2", "antwerp", "paris", "brussels1"]),
        ("date", ["brussels1", "paris", "antwerp", "brussels2"]),
        ("-size", ["paris", "brussels2", "brussels1", "antwerp"]),  # unknown size last
        ("size", ["brussels1", "brussels2", "paris", "antwerp"]),
        ("-confidence", ["brussels1", "antwerp", "brussels2", "paris"]),
    ],
)
def test_store_sorts(store: Store, sort: str, expected: list[str]) -> None:
    for result in filter_corpus():
        store.add(result)
    assert [item["mentions"][0].split("#")[0] for item in store.query_events(sort=sort)] == expected


@pytest.mark.parametrize("sort", ["place", "-"])
def test_store_unknown_sort_is_an_error(store: Store, sort: str) -> None:
    with pytest.raises(ValueError, match="Cannot sort by"):
        store.query_events(sort=sort)


@pytest.mark.parametrize(
    "bucket, expected",
    [
        ("month", [("2021-09-01", 2), ("2021-10-01", 1), ("2021-11-01", 1)]),
        ("week", [("2021-09-20", 2), ("2021-10-04", 1), ("2021-11-01", 1)]),
    ],
)
def test_store_counts_over_time(store: Store, bucket: str, expected: list[tuple[str, int]]) -> None:
    for result in filter_corpus():
        store.add(result)
    assert store.counts_over_time(EventFilter(), bucket) == expected


@pytest.mark.parametrize("text", ["Some 50 protesters rallied in Brussels."])
def test_store_event_shows_evidence_sources_and_suggestions(store: Store, text: str) -> None:
    start = text.index("Brussels")
    first = report(
        "a", mention("a", evidence=(Evidence(field="location", start=start, end=start + 8),)), outlet="lesoir.be"
    )
    store.add(replace(first, article=replace(first.article, text=text)))
    # Same place and day, no actor given: dedup may not merge it, but it is close.
    store.add(report("b", mention("b", organizers=(), claims=(), form="vigil")))
    event = store.event(event_ids(store, EventFilter())[0])
    assert event is not None
    holder = event if event["mentions"][0]["id"] == "a#1" else store.event(event_ids(store)[1])
    assert holder is not None
    assert holder["mentions"][0]["evidence"] == [
        {"field": "location", "start": start, "end": start + 8, "text": "Brussels"}
    ]
    assert holder["mentions"][0]["article"]["source"] == "lesoir.be"
    if store.count_events() == 2:
        assert holder["suggested"], "a close event dedup did not merge is suggested"


@pytest.mark.parametrize("article_id", ["000_a"])
def test_store_article_and_campaign(store: Store, article_id: str) -> None:
    store.add(full_result(article_id))
    article = store.article(article_id)
    assert article is not None
    assert article["text"].startswith("Text of")
    assert [item["id"] for item in article["mentions"]] == [f"{article_id}#1", f"{article_id}#2"]
    campaign = store.campaign(f"{article_id}~c1")
    assert campaign is not None and campaign["stated_places"] == 13
    assert campaign["event_ids"] == [article["mentions"][0]["event_id"]]
    assert store.article("nope") is None and store.campaign("nope") is None and store.event("nope") is None


# -- review -----------------------------------------------------------------------------------------------------


def two_reports(store: Store) -> str:
    store.add(report("a", mention("a", size=(50, 50))))
    store.add(report("b", mention("b", size=(300, 300))))
    (event_id,) = event_ids(store)
    return event_id


@pytest.mark.parametrize("who", ["coder1"])
def test_store_split_merge_undo_round_trip(store: Store, who: str) -> None:
    event_id = two_reports(store)
    # Undo the automatic merge: b#1 gets the event it would have had alone.
    (split_id,) = store.undo_last_merge(who=who)
    assert split_id == event_id_for("b#1")
    assert event_ids(store) == sorted([event_id, split_id])
    assert store.event(event_id)["size"]["high"] == 50  # type: ignore[index]
    # Merge them back by hand, then split by hand.
    assert store.merge_events([event_id, split_id], who=who, reason="same rally, checked") == event_id
    assert event_ids(store) == [event_id]
    assert store.event(event_id)["size"]["high"] == 300  # type: ignore[index]
    assert store.split_event(event_id, ["b#1"], who=who) == split_id
    # And undo the hand merge: the same two events again.
    store.merge_events([event_id, split_id], who=who, reason="again")
    assert store.undo_last_merge(who=who) == [split_id]
    assert event_ids(store) == sorted([event_id, split_id])
    with pytest.raises(StoreError, match="No merge to undo"):
        store.undo_last_merge(who=who)
    actions = [(change["action"], change["who"]) for change in store.changes(event_id)]
    assert actions == [
        ("merge", "ingest"),
        ("split", who),
        ("merge", who),
        ("split", who),
        ("merge", who),
        ("split", who),
    ]


@pytest.mark.parametrize(
    "ids, mentions, message",
    [
        (["missing"], ["a#1"], "No event"),
        ([None], ["zzz#1"], "cannot split off zzz#1"),
        ([None], ["a#1", "b#1"], "leave at least one"),
    ],
)
def test_store_split_refuses_bad_requests(
    store: Store, ids: list[str | None], mentions: list[str], message: str
) -> None:
    event_id = two_reports(store)
    with pytest.raises(StoreError, match=message):
        store.split_event(ids[0] or event_id, mentions, who="coder")


@pytest.mark.parametrize(
    "fields",
    [
        {
            "location": {
                "text": "Place Schuman",
                "name": "Brussels",
                "country": "BE",
                "lat": 50.843,
                "lon": 4.38,
                "precision": "venue",
                "venue": "Schuman Square",
            },
            "size": {"low": 80, "high": 120},
        },
        {"organizers": ["NCRI", {"name": "Iranian diaspora", "aliases": ["diaspora"]}], "form": "march"},
    ],
)
def test_store_corrections_survive_new_reports(store: Store, fields: dict[str, Any]) -> None:
    event_id = two_reports(store)
    corrected = store.update_event(event_id, fields, who="coder1", reason="checked the photos")
    store.add(report("c", mention("c", size=(5000, 5000))))
    event = store.event(event_id)
    assert event is not None and len(event["mentions"]) == 3
    for field in fields:
        assert event[field] == corrected[field]
    assert event["overrides"] == {field: corrected[field] for field in fields}
    (update,) = [change for change in store.changes(event_id) if change["action"] == "update"]
    assert (update["who"], update["reason"]) == ("coder1", "checked the photos")
    assert set(update["before"]) == set(fields) and update["after"] == {f: corrected[f] for f in fields}


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"fatalities": 3}, "Cannot edit fatalities"),
        ({"form": "picnic"}, "form 'picnic' is not one of"),
        ({"date": {"start": "21 Sept"}}, "date must be an object with ISO"),
        ({"size": {"low": "many"}}, "size must be an object"),
        ({}, "non-empty mapping"),
    ],
)
def test_store_bad_corrections_are_refused(store: Store, fields: dict[str, Any], message: str) -> None:
    event_id = two_reports(store)
    with pytest.raises(StoreError, match=message):
        store.update_event(event_id, fields, who="coder1")
    assert store.event(event_id)["overrides"] == {}  # type: ignore[index]


@pytest.mark.parametrize("state", ["accepted", "rejected"])
def test_store_review_is_logged_and_filterable(store: Store, state: str) -> None:
    event_id = two_reports(store)
    store.review_event(event_id, state, who="admin")
    assert event_ids(store, EventFilter(review=state)) == [event_id]
    assert event_ids(store, EventFilter(review="pending")) == []
    change = store.changes(event_id)[-1]
    assert (change["action"], change["who"], change["before"], change["after"]) == (
        "review",
        "admin",
        {"review": "pending"},
        {"review": state},
    )
    with pytest.raises(StoreError, match="not one of"):
        store.review_event(event_id, "maybe", who="admin")


@pytest.mark.parametrize("statement", ["UPDATE changes SET who = 'mallory'", "DELETE FROM changes"])
def test_store_change_log_is_append_only(store: Store, statement: str) -> None:
    two_reports(store)
    with pytest.raises(store._db.errors, match="append-only"):
        store._db.execute(statement)
    assert [change["who"] for change in store.changes()] == ["ingest"]


# -- users ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, role", [("ana", "admin"), ("bo", "coder")])
def test_store_users(store: Store, name: str, role: str) -> None:
    store.add_user(name, "$argon2id$v=19$fake", role)
    user = store.get_user(name)
    assert user is not None and (user["name"], user["password_hash"], user["role"]) == (
        name,
        "$argon2id$v=19$fake",
        role,
    )
    assert store.list_users() == [{"name": name, "role": role, "created_at": user["created_at"]}]
    with pytest.raises(StoreError, match="exists already"):
        store.add_user(name, "other", "viewer")
    store.update_user(name, role="viewer")
    assert store.get_user(name)["role"] == "viewer"  # type: ignore[index]
    with pytest.raises(StoreError, match="not one of"):
        store.add_user("cy", "hash", "god")
    assert store.get_user("nobody") is None


# -- schema, backups, concurrency -------------------------------------------------------------------------------

V1_EVENT_COLUMNS = (
    "id, article_id, form, status, date_start, date_end, date_precision, date_basis, location_name, country, "
    "admin1, lat, lon, location_precision, venue, geonames_id, size_low, size_high, campaign_id, confidence, record"
)


def write_v1(target: str, results: list[ExtractionResult]) -> None:
    """Build a version-1 store (before merged events) holding these results, as the old store wrote them."""
    db = connect(target)
    apply_migrations(db, MIGRATIONS[:1])
    with db.transaction():
        for result in results:
            article = result.article
            db.execute(
                "INSERT INTO articles (id, content_hash, url, title, source, published, published_basis, language, "
                "error, origin, text, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    article.id,
                    "h-" + article.id,
                    article.url,
                    article.title,
                    article.source,
                    "2021-09-21",
                    "metadata",
                    "en",
                    article.error,
                    None,
                    article.text,
                    "2021-09-21T10:00:00+00:00",
                ],
            )
            for event in result.events:
                db.execute(
                    f"INSERT INTO events ({V1_EVENT_COLUMNS}) VALUES ({', '.join('?' * 21)})",
                    [
                        event.id,
                        article.id,
                        event.form,
                        event.status,
                        event.date.start and event.date.start.isoformat(),
                        None,
                        None,
                        None,
                        None,
                        "BE",
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        event.confidence,
                        json.dumps(event.to_dict()),
                    ],
                )
    db.close()


@pytest.mark.parametrize("results", [[report("a", mention("a")), report("b", mention("b")), errored("c")]])
def test_store_migrates_a_version_1_store(store_target: str, results: list[ExtractionResult]) -> None:
    write_v1(store_target, results)
    with Store(store_target) as store:
        assert store.counts() == {"articles": 3, "mentions": 2, "events": 1, "campaigns": 0, "errors": 1}
        assert [item.article.id for item in store.results()] == ["a", "b", "c"]
        assert event_ids(store) == [event_id_for("a#1")]
        assert store.rejections() == [("c", "extract", "no text extracted")]
        versions = [row[0] for row in store._db.execute("SELECT version FROM schema_migrations ORDER BY version")]
    assert versions == [migration.version for migration in MIGRATIONS]
    assert create_tables is MIGRATIONS[0].apply


@pytest.mark.parametrize("name", ["store.db"])
def test_store_reopened_keeps_data_and_applies_no_migration(tmp_path: Path, name: str) -> None:
    with Store(tmp_path / name) as store:
        store.add(full_result())
    with Store(tmp_path / name) as store:
        assert apply_migrations(store._db) == []
        assert [item.to_dict() for item in store.results()] == [full_result().to_dict()]
        assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize("suffix", [".jsonl.gz", ".jsonl", ".db"])
def test_store_backup_and_restore(store: Store, tmp_path: Path, backend: str, suffix: str) -> None:
    for result in [*filter_corpus(), full_result(), errored()]:
        store.add(result)
    event_id = event_ids(store)[0]
    store.update_event(event_id, {"form": "vigil"}, who="coder1")
    store.add_user("ana", "hash", "admin")
    expected = list(store.dump_rows())
    path = tmp_path / f"backup{suffix}"
    store.backup(path)
    with pytest.raises(StoreError, match="exists"):
        store.backup(path)
    # Restore into a new store on each backend: the portable copy works across them.
    for target_backend in ("sqlite", "postgresql"):
        with store_target_of(target_backend, tmp_path) as target, Store(target) as restored:
            restored.restore(path)
            assert list(restored.dump_rows()) == expected
            assert restored.event(event_id) == store.event(event_id)
            assert founders(restored, EventFilter(text="pension")) == ["paris"]
            # Keys continue after the restored ones.
            restored.review_event(event_id, "accepted", who="ana")
            with pytest.raises(StoreError, match="not empty"):
                restored.restore(path)


@pytest.mark.parametrize("content", [b"this is not a database, just some bytes" * 100])
def test_store_open_failure_is_store_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="Could not open the store"):
        Store(path)


@pytest.mark.parametrize("bad", [42, None])
def test_store_rejects_wrong_types(store: Store, bad: object) -> None:
    with pytest.raises(TypeError):
        store.add(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Store(bad)  # type: ignore[arg-type]


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import date
    from protestwatch.models import Article, DateRange, Event, ExtractionResult, Place
    from protestwatch.store import open_store

    target, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    place = Place(text="Brussels", name="Brussels", country="BE", lat=50.85, lon=4.35, precision="city")
    with open_store(target) as store:
        for number in range(count):
            article_id = f"{prefix}{number}"
            day = date(2021, 1 + number % 12, 1 + number % 28)
            event = Event(id=f"{article_id}#1", form="rally", status="occurred", location=place,
                          date=DateRange(start=day, end=day, precision="day", basis="explicit"))
            store.add(ExtractionResult(article=Article(id=article_id, text=f"{prefix} {number}"), events=(event,)))
    """
)


@pytest.mark.parametrize("writers, articles", [(2, 40)])
def test_store_concurrent_writers_wait_instead_of_failing(store_target: str, writers: int, articles: int) -> None:
    """Several processes adding to one store at once: no "database is locked", nothing lost or doubled."""
    Store(store_target).close()
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, store_target, f"w{index}-", str(articles)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for index in range(writers)
    ]
    outcomes = [process.communicate(timeout=300) for process in processes]
    assert [process.returncode for process in processes] == [0] * writers, outcomes
    with Store(store_target) as store:
        counts = store.counts()
        assert (counts["articles"], counts["mentions"]) == (writers * articles, writers * articles)
        # Each writer reports the same days: the second report of a day joined the first one's event.
        assert counts["events"] == articles


@pytest.mark.parametrize("hold_s", [0.5])
def test_store_opening_a_new_sqlite_file_waits_for_another_writer(tmp_path: Path, hold_s: float) -> None:
    """Switching a new file to WAL while another process writes it: SQLite refuses that switch at once, without
    waiting out the busy timeout, which made two `extract` runs into one new store fail. Opening must wait."""
    path = tmp_path / "new.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("CREATE TABLE other_writer (x)")
    release = threading.Timer(hold_s, holder.execute, args=("COMMIT",))
    release.start()
    try:
        with Store(str(path)) as store:
            assert store.counts()["articles"] == 0
    finally:
        release.join()
        holder.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize("text", ["before\x00after"])
def test_store_nul_characters(store: Store, backend: str, text: str) -> None:
    result = report("nul")
    result = replace(result, article=replace(result.article, text=text))
    assert store.add(result) is True
    assert store.add(result) is False
    expected = text if backend == "sqlite" else text.replace("\x00", "\ufffd")
    assert store.article("nul")["text"] == expected  # type: ignore[index]


# -- property: what is stored reads back --------------------------------------------------------------------------

# NUL is left out: PostgreSQL stores it as U+FFFD (test_store_nul_characters). Lone surrogates too, as in
# st.text()'s default: decoded input never holds them.
characters = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
texts = st.text(characters, max_size=30)
optional_texts = st.none() | texts


@st.composite
def results(draw: st.DrawFn) -> ExtractionResult:
    article_id = draw(st.text(characters, min_size=1, max_size=10))
    events = tuple(
        Event(
            id=f"{article_id}#{index}",
            form=draw(st.sampled_from(["rally", "march", "strike"])),
            status=draw(st.sampled_from(["occurred", "planned"])),
            date=DateRange(start=draw(st.none() | st.dates()), text=draw(optional_texts)),
            location=draw(
                st.none()
                | st.builds(
                    Place,
                    text=texts,
                    country=optional_texts,
                    lat=st.none() | st.floats(-90, 90),
                    lon=st.none() | st.floats(-180, 180),
                    geonames_id=st.none() | st.integers(0, 10**9),
                )
            ),
            size=draw(
                st.none()
                | st.builds(
                    CrowdSize,
                    low=st.none() | st.integers(0, 10**10),
                    high=st.none() | st.integers(0, 10**10),
                    text=texts,
                )
            ),
            organizers=tuple(Actor(name=name) for name in draw(st.lists(texts, max_size=2))),
            claims=tuple(Claim(text=text) for text in draw(st.lists(texts, max_size=2))),
            confidence=draw(st.floats(0, 1)),
        )
        for index in range(draw(st.integers(0, 3)))
    )
    article = Article(
        id=article_id,
        text=draw(texts),
        title=draw(optional_texts),
        url=draw(optional_texts),
        published=draw(st.none() | st.dates()),
        error=draw(optional_texts),
    )
    return ExtractionResult(article=article, events=events)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(result=results())
def test_store_round_trip_property(backend: str, tmp_path: Path, result: ExtractionResult) -> None:
    with store_target_of(backend, tmp_path) as target, Store(target) as store:
        store.add(result)
        assert [item.to_dict() for item in store.results()] == [result.to_dict()]
        assert store.counts()["mentions"] == len(result.events)


# -- bulk ingest and the version-3 query indexes --------------------------------------------------------------


def many_reports() -> list[ExtractionResult]:
    """Reports that merge, stay apart, link as counter-protests, repeat an article, and one with an error."""
    counter = mention("counter", place=SCHUMAN, organizers=(Actor(name="Friends of the Embassy"),), claims=("peace",))
    return [
        *filter_corpus(),
        report("a", mention("a", size=(50, 50)), outlet="lesoir.be"),
        report("b", mention("b", place=SCHUMAN, size=(100, 999)), outlet="rtbf.be"),
        report("two", mention("two", 1), mention("two", 2, place=SCHUMAN)),
        report("counter", counter),
        report("a", mention("a", size=(50, 50)), outlet="lesoir.be"),  # the same article again
        errored("broken"),
    ]


TIMESTAMPS = ("at", "created_at", "updated_at")


def without_times(value: Any) -> Any:
    """Return a JSON-like value without its timestamps, which differ between two runs."""
    if isinstance(value, dict):
        return {key: without_times(item) for key, item in value.items() if key not in TIMESTAMPS}
    if isinstance(value, list):
        return [without_times(item) for item in value]
    return value


def stored_state(store: Store) -> Any:
    return without_times(
        {
            "counts": store.counts(),
            "events": [store.event(item["id"]) for item in store.query_events(EventFilter(status=None), limit=None)],
            "changes": store.changes(),
            "rejections": store.rejections(),
            "results": [item.to_dict() for item in store.results()],
        }
    )


@pytest.mark.parametrize("batch_size", [1, 3, 100])
def test_store_add_many_stores_what_add_one_by_one_does(tmp_path: Path, backend: str, batch_size: int) -> None:
    results = many_reports()
    with store_target_of(backend, tmp_path) as target, Store(target) as one_by_one:
        written = [one_by_one.add(result) for result in results]
        expected = stored_state(one_by_one)
    with store_target_of(backend, tmp_path) as target, Store(target) as bulk:
        assert bulk.add_many(iter(results), batch_size=batch_size) == sum(written)
        assert stored_state(bulk) == expected


@pytest.mark.parametrize("repeats", [2])
def test_store_add_many_is_idempotent(store: Store, repeats: int) -> None:
    assert store.add_many(many_reports()) == len(many_reports()) - 1
    state = stored_state(store)
    for _ in range(repeats):
        assert store.add_many(many_reports()) == 0
    assert stored_state(store) == state


def batch_with_a_refused_article(store: Store, position: int) -> list[ExtractionResult]:
    """Store article "taken", then return four new reports with another text of "taken" at ``position``."""
    store.add(report("taken", mention("taken")))
    changed = report("taken", mention("taken"))
    changed = replace(changed, article=replace(changed.article, text="Another text under a stored id."))
    batch = [report(f"r{number}", mention(f"r{number}", place=PARIS)) for number in range(4)]
    batch.insert(position, changed)
    return batch


@pytest.mark.parametrize("position", [0, 2])
def test_store_add_many_stops_at_a_refused_article_keeping_those_before(store: Store, position: int) -> None:
    batch = batch_with_a_refused_article(store, position)
    with pytest.raises(StoreError, match="already stored with different text"):
        store.add_many(batch)
    stored = sorted(item.article.id for item in store.results())
    assert stored == sorted(["taken", *(result.article.id for result in batch[:position])])


@pytest.mark.parametrize("position", [0, 2, 4])
def test_store_add_each_refuses_one_article_and_stores_the_rest(store: Store, position: int) -> None:
    batch = batch_with_a_refused_article(store, position)
    changed = batch[position]
    outcomes = store.add_each([*batch, batch[-1 if position != 4 else 0]])  # the last one again: nothing new
    assert [type(outcome).__name__ for outcome in outcomes] == [
        "StoreError" if index == position else "bool" for index in range(len(batch) + 1)
    ]
    assert [outcome for outcome in outcomes if not isinstance(outcome, StoreError)] == [True] * 4 + [False]
    assert sorted(item.article.id for item in store.results()) == ["r0", "r1", "r2", "r3", "taken"]
    assert store.article("taken")["text"] != changed.article.text  # type: ignore[index]
    assert store.add_each([]) == []


def long_event_corpus() -> list[ExtractionResult]:
    """A month-long occupation, and one-day rallies before and inside that month."""
    occupation = replace(
        mention("occupation", form="occupation", organizers=(Actor(name="Students"),), confidence=0.95),
        date=DateRange(start=date(2021, 9, 1), end=date(2021, 9, 30), precision="month", basis="explicit"),
    )
    return [
        report("occupation", occupation),
        report("before", mention("before", day=date(2021, 8, 20), place=PARIS, confidence=0.5)),
        report("inside", mention("inside", day=date(2021, 9, 27), place=ANTWERP, confidence=0.6)),
    ]


@pytest.mark.parametrize(
    "event_filter, expected",
    [
        (EventFilter(date_from=date(2021, 9, 25)), ["inside", "occupation"]),
        (EventFilter(date_from=date(2021, 9, 29), date_to=date(2021, 10, 3)), ["occupation"]),
        (EventFilter(date_from=date(2021, 8, 1), date_to=date(2021, 8, 31)), ["before"]),
        (EventFilter(date_from=date(2021, 9, 25), country="BE"), ["inside", "occupation"]),
        (EventFilter(date_from=date(2021, 9, 28), near=(50.85, 4.35, 10)), ["occupation"]),
    ],
)
def test_store_long_events_are_found_by_later_date_windows(
    store: Store, event_filter: EventFilter, expected: list[str]
) -> None:
    """The lower bound that speeds date filters (start >= from - longest span) keeps events that began earlier."""
    assert store.add_many(long_event_corpus()) == 3
    assert founders(store, event_filter) == expected
    assert store.count_events(event_filter) == len(expected)
    by_confidence = store.query_events(event_filter, limit=1, sort="-confidence")
    assert [item["mentions"][0].split("#")[0] for item in by_confidence] == expected[-1:]


@pytest.mark.parametrize(
    "event_filter, sort",
    [
        (EventFilter(text="climate"), "-date"),
        (EventFilter(text="march"), "-confidence"),
        (EventFilter(organizer="climate express"), "date"),
        (EventFilter(text="bru", country="BE"), "-date"),
    ],
)
def test_store_text_search_answers_alike_for_rare_and_common_words(
    store: Store, backend: str, monkeypatch: pytest.MonkeyPatch, event_filter: EventFilter, sort: str
) -> None:
    """SQLite fetches the matches of a rare word but walks an index for a common one: both give one answer."""
    from protestwatch.store import backends

    for result in filter_corpus():
        store.add(result)
    rare = [item["id"] for item in store.query_events(event_filter, limit=None, sort=sort)]
    monkeypatch.setattr(backends, "FEW_TEXT_MATCHES", 1)  # every word is now "common"
    assert [item["id"] for item in store.query_events(event_filter, limit=None, sort=sort)] == rare
    assert [item["id"] for item in store.query_events(event_filter, limit=1, offset=1, sort=sort)] == rare[1:2]
    assert rare


def downgrade_to_version_2(db: Any) -> None:
    """Undo version 3 on a store, leaving the layout a version-2 ProtestWatch wrote."""
    for index in ("events_span", "events_when", "events_country_when", "events_where"):
        db.execute(f"DROP INDEX {index}")
    db.execute("ALTER TABLE events DROP COLUMN span_days")
    db.execute("CREATE INDEX events_country_date ON events(country, date_start)")
    db.execute("CREATE INDEX events_lat_lon ON events(lat, lon)")
    db.execute("DELETE FROM schema_migrations WHERE version = 3")


@pytest.mark.parametrize("results", [long_event_corpus()])
def test_store_migrates_a_version_2_store(store_target: str, results: list[ExtractionResult]) -> None:
    with Store(store_target) as store:
        store.add_many(results)
        expected = stored_state(store)
        with store._db.transaction():
            downgrade_to_version_2(store._db)
    with Store(store_target) as store:
        versions = [row[0] for row in store._db.execute("SELECT version FROM schema_migrations ORDER BY version")]
        assert versions == [migration.version for migration in MIGRATIONS]
        spans = dict(store._db.execute("SELECT founder, span_days FROM events").fetchall())
        assert spans == {"occupation#1": 29, "before#1": 0, "inside#1": 0}
        assert stored_state(store) == expected
        assert founders(store, EventFilter(date_from=date(2021, 9, 29))) == ["occupation"]
        assert apply_migrations(store._db) == []
