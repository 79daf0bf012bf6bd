"""Search documents: words, pinyin suffixes, initials and synonyms are what make queries find matters."""

from tongban.catalogue import search


def test_name_document_has_full_pinyin_and_initials_from_every_syllable():
    doc = search.name_document("工作调动户口迁移", []).split()
    assert "hukouqianyi" in doc and "hkqy" in doc  # hukou* and hkqy* both reach 户口迁移 mid-name
    assert "户口" in doc and "迁移" in doc


def test_synonyms_are_indexed_both_ways():
    doc = search.name_document("社会保障卡申领", []).split()
    assert set(search.query_tokens("社保卡")) <= set(doc)
    assert "sbk" in doc


def test_query_tokens_keep_latin_and_split_han():
    assert search.query_tokens("HKQY") == ["hkqy"]
    assert search.query_tokens("户口迁移") == ["户口", "迁移"]


def test_query_is_sanitised_for_fts_syntax():
    tokens = search.query_tokens('户口" OR 1=1 -- *')
    assert all(t.isalnum() for t in tokens)
    assert search.fts5_match(["a", "b"]) == '"a"* AND "b"*'
    assert search.tsquery(["a", "b"]) == "a:* & b:*"
