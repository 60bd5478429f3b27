"""Cheap tests before slow regular expressions: the words every match of a pattern holds (pattern -> stems)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

try:  # Python 3.11+
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

from .text import caseless

# Patterns whose stems are kept: the module-level constants of the stages number a few hundred.
STEMS_CACHE_SIZE = 1024
# id(pattern) -> (pattern, its stems). Keyed by identity: hashing a compiled pattern hashes its whole program, ~40 us
# for the longest alternations, more than the look-ups save.
_STEMS: dict[int, tuple[re.Pattern[str], tuple[str, ...]]] = {}


def required_stems(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Return lower-case strings one of which every match of ``pattern`` holds, as caseless() writes it; () if none.

    Read from the pattern's syntax tree: a run of literal characters is a stem; an alternation gives the stems of
    all its branches, a group or a part repeated at least once its own. Of the parts a match must hold, the one whose
    shortest stem is longest is chosen. Lookarounds, character classes and optional parts give none. Stems are ASCII:
    caseless() maps every character that re.IGNORECASE matches to an ASCII letter onto that letter, so a stem is
    found however the text writes it ("ſ", "K"). A stem holding another is dropped: the shorter one decides alone.
    """
    known = _STEMS.get(id(pattern))
    if known is not None and known[0] is pattern:
        return known[1]
    if len(_STEMS) >= STEMS_CACHE_SIZE:
        _STEMS.clear()
    stems = _read_stems(pattern)
    _STEMS[id(pattern)] = (pattern, stems)
    return stems


def may_match(pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None) -> bool:
    """Tell whether ``pattern`` may match inside text[start:end]: False when the window holds none of its stems.

    A few `in` look-ups cost a tenth of a search for a long alternation of words, which most sentences hold none
    of (issue 8). True means "maybe": the pattern decides.
    """
    stems = required_stems(pattern)
    if not stems:
        return True
    lowered = _caseless_window(text, start, len(text) if end is None else end)
    return any(stem in lowered for stem in stems)


def _read_stems(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Return required_stems(pattern), read afresh."""
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
    except (re.error, TypeError, ValueError):
        return ()
    stems = _stems(list(tree))
    if not stems:
        return ()
    return tuple(sorted(stem for stem in stems if not any(other != stem and other in stem for other in stems)))


@lru_cache(maxsize=8)
def _caseless_window(text: str, start: int, end: int) -> str:
    """Return caseless(text[start:end]); kept for the next patterns that test the same sentence."""
    return caseless(text[start:end])


def _stems(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """Return stems one of which every match of a sequence of syntax-tree items holds, or None if none is known."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []  # literal characters in a row: one stem

    def end_run() -> None:
        if run:
            candidates.append(frozenset({"".join(run)}))
            run.clear()

    for operator, argument in items:
        literal = _literal(operator, argument)
        if literal is not None:
            run.append(literal)
            continue
        end_run()
        found: frozenset[str] | None = None
        if operator is sre_constants.SUBPATTERN:
            found = _stems(list(argument[-1]))
        elif operator is sre_constants.BRANCH:
            branches = [_stems(list(branch)) for branch in argument[1]]
            if all(branches):
                found = frozenset().union(*branches)  # type: ignore[arg-type]
        elif operator in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and argument[0] >= 1:
            found = _stems(list(argument[2]))
        if found:
            candidates.append(found)
    end_run()
    return max(candidates, key=lambda stems: (min(map(len, stems)), -len(stems)), default=None)


def _literal(operator: Any, argument: Any) -> str | None:
    """Return the lower-cased ASCII character an item stands for (a literal or a class of one), else None."""
    if operator is sre_constants.IN and len(argument) == 1:
        operator, argument = argument[0]
    if operator is sre_constants.LITERAL and chr(argument).isascii():
        return chr(argument).lower()
    return None
