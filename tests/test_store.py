"""Tests of the embedded SQLite store: round trip, idempotence, rejections, migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    Span,
)
from protestwatch.store import MIGRATIONS, Migration, Store, apply_migrations


def make_result(article_id: str = "000_a", text: str = "Some 50 protesters rallied in Brussels.") -> ExtractionResult:
    """Return a result with one full event, one bare event and a campaign."""
    full = Event(
        id=f"{article_id}#1",
        form="demonstration",
        status="occurred",
        date=DateRange(
            start=date(2021, 9, 21),
            end=date(2021, 9, 21),
            precision="day",
            basis="publication",
            text="today",
            span=Span(start=0, end=5, text="today"),
        ),
        location=Place(
            text="Brussels",
            name="Brussels",
            admin1="Brussels Capital",
            country="BE",
            lat=50.8505,
            lon=4.3488,
            precision="venue",
            venue="Schuman Square",
            geonames_id=2800866,
        ),
        size=CrowdSize(low=50, high=50, text="50 protesters"),
        organizers=(Actor(name="National Council of Resistance of Iran", aliases=("NCRI",)),),
        participants=(Actor(name="Iranians"),),
        targets=(Actor(name="Ebrahim Raisi"),),
        claims=(Claim(text='prosecute "Raisi", now; and\nforever'),),
        issue_country="IR",
        campaign=f"{article_id}~c1",
        confidence=0.9,
        evidence=(Evidence(field="location", start=30, end=38),),
    )
    bare = Event(id=f"{article_id}#2", form="vigil", status="planned", date=DateRange(), location=None)
    campaign = Campaign(id=f"{article_id}~c1", stated_places=13, events=(full.id,), text="rallies in 13 cities")
    article = Article(
        id=article_id,
        text=text,
        title="Rally in Brüssel",
        url=f"https://example.org/{article_id}",
        source="example.org",
        published=date(2021, 9, 21),
        published_basis="metadata",
        origin="articles.jsonl:1",
    )
    return ExtractionResult(article=article, events=(full, bare), campaigns=(campaign,))


def errored(article_id: str = "001_b", text: str = "<html>broken") -> ExtractionResult:
    return ExtractionResult(article=Article(id=article_id, text=text, error="no text extracted"))


@pytest.fixture
def fresh_db() -> Iterator[Store]:
    with Store(":memory:") as store:
        yield store


@pytest.mark.parametrize("results", [[make_result()], [make_result("000_a"), errored(), make_result("002_c")]])
def test_store_results_round_trip(fresh_db: Store, results: list[ExtractionResult]) -> None:
    for result in results:
        assert fresh_db.add(result) is True
    read = list(fresh_db.results())
    assert [item.to_dict() for item in read] == [item.to_dict() for item in results]
    # Fields outside to_dict() survive too.
    assert [item.article.text for item in read] == [item.article.text for item in results]
    assert [item.article.origin for item in read] == [item.article.origin for item in results]


@pytest.mark.parametrize("result", [make_result(), errored()])
def test_store_add_twice_is_idempotent(fresh_db: Store, result: ExtractionResult) -> None:
    assert fresh_db.add(result) is True
    before = fresh_db.counts()
    assert fresh_db.add(result) is False
    assert fresh_db.counts() == before
    assert len(list(fresh_db.results())) == 1


@pytest.mark.parametrize("new_id", ["099_a"])
def test_store_add_skips_same_url_and_text_under_another_id(fresh_db: Store, new_id: str) -> None:
    first = make_result()
    fresh_db.add(first)
    moved = replace(first, article=replace(first.article, id=new_id))
    assert fresh_db.add(moved) is False
    assert fresh_db.counts()["articles"] == 1


@pytest.mark.parametrize(
    "results, expected",
    [
        ([], {"articles": 0, "events": 0, "campaigns": 0, "errors": 0}),
        ([make_result(), errored()], {"articles": 2, "events": 2, "campaigns": 1, "errors": 1}),
        ([make_result("a"), make_result("b")], {"articles": 2, "events": 4, "campaigns": 2, "errors": 0}),
    ],
)
def test_store_counts(fresh_db: Store, results: list[ExtractionResult], expected: dict[str, int]) -> None:
    for result in results:
        fresh_db.add(result)
    assert fresh_db.counts() == expected


@pytest.mark.parametrize("result", [errored()])
def test_store_errored_article_is_stored_and_rejected(fresh_db: Store, result: ExtractionResult) -> None:
    fresh_db.add(result)
    assert fresh_db.rejections() == [(result.article.id, "extract", "no text extracted")]
    (stored,) = fresh_db.results()
    assert stored.article.error == "no text extracted"


@pytest.mark.parametrize("article_id", ["001_b"])
def test_store_fixed_article_replaces_errored_one(fresh_db: Store, article_id: str) -> None:
    fresh_db.add(errored(article_id))
    fixed = make_result(article_id, text="Fixed text: 50 protesters rallied.")
    assert fresh_db.add(fixed) is True
    assert fresh_db.rejections() == []
    assert fresh_db.counts() == {"articles": 1, "events": 2, "campaigns": 1, "errors": 0}
    assert [item.to_dict() for item in fresh_db.results()] == [fixed.to_dict()]


@pytest.mark.parametrize("article_id", ["000_a"])
def test_store_changed_text_of_good_article_needs_replace(fresh_db: Store, article_id: str) -> None:
    fresh_db.add(make_result(article_id))
    changed = make_result(article_id, text="Other text entirely.")
    with pytest.raises(StoreError, match="already stored with different text"):
        fresh_db.add(changed)
    # The failed add left the stored article intact.
    assert fresh_db.has_article(article_id, make_result(article_id).article.text)
    assert fresh_db.add(changed, replace=True) is True
    assert fresh_db.counts()["articles"] == 1
    assert fresh_db.has_article(article_id, "Other text entirely.")


@pytest.mark.parametrize(
    "article_id, text, expected",
    [
        ("000_a", "Some 50 protesters rallied in Brussels.", True),
        ("000_a", "Different text.", False),
        ("999_z", "Some 50 protesters rallied in Brussels.", False),
    ],
)
def test_store_has_article(fresh_db: Store, article_id: str, text: str, expected: bool) -> None:
    fresh_db.add(make_result())
    assert fresh_db.has_article(article_id, text) is expected


@pytest.mark.parametrize("name", ["events.db"])
def test_store_file_reopened_keeps_data_and_migrations(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with Store(path) as store:
        store.add(make_result())
    with sqlite3.connect(path) as connection:
        migrations_before = connection.execute("SELECT * FROM schema_migrations").fetchall()
    with Store(path) as store:
        assert store.counts()["events"] == 2
        assert [item.to_dict() for item in store.results()] == [make_result().to_dict()]
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT * FROM schema_migrations").fetchall() == migrations_before
    assert [row[:2] for row in migrations_before] == [(m.version, m.name) for m in MIGRATIONS]


@pytest.mark.parametrize("name", ["events.db"])
def test_store_file_uses_wal(tmp_path: Path, name: str) -> None:
    with Store(tmp_path / name) as store:
        assert store._connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store._connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1


@pytest.mark.parametrize("version", [2])
def test_store_later_migration_applies_once(tmp_path: Path, version: int) -> None:
    path = tmp_path / "events.db"
    Store(path).close()

    def add_notes(connection: sqlite3.Connection) -> None:
        connection.execute("ALTER TABLE articles ADD COLUMN notes TEXT")

    later = (*MIGRATIONS, Migration(version=version, name="add_notes", apply=add_notes))
    connection = sqlite3.connect(path, isolation_level=None)
    assert apply_migrations(connection, later) == [version]
    assert apply_migrations(connection, later) == []
    columns = [row[1] for row in connection.execute("PRAGMA table_info(articles)")]
    connection.close()
    assert "notes" in columns


@pytest.mark.parametrize("bad", [42, None])
def test_store_rejects_wrong_types(fresh_db: Store, bad: object) -> None:
    with pytest.raises(TypeError):
        fresh_db.add(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Store(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("content", [b"this is not a database, just some bytes" * 100])
def test_store_open_failure_is_store_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="Could not open the store"):
        Store(path)


texts = st.text(max_size=30)
optional_texts = st.none() | texts


@st.composite
def results(draw: st.DrawFn) -> ExtractionResult:
    article_id = draw(st.text(min_size=1, max_size=10))
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


@settings(max_examples=50, deadline=None)
@given(result=results())
def test_store_round_trip_property(result: ExtractionResult) -> None:
    with Store(":memory:") as store:
        store.add(result)
        assert [item.to_dict() for item in store.results()] == [result.to_dict()]
