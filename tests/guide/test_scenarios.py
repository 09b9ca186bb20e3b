"""The 30 scenarios: complete, and faithful to the field guide."""

import pytest

from guide.scenarios import (
    SCENARIO_COUNT,
    extract_from_guide,
    field_guide,
    read_guide_source,
    scenario_id_from_intent,
    scenario_intent,
)

GUIDE = field_guide()
SOURCE = {number: (question, method) for number, question, method in extract_from_guide(read_guide_source())}


def test_every_scenario_of_the_guide_is_present_and_numbered_as_in_the_guide():
    assert set(range(1, SCENARIO_COUNT + 1)) <= set(GUIDE.scenarios)  # a station may add its own after them
    assert sorted(SOURCE) == list(range(1, SCENARIO_COUNT + 1))


@pytest.mark.parametrize("number", range(1, SCENARIO_COUNT + 1))
def test_question_and_method_are_the_guides_words(number):
    scenario = GUIDE.scenarios[number]
    assert (scenario.question, scenario.method) == SOURCE[number]


@pytest.mark.parametrize("number", range(1, SCENARIO_COUNT + 1))
def test_steps_join_back_into_the_method_exactly(number):
    scenario = GUIDE.scenarios[number]
    assert scenario.steps and "".join(scenario.steps) == scenario.method


def test_the_method_of_scenario_4_tells_to_leave_the_contact_card():
    assert "警民联系卡插入门缝" in GUIDE.scenarios[4].method


def test_every_scenario_has_a_title_terms_and_two_or_three_related_scenarios():
    for scenario in GUIDE.scenarios.values():
        assert scenario.title and scenario.terms
        assert 2 <= len(scenario.related) <= 3
        assert scenario.id not in scenario.related
        assert set(scenario.related) <= set(GUIDE.scenarios)


def test_every_scenario_is_in_exactly_one_group():
    grouped = [number for group in GUIDE.groups for number in group.scenario_ids]
    assert sorted(grouped) == sorted(GUIDE.scenarios)
    assert set(range(1, SCENARIO_COUNT + 1)) <= set(GUIDE.scenarios)  # the guide's own are all there


def test_intent_names_map_to_scenario_numbers_and_back():
    assert scenario_intent(4) == "scenario_04"
    assert scenario_id_from_intent("scenario_04") == 4
    assert scenario_id_from_intent("greet") is None
    assert scenario_id_from_intent(None) is None
    assert GUIDE.by_intent("scenario_21").title == "调解时当事人不讲理"
