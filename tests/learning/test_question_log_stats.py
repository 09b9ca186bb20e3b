"""The question log's figures count the station's days, as the console does."""

from datetime import timedelta, timezone
from zoneinfo import ZoneInfo

from api.db import make_engine
from learning.calendar import StationCalendar
from learning.question_log import QuestionLog, question_log

SHANGHAI = StationCalendar(ZoneInfo("Asia/Shanghai"))


def test_a_question_asked_after_midnight_at_the_station_counts_on_the_station_day(tmp_path):
    log = QuestionLog(make_engine(f"sqlite:///{tmp_path / 'log.db'}"))
    log.record("web", "web-1", "answered", "居民不开门怎么办", scenario=4)
    today = SHANGHAI.today()
    just_after_midnight = SHANGHAI.start_of(today) + timedelta(minutes=30)
    assert just_after_midnight.astimezone(timezone.utc).date() == today - timedelta(days=1)  # UTC's day before
    with log.engine.begin() as connection:
        connection.execute(question_log.update().values(created_at=just_after_midnight))
    figures = log.stats(SHANGHAI, days=1)
    assert figures["questions"] == 1
    assert figures["per_day"] == [{"date": today.isoformat(), "questions": 1, "answered": 1}]


def test_a_question_kind_reads_as_its_stored_value_and_an_unknown_kind_is_never_logged(tmp_path):
    import pytest

    from api.db import make_engine
    from learning.question_log import QuestionKind, QuestionLog, kind_of

    assert str(QuestionKind.FALLBACK) == f"{QuestionKind.FALLBACK}" == "fallback"  # metrics labels, messages
    assert kind_of("scenario_04") is QuestionKind.ANSWERED and kind_of("emergency") is QuestionKind.EMERGENCY
    assert kind_of("greet") is QuestionKind.OTHER
    log = QuestionLog(make_engine(f"sqlite:///{tmp_path / 'kinds.db'}"))
    log.record("web", "web-1", QuestionKind.UNHELPFUL, "居民不开门怎么办", scenario=4)
    with pytest.raises(ValueError):
        log.record("web", "web-1", "answerd", "打错了的类别")
    assert [row.kind for row in log.rows(kinds=(QuestionKind.UNHELPFUL,))] == ["unhelpful"]
