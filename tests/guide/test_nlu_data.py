"""Reading Rasa NLU files as plain examples."""

from guide.nlu_data import read_nlu_examples


def test_examples_are_read_with_their_intents_and_comments_skipped(tmp_path):
    (tmp_path / "a.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: scenario_04\n  examples: |\n'
        "    # comment\n    - 不开门咋整\n    - 敲门没人应\n"
        "- regex: id\n  examples: |\n    - \\d+\n",
        encoding="utf-8",
    )
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.yml").write_text("nlu:\n- intent: greet\n  examples: |\n    - 你好\n", encoding="utf-8")
    assert read_nlu_examples(tmp_path) == (
        ["不开门咋整", "敲门没人应", "你好"],
        ["scenario_04", "scenario_04", "greet"],
    )


def test_the_project_has_training_examples_for_every_scenario():
    from guide.scenarios import field_guide

    _, intents = read_nlu_examples()
    assert {scenario.intent for scenario in field_guide().scenarios.values()} <= set(intents)
