"""`make compare`: intent-classifier variants side by side, by k-fold cross-validation on the
training data and on blind question sets.

Each variant is the plain scikit-learn model the Rasa component wraps (or, for the baseline,
the same features Rasa's CountVectorsFeaturizer + LogisticRegressionClassifier build), so every
variant is trained and scored in seconds without Rasa. For each variant the fallback threshold is
chosen on its out-of-fold predictions of the training data (the most answered with at most
``MAX_WRONG_IN_CV`` answered wrongly) and then applied unchanged to each blind set.

Prints Markdown tables for docs/classifier-comparison.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Sequence

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

from guide.evaluation import (
    LabelledQuestion,
    Prediction,
    read_scenario_questions,
    score_scenarios,
)
from guide.nlu_data import read_nlu_examples
from guide.understanding import (
    SituationModel,
    ViewWeights,
    fit_temperature,
    out_of_fold_logits,
    softmax,
    word_tokens,
)
from rasa_runtime.situation_classifier import SituationClassifier, scenario_examples

ROOT = Path(__file__).resolve().parent.parent

THRESHOLDS = [round(t, 2) for t in np.arange(0.2, 0.95, 0.05)]
MAX_WRONG_IN_CV = 0.05  # in-scope examples answered with the wrong scenario
MIN_DECLINED_IN_CV = 0.95  # out-of-scope examples not answered with a scenario
FOLDS = 5


class CountBaseline:
    """Today's pipeline before this comparison: raw word 1–2-gram and character 1–3-gram counts and
    a balanced logistic regression (what CountVectorsFeaturizer + LogisticRegressionClassifier do)."""

    temperature = 1.0

    def fit(self, texts: Sequence[str], labels: Sequence[str], sample_weight=None) -> "CountBaseline":
        self.words = CountVectorizer(analyzer=lambda text: _word_ngrams(text))
        self.characters = CountVectorizer(analyzer="char", ngram_range=(1, 3))
        features = hstack([self.words.fit_transform(texts), self.characters.fit_transform(texts)]).tocsr()
        self.classifier = LogisticRegression(max_iter=200, class_weight="balanced", random_state=20240229)
        self.classifier.fit(features, list(labels), sample_weight=sample_weight)
        return self

    @property
    def labels(self) -> List[str]:
        return list(self.classifier.classes_)

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        features = hstack([self.words.transform(texts), self.characters.transform(texts)]).tocsr()
        return self.classifier.decision_function(features)

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        return softmax(self.logits(texts) / self.temperature)


def _word_ngrams(text: str) -> List[str]:
    tokens = word_tokens(text)
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


class LogisticSituationModel(SituationModel):
    """The same TF-IDF views with a balanced logistic regression instead of the linear SVM."""

    def new_classifier(self) -> LogisticRegression:
        return LogisticRegression(C=20.0, max_iter=3000, class_weight="balanced", random_state=self.random_state)


@dataclass(frozen=True)
class Variant:
    """A classifier to compare: how to make it, whether it learns from the guide's own words and
    whether its temperature is fitted on out-of-fold predictions."""

    name: str
    make: Callable[[], object]
    scenario_texts: bool = False
    calibrated: bool = False


def production_config() -> Dict[str, object]:
    """The SituationClassifier settings in config.yml (defaults filled in)."""
    return SituationClassifier.as_configured().config


def production_model() -> SituationModel:
    """An untrained model with config.yml's settings."""
    return SituationClassifier.as_configured().new_model()


VARIANTS = [
    Variant("A. counts + LR (previous pipeline)", CountBaseline),
    Variant("B. TF-IDF words + chars + LR", lambda: LogisticSituationModel(weights=ViewWeights(pinyin=0.0))),
    Variant(
        "C. TF-IDF words + chars + linear SVM", lambda: SituationModel(weights=ViewWeights(pinyin=0.0)), calibrated=True
    ),
    Variant("D. C + pinyin view", lambda: SituationModel(), calibrated=True),
    Variant(
        "E. D + guide's method text, settings of config.yml (production)",
        production_model,
        scenario_texts=True,
        calibrated=True,
    ),
]


def predictions(probabilities: np.ndarray, labels: Sequence[str]) -> List[Prediction]:
    """Raw predictions (no fallback applied) from rows of probabilities."""
    result = []
    for row in probabilities:
        order = np.argsort(-row, kind="stable")[:10]
        ranking = tuple(labels[i] for i in order)
        result.append(Prediction(ranking, ranking[0], float(row[order[0]]), tuple(float(row[i]) for i in order)))
    return result


def best_threshold(questions: Sequence[LabelledQuestion], raw: Sequence[Prediction], ambiguity: float) -> float:
    """The lowest threshold that answers at most MAX_WRONG_IN_CV wrongly and declines at least
    MIN_DECLINED_IN_CV of out-of-scope questions."""
    for threshold in THRESHOLDS:
        report = score_scenarios(questions, _lookup(questions, raw, threshold, ambiguity))
        tally, oos = report.in_scope, report.out_of_scope
        if tally.share(tally.answered_wrong) <= MAX_WRONG_IN_CV and oos.share(oos.declined) >= MIN_DECLINED_IN_CV:
            return threshold
    return THRESHOLDS[-1]


def _lookup(questions, raw, threshold, ambiguity) -> Callable[[str], Prediction]:
    by_text = {q.text: p.with_fallback(threshold, ambiguity) for q, p in zip(questions, raw)}
    return by_text.__getitem__


def as_questions(texts: Sequence[str], labels: Sequence[str]) -> List[LabelledQuestion]:
    """Training examples as labelled questions (general intents other than out of scope skipped)."""
    questions = []
    for text, label in zip(texts, labels):
        if label == "out_of_scope":
            questions.append(LabelledQuestion(0, "oos", text))
        elif label.startswith("scenario_"):
            questions.append(LabelledQuestion(int(label.split("_")[1]), "cv", text))
    return questions


def figures(
    questions: Sequence[LabelledQuestion], raw: Sequence[Prediction], threshold: float, ambiguity: float
) -> str:
    report = score_scenarios(questions, _lookup(questions, raw, threshold, ambiguity))
    tally, oos = report.in_scope, report.out_of_scope
    worst = min((t.share(t.top1), name) for name, t in report.styles.items())
    return (
        f"{tally.share(tally.top1):.3f} | {tally.share(tally.top3):.3f} | {tally.share(tally.answered):.3f} | "
        f"{tally.share(tally.answered_wrong):.3f} | {oos.share(oos.declined):.3f} | {worst[0]:.2f} ({worst[1]})"
    )


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=Path, nargs="*", default=[], help="blind question sets")
    parser.add_argument("--ambiguity", type=float, default=0.1)
    parser.add_argument("--only", nargs="*", help="variant letters to run (default: all)")
    args = parser.parse_args(argv)
    texts, labels = read_nlu_examples(ROOT / "data" / "nlu")
    cv_questions = as_questions(texts, labels)
    cv_index = [i for i, label in enumerate(labels) if label == "out_of_scope" or label.startswith("scenario_")]
    blind: Dict[Path, List[LabelledQuestion]] = {path: read_scenario_questions(path) for path in args.questions}
    header = "| variant | top-1 | top-3 | answered | answered wrongly | out of scope declined | worst style top-1 |"
    rows: Dict[str, List[str]] = {"cv": [], **{str(path): [] for path in blind}}
    for variant in VARIANTS:
        if args.only and variant.name[0] not in args.only:
            continue
        started = time.monotonic()
        logits, classes = out_of_fold_logits(texts, labels, variant.make, folds=FOLDS)
        temperature = fit_temperature(logits, [classes.index(label) for label in labels]) if variant.calibrated else 1.0
        oof = predictions(softmax(logits[cv_index] / temperature), classes)
        threshold = best_threshold(cv_questions, oof, args.ambiguity)
        train_texts, train_labels, weights = list(texts), list(labels), [1.0] * len(texts)
        if variant.scenario_texts:
            extra_texts, extra_labels, extra_weights = scenario_examples(
                float(production_config()["scenario_text_weight"])
            )
            train_texts, train_labels, weights = (
                train_texts + extra_texts,
                train_labels + extra_labels,
                weights + extra_weights,
            )
        model = variant.make().fit(train_texts, train_labels, sample_weight=weights)
        model.temperature = temperature
        seconds = time.monotonic() - started
        name = f"{variant.name} — threshold {threshold} (CV), {seconds:.0f} s"
        rows["cv"].append(f"| {name} | {figures(cv_questions, oof, threshold, args.ambiguity)} |")
        for path, questions in blind.items():
            raw = predictions(model.probabilities([q.text for q in questions]), model.labels)
            rows[str(path)].append(f"| {name} | {figures(questions, raw, threshold, args.ambiguity)} |")
    for source, lines in rows.items():
        title = f"{FOLDS}-fold cross-validation on data/nlu" if source == "cv" else f"blind set {source}"
        print(f"\n{title} (ambiguity {args.ambiguity}; threshold chosen by cross-validation)\n")
        print(header)
        print("|---|---|---|---|---|---|---|")
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
