"""The reviewed training file: Rasa's format, one example per line, stable order, no repeats."""

import threading

import pytest
import yaml

from guide.nlu_data import examples_of
from learning.reviewed_examples import DuplicateExample, ReviewedExamples, UnwritableExample


@pytest.fixture
def other(tmp_path):
    path = tmp_path / "nlu" / "scenarios.yml"
    path.parent.mkdir()
    path.write_text(
        'version: "3.1"\nnlu:\n- intent: scenario_04\n  examples: |\n    - 居民不开门怎么办\n', encoding="utf-8"
    )
    return path


@pytest.fixture
def reviewed(tmp_path, other):
    return ReviewedExamples(tmp_path / "nlu" / "reviewed.yml", [other])


def test_examples_are_written_in_rasa_format_intents_sorted_examples_in_the_order_added(reviewed):
    reviewed.add("狗很凶不敢进门", "scenario_04")
    reviewed.add("帮我查个车牌", "out_of_scope")
    reviewed.add("敲门没人应  第二次了", "scenario_04")
    text = reviewed.path.read_text(encoding="utf-8")
    assert "- intent: out_of_scope\n  examples: |\n    - 帮我查个车牌\n- intent: scenario_04\n" in text
    assert examples_of(reviewed.path) == [
        ("帮我查个车牌", "out_of_scope"),
        ("狗很凶不敢进门", "scenario_04"),
        ("敲门没人应 第二次了", "scenario_04"),
    ]
    assert yaml.safe_load(text)["version"] == "3.1"


def test_an_example_already_in_any_training_file_is_refused_even_with_other_punctuation(reviewed):
    with pytest.raises(DuplicateExample) as refused:
        reviewed.add("居民不开门怎么办？", "scenario_05")
    assert refused.value.intent == "scenario_04"
    reviewed.add("狗很凶，不敢进门", "scenario_04")
    with pytest.raises(DuplicateExample):
        reviewed.add("狗很凶,不敢进门", "out_of_scope")


def test_removing_the_last_example_leaves_a_valid_empty_file(reviewed):
    reviewed.add("狗很凶不敢进门", "scenario_04")
    assert reviewed.remove("狗很凶不敢进门", "scenario_04") is True
    assert reviewed.remove("狗很凶不敢进门", "scenario_04") is False
    assert yaml.safe_load(reviewed.path.read_text(encoding="utf-8"))["nlu"] == []


def test_concurrent_writers_lose_no_example(reviewed):
    texts = [f"第{n}个问题" for n in range(20)]
    threads = [threading.Thread(target=reviewed.add, args=(text, "out_of_scope")) for text in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(reviewed.read()["out_of_scope"]) == sorted(texts)


def test_text_a_yaml_file_cannot_hold_is_refused_and_the_file_stays_readable(reviewed):
    reviewed.add("狗很凶不敢进门", "scenario_04")
    for text in ("控制\x9a字符", "空\x00字符", "孤立\ud857代理"):
        with pytest.raises(UnwritableExample):
            reviewed.add(text, "out_of_scope")
    assert reviewed.read() == {"scenario_04": ["狗很凶不敢进门"]}


def test_an_invisible_character_does_not_make_an_evaluation_question_a_new_one():
    from learning.reviewed_examples import comparable, normalised

    assert comparable("居民\u200b不开门\u2060怎么办\ufeff") == comparable("居民不开门怎么办")
    assert normalised("居民\u200b不开门") == "居民不开门"
