"""The learning loop's two commands, over the gateway's question log (DB_URL):

    make review                               the trainers' queue: questions not dealt with, by closest scenario
    make export-unanswered [OUT=file.yml]     the same queue as a Rasa NLU file of candidate examples

Unanswered = sent to did-you-mean (fallback), declined (out of scope or a boundary kind), or marked
"not helpful"; questions a trainer already decided in the console are left out (the console's queue).
A human sorts the exported examples into data/nlu/, then: make train && make eval.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone, tzinfo
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import sqlalchemy as sa

from api.db import make_engine
from api.settings import Settings
from guide.nlu_data import read_nlu_examples
from guide.scenarios import field_guide, scenario_intent
from learning.question_log import QuestionKind, QuestionLog
from learning.queue import QueueFilter, QueueGroup, TeachingDecisions, build_queue
from learning.reviewed_examples import comparable, normalised, render, unteachable
from learning.teaching import kept_out_texts

KIND_LABELS = {
    QuestionKind.FALLBACK: "不确定",
    QuestionKind.OUT_OF_SCOPE: "已婉拒",
    QuestionKind.UNHELPFUL: "没帮助",
    QuestionKind.EMERGENCY: "紧急情况",
    QuestionKind.POLICE_PROCEDURE: "执法办案",
    QuestionKind.OTHER_BODY: "其他部门",
}


def unanswered_queue(engine: sa.engine.Engine) -> List[QueueGroup]:
    """The trainers' queue (the console's own, ``learning/queue.py``): questions not yet dealt with,
    one entry per distinct question, grouped by the scenario they came closest to."""
    return build_queue(QuestionLog(engine), TeachingDecisions(engine), QueueFilter())


def group_title(group: QueueGroup) -> str:
    if group.boundary:
        return "可能的紧急情况"
    scenario = group.scenario
    return f"第{scenario}问 {field_guide().title(scenario) or ''}".rstrip() if scenario else "无相近场景"


def review_lines(groups: List[QueueGroup], zone: tzinfo = timezone.utc) -> List[str]:
    """The queue as lines for a terminal, times in the station's zone."""
    if not groups:
        return ["没有待处理的问题。 (nothing unanswered)"]
    entries = [entry for group in groups for entry in group.entries]
    lines = [f"{len(entries)} questions not dealt with, asked {sum(entry.asked for entry in entries)} times"]
    for group in groups:
        lines.append(f"\n== {group_title(group)} ({group.asked})")
        for entry in group.entries:
            candidates = ", ".join(f"{c['intent']} {c['confidence']:.2f}" for c in entry.candidates)
            kinds = "/".join(KIND_LABELS.get(QuestionKind(kind), kind) for kind in entry.kinds)
            when = entry.last_asked.astimezone(zone)
            lines.append(
                f"  {when:%Y-%m-%d %H:%M} ×{entry.asked} [{','.join(entry.channels)}] {kinds}"
                f"  {entry.question}" + (f"   ({candidates})" if candidates else "")
            )
    return lines


def known_examples() -> set:
    """Every training example already in data/nlu and every question of an evaluation set (the console's
    rule, ``learning/teaching.py``: never a training example), in the form two questions count as the same."""
    return {comparable(text) for text in read_nlu_examples()[0]} | kept_out_texts()


def export_yaml(groups: List[QueueGroup]) -> Tuple[str, List[str]]:
    """A Rasa NLU YAML file (the console's writer and checks): each question of the queue under the intent
    it is closest to (a possible emergency under ``emergency``), for a human to sort; and the questions
    left out because no training file can hold them as they are (entity markup, control characters)."""
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
    for group in groups:
        scenario = group.scenario
        intent = group.boundary or (scenario_intent(scenario) if scenario else "out_of_scope")
        comments[intent] = (
            (guide.title(scenario) or f"第{scenario}问")
            if scenario
            else "possible emergencies"
            if group.boundary
            else "no close scenario: out of scope, or a new topic?"
        )
        for entry in group.entries:
            text = normalised(entry.question)
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
    settings = Settings()
    groups = unanswered_queue(make_engine(args.db_url or settings.db_url))
    if args.command == "review":
        print("\n".join(review_lines(groups, settings.calendar.zone)))
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text, left_out = export_yaml(groups)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} from {sum(len(group.entries) for group in groups)} questions not dealt with")
    for question in left_out:
        print(f"left out (entity markup or a control character; teach it by hand): {question!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
