"""The catalogue's search index, held by each worker in memory.

Why: the SQL search (service.find_matters) does work per match on every request. SQLite ranks about
a million matches a second; PostgreSQL finds matches through GIN, but counting and ranking them reads
every matching row, and its backend shares the machine's cores with the app. A broad query (医保 on
20,000 matters: 4,200 matches) then costs milliseconds, while a whole search request may cost about a
millisecond of CPU to keep half the throughput of a bare Flask endpoint (bench/README.md).

What: each worker keeps the searchable part of the catalogue in memory, read from the same rows the
SQL search reads and labelled with the catalogue generation (cache.generation) it was read at:
- positions 0…n-1 are the matters in rank order within a closeness class: name length, then code,
  read in the order the SQL search sorts its ties (so the two cannot disagree about it);
- every distinct token of the name and body documents, sorted, with the positions whose documents
  hold it, all in one array in token order, so the positions of every token with a given prefix are
  one slice (a query token matches as a prefix, as FTS5's "t"* and tsquery's t:* do);
- each position's folded name and English name (and who holds which character), the filters' sets
  of positions, and the matter's summary as finished JSON (MatterSummarySchema's shape).
A search is then set operations in C over those arrays and no SQL at all, answering exactly what the
SQL search answers, match for match and in the same order (tests/api/test_search_index.py). For
20,000 matters it holds about 40 MB and takes one to two seconds of CPU to build.

Freshness: an index whose generation is not the catalogue's is not used: the search goes to SQL,
which is always current, while a thread of the worker rebuilds the index; a worker spends at most
REBUILD_SHARE of its time rebuilding. Department names and regions in the summaries are as fresh as
the answer cache's: they change with the catalogue generation. TONGBAN_SEARCH_INDEX=0 turns the index
off (every search is SQL).
"""

from __future__ import annotations

import bisect
import ctypes
import heapq
import logging
import os
import threading
import time
from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, compress, repeat
from operator import methodcaller
from typing import Any, NamedTuple

from tongban.catalogue import search as text

log = logging.getLogger(__name__)

REBUILD_SHARE = 0.05  # at most this share of a worker's time goes to rebuilding the index
DENSE = 1024  # a token held by this many matters also gets a byte per matter (about 4 MB for 20,000 matters)
FILTERS = ("scope", "mode", "audience", "department", "region")
_END = "\U0010ffff"  # sorts after every character a token can hold (tokens are letters and digits)
_NOTHING: frozenset[int] = frozenset()


def enabled() -> bool:
    return os.environ.get("TONGBAN_SEARCH_INDEX", "1") != "0"


class Row(NamedTuple):
    """One matter as the index needs it (service.index_rows reads them)."""

    name_len: int
    code: str
    name_key: str
    en_key: str
    search_name: str
    search_body: str
    facets: tuple[tuple[str, str], ...]  # ("scope", "kstb"), ("department", "341200-GA"), …
    item: bytes  # the summary as JSON


@dataclass(frozen=True, eq=False)
class Index:
    generation: int
    vocab: list[str]
    # The positions whose documents hold vocab[i], each once: post[at[i]:at[i + 1]], those with it in
    # their name document first (post[at[i]:name_end[i]]), so a prefix's positions are one slice.
    post: array[int]
    at: array[int]
    name_end: array[int]
    dense: dict[int, bytearray]  # vocab[i] held by many: position → 1 if its documents hold it
    keys: list[str]  # folded name + "\n" + folded English name: one `in` for "either contains the query"
    chars: dict[str, array[int]]  # a character → the positions whose key holds it (who may contain a query)
    equal: dict[str, list[int]]  # a folded name or English name → the positions that have it
    starts: list[str]  # the folded names and English names, sorted …
    starts_at: array[int]  # … and the position each belongs to
    items: list[bytes]
    facets: dict[tuple[str, str], frozenset[int]]

    def __len__(self) -> int:
        return len(self.items)

    def search(self, q: str, filters: dict[str, Any], offset: int, limit: int) -> tuple[int, list[bytes]]:
        """(total, the page's summaries as JSON) for a non-empty query, as service.find_matters ranks."""
        wanted = sorted((self.facets.get((f, str(filters[f])), _NOTHING) for f in FILTERS if filters.get(f)),
                        key=len)
        fq = text.fold(q)
        for tokens in (text.query_tokens(q), text.char_tokens(q)):  # words first, then characters
            if not tokens:
                continue
            essential = text.essential(tokens)
            found = self._matches(essential)
            for facet in wanted:
                found &= facet
            if found:
                return len(found), [self.items[p] for p in self._page(found, essential, fq, offset, limit)]
        return 0, []

    def _range(self, token: str) -> tuple[int, int]:
        """The vocabulary slice of the tokens that start with `token`."""
        return bisect.bisect_left(self.vocab, token), bisect.bisect_left(self.vocab, token + _END)

    def _size(self, span: tuple[int, int]) -> int:
        i, j = span
        return self.at[j] - self.at[i]

    def _matches(self, tokens: list[str]) -> set[int]:
        """Positions whose name or body document has, for every token, a token starting with it."""
        found: set[int] = set()
        for n, (i, j) in enumerate(sorted(map(self._range, tokens), key=self._size)):  # the rarest first
            found = set(self.post[self.at[i]:self.at[j]]) if n == 0 else self._having(found, i, j)
            if not found:
                break
        return found

    def _having(self, among: set[int], i: int, j: int) -> set[int]:
        """Those of `among` whose documents hold one of vocab[i:j]: through the positions' slice, or,
        when that is far longer than `among`, asking each of them (a common word: 证 after 就业 创业)."""
        post, at = self.post, self.at
        if at[j] - at[i] <= 8 * len(among) or j - i > 64:
            return among.intersection(post[at[i]:at[j]])
        members, having = list(among), set()
        for e in range(i, j):
            held = self.dense.get(e)
            if held is None:
                having.update(among.intersection(post[at[e]:at[e + 1]]))
            else:
                having.update(compress(members, map(held.__getitem__, members)))
        return having

    def _in_names(self, among: set[int], tokens: list[str]) -> set[int]:
        """Those of `among` whose name document alone has, for every token, a token starting with it."""
        post, at, name_end = self.post, self.at, self.name_end
        for i, j in map(self._range, tokens):
            if not among:
                break
            among = among.intersection(chain.from_iterable(post[at[e]:name_end[e]] for e in range(i, j)))
        return among

    def _page(self, found: set[int], tokens: list[str], fq: str, offset: int, limit: int) -> list[int]:
        """Positions offset…offset+limit in rank order: closeness (0 the folded name or English name
        equals the folded query, 1 starts with it, 2 contains it, 3 the name document matches, 4 the
        rest), then position. The same CASE as service._SQLITE_CLOSENESS and _PG_CLOSENESS. Each class
        is read only as far as the page needs."""
        page = _Page(offset, limit)
        equal = found.intersection(self.equal.get(fq, ()))
        i = bisect.bisect_left(self.starts, fq)
        starting = found.intersection(self.starts_at[i:bisect.bisect_left(self.starts, fq + _END, i)]) - equal
        if page.add(equal) or page.add(starting):
            return page.positions
        close = equal | starting
        may = found  # those that may contain it: every character of it in their keys
        for having in sorted((self.chars.get(c, ()) for c in set(fq)), key=len):  # the rarest character first
            if len(having) > 3 * len(may):
                break  # testing the few left is cheaper than reading who has the next character
            may = may.intersection(having)
        keys = self.keys
        containing = page.take(p for p in sorted(may) if fq in keys[p] and p not in close)
        if containing is None:
            return page.positions
        close.update(containing)
        in_names = self._named(found, tokens, close, page)
        if in_names is not None:
            page.add(found.difference(in_names, close))
        return page.positions

    def _named(self, found: set[int], tokens: list[str], close: set[int], page: _Page) -> set[int] | None:
        """Adds closeness 3 (the name document matches, the name does not hold the query) to the page;
        its members when the page wants more, None when it is full. For one token the positions whose
        names hold it are read in rank order (its vocabulary entries' name parts, each sorted) and only
        as far as the page needs, when most of them match."""
        if len(tokens) == 1:
            i, j = self._range(tokens[0])
            post, at, name_end = self.post, self.at, self.name_end
            runs = [post[at[e]:name_end[e]] for e in range(i, j)] if j - i <= 64 else []
            if runs and 4 * len(found) >= sum(map(len, runs)):
                ordered = runs[0] if len(runs) == 1 else _distinct(heapq.merge(*runs))
                named = page.take(p for p in ordered if p in found and p not in close)
                return None if named is None else set(named)
        in_names = self._in_names(found, tokens) - close
        return None if page.add(in_names) else in_names


def _distinct(ordered: Iterable[int]) -> Iterator[int]:
    last = -1
    for p in ordered:
        if p != last:
            yield p
            last = p


class _Page:
    """Collects a page from classes given best first, each an unordered collection of positions."""

    def __init__(self, offset: int, limit: int):
        self.skip, self.limit = offset, limit
        self.positions: list[int] = []

    def take(self, ordered: Iterable[int]) -> list[int] | None:
        """Adds a class given in rank order, read only as far as the page needs: None when the page is
        full, else the whole class (all of it was read)."""
        want = self.skip + self.limit - len(self.positions)
        members: list[int] = []
        for p in ordered:
            members.append(p)
            if len(members) == want:
                self.add(members)
                return None
        self.add(members)
        return members

    def add(self, members: Sequence[int] | set[int]) -> bool:
        """Adds the class's share of the page; True when the page is full."""
        n = len(members)
        if self.skip >= n:
            self.skip -= n
            return False
        k = self.skip + self.limit - len(self.positions)
        best = heapq.nsmallest(k, members) if k * 8 < n and n > 800 else sorted(members)[:k]
        self.positions += best[self.skip:]
        self.skip = 0
        return len(self.positions) >= self.limit


def build(generation: int, rows: Iterable[Row]) -> Index:
    """The index of `rows`, given in rank order within a closeness class (name length, then code: the
    order the SQL search sorts by, so the two cannot disagree about it). Rows are read one at a time:
    the documents are not all held at once."""
    in_name: defaultdict[str, list[int]] = defaultdict(list)
    in_body: defaultdict[str, list[int]] = defaultdict(list)  # in the body document but not the name's
    facets: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
    equal: defaultdict[str, list[int]] = defaultdict(list)
    chars: defaultdict[str, list[int]] = defaultdict(list)
    keys: list[str] = []
    items: list[bytes] = []
    for p, row in enumerate(rows):
        add = methodcaller("append", p)  # in C: `for t in tokens: in_name[t].append(p)` is most of a build
        name = set(row.search_name.split())
        deque(map(add, map(in_name.__getitem__, name)), maxlen=0)
        deque(map(add, map(in_body.__getitem__, set(row.search_body.split()).difference(name))), maxlen=0)
        deque(map(add, map(facets.__getitem__, row.facets)), maxlen=0)
        equal[row.name_key].append(p)
        if row.en_key != row.name_key:
            equal[row.en_key].append(p)
        keys.append(f"{row.name_key}\n{row.en_key}")
        deque(map(add, map(chars.__getitem__, set(keys[-1]))), maxlen=0)
        items.append(row.item)
    vocab = sorted(in_name.keys() | in_body.keys())
    names = list(map(in_name.get, vocab, repeat((), len(vocab))))
    bodies = list(map(in_body.get, vocab, repeat((), len(vocab))))
    del in_name, in_body
    at = array("i", [0])
    at.extend(accumulate(map(len, chain.from_iterable(zip(names, bodies, strict=True)))))  # name part, body part, …
    name_end, at = at[1::2], at[::2]
    post = array("i", chain.from_iterable(chain.from_iterable(zip(names, bodies, strict=True))))
    del names, bodies
    dense: dict[int, bytearray] = {}
    for e in range(len(vocab)):
        if at[e + 1] - at[e] >= DENSE:
            dense[e] = held = bytearray(len(keys))
            deque(map(held.__setitem__, post[at[e]:at[e + 1]], repeat(1)), maxlen=0)
    starts = sorted((key, p) for key, ps in equal.items() for p in ps)
    return Index(generation=generation, vocab=vocab, post=post, at=at, name_end=name_end, dense=dense, keys=keys,
                 chars={c: array("i", ps) for c, ps in chars.items()}, equal=dict(equal),
                 starts=[k for k, _ in starts], starts_at=array("i", (p for _, p in starts)), items=items,
                 facets={k: frozenset(v) for k, v in facets.items()})


# --- the worker's index ------------------------------------------------------------------------------

_lock = threading.Lock()
_index: Index | None = None
_building = False
_not_before = 0.0  # time.monotonic() before which no rebuild starts


def current(generation: int, rebuild: Callable[[int], Index], background: bool = True) -> Index | None:
    """The worker's index if it is at `generation`, else None (the search goes to SQL). A stale or
    missing index is rebuilt (rebuild(generation)) when the rebuild budget allows: in a thread of its
    own, so no request waits for it (a build is seconds of CPU when a machine's workers all start at
    once), or in this thread with background=False (tests: one answer path per call)."""
    global _building, _not_before
    index = _index
    if index is not None and index.generation == generation:
        return index
    with _lock:
        if _building or time.monotonic() < _not_before:
            return None
        _building, _not_before = True, time.monotonic() + 1.0  # a build that fails is not retried at once
    if background:
        threading.Thread(target=_rebuild, args=(generation, rebuild), name="search-index", daemon=True).start()
        return None
    _rebuild(generation, rebuild)
    index = _index
    return index if index is not None and index.generation == generation else None


def _rebuild(generation: int, rebuild: Callable[[int], Index]) -> None:
    global _index, _building, _not_before
    started = time.monotonic()
    try:
        index = rebuild(generation)
    except Exception:  # noqa: BLE001 - search goes on with SQL; the next rebuild may succeed
        log.exception("search index: the rebuild failed")
        with _lock:
            _building = False
        return
    took = time.monotonic() - started
    with _lock:
        _index, _building, _not_before = index, False, time.monotonic() + took / REBUILD_SHARE
    _trim()
    log.info("search index: %d matters at generation %d in %.2f s", len(index), generation, took)


def _trim() -> None:
    """Hand what the rebuild freed back to the system: glibc keeps it otherwise (about 30 MB a worker
    after reading 20,000 matters from PostgreSQL)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def reset() -> None:
    """Forget the index (tests: the next search rebuilds it at once)."""
    global _index, _not_before
    with _lock:
        _index, _not_before = None, 0.0
