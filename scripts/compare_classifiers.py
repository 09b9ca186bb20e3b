"""`make compare`: intent classifiers side by side on the held-out questions.

Trains an NLU-only model for each config in scripts/classifier_configs/ (the production pipeline
with the classifier swapped) and scores it, with a plain BM25 matcher over the scenario texts as
the baseline. Fallback thresholds are swept after the fact from the raw rankings, so every
classifier is shown at its own best operating point. Prints a Markdown table for
docs/classifier-comparison.md.
"""
from __future__ import annotations

import argparse
import math
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guide.evaluation import Prediction, read_scenario_questions, score_scenarios  # noqa: E402
from guide.search import search_scenarios  # noqa: E402
from scripts.evaluate import rasa_predictor  # noqa: E402

CONFIGS = ROOT / "scripts" / "classifier_configs"
THRESHOLDS = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
AMBIGUITY = [0.0, 0.1, 0.2]


def train_nlu(config: Path, out: Path) -> Tuple[Path, float]:
    """Train an NLU-only model with ``config``; the model path and the seconds it took."""
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "rasa", "train", "nlu", "--config", str(config), "--nlu", "data/nlu",
         "--out", str(out), "--fixed-model-name", config.stem],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )
    return out / f"{config.stem}.tar.gz", time.monotonic() - started


def bm25_predictor(text: str) -> Prediction:
    """The baseline: scenario texts ranked by BM25, scores turned into shares by a softmax."""
    hits = search_scenarios(text, k=5)
    if not hits:
        return Prediction((), "nlu_fallback")
    exps = [math.exp(hit.score - hits[0].score) for hit in hits]
    shares = tuple(value / sum(exps) for value in exps)
    ranking = tuple(hit.item.intent for hit in hits)
    return Prediction(ranking, ranking[0], shares[0], shares)


def best_operating_point(raw: Sequence[Prediction], questions: Sequence[Tuple[int, str]]) -> Dict[str, float]:
    """The thresholds that maximise answered + declined while answering wrongly at most 2 %
    (or, when no thresholds get that low, the thresholds with the fewest wrong answers)."""
    cached = dict(zip((q for _, q in questions), raw))
    best: Dict[str, float] = {}
    fewest_wrong: Dict[str, float] = {}
    for threshold in THRESHOLDS:
        for ambiguity in AMBIGUITY:
            report = score_scenarios(questions, lambda q: cached[q].with_fallback(threshold, ambiguity))
            answered = report.share(report.answered, report.in_scope)
            declined = report.share(report.declined, report.out_of_scope)
            wrong = report.share(report.answered_wrong, report.in_scope)
            point = {"sum": answered + declined, "threshold": threshold, "ambiguity": ambiguity,
                     "answered": answered, "declined": declined, "wrong": wrong,
                     "top1": report.share(report.top1, report.in_scope),
                     "top3": report.share(report.top3, report.in_scope)}
            if wrong <= 0.02 and point["sum"] > best.get("sum", -1):
                best = point
            if (wrong, -point["sum"]) < (fewest_wrong.get("wrong", 2.0), -fewest_wrong.get("sum", 0.0)):
                fewest_wrong = point
    return best or fewest_wrong


def row(name: str, predict: Callable[[str], Prediction], questions, seconds: float) -> str:
    raw = [predict(question) for _, question in questions]
    point = best_operating_point(raw, questions)
    return (
        f"| {name} | {point['top1']:.3f} | {point['top3']:.3f} | {point['answered']:.3f} | "
        f"{point['wrong']:.3f} | {point['declined']:.3f} | {point['threshold']} / {point['ambiguity']} | {seconds:.0f} s |"
    )


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=Path, default=ROOT / "tests/data/heldout_questions.tsv")
    parser.add_argument("--out", type=Path, default=ROOT / "models/compare")
    parser.add_argument("--only", nargs="*", help="config names to train (default: all)")
    parser.add_argument("--configs", type=Path, default=CONFIGS, help="folder of classifier configs")
    args = parser.parse_args(argv)
    questions = read_scenario_questions(args.questions)
    rows = [row("BM25 over scenario texts (baseline)", bm25_predictor, questions, 0.0)]
    for config in sorted(args.configs.glob("*.yml")):
        if args.only and config.stem not in args.only:
            continue
        model, seconds = train_nlu(config, args.out)
        rows.append(row(config.stem, rasa_predictor(model), questions, seconds))
    print(f"Held-out questions: {args.questions.name}; each row at its best fallback thresholds "
          "(most answered + declined with at most 2 % answered wrongly).\n")
    print("| classifier | top-1 | top-3 | in-scope answered | answered wrongly | out-of-scope declined | threshold / ambiguity | training |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
