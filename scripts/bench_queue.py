"""`make bench-queue`: how long the trainers' queue takes to build over a large question log, one run.

    python -m scripts.bench_queue [--questions 10000] [--planted 800] [--repeats 5]

Fills a fresh SQLite question log with ``--questions`` unanswered questions written like officers'
(several hundred distinct ones, asked again and again from many conversations, a few possible
emergencies), plus ``--planted`` distinct 1,000-character questions of the kind a malicious officer would
plant, then builds the queue (``learning/queue.py``, what ``GET /api/admin/queue`` and ``make review``
read; the route then adds its answer's validation, which grows with the number of distinct questions)
``--repeats`` times. Prints the median and the slowest build in milliseconds, for the ordinary log
and with the planted questions added. The machine is shared and noisy: compare runs on one machine,
not with a figure from another.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import List, Optional

from api.db import make_engine
from learning.question_log import QuestionKind, QuestionLog
from learning.queue import QueueFilter, TeachingDecisions, build_queue

SEED = 20261206
OPENINGS = ["居民", "住户", "老人", "租户", "商户", "网格员说", "有个大爷", "楼里的阿姨", "业主"]
SITUATIONS = [
    "不开门",
    "嫌我们来得太勤",
    "把狗放出来吓人",
    "说上次反映的事没人管",
    "在门口骂街",
    "不让登记信息",
    "问我要证件",
    "把楼道堆满杂物",
    "半夜放音乐",
    "说我们走形式",
]
ENDINGS = ["怎么办", "咋整", "该怎么处理", "我该说什么", "有什么办法", "要不要再来"]
KINDS = [QuestionKind.FALLBACK, QuestionKind.OUT_OF_SCOPE, QuestionKind.UNHELPFUL]


def fill(log: QuestionLog, questions: int, planted: int, rng: random.Random) -> None:
    """Ordinary unanswered questions from many conversations, then the planted long ones."""
    for number in range(questions):
        text = rng.choice(OPENINGS) + rng.choice(SITUATIONS) + rng.choice(ENDINGS)
        scenario = rng.randint(1, 30)
        candidates = [{"intent": f"scenario_{scenario:02d}", "scenario": scenario, "confidence": 0.4}]
        kind = QuestionKind.EMERGENCY if number % 97 == 0 else rng.choice(KINDS)
        log.record("web", f"web-{rng.randrange(2000):04d}", kind, text, scenario=scenario, candidates=candidates)
    for number in range(planted):
        text = "".join(chr(0x4E00 + rng.randrange(2000)) for _ in range(1000))
        log.record("web", f"web-planted-{number}", QuestionKind.FALLBACK, text, candidates=[])


def build_times(log: QuestionLog, decisions: TeachingDecisions, repeats: int) -> List[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        build_queue(log, decisions, QueueFilter())
        times.append((time.perf_counter() - started) * 1000)
    return times


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--planted", type=int, default=800)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'log.db'}")
        log, decisions = QuestionLog(engine), TeachingDecisions(engine)
        fill(log, args.questions, 0, rng)
        ordinary = build_times(log, decisions, args.repeats)
        distinct = sum(len(group.entries) for group in build_queue(log, decisions, QueueFilter()))
        fill(log, 0, args.planted, rng)
        flooded = build_times(log, decisions, args.repeats)
    print(
        f"queue over {args.questions} logged questions ({distinct} distinct): "
        f"median {statistics.median(ordinary):.0f} ms, slowest {max(ordinary):.0f} ms"
    )
    print(
        f"with {args.planted} planted 1,000-character questions added: "
        f"median {statistics.median(flooded):.0f} ms, slowest {max(flooded):.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
