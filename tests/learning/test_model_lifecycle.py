"""A running training run's progress is estimated from the last runs' stage durations."""

from datetime import datetime, timedelta, timezone

from learning.model_lifecycle import progress_percent
from learning.training import READY, RUNNING, TrainingRun

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=timezone.utc)


def run_in(stage: str, seconds_ago: float, state: str = RUNNING) -> TrainingRun:
    started = NOW - timedelta(seconds=seconds_ago)
    return TrainingRun(
        id=1,
        started_at=started,
        started_by="张警官",
        state=state,
        stage=stage,
        stage_started_at=started,
        heartbeat_at=started,
        finished_at=None,
        message="",
        examples=0,
        model_path=None,
        live_model_path="models/live.tar.gz",
        figures=None,
        durations={},
    )


def test_progress_is_the_share_of_the_stage_s_typical_duration_gone_by():
    assert progress_percent(run_in("train", 30), {"train": 120.0}, NOW) == 25


def test_progress_never_claims_done_while_the_stage_still_runs():
    assert progress_percent(run_in("train", 600), {"train": 120.0}, NOW) == 95


def test_no_progress_without_a_typical_duration_or_for_a_finished_run():
    assert progress_percent(run_in("train", 30), {}, NOW) is None
    assert progress_percent(run_in("train", 30, state=READY), {"train": 120.0}, NOW) is None
