"""What the look-up can show, and how each is labelled."""

from guide.lookup_entries import METHOD_STEP, method_entries, passage_entries, step_runs
from guide.passages import Passage
from guide.scenarios import field_guide


def test_steps_ending_in_a_comma_go_on_in_the_next_step():
    assert step_runs(["张贴公示栏，", "上门入户走访，", "参加巡逻巡查。", "另一句。"]) == [(1, 3), (4, 4)]


def test_each_method_sentence_is_labelled_with_its_scenario_and_steps():
    entries = method_entries([field_guide().scenarios[4], field_guide().scenarios[12]])
    assert entries[0].kind == METHOD_STEP and entries[0].label == "指引第4问「居民不愿开门」· 处理方法第①步"
    assert entries[-1].label == "指引第12问「提高群众熟悉率」· 处理方法第①–⑥步"


def test_a_short_passage_heads_the_next_one_of_its_section():
    passages = [Passage("1", "文件", "节", "三是清正廉洁。"), Passage("2", "文件", "节", "努力做到不正之风不染。")]
    entries = passage_entries(passages)
    assert entries[1].heading == "节。三是清正廉洁。" and entries[1].label == "文件 · 节"
    assert entries[0].sentences == ("三是清正廉洁。",)
