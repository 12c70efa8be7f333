"""Type hints of the native module (the Rust bindings)."""

import datetime
import os
from typing import Any, Dict, Iterable, List, Literal, Optional, Tuple, Union, overload

_Path = Union[str, "os.PathLike[str]"]
_Paths = Union[_Path, Iterable[_Path], None]
_Date = Union[str, datetime.date, None]
_Id = Union[str, int, None]

CSV_COLUMNS: Tuple[str, ...]
"""The columns of the command line's CSV output, in order."""

class GazetteerError(ValueError):
    """A gazetteer, user gazetteer or exclusion file is malformed; the
    message names the file and line (``FILE:LINE: message``)."""

class Extractor:
    """Extracts cities, countries, regions, organizations, people, dates
    and roles from English news articles.

    The options mirror the command line's:

    - ``types``: only these entity types (``"city,person"`` or
      ``["city", "person"]``; built-in types and the types of the user
      gazetteers), like ``--types``;
    - ``date_order``: ``"auto"``, ``"dmy"`` or ``"mdy"`` for numeric dates
      such as 03/04/2023, like ``--date-order``;
    - ``gazetteers``: user gazetteer files (.tsv/.txt/.csv), like
      ``--gazetteer``;
    - ``exclude``: files of surface forms never to report, like
      ``--exclude``;
    - ``gazetteer_dir``: a folder replacing the built-in gazetteers, like
      ``--gazetteer-dir``.

    Bad options raise ``ValueError``, malformed files
    :class:`GazetteerError`, unreadable ones ``OSError``, with the command
    line's messages. Build one and reuse it; it is safe to share between
    threads.
    """

    def __init__(
        self,
        *,
        types: Union[str, Iterable[str], None] = None,
        date_order: str = "auto",
        gazetteers: _Paths = None,
        exclude: _Paths = None,
        gazetteer_dir: Optional[_Path] = None,
    ) -> None: ...
    @overload
    def extract(
        self, text: str, date: _Date = None, id: _Id = None, *, as_json: Literal[False] = False
    ) -> Dict[str, Any]: ...
    @overload
    def extract(self, text: str, date: _Date = None, id: _Id = None, *, as_json: Literal[True]) -> bytes: ...
    def extract(self, text: str, date: _Date = None, id: _Id = None, *, as_json: bool = False) -> Any:
        """The record of one article, as the command line writes it
        (parsed). ``date`` anchors relative dates (``published_source``
        ``"field"``); ``id`` defaults to ``""``. With ``as_json=True``,
        the command line's JSON line itself (``bytes``, no newline)."""
    @overload
    def extract_many(
        self,
        texts: Iterable[str],
        dates: Optional[Iterable[_Date]] = None,
        ids: Optional[Iterable[_Id]] = None,
        threads: Optional[int] = None,
        *,
        as_json: Literal[False] = False,
    ) -> List[Dict[str, Any]]: ...
    @overload
    def extract_many(
        self,
        texts: Iterable[str],
        dates: Optional[Iterable[_Date]] = None,
        ids: Optional[Iterable[_Id]] = None,
        threads: Optional[int] = None,
        *,
        as_json: Literal[True],
    ) -> List[bytes]: ...
    def extract_many(
        self,
        texts: Iterable[str],
        dates: Optional[Iterable[_Date]] = None,
        ids: Optional[Iterable[_Id]] = None,
        threads: Optional[int] = None,
        *,
        as_json: bool = False,
    ) -> Any:
        """The records of many articles, in order, on ``threads`` threads
        (default: all cores) with the GIL released. Ids default to the
        text's position as a string. With ``as_json=True``, each record is
        the command line's JSON line (``bytes``, no newline)."""
    def _extract_jsonl(
        self,
        lines: Iterable[Union[bytes, str]],
        name: str,
        first_line: int = 1,
        text_field: str = "text",
        id_field: str = "id",
        date_field: str = "date",
        date: _Date = None,
    ) -> Tuple[List[bytes], List[Tuple[str, str, bool]]]: ...

def versions() -> Tuple[str, str]:
    """The package version and the built-in gazetteers' version."""
