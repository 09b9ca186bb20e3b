"""Cleaning of the source documents."""

from guide.text import Block, blocks, clean_line, heading_title


def test_page_furniture_and_layout_spaces_are_removed():
    assert clean_line("　　党的十八大报告指出<sup>①</sup>：**重要**") == "党的十八大报告指出：重要"


def test_a_hard_line_break_inside_a_sentence_is_joined():
    text = (
        "　　有的问题不可能一下就解决，有的环节需要一定的时间去协调、沟通，对一时解决\n"
        "　　不了的问题，要向群众讲明白。\n下一段。"
    )
    assert list(blocks(text)) == [
        Block("有的问题不可能一下就解决，有的环节需要一定的时间去协调、沟通，对一时解决不了的问题，要向群众讲明白。"),
        Block("下一段。"),
    ]


def test_blank_lines_between_pieces_of_one_sentence_do_not_split_it():
    text = "重视群众工作，善于做群众工作，密切联系群众，是我们党的显著标志。党的十\n\n八大以来，情况变了。"
    assert [b.text for b in blocks(text)] == [
        "重视群众工作，善于做群众工作，密切联系群众，是我们党的显著标志。党的十八大以来，情况变了。"
    ]


def test_a_numbered_line_that_runs_on_yields_its_first_sentence_as_heading_and_the_rest_as_text():
    found = list(blocks("一、要在感情上贴近群众。“从群众中来，到群众中去”是我们党一贯坚持的群众路线。"))
    assert found == [
        Block("一、要在感情上贴近群众", is_heading=True),
        Block("“从群众中来，到群众中去”是我们党一贯坚持的群众路线。"),
    ]


def test_markdown_headings_are_headings_and_break_an_open_paragraph():
    found = list(blocks("ISBN 978-7\n# 前 言\n正文。", markdown_only=True))
    assert found == [Block("ISBN978-7"), Block("前言", is_heading=True), Block("正文。")]


def test_a_short_unterminated_line_is_a_heading_unless_markdown_only():
    assert heading_title("依托“百万警进千万家”，服务群众") == "依托“百万警进千万家”，服务群众"
    assert heading_title("依托“百万警进千万家”，服务群众", markdown_only=True) is None


def test_a_sentence_is_not_a_heading():
    assert heading_title("群众提出的小事并不小。") is None


def test_table_of_contents_rows_and_rules_are_dropped():
    assert [b.text for b in blocks("---\n- (一)党的群众工作的优良传统 /1\n正文。")] == ["正文。"]


def test_website_boilerplate_previews_and_tag_markers_are_removed():
    raw = (
        "开头预览文字很长……活动...\n"
        "正文第一句。本站今天为大家精心准备了工作总结，希望对大家有所帮助![_TAG_h2]　　工作总结\n"
        "　　社区民警日夜忙碌。"
    )
    assert list(blocks(raw)) == [Block("正文第一句。"), Block("工作总结", is_heading=True), Block("社区民警日夜忙碌。")]


def test_format_characters_are_removed_by_the_normalisation():
    from guide.text import normalise

    assert normalise("楼顶\u200b有人\u2060要跳") == "楼顶有人要跳"
