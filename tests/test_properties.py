"""Property-based tests: whatever text or bytes come in, no exception escapes and every output is valid."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protestwatch.api import default_extractor
from protestwatch.export import EXPORTERS
from protestwatch.ingest import read_inputs
from protestwatch.models import FORMS, STATUSES, Article, ExtractionResult

# Pieces of protest reports, so generated texts reach deep into the extractor rather than stopping at detection.
FRAGMENTS = (
    "Thousands of",
    "hundreds of",
    "some 3,000",
    "between 200 and 300",
    "a few dozen",
    "protesters",
    "teachers",
    "marched",
    "rallied",
    "staged a sit-in",
    "held a vigil",
    "went on strike",
    "protested",
    "will protest",
    "called for a rally",
    "in",
    "outside the parliament in",
    "Berlin",
    "Paris, Texas",
    "Munster",
    "The Haque",
    "New Delhi",
    "Washington Post",
    "on Sunday",
    "yesterday",
    "on 1 March 2020",
    "March 3",
    "from Monday to Wednesday",
    "the 1988 massacre",
    "police said",
    "organizers claimed",
    "the National Council of Resistance of Iran (NCRI)",
    "against the government",
    "demanding the release of prisoners",
    "in 13 cities",
    ",",
    ".",
    "\n",
    "(",
    ")",
    "NEW DELHI:",
)
texts = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=40).map(" ".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), min_size=1, max_size=30).map(" ".join),
    st.text(max_size=300),
)
published_dates = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))


def check_result(result: ExtractionResult, text: str) -> None:
    """Assert the invariants every extraction result keeps."""
    event_ids = [event.id for event in result.events]
    assert len(event_ids) == len(set(event_ids))
    campaign_ids = {campaign.id for campaign in result.campaigns}
    for event in result.events:
        assert event.form in FORMS
        assert event.status in STATUSES
        assert 0.0 <= event.confidence <= 1.0
        for item in event.evidence:
            assert 0 <= item.start <= item.end <= len(text), item
        if event.date.start and event.date.end:
            assert event.date.start <= event.date.end
        if event.location is not None:
            if event.location.lat is not None:
                assert -90.0 <= event.location.lat <= 90.0
                assert -180.0 <= event.location.lon <= 180.0
            country = event.location.country
            assert country is None or (len(country) == 2 and country.isupper())
        if event.size is not None and event.size.low is not None and event.size.high is not None:
            assert 0 <= event.size.low <= event.size.high
        assert event.campaign is None or event.campaign in campaign_ids
    for campaign in result.campaigns:
        assert set(campaign.events) <= set(event_ids)
    # The contract is JSON: every record must serialise.
    json.dumps(result.to_dict())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, published=published_dates)
def test_extraction_never_fails_and_keeps_its_invariants(text: str, published: date | None) -> None:
    article = Article(
        id="prop", text=text, published=published, published_basis="user" if published else "unknown"
    )
    result = default_extractor().extract(article)
    assert result.article.error is None or not text.strip(), result.article.error
    check_result(result, text)


@settings(max_examples=60, deadline=None)
@given(text=texts, published=published_dates)
def test_every_exporter_writes_any_result(text: str, published: date | None) -> None:
    import io

    article = Article(id="prop", text=text, published=published, published_basis="user" if published else "unknown")
    result = default_extractor().extract(article)
    for name, exporter in EXPORTERS.items():
        stream = io.StringIO()
        exporter([result], stream)
        assert stream.getvalue() or name != "jsonl"


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".json", ""]))
def test_ingest_turns_any_bytes_into_articles_or_errors(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    articles = list(read_inputs([str(path)]))
    assert articles, "every input yields at least one article (or an error record)"
    for article in articles:
        assert isinstance(article.text, str)
        assert article.error is None or article.error.strip()
        assert article.id


# -- every parser and the date, size and place readers (issue 9) ------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
RECORDS = st.fixed_dictionaries(
    {},
    optional={
        key: JSON_VALUES | texts | st.sampled_from(["2021-09-21", "2021-09-21T10:00:00+02:00", "yesterday", ""])
        for key in ("id", "text", "html", "url", "title", "source", "published")
    },
)
HTML_PIECES = st.sampled_from(
    ["<html>", "<body>", "<div>", "</div>", "<p>", "</p>", "<article>", "</article>", "<script>", "</script>",
     "<title>", "</title>", "<meta name='date' content='2021-09-21'>", "<!--", "-->", "<![CDATA[", "&amp;", "&#0;",
     "<?xml version='1.0' encoding='utf-8'?>", "<a href='javascript:x'>", "</a>", "<br/>", "<", ">", "\x00"]
)  # fmt: skip
html_pages = st.lists(st.one_of(HTML_PIECES, st.sampled_from(FRAGMENTS), st.text(max_size=10)), max_size=60).map(
    "".join
)
FEED_PIECES = st.sampled_from(
    ["<rss version='2.0'>", "<channel>", "<item>", "</item>", "<title>", "</title>", "<link>", "</link>",
     "https://news.example.org/a", "<description>", "</description>", "<pubDate>", "Tue, 21 Sep 2021 10:00:00 GMT",
     "</pubDate>", "<feed xmlns='http://www.w3.org/2005/Atom'>", "<entry>", "</entry>", "<content type='html'>",
     "</content>", "</channel>", "</rss>", "</feed>", "&lt;p&gt;", "<![CDATA[", "]]>"]
)  # fmt: skip
feeds = st.lists(st.one_of(FEED_PIECES, st.sampled_from(FRAGMENTS)), max_size=50).map("".join)


def check_articles(articles: list[Article]) -> None:
    """Assert what every Article out of ingest keeps: an id, text or an error, a real date or none."""
    assert articles, "every input yields at least one article (or an error record)"
    for article in articles:
        assert article.id and isinstance(article.text, str)
        assert article.error is None or (article.error.strip() and article.text == "")
        assert article.error is not None or article.text.strip()
        assert article.published is None or isinstance(article.published, date)
        assert article.published_basis in ("metadata", "url", "text", "user", "unknown")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(st.one_of(RECORDS.map(json.dumps), st.text(max_size=30)), min_size=1, max_size=6))
def test_jsonl_parser_turns_any_lines_into_articles_or_errors(tmp_path: Path, records: list[str]) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(line.replace("\n", " ") for line in records) + "\n", encoding="utf-8", errors="replace")
    check_articles(list(read_inputs([str(path)])))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=html_pages)
def test_html_parser_turns_any_page_into_an_article_or_an_error(tmp_path: Path, page: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8", errors="replace")
    check_articles(list(read_inputs([str(path)])))


@settings(max_examples=80, deadline=None)
@given(feed=feeds)
def test_feed_parser_turns_any_feed_into_articles_or_an_error(feed: str) -> None:
    from protestwatch.fetch import read_feed

    articles = list(read_feed(feed, "feed.rss"))
    for article in articles:
        assert article.id and (article.error is None or article.error.strip())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pages=st.lists(st.one_of(texts, html_pages), min_size=1, max_size=3), cut=st.integers(0, 400),
       compress=st.booleans())  # fmt: skip
def test_warc_parser_reports_any_cut_archive(tmp_path: Path, pages: list[str], cut: int, compress: bool) -> None:
    from test_hostile_inputs import warc_bytes

    data = warc_bytes(pages, compress=compress)
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    path.write_bytes(data[: max(0, len(data) - cut)])
    articles = list(read_inputs([str(path)]))
    for article in articles:
        assert article.id and (article.error is None or article.error.strip())
    # An uncompressed record ends with a blank line after its payload: cutting only that loses nothing.
    if (cut > 4 or (cut and compress)) and articles:
        assert any(article.error for article in articles) or len(articles) < len(pages), "a cut is never silent"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(RECORDS, min_size=1, max_size=5))
def test_parquet_parser_turns_any_rows_into_articles_or_errors(tmp_path: Path, rows: list[dict[str, object]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as parquet

    fields = ("id", "text", "html", "url", "title", "source", "published")
    # A Parquet column has one type: values that are not strings are stored as their JSON text.
    columns = {key: [row.get(key) if isinstance(row.get(key), str) or key not in row else json.dumps(row[key])
                     for row in rows] for key in fields}  # fmt: skip
    path = tmp_path / "rows.parquet"
    parquet.write_table(pa.table({key: pa.array(values, pa.string()) for key, values in columns.items()}), path)
    check_articles(list(read_inputs([str(path)])))


@settings(max_examples=200, deadline=None)
@given(text=texts, published=published_dates, future=st.sampled_from([None, True, False]))
def test_find_dates_gives_ordered_dates_inside_the_text(text: str, published: date | None, future: bool | None) -> None:
    from protestwatch.dates import find_dates, publication_date_from_text

    for found in find_dates(text, published, future=future):
        assert found.precision in ("day", "week", "month", "year", "unknown")
        assert found.start is None or found.end is None or found.start <= found.end
        if found.span is not None:
            assert 0 <= found.span.start <= found.span.end <= len(text)
            assert text[found.span.start : found.span.end] == found.span.text
    recovered = publication_date_from_text(text)
    if recovered is not None:
        assert isinstance(recovered[0], date) and 0 <= recovered[1].start <= recovered[1].end <= len(text)


@settings(max_examples=200, deadline=None)
@given(text=texts, cut=st.tuples(st.integers(0, 400), st.integers(0, 400)))
def test_extract_size_gives_an_ordered_interval_inside_the_text(text: str, cut: tuple[int, int]) -> None:
    from protestwatch.sizes import extract_size

    start, end = min(cut[0], len(text)), min(max(cut), len(text))
    size = extract_size(text, start, end, is_group=lambda word: word.endswith("s"))
    if size is None:
        return
    assert size.low is None or size.low >= 0
    assert size.low is None or size.high is None or size.low <= size.high
    if size.span is not None:
        assert start <= size.span.start <= size.span.end <= end
        assert text[size.span.start : size.span.end] == size.span.text


@settings(max_examples=150, deadline=None)
@given(text=texts)
def test_gazetteer_places_have_valid_coordinates_and_spans(text: str) -> None:
    for place in default_extractor().gazetteer.places(text):
        if place.lat is not None or place.lon is not None:
            assert place.lat is not None and place.lon is not None
            assert -90.0 <= place.lat <= 90.0 and -180.0 <= place.lon <= 180.0
        assert place.country is None or (len(place.country) == 2 and place.country.isupper())
        if place.span is not None:
            assert 0 <= place.span.start <= place.span.end <= len(text)
            assert text[place.span.start : place.span.end] == place.span.text
