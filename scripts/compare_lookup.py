"""Variants of the free look-up side by side on judged look-up sets (``make compare-lookup``).

    python -m scripts.compare_lookup --lookup-questions tests/data/lookup_dev.tsv

Each variant switches parts of the score (:class:`guide.lookup.Weights`) off or on; the figures are
those of ``make eval`` (hit@1, hit@3 and MRR by answer quote, answerable questions given something,
unanswerable questions declined). Compare on a development set only.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import Dict, List, Optional

from guide.lookup import Lookup, Weights, lookup
from guide.lookup_evaluation import LookupReport, read_lookup_questions, score_lookup

FULL = Weights()
NO_BONUS = replace(
    FULL,
    exact=0.0,
    phrase=0.0,
    definition=0.0,
    sentence=0.0,
    numbered_list=0.0,
    situation=0.0,
    situation_read=False,
    prescriptive=0.0,
)
VARIANTS: Dict[str, Weights] = {
    "BM25 words + bigrams (text, heading), relevance floor": NO_BONUS,
    "+ exact terms, phrases, definitions": replace(
        NO_BONUS, exact=FULL.exact, phrase=FULL.phrase, definition=FULL.definition
    ),
    "+ sentence-level share": replace(
        NO_BONUS, exact=FULL.exact, phrase=FULL.phrase, definition=FULL.definition, sentence=FULL.sentence
    ),
    "+ numbered lists": replace(FULL, situation=0.0, situation_read=False, prescriptive=0.0),
    "+ the situation the classifier reads": replace(FULL, prescriptive=0.0),
    "+ asked how to act, the situation's what-to-do sentences first (all: today's look-up)": FULL,
    "today's look-up without the relevance floor": replace(FULL, relevance_floor=0.0, rarest_share=0.0),
}


def figures(report: LookupReport) -> str:
    share = lambda part, whole: f"{part / whole:.3f}" if whole else "n/a"  # noqa: E731
    return (
        f"hit@1 {share(report.hits_at_1, report.answerable)}  hit@3 {share(report.hits_at_3, report.answerable)}  "
        f"MRR {share(report.reciprocal_ranks, report.answerable)}  shown {share(report.answered, report.answerable)}  "
        f"declined {share(report.declined, report.unanswerable)}"
    )


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lookup-questions", type=Path, nargs="+", required=True)
    args = parser.parse_args(argv)
    base = lookup()
    for path in args.lookup_questions:
        questions = read_lookup_questions(path)
        print(f"\n== {path}")
        for name, weights in VARIANTS.items():
            variant = Lookup(base.entries, base.words, base.situations, weights)
            print(f"  {name}\n      {figures(score_lookup(questions, variant.look_up))}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
