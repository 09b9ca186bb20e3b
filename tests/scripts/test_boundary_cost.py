"""What the boundary kinds cost the visit situations: the same examples trained with and without them."""

from guide.evaluation import LabelledQuestion
from rasa_runtime.pipeline_settings import Fallback
from scripts.boundary_cost import Answers, Cost, answers, table, trained, visit_scenario

EXAMPLES = [  # five of each: the classifier's temperature is fitted on 5-fold predictions, as in config.yml
    *[
        (text, "scenario_04")
        for text in ("居民不开门怎么办", "敲门没人应咋整", "住户老是不开门", "敲了半天门不开", "不给开门咋办")
    ],
    *[
        (text, "scenario_11")
        for text in ("邻居吵架怎么调解", "两家邻居闹矛盾", "楼上楼下吵起来了", "邻里纠纷咋调", "邻居为车位吵")
    ],
    *[
        (text, "emergency")
        for text in ("楼顶有人要跳楼", "屋里煤气味很重", "有人拿刀砍人", "老人倒地不动了", "孩子掉河里了")
    ],
]
TEXTS, LABELS = [text for text, _ in EXAMPLES], [label for _, label in EXAMPLES]
ANYTHING = Fallback(threshold=0.0, ambiguity=0.0)


def test_a_message_the_emergency_guard_takes_gets_no_visit_method_only_with_the_boundary():
    model = trained(TEXTS, LABELS)
    door_and_gas = "居民不开门，门缝里有煤气味"  # the classifier reads the door; the reviewed gas signal is in it
    assert visit_scenario(model, door_and_gas, ANYTHING, guarded=False) == 4
    assert visit_scenario(model, door_and_gas, ANYTHING, guarded=True) is None
    assert visit_scenario(model, "居民不开门咋整", ANYTHING, guarded=True) == 4


def test_an_unsure_classifier_gives_no_visit_method():
    model = trained(TEXTS, LABELS)
    too_low, too_close = Fallback(threshold=1.01, ambiguity=0.0), Fallback(threshold=0.0, ambiguity=1.0)
    assert visit_scenario(model, "居民不开门咋整", too_low, guarded=False) is None
    assert visit_scenario(model, "居民不开门咋整", too_close, guarded=False) is None


def test_visits_answered_right_and_boundary_questions_given_a_method_are_counted_apart():
    questions = [
        LabelledQuestion(4, "short", "居民不开门咋整"),
        LabelledQuestion(11, "short", "两家邻居闹矛盾咋办"),
        LabelledQuestion(0, "oos", "楼顶有人要跳楼", "emergency"),
    ]
    with_boundary = answers(trained(TEXTS, LABELS), questions, ANYTHING, guarded=True)
    without = answers(trained(TEXTS[:10], LABELS[:10]), questions, ANYTHING, guarded=False)
    assert (with_boundary.visits, with_boundary.answered, with_boundary.right) == (2, 2, 2)
    assert (with_boundary.boundary_questions, with_boundary.boundary_given_a_method) == (1, 0)
    assert without.boundary_given_a_method == 1  # with no emergency intent and no guard, the jumper gets a method


def test_the_table_shows_the_drop_in_points():
    with_boundary = Answers(visits=100, answered=60, right=55, boundary_questions=10, boundary_given_a_method=1)
    without = Answers(visits=100, answered=63, right=57, boundary_questions=10, boundary_given_a_method=4)
    row = table({"x.tsv": Cost(with_boundary, without)})[-1]
    assert row == "| x.tsv | 100 | 0.600 | 0.630 | 3.0 | 55 / 57 | 1 / 4 of 10 |"
