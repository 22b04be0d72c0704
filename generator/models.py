"""Plain dataclasses passed between the pipeline's stages.

Each per-article stage turns one of these into the next
(``Article`` -> ``CleanArticle`` -> ``Analysis`` -> ``Briefing``); the
archive-level stages work on ``Briefing`` records and produce ``Entity``
and ``Related`` records. Nothing here does I/O.
"""

from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Origin:
    """Where an article came from, for error messages and ``extract``."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Problem:
    """A bad input: which file (and line), and what is wrong with it."""

    origin: Origin
    message: str
    severity: str = "error"  # "error" skips the article; "warning" keeps it

    def __str__(self) -> str:
        return f"{self.origin}: {self.severity}: {self.message}"


@dataclass
class Article:
    """One input article as read from disk, before any cleaning."""

    id: str
    date: dt.date
    text: str
    origin: Origin
    title: str | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    dateline: str | None = None


@dataclass(frozen=True)
class Caption:
    """A photo caption taken out of the body, with its credit (``AP``)."""

    text: str
    credit: str | None = None


@dataclass(frozen=True)
class Ticker:
    """An exchange code from wire markup (``<HNZ.N>``) and the name it followed (``H.J. Heinz``)."""

    code: str
    name: str | None = None


@dataclass
class CleanArticle:
    """An article whose body is only the story's own paragraphs."""

    article: Article
    paragraphs: list[str]
    captions: list[Caption] = field(default_factory=list)
    dateline: str | None = None
    removed: list[str] = field(default_factory=list)
    tickers: list[Ticker] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The cleaned body: paragraphs joined by blank lines."""
        return "\n\n".join(self.paragraphs)


class Kind:
    """What a mention names or counts: the project's own types, which ``analyse`` maps the model's labels to.

    No other module knows the model's label set, so another model (or
    another library) needs a new mapping there and nothing else.
    """

    PERSON = "person"
    ORGANISATION = "organisation"
    PLACE = "place"  # a country, state or city
    REGION = "region"  # a place that is no country, state or city: a region, a mountain range, a sea
    FACILITY = "facility"  # a building, an airport, a road, a bridge
    GROUP = "group"  # a nationality, a religious or political group (``Soviet``, ``Democrats``)
    EVENT = "event"
    PRODUCT = "product"
    WORK = "work"  # a book, a song, a film
    LAW = "law"
    LANGUAGE = "language"
    DATE = "date"
    TIME = "time"
    COUNT = "count"  # a number of things (``73,000``, ``two``)
    PERCENT = "percent"
    QUANTITY = "quantity"  # a measure (``5 tonnes``)
    MONEY = "money"
    ORDINAL = "ordinal"
    OTHER = "other"  # a label the mapping does not know


@dataclass(frozen=True)
class Mention:
    """A named-entity mention: its surface form, offsets in the body and its ``Kind`` (``label``)."""

    text: str
    start: int
    end: int
    label: str


@dataclass
class Analysis:
    """What spaCy found in a cleaned body (plain data, cacheable as JSON)."""

    sentences: list[tuple[int, int]]
    mentions: list[Mention]


@dataclass(frozen=True)
class Quote:
    """A direct quotation and who said it: a name as written, or only a description."""

    text: str
    speaker: str | None = None
    description: str | None = None
    start: int = 0


@dataclass(frozen=True)
class Figure:
    """A number in the text with the words that say what it counts; ``label`` is its ``Kind`` (count, percent,
    quantity or money)."""

    value: str
    context: str
    label: str
    start: int = 0


@dataclass(frozen=True)
class ResultRow:
    """One line of a results table (``Shr 39 cts vs 50 cts``): the period it covers, this year's and last year's figure."""

    period: str
    label: str
    current: str
    previous: str | None = None


@dataclass(frozen=True)
class DateRef:
    """A date expression in the text, resolved against the article's date.

    ``date`` is an ISO date, ``YYYY-MM`` or ``YYYY`` depending on ``precision``
    (``day``, ``week``, ``month``, ``year``); ``context`` is its sentence.
    """

    text: str
    date: str
    precision: str
    context: str
    start: int = 0
    label: str = ""


@dataclass
class Briefing:
    """The per-article result: cleaned text plus headline and summary."""

    id: str
    date: dt.date
    title: str
    title_generated: bool
    text: str
    paragraphs: list[str]
    sentences: list[tuple[int, int]]
    mentions: list[Mention]
    summary: list[str]
    key_points: list[str]
    word_count: int
    reading_minutes: int
    origin: Origin
    captions: list[Caption] = field(default_factory=list)
    source: str | None = None
    url: str | None = None
    author: str | None = None
    dateline: str | None = None
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    source_detected: bool = False
    tickers: list[Ticker] = field(default_factory=list)
    results: list[ResultRow] = field(default_factory=list)

    def __reduce__(self):
        """Pickled with its mentions packed in one ``bytes``, unpacked when first read.

        A rebuild loads every briefing from the memo but reads the mentions
        of none it has seen (their groupings are remembered): making 360,000
        ``Mention`` objects was 0.5 s of the 1.4 s a large archive's memo took.
        """
        state = dict(self.__dict__)
        packed = state.pop(_PACKED, None)
        if "mentions" in state:
            mentions = state.pop("mentions")
            packed = pickle.dumps(([m.text for m in mentions], [m.start for m in mentions],
                                   [m.end for m in mentions], [m.label for m in mentions]), pickle.HIGHEST_PROTOCOL)
        return _unpickle_briefing, (state, packed)

    def __getattr__(self, name: str):
        # Called only when ``name`` is not set: the mentions of a briefing unpickled and not read yet.
        fields = object.__getattribute__(self, "__dict__")
        if name == "mentions" and _PACKED in fields:
            texts, starts, ends, labels = pickle.loads(fields.pop(_PACKED))
            fields["mentions"] = [Mention(*values) for values in zip(texts, starts, ends, labels)]
            return fields["mentions"]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


_PACKED = "_packed_mentions"


def _unpickle_briefing(state: dict, packed: bytes) -> Briefing:
    briefing = object.__new__(Briefing)
    briefing.__dict__.update(state)
    briefing.__dict__[_PACKED] = packed
    return briefing


@dataclass
class EntityMention:
    """One mention of a canonical entity in one briefing: offsets into the text, or into the dateline."""

    text: str
    start: int
    end: int
    where: str = ""  # "dateline" for a place named in the dateline; "" for the text


@dataclass
class BriefingEntity:
    """A canonical entity as it appears in one briefing (for the sidebar)."""

    key: str
    mentions: list[EntityMention]

    @property
    def first(self) -> int:
        return self.mentions[0].start


@dataclass
class Entity:
    """A canonical person, place or organisation across the archive."""

    key: str
    name: str
    type: str
    slug: str = ""
    aliases: list[str] = field(default_factory=list)
    briefing_ids: list[str] = field(default_factory=list)
    mention_count: int = 0
    has_page: bool = True
    role: str = ""  # a person's most usual title or office, as written before the name (``treasurer``)


@dataclass(frozen=True)
class Related:
    """A related briefing and why: the rarest entities both share."""

    id: str
    score: float
    shared: tuple[str, ...]
    terms: tuple[str, ...] = ()  # words weighing most in both texts, when no entity says why


@dataclass(frozen=True)
class ThreadPlace:
    """Where a briefing sits in its story thread: the thread's name and its neighbours by date."""

    thread: str
    name: str
    position: int
    size: int
    previous: str | None
    next: str | None


@dataclass
class Archive:
    """Everything the render stage needs, computed at archive level."""

    briefings: list[Briefing]
    entities: dict[str, Entity]
    briefing_entities: dict[str, list[BriefingEntity]]
    related: dict[str, list[Related]] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    threads: dict[str, ThreadPlace] = field(default_factory=dict)
    linked_from: dict[str, list[str]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)  # old URL ("2022/10/28/old/") -> current source path
    permalinks: dict[str, list[str]] = field(default_factory=dict)  # id -> every URL it was published at
    stories: dict[str, str] = field(default_factory=dict)  # id -> sketch of its story (``stories.py``), recorded with them
    keys: dict[str, str] = field(default_factory=dict)  # id -> the key of what the briefing and its grouping were made from
    layouts: dict[str, str] = field(default_factory=dict)  # id -> where its mentions went (``resolve``'s layouts)
    duplicate_of: dict[str, str] = field(default_factory=dict)  # folded id -> the id of its story's page (``duplicates``)
    versions: dict[str, list[Briefing]] = field(default_factory=dict)  # page id -> the versions folded into it, newest first
    folded_entities: dict[str, list[BriefingEntity]] = field(default_factory=dict)  # a folded briefing's entities
