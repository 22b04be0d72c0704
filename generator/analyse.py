"""Run spaCy over cleaned bodies: sentences and entity mentions, as plain data.

spaCy is the cost floor of a build, so only the components we read are
loaded: ``tok2vec`` and ``ner`` for entities, ``senter`` for sentences
(far cheaper than the parser). Results leave this module as ``Analysis``
records, never as ``Doc`` objects, so they can be cached as JSON and sent
between processes cheaply. Each mention leaves with the project's own type
(``models.Kind``), never the model's label: this module is the one that knows
spaCy's (OntoNotes) label set.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from functools import lru_cache
from typing import Callable, Iterable, Iterator

from .executor import SERIAL, Executor
from .models import Analysis, Kind, Mention

UNUSED_PIPES = ("tagger", "parser", "attribute_ruler", "lemmatizer")
CHUNK_CHARS = 50_000
BATCH_SIZE = 64
KINDS = {  # the model's (OntoNotes) entity labels -> the project's types; any other label is Kind.OTHER
    "PERSON": Kind.PERSON, "ORG": Kind.ORGANISATION, "GPE": Kind.PLACE, "LOC": Kind.REGION, "FAC": Kind.FACILITY,
    "NORP": Kind.GROUP, "EVENT": Kind.EVENT, "PRODUCT": Kind.PRODUCT, "WORK_OF_ART": Kind.WORK, "LAW": Kind.LAW,
    "LANGUAGE": Kind.LANGUAGE, "DATE": Kind.DATE, "TIME": Kind.TIME, "CARDINAL": Kind.COUNT, "PERCENT": Kind.PERCENT,
    "QUANTITY": Kind.QUANTITY, "MONEY": Kind.MONEY, "ORDINAL": Kind.ORDINAL,
}


Analyser = Callable[[list[tuple[str, str]]], list[tuple[str, Analysis]]]


class ModelError(Exception):
    """The spaCy model package is not installed or cannot be loaded."""


@lru_cache(maxsize=2)
def load_nlp(model: str):
    """Load ``model`` once per process with only the pipes we need."""
    import spacy

    try:
        nlp = spacy.load(model, exclude=list(UNUSED_PIPES))
    except OSError as exc:
        raise ModelError(
            f"spaCy model {model!r} is not installed; install the pinned requirements "
            f"(pip install -r requirements.txt). Nothing is downloaded at run time."
        ) from exc
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    if "senter" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    return nlp


@lru_cache(maxsize=4)
def model_version(model: str) -> str:
    """Name and version of the model, for cache keys.

    Read from the package's ``meta.json`` without loading the pipeline, so a
    rebuild with nothing new to analyse never pays for loading spaCy.
    """
    import spacy

    try:
        meta = spacy.util.load_meta(spacy.util.get_package_path(model) / "meta.json")
    except (OSError, ValueError, ModuleNotFoundError):
        meta = load_nlp(model).meta  # not an installed package (a path): load it, which also checks it exists
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"


def kind_of(label: str) -> str:
    """The project's type (``models.Kind``) for one of the model's entity labels."""
    return KINDS.get(label, Kind.OTHER)


def analyse(texts: Iterable[tuple[str, str]], model: str, executor: Executor = SERIAL) -> Iterator[tuple[str, Analysis]]:
    """Analyse ``(key, text)`` pairs, yielding ``(key, Analysis)`` in input order.

    Args:
        texts: cleaned bodies with a key each (an article id or cache key).
        model: the installed spaCy model package name.
        executor: the worker processes, each loading the model once; by default this process.
    """
    items = list(texts)
    if not items:
        return  # nothing new: a rebuild does not even load spaCy
    if not executor.fans_out("analyse", len(items)):
        yield from _analyse_batch(items, model)
        return
    batches = executor.chunks(items, per_worker=8, least=BATCH_SIZE)
    for result in executor.map(analyse_batch, batches, model, load_nlp, (model,), stage="analyse"):
        yield from result


@contextmanager
def model_loaded_ahead(model: str, executor: Executor) -> Iterator[Analyser | None]:
    """Start loading ``model`` in a worker process; yield a function analysing a few ``(key, text)`` pairs there.

    A rebuild after one new article spent a third of a second loading the
    model once the archive was read; loaded in a forked process meanwhile,
    it is ready when the new articles are known. With one worker, or where
    the executor analyses elsewhere, nothing starts and None is yielded.
    """
    if executor.workers == 1 or executor.remote:
        yield None
        return
    with executor.pool(1, initializer=_load_ahead, initargs=(model,)) as worker:
        worker.submit(int)  # start the process (and the loading) now, not with the first text
        yield lambda items: worker.submit(_analysed, items, model).result()


def _load_ahead(model: str) -> None:
    """Load the model now. If it cannot be, the error comes back with the first texts (``analyse`` loads it
    again and raises ``ModelError``): raised here, it would only break the pool."""
    try:
        load_nlp(model)
    except Exception:  # noqa: BLE001 (raised again, with its message, where the caller sees it)
        pass


def _analysed(items: list[tuple[str, str]], model: str) -> list[tuple[str, Analysis]]:
    return list(analyse(items, model))


def analyse_batch(items: list[tuple[str, str]], model: str) -> list[tuple[str, Analysis]]:
    """One batch's analyses, in order (what a worker runs)."""
    return list(_analyse_batch(items, model))


def _analyse_batch(items: list[tuple[str, str]], model: str) -> Iterator[tuple[str, Analysis]]:
    nlp = load_nlp(model)
    chunks = [(chunk, (index, offset)) for index, (_, text) in enumerate(items) for offset, chunk in _chunks(text)]
    results: list[Analysis] = [Analysis(sentences=[], mentions=[]) for _ in items]
    for doc, (index, offset) in nlp.pipe(chunks, as_tuples=True, batch_size=BATCH_SIZE):
        target = results[index]
        for sent in doc.sents:
            target.sentences.extend((start + offset, end + offset) for start, end in split_lines(doc.text, sent.start_char, sent.end_char))
        target.mentions.extend(
            Mention(e.text, e.start_char + offset, e.end_char + offset, kind_of(e.label_)) for e in doc.ents
        )
    for (key, text), analysis in zip(items, results):
        analysis.sentences = join_split_quotes(text, analysis.sentences)
        yield key, analysis


def join_split_quotes(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Rejoin a quotation the splitter cut in two (``“A. B,” he said``) into one sentence."""
    joined: list[tuple[int, int]] = []
    for start, end in sentences:
        if joined:
            prev_start, prev_end = joined[-1]
            previous = text[prev_start:prev_end]
            same_paragraph = "\n" not in text[prev_end:start]
            if same_paragraph and previous.count("“") > previous.count("”") and text[start:end].count("”") > text[start:end].count("“"):
                joined[-1] = (prev_start, end)
                continue
        joined.append((start, end))
    return joined


def split_lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split a sentence span at line breaks and trim it: sentences never cross paragraphs.

    The statistical sentence splitter sometimes runs on across a paragraph
    break; cleaned bodies have one paragraph a line, so a break always ends one.
    """
    for match in re.finditer(r"[^\n]+", text[start:end]):
        piece = match.group(0)
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            yield start + match.start() + left, start + match.start() + right


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Split very long texts at paragraph breaks so spaCy's length limit never bites."""
    if len(text) <= CHUNK_CHARS:
        yield 0, text
        return
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            cut = text.rfind("\n\n", start, end)
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut if cut > start else end
        yield start, text[start:end]
        start = end


def to_dict(analysis: Analysis) -> dict:
    """Analysis as JSON-ready data (for the cache)."""
    return {
        "sentences": [list(s) for s in analysis.sentences],
        "mentions": [[m.text, m.start, m.end, m.label] for m in analysis.mentions],
    }


def from_dict(data: dict) -> Analysis:
    """Analysis back from ``to_dict`` data."""
    return Analysis(
        sentences=[tuple(s) for s in data["sentences"]],
        mentions=[Mention(*m) for m in data["mentions"]],
    )
