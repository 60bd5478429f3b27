"""The store's commands (`protestwatch events`, `protestwatch db`) and `protestwatch.events` over real stores."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import protestwatch
from protestwatch.cli import cli
from protestwatch.store import MIGRATIONS, Store
from protestwatch.store.records import event_id_for
from test_store import filter_corpus, mention, report


@pytest.fixture
def filled(store_target: str) -> str:
    """A store on each backend with four occurred events, one planned, and one report merged into the first."""
    with Store(store_target) as store:
        for result in filter_corpus():
            store.add(result)
        store.add(report("again", mention("again", size=(100, 200)), outlet="lesoir.be"))
    return store_target


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "options, expected",
    [
        ([], ["brussels1", "paris", "antwerp", "brussels2"]),
        (["--all-statuses"], ["brussels1", "paris", "antwerp", "brussels2", "planned"]),
        (["--country", "BE", "--from", "2021-10-01"], ["antwerp", "brussels2"]),
        (["--near", "48.85,2.35,5"], ["paris"]),
        (["--bbox", "4,50,5,52", "--form", "march"], ["brussels2"]),
        (["--organizer", "ncri", "--text", "Raisi"], ["brussels1"]),
        (["--status", "planned"], ["planned"]),
        (["--sort", "-size", "--limit", "2"], ["paris", "brussels2"]),
    ],
)
def test_cli_events_filters_as_jsonl(filled: str, options: list[str], expected: list[str]) -> None:
    code, out, err = invoke("events", "--db", filled, "--format", "jsonl", *options)
    assert code == 0, err
    events = [json.loads(line) for line in out.splitlines()]
    assert [event["mentions"][0].split("#")[0] for event in events] == expected
    assert err.strip() == f"{len(expected)} events"


@pytest.mark.parametrize("output_format", ["csv", "acled", "ccc"])
def test_cli_events_csv_formats(filled: str, output_format: str) -> None:
    code, out, _ = invoke("events", "--db", filled, "--format", output_format, "--country", "BE")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 3
    first = rows[0]
    assert (first.get("source") or first.get("source_2")) in (
        "brussels1.example; lesoir.be",
        "https://lesoir.be/news/again",
    )


@pytest.mark.parametrize("output_format, suffix", [("parquet", ".parquet"), ("geojson", ".geojson")])
def test_cli_events_to_a_file(filled: str, tmp_path: Path, output_format: str, suffix: str) -> None:
    target = tmp_path / f"events{suffix}"
    code, _, err = invoke("events", "--db", filled, "--format", output_format, "-o", str(target))
    assert code == 0 and err.strip() == f"4 events written to {target}"
    if output_format == "parquet":
        import pyarrow.parquet as pq

        assert pq.read_table(target).num_rows == 4
    else:
        assert len(json.loads(target.read_text())["features"]) == 4
    code, _, err = invoke("events", "--db", filled, "--format", output_format, "-o", str(target))
    assert code == 1 and "exists; pass --force" in err


@pytest.mark.parametrize(
    "options, message",
    [
        (["--near", "50.8,4.3"], "'50.8,4.3' is not 3 comma-separated numbers; write LAT,LON,KM"),
        (["--bbox", "a,b,c,d"], "is not 4 comma-separated numbers"),
        (["--from", "21/09/2021"], "is not a date; write it as YYYY-MM-DD"),
        (["--sort", "place"], "Cannot sort by 'place'"),
        (["--status", "planned", "--all-statuses"], "--status and --all-statuses exclude each other"),
    ],
)
def test_cli_events_bad_options(filled: str, options: list[str], message: str) -> None:
    code, _, err = invoke("events", "--db", filled, *options)
    assert code in (1, 2) and message in err


@pytest.mark.parametrize("who", ["coder7"])
def test_cli_events_show_undo_merge_split_log(filled: str, who: str) -> None:
    first = event_id_for("brussels1#1")
    code, out, _ = invoke("events", "show", first, "--db", filled)
    shown = json.loads(out)
    assert code == 0 and [item["id"] for item in shown["mentions"]] == ["brussels1#1", "again#1"]
    code, out, _ = invoke("events", "undo", "--db", filled, "--who", who)
    assert (code, out.split()) == (0, [event_id_for("again#1")])
    code, out, _ = invoke("events", "merge", first, event_id_for("again#1"), "--db", filled, "--who", who,
                          "--reason", "one rally")  # fmt: skip
    assert (code, out.strip()) == (0, first)
    code, out, _ = invoke("events", "split", first, "again#1", "--db", filled, "--who", who)
    assert (code, out.strip()) == (0, event_id_for("again#1"))
    code, _, _ = invoke("events", "review", first, "accepted", "--db", filled, "--who", who)
    assert code == 0
    code, out, _ = invoke("events", "log", first, "--db", filled)
    actions = [line.split("\t")[2:4] for line in out.splitlines()]
    assert actions == [["ingest", "merge"], [who, "split"], [who, "merge"], [who, "split"], [who, "review"]]
    code, out, _ = invoke("events", "log", first, "--db", filled, "--json", "--limit", "1")
    assert json.loads(out)["after"] == {"review": "accepted"}


@pytest.mark.parametrize(
    "args, message",
    [
        (["events", "show", "E404"], "No event 'E404'"),
        (["events", "split", "E404", "x#1"], "No event 'E404'"),
        (["events", "merge", "E404"], "at least two different event ids"),
    ],
)
def test_cli_events_errors_are_clean(filled: str, args: list[str], message: str) -> None:
    code, _, err = invoke(*args, "--db", filled)
    assert code == 1 and message in err and "Traceback" not in err


@pytest.mark.parametrize("name", ["backup.db", "backup.jsonl.gz"])
def test_cli_db_backup_and_restore(filled: str, tmp_path: Path, name: str) -> None:
    backup = tmp_path / name
    assert invoke("db", "backup", str(backup), "--db", filled)[0] == 0
    restored = tmp_path / "restored.db"
    code, _, err = invoke("db", "restore", str(backup), "--db", str(restored))
    assert code == 0, err
    listing = [
        invoke("events", "--db", target, "--format", "jsonl", "--all-statuses")[1] for target in (filled, str(restored))
    ]
    assert listing[0] == listing[1] and listing[0].count("\n") == 5
    code, out, _ = invoke("db", "info", "--db", str(restored))
    assert f"schema_version\t{MIGRATIONS[-1].version}" in out and "events\t5" in out
    code, _, err = invoke("db", "restore", str(backup), "--db", str(restored))
    assert code == 1 and "not empty" in err


@pytest.mark.parametrize(
    "filters, expected", [({}, 4), ({"country": "BE", "date_from": "2021-10-01"}, 2), ({"status": None}, 5)]
)
def test_api_events_returns_a_dataframe(filled: str, filters: dict[str, object], expected: int) -> None:
    from protestwatch.export import EVENT_COLUMNS

    frame = protestwatch.events(filled, **filters)
    assert tuple(frame.columns) == EVENT_COLUMNS
    assert len(frame) == expected
    assert frame["event_date"].tolist() == sorted(frame["event_date"].tolist())
    page = protestwatch.events(filled, limit=1, sort="-size")
    assert page["location"].tolist() == ["Paris"]
    with pytest.raises(TypeError, match="Unknown event filter"):
        protestwatch.events(filled, city="Brussels")


README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.parametrize(
    "command",
    ["events", "events show", "events split", "events merge", "events undo", "events review", "events log",
     "db", "db info", "db backup", "db restore"],
)  # fmt: skip
def test_cli_store_commands_have_help_and_are_in_readme(command: str) -> None:
    result = CliRunner().invoke(cli, [*command.split(), "--help"])
    assert result.exit_code == 0
    if command != "db":
        assert "Example:" in result.output
    assert f"protestwatch {command}" in README.read_text(encoding="utf-8")
