"""Hostile inputs: what crawlers bring back, run through the real CLI in one batch with good articles (issue 9).

How each input ends (``protestwatch extract ... --max-seconds 5``, every other limit at its default); every bad
input is reported on stderr, kept as ``article.error`` and as a rejection in the store, and the batch goes on:

| input                                         | how it ends                                                    |
|-----------------------------------------------|----------------------------------------------------------------|
| empty.txt, blank.txt (spaces, tabs, newlines) | error: empty or whitespace-only                                |
| noise.txt, image.html (binary bytes)          | error: looks binary (NUL byte at N)                            |
| latin1.txt                                    | error: not valid UTF-8 at byte N; iconv -f latin1 hint         |
| switches.txt (UTF-8, then Latin-1 half-way)   | error: not valid UTF-8 at byte N (the first Latin-1 byte)      |
| utf16bom.txt                                  | decoded (BOM), extracted: one event                            |
| utf16bare.txt (UTF-16-LE, no BOM)             | error: looks like UTF-16 without a byte-order mark             |
| huge.txt (200 MB, sparse)                     | error: larger than max_bytes; only max_bytes + 1 read          |
| deep.html (10,000 nested divs)                | error: HTML nested over 255 levels deep (was "no main text")   |
| bomb.jsonl.gz (4 GiB of spaces in 4 MB)       | error: expands more than max_expansion=100 times (after 100 MB)|
| bombtext.txt.gz (1 GiB of spaces)             | error: larger than max_bytes (read stops at max_bytes + 1)     |
| records.jsonl: a good line                    | extracted: one event                                           |
| records.jsonl: a broken line                  | error: not valid JSON                                          |
| records.jsonl: text a number, id a list       | error: field 'text' / 'id' is a int / list; make it a string   |
| records.jsonl: published "yesterday"          | error: 'published' 'yesterday' is not an ISO date              |
| records.jsonl: no text field, a JSON list     | error: no 'text' or 'html'; a JSON list, not an object         |
| cut.warc (last record cut short)              | two whole records extracted; error: record cut short           |
| cutgz.warc.gz (last gzip member cut)          | two whole records extracted; error: corrupt or truncated       |
| cutzst.jsonl.zst (cut inside its third line)  | two whole lines extracted; error: truncated (incomplete zstd   |
|                                               | frame), not the piece of the third line as broken JSON         |
| chinese, arabic, russian, french .txt         | language zh / ar / ru / fr, no events, no error: counted as    |
|                                               | "N not English (skipped)" (the pipeline reads English only)    |
| places.txt (2,100 city names)                 | language "und" (no function words of any language), skipped    |
| numbers.txt (3,000 numbers, no letters)       | language "en" (too little to tell), processed, no events       |
| slow.txt (3 MB, one paragraph of protests)    | error: extraction took more than max_seconds                   |
| good1.txt, good2.txt                          | extracted and stored, one event each                           |
| a/story.txt, b/story.txt (one id, two texts)  | the first extracted and stored; the second an error naming the |
|                                               | first (the store refuses to replace it), and not stored        |
"""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from protestwatch.ingest import read_inputs
from protestwatch.models import Article
from protestwatch.pipeline import DEFAULT_MAX_SECONDS, Extractor

PROTESTWATCH = [sys.executable, "-m", "protestwatch"]
GOOD = {
    "good1": "Thousands of teachers marched in Berlin on 12 March 2021 against budget cuts, organisers said.",
    "good2": "Some 300 farmers rallied outside the parliament in Madrid on 3 May 2021, demanding higher prices.",
}
PROTEST_SENTENCE = "Thousands of teachers marched in Berlin on Sunday against budget cuts, organisers said. "


def warc_bytes(pages: list[str], *, compress: bool, host: str = "news.example.org") -> bytes:
    """Return a WARC (each record its own gzip member when ``compress``) of HTML responses holding ``pages``."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for number, text in enumerate(pages):
        html = f"<html><body><article><p>{text}</p></article></body></html>".encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"http://{host}/{number}", "response", payload=io.BytesIO(html), http_headers=headers
        )
        writer.write_record(record)
    return buffer.getvalue()


WARC_PAGES = [
    "Hundreds of dock workers marched in Lisbon on 2 June 2021 against a new pension law.",
    "Some 500 nurses rallied in Porto on 3 June 2021, demanding higher pay.",
    "Dozens of students held a vigil in Coimbra on 4 June 2021 for the victims.",
]


ZST_PAGES = [
    "Some 200 taxi drivers blocked a bridge in Seville on 7 June 2021 against new licence fees.",
    "Hundreds of students marched in Valencia on 8 June 2021, demanding lower tuition fees.",
    "Dozens of fishermen rallied in Vigo on 9 June 2021 against the new quotas.",
]
# Two files that share an id; the store keeps the first and refuses the second (see store.add_result).
CLASHING_ID = "story"
STORIES = {
    "a": "Some 400 miners marched in Katowice on 5 July 2021 against the closure of their pit.",
    "b": "Hundreds of cyclists rallied in Utrecht on 6 July 2021, demanding safer roads.",
}
LANGUAGES = {"chinese": "zh", "arabic": "ar", "russian": "ru", "french": "fr", "places": "und"}


def write_gzip_bomb(path: Path, gibibytes: int) -> None:
    """Write a gzip file of ``gibibytes`` GiB of spaces in a few MB: one 64 MiB member, repeated."""
    member = gzip.compress(b" " * (64 << 20), compresslevel=9)
    with path.open("wb") as file:
        for _ in range(gibibytes * 16):
            file.write(member)


def zstd_in_blocks(chunks: list[bytes]) -> tuple[bytes, list[int]]:
    """Return one zstd frame holding each chunk in its own block(s), and the offset where each chunk's blocks end."""
    import zstandard

    compressor = zstandard.ZstdCompressor(write_checksum=True).compressobj()
    data, ends = b"", []
    for chunk in chunks:
        data += compressor.compress(chunk) + compressor.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
        ends.append(len(data))
    return data + compressor.flush(), ends


def write_huge_article(path: Path, size: int) -> None:
    """Write a ``size``-byte text file cheaply: a sentence, then a hole the file system fills with nothing."""
    with path.open("wb") as file:
        file.write(PROTEST_SENTENCE.encode())
        file.truncate(size)


def hostile_corpus(folder: Path) -> dict[str, str | None]:
    """Write every hostile input (and two good ones) under ``folder``; return article id -> expected error part.

    None means the article is processed without error.
    """
    folder.mkdir()
    expected: dict[str, str | None] = {}

    def put(name: str, data: bytes | str, error: str | None) -> None:
        path = folder / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        expected[name.split(".")[0]] = error

    put("empty.txt", b"", "empty or whitespace-only")
    put("blank.txt", " \n\t  \r\n  ", "empty or whitespace-only")
    put("noise.txt", bytes(range(256)) * 16, "looks binary")
    put("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "looks binary")
    put("latin1.txt", "Des milliers de manifestants ont défilé à Paris.".encode("latin-1"), "not valid UTF-8 at byte")
    half = "Hundreds of nurses rallied in Köln on 3 May 2021. ".encode() * 4
    put("switches.txt", half + "Des centaines à Liège.".encode("latin-1"), f"not valid UTF-8 at byte {len(half) + 14}")
    put("utf16bom.txt", GOOD["good1"].encode("utf-16"), None)
    put("utf16bare.txt", GOOD["good1"].encode("utf-16-le"), "looks like UTF-16 without a byte-order mark")
    write_huge_article(folder / "huge.txt", 200_000_000)
    expected["huge"] = "larger than max_bytes=20000000"
    put("deep.html", "<html><body>" + "<div>" * 10_000 + GOOD["good2"] + "</div>" * 10_000, "nested over 255 levels")
    write_gzip_bomb(folder / "bomb.jsonl.gz", 4)
    expected["bomb"] = "expands more than max_expansion=100 times"
    write_gzip_bomb(folder / "bombtext.txt.gz", 1)
    expected["bombtext"] = "larger than max_bytes=20000000"
    lines = [
        json.dumps({"id": "line-ok", "text": "Nurses rallied in Madrid on 3 May 2021.", "published": "2021-05-04"}),
        '{"id": "line-broken", "text": "unterminated',
        json.dumps({"id": "line-number", "text": 12345}),
        json.dumps({"id": "line-yesterday", "text": "Teachers marched in Rome.", "published": "yesterday"}),
        json.dumps({"id": ["a", "list"], "text": "Teachers marched in Rome."}),
        json.dumps({"id": "line-no-text", "title": "A title and nothing else"}),
        "[1, 2, 3]",
    ]
    (folder / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected |= {
        "line-ok": None,
        "records:2": "not valid JSON",
        "line-number": "field 'text' is a int",
        "line-yesterday": "'published' 'yesterday' is not an ISO date",
        "records:5": "field 'id' is a list",
        "line-no-text": "no 'text' or 'html'",
        "records:7": "a JSON list, not an object",
    }
    whole = warc_bytes(WARC_PAGES, compress=False)
    (folder / "cut.warc").write_bytes(whole[: len(whole) - 60])
    expected |= {"cut:1": None, "cut:2": None, "cut:3": "record cut short"}
    packed = warc_bytes(WARC_PAGES, compress=True, host="other.example.org")  # not the same articles again
    (folder / "cutgz.warc.gz").write_bytes(packed[: len(packed) - 60])
    expected |= {"cutgz:1": None, "cutgz:2": None, "cutgz": "corrupt or truncated"}
    zst_lines = [(json.dumps({"id": f"zst{n}", "text": text}) + "\n").encode() for n, text in enumerate(ZST_PAGES, 1)]
    packed, ends = zstd_in_blocks(zst_lines)
    (folder / "cutzst.jsonl.zst").write_bytes(packed[: ends[1] + 8])
    expected |= {"zst1": None, "zst2": None, "cutzst": "truncated (incomplete zstd frame)"}
    put("chinese.txt", "数千名抗议者周日在北京游行，反对新的养老金法律。", None)
    put("arabic.txt", "تظاهر آلاف المحتجين في القاهرة يوم الأحد ضد القانون الجديد.", None)
    put("russian.txt", "Тысячи протестующих вышли в воскресенье на улицы Москвы против нового закона.", None)
    put("french.txt", "Des milliers de manifestants ont défilé dimanche à Paris contre la réforme des retraites.", None)
    put("numbers.txt", " ".join(str(number * 7919 % 100_003) for number in range(3000)), None)
    put("places.txt", " ".join(["Paris", "Berlin", "Madrid", "Cairo", "Lagos", "Lima", "Delhi"] * 300), None)
    put("slow.txt", PROTEST_SENTENCE * (3_000_000 // len(PROTEST_SENTENCE)), "extraction took more than max_seconds=5")
    for name, text in GOOD.items():
        put(f"{name}.txt", text, None)
    for folder_name, text in STORIES.items():  # one id, "story", for two articles: see CLASHING_ID
        (folder / folder_name).mkdir()
        (folder / folder_name / "story.txt").write_text(text)
    return expected


def test_extract_batch_of_hostile_inputs_reports_each_and_keeps_the_good(tmp_path: Path) -> None:
    expected = hostile_corpus(tmp_path / "inputs")
    db = tmp_path / "store.db"
    command = [*PROTESTWATCH, "extract", *sorted(str(p) for p in (tmp_path / "inputs").iterdir())]
    command += ["--db", str(db), "--format", "jsonl", "--max-seconds", "5"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=540)

    assert run.returncode == 1, run.stderr[-3000:]
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    error_lines = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
    by_id: dict[str, list[dict[str, Any]]] = {}
    for record in map(json.loads, run.stdout.splitlines()):
        by_id.setdefault(record["article"]["id"], []).append(record)
    first_story, second_story = by_id.pop(CLASHING_ID)  # a/ comes before b/
    records = {article_id: only for article_id, (only,) in by_id.items()}  # every other id comes out once
    assert set(records) == set(expected), set(records) ^ set(expected)
    for article_id, error in expected.items():
        got = records[article_id]["article"]["error"]
        if error is None:
            assert got is None, (article_id, got)
        else:
            assert got is not None and error in got, (article_id, got)
            assert any(error in line for line in error_lines), article_id
    languages = {article_id: record["article"]["language"] for article_id, record in records.items()}
    assert {article_id: language for article_id, language in languages.items() if language != "en"} == LANGUAGES
    assert all(not records[article_id]["events"] for article_id in LANGUAGES)

    # Same-id clash: the first is kept; the second is reported naming the first, and the store keeps the first.
    assert first_story["article"]["error"] is None and len(first_story["events"]) == 1
    clash = second_story["article"]["error"]
    assert clash is not None and second_story["events"] == []
    assert f"from {tmp_path / 'inputs' / 'b' / 'story.txt'} has the id of another article" in clash
    assert f"already stored from {tmp_path / 'inputs' / 'a' / 'story.txt'}" in clash
    assert any(clash in line for line in error_lines)

    with sqlite3.connect(db) as connection:
        rejected = dict(connection.execute("SELECT article_id, reason FROM rejections").fetchall())
        stored = dict(connection.execute("SELECT id, language FROM articles WHERE error IS NULL").fetchall())
        story_text = connection.execute("SELECT text FROM articles WHERE id = ?", [CLASHING_ID]).fetchone()[0]
        mentions = dict(connection.execute("SELECT article_id, count(*) FROM mentions GROUP BY article_id").fetchall())
    assert set(rejected) == {article_id for article_id, error in expected.items() if error is not None}
    assert set(stored) == {article_id for article_id, error in expected.items() if error is None} | {CLASHING_ID}
    assert {article_id: language for article_id, language in stored.items() if language != "en"} == LANGUAGES
    assert story_text == STORIES["a"]
    for article_id in ("good1", "good2", "utf16bom", "line-ok", "cut:1", "cut:2", "cutgz:1", "cutgz:2", "zst1", "zst2"):
        assert mentions.get(article_id) == 1, (article_id, mentions.get(article_id))
    for article_id in ("numbers", *LANGUAGES):
        assert article_id not in mentions
    articles = len(expected) + len(STORIES)
    failed = sum(error is not None for error in expected.values()) + 1  # and the clash
    processed = articles - failed - len(LANGUAGES)
    summary = f"{articles} articles: {processed} processed, {failed} failed, {len(LANGUAGES)} not English (skipped);"
    assert summary in run.stderr, run.stderr[-500:]


@pytest.mark.parametrize("compress", [False, True])
def test_read_inputs_keeps_the_whole_records_of_a_cut_warc(tmp_path: Path, compress: bool) -> None:
    whole = warc_bytes(WARC_PAGES, compress=compress)
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    path.write_bytes(whole[: len(whole) - 60])  # inside the last page
    articles = list(read_inputs([str(path)]))
    assert [(article.id, article.error) for article in articles[:2]] == [("crawl:1", None), ("crawl:2", None)]
    assert [article.text for article in articles[:2]] == WARC_PAGES[:2]
    errors = [article.error for article in articles[2:]]
    assert errors and all(errors), "the cut record is reported, not extracted as if whole"
    assert any(("cut short" if not compress else "corrupt or truncated") in error for error in errors), errors


@pytest.mark.parametrize("header_bytes", [12, 40, 90])
def test_read_inputs_reports_a_warc_cut_inside_a_record_header(tmp_path: Path, header_bytes: int) -> None:
    whole = warc_bytes(WARC_PAGES, compress=False)
    third = whole.index(b"WARC/1.0", whole.index(b"WARC/1.0", 1) + 1)
    path = tmp_path / "crawl.warc"
    path.write_bytes(whole[: third + header_bytes])
    articles = list(read_inputs([str(path)]))  # warcio raised AttributeError here, which stopped the batch
    assert [article.error for article in articles[:2]] == [None, None]
    assert len(articles) == 3 and articles[2].error is not None
    assert "cut short or corrupt" in articles[2].error


@pytest.mark.parametrize("depth, reported", [(200, False), (300, True), (10_000, True)])
def test_read_inputs_reports_html_nested_past_the_parser_limit(tmp_path: Path, depth: int, reported: bool) -> None:
    path = tmp_path / "page.html"
    path.write_text("<html><body>" + "<div>" * depth + f"<p>{GOOD['good2']}</p>" + "</div>" * depth + "</body></html>")
    [article] = read_inputs([str(path)])
    if reported:
        assert article.error is not None and "nested over 255 levels deep" in article.error
    else:
        assert article.error is None and article.text == GOOD["good2"]


@pytest.mark.parametrize("encoding, fix", [("utf-16-le", "utf-16le"), ("utf-16-be", "utf-16be")])
def test_read_inputs_names_utf16_without_bom(tmp_path: Path, encoding: str, fix: str) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(GOOD["good1"].encode(encoding))
    [article] = read_inputs([str(path)])
    assert article.error is not None
    assert "UTF-16 without a byte-order mark" in article.error and f"iconv -f {fix}" in article.error


@pytest.mark.parametrize("max_bytes", [1_000_000, 20_000_000])
def test_read_inputs_refuses_a_200_mb_article_without_reading_it(tmp_path: Path, max_bytes: int) -> None:
    path = tmp_path / "huge.txt"
    write_huge_article(path, 200_000_000)
    tracemalloc.start()
    try:
        [article] = read_inputs([str(path)], max_bytes=max_bytes)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert article.error is not None and f"larger than max_bytes={max_bytes}" in article.error
    assert peak < 3 * max_bytes, f"peak {peak} bytes: read more than the limit"


@pytest.mark.parametrize("cap", [100_000_000])
def test_read_inputs_stops_a_decompression_bomb_at_the_cap(tmp_path: Path, cap: int) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    write_gzip_bomb(path, 1)
    [article] = read_inputs([str(path)], max_file_bytes=cap, max_expansion=10_000)  # the cap alone
    assert article.error is not None and f"decompresses to more than max_file_bytes={cap}" in article.error


def news_jsonl(count: int, seed: int = 7) -> bytes:
    """Return ``count`` JSONL lines of news-like prose: varied words and numbers, compressing like news (3-5x)."""
    import random

    rng = random.Random(seed)
    vocabulary = (GOOD["good1"] + " " + GOOD["good2"] + " " + " ".join(WARC_PAGES)).replace(",", "").split()
    lines = []
    for number in range(count):
        words = [rng.choice(vocabulary) if rng.random() < 0.8 else str(rng.randrange(100_000)) for _ in range(120)]
        lines.append(json.dumps({"id": f"n{number}", "text": " ".join(words) + "."}))
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("gibibytes", [4])
def test_read_inputs_refuses_a_gzip_bomb_by_its_expansion_with_default_limits(tmp_path: Path, gibibytes: int) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    write_gzip_bomb(path, gibibytes)
    [article] = read_inputs([str(path)])  # 4 GiB is far under the default max_file_bytes of 64 GB
    assert article.error is not None and "expands more than max_expansion=100 times" in article.error


@pytest.mark.parametrize("kind", ["jsonl.zst", "txt.zst", "warc.gz"])
def test_read_inputs_refuses_an_expanding_file_past_the_floor(tmp_path: Path, kind: str) -> None:
    import zstandard

    spaces = b" " * 20_000_000  # zstd packs these 20 MB into under 1 KB, gzip into 20 KB
    path = tmp_path / f"bomb.{kind}"
    path.write_bytes(zstandard.ZstdCompressor().compress(spaces) if kind.endswith("zst") else gzip.compress(spaces))
    [article] = read_inputs([str(path)], max_bytes=50_000_000, expansion_floor=1_000_000)
    assert article.error is not None and "expands more than max_expansion=100 times" in article.error


@pytest.mark.parametrize("compression", ["gz", "zst"])
def test_read_inputs_lets_news_past_the_expansion_floor(tmp_path: Path, compression: str) -> None:
    import zstandard

    data = news_jsonl(3000)
    packed = gzip.compress(data) if compression == "gz" else zstandard.ZstdCompressor(level=9).compress(data)
    assert 2 < len(data) / len(packed) < 10, "the premise: news-like text compresses like news"
    path = tmp_path / f"news.jsonl.{compression}"
    path.write_bytes(packed)
    # With the floor under the file's size the ratio is checked all along: news stays far below it.
    articles = list(read_inputs([str(path)], expansion_floor=100_000))
    assert len(articles) == 3000 and all(article.error is None for article in articles)


def test_read_inputs_refuses_a_parquet_file_that_states_too_great_an_expansion(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as parquet

    path = tmp_path / "rows.parquet"
    texts = [f"{number} " + "protest " * 2000 for number in range(500)]  # 8 MB that zstd packs into a few KB
    parquet.write_table(pa.table({"text": texts}), path, compression="zstd", use_dictionary=False)
    [article] = read_inputs([str(path)], expansion_floor=1_000_000)
    assert article.error is not None and "over max_expansion=100 times" in article.error
    assert len(list(read_inputs([str(path)], expansion_floor=1_000_000, max_expansion=10_000))) == 500


@pytest.mark.parametrize("kind", ["jsonl", "warc"])
@pytest.mark.parametrize("past_second", [1, 5, 30])
def test_read_inputs_reports_a_cut_zst_and_keeps_what_came_before(tmp_path: Path, kind: str, past_second: int) -> None:
    if kind == "jsonl":
        chunks = [(json.dumps({"id": f"z{n}", "text": text}) + "\n").encode() for n, text in enumerate(WARC_PAGES, 1)]
        whole_ids = ["z1", "z2"]
    else:
        chunks = [warc_bytes([text], compress=False) for text in WARC_PAGES]  # one record each
        whole_ids = ["cut:1", "cut:2"]
    data, ends = zstd_in_blocks(chunks)
    path = tmp_path / f"cut.{kind}.zst"
    path.write_bytes(data[: ends[1] + past_second])  # inside the third chunk's block
    articles = list(read_inputs([str(path)]))
    assert [(article.id, article.error) for article in articles[:2]] == [(whole_id, None) for whole_id in whole_ids]
    assert [article.text for article in articles[:2]] == WARC_PAGES[:2]
    # One error for the cut, not a broken third line or a record taken as whole.
    assert [(article.id, article.error) for article in articles[2:]] == [
        ("cut", f"{path}: truncated (incomplete zstd frame); re-download or re-compress it")
    ]


@pytest.mark.parametrize("kept_bytes", [2, 6, 12])
def test_read_inputs_reports_a_zst_cut_before_its_first_line_as_cut_not_empty(tmp_path: Path, kept_bytes: int) -> None:
    data, _ = zstd_in_blocks([b'{"text": "Nurses rallied in Madrid."}\n'])
    path = tmp_path / "cut.jsonl.zst"
    path.write_bytes(data[:kept_bytes])
    [article] = read_inputs([str(path)])
    assert article.error == f"{path}: truncated (incomplete zstd frame); re-download or re-compress it"


def test_read_inputs_reports_a_cut_gz_line_once(tmp_path: Path) -> None:
    data = news_jsonl(400)
    packed = gzip.compress(data)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    articles = list(read_inputs([str(path)]))
    *whole, cut = articles
    assert whole and all(article.error is None for article in whole)
    assert [article.id for article in whole] == [f"n{number}" for number in range(len(whole))]
    assert cut.id == "cut" and cut.error is not None and "corrupt or truncated" in cut.error


@pytest.mark.parametrize(
    "container, limit, divs, reported",
    [
        ("html", 50, 40, False),
        ("html", 50, 60, True),
        ("jsonl", 50, 60, True),
        ("warc", 50, 60, True),
        ("html", 255, 252, False),  # <html>, <body>, 252 divs and the <p>: 255 levels
        ("html", 255, 253, True),
    ],
)
def test_read_inputs_reports_html_nested_past_max_html_depth(
    tmp_path: Path, container: str, limit: int, divs: int, reported: bool
) -> None:
    html = "<html><body>" + "<div>" * divs + f"<p>{GOOD['good2']}</p>" + "</div>" * divs + "</body></html>"
    if container == "html":
        path = tmp_path / "page.html"
        path.write_text(html)
    elif container == "jsonl":
        path = tmp_path / "pages.jsonl"
        path.write_text(json.dumps({"id": "page", "html": html}) + "\n")
    else:
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=False)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            "http://a.org/", "response", payload=io.BytesIO(html.encode()), http_headers=headers
        )
        writer.write_record(record)
        path = tmp_path / "crawl.warc"
        path.write_bytes(buffer.getvalue())
    [article] = read_inputs([str(path)], max_html_depth=limit)
    if reported:
        assert article.error is not None and f"HTML nested over {limit} levels deep" in article.error
    else:
        assert article.error is None and article.text == GOOD["good2"]


@pytest.mark.parametrize("depth", [0, 256, 10_000])
def test_read_inputs_refuses_a_depth_limit_the_parser_cannot_keep(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "page.html"
    path.write_text(f"<html><body><p>{GOOD['good1']}</p></body></html>")
    with pytest.raises(ValueError, match="libxml2, the HTML parser, stops at 255 levels"):
        list(read_inputs([str(path)], max_html_depth=depth))


@pytest.mark.parametrize("depth", ["256", "1000"])
def test_extract_refuses_max_html_depth_above_255_saying_why(tmp_path: Path, depth: str) -> None:
    from click.testing import CliRunner

    from protestwatch.cli import cli

    path = tmp_path / "story.txt"
    path.write_text(GOOD["good1"])
    result = CliRunner().invoke(cli, ["extract", str(path), "--no-store", "--max-html-depth", depth])
    assert result.exit_code == 2
    assert (
        f"Invalid value for '--max-html-depth': max_html_depth={depth} is not between 1 and 255: libxml2, the HTML "
        "parser, stops at 255 levels and drops the rest of a deeper page, so a higher limit cannot be kept"
    ) in " ".join(result.output.split())


def test_extract_limits_defaults_are_the_ingest_defaults() -> None:
    from protestwatch.cli import extract
    from protestwatch.engine import ReadOptions
    from protestwatch.ingest import DEFAULT_MAX_EXPANSION, MAX_HTML_DEPTH

    defaults = {param.name: param.default for param in extract.params}
    assert (defaults["max_expansion"], defaults["max_html_depth"]) == (DEFAULT_MAX_EXPANSION, MAX_HTML_DEPTH)
    assert (ReadOptions().max_expansion, ReadOptions().max_html_depth) == (DEFAULT_MAX_EXPANSION, MAX_HTML_DEPTH)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.mark.parametrize("max_seconds", [0.5])
def test_extractor_stops_an_article_past_max_seconds_and_goes_on(extractor: Extractor, max_seconds: float) -> None:
    limited = Extractor(nlp=extractor.nlp, gazetteer=extractor.gazetteer, max_seconds=max_seconds)
    slow = Article(id="slow", text=PROTEST_SENTENCE * 20_000)
    result = limited.extract(slow)
    assert result.article.error == (
        f"extraction took more than max_seconds={max_seconds:g}; split the article or raise the limit"
    )
    assert result.events == ()
    # The interrupted extraction leaves nothing behind: the next article comes out as it does unlimited.
    good = Article(id="good1", text=GOOD["good1"])
    assert limited.extract(good).to_dict() == extractor.extract(good).to_dict()


def test_extract_max_seconds_default_is_the_pipeline_default() -> None:
    from protestwatch.cli import extract

    [option] = [param for param in extract.params if param.name == "max_seconds"]
    assert option.default == DEFAULT_MAX_SECONDS


# -- SQL injection through the filters of `protestwatch events` -------------------------------------------

INJECTIONS = [
    "' OR '1'='1",
    "1; DROP TABLE events; --",
    "%' UNION SELECT name, password_hash, 1, 1 FROM users --",
    "Robert'); DROP TABLE users;--",
    'NEAR(a b) OR * : ^ "',
    "\x00",
    "1,2,3,4); DELETE FROM articles; --",
]
EVENT_FILTERS = ["--country", "--organizer", "--text", "--from", "--to", "--near", "--bbox", "--form", "--status",
                 "--review", "--min-confidence", "--sort", "--limit", "--offset"]  # fmt: skip


def store_fingerprint(db: Path) -> tuple[object, ...]:
    """Return the tables and the row count of each: what an injected statement would change."""
    with sqlite3.connect(db) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return tuple((table, connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]) for table in tables)


@pytest.mark.parametrize("option", EVENT_FILTERS)
def test_events_filters_take_injection_strings_as_values(tmp_path: Path, extractor: Extractor, option: str) -> None:
    from click.testing import CliRunner

    from protestwatch.auth import hash_password
    from protestwatch.cli import cli
    from protestwatch.store import open_store

    db = tmp_path / "store.db"
    with open_store(str(db)) as store:
        for article_id, text in GOOD.items():
            store.add(extractor.extract(Article(id=article_id, text=text)))
        store.add_user("ada", hash_password("admin-pass-1"), "admin")
    before = store_fingerprint(db)
    runner = CliRunner()
    for payload in INJECTIONS:
        result = runner.invoke(cli, ["events", option, payload, "--db", str(db), "--format", "jsonl"])
        # 0: a filter that matches nothing; 1 or 2: the value refused with a message. Never a traceback.
        assert result.exit_code in (0, 1, 2), (payload, result.output, result.exception)
        assert result.exception is None or isinstance(result.exception, SystemExit), (payload, result.exception)
        if result.exit_code == 0:
            assert all(json.loads(line)["id"] for line in result.stdout.splitlines()), "only event records come out"
            assert "argon2" not in result.output
    assert store_fingerprint(db) == before
