"""BM25 ranking of policy passages and scenarios."""
from guide.scenarios import field_guide
from guide.search import Bm25Index, policy_for_scenario, search_policy, search_scenarios
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
    assert len(search_policy("群众", k=2)) == 2
    assert search_policy("群众", k=0) == []


def test_a_scenario_finds_passages_through_its_terms():
    hits = policy_for_scenario(field_guide().scenarios[11])
    assert len(hits) == 3
    assert any("矛盾纠纷" in hit.item.text for hit in hits)


def test_scenario_texts_can_be_searched():
    assert search_scenarios("警民联系卡插入门缝")[0].item.id == 4


def test_ties_keep_index_order():
    index = Bm25Index(["a", "b"], ["群众工作", "群众工作"])
    assert [hit.item for hit in index.search("群众工作")] == ["a", "b"]
