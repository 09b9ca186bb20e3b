"""Rendering bot messages for text-only and size-limited channels."""

from api.bridges.text_rendering import as_single_text, split_text, utf8_prefix

MESSAGES = [
    {
        "text": "【第4问】居民不愿开门\n处理方法：…",
        "buttons": [
            {"title": "查看政策依据", "payload": '/ask_policy_basis{"scenario":"4"}'},
            {"title": "相关：住户经常不在家", "payload": "/scenario_05"},
        ],
    },
    {"text": "第二条消息", "buttons": [{"title": "查看政策依据", "payload": '/ask_policy_basis{"scenario":"4"}'}]},
]


def test_buttons_become_numbered_options_once_each():
    text, options = as_single_text(MESSAGES, 2048)
    assert text.endswith("回复数字选择：\n1. 查看政策依据\n2. 相关：住户经常不在家")
    assert [o["payload"] for o in options] == ['/ask_policy_basis{"scenario":"4"}', "/scenario_05"]
    assert "第二条消息" in text


def test_a_long_reply_is_shortened_within_the_byte_limit_and_keeps_its_options():
    long = [{"text": "群众工作" * 400, "buttons": MESSAGES[0]["buttons"]}]
    text, _ = as_single_text(long, 2048)
    assert len(text.encode("utf-8")) <= 2048
    assert "已截断" in text and text.endswith("2. 相关：住户经常不在家")


def test_a_shortened_reply_never_ends_in_half_a_character():
    for size in range(2000, 2049):  # every cut point across several three-byte characters
        text, _ = as_single_text([{"text": "群众工作" * 400, "buttons": []}], size)
        assert len(text.encode("utf-8")) <= size and "\ufffd" not in text
        assert text.encode("utf-8").decode("utf-8") == text


def test_utf8_prefix_never_cuts_a_character_in_half():
    assert utf8_prefix("民警走访", 7) == "民警"
    assert utf8_prefix("民警走访", 100) == "民警走访"


def test_a_6000_character_text_is_split_under_4096_at_a_line_break():
    text = ("一" * 99 + "\n") * 60
    pieces = split_text(text, 4096)
    assert len(pieces) == 2 and all(len(piece) <= 4096 for piece in pieces)
    assert pieces[0].endswith("一") and not pieces[1].startswith("\n")
    assert "".join(pieces).replace("\n", "") == text.replace("\n", "")


def test_a_text_without_line_breaks_is_split_at_the_limit():
    assert [len(p) for p in split_text("字" * 6000, 4096)] == [4096, 1904]


def test_a_short_text_is_one_piece():
    assert split_text("你好", 4096) == ["你好"]
