"""Catalogue search: Chinese word segmentation (jieba), full pinyin and initials (pypinyin), synonyms.

Both databases index the same token document, so they find the same matters:
- SQLite: an FTS5 table `matter_fts(search_name, search_body)` with the unicode61 tokenizer;
- PostgreSQL: a GIN index on to_tsvector('simple', ...) of the same two columns.
Pinyin is indexed as suffixes starting at each syllable, so prefix queries find a word anywhere in a
name: 工作调动户口迁移 yields ... "hukouqianyi", "hkqy", so both `hukou` and `hkqy` match.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import cache
from importlib import resources

import jieba
from pypinyin import lazy_pinyin

_HAN = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[\w]+", re.UNICODE)
_lock = threading.Lock()
MAX_SUFFIXES = 24  # long names: enough to reach any word in a real matter name


@cache
def _jieba() -> jieba.Tokenizer:
    with _lock:
        jieba.setLogLevel(logging.WARNING)
        tok = jieba.Tokenizer()
        tok.initialize()
        for group in synonym_groups():
            for term in group:
                tok.add_word(term)
        return tok


@cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    text = resources.files("tongban.catalogue").joinpath("synonyms.txt").read_text(encoding="utf-8")
    return tuple(tuple(line.split()) for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _clean(token: str) -> str:
    return "".join(_WORD.findall(token.lower()))


def words(text: str) -> list[str]:
    """Segmented words (search mode: long words also yield their parts)."""
    out = []
    for w in _jieba().cut_for_search(text):
        w = _clean(w)
        if w:
            out.append(w)
    return out


def pinyin_tokens(text: str) -> list[str]:
    syllables = lazy_pinyin("".join(_HAN.findall(text)), errors="ignore")
    out = []
    for i in range(min(len(syllables), MAX_SUFFIXES)):
        rest = syllables[i:]
        out.append("".join(rest))
        out.append("".join(s[0] for s in rest if s))
    return out


def expand_synonyms(texts: list[str]) -> list[str]:
    joined = " ".join(texts)
    return [term for g in synonym_groups() if any(t in joined for t in g) for term in g]


def name_document(name: str, aliases: list[str]) -> str:
    texts = [name, *aliases]
    texts += expand_synonyms(texts)
    tokens: list[str] = []
    for t in texts:
        tokens += words(t) + pinyin_tokens(t) + _HAN.findall(t)  # characters: for char_tokens()
    return " ".join(dict.fromkeys(tokens))  # de-duplicated, order kept


def body_document(summary: str, keywords: list[str], department: str) -> str:
    texts = [summary, department, *keywords]
    texts += expand_synonyms(texts)
    return " ".join(dict.fromkeys(w for t in texts for w in words(t)))


def query_tokens(q: str) -> list[str]:
    """Tokens of a query; every one must match (as a prefix) for a matter to be found."""
    tokens: list[str] = []
    for part in q.split():
        tokens += words(part) if _HAN.search(part) else [_clean(part)]
    return list(dict.fromkeys(t for t in tokens if t))


def char_tokens(q: str) -> list[str]:
    """Fallback when words find nothing: each Han character alone (口迁移 → 口, 迁, 移)."""
    latin = [_clean(p) for p in q.split() if not _HAN.search(p)]
    return list(dict.fromkeys([*_HAN.findall(q), *(t for t in latin if t)]))


def fts5_match(tokens: list[str]) -> str:
    return " AND ".join(f'"{t}"*' for t in tokens)


def tsquery(tokens: list[str]) -> str:
    return " & ".join(f"{t}:*" for t in tokens)
