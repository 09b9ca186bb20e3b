"""Scoring conversations: what each reply was about, per follow-up kind."""

from guide.conversation_evaluation import Conversation, Outcome, Turn, read_conversations, score_conversations


def test_a_reply_is_read_from_the_actions_markers():
    assert Outcome.from_replies([{"text": "…"}, {"custom": {"scenario": 4}}]) == Outcome(scenario=4)
    assert Outcome.from_replies([{"custom": {"boundary": "emergency"}}]) == Outcome(boundary="emergency")
    assert Outcome.from_replies([{"text": "您是接着哪种情况问的？"}]) == Outcome()


def test_a_turn_is_right_only_when_the_reply_is_about_what_was_expected():
    assert Outcome(scenario=4).matches("4") and not Outcome(scenario=19).matches("4")
    assert Outcome().matches("clarify") and not Outcome(scenario=19).matches("clarify")
    assert Outcome(boundary="emergency").matches("emergency") and not Outcome(scenario=4).matches("emergency")
    assert not Outcome(boundary="emergency").matches("4")


def test_conversations_are_scored_per_follow_up_kind(tmp_path):
    path = tmp_path / "c.yml"
    path.write_text(
        "- id: c1\n  turns:\n  - {text: 不开门, expect: 4}\n  - {text: 说具体点, kind: detail, expect: 4}\n"
        "- id: c2\n  turns:\n  - {text: 还是不配合呢, kind: orphan, expect: clarify}\n",
        encoding="utf-8",
    )
    conversations = read_conversations(path)
    assert conversations[0] == Conversation("c1", (Turn("不开门", "4"), Turn("说具体点", "4", "detail")))
    replies = {"不开门": Outcome(scenario=4), "说具体点": Outcome(scenario=4), "还是不配合呢": Outcome(scenario=19)}
    lines, misses = score_conversations(conversations, lambda _, text: replies[text])
    assert "FOLLOW-UPS HANDLED RIGHT 0.500 (1/2)" in lines
    assert misses == ["c2 orphan          还是不配合呢  -> 19 (expected clarify)"]
