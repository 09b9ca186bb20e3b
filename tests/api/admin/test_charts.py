"""The figures behind the console's charts."""

from datetime import datetime, timedelta, timezone

from api.feedback import feedback_table
from learning.question_log import question_log


def test_questions_per_day_by_outcome_share_answered_top_scenarios_and_feedback(signed_in):
    questions, feedback = signed_in.app.state.questions, signed_in.app.state.feedback
    for kind, scenario in [
        ("answered", 4),
        ("answered", 4),
        ("answered", 21),
        ("policy", None),
        ("fallback", None),
        ("out_of_scope", None),
        ("unhelpful", 4),
    ]:
        questions.record("web", "web-1", kind, "问题", scenario=scenario)
    feedback.add("web-1", True, scenario=4)
    feedback.add("web-1", True, scenario=21)
    feedback.add("web-1", False, scenario=4)
    with signed_in.app.state.engine.begin() as connection:  # one answered question three days ago
        connection.execute(
            question_log.insert().values(
                created_at=datetime.now(timezone.utc) - timedelta(days=3),
                channel="wecom",
                sender_id="wecom-1",
                kind="answered",
                scenario=9,
                text="问题",
                candidates="[]",
            )
        )
        connection.execute(
            feedback_table.insert().values(
                created_at=datetime.now(timezone.utc) - timedelta(days=40),
                sender_id="web-1",
                channel="web",
                helpful=False,
            )
        )
    figures = signed_in.get("/api/admin/charts", params={"days": 7}).json()
    days = figures["days"]
    assert len(days) == 7 and days[-1]["date"] == signed_in.app.state.settings.calendar.today().isoformat()
    today, three_days_ago = days[-1], days[-4]
    assert (today["questions"], today["answered"], today["did_you_mean"], today["declined"]) == (6, 4, 1, 1)
    assert today["share_answered"] == round(4 / 6, 4)
    assert (three_days_ago["questions"], three_days_ago["share_answered"]) == (1, 1.0)
    assert days[0]["questions"] == 0 and days[0]["share_answered"] is None
    assert [(s["scenario"], s["count"]) for s in figures["top_scenarios"]] == [(4, 2), (21, 1), (9, 1)]
    assert figures["top_scenarios"][0]["title"] == "居民不愿开门"
    assert figures["feedback"] == {"helpful": 2, "not_helpful": 1, "share_helpful": round(2 / 3, 4)}


def test_a_question_counts_for_the_station_day_it_was_asked_on(signed_in):
    calendar = signed_in.app.state.settings.calendar
    early_today = calendar.start_of(calendar.today()) + timedelta(minutes=30)  # still yesterday in UTC
    with signed_in.app.state.engine.begin() as connection:
        connection.execute(
            question_log.insert().values(
                created_at=early_today,
                channel="web",
                sender_id="web-1",
                kind="fallback",
                scenario=None,
                text="问题",
                candidates="[]",
            )
        )
    days = signed_in.get("/api/admin/charts", params={"days": 2}).json()["days"]
    assert [(day["date"], day["did_you_mean"]) for day in days] == [
        ((calendar.today() - timedelta(days=1)).isoformat(), 0),
        (calendar.today().isoformat(), 1),
    ]
