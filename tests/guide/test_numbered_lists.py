"""Numbered terms and whether a text spells their list out."""
from guide.numbered_lists import item_runs, numbered_terms, spells_out


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
    assert not spells_out("坚决反对“四风”，严肃纪律，转变作风，树立良好形象，打造为民、务实、清廉的民警队伍;", "四风", 4)


def test_clauses_opening_with_the_terms_words_spell_it_out():
    text = "要求全党：“务必使同志们继续地保持谦虚、谨慎的作风，务必使同志们继续地保持艰苦奋斗的作风。”从此，“两个务必”成为法宝。"
    assert spells_out(text, "两个务必", 2)


def test_a_numeral_inside_a_number_starts_no_term():
    assert numbered_terms("十八大报告里“人民”出现了多少次", lambda term: True) == []
