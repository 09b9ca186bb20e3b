"""Reviewed real cases per scenario: quote-anchored like the policy basis, honest when there are none."""

import pytest

from guide.cases import CasesError, cases_of, load_cases, reviewed_cases
from guide.passages import Passage
from guide.scenarios import field_guide

PASSAGES = [
    Passage("001-0001", "文件甲", "一、", "某派出所民警三次上门，终于见到了独居老人。"),
    Passage("001-0002", "文件甲", "二、", "要坚持群众路线。"),
]


def write(tmp_path, text):
    path = tmp_path / "cases.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_case_of_the_project_is_found_in_exactly_one_passage_and_says_why_it_fits():
    cases = reviewed_cases()
    assert set(cases) == set(field_guide().scenarios), "every scenario is listed, with its cases or an empty list"
    for found in cases.values():
        for case in found:
            assert case.quote in case.passage.text and case.reason


def test_a_scenario_without_a_fitting_case_has_none():
    assert cases_of(4) == ()


def test_a_quote_is_resolved_to_its_passage(tmp_path):
    path = write(tmp_path, "scenarios:\n- scenario: 19\n  cases:\n  - quote: 三次上门\n    reason: 多次走访\n")
    (case,) = load_cases(path, PASSAGES)[19]
    assert case.passage.id == "001-0001" and case.reason == "多次走访"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("scenarios:\n- scenario: 19\n  cases:\n  - quote: 不存在的话\n    reason: 多次走访\n", "exactly one passage"),
        ("scenarios:\n- scenario: 19\n  cases:\n  - quote: 三次上门\n", "no reason"),
        ("scenarios:\n- scenario: 19\n  cases: []\n- scenario: 19\n  cases: []\n", "repeated"),
    ],
)
def test_a_broken_cases_file_fails_loading_with_the_reason(tmp_path, text, problem):
    with pytest.raises(CasesError, match=problem):
        load_cases(write(tmp_path, text), PASSAGES)
