"""Which visit situation a look-up question clearly describes."""

import numpy as np

from guide.protocol import FOLLOW_UP_INTENTS
from guide.scenarios import scenario_id_from_intent
from guide.situations import SituationReader, situation_reader

FLOOR, MARGIN = 0.3, 0.8


def test_a_visit_situation_in_the_officer_s_words_is_read_as_its_scenario():
    assert situation_reader().clear_scenario("敲门敲了半天，屋里明明有动静就是不开门，咋整", FLOOR, MARGIN) == 4


def test_a_policy_question_or_a_police_matter_is_no_visit_situation():
    reader = situation_reader()
    assert reader.clear_scenario("群众路线的实质是什么", FLOOR, MARGIN) is None
    assert reader.clear_scenario("行政拘留最长能关几天", FLOOR, MARGIN) is None


def test_an_unclear_lead_is_no_situation_and_only_the_scenarios_examples_give_officers_words():
    reader = SituationReader(
        ["居民不开门怎么办", "敲门没人应", "邻居吵架怎么调解", "年休假有几天"],
        ["scenario_04", "scenario_04", "scenario_21", "out_of_scope"],
        min_uses=1,
    )
    assert reader.clear_scenario("今天", FLOOR, MARGIN) is None
    assert "敲门" in reader.words and "年休假" not in reader.words


def test_a_word_only_one_or_two_accounts_mention_is_no_officers_word():
    texts = ["民工没领到工资来找我", "工资拖了半年", "敲门没人应", "敲门不开", "敲门几次都不开"]
    reader = SituationReader(texts, ["scenario_07"] * 2 + ["scenario_04"] * 3, min_uses=3)
    assert "敲门" in reader.words and "工资" not in reader.words


def lead_over(reader, question):
    """The first intent's lead over the next scenario and over the next intent that is neither a scenario nor
    a follow-up."""
    scores = reader.model.logits([question])[0]
    order = np.argsort(-scores, kind="stable")[1:]
    labels = [reader.model.labels[index] for index in order]
    next_scenario = next(scores[i] for i, label in zip(order, labels) if scenario_id_from_intent(label) is not None)
    next_other = next(
        scores[i]
        for i, label in zip(order, labels)
        if scenario_id_from_intent(label) is None and label not in FOLLOW_UP_INTENTS
    )
    first = scores.max()
    return first - next_scenario, first - next_other


def test_a_scenario_leading_only_its_sibling_scenarios_is_the_leading_scenario():
    reader = situation_reader()
    question = "邻居两家吵起来了我该怎么调解"  # 11 (neighbours' quarrels) first, 22 (simple disputes) close behind
    over_sibling, over_other = lead_over(reader, question)
    assert over_sibling < over_other
    margin = (over_sibling + over_other) / 2  # more than its lead over 22, less than over any other intent
    assert reader.clear_scenario(question, -10.0, margin) is None
    assert reader.leading_scenario(question, -10.0, margin) == 11


def test_a_scenario_close_to_an_intent_that_is_no_scenario_is_no_leading_scenario():
    reader = situation_reader()
    question = "邻居两家吵起来了我该怎么调解"
    _, over_other = lead_over(reader, question)
    assert reader.leading_scenario(question, -10.0, over_other + 0.01) is None
    assert reader.leading_scenario(question, -10.0, over_other - 0.01) == 11


def test_a_policy_question_or_a_police_matter_is_no_leading_scenario():
    reader = situation_reader()
    assert reader.leading_scenario("群众路线的实质是什么", 0.0, 1.0) is None
    assert reader.leading_scenario("醉驾怎么立案", 0.0, 1.0) is None


def test_a_follow_up_s_words_in_a_how_to_question_are_no_other_topic():
    reader = situation_reader()
    question = "邻居两家闹矛盾，调解第一步干啥"  # "第一步" reads like the follow-up asking for a step
    scores = reader.model.logits([question])[0]
    runner_up = reader.model.labels[int(np.argsort(-scores, kind="stable")[1])]
    assert runner_up in FOLLOW_UP_INTENTS
    assert reader.leading_scenario(question, 0.0, 1.0) == 11
