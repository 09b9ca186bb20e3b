"""config.yml's pipeline settings, read in one place."""

import pytest

from rasa_runtime.pipeline_settings import Fallback, fallback_settings, pipeline_step

CONFIG = """
pipeline:
  - name: rasa_runtime.situation_classifier.SituationClassifier
    word_weight: 0.5
  - name: FallbackClassifier
    threshold: 0.6
    ambiguity_threshold: 0.05
"""


def test_a_step_is_found_by_the_end_of_its_name(tmp_path):
    config = tmp_path / "config.yml"
    config.write_text(CONFIG, encoding="utf-8")
    assert pipeline_step("SituationClassifier", config)["word_weight"] == 0.5
    assert fallback_settings(config) == Fallback(0.6, 0.05)


def test_a_missing_step_is_an_error_that_names_it(tmp_path):
    config = tmp_path / "config.yml"
    config.write_text("pipeline:\n  - name: FallbackClassifier\n    threshold: 0.7\n", encoding="utf-8")
    with pytest.raises(KeyError, match="SituationClassifier"):
        pipeline_step("SituationClassifier", config)


def test_the_projects_fallback_is_config_yml_s():
    assert fallback_settings() == Fallback(0.7, 0.1)
