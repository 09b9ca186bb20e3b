"""Reviewed policy links: quotes resolve to passages, every scenario is covered, caveats are honest."""

import pytest

from guide.passages import Passage, corpus
from guide.policy_basis import (
    AUTOMATIC_NOTICE,
    PRINCIPLE_NOTICE,
    PolicyBasisError,
    load_policy_basis,
    policy_basis,
    reviewed_policy_basis,
)
from guide.scenarios import Scenario, field_guide

PASSAGES = [
    Passage("t-1", "文件甲", "一、总则", "对群众提出的合理诉求，凡事能做到的，要积极地予以解决。"),
    Passage("t-2", "文件甲", "二、方法", "小事不出村、大事不出乡、矛盾不上交。"),
]


def write(tmp_path, text):
    path = tmp_path / "basis.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_quote_resolves_to_the_one_passage_that_contains_it(tmp_path):
    path = write(
        tmp_path,
        """scenarios:
- scenario: 9
  level: specific
  links:
  - quote: "凡事能做到的，要积极地予以解决"
    reason: 说明合理诉求能办的要办
""",
    )
    basis = load_policy_basis(path, PASSAGES)[9]
    assert [link.passage.id for link in basis.links] == ["t-1"]
    assert basis.links[0].reason == "说明合理诉求能办的要办"
    assert basis.notice is None and basis.reviewed


@pytest.mark.parametrize("quote", ["这句话不在任何段落里", "。"])
def test_a_quote_that_names_no_passage_or_several_fails_loading(tmp_path, quote):
    path = write(
        tmp_path,
        f"""scenarios:
- scenario: 9
  level: specific
  links:
  - quote: "{quote}"
    reason: 理由
""",
    )
    with pytest.raises(PolicyBasisError, match="exactly one passage"):
        load_policy_basis(path, PASSAGES)


@pytest.mark.parametrize(
    "entry",
    [
        "- scenario: 9\n  level: vague\n  links: [{quote: 小事不出村, reason: 理由}]",
        "- scenario: 9\n  level: specific\n  links: []",
        "- scenario: 9\n  level: specific\n  links: [{quote: 小事不出村}]",
        "- scenario: 9\n  level: specific\n  links: [{quote: 小事不出村, reason: a}, {quote: 大事不出乡, reason: b}]",
        "- level: specific\n  links: [{quote: 小事不出村, reason: 理由}]",
    ],
)
def test_a_malformed_entry_fails_loading_with_a_clear_error(tmp_path, entry):
    with pytest.raises(PolicyBasisError):
        load_policy_basis(write(tmp_path, "scenarios:\n" + entry + "\n"), PASSAGES)


def test_a_principle_level_scenario_says_so(tmp_path):
    path = write(
        tmp_path, "scenarios:\n- scenario: 4\n  level: principle\n  links: [{quote: 小事不出村, reason: 理由}]\n"
    )
    assert load_policy_basis(path, PASSAGES)[4].notice == PRINCIPLE_NOTICE


def test_every_scenario_has_reviewed_links_that_resolve_in_the_corpus():
    basis = reviewed_policy_basis()
    assert set(basis) == set(field_guide().scenarios)
    for scenario_basis in basis.values():
        assert 1 <= len(scenario_basis.links) <= 3
        assert all(link.passage in corpus() and link.reason for link in scenario_basis.links)


def test_no_passage_is_shown_twice_for_one_scenario():
    for scenario_basis in reviewed_policy_basis().values():
        texts = [link.passage.text for link in scenario_basis.links]
        assert len(texts) == len(set(texts))


def test_a_scenario_without_a_reviewed_entry_is_looked_up_and_marked_unreviewed():
    unknown = Scenario(
        id=99,
        title="群众矛盾纠纷化解",
        question="如何化解矛盾纠纷？",
        method="",
        steps=(),
        group="mediation",
        terms=("矛盾纠纷", "枫桥经验"),
    )
    basis = policy_basis(unknown)
    assert not basis.reviewed and basis.notice == AUTOMATIC_NOTICE
    assert 1 <= len(basis.links) <= 3
