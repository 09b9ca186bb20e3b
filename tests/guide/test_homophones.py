"""Input-method homophones mended against the words of the texts."""

from guide.homophones import HomophoneMender

TEXTS = ["坚持群众路线，发扬枫桥经验，反对四风。"]
MENDER = HomophoneMender(["群众路线", "枫桥经验", "四风"], TEXTS)


def test_a_stretch_that_sounds_like_a_word_of_the_texts_is_read_as_it():
    assert MENDER.mend("群重路线的实质") == "群众路线的实质"
    assert MENDER.mend("风桥经验是什么") == "枫桥经验是什么"


def test_text_the_texts_hold_or_everyday_words_are_left_alone():
    assert MENDER.mend("群众路线") == "群众路线"
    assert MENDER.mend("值得一提") == "值得一提"


def test_two_characters_are_mended_only_where_jieba_reads_them_as_one_word():
    assert MENDER.mend("四风指的是哪四风") == "四风指的是哪四风"
