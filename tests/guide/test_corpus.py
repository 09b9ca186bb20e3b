"""Building the policy passages from the sources."""

from collections import Counter

from guide.corpus import MAX_PASSAGE_CHARS, MIN_PASSAGE_CHARS, build_passages, pack, sentences, source_documents
from guide.passages import corpus
from guide.text import TERMINAL_PUNCTUATION

BUILT = build_passages()


def test_the_committed_passages_are_what_the_build_command_produces():
    assert tuple(BUILT) == corpus()


def test_every_source_document_except_none_contributes_passages():
    documents = Counter(passage.id.split("-")[0] for passage in BUILT)
    assert set(documents) == {document.id for document in source_documents()}


def test_the_30_scenarios_are_not_policy_passages():
    assert not any("将警民联系卡插入门缝" in passage.text for passage in BUILT)
    assert any("百万警进千万家" in passage.text for passage in BUILT)


def test_the_table_of_contents_is_left_out_and_front_matter_is_only_in_its_own_passages():
    assert not any("/1" in passage.text for passage in BUILT if passage.section != "版权页")
    assert all(passage.section == "版权页" for passage in BUILT if "ISBN" in passage.text)


def test_the_books_front_matter_facts_are_passages_numbered_apart_so_the_other_ids_stay():
    front = [passage for passage in BUILT if passage.section == "版权页"]
    assert [passage.id for passage in front] == [f"001-F{number:03d}" for number in range(1, len(front) + 1)]
    assert any("出版发行:中共党史出版社。" in passage.text for passage in front)
    assert any("定价:16.00元。" in passage.text for passage in front)
    assert front[0].text.startswith("图书在版编目(CIP)数据。")  # the title page before it ("本书编写组") is no fact
    numbered = [passage.id for passage in BUILT if passage.id.startswith("001-") and passage not in front]
    assert numbered[0] == "001-0001" and all(passage_id[4:].isdigit() for passage_id in numbered)


def test_passages_end_at_a_sentence_boundary_and_only_a_long_sentence_makes_one_overlong():
    for passage in BUILT:
        assert passage.text[-1] in TERMINAL_PUNCTUATION, passage.id
        longest_sentence = max(len(sentence) for sentence in sentences(passage.text))
        assert len(passage.text) <= MAX_PASSAGE_CHARS or longest_sentence > MAX_PASSAGE_CHARS - MIN_PASSAGE_CHARS


def test_each_passage_is_cited_by_document_title_and_nearest_heading():
    passage = next(p for p in BUILT if "严格按照要求落实“四带头" in p.text)
    assert passage.citation == "千警进千万家工作总结（社区民警走访常见30例问题及解决方法） · 千警进千万家工作总结"


def test_packing_keeps_sentences_whole():
    sentence = "这是一个完整的句子，有三十多个字，用来测试分段不会切断句子。"
    packed = list(pack([sentence * 10]))
    assert "".join(packed) == sentence * 10
    assert all(part.endswith("。") for part in packed)


def test_domain_terms_are_tagged_on_passages():
    passage = next(p for p in BUILT if "枫桥式公安派出所" in p.text)
    assert "枫桥式公安派出所" in passage.terms
