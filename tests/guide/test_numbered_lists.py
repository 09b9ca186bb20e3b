"""Numbered terms and whether a text spells their list out."""

from guide.numbered_lists import counts_off, item_runs, numbered_postings, numbered_terms, spells_out


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
