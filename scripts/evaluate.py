"""`make eval`: scenario recognition of the trained model and policy hit@3, printed as figures.

    python scripts/evaluate.py --questions tests/data/heldout_questions.tsv
    python scripts/evaluate.py --policy-questions tests/data/policy_questions.tsv
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path
from typing import Callable, List

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from guide.evaluation import (  # noqa: E402
    Prediction,
    prediction_from_parse,
    read_labelled_lines,
    read_scenario_questions,
    score_policy,
    score_scenarios,
)
from guide.search import search_policy  # noqa: E402

DEFAULT_MODEL = Path("models/fengqiao.tar.gz")


def rasa_predictor(model: Path) -> Callable[[str], Prediction]:
    """Predictions of a trained Rasa model, loaded in this process."""
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # otherwise every parse is logged at debug level
    agent = Agent.load(str(model))
    loop = asyncio.new_event_loop()
    return lambda text: prediction_from_parse(loop.run_until_complete(agent.parse_message(text)))


def print_lines(title: str, lines: List[str]) -> None:
    print(f"\n== {title}")
    for line in lines:
        print(f"  {line}")


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=Path, help="scenario<TAB>question file (0 = out of scope)")
    parser.add_argument("--policy-questions", type=Path, help="expected-text<TAB>question file")
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    args = parser.parse_args(argv)
    if not args.questions and not args.policy_questions:
        parser.error("give --questions and/or --policy-questions")
    if args.questions:
        questions = read_scenario_questions(args.questions)
        report = score_scenarios(questions, rasa_predictor(args.model))
        print_lines(f"scenarios: {args.questions} with {args.model}", report.lines())
        print_lines(f"misses ({len(report.misses)})", report.misses)
    if args.policy_questions:
        pairs = read_labelled_lines(args.policy_questions)
        hit_rate, misses = score_policy(pairs, lambda q: search_policy(q, k=3))
        print_lines(f"policy: {args.policy_questions}", [f"questions: {len(pairs)}", f"hit@3: {hit_rate:.3f}"])
        print_lines(f"misses ({len(misses)})", misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
