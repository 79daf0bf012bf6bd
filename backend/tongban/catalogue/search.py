"""Catalogue search: Chinese word segmentation (jieba), full pinyin and initials (pypinyin), synonyms,
Traditional Chinese (OpenCC) and English names.

Both databases index the same token document, so they find the same matters:
- SQLite: an FTS5 table `matter_fts(search_name, search_body)` with the unicode61 tokenizer;
- PostgreSQL: GIN indexes on 'simple' tsvectors of the same documents (table matter_fts, 0012).
Pinyin is indexed as suffixes starting at each syllable, so prefix queries find a word anywhere in a
name: 工作调动户口迁移 yields ... "hukouqianyi", "hkqy", so both `hukou` and `hkqy` match.
Indexed text and queries are both converted to Simplified Chinese first (OpenCC t2s, whose
dictionaries ship in its wheel), so 戶口遷移 finds 户口迁移 and a matter written in Traditional is
found by Simplified words. A matter's English name (name_en) is indexed as lower-case words.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from functools import cache, lru_cache
from importlib import resources

import jieba
import opencc
from pypinyin import lazy_pinyin

_HAN = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[^\W_]+")  # letters and digits: what both FTS5 and PostgreSQL keep as one token
_LATIN_WORD = re.compile(r"[a-z0-9]+")
_lock = threading.Lock()
_cc_lock = threading.Lock()
MAX_SUFFIXES = 24  # long names: enough to reach any word in a real matter name
# English words that carry nothing in a query ("licence for a business"); dropped only beside a real word.
_STOPWORDS = frozenset("a an and at by for in of on or the to with my your".split())


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")  # OpenCC's own Traditional → Simplified (characters and phrases)


def simplified(text: str) -> str:
    """Text in Simplified Chinese (OpenCC t2s), full-width letters and digits made plain (NFKC:
    Chinese input methods type ｈｕｋｏｕ and ８０); Simplified, Latin and digits pass through."""
    if not text or text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    with _cc_lock:  # one converter per process; its C++ object is not documented as thread-safe
        return str(_t2s().convert(text))


def fold(text: str) -> str:
    """The form names and queries are compared in: Simplified, lower case, single spaces."""
    return " ".join(simplified(text).lower().split())


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


def english_words(text: str) -> list[str]:
    return _LATIN_WORD.findall(text.lower())


def expand_synonyms(texts: list[str]) -> list[str]:
    """Every term of each group one of whose terms the texts contain (English terms: as whole words)."""
    joined = " ".join(texts)
    latin = set(english_words(joined))
    return [term for g in synonym_groups()
            if any((t in latin) if t.isascii() else (t in joined) for t in g) for term in g]


def name_document(name: str, aliases: list[str], name_en: str = "") -> str:
    texts = [simplified(t) for t in (name, *aliases)]
    texts += expand_synonyms([*texts, name_en])
    tokens: list[str] = []
    for t in texts:
        tokens += words(t) + pinyin_tokens(t) + _HAN.findall(t)  # characters: for char_tokens()
    tokens += english_words(name_en)
    return " ".join(dict.fromkeys(tokens))  # de-duplicated, order kept


def body_document(summary: str, keywords: list[str], department: str) -> str:
    texts = [simplified(t) for t in (summary, department, *keywords)]
    texts += expand_synonyms(texts)
    return " ".join(dict.fromkeys(w for t in texts for w in words(t)))


def _latin_query_token(part: str) -> str:
    token = _clean(part)
    # English plurals (cards, passports): the singular is a prefix of what is indexed. Pinyin never
    # ends in s, so this only widens initials like "hkqs" by a letter.
    if len(token) >= 4 and token.isascii() and token.endswith("s") and not token.endswith("ss"):
        token = token[:-1]
    return token


def query_tokens(q: str) -> list[str]:
    """Tokens of a query; every one must match (as a prefix) for a matter to be found."""
    return list(_query_tokens(q))


@lru_cache(maxsize=4096)  # people type the same few things; segmentation is the costly part
def _query_tokens(q: str) -> tuple[str, ...]:
    tokens: list[str] = []
    parts = simplified(q).split()
    for part in parts:
        tokens += words(part) if _HAN.search(part) else [_latin_query_token(part)]
    tokens = list(dict.fromkeys(t for t in tokens if t))
    if any(len(t) > 3 and t.isascii() and t not in _STOPWORDS for t in tokens):
        tokens = [t for t in tokens if t not in _STOPWORDS] or tokens
    return tuple(tokens)


def char_tokens(q: str) -> list[str]:
    """Fallback when words find nothing: each Han character alone (口迁移 → 口, 迁, 移)."""
    return list(_char_tokens(q))


@lru_cache(maxsize=4096)
def _char_tokens(q: str) -> tuple[str, ...]:
    q = simplified(q)
    latin = [_latin_query_token(p) for p in q.split() if not _HAN.search(p)]
    return tuple(dict.fromkeys([*_HAN.findall(q), *(t for t in latin if t)]))


def essential(tokens: list[str]) -> list[str]:
    """The tokens left when those implied by another are dropped: a document with a token starting
    with 公积金 has one starting with 公积, so `公积* AND 公积金*` finds what `公积金*` finds. Segmentation
    in search mode yields such parts (公积, 积金, 公积金), and each prefix costs the index a merge."""
    return [t for t in tokens if not any(u != t and u.startswith(t) for u in tokens)]


def fts5_match(tokens: list[str]) -> str:
    return " AND ".join(f'"{t}"*' for t in essential(tokens))


def tsquery(tokens: list[str]) -> str:
    return " & ".join(f"{t}:*" for t in essential(tokens))
