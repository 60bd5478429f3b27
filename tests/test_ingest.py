"""Tests of ingest: files, directories, JSONL and stdin -> Article, and bad input -> Article with error."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from protestwatch.ingest import file_pieces, read_inputs, read_piece, stdin_id

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


# -- inputs at scale (issue 8): compressed, WARC, Parquet, caps, streaming ------------------------------------


def compress(data: bytes, compression: str) -> bytes:
    import gzip

    import zstandard

    return gzip.compress(data) if compression == "gz" else zstandard.ZstdCompressor().compress(data)


def warc_bytes(records: list[tuple[str, str, str, bytes]]) -> bytes:
    """Return a WARC holding a request and a response per (uri, date, content type, body), as crawlers write them."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for uri, when, content_type, body in records:
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example.org")], is_http_request=True)
        writer.write_record(writer.create_warc_record(uri, "request", http_headers=request))
        status = "200 OK" if body else "404 Not Found"
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), http_headers=headers, warc_headers_dict={"WARC-Date": when}
        )
        writer.write_record(record)
    return buffer.getvalue()


@pytest.mark.parametrize("compression", ["gz", "zst"])
def test_read_inputs_streams_compressed_jsonl(tmp_path, compression):
    data = jsonl({"id": "z1", "text": "Strikers rallied."}, "{broken", {"text": "Second."}).encode()
    path = write(tmp_path / f"news.jsonl.{compression}", compress(data, compression))
    articles = list(read_inputs([path]))
    assert [a.id for a in articles] == ["z1", "news:2", "news:3"]
    assert [a.error is None for a in articles] == [True, False, True]
    assert articles[1].error.startswith(f"{path}:2: not valid JSON")


@pytest.mark.parametrize("name, kind", [("story.txt.gz", "text"), ("page.html.zst", "html"), ("unnamed.gz", "text")])
def test_read_inputs_reads_compressed_documents(tmp_path, name, kind):
    content = make_page() if kind == "html" else "Crowds gathered in the square."
    path = write(tmp_path / name, compress(content.encode(), name.rsplit(".", 1)[1]))
    [article] = read_inputs([path])
    assert article.error is None and article.id == name.split(".")[0]
    assert "tenants' unions" in article.text if kind == "html" else article.text == content


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("bomb.jsonl.gz", compress(b'{"text": "a"}\n' * 2000, "gz"), "decompresses to more than max_file_bytes=1000"),
        ("bomb.txt.zst", compress(b"a" * 5000, "zst"), "decompresses to more than max_file_bytes=1000"),
        ("cut.jsonl.gz", compress(b'{"text": "a"}\n' * 50, "gz")[:-30], "corrupt or truncated"),
        ("junk.jsonl.zst", b"\x28\xb5\x2f\xfd" + b"junk" * 20, "corrupt"),
        ("junk.parquet", b"PAR1 not really", "corrupt"),
    ],
)
def test_read_inputs_reports_bombs_and_corrupt_archives(tmp_path, name, content, message):
    path = write(tmp_path / name, content)
    articles = list(read_inputs([path, write(tmp_path / "after.txt", "Still read.")], max_file_bytes=1000))
    assert message in articles[-2].error and articles[-2].error.startswith(path)
    assert (articles[-1].id, articles[-1].error) == ("after", None)


@pytest.mark.parametrize("compression", ["", ".gz"])
def test_read_inputs_reads_html_responses_of_a_warc(tmp_path, compression):
    page = make_page(head="").encode()
    data = warc_bytes(
        [
            ("https://news.example.org/lisbon", "2021-09-22T08:00:00Z", "text/html; charset=utf-8", page),
            ("https://news.example.org/logo.png", "2021-09-22T08:00:01Z", "image/png", b"\x89PNG"),
            ("https://news.example.org/gone", "2021-09-22T08:00:02Z", "text/html", b""),
            ("https://news.example.org/2021/09/20/x", "2021-09-22T08:00:03Z", "text/html", page),
        ]
    )
    path = write(tmp_path / f"crawl.warc{compression}", compress(data, "gz") if compression else data)
    articles = list(read_inputs([path]))
    assert [(a.id, a.url) for a in articles] == [
        ("crawl:2", "https://news.example.org/lisbon"),
        ("crawl:8", "https://news.example.org/2021/09/20/x"),
    ]
    assert all(a.error is None and "tenants' unions" in a.text for a in articles)
    # The crawl date stands in for a page without its own date; a date in the URL comes first.
    assert [(a.published, a.published_basis) for a in articles] == [
        (date(2021, 9, 22), "metadata"),
        (date(2021, 9, 20), "url"),
    ]


def test_read_inputs_refuses_an_oversized_warc_page_and_goes_on(tmp_path):
    big, small = ("<html><body><p>" + "x " * 400 + "</p></body></html>").encode(), make_page().encode()
    data = warc_bytes([("https://a.org/big", "2021-09-22T08:00:00Z", "text/html", big),
                       ("https://a.org/ok", "2021-09-22T08:00:00Z", "text/html", small)])  # fmt: skip
    path = write(tmp_path / "crawl.warc", data)
    big_page, good = read_inputs([path], max_bytes=len(small) + 10)
    assert "page larger than max_bytes" in big_page.error and good.error is None


def test_read_inputs_reads_parquet_rows(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "id": [1, None, 3],
            "text": ["Dockers went on strike.", "No id here.", None],
            "html": [None, None, make_page(head="")],
            "published": [date(2021, 9, 21), None, date(2021, 9, 23)],
            "words": [4, 3, 90],
        }
    )
    path = tmp_path / "rows.parquet"
    pq.write_table(table, path, row_group_size=2)
    articles = list(read_inputs([str(path)], published=date(2020, 1, 2)))
    assert [a.id for a in articles] == ["1", "rows:2", "3"]
    assert [(a.published, a.published_basis) for a in articles] == [
        (date(2021, 9, 21), "metadata"),
        (date(2020, 1, 2), "user"),
        (date(2021, 9, 23), "metadata"),
    ]
    assert articles[2].title == "Thousands march in Lisbon"


def test_read_inputs_refuses_parquet_without_text_column(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "meta.parquet"
    pq.write_table(pa.table({"id": ["a"], "body": ["text under another name"]}), path)
    [article] = read_inputs([str(path)])
    assert "no 'text' or 'html' column" in article.error


def test_read_inputs_walks_directory_of_archives(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    write(tmp_path / "a.jsonl.gz", compress(jsonl({"id": "a1", "text": "One."}).encode(), "gz"))
    write(tmp_path / "b.txt.zst", compress(b"Two.", "zst"))
    pq.write_table(pa.table({"id": ["c1"], "text": ["Three."]}), tmp_path / "c.parquet")
    write(tmp_path / "d" / "e.warc", warc_bytes([("https://e.org/", "2021-09-22T08:00:00Z", "text/html",
                                                   make_page().encode())]))  # fmt: skip
    write(tmp_path / "f.gz", compress(b"unknown kind: skipped in a directory", "gz"))
    write(tmp_path / "g.urls", "https://never.invalid/\n")  # URL lists only through --urls
    articles = list(read_inputs([str(tmp_path)]))
    assert [a.id for a in articles] == ["a1", "b", "c1", "e:2"]


@pytest.mark.parametrize("kind", ["jsonl.gz", "jsonl.zst", "parquet"])
def test_read_inputs_memory_stays_flat_on_a_large_file(tmp_path, kind):
    """A 50 MB input streams: the peak of traced memory stays a small fraction of its size."""
    import tracemalloc

    import pyarrow as pa
    import pyarrow.parquet as pq

    paragraph = "Workers in the port said the new rules would change their shifts. " * 40
    count = 50_000_000 // (len(paragraph) + 30)
    path = tmp_path / f"big.{kind}"
    if kind == "parquet":
        rows = ({"id": f"n{i}", "text": f"{i} {paragraph}"} for i in range(count))
        with pq.ParquetWriter(path, pa.schema([("id", pa.string()), ("text", pa.string())])) as writer:
            batch: list[dict[str, str]] = []
            for row in rows:
                batch.append(row)
                if len(batch) == 2000:
                    writer.write_table(pa.Table.from_pylist(batch))
                    batch = []
            writer.write_table(pa.Table.from_pylist(batch))
    else:
        import gzip

        import zstandard

        opener = gzip.open(path, "wb") if kind == "jsonl.gz" else zstandard.open(path, "wb")  # noqa: SIM115
        with opener as handle:
            for i in range(count):
                handle.write((json.dumps({"id": f"n{i}", "text": f"{i} {paragraph}"}) + "\n").encode())
    tracemalloc.start()
    try:
        seen = sum(1 for article in read_inputs([str(path)]) if article.error is None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == count
    # Python's own allocations only (pyarrow's buffers are not traced; their row groups are 2,000 rows).
    assert peak < 5_000_000, f"peak {peak} bytes while reading {count * len(paragraph)} bytes of text"


@pytest.mark.parametrize(
    "checksum, content_size, skippable_first", [(False, True, False), (True, False, False), (True, True, True)]
)
def test_read_inputs_reads_whole_zst_frames_of_every_shape(tmp_path, checksum, content_size, skippable_first):
    """The walk over zstd headers that tells a cut file (see test_hostile_inputs) takes no whole file for cut."""
    import zstandard

    compressor = zstandard.ZstdCompressor(write_checksum=checksum, write_content_size=content_size)
    # 300 lines of ~600 bytes a frame: more than one 128 KB block each.
    lines = [jsonl({"id": f"f{frame}-{n}", "text": f"Crowds gathered {n} times. " * 20}) for frame in range(2)
             for n in range(300)]  # fmt: skip
    # A skippable frame (magic 0x184D2A5?, a length, then that many bytes) may come first, as seekable zstd writes.
    skippable = b"\x50\x2a\x4d\x18" + (5).to_bytes(4, "little") + b"12345" if skippable_first else b""
    frames = [compressor.compress("".join(lines[:300]).encode()), compressor.compress("".join(lines[300:]).encode())]
    path = write(tmp_path / "news.jsonl.zst", skippable + frames[0] + frames[1])
    articles = list(read_inputs([path]))
    assert len(articles) == 600 and all(article.error is None for article in articles)


@pytest.mark.parametrize("compression", ["gz", "zst"])
def test_read_inputs_position_counts_bytes_as_stored(tmp_path, compression):
    """Progress and its ETA go by the compressed bytes read, never past the file's size on disk."""
    from protestwatch.ingest import ReadPosition

    data = "".join(jsonl({"id": f"n{n}", "text": f"Crowds gathered {n} times. " * 40}) for n in range(2000)).encode()
    path = write(tmp_path / f"news.jsonl.{compression}", compress(data, compression))
    size = Path(path).stat().st_size
    position = ReadPosition()
    seen = []
    for article in read_inputs([path], position=position):
        assert article.error is None
        seen.append(position.bytes_read())
    assert 0 < seen[0] <= size and seen == sorted(seen) and seen[-1] <= size
    assert position.bytes_read() == size


PIECE_LINES = [
    "\ufeff" + json.dumps({"text": "Nurses rallied in Oslo."}),
    json.dumps({"id": "own-id", "text": "Teachers marched in Lisbon on Friday."}),
    "",
    "{not json",
    json.dumps({"text": "Ünïcode: Bürger protestierten in München."}),
    json.dumps(["a list"]),
    json.dumps({"text": "The last line has no newline."}),
]


def _articles(articles) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(a.id, a.text, a.error, a.origin) for a in articles]


@pytest.mark.parametrize("piece_bytes", [1, 40, 97, 1000])
def test_jsonl_pieces_read_as_the_whole_file(tmp_path: Path, piece_bytes: int) -> None:
    """A large JSONL file is split for Dask workers: its pieces together give exactly the whole file's articles,
    with the same line-numbered ids and errors, whichever line the cuts fall in."""
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(PIECE_LINES), encoding="utf-8")
    whole = _articles(read_inputs([str(path)]))
    pieces = list(file_pieces(path, piece_bytes) or [])
    if piece_bytes >= path.stat().st_size:
        assert pieces == []  # small enough to be one shard
        return
    assert len(pieces) > 1 and pieces[0][0] == 0 and pieces[-1][1] == path.stat().st_size
    assert all(end == next_start for (_, end, _), (next_start, _, _) in zip(pieces, pieces[1:], strict=False))
    assert _articles(article for piece in pieces for article in read_piece(path, piece)) == whole
    assert [entry[0] for entry in whole][:2] == ["news:1", "own-id"]


@pytest.mark.parametrize("rows_per_group, piece_bytes", [(1, 1), (2, 1), (3, 1), (1, 300)])
def test_parquet_pieces_read_as_the_whole_file(tmp_path: Path, rows_per_group: int, piece_bytes: int) -> None:
    import pyarrow as pa
    import pyarrow.parquet as parquet

    texts = [f"{count} nurses rallied in Oslo on day {count}." for count in range(1, 8)]
    ids = ["own-id" if count == 3 else None for count in range(1, 8)]
    path = tmp_path / "news.parquet"
    parquet.write_table(pa.table({"id": ids, "text": texts}), path, row_group_size=rows_per_group)
    whole = _articles(read_inputs([str(path)]))
    pieces = list(file_pieces(path, piece_bytes) or [])
    assert len(pieces) > 1 and pieces[0][:1] == (0,)
    assert pieces[-1][1] == parquet.ParquetFile(path).metadata.num_row_groups
    assert _articles(article for piece in pieces for article in read_piece(path, piece)) == whole
    assert [entry[0] for entry in whole][:4] == ["news:1", "news:2", "own-id", "news:4"]


def test_compressed_files_are_never_split(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(PIECE_LINES).encode("utf-8")))
    assert file_pieces(path, 1) is None


def test_a_refused_parquet_file_is_reported_once_whatever_its_pieces(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as parquet

    path = tmp_path / "no_text.parquet"
    parquet.write_table(pa.table({"body": [f"row {n}" for n in range(6)]}), path, row_group_size=1)
    pieces = list(file_pieces(path, 1) or [])
    assert len(pieces) == 6
    errors = [article.error for piece in pieces for article in read_piece(path, piece)]
    assert len(errors) == 1 and "no 'text' or 'html' column" in errors[0]
