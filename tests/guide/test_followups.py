"""Reading what a follow-up asks: which step, and which scenario a twist is about."""

import pytest

from guide.followups import (
    closest_of,
    in_context,
    is_short,
    message_length,
    stays_at_boundary,
    step_reference,
    unsure_follow_up,
)


@pytest.mark.parametrize(
    "text, step",
    [
        ("第二步什么意思", 2),
        ("第3条咋做", 3),
        ("②是啥", 2),
        ("step 2?", 2),
        ("what about the third step", 3),
        ("最后一条怎么理解", 5),
        ("2点具体说说", 2),
        ("第两个没看懂", 2),
    ],
)
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
    assert closest_of([21, 22], [(3, 0.9), (11, 0.01)], current=11) == 11, (
        "an unrelated scenario is never a twist's target"
    )
    assert closest_of([], [(21, 0.9)], current=11) == 11


def test_an_unsure_message_is_a_follow_up_when_follow_ups_hold_most_of_the_confidence():
    assert unsure_follow_up([("ask_step", 0.63), ("what_if", 0.36), ("scenario_19", 0.01)]) == "ask_step"
    assert unsure_follow_up([("ask_more", 0.3), ("ask_policy_basis", 0.25), ("scenario_08", 0.2)]) == "ask_more"
    assert unsure_follow_up([("scenario_09", 0.3), ("emergency", 0.14), ("what_if", 0.1)]) is None


def test_a_short_message_is_too_short_to_describe_a_situation():
    assert is_short("what else?") and is_short("那咋整！")
    assert not is_short("居民家的狗很凶我不敢进门怎么办")


def test_an_english_word_counts_as_two_characters_not_as_its_letters():
    assert message_length("and after we get him down?") == 12
    assert message_length("再多说两句 ok") == 7
    assert not is_short("The dog downstairs is fierce and I dare not go in")


def test_an_unsure_message_stays_with_the_scenario_discussed_when_it_is_among_the_likeliest():
    assert in_context([(None, 0.27), (8, 0.26), (21, 0.17)], current=8, related=(23, 9, 10)) == 8


def test_an_unsure_message_moves_to_a_related_scenario_the_classifier_ranks_among_the_likeliest():
    assert in_context([(21, 0.62), (24, 0.10), (3, 0.07)], current=11, related=(22, 24, 21)) == 21


def test_a_related_scenario_ranked_below_the_current_one_does_not_take_over_unless_clearly_preferred():
    assert in_context([(19, 0.40), (4, 0.30), (2, 0.1)], current=19, related=(4, 5, 14)) == 19


def test_an_unsure_message_far_from_the_conversation_is_not_read_in_its_context():
    assert in_context([(16, 0.3), (28, 0.2), (2, 0.1), (11, 0.05)], current=11, related=(22, 24, 21)) is None


def test_a_short_message_after_a_boundary_reply_stays_with_it():
    assert stays_at_boundary("门踹不开 先干嘛", "emergency", ["scenario_04", "emergency"])
    assert stays_at_boundary("what do I do first?", "emergency", ["scenario_17"])
    assert stays_at_boundary("and after we get him down?", "emergency", ["scenario_10", "scenario_08"])


def test_a_longer_message_stays_when_the_classifier_ranks_the_boundary_kind_among_its_likeliest():
    assert stays_at_boundary(
        "家属已经把两万五赔偿款提存了，对程序有影响吗",
        "police_procedure",
        ["scenario_21", "police_procedure", "scenario_23"],
    )


def test_a_fully_described_new_situation_moves_on_from_the_boundary():
    assert not stays_at_boundary(
        "另外问个事，我们片有户孤寡老人子女都在外地，过年前怎么去看望比较合适",
        "emergency",
        ["scenario_06", "scenario_10", "scenario_01"],
    )
