"""Closeness of a question to each scenario's known phrasings."""
from guide.phrasings import Phrasings, scenario_phrasings
from guide.scenarios import field_guide

PHRASINGS = Phrasings(["居民不开门怎么办", "敲门没人应", "邻居吵架怎么调解"], [4, 4, 21])


def test_the_nearest_phrasing_of_each_scenario_gives_its_closeness_best_first():
    closeness = PHRASINGS.closeness("居民不开门")
    assert list(closeness) == [4, 21] and closeness[4] > closeness[21]


def test_a_question_sharing_no_character_is_close_to_nothing():
    assert PHRASINGS.closeness("xyz") == {}


def test_the_project_phrasings_cover_every_scenario_and_know_the_officers_words():
    phrasings = scenario_phrasings()
    assert set(phrasings.scenario_ids) == set(field_guide().scenarios)
    assert max(phrasings.closeness("走访时居民故意不开门", length=1).items(), key=lambda pair: pair[1])[0] == 4
