"""The learning loop's two commands, over the gateway's question log (DB_URL):

    make review                               unanswered questions grouped by the closest scenario
    make export-unanswered [OUT=file.yml]     the same as a Rasa NLU file of candidate examples

Unanswered = sent to did-you-mean (fallback), declined as out of scope, or marked "not helpful".
A human sorts the exported examples into data/nlu/, then: make train && make eval.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from api.db import make_engine
from api.settings import Settings
from guide.nlu_data import read_nlu_examples
from guide.scenarios import field_guide, scenario_intent
from learning.question_log import QuestionKind, QuestionLog
from learning.queue import closest_scenario
from learning.reviewed_examples import comparable, normalised, render, unteachable

KIND_LABELS = {QuestionKind.FALLBACK: "不确定", QuestionKind.OUT_OF_SCOPE: "已婉拒", QuestionKind.UNHELPFUL: "没帮助"}


def grouped(rows: List[Dict[str, Any]]) -> List[Tuple[Optional[int], List[Dict[str, Any]]]]:
    """Rows by closest scenario (most rows first; no scenario last), each group oldest first."""
    groups: Dict[Optional[int], List[Dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[closest_scenario(row)].append(row)
    return sorted(groups.items(), key=lambda item: (item[0] is None, -len(item[1]), item[0] or 0))


def review_lines(rows: List[Dict[str, Any]]) -> List[str]:
    guide = field_guide()
    if not rows:
        return ["没有待处理的问题。 (nothing unanswered)"]
    lines = [f"{len(rows)} unanswered questions"]
    for scenario, items in grouped(rows):
        title = f"第{scenario}问 {guide.scenarios[scenario].title}" if scenario else "无相近场景"
        lines.append(f"\n== {title} ({len(items)})")
        for row in items:
            candidates = ", ".join(f"{c['intent']} {c['confidence']:.2f}" for c in row["candidates"])
            when = row["created_at"].strftime("%Y-%m-%d %H:%M")
            lines.append(
                f"  {when} [{row['channel']}] {KIND_LABELS.get(row['kind'], row['kind'])}  {row['text']}"
                + (f"   ({candidates})" if candidates else "")
            )
    return lines


def known_examples() -> set:
    """Every training example already in data/nlu, in the form two questions count as the same."""
    return {comparable(text) for text in read_nlu_examples()[0]}


def export_yaml(rows: List[Dict[str, Any]]) -> Tuple[str, List[str]]:
    """A Rasa NLU YAML file (the console's writer and checks): each question under the intent it is
    closest to, for a human to sort; and the questions left out because no training file can hold them
    as they are (entity markup, control characters)."""
    guide, known = field_guide(), known_examples()
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    header = (
        f"# Candidate training examples from unanswered questions, exported {stamp}.\n"
        "# Each sits under the intent it was closest to: CHECK EVERY LINE, move it to the right intent\n"
        "# in data/nlu/ (or drop it), then: make train && make eval."
    )
    examples: Dict[str, List[str]] = {}
    comments: Dict[str, str] = {}
    left_out: List[str] = []
    seen = set(known)
    for scenario, items in grouped(rows):
        intent = scenario_intent(scenario) if scenario else "out_of_scope"
        comments[intent] = (
            guide.scenarios[scenario].title if scenario else "no close scenario: out of scope, or a new topic?"
        )
        for row in items:
            text = normalised(row["text"])
            if text.startswith("/") or not text or comparable(text) in seen:
                continue
            if unteachable(text):
                left_out.append(text)
                continue
            seen.add(comparable(text))
            examples.setdefault(intent, []).append(text)
    return render(examples, header=header, comments=comments, ordered=False), left_out


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["review", "export"])
    parser.add_argument("--out", type=Path, default=Path("var/unanswered_nlu.yml"))
    parser.add_argument("--db-url", default=None, help="defaults to DB_URL")
    args = parser.parse_args(argv)
    log = QuestionLog(make_engine(args.db_url or Settings().db_url))
    rows = log.unanswered()
    if args.command == "review":
        print("\n".join(review_lines(rows)))
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text, left_out = export_yaml(rows)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} from {len(rows)} unanswered questions")
    for question in left_out:
        print(f"left out (entity markup or a control character; teach it by hand): {question!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
