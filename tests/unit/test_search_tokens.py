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


def test_traditional_is_folded_to_simplified_on_both_sides():
    assert search.simplified("戶口遷移") == "户口迁移"
    assert search.query_tokens("戶口遷移") == search.query_tokens("户口迁移")
    assert search.name_document("戶口遷移", ["身份證"]) == search.name_document("户口迁移", ["身份证"])
    body = search.body_document("辦理戶口", ["醫保"], "市公安局")
    assert body == search.body_document("办理户口", ["医保"], "市公安局")
    assert search.fold(" 戶口  遷移 ") == "户口 迁移" and search.fold("ID Card") == "id card"


def test_simplified_text_is_left_as_it_is():
    for text in ("户口迁移", "社会保障卡申领", "不动产转移登记（存量房买卖）", "乾隆", "hukou"):
        assert search.simplified(text) == text.replace("（", "(").replace("）", ")")


def test_full_width_input_is_plain():
    assert search.query_tokens("ＨＫＱＹ") == ["hkqy"] and search.query_tokens("８０岁") == search.query_tokens("80岁")


def test_english_names_are_words_in_the_name_document():
    doc = search.name_document("居民身份证换领", [], "Resident ID card renewal").split()
    assert {"resident", "id", "card", "renewal"} <= set(doc)


def test_english_queries_drop_plurals_and_filler_words_beside_real_words():
    assert search.query_tokens("ID cards") == ["id", "card"]
    assert search.query_tokens("licence for a business") == ["licence", "business"]
    assert search.query_tokens("business") == ["business"]  # -ss is not a plural
    assert search.query_tokens("xi an") == ["xi", "an"]  # short pinyin syllables are not filler words
    assert search.query_tokens("for") == ["for"]  # a filler word alone is still a query


def test_english_synonyms_match_whole_words_only():
    assert "license" in search.name_document("个体工商户设立登记", [], "Business licence").split()
    assert "license" not in search.name_document("测试", [], "Licenced premises check").split()


def test_tokens_implied_by_a_longer_token_are_not_sent_to_the_index():
    assert search.essential(["公积", "积金", "公积金", "提取"]) == ["积金", "公积金", "提取"]
    assert search.fts5_match(["身份", "身份证"]) == '"身份证"*'
    assert search.tsquery(["hukou", "hu"]) == "hukou:*" and search.tsquery(["hukou", "hk"]) == "hukou:* & hk:*"


def test_underscores_never_reach_the_index_syntax():
    assert search.query_tokens("a_b") == ["ab"] and search.query_tokens("_") == []
