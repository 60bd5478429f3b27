"""Tests of ingest: files, directories, JSONL and stdin -> Article, and bad input -> Article with error."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from protestwatch.ingest import read_inputs, stdin_id

PARAGRAPHS = (
    "<p>Thousands of people marched through the centre of Lisbon on Saturday to protest against rising "
    "housing costs, organisers said.</p>\n"
    "<p>The march, called by a coalition of tenants' unions, ended in front of parliament where speakers "
    "demanded rent controls and more public housing.</p>\n"
    "<p>Police estimated the crowd at around 5,000 people, while organisers put the figure at more than "
    "10,000. The demonstration was peaceful.</p>\n"
)


def make_page(head: str = '<meta property="article:published_time" content="2021-09-21">') -> str:
    return (
        f"<html><head><title>Thousands march in Lisbon</title>{head}</head>\n"
        f"<body><article><h1>Thousands march in Lisbon</h1>\n{PARAGRAPHS}</article></body></html>\n"
    )


def write(path: Path, content: str | bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return str(path)


def jsonl(*records: object) -> str:
    return "".join((record if isinstance(record, str) else json.dumps(record)) + "\n" for record in records)


@pytest.mark.parametrize(
    "content, expected",
    [
        ("  Police said 200 people rallied.\n\n", "  Police said 200 people rallied.\n\n"),
        ("\ufeffCrowds gathered\r\nin the square.", "Crowds gathered\r\nin the square."),
    ],
)
def test_read_inputs_keeps_text_exactly(tmp_path, content, expected):
    path = write(tmp_path / "rally.txt", content)
    [article] = read_inputs([path])
    assert (article.id, article.text, article.title, article.error) == ("rally", expected, None, None)
    assert (article.published, article.published_basis, article.origin) == (None, "unknown", path)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_read_inputs_decodes_text_with_bom(tmp_path, encoding):
    path = write(tmp_path / "rally.txt", "Crowds gathered in São Paulo.".encode(encoding))
    [article] = read_inputs([path])
    assert (article.text, article.error) == ("Crowds gathered in São Paulo.", None)


@pytest.mark.parametrize("published, basis", [(date(2020, 1, 2), "user"), (None, "unknown")])
def test_read_inputs_uses_published_argument_for_undated(tmp_path, published, basis):
    path = write(tmp_path / "rally.txt", "Crowds gathered.")
    [article] = read_inputs([path], published=published)
    assert (article.published, article.published_basis) == (published, basis)


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_read_inputs_extracts_html_with_metadata(tmp_path, suffix):
    path = write(tmp_path / f"lisbon{suffix}", make_page())
    [article] = read_inputs([path], published=date(2020, 1, 2))
    assert article.error is None
    assert article.id == "lisbon"
    assert article.title == "Thousands march in Lisbon"
    assert "tenants' unions" in article.text and "<p>" not in article.text
    assert (article.published, article.published_basis) == (date(2021, 9, 21), "metadata")


@pytest.mark.parametrize(
    "href, published, basis",
    [
        ("https://news.example.org/world/2021/09/21/march", date(2021, 9, 21), "url"),
        ("https://news.example.org/2021-09-22-march", date(2021, 9, 22), "url"),
        ("https://news.example.org/world/march", date(2020, 1, 2), "user"),
    ],
)
def test_read_inputs_dates_html_from_url(tmp_path, href, published, basis):
    path = write(tmp_path / "page.html", make_page(f'<link rel="canonical" href="{href}">'))
    [article] = read_inputs([path], published=date(2020, 1, 2))
    assert (article.url, article.published, article.published_basis) == (href, published, basis)


@pytest.mark.parametrize("html", ["<html><body></body></html>", "<html><head><title>x</title></head></html>"])
def test_read_inputs_reports_html_without_main_text(tmp_path, html):
    path = write(tmp_path / "empty.html", html)
    [article] = read_inputs([path])
    assert article.text == ""
    assert "no main text" in article.error


def test_read_inputs_reads_jsonl_lines_and_keeps_going(tmp_path):
    lines = jsonl(
        {"id": "a1", "text": "Strikers rallied.", "url": "https://x.org/a", "title": "T", "source": "X",
         "published": "2021-09-21T10:00:00+02:00"},
        "",
        "{not json",
        {"id": "a3", "title": "no text"},
        [1, 2],
        {"id": 7, "text": "Integer id."},
        {"text": "No id.", "url": "https://x.org/2022/03/04/story"},
        {"id": "a8", "text": 5},
        {"id": "a9", "text": "Bad date.", "published": "yesterday"},
        {"id": "a10", "html": make_page()},
    )  # fmt: skip
    path = write(tmp_path / "feed.jsonl", lines)
    articles = list(read_inputs([path], published=date(2020, 1, 2)))
    assert [a.id for a in articles] == ["a1", "feed:3", "a3", "feed:5", "7", "feed:7", "a8", "a9", "a10"]
    assert [a.origin for a in articles][:3] == [f"{path}:1", f"{path}:3", f"{path}:4"]
    assert [a.error is None for a in articles] == [True, False, False, False, True, True, False, False, True]
    first = articles[0]
    assert (first.text, first.url, first.title) == ("Strikers rallied.", "https://x.org/a", "T")
    assert (first.published, first.published_basis) == (date(2021, 9, 21), "metadata")
    assert (articles[4].published, articles[4].published_basis) == (date(2020, 1, 2), "user")
    assert (articles[5].published, articles[5].published_basis) == (date(2022, 3, 4), "url")
    assert (articles[8].title, articles[8].published_basis) == ("Thousands march in Lisbon", "metadata")
    assert all(a.text == "" for a in articles if a.error)


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not an object"),
        ('{"id": "x"}', "no 'text' or 'html'"),
        ('{"id": "x", "text": "  "}', "no 'text' or 'html'"),
        ('{"id": "x", "text": ["a"]}', "field 'text' is a list"),
        ('{"id": "x", "text": "t", "published": "2021-13-45"}', "not an ISO date"),
    ],
)
def test_read_inputs_reports_bad_jsonl_line(tmp_path, line, message):
    path = write(tmp_path / "feed.jsonl", line + "\n")
    [article] = read_inputs([path])
    assert article.text == ""
    assert article.error.startswith(f"{path}:1: ")
    assert message in article.error


def test_read_inputs_reports_bad_utf8_jsonl_line_and_keeps_going(tmp_path):
    good = jsonl({"id": "a", "text": "ok"}).encode()
    data = good + b'{"id": "b", "text": "caf\xe9"}\n{"text": "z"}\n'
    path = write(tmp_path / "feed.jsonl", data)
    articles = list(read_inputs([path]))
    assert [a.id for a in articles] == ["a", "feed:2", "feed:3"]
    offset = len(good) + len(b'{"id": "b", "text": "caf')
    assert f"not valid UTF-8 at byte {offset}" in articles[1].error
    assert articles[2].text == "z"


def test_read_inputs_walks_directory_sorted_and_filtered(tmp_path):
    write(tmp_path / "b.txt", "Second.")
    write(tmp_path / "a.html", make_page())
    write(tmp_path / "notes.md", "skipped")
    write(tmp_path / "image.png", b"\x89PNG\x00\x00")
    write(tmp_path / "sub" / "c.jsonl", jsonl({"id": "c1", "text": "3."}, {"id": "c2", "text": "4."}))
    write(tmp_path / "sub" / "d.TXT", "Fifth.")
    articles = list(read_inputs([str(tmp_path)]))
    assert [a.id for a in articles] == ["a", "b", "c1", "c2", "d"]
    assert all(a.error is None for a in articles)


@pytest.mark.parametrize(
    "content, kind",
    [
        ("\n  Crowds gathered in the square.\n", "text"),
        (make_page(), "html"),
    ],
)
def test_read_inputs_sniffs_stdin(content, kind):
    [article] = read_inputs(["-"], stdin=io.StringIO(content))
    assert (article.origin, article.error) == ("-", None)
    if kind == "text":
        assert (article.id, article.text) == (stdin_id(content), content)
    else:
        assert article.title == "Thousands march in Lisbon"
        assert article.id.startswith("stdin-")


def test_read_inputs_streams_stdin_jsonl():
    stream = io.StringIO("\n" + jsonl({"id": "s1", "text": "One."}, "oops", {"text": "Two."}))
    articles = list(read_inputs(["-"], stdin=stream))
    assert [a.id for a in articles] == ["s1", "stdin:3", "stdin:4"]
    assert [a.error is None for a in articles] == [True, False, True]


def test_stdin_id_is_stable():
    assert stdin_id("abc") == stdin_id("abc") == "stdin-a9993e364706"
    assert stdin_id("abd") != stdin_id("abc")


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "empty or whitespace-only"),
        ("blank.txt", b"  \n\t\n", "empty or whitespace-only"),
        ("blank.jsonl", b"\n\n", "empty or whitespace-only"),
        ("nul.txt", b"abc\x00def", "looks binary (NUL byte at 3)"),
        ("nul.jsonl", b'{"text": "a"}\n\x00\x01', "looks binary"),
        ("controls.txt", bytes(range(1, 9)) * 10, "looks binary"),
        ("latin1.txt", "Caf\u00e9 protest".encode("latin-1"), "not valid UTF-8 at byte 3; re-encode"),
        ("big.txt", b"x" * 101, "larger than max_bytes=100"),
        ("big.jsonl", b'{"text": "' + b"x" * 200 + b'"}\n', "line longer than max_bytes=100"),
    ],
)
def test_read_inputs_reports_bad_file(tmp_path, name, content, message):
    path = write(tmp_path / name, content)
    [article] = read_inputs([path], max_bytes=100)
    assert article.text == ""
    assert article.error.startswith(f"{path}")
    assert message in article.error


@pytest.mark.parametrize(
    "stdin, message",
    [(io.StringIO("   \n"), "empty or whitespace-only"), (io.StringIO("x" * 101), "larger than max_bytes")],
)
def test_read_inputs_reports_bad_stdin(stdin, message):
    [article] = read_inputs(["-"], stdin=stdin, max_bytes=100)
    assert (article.text, article.origin) == ("", "-")
    assert message in article.error


def test_read_inputs_keeps_going_after_bad_inputs(tmp_path):
    good = write(tmp_path / "good.txt", "Protesters marched.")
    inputs = [
        write(tmp_path / "empty.txt", ""),
        str(tmp_path / "missing.txt"),
        good,
        write(tmp_path / "bin.txt", b"\x00\x01\x02"),
        "-",
        good,
    ]
    articles = list(read_inputs(inputs, stdin=io.StringIO("From stdin.")))
    assert [a.id for a in articles] == ["empty", "missing", "good", "bin", stdin_id("From stdin."), "good"]
    assert [a.error is None for a in articles] == [False, False, True, False, True, True]
    assert "no such file or directory" in articles[1].error


def test_read_inputs_is_lazy(tmp_path):
    path = write(tmp_path / "feed.jsonl", jsonl({"id": "a", "text": "One."}))
    articles = read_inputs([path, str(tmp_path / "missing.txt")])
    assert next(articles).id == "a"


@pytest.mark.parametrize(
    "name, content, ids",
    [
        ("feed.json", jsonl({"id": "j1", "text": "One."}, {"id": "j2", "text": "Two."}), ["j1", "j2"]),
        ("page.xhtml", make_page(), ["page"]),
        ("notes", "Plain text.", ["notes"]),
    ],
)
def test_read_inputs_sniffs_explicit_file_with_other_extension(tmp_path, name, content, ids):
    path = write(tmp_path / name, content)
    articles = list(read_inputs([path]))
    assert [a.id for a in articles] == ids
    assert all(a.error is None and a.text for a in articles)


@pytest.mark.parametrize("data", [b"Caf\xe9 protest\n", b'{"text": "a"}\n{"text": "caf\xe9"}\n'])
def test_read_inputs_reports_bad_utf8_stdin(data):
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    articles = list(read_inputs(["-"], stdin=stdin))
    assert "not valid UTF-8 (byte 0xe9)" in articles[-1].error
    assert articles[-1].text == ""
