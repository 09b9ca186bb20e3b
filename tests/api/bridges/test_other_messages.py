"""The reviewed replies to messages that are not text (data/knowledge/other_messages.yml)."""

from api.bridges.other_messages import KINDS, reply_for, understood_voice


def test_every_kind_has_its_own_reply_and_an_unknown_kind_gets_the_general_one():
    replies = {kind: reply_for(kind) for kind in KINDS}
    assert len(set(replies.values())) == len(KINDS) and all(replies.values())
    assert reply_for("sticker") == reply_for("other")


def test_a_recognised_voice_message_is_quoted_back():
    assert understood_voice("居民不开门怎么办") == "您说的是：“居民不开门怎么办”"
