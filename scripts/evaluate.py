"""`make eval`: scenario recognition of the trained model, per question style, and policy hit@3.

    python -m scripts.evaluate --questions tests/data/blind_dev.tsv tests/data/blind_test.tsv
    python -m scripts.evaluate --policy-questions tests/data/policy_questions.tsv
    python -m scripts.evaluate --conversations tests/data/conversations_dev.yml
    python -m scripts.evaluate --lookup-questions tests/data/lookup_dev.tsv [--lookup-shown shown.tsv]

A look-up set ``x.tsv`` is scored against its answer quotes; when ``x.judged.tsv`` is beside it (one
row per shown result: id, entry, judgement), the judged shares of what is shown are printed too.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Callable, List, Tuple

import httpx

from guide.boundaries import EMERGENCY
from guide.conversation_evaluation import Outcome, read_conversations, score_conversations
from guide.evaluation import (
    Prediction,
    coverage_lines,
    emergency_detection_lines,
    judged_beside,
    prediction_from_parse,
    read_labelled_lines,
    read_policy_judgements,
    read_scenario_questions,
    score_judged_questions,
    score_policy,
    score_policy_basis,
    score_scenarios,
)
from guide.lookup import look_up, search_policy
from guide.lookup_evaluation import judged_lines, read_judgements, read_lookup_questions, score_lookup, shown_rows
from guide.passages import Passage
from guide.policy_basis import policy_basis
from guide.protocol import FOLLOW_UP_INTENTS
from guide.scenarios import field_guide
from rasa_runtime.pipeline_settings import fallback_settings

DEFAULT_MODEL = Path("models/fengqiao.tar.gz")
COVERAGE_THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def rasa_predictor(model: Path) -> Callable[[str], Prediction]:
    """Predictions of a trained Rasa model, loaded in this process."""
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # otherwise every parse is logged at debug level
    agent = Agent.load(str(model))
    loop = asyncio.new_event_loop()
    return lambda text: prediction_from_parse(loop.run_until_complete(agent.parse_message(text)))


def conversation_sender(run: str, path: Path, conversation_id: str) -> str:
    """Rasa's sender id for one conversation of one file in one run: files reuse ids (c001, …), and a
    conversation must never continue another file's."""
    return f"eval-{run}-{path.stem}-{conversation_id}"


def evaluate_conversations(paths: List[Path], model: Path, show_misses: bool) -> None:
    """Play each conversations file through the real Rasa and action server (started here, stopped after)."""
    from rasa_runtime.stack import running_bot

    run = uuid.uuid4().hex[:8]
    with (
        tempfile.TemporaryDirectory() as work,
        running_bot(Path(work), model) as stack,
        httpx.Client(timeout=60) as client,
    ):

        def talker(path: Path) -> Callable[[str, str], Outcome]:
            def talk(conversation_id: str, text: str) -> Outcome:
                response = client.post(
                    f"{stack.rasa_url}/webhooks/rest/webhook",
                    params={"token": stack.rasa_auth_token},
                    json={"sender": conversation_sender(run, path, conversation_id), "message": text},
                )
                response.raise_for_status()
                return Outcome.from_replies(response.json())

            return talk

        for path in paths:
            lines, misses = score_conversations(read_conversations(path), talker(path))
            print_lines(f"conversations: {path} with {model}", lines)
            if show_misses:
                print_lines(f"misses ({len(misses)})", misses)


def print_lines(title: str, lines: List[str]) -> None:
    print(f"\n== {title}")
    for line in lines:
        print(f"  {line}")


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--questions",
        type=Path,
        nargs="*",
        default=[],
        help="scenario<TAB>[style<TAB>]question files (0 = out of scope)",
    )
    parser.add_argument("--policy-questions", type=Path, help="expected-text<TAB>question file")
    parser.add_argument(
        "--policy-judgements",
        type=Path,
        nargs="*",
        default=[],
        help="judged sets: acceptable passages per scenario and per free question",
    )
    parser.add_argument(
        "--conversations",
        type=Path,
        nargs="*",
        default=[],
        help="multi-turn conversations (YAML), played through the real Rasa and action server",
    )
    parser.add_argument(
        "--not-follow-ups",
        type=Path,
        help="complete questions that only look like follow-ups (one per line): how many are taken for one",
    )
    parser.add_argument(
        "--lookup-questions",
        type=Path,
        nargs="*",
        default=[],
        help="judged look-up sets (id, kind, question, source_file, answer_quote)",
    )
    parser.add_argument(
        "--lookup-shown",
        type=Path,
        help="write every result the look-up shows for the --lookup-questions sets, for a judge",
    )
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--misses", action="store_true", help="list every question not answered as expected")
    args = parser.parse_args(argv)
    if not (
        args.questions
        or args.policy_questions
        or args.policy_judgements
        or args.conversations
        or args.not_follow_ups
        or args.lookup_questions
    ):
        parser.error(
            "give --questions, --policy-questions, --policy-judgements, --lookup-questions and/or --conversations"
        )
    predict = rasa_predictor(args.model) if args.questions or args.not_follow_ups else None
    ambiguity = fallback_settings().ambiguity
    for path in args.questions:
        questions = read_scenario_questions(path)
        raw = [predict(question.text) for question in questions]
        by_text = dict(zip((q.text for q in questions), raw))
        report = score_scenarios(questions, by_text.__getitem__)
        print_lines(f"scenarios: {path} with {args.model}", report.lines())
        print_lines(
            "coverage: in scope answered / answered wrongly, out of scope declined",
            coverage_lines(questions, raw, COVERAGE_THRESHOLDS, ambiguity),
        )
        if report.boundaries.get(EMERGENCY):
            print_lines(
                "emergency detection: each way alone and both together", emergency_detection_lines(questions, raw)
            )
        if args.misses:
            print_lines(f"misses ({len(report.misses)})", report.misses)
    if args.policy_questions:
        pairs = read_labelled_lines(args.policy_questions)
        hit_rate, misses = score_policy(pairs, lambda q: search_policy(q, k=3))
        print_lines(f"policy: {args.policy_questions}", [f"questions: {len(pairs)}", f"hit@3: {hit_rate:.3f}"])
        print_lines(f"misses ({len(misses)})", misses)
    for path in args.policy_judgements:
        judgements = read_policy_judgements(path)
        if judgements.scenarios:
            print_lines(
                f"policy basis of each scenario, judged in {path}", score_policy_basis(judgements, shown_policy_basis)
            )
        hit_rate, misses = score_judged_questions(judgements, lambda q: search_policy(q, k=3))
        print_lines(
            f"free questions judged in {path}",
            [
                f"questions: {len(judgements.questions)}",
                f"hit@3: {hit_rate:.3f}",
                f"unanswerable questions: {len(judgements.unanswerable)} (a miss when anything is shown)",
                *misses,
            ],
        )
    shown_rows_written: List[dict] = []
    for path in args.lookup_questions:
        questions = read_lookup_questions(path)
        answers = {question.question: look_up(question.question) for question in questions}  # each looked up once
        report = score_lookup(questions, answers.__getitem__)
        print_lines(f"look-up: {path}", report.lines())
        judged = judged_beside(path)
        if judged.exists():
            print_lines(
                f"results judged in {judged}", judged_lines(questions, answers.__getitem__, read_judgements(judged))
            )
        if args.misses:
            print_lines(f"misses ({len(report.misses)})", report.misses)
        shown_rows_written += [{"set": path.stem, **row} for row in shown_rows(questions, answers.__getitem__)]
    if args.lookup_shown:
        write_rows(args.lookup_shown, shown_rows_written)
    if args.not_follow_ups:
        questions = [
            line.strip()
            for line in args.not_follow_ups.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ]
        taken = [q for q in questions if predict(q).final_intent in FOLLOW_UP_INTENTS]
        print_lines(
            f"complete questions that look like follow-ups: {args.not_follow_ups}",
            [f"taken for a follow-up: {len(taken)}/{len(questions)}", *(taken if args.misses else [])],
        )
    if args.conversations:
        evaluate_conversations(args.conversations, args.model, args.misses)
    return 0


def write_rows(path: Path, rows: List[dict]) -> None:
    """Rows as a tab-separated file with a header (tabs and line breaks inside a value become spaces)."""
    columns = list(rows[0]) if rows else ["set", "id", "question", "entry", "label", "lead", "text"]
    clean = lambda value: " ".join(str(value).split())  # noqa: E731
    lines = ["\t".join(columns)] + ["\t".join(clean(row[column]) for column in columns) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwrote {len(rows)} shown results to {path}")


def shown_policy_basis(scenario_id: int) -> Tuple[List[Passage], bool]:
    """The passages the assistant shows for a scenario, and whether it calls them principle-level."""
    basis = policy_basis(field_guide().scenarios[scenario_id])
    return [link.passage for link in basis.links], basis.principle_only


if __name__ == "__main__":
    sys.exit(main())
