"""English questions read through the look-up's glossary."""

from guide.glossary import EnglishGlossary
from guide.lookup import look_up, lookup_words

GLOSSARY = EnglishGlossary(
    {"mass line": "群众路线", "home visit": "入户走访", "visit": "走访", "Neighbourhood": "社区"},
    frozenset({"the", "what", "is", "in", "a", "how", "should", "i", "s"}),
)


def test_an_english_phrase_is_read_as_the_chinese_word_the_texts_use_the_longest_phrase_first():
    reading = GLOSSARY.read("How should I plan a Home Visit in the neighbourhood?")
    assert reading.chinese == ("入户走访", "社区") and reading.unread == ("plan",)


def test_english_words_the_glossary_does_not_cover_are_left_unread_function_words_aside():
    reading = GLOSSARY.read("What is the mass line's salary scale?")
    assert reading.chinese == ("群众路线",) and reading.unread == ("salary", "scale")


def test_an_english_question_the_glossary_reads_whole_finds_the_chinese_texts():
    found = look_up("What is the mass line?").findings
    assert found and all("群众路线" in finding.text for finding in found)


def test_an_english_question_the_glossary_reads_only_in_part_is_not_answered_by_that_part():
    assert lookup_words().english.read("Is a police officer paid extra for night shifts?").chinese == ("民警",)
    assert not look_up("Is a police officer paid extra for night shifts?").found


def test_a_question_with_chinese_words_of_its_own_is_not_read_through_the_glossary():
    assert look_up("群众路线 in the neighbourhood").findings == look_up("群众路线").findings


def test_an_english_word_the_texts_use_themselves_counts_in_a_mixed_question():
    finding = look_up("《怎样做好群众工作 密切党群关系》的 ISBN 号码").findings[0]
    assert "ISBN978-7-5098-2161-9" in finding.lead
