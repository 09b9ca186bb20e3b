"""BM25 ranking: the index the look-up builds on, and the scenario index."""

from guide.passages import corpus
from guide.search import MAX_QUERY_TERMS, MAX_TERM_REPEATS, Bm25Index, counted_terms, search_scenarios
from guide.tokens import content_words


def test_stop_words_and_punctuation_are_not_content_words():
    assert content_words("居民不开门怎么办？") == ["居民", "不开门"]


def test_the_corpus_holds_each_text_once():
    texts = [passage.text for passage in corpus()]
    assert len(texts) == len(set(texts))


def test_scenario_texts_can_be_searched():
    assert search_scenarios("警民联系卡插入门缝")[0].item.id == 4


def test_ties_keep_index_order():
    index = Bm25Index(["a", "b"], ["群众工作", "群众工作"])
    assert [hit.item for hit in index.search("群众工作")] == ["a", "b"]


def test_only_items_sharing_a_term_are_candidates():
    index = Bm25Index(["a", "b"], ["群众工作", "交通安全"])
    assert index.candidates(counted_terms("群众")) == [0]


def test_a_repeated_term_counts_at_most_a_few_times_and_a_long_query_keeps_its_first_terms():
    assert counted_terms("群众" * 500)["群众"] == MAX_TERM_REPEATS
    assert len(counted_terms("".join(chr(0x4E00 + 7 * i) for i in range(1000)))) == MAX_QUERY_TERMS
