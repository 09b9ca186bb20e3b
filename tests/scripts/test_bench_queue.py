"""`make bench-queue` builds the trainers' queue over a filled log and prints how long it took."""

from scripts.bench_queue import main


def test_the_queue_benchmark_prints_the_ordinary_and_the_flooded_build_times(capsys):
    assert main(["--questions", "300", "--planted", "20", "--repeats", "2"]) == 0
    ordinary, flooded = capsys.readouterr().out.strip().split("\n")
    assert ordinary.startswith("queue over 300 logged questions (") and "median" in ordinary
    assert flooded.startswith("with 20 planted 1,000-character questions added: median")
