"""Scoring the look-up on a judged set."""

from pathlib import Path

import pytest

from guide.lookup import Finding, LookupAnswer
from guide.lookup_entries import PASSAGE, Entry
from guide.lookup_evaluation import LookupFileError, LookupQuestion, answers, read_lookup_questions, score_lookup


def finding(text, entry_id="e"):
    return Finding(Entry(entry_id, PASSAGE, text, "", "文件"), 1.0, text, text)


def test_a_finding_answers_when_it_holds_the_quote_punctuation_aside_or_most_of_it():
    assert answers(finding("群众工作的基础，是要相信和依靠群众。"), "基础是要相信和依靠群众")
    assert answers(
        finding("一切为了群众，一切依靠群众，从群众中来"), "一切为了群众，一切依靠群众，从群众中来，到群众中去"
    )
    assert not answers(finding("群众路线是党的生命线。"), "一切为了群众，一切依靠群众")


def test_hits_ranks_and_declines_are_counted():
    questions = [
        LookupQuestion("1", "term", "甲", "群众路线"),
        LookupQuestion("2", "term", "乙", "枫桥经验"),
        LookupQuestion("3", "none", "丙", ""),
    ]
    shown = {"甲": (finding("无关"), finding("群众路线是生命线")), "乙": (), "丙": ()}
    report = score_lookup(questions, lambda q: LookupAnswer(q, shown[q]))
    assert (report.hits_at_1, report.hits_at_3, report.reciprocal_ranks) == (0, 1, 0.5)
    assert (report.unanswerable, report.declined, report.answered) == (1, 1, 1)
    assert len(report.misses) == 1


def test_an_answerable_question_without_its_quote_is_an_error(tmp_path: Path):
    path = tmp_path / "set.tsv"
    path.write_text("id\tkind\tquestion\tsource_file\tanswer_quote\nL1\tterm\t问题\tf.txt\t\n", encoding="utf-8")
    with pytest.raises(LookupFileError):
        read_lookup_questions(path)


def test_the_project_sets_read():
    sizes = {
        name: len(read_lookup_questions(Path("tests/data") / name))
        for name in ("lookup_dev.tsv", "lookup_dev2.tsv", "lookup_final.tsv", "lookup_final2.tsv")
    }
    assert sizes == {"lookup_dev.tsv": 90, "lookup_dev2.tsv": 122, "lookup_final.tsv": 90, "lookup_final2.tsv": 103}


def test_judged_results_give_the_shares_shown_and_whether_the_first_answers():
    from guide.lookup_evaluation import judged_lines

    questions = [LookupQuestion("1", "term", "甲", "x"), LookupQuestion("2", "none", "乙", "")]
    shown = {"甲": (finding("a", "e1"), finding("b", "e2")), "乙": (finding("c", "e3"),)}
    judged = {("1", "e1"): "answers", ("1", "e2"): "beside"}
    lines = judged_lines(questions, lambda q: LookupAnswer(q, shown[q]), judged)
    assert lines == [
        "judged results shown: 2 (answers 0.500, related 0.000, beside the point 0.500)",
        "answerable questions whose first result answers: 1.000, one of the first 3: 1.000",
        "shown but not judged: 1",
    ]
