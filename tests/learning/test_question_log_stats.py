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
