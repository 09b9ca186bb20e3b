"""The scenario and boundary parts of Rasa's files are generated from the knowledge and kept fresh."""

import pytest

from guide.boundaries import boundaries
from guide.rasa_files import (
    BOUNDARY_RULES_FILE,
    DOMAIN_FILE,
    SCENARIO_RULES_FILE,
    boundary_rules_text,
    domain_text,
    scenario_rules_text,
)
from guide.scenarios import FieldGuide, Scenario, field_guide


def test_the_committed_domain_and_rules_are_what_make_rasa_files_writes():
    guide = field_guide()
    current = DOMAIN_FILE.read_text(encoding="utf-8")
    assert domain_text(current, guide) == current, "run `make rasa-files`"
    assert SCENARIO_RULES_FILE.read_text(encoding="utf-8") == scenario_rules_text(guide), "run `make rasa-files`"


def test_a_new_scenario_in_the_knowledge_gets_its_intent_and_rule():
    guide = field_guide()
    new = Scenario(id=31, title="新场景", question="新问题？", method="方法。", steps=("方法。",), group="visits")
    bigger = FieldGuide(scenarios={**guide.scenarios, 31: new}, groups=guide.groups)
    assert "  - scenario_31\n  # END" in domain_text(DOMAIN_FILE.read_text(encoding="utf-8"), bigger)
    assert "- rule: answer scenario 31\n  steps:\n  - intent: scenario_31\n" in scenario_rules_text(bigger)


def test_a_domain_without_the_markers_is_refused():
    with pytest.raises(ValueError, match="markers"):
        domain_text("intents:\n  - greet\n", field_guide())


def test_each_boundary_kind_gets_its_intent_and_a_rule_to_its_fixed_reply():
    edges = boundaries()
    assert BOUNDARY_RULES_FILE.read_text(encoding="utf-8") == boundary_rules_text(edges), "run `make rasa-files`"
    domain = DOMAIN_FILE.read_text(encoding="utf-8")
    assert "  - emergency\n  - police_procedure\n  - other_body\n  # END boundary intents" in domain
    assert (
        "- rule: answer boundary emergency\n  steps:\n  - intent: emergency\n  - action: action_answer_boundary"
        in boundary_rules_text(edges)
    )
