"""Numbered terms and whether a text spells their list out."""

from guide.numbered_lists import (
    ASKS_FOR_ITEMS,
    counted_instead,
    counts_off,
    item_heads,
    item_runs,
    named_by_items,
    numbered_postings,
    numbered_terms,
    spells_out,
    term_size,
)


def test_a_numbered_term_is_the_longest_stretch_from_its_numeral_the_texts_know():
    known = {"五条禁令", "四风"}.__contains__
    assert numbered_terms("公安部五条禁令具体是哪五条", known) == [("五条禁令", 5)]
    assert numbered_terms("四风指的是哪四风", known) == [("四风", 4)]


def test_items_listed_with_enumeration_commas_are_counted_with_a_last_one_joined_by_and():
    assert item_runs("坚决反对形式主义、官僚主义、享乐主义和奢靡之风") == [(0, 23, 4)]


def test_a_list_right_after_or_right_before_the_term_spells_it_out():
    assert spells_out("社区民警要有“四能”：脑筋能想、腿脚能走、耳朵能听、双手能做。", "四能", 4)
    assert spells_out("坚决反对形式主义、官僚主义、享乐主义和奢靡之风这“四风”。", "四风", 4)


def test_a_list_the_term_is_an_item_of_or_a_list_about_something_else_does_not():
    assert not spells_out("落实“四带头、五必进、六必查、全覆盖”原则", "六必查", 6)
    assert not spells_out(
        "坚决反对“四风”，严肃纪律，转变作风，树立良好形象，打造为民、务实、清廉的民警队伍;", "四风", 4
    )


def test_a_list_that_a_new_clause_follows_or_another_term_stands_between_is_not_the_terms():
    assert not spells_out("坚持政治建警、从严治警、依法治警，反对“四风”，肃纪正风", "四风", 4)
    assert not spells_out("反对“四风”，肃纪正风，做到“三严三实”，规范形象、规范行为、规范执法", "四风", 4)
    assert not spells_out("反对“四风”，做到“三严三实”：规范形象、规范行为、规范执法", "四风", 4)  # near, but 三严三实's
    assert spells_out("形式主义、官僚主义、享乐主义和奢靡之风，这“四风”", "四风", 4)


def test_asking_which_n_of_a_head_names_the_term_unless_a_term_was_named_before():
    listed = {"观", "群"}.__contains__
    assert numbered_terms("党员领导干部要牢固树立哪四个“观”", lambda term: False, listed) == [("四个观", 4)]
    assert numbered_terms("四群教育是哪四个群", {"四群教育"}.__contains__, listed) == [("四群教育", 4)]


def test_an_english_question_asking_what_the_items_are_asks_for_a_list():
    assert ASKS_FOR_ITEMS.search("What are the four undesirable work styles?")
    assert not ASKS_FOR_ITEMS.search("When was the mass line first proposed?")


def test_a_term_inside_one_of_a_chain_of_clauses_split_by_semicolons_is_not_spelled_out_by_the_next_clause():
    chain = (
        "教育是民生之基，要坚持优先发展教育，巩固“两基”成果，努力办好人民满意的教育；"
        "就业是民生之本，要实施积极的就业政策；"
    )
    assert not spells_out(chain, "两基", 2)


def test_clauses_split_by_semicolons_after_the_term_or_short_items_still_spell_it_out():
    after = (
        "权力的使用有两重性：如果它和人民结合在一起，可以成为为人民谋利益的工具；"
        "如果它同个人结合在一起，就可以变为谋私利的特权。"
    )
    assert spells_out(after, "两重性", 2)
    assert spells_out("做到两个坚持，坚持学习；坚持实践；", "两个坚持", 2)


def test_clauses_opening_with_the_terms_words_spell_it_out():
    text = (
        "要求全党：“务必使同志们继续地保持谦虚、谨慎的作风，务必使同志们继续地保持艰苦奋斗的作风。”"
        "从此，“两个务必”成为法宝。"
    )
    assert spells_out(text, "两个务必", 2)


def test_a_numeral_inside_a_number_starts_no_term():
    assert numbered_terms("十八大报告里“人民”出现了多少次", lambda term: True) == []


def test_clauses_counted_off_in_order_right_after_the_term_spell_it_out():
    text = "应努力做到“三律”：一是严于律己，这是基本要求。二是勇于律他，这是具体实践。三是乐于他律。"
    assert counts_off(text, "三律", 3) and spells_out(text, "三律", 3)
    assert not counts_off("反对“四风”，肃纪正风。二是要规范形象。", "四风", 4)  # no 一是 right after the term
    assert not counts_off(
        "做到“三律”，工作很多，要从严要求，不能放松，而且还要注意方法方式的选择。一是学习。", "三律", 3
    )


def test_quoted_items_are_a_list_but_a_quoted_list_the_term_is_an_item_of_is_not():
    assert item_runs("建好“人员库”、“信息库”、“资料库”")[0][2] == 3
    assert spells_out("建好“人员库”、“信息库”、“资料库”，纳入“三个库”", "三个库", 3)
    assert not spells_out("推翻“三座大山”、完成土地改革", "三座大山", 3)


def test_numbered_postings_find_every_text_naming_a_numbered_stretch():
    postings = numbered_postings(["纳入“三个库”，时时鉴别", "反对四风", "三个人"])
    assert postings["三个库"] == {0} and postings["四风"] == {1} and postings["三个"] == {0, 2}


def test_a_list_whose_items_all_close_or_open_with_the_terms_head_spells_it_out_without_naming_it():
    assert spells_out("党员干部必须牢固树立正确的感情观、公仆观、政绩观、名利观，扎根人民。", "四观", 4)
    assert spells_out("组织党员干部定期看望村居中德高望重的老干部、老党员、老专家、老军人、老教师、老模范。", "六老", 6)
    assert not spells_out("带着服务、带着温暖、带着体贴走进千家万户。", "四带头", 4)  # 带 is not 带头


def test_items_that_only_share_a_character_in_their_middle_do_not_name_a_list():
    assert not named_by_items("切实做到体察民情、了解民意、集中民智、珍惜民力、改善民生。", "五个民", 5)


def test_a_plain_count_in_a_sentence_holding_the_terms_head_stands_for_the_term():
    text = (
        "中央政治局从八个方面对改进工作作风做了详细的规定，具体包括精简会议活动;精简会议简报;规范出访活动;"
        "改进警卫工作;改进新闻报道;严格文稿发表;厉行勤俭节约。"
    )
    assert counted_instead(text, "八项规定", 8) and spells_out(text, "八项规定", 8)
    assert not counted_instead(text.replace("规定", "要求"), "八项规定", 8)


def test_a_term_with_a_second_numeral_names_the_items_of_both():
    assert term_size("三严三实") == 6 and term_size("七个一") == 7
    assert not spells_out("做到“三严三实”，规范形象、规范行为、规范执法。", "三严三实", 6)


def test_a_quoted_head_is_read_with_its_numeral_and_a_term_known_only_by_its_items_is_asked_about():
    listed = {"不", "观"}.__contains__
    assert numbered_terms("清正廉洁里讲的五个“不”是哪些", lambda term: False, listed) == [("五个不", 5)]
    assert numbered_terms("领导干部要树立的四个观是哪四个", lambda term: False, listed) == [("四个观", 4)]
    assert numbered_terms("四观教育活动", lambda term: False, listed) == []  # 观 is not what the question asks


def test_a_shorter_term_inside_a_longer_one_is_not_a_term_of_its_own():
    known = {"三严三实", "三严"}.__contains__
    assert numbered_terms("三严三实是哪三严哪三实", known) == [("三严三实", 6)]


def test_item_heads_index_the_texts_by_what_their_items_open_or_close_with():
    heads = item_heads(["树立感情观、公仆观、政绩观、名利观", "看望老干部、老党员、老专家"])
    assert heads["观"] == {0} and heads["老"] == {1}
