"""The README's recipe for adding a scenario is true: a 31st scenario added to a copy of the project,
following the recipe step by step, passes the fast tier there. Run by `make test-recipe` (part of
`make test`): it copies the project and runs the fast tier in the copy, so it is kept out of the fast tier.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from guide.paths import ROOT

pytestmark = pytest.mark.recipe

SCENARIO = """- id: 31
  title: 帮群众代写材料
  group: service
  question: 走访时群众请民警帮忙代写申请材料怎么办？
  method: >-
    群众不会写材料时，民警要耐心听清诉求，帮助梳理事实。能当场帮助填写的就帮助填写，不能代办的要讲清楚去哪里办、怎么办。
  steps:
  - 群众不会写材料时，民警要耐心听清诉求，帮助梳理事实。
  - 能当场帮助填写的就帮助填写，不能代办的要讲清楚去哪里办、怎么办。
  terms:
  - 服务群众
  - 办实事
  related:
  - 1
  - 2
"""
EXAMPLES = """- intent: scenario_31  # 走访时群众请民警帮忙代写申请材料怎么办？
  examples: |
    - 走访时群众请民警帮忙代写申请材料怎么办？
    - 老人不识字让我帮他写低保申请
    - 居民拿着一张表让我帮忙填
    - 大爷想让我替他写个情况说明交给街道
    - A resident asked me to write an application letter for her, what should I do?
"""
POLICY_BASIS = """- scenario: 31
  level: principle
  links:
  - quote: 对合理的微心愿做到件件有回音、有办理
    reason: 群众的合理请求要件件有回音、有办理
    passage: 002-0060
"""
NO_CASES = """- scenario: 31
  cases: []
"""


def project_copy(destination: Path) -> Path:
    """The project's tracked files, copied to ``destination``."""
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split(
        "\n"
    )
    for name in filter(None, tracked):
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, destination / name)
    return destination


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")


def test_a_31st_scenario_added_by_the_recipe_passes_the_fast_tier(tmp_path):
    copy = project_copy(tmp_path / "project")
    knowledge = copy / "data" / "knowledge"
    append(knowledge / "scenarios.yml", SCENARIO)  # steps 1-2
    append(copy / "data" / "nlu" / "service.yml", EXAMPLES)  # step 3: the group's NLU file…
    append(knowledge / "policy_basis.yml", POLICY_BASIS)  # …its policy basis…
    append(knowledge / "scenario_cases.yml", NO_CASES)  # …and its cases (none fits yet)
    subprocess.run(
        [sys.executable, "-m", "guide.rasa_files"], cwd=copy, check=True, capture_output=True
    )  # make rasa-files
    fast_tier = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            "-m",
            "not e2e and not scale and not recipe",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
    )
    assert fast_tier.returncode == 0, fast_tier.stdout[-3000:]
    assert "scenario_31" in (copy / "domain.yml").read_text(encoding="utf-8")
