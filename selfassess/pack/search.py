"""Full-text search with SQLite FTS5: ranked (bm25), with snippets.

A pack carries ``search.sqlite`` with what the pack may hold: the metadata and summaries
of shareable items, the text of included documents, and nothing but the id and title of
team-room items. Reading a pack opens the index read-only and immutable, so no journal or
lock file is ever written inside it.
"""

from __future__ import annotations

import re
import sqlite3
import stat
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selfassess.errors import SelfAssessError, UsageError

SCHEMA = """
CREATE TABLE items (
    id TEXT PRIMARY KEY, title TEXT, kind TEXT, date TEXT, themes TEXT, state TEXT,
    signature TEXT
);
CREATE VIRTUAL TABLE docs USING fts5(
    id UNINDEXED, title, summary, themes, body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
"""
# id, title, summary, themes, body: a word found only in an item's theme ids (the words of
# 'focus-housing-delivery-and-homelessness') still finds the item, but weighs nothing, so
# every item that says the word in its title, summary or text ranks above it
COLUMN_WEIGHTS = (0.0, 10.0, 5.0, 0.0, 1.0)
ITEM_ID = re.compile(r"[Ee]-?\d+")


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    kind: str
    date: str | None
    themes: list[str]
    state: str
    summary: str = ""
    body: str = ""
    signature: str = ""


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    kind: str
    date: str | None
    themes: list[str]
    state: str
    snippet: str
    score: float

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def create(path: Path, entries: Iterable[Entry]) -> None:
    """Write a new index at ``path``."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    try:
        # a new file, thrown away if the build fails: no journal, no waiting on the disk
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(SCHEMA)
        _insert(db, entries)
        db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        db.commit()
    finally:
        db.close()


def _insert(db: sqlite3.Connection, entries: Iterable[Entry]) -> None:
    """Every entry, in the caller's one transaction."""
    rows = [(e, " ".join(e.themes)) for e in entries]
    db.executemany(
        "INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(e.id, e.title, e.kind, e.date, themes, e.state, e.signature) for e, themes in rows],
    )
    db.executemany(
        "INSERT INTO docs(id, title, summary, themes, body) VALUES (?, ?, ?, ?, ?)",
        [(e.id, e.title, e.summary, themes, e.body) for e, themes in rows],
    )


def update(path: Path, entries: list[Entry], private: frozenset[str] = frozenset()) -> None:
    """Bring a workspace's index up to date, touching only items whose signature changed.
    What an item in ``private`` had indexed before is wiped from the file, not just
    dropped from the index (its text may have been there before it was marked private).
    The index is a cache: one that is damaged, unreadable, or not a file (a link, a FIFO)
    is built afresh; a folder in its place is refused, naming it."""
    if _lstat_kind(path) not in (None, stat.S_IFREG):
        _discard(path)
    try:
        _update(path, entries, private)
        return
    except sqlite3.DatabaseError:
        _discard(path)
    try:
        _update(path, entries, private)
    except sqlite3.DatabaseError as exc:
        raise SelfAssessError(f"{path}: cannot build the search index ({exc})") from None


def _update(path: Path, entries: list[Entry], private: frozenset[str]) -> None:
    fresh = not path.exists()
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA secure_delete = ON")  # deleted rows are overwritten, not left
        if fresh:
            db.executescript(SCHEMA)
        known = dict(db.execute("SELECT id, signature FROM items"))
        wanted = {e.id: e for e in entries}
        stale = [i for i in known if i not in wanted or known[i] != wanted[i].signature]
        for item_id in stale:
            db.execute("DELETE FROM items WHERE id = ?", (item_id,))
            db.execute("DELETE FROM docs WHERE id = ?", (item_id,))
        _insert(db, [e for e in entries if e.id not in known or e.id in stale])
        if private.intersection(stale):  # rewrite the index without the old entries' terms
            db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        db.commit()
    finally:
        db.close()


def _lstat_kind(path: Path) -> int | None:
    """What is at ``path`` (a regular file, a folder, a link...), not following a link."""
    try:
        return stat.S_IFMT(path.lstat().st_mode)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SelfAssessError(f"{path}: cannot read the search index ({exc.strerror})") from None


def _discard(path: Path) -> None:
    """Remove a workspace index that cannot be used, to build it again."""
    if _lstat_kind(path) == stat.S_IFDIR:
        raise SelfAssessError(
            f"{path}: a folder where the search index belongs",
            hint="move or delete it; the index is a cache, built again by the next search",
        )
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise SelfAssessError(
            f"{path}: the search index cannot be read or replaced ({exc.strerror})",
            hint="delete it; the index is a cache, built again by the next search",
        ) from None


def open_read_only(path: Path) -> sqlite3.Connection:
    """A pack's search index, opened read-only (nothing is ever written beside it); a file
    that is not a search index is refused, saying it is damaged."""
    if not path.is_file():
        raise SelfAssessError(f"{path}: no search index here", hint="rebuild the pack")
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        db = sqlite3.connect(uri, uri=True)
    except sqlite3.DatabaseError as exc:
        raise SelfAssessError(f"{path}: cannot open the search index ({exc})") from None
    try:
        tables = {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        tables = set()
        reason = str(exc)
    else:
        reason = "it has no items or text"
    if not {"items", "docs"} <= tables:
        db.close()
        raise SelfAssessError(
            f"{path}: the search index is damaged ({reason})",
            hint="check the pack with 'selfassess pack verify', and ask for a fresh copy",
        )
    return db


def document_texts(path: Path) -> dict[str, str]:
    """The document text an index holds, by item id (a pack's index holds the text of the
    documents in the pack, and of no other)."""
    db = open_read_only(path)
    try:
        rows = db.execute("SELECT id, body FROM docs WHERE body != ''").fetchall()
    finally:
        db.close()
    return dict(rows)


def fts_query(text: str) -> str:
    """What a person typed, as an FTS5 query: every word must match (as itself or another
    form of it: 'councils' finds 'council'); ``word*`` matches words it starts; "quoted
    words" match as a phrase; OR between words gives either."""
    parts = re.findall(r'"([^"]+)"|(\S+)', text)
    terms: list[str] = []
    for phrase, word in parts:
        if word.upper() == "OR" and terms:
            terms.append("OR")
            continue
        chunk = phrase or word
        tokens = re.findall(r"\w+", chunk, flags=re.UNICODE)
        if not tokens:
            continue
        if phrase:
            terms.append('"' + " ".join(tokens) + '"')
        else:
            # a word matches its stem (porter); a trailing * asks for any word it starts
            star = "*" if chunk.endswith("*") else ""
            terms += [f'"{t}"' for t in tokens[:-1]] + [f'"{tokens[-1]}"{star}']
    while terms and terms[-1] == "OR":
        terms.pop()
    return " ".join(terms)


def query(
    db: sqlite3.Connection,
    text: str,
    *,
    theme: str | None = None,
    kind: str | None = None,
    since: str | None = None,
    limit: int = 20,
) -> list[Hit]:
    """The items that match ``text``, best first (FTS5's bm25, weighted by column). Item
    ids in ``text`` ('E-004', 'e-4 E-007') find those items, listed first; the other words
    are searched for as usual."""
    wanted, words = split_ids(text)
    named = _by_id(db, wanted, theme=theme, kind=kind, since=since) if wanted else []
    if wanted and not words:
        return named
    match = fts_query(words)
    if not match:
        raise UsageError(
            "give some words or item ids to search for",
            hint='for example: selfassess query "risk register" scrutiny, or query E-004',
        )
    found = _search(db, match, theme=theme, kind=kind, since=since, limit=limit, text=text)
    listed = {hit.id for hit in named}
    return named + [hit for hit in found if hit.id not in listed]


def _search(
    db: sqlite3.Connection,
    match: str,
    *,
    theme: str | None,
    kind: str | None,
    since: str | None,
    limit: int,
    text: str,
) -> list[Hit]:
    """The items an FTS5 ``match`` finds, best first, with snippets."""
    # rank first, on the index alone; build snippets only for the rows returned
    ranked, ranked_params = _ranked_rowids(match, theme=theme, kind=kind, since=since, limit=limit)
    sql = (
        "SELECT items.id, items.title, items.kind, items.date, items.themes, items.state, "
        "snippet(docs, -1, '[', ']', ' ... ', 14), bm25(docs, ?, ?, ?, ?, ?) AS score "
        "FROM docs JOIN items ON items.id = docs.id "
        f"WHERE docs MATCH ? AND docs.rowid IN ({ranked}) "
        "ORDER BY score, items.id"
    )
    rows = _fetch(db, sql, [*COLUMN_WEIGHTS, match, *ranked_params], text)
    return [_hit(row) for row in rows]


def split_ids(text: str) -> tuple[list[str], str]:
    """The item ids in ``text``, as the log writes them, and the rest of it to search for
    as words (an OR that only joined ids is dropped with them)."""
    ids: list[str] = []
    rest: list[str] = []
    for word in text.split():
        if ITEM_ID.fullmatch(word):
            digits = word.lstrip("Ee-")
            # a number too long to be an id (or to convert) is kept as typed: an unknown id
            ids.append(f"E-{int(digits):03d}" if len(digits) <= 30 else f"E-{digits}")
        else:
            rest.append(word)
    while rest and rest[0].upper() == "OR":
        rest.pop(0)
    return ids, " ".join(rest) if any(w.upper() != "OR" for w in rest) else ""


def _by_id(
    db: sqlite3.Connection,
    wanted: list[str],
    *,
    theme: str | None,
    kind: str | None,
    since: str | None,
) -> list[Hit]:
    """The items with these ids, in the order asked, their summary as the snippet."""
    where, params = _filters(theme=theme, kind=kind, since=since)
    sql = (
        "SELECT items.id, items.title, items.kind, items.date, items.themes, items.state, "
        "docs.summary, 0 FROM items JOIN docs ON docs.id = items.id "
        f"WHERE items.id IN ({', '.join('?' * len(wanted))}){where}"
    )
    rows = {row[0]: row for row in _fetch(db, sql, [*wanted, *params], " ".join(wanted))}
    return [_hit(rows[i]) for i in dict.fromkeys(wanted) if i in rows]


def _filters(
    *, theme: str | None, kind: str | None, since: str | None
) -> tuple[str, list[str | float]]:
    """The SQL that keeps only items of a theme, of a kind, or dated since a date."""
    sql = ""
    params: list[str | float] = []
    if theme:
        sql += " AND (' ' || items.themes || ' ') LIKE ?"
        params.append(f"% {theme} %")
    if kind:
        sql += " AND items.kind = ?"
        params.append(kind)
    if since:
        sql += " AND items.date >= ?"
        params.append(since)
    return sql, params


def _ranked_rowids(
    match: str, *, theme: str | None, kind: str | None, since: str | None, limit: int
) -> tuple[str, list[str | float]]:
    """The query for the best ``limit`` matching rows, and its parameters."""
    filtered = bool(theme or kind or since)
    sql = "SELECT docs.rowid FROM docs "
    sql += "JOIN items ON items.id = docs.id " if filtered else ""  # the join costs
    where, params = _filters(theme=theme, kind=kind, since=since)
    sql += "WHERE docs MATCH ?" + where
    sql += " ORDER BY bm25(docs, ?, ?, ?, ?, ?), docs.id LIMIT ?"
    return sql, [match, *params, *COLUMN_WEIGHTS, limit]


def check_theme(theme: str, known: Collection[str], where: str) -> None:
    """A usage error, with the likeliest theme, unless ``theme`` is one of ``known`` (the
    themes ``where`` names: of the framework, or of the items in a pack)."""
    if theme not in known:
        from selfassess.errors import UsageError, did_you_mean

        raise UsageError(
            f"--theme '{theme}' is not a theme {where}{did_you_mean(theme, sorted(known))}",
            hint="themes: " + ", ".join(sorted(known)) if known else None,
        )


def themes(db: sqlite3.Connection) -> set[str]:
    """Every theme an item in the index is filed under."""
    found: set[str] = set()
    for (listed,) in _fetch(db, "SELECT themes FROM items", [], "themes"):
        found.update((listed or "").split())
    return found


def _fetch(
    db: sqlite3.Connection, sql: str, params: list[str | float], text: str
) -> list[tuple[Any, ...]]:
    """Run the search, its failures said in words."""
    try:
        rows: list[tuple[Any, ...]] = db.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        raise SelfAssessError(f"cannot search for {text!r}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        raise SelfAssessError(
            f"the search index is damaged ({exc})",
            hint="check the pack with 'selfassess pack verify', and ask for a fresh copy",
        ) from None
    return rows


def _hit(row: tuple[Any, ...]) -> Hit:
    return Hit(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4].split() if row[4] else [],
        row[5],
        " ".join(row[6].split()),
        float(f"{-row[7]:.3g}"),  # bm25 is tiny when a word is in most items: keep 3 figures
    )
