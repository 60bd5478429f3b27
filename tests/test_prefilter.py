"""Tests of the cheap tests before slow patterns: required_stems and may_match keep every match."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protestwatch import arguments, link, sizes
from protestwatch.prefilter import may_match, required_stems


@pytest.mark.parametrize(
    "pattern, flags, stems",
    [
        (r"protest|rally", re.IGNORECASE, ("protest", "rally")),
        (r"march(?:es|ed)?\s+on", 0, ("march",)),  # the longest part a match must hold
        (r"(?:very )?big", 0, ("big",)),  # an optional part gives none
        (r"(?<!not )held", 0, ("held",)),  # nor does a lookaround
        (r"(?=abc)x", 0, ("x",)),
        (r"\d+|dozens", 0, ()),  # a branch without a literal: no stem holds for every match
        (r"arrest|arrested", 0, ("arrest",)),  # a stem holding another is dropped
        (r"(?-i:[A-Z])(?-i:Police)", re.IGNORECASE, ("police",)),  # stems are lower case, whatever the flags
        (r"(?:ab)+c?", 0, ("ab",)),
        (r"[s]tr[i]ke", 0, ("strike",)),  # a class of one character is that character
        (r"caf[eé]|Zürich", 0, ("caf", "rich")),  # stems are ASCII
    ],
)
def test_required_stems_reads_the_literals_every_match_holds(pattern, flags, stems):
    assert required_stems(re.compile(pattern, flags)) == stems


@pytest.mark.parametrize(
    "text, start, end, expected",
    [
        ("Police killed two.", 0, None, True),
        ("POLICE KILLED TWO.", 0, None, True),
        ("Police \u212aILLED two.", 0, None, True),  # "K" (Kelvin) is "k" to re.IGNORECASE
        ("Police arrested two.", 0, None, False),
        ("They killed two. Police arrested one.", 17, None, False),  # only the window counts
        ("They killed two. Police arrested one.", 0, 16, True),
    ],
)
def test_may_match_looks_for_stems_in_the_window(text, start, end, expected):
    pattern = re.compile(r"\bkill(?:ed|ing)\b", re.IGNORECASE)
    assert may_match(pattern, text, start, end) is expected
    if not expected:
        assert pattern.search(text, start, len(text) if end is None else end) is None


def test_may_match_without_stems_is_always_true():
    assert may_match(re.compile(r"\d+"), "no digits here")


# Patterns the stages test with may_match; texts they match are built once (building one per example is slow).
GATED = {
    "sizes._VIOLENCE": sizes._VIOLENCE,
    "sizes._POLICE_ACTION": sizes._POLICE_ACTION,
    "sizes._NUMBER_WORDS": sizes._NUMBER_WORDS,
    "link.CAMPAIGN_PHRASE": link.CAMPAIGN_PHRASE,
    "arguments.ORGANISATION_WORD": arguments.ORGANISATION_WORD,
    "arguments.ORGANIZED_BY": arguments.ORGANIZED_BY,
    "arguments.LED_PREFIX": arguments.LED_PREFIX,
    "arguments.NAMED_MEMBERS": arguments.NAMED_MEMBERS,
    "arguments.NAMED_FOLLOWERS": arguments.NAMED_FOLLOWERS,
}
MATCHED_TEXTS = {name: st.from_regex(pattern) for name, pattern in GATED.items()}


@pytest.mark.parametrize("name", sorted(GATED))
@given(data=st.data())
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_may_match_keeps_every_text_a_stage_pattern_matches(name, data):
    # Texts come from the pattern itself, in any case ("ſ", "K", "İ"): a stem missing from one would lose a match.
    text = data.draw(MATCHED_TEXTS[name])
    assert may_match(GATED[name], text), text


# Small patterns of every kind the stems are read from: literals (some matched in any case by other characters),
# classes, lookarounds, case flags, groups, alternations and repeats.
ATOMS = st.sampled_from(
    ["a", "b", "ab", "k", "K", "s", "i", "é", r"\d", r"\s", "[xy]", "[z]", ".", r"\b", "(?=a)", "(?<!b)", "(?i:c)",
     "(?-i:D)", "ss"]
)  # fmt: skip
PATTERNS = st.recursive(
    ATOMS,
    lambda inner: st.one_of(
        st.tuples(inner, inner).map("".join),
        st.tuples(inner, inner).map(lambda pair: f"(?:{pair[0]}|{pair[1]})"),
        inner.map(lambda part: f"(?:{part})?"),
        inner.map(lambda part: f"(?:{part})+"),
        inner.map(lambda part: f"(?:{part})*"),
        inner.map(lambda part: f"(?:{part}){{2,3}}"),
    ),
    max_leaves=8,
)


@given(pattern=PATTERNS, flags=st.sampled_from([0, re.IGNORECASE]), data=st.data())
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
def test_required_stems_are_in_every_match_of_any_pattern(pattern, flags, data):
    compiled = re.compile(pattern, flags)
    text = data.draw(st.from_regex(compiled))
    assert may_match(compiled, text), (pattern, text, required_stems(compiled))
