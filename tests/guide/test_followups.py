"""Reading what a follow-up asks: which step, and which scenario a twist is about."""
import pytest

from guide.followups import closest_of, is_short, step_reference, unsure_follow_up


@pytest.mark.parametrize("text, step", [
    ("第二步什么意思", 2), ("第3条咋做", 3), ("②是啥", 2), ("step 2?", 2), ("what about the third step", 3),
    ("最后一条怎么理解", 5), ("2点具体说说", 2), ("第两个没看懂", 2),
])
def test_a_named_step_is_read_in_chinese_numerals_digits_circled_numbers_and_english(text, step):
    assert step_reference(text, current=None, count=5) == step


def test_next_and_previous_are_relative_to_the_step_shown_last():
    assert step_reference("下一步", current=2, count=5) == 3
    assert step_reference("上一条呢", current=2, count=5) == 1
    assert step_reference("next", current=None, count=5) == 1


def test_a_step_beyond_the_method_is_still_reported_so_the_reply_can_say_how_many_there_are():
    assert step_reference("第五步", current=None, count=2) == 5


def test_a_message_that_names_no_step_names_none():
    assert step_reference("说具体点", current=1, count=5) is None
    assert step_reference("上一步", current=1, count=5) is None


def test_a_twist_stays_with_the_current_scenario_unless_a_related_one_is_clearly_preferred():
    assert closest_of([21, 22], [(21, 0.3), (11, 0.2)], current=11) == 11
    assert closest_of([21, 22], [(21, 0.5), (11, 0.1)], current=11) == 21
    assert closest_of([21, 22], [(3, 0.9), (11, 0.01)], current=11) == 11, "an unrelated scenario is never a twist's target"
    assert closest_of([], [(21, 0.9)], current=11) == 11


def test_an_unsure_message_is_a_follow_up_when_follow_ups_hold_most_of_the_confidence():
    assert unsure_follow_up([("ask_step", 0.63), ("what_if", 0.36), ("scenario_19", 0.01)]) == "ask_step"
    assert unsure_follow_up([("ask_more", 0.3), ("ask_policy_basis", 0.25), ("scenario_08", 0.2)]) == "ask_more"
    assert unsure_follow_up([("scenario_09", 0.3), ("emergency", 0.14), ("what_if", 0.1)]) is None


def test_a_short_message_is_too_short_to_describe_a_situation():
    assert is_short("what else?") and is_short("那咋整！")
    assert not is_short("居民家的狗很凶我不敢进门怎么办")
