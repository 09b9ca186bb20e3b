"""BM25 ranking of policy passages and scenarios."""
from guide import search
from guide.passages import Passage, corpus
from guide.search import Bm25Index, PolicyRanker, query_phrases, search_policy, search_scenarios
from guide.tokens import content_words


def test_stop_words_and_punctuation_are_not_content_words():
    assert content_words("居民不开门怎么办？") == ["居民", "不开门"]


def test_the_campaign_question_finds_the_campaign_contents():
    hits = search_policy("百万警进千万家活动主要包括哪些内容?")
    assert any("访民情、解民忧、化矛盾、防风险、查问题、治乱点" in hit.item.text for hit in hits)


def test_results_are_deterministic_and_best_first():
    first = search_policy("群众路线", k=5)
    assert [h.item.id for h in first] == [h.item.id for h in search_policy("群众路线", k=5)]
    assert [h.score for h in first] == sorted((h.score for h in first), reverse=True)


def test_an_empty_or_meaningless_query_finds_nothing():
    assert search_policy("") == []
    assert search_policy("？？？") == []
    assert search_policy("的了吗") == []


def test_k_limits_the_number_of_hits():
    assert len(search_policy("群众路线", k=2)) == 2
    assert search_policy("群众路线", k=0) == []


def passage(number, text, section="", document="文件"):
    return Passage(f"t-{number}", document, section, text)


def test_a_question_outside_the_corpus_finds_nothing_rather_than_a_shared_word():
    for question in ("红烧肉怎么做", "交通违章罚款标准", "民警工资多少", "怎么写询问笔录"):
        assert search_policy(question) == [], question


def test_a_phrase_of_the_question_found_verbatim_raises_the_score(monkeypatch):
    ranker = PolicyRanker([passage(1, "要及时调解邻里纠纷，群众满意。"), passage(2, "邻里纠纷要调解，群众满意。")])
    assert query_phrases("怎么调解邻里纠纷") == ["调解邻里纠纷"]
    with_phrases = {hit.item.id: hit.score for hit in ranker.search("怎么调解邻里纠纷")}
    monkeypatch.setattr(search, "PHRASE_WEIGHT", 0.0)
    without = {hit.item.id: hit.score for hit in ranker.search("怎么调解邻里纠纷")}
    assert with_phrases["t-1"] > without["t-1"] and with_phrases["t-2"] == without["t-2"]


def test_the_section_heading_counts_towards_the_ranking():
    text = "做好矛盾纠纷化解工作，服务人民。"
    ranker = PolicyRanker([passage(1, text, section="总则"), passage(2, text, section="矛盾纠纷化解")])
    assert ranker.search("矛盾纠纷化解")[0].item.id == "t-2"


def test_a_passage_repeating_a_better_hit_is_left_out():
    repeated = "群众路线是我们党的生命线和根本工作路线，密切联系群众是巩固党的执政地位的关键。"
    ranker = PolicyRanker([passage(1, repeated), passage(2, "另外，" + repeated), passage(3, "群众路线要求问计于民。")])
    assert sorted(hit.item.id for hit in ranker.search("群众路线", k=3)) == ["t-1", "t-3"]


def test_the_corpus_holds_each_text_once():
    texts = [passage.text for passage in corpus()]
    assert len(texts) == len(set(texts))


def test_scenario_texts_can_be_searched():
    assert search_scenarios("警民联系卡插入门缝")[0].item.id == 4


def test_ties_keep_index_order():
    index = Bm25Index(["a", "b"], ["群众工作", "群众工作"])
    assert [hit.item for hit in index.search("群众工作")] == ["a", "b"]


def test_a_repeated_term_counts_at_most_a_few_times_and_a_long_query_keeps_its_first_terms():
    from guide.search import MAX_QUERY_TERMS, MAX_TERM_REPEATS, counted_terms

    assert counted_terms("群众" * 500)["群众"] == MAX_TERM_REPEATS
    assert len(counted_terms("".join(chr(0x4E00 + 7 * i) for i in range(1000)))) == MAX_QUERY_TERMS


def test_a_query_repeating_one_word_finds_what_the_word_typed_three_times_finds():
    assert [hit.item.id for hit in search_policy("群众" * 500, k=5)] == [hit.item.id for hit in search_policy("群众" * 3, k=5)]
