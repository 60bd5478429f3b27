"""Name keys: how a written place name is normalised for lookup ("Münster" -> "munster")."""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"[^\W\d_]+")

_FOLD_EXTRA = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "ı": "i",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "ð": "d",
    }
)


def fold(text: str) -> str:
    """Strip accents so "Münster" and "Munster" share a key."""
    if text.isascii():
        return text  # nothing to strip; most words are ASCII, and find() folds every word of an article (issue 8)
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def name_key(name: str) -> str:
    """Return the lookup key of a name: folded, lower-cased words joined by single spaces."""
    return " ".join(word.lower() for word in WORD.findall(fold(name)))


_ASPIRATE_H = re.compile(r"(?<=[bcdgjkpstr])h")
_DOUBLED = re.compile(r"(.)\1+")


def spelling_key(key: str) -> str:
    """Return the transliteration skeleton of a name key, shared by its common romanisations.

    Spaces, an "h" after a consonant and doubled letters go; "y" is "i", "w" is "v" and "ou" is "au":
    "Bhatinda" and "Bathinda", "Chikballapur" and "Chik Ballapur", "Baramulla" and "Baramula", "Sangareddy" and
    "Sangareddi" share one. Other vowels stay, so "Rampur" and "Rempur" do not.
    """
    compact = key.replace(" ", "").replace("ou", "au").replace("y", "i").replace("w", "v")
    return _DOUBLED.sub(r"\1", _ASPIRATE_H.sub("", compact))


def is_latin(name: str) -> bool:
    return all(ord(char) < 0x250 or unicodedata.combining(char) for char in name)


def edit_distance_at_most_one(first: str, second: str) -> bool:
    if first == second:
        return True
    if abs(len(first) - len(second)) > 1:
        return False
    if len(first) > len(second):
        first, second = second, first
    for index, (a, b) in enumerate(zip(first, second, strict=False)):
        if a != b:
            if len(first) == len(second):
                return first[index + 1 :] == second[index + 1 :]
            return first[index:] == second[index + 1 :]
    return True


def sentence_initial(text: str, offset: int) -> bool:
    before = text[:offset].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?:\n"


def deletions(word: str) -> set[str]:
    """Return the word and every variant with one letter deleted (the keys of the typo index)."""
    return {word[:index] + word[index + 1 :] for index in range(len(word))} | {word}
