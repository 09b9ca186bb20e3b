"""Score trained models on labelled question sets; the admin console's side-by-side comparison.

    python -m scripts.compare_models --model live=models/fengqiao.tar.gz --model new=models/x.tar.gz \
        --questions tests/data/blind_dev.tsv --out var/comparison.json

Writes ``{"live": {"blind_dev.tsv": {"top1": …, …}}, "new": {…}}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

from guide.evaluation import Prediction, read_scenario_questions, score_scenarios
from guide.scenarios import field_guide
from learning.model_comparison import answers_changed_for_the_worse, headline
from scripts.evaluate import rasa_predictor


def named_model(value: str) -> tuple:
    name, separator, path = value.partition("=")
    if not separator or not name or not path:
        raise argparse.ArgumentTypeError("expected name=path/to/model.tar.gz")
    return name, Path(path)


def compare(models: List[tuple], question_files: List[Path]) -> Dict[str, Any]:
    """Headline figures of each model on each question set (by file name); with models named ``live``
    and ``new``, also ``worse``: per set, the questions the new model answers worse."""
    sets = {path.name: read_scenario_questions(path) for path in question_files}
    figures: Dict[str, Any] = {}
    predictions: Dict[str, Dict[str, List[Prediction]]] = {}
    for name, model in models:
        predict = rasa_predictor(model)
        predictions[name] = {set_name: [predict(q.text) for q in questions] for set_name, questions in sets.items()}
        figures[name] = {
            set_name: headline(
                score_scenarios(
                    questions, dict(zip((q.text for q in questions), predictions[name][set_name])).__getitem__
                )
            )
            for set_name, questions in sets.items()
        }
        print(f"scored {name} ({model}) on {len(sets)} sets", flush=True)
    if {"live", "new"} <= set(predictions):
        guide = field_guide()
        figures["worse"] = {
            set_name: answers_changed_for_the_worse(
                questions, predictions["live"][set_name], predictions["new"][set_name], guide
            )
            for set_name, questions in sets.items()
        }
    return figures


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=named_model, action="append", required=True)
    parser.add_argument("--questions", type=Path, nargs="+", required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    figures = compare(args.model, args.questions)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
