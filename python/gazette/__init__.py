"""gazette: entity extraction for English news.

Finds the cities (and countries and regions), organizations, people, dates
and roles in news articles, with the same Rust library as the ``gazette``
command line, and returns the record the command line writes for each
article, as a dict::

    >>> import gazette
    >>> record = gazette.extract("Ms. Ana Ferreira flew from Lisbon to Paris on 2023-03-14.")
    >>> [e["name"] for e in record["entities"] if e["type"] == "city"]
    ['Lisbon', 'Paris']

Mention offsets (``start``, ``end``) are code point offsets: Python ``str``
indices, ``text[start:end] == mention["text"]``.

``extract_many`` does many articles on all cores with the GIL released,
and ``extract_iter`` yields their records one by one, a batch at a time;
with ``as_json=True`` they return the command line's JSON lines (bytes);
``Extractor`` keeps options (types, date order, user gazetteers,
exclusions) for reuse; ``to_pandas`` gives one row per mention;
``python -m gazette.spark`` runs the extractor over JSON Lines on Spark.
"""

from __future__ import annotations

import itertools
import json
import threading
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple

from gazette._gazette import CSV_COLUMNS, Extractor, GazetteerError, versions

__all__ = [
    "Extractor",
    "GazetteerError",
    "extract",
    "extract_many",
    "extract_iter",
    "mentions",
    "to_pandas",
    "CSV_COLUMNS",
    "__version__",
]

__version__: str = versions()[0]
#: The version of the built-in gazetteers.
GAZETTEER_VERSION: str = versions()[1]

#: The columns of ``to_pandas`` and ``mentions``: those of the command
#: line's ``--format csv``, one row per mention.

_lock = threading.Lock()
_extractors: Dict[Tuple[Any, ...], Extractor] = {}


def _frozen(v: Any) -> Any:
    if isinstance(v, (list, tuple)):
        return tuple(_frozen(x) for x in v)
    return str(v) if v is not None and not isinstance(v, (str, int)) else v


def _extractor(options: Dict[str, Any]) -> Extractor:
    """The extractor for these options, built on first use and kept."""
    key = tuple(sorted((k, _frozen(v)) for k, v in options.items()))
    with _lock:
        ex = _extractors.get(key)
    if ex is None:
        ex = Extractor(**options)
        with _lock:
            # A handful of option sets at most in a real program; keep a few.
            if len(_extractors) >= 16:
                _extractors.clear()
            _extractors[key] = ex
    return ex


def extract(text: str, date: Any = None, id: Any = None, *, as_json: bool = False, **options: Any) -> Any:
    """The record of one article: what ``gazette`` writes for it, parsed
    (a dict), or with ``as_json=True`` the JSON line itself (``bytes``,
    no newline).

    ``date`` (``"YYYY-MM-DD"`` or a ``datetime.date``) anchors relative
    dates and is reported as ``published_source: "field"``; without it a
    dateline near the top of the text is used. ``id`` becomes the record's
    ``id`` (default ``""``). ``options`` are those of :class:`Extractor`
    (``types``, ``date_order``, ``gazetteers``, ``exclude``,
    ``gazetteer_dir``); the extractor for a set of options is built once
    and reused.
    """
    return _extractor(options).extract(text, date=date, id=id, as_json=as_json)


def extract_many(
    texts: Iterable[str],
    dates: Optional[Iterable[Any]] = None,
    ids: Optional[Iterable[Any]] = None,
    threads: Optional[int] = None,
    *,
    as_json: bool = False,
    **options: Any,
) -> List[Any]:
    """The records of many articles, in order, on ``threads`` threads
    (default: all cores), with the GIL released while Rust works.

    ``dates`` and ``ids``, if given, have one item per text (items may be
    ``None``); ids default to the position of the text (``"0"``, ``"1"``,
    ...). The records are dicts; with ``as_json=True`` they are the
    command line's JSON lines (``bytes``, no newline: write them out
    with ``b"\\n".join(lines)``), which skips making the dicts.
    ``options`` are those of :class:`Extractor`.
    """
    return _extractor(options).extract_many(texts, dates=dates, ids=ids, threads=threads, as_json=as_json)


def extract_iter(
    texts: Iterable[str],
    dates: Optional[Iterable[Any]] = None,
    ids: Optional[Iterable[Any]] = None,
    threads: Optional[int] = None,
    *,
    as_json: bool = False,
    batch: int = 1024,
    extractor: Optional[Extractor] = None,
    **options: Any,
) -> Iterator[Any]:
    """The records of ``extract_many``, in order, one at a time: the texts
    (and dates and ids) are read ``batch`` articles at a time, as the
    records are asked for, and each batch is extracted on ``threads``
    threads. Memory stays that of one batch however long the input (a
    generator over a file or a database cursor), and the memory of the
    records a caller is done with is reused for the next ones.

    Ids default to the text's position in the whole input (``"0"``,
    ``"1"``, ...). ``extractor`` is an :class:`Extractor` to use instead of
    one built from ``options``.
    """
    if isinstance(texts, str):
        raise ValueError("texts must be an iterable of strings, not one string")
    for what, v in (("dates", dates), ("ids", ids)):
        if isinstance(v, str):
            raise ValueError(f"{what} must be an iterable with one item per text, not a string")
    if batch < 1:
        raise ValueError("batch must be at least 1")
    if threads is not None and threads < 1:
        raise ValueError("threads must be at least 1")
    if extractor is not None and options:
        raise ValueError("give an extractor or options, not both")
    ex = extractor if extractor is not None else _extractor(options)
    return _batches(ex, iter(texts), dates, ids, threads, as_json, batch)


def _batches(ex, texts, dates, ids, threads, as_json, batch):
    dates = None if dates is None else iter(dates)
    ids = None if ids is None else iter(ids)
    done = 0
    while True:
        chunk = list(itertools.islice(texts, batch))
        n = len(chunk)
        for k, t in enumerate(chunk):
            if not isinstance(t, str):
                raise ValueError(f"texts[{done + k}] is not a string: {type(t).__name__}")
        ds = None
        if dates is not None:
            ds = list(itertools.islice(dates, n))
            if len(ds) < n:
                raise ValueError(f"dates ran out after {done + len(ds)} items, before the texts")
        if ids is None:
            ns = [str(done + k) for k in range(n)]
        else:
            ns = list(itertools.islice(ids, n))
            if len(ns) < n:
                raise ValueError(f"ids ran out after {done + len(ns)} items, before the texts")
            ns = [str(done + k) if v is None else v for k, v in enumerate(ns)]
        if n == 0:
            for what, rest in (("dates", dates), ("ids", ids)):
                if rest is not None and next(rest, _END) is not _END:
                    raise ValueError(f"{what} has more items than the {done} texts")
            return
        records = ex.extract_many(chunk, dates=ds, ids=ns, threads=threads, as_json=as_json)
        del chunk, ds, ns
        done += n
        # Handed out one at a time, so that a record the caller drops is
        # freed at once, not kept by this batch's list.
        records.reverse()
        while records:
            yield records.pop()


_END = object()


def mentions(records: Iterable[Dict[str, Any]]) -> Iterator[Dict[str, Any]]:
    """One dict per mention, with the columns of the command line's CSV
    output (:data:`CSV_COLUMNS`); missing values are ``None`` and
    ``attributes`` is the compact JSON of a user gazetteer entry's extra
    columns. Needs no pandas."""
    for r in records:
        entities = r["entities"]
        names = {e["id"]: e["name"] for e in entities}
        for e in entities:
            attrs = e.get("attributes")
            attributes = (
                json.dumps(attrs, ensure_ascii=False, separators=(",", ":"), sort_keys=True) if attrs else None
            )
            person, org = e.get("person"), e.get("organization")
            for m in e["mentions"]:
                yield {
                    "article_id": r["id"],
                    "entity_id": e["id"],
                    "type": e["type"],
                    "name": e["name"],
                    "text": m["text"],
                    "start": m["start"],
                    "end": m["end"],
                    "value": e.get("value"),
                    "country": e.get("country"),
                    "geonames_id": e.get("geonames_id"),
                    "feature": e.get("feature"),
                    "admin1": e.get("admin1"),
                    "lat": e.get("lat"),
                    "lon": e.get("lon"),
                    "population": e.get("population"),
                    "iso": e.get("iso"),
                    "kind": e.get("kind"),
                    "title": e.get("title"),
                    "person": person,
                    "organization": org,
                    "person_name": e.get("person_name") or (names.get(person) if person else None),
                    "organization_name": e.get("organization_name") or (names.get(org) if org else None),
                    "ref": e.get("ref"),
                    "attributes": attributes,
                    "published": r.get("published"),
                }


def to_pandas(records: Iterable[Dict[str, Any]]) -> "Any":
    """A ``pandas.DataFrame`` with one row per mention and the columns of
    the command line's CSV output (see :func:`mentions`). Needs pandas,
    which gazette does not install (``pip install pandas``)."""
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("gazette.to_pandas needs pandas: pip install pandas") from e
    return pd.DataFrame.from_records(list(mentions(records)), columns=list(CSV_COLUMNS))
