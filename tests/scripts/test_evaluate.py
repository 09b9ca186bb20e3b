"""The evaluation script keeps each file's conversations apart."""

from pathlib import Path

from scripts.evaluate import conversation_sender


def test_the_same_conversation_id_in_two_files_is_two_conversations():
    first = conversation_sender("run1", Path("tests/data/conversations_dev.yml"), "c001")
    second = conversation_sender("run1", Path("tests/data/conversations_final.yml"), "c001")
    assert first != second


def test_a_conversation_keeps_one_sender_across_its_turns_and_runs_are_apart():
    path = Path("tests/data/conversations_dev.yml")
    assert conversation_sender("run1", path, "c007") == conversation_sender("run1", path, "c007")
    assert conversation_sender("run1", path, "c007") != conversation_sender("run2", path, "c007")
