"""The gateway's Prometheus metrics, scraped by the station's monitoring host at ``GET /metrics``.

One module owns every metric: its name, help, labels and buckets. With one gateway process they
live in that process; with several (``--workers N``) set ``PROMETHEUS_MULTIPROC_DIR`` to an empty
directory the service may write, emptied at each start (docs/deploy.md): every process writes its
samples there and a scrape of any process reads them all (prometheus_client's multiprocess mode).

Label values are fixed vocabularies, never text from outside: a turn's outcome is the question log's
kind (``learning.question_log.kind_of``), a refusal the error code the gateway answers with.
"""

from __future__ import annotations

import os
from typing import List, Optional, Tuple

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

MULTIPROCESS_DIRECTORY = "PROMETHEUS_MULTIPROC_DIR"
SECONDS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
CONFIDENCE = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0)

TURNS = Counter(
    "fengqiao_turns",
    "Turns answered, by channel and outcome (the question log's kinds; button: a button press)",
    ["channel", "outcome"],
)
TURN_SECONDS = Histogram(
    "fengqiao_turn_seconds", "Time to answer a turn, from the limit check to the reply", ["channel"], buckets=SECONDS
)
RASA_CALL_SECONDS = Histogram("fengqiao_rasa_call_seconds", "Time of one HTTP call to Rasa", ["call"], buckets=SECONDS)
NLU_CONFIDENCE = Histogram(
    "fengqiao_nlu_confidence", "Confidence of the intent a typed message was understood as", buckets=CONFIDENCE
)
REFUSALS = Counter(
    "fengqiao_refusals",
    "Requests refused before any work, by the error code answered "
    "(rate_limited, busy, too_many_in_flight, body_too_large, body_too_slow)",
    ["reason"],
)
ERRORS = Counter("fengqiao_errors", "Turns that failed, by kind (bot_unavailable)", ["kind"])
BRIDGE_DELIVERIES = Counter(
    "fengqiao_bridge_deliveries", "Replies handed to a chat app, by bridge and result", ["bridge", "result"]
)
TRAINING_RUNS = Counter(
    "fengqiao_training_runs", "Training runs of the trainers' console that ended, by result", ["result"]
)
PROMOTIONS = Counter("fengqiao_promotions", "Model promotions asked for in the console, by result", ["result"])
LIVE_MODEL = Gauge(
    "fengqiao_live_model",
    "1 for the model the assistant answers with (label: its file)",
    ["model"],
    multiprocess_mode="liveall",
)


def record_turn(channel: str, outcome: str, seconds: float, confidence: Optional[float]) -> None:
    """One answered turn: its outcome, how long it took, and (typed messages) the NLU confidence."""
    TURNS.labels(channel, outcome).inc()
    TURN_SECONDS.labels(channel).observe(seconds)
    if confidence is not None:
        NLU_CONFIDENCE.observe(confidence)


_shown_model: List[str] = []  # the model this process marked live last


def show_live_model(model: str) -> None:
    """Mark ``model`` as the one answering, the one marked before as no longer (0: in multiprocess mode
    a removed sample would stay in the process's file)."""
    for previous in _shown_model:
        LIVE_MODEL.labels(previous).set(0)
    _shown_model[:] = [model]
    LIVE_MODEL.labels(model).set(1)


def exposition() -> Tuple[bytes, str]:
    """The scrape's body and content type: this process's metrics, or every worker's in multiprocess mode."""
    if os.environ.get(MULTIPROCESS_DIRECTORY):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
