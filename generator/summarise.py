"""Summary and key points, picked from the article's own sentences; the briefing record.

Nothing is invented: summary sentences are verbatim sentences of the
cleaned body, in their original order. They are chosen by three signals
that each catch what the others miss: position (news puts the point first),
centrality (TextRank over word overlap between sentences) and entity
salience (sentences about the article's most-mentioned names).
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter

import numpy as np

from . import results as results_module
from . import wire
from .dates import find_dates
from .executor import SERIAL, Executor
from .figures import find_figures
from .headline import make_headline, recase_title
from .models import Analysis, Briefing, CleanArticle, Kind
from .quotes import find_quotes
from .stop_words import STOP_WORDS

WORDS_PER_MINUTE = 230
MAX_CANDIDATES = 200
WEIGHTS = (0.15, 0.7, 0.15)  # position, centrality, salience; tuned with bench/summary_eval.py
LEAD_BONUS = 0.5  # added to the first usable sentence's position score: news puts the point first
ENTITY_LABELS = {Kind.PERSON, Kind.ORGANISATION, Kind.PLACE, Kind.REGION, Kind.GROUP, Kind.FACILITY, Kind.EVENT}
SPEECH_VERBS = r"(?:said|says|say|told|tells|added|adds|according|asked|stated|wrote|warned|insisted|argued)"
WORD = re.compile(r"[^\W_][\w'’-]*")
QUOTES_OPEN = ("“", '"', "‘", "'")
OUTLETS = {"AP": "AP", "Associated Press": "AP", "The Associated Press": "AP", "Reuters": "Reuters", "AFP": "AFP",
           "Agence France-Presse": "AFP", "Bloomberg": "Bloomberg", "PA": "PA", "PA Media": "PA", "UPI": "UPI"}
OUTLET_NAMES = "|".join(sorted((re.escape(k) for k in OUTLETS), key=len, reverse=True))
SELF_REFERENCE = re.compile(
    rf"\b(?:(?P<a>{OUTLET_NAMES}) (?:was able|could|has (?:seen|obtained|confirmed)|reporters?|journalists?|correspondents?)"
    rf"|(?:told|according to|journalists from|reporters from|seen by|confirmed to) (?P<b>{OUTLET_NAMES})\b)"
)
DANGLING_START = re.compile(
    r"^(?:He|She|They|It|This|These|Those|That|His|Her|Their|Its|But|However|Also|And|Yet|Still|Meanwhile|"
    r"Instead|Such|The (?:company|firm|group|bank|official|spokesman|spokeswoman|source|sources)\b(?! of))\b"
    r"|^[A-Z][\w’' -]{0,30}, (?:he|she|they|it|his|her|their|its)\b"
)
PRONOUN_SPEAKER = re.compile(r"(?:[”\"’'],?|,)\s+(?:he|she|they|it)\s+(?:said|added|says|told|warned|continued)\b")


def summarise_many(pairs: list[tuple[CleanArticle, Analysis]], settings: tuple[int, int, int],
                   executor: Executor = SERIAL) -> list[Briefing]:
    """``summarise`` each (article, analysis) pair, in order, across the executor's workers.

    Summarising costs about 2 ms an article, a minute of one core at 20,000,
    so a large batch is split across processes like spaCy's work is.
    ``settings`` is (summary_sentences, summary_words, key_points).
    """
    if not executor.fans_out("summarise", len(pairs)):
        return summarise_batch(pairs, settings)
    return [b for batch in executor.map(summarise_batch, executor.chunks(pairs, per_worker=4), settings,
                                                   stage="summarise") for b in batch]


def summarise_batch(pairs: list[tuple[CleanArticle, Analysis]], settings: tuple[int, int, int]) -> list[Briefing]:
    """One batch's briefings, in order (what a worker runs)."""
    return [summarise(clean, analysis, *settings) for clean, analysis in pairs]


def summarise(clean: CleanArticle, analysis: Analysis, summary_sentences: int = 3, summary_words: int = 75,
              key_points: int = 5) -> Briefing:
    """Build the briefing record for one cleaned, analysed article.

    Args:
        clean: the cleaned article.
        analysis: spaCy's sentences and mentions for ``clean.text``.
        summary_sentences: at most this many summary sentences.
        summary_words: the summary stops before passing this many words.
        key_points: at most this many key points.
    """
    article = clean.article
    text = clean.text
    sentences = [text[s:e].strip() for s, e in analysis.sentences if text[s:e].strip()]
    summary_idx, point_idx = select_sentences(text, analysis, summary_sentences, summary_words, key_points)
    words = len(WORD.findall(text))
    source = article.source or detect_source(clean)
    title, generated = recase_title(article.title or "", text), False
    if not title:  # none given, or only ticker codes (``<AAA.N>``), which re-casing drops
        title, generated = make_headline(sentences, analysis, text), True
    results = results_module.find_results(clean.paragraphs, article.title)
    summary = [sentences[i] for i in summary_idx]
    if results and results_module.leads(clean.paragraphs):
        written = results_module.sentence(results, title)
        summary = [written] if written else []
    title_tickers: list = []
    wire.unwrap(article.title or "", title_tickers)
    return Briefing(
        id=article.id,
        date=article.date,
        title=title,
        title_generated=generated,
        text=text,
        paragraphs=list(clean.paragraphs),
        sentences=list(analysis.sentences),
        mentions=list(analysis.mentions),
        summary=summary,
        key_points=[sentences[i] for i in point_idx],
        word_count=words,
        reading_minutes=max(1, math.ceil(words / WORDS_PER_MINUTE)),
        origin=article.origin,
        captions=list(clean.captions),
        source=source,
        url=article.url,
        author=article.author,
        dateline=clean.dateline,
        quotes=find_quotes(text, list(analysis.sentences), list(analysis.mentions)),
        figures=find_figures(text, list(analysis.sentences), list(analysis.mentions)),
        dates=find_dates(text, list(analysis.sentences), list(analysis.mentions), article.date),
        source_detected=not article.source and source is not None,
        tickers=wire.unique([*clean.tickers, *wire.named_as_in(title_tickers, title)]),
        results=results,
    )


def detect_source(clean: CleanArticle) -> str | None:
    """The outlet behind an article without a source: its photo credits, dateline credit or self-references.

    Photo credits count first (``(AP)`` under most pictures), then a wire credit in
    the raw dateline (``KYIV (Reuters) -``), then the body naming its own
    reporters (``Reuters was able to reach``, ``journalists from The Associated Press``).
    """
    votes: Counter = Counter()
    for caption in clean.captions:
        if caption.credit:
            for part in re.split(r"\s*(?:/|via|and)\s*", caption.credit):
                if part in OUTLETS:
                    votes[OUTLETS[part]] += 2
    raw_start = clean.article.text[:400]
    credit = re.search(rf"\((?P<o>{OUTLET_NAMES})\)\s*[-–—]", raw_start)
    if credit:
        votes[OUTLETS[credit["o"]]] += 3
    for match in SELF_REFERENCE.finditer(clean.text):
        name = match["a"] or match["b"]
        votes[OUTLETS[name]] += 1
    if not votes:
        return None
    return sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def select_sentences(text: str, analysis: Analysis, max_sentences: int, max_words: int,
                     max_points: int) -> tuple[list[int], list[int]]:
    """Pick summary and key-point sentences; return their indexes in text order."""
    spans = [(s, e) for s, e in analysis.sentences if text[s:e].strip()]
    sentences = [text[s:e].strip() for s, e in spans]
    n = min(len(sentences), MAX_CANDIDATES)
    if n == 0:
        return [], []
    bags = [_content_words(s) for s in sentences[:n]]
    centrality = _textrank(bags)
    salience = _entity_salience(spans[:n], analysis)
    scores = []
    first = next((i for i in range(n) if _usable(sentences[i], i) and not _dangling(sentences[i])), -1)
    for i in range(n):
        position = 1.0 / math.sqrt(1 + i) + (LEAD_BONUS if i == first else 0.0)
        score = WEIGHTS[0] * position + WEIGHTS[1] * centrality[i] + WEIGHTS[2] * salience[i]
        if not _usable(sentences[i], i):
            score -= 10
        scores.append(score)
    order = sorted(range(n), key=lambda i: (-scores[i], i))
    summary: list[int] = []
    used_words = 0
    for i in order:
        if len(summary) >= max_sentences or scores[i] < -5:
            break
        length = len(sentences[i].split())
        if used_words + length > max_words and summary:
            continue
        if length > max_words and not summary and any(len(sentences[j].split()) <= max_words for j in order[:5]):
            continue
        if any(_overlap(bags[i], bags[j]) > 0.6 for j in summary):
            continue
        if _dangling(sentences[i]) and i - 1 not in summary:
            continue
        summary.append(i)
        used_words += length
    points: list[int] = []
    for i in order:
        if len(points) >= max_points or scores[i] < -5:
            break
        if i in summary or any(_overlap(bags[i], bags[j]) > 0.5 for j in summary + points):
            continue
        if _dangling(sentences[i]):
            continue
        points.append(i)
    return sorted(summary), sorted(points)


def _usable(sentence: str, index: int) -> bool:
    """A sentence can lead a summary: prose, not a dangling quote or a fragment."""
    words = sentence.split()
    if len(words) < 4 or len(words) > 90:
        return False
    if sentence.startswith(QUOTES_OPEN) and not re.search(SPEECH_VERBS, sentence):
        return False
    if not re.search(r"\b[a-z]{3,}\b", sentence) or results_module.is_row(sentence):
        return False  # a listing (``Sarich Technologies Trust - New York``) or a results line
    return True


def _dangling(sentence: str) -> bool:
    """Needs the sentence before it to make sense: opens with a pronoun or a link word, or quotes 'he'."""
    return bool(DANGLING_START.match(sentence) or PRONOUN_SPEAKER.search(sentence))


def _content_words(sentence: str) -> Counter:
    return Counter(w for w in (m.group(0).lower() for m in WORD.finditer(sentence)) if w not in STOP_WORDS and len(w) > 1)


def _overlap(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    common = sum((a & b).values())
    return common / min(sum(a.values()), sum(b.values()))


def _textrank(bags: list[Counter], damping: float = 0.85, iterations: int = 40) -> list[float]:
    """Sentence centrality by PageRank over word-overlap similarity, scaled to 0..1."""
    n = len(bags)
    if n == 1:
        return [1.0]
    weights = np.zeros((n, n))
    lengths = [max(1, sum(b.values())) for b in bags]
    for i in range(n):
        for j in range(i + 1, n):
            common = sum((bags[i] & bags[j]).values())
            if common:
                value = common / (math.log(lengths[i] + 1) + math.log(lengths[j] + 1))
                weights[i, j] = weights[j, i] = value
    sums = weights.sum(axis=1, keepdims=True)
    sums[sums == 0] = 1.0
    transition = weights / sums
    rank = np.full(n, 1.0 / n)
    for _ in range(iterations):
        rank = (1 - damping) / n + damping * transition.T @ rank
    top = rank.max()
    return [float(r / top) if top > 0 else 0.0 for r in rank]


def _entity_salience(spans: list[tuple[int, int]], analysis: Analysis) -> list[float]:
    """How much each sentence is about the article's most-mentioned names (0..1)."""
    counts = Counter(m.text for m in analysis.mentions if m.label in ENTITY_LABELS)
    if not counts:
        return [0.0] * len(spans)
    scores = [0.0] * len(spans)
    starts = [s for s, _ in spans]
    for mention in analysis.mentions:
        if mention.label not in ENTITY_LABELS:
            continue
        i = bisect.bisect_right(starts, mention.start) - 1
        if 0 <= i < len(spans) and mention.start < spans[i][1]:
            scores[i] += counts[mention.text]
    top = max(scores) or 1.0
    return [s / top for s in scores]
