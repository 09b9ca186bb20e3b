"""The settings of config.yml's NLU pipeline, read in one place for the scripts that train or score the
classifier outside Rasa (``make eval``, ``make compare``, ``make boundary-cost``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict

import yaml

CONFIG = Path(__file__).resolve().parent.parent / "config.yml"


def pipeline_step(name: str, config: Path = CONFIG) -> Dict[str, Any]:
    """The settings of the pipeline step whose name ends with ``name``; a missing step is an error."""
    pipeline = yaml.safe_load(config.read_text(encoding="utf-8"))["pipeline"]
    step = next((step for step in pipeline if str(step["name"]).endswith(name)), None)
    if step is None:
        raise KeyError(f"{config}: no pipeline step named …{name}")
    return step


@dataclass(frozen=True)
class Fallback:
    """FallbackClassifier's settings: below ``threshold``, or with the second this close, it is unsure."""

    threshold: float
    ambiguity: float


def fallback_settings(config: Path = CONFIG) -> Fallback:
    """The FallbackClassifier's threshold and ambiguity threshold in ``config``."""
    step = pipeline_step("FallbackClassifier", config)
    return Fallback(float(step["threshold"]), float(step["ambiguity_threshold"]))
