"""Alike queued questions found at a bounded cost."""

import random
import time

from learning.similar_questions import MAX_COMPARED, alike, jaccard, shape


def brute_force(shapes, threshold):
    return [
        [j for j in range(len(shapes)) if j != i and jaccard(shapes[i], shapes[j]) >= threshold]
        for i in range(len(shapes))
    ]


def test_prefix_filtering_finds_exactly_the_pairs_a_full_comparison_finds():
    random.seed(7)
    words = ["居民", "不开门", "邻居", "吵架", "狗", "很凶", "怎么办", "调解", "老人", "独居", "敲门", "没人"]
    questions = ["".join(random.choices(words, k=random.randint(2, 6))) for _ in range(150)]
    shapes = [shape(question) for question in questions]
    assert [sorted(found) for found in alike(shapes, 0.5)] == brute_force(shapes, 0.5)


def test_a_flood_of_long_planted_questions_costs_about_what_their_number_does():
    random.seed(3)
    planted = ["".join(chr(random.randint(0x4E00, 0x9FA5)) for _ in range(1000)) for _ in range(800)]
    start = time.perf_counter()
    alike([shape(question) for question in planted], 0.5)
    assert time.perf_counter() - start < 10  # was ~99 s comparing every pair; ~1 s here


def test_near_copies_compare_each_question_with_a_bounded_number_of_others():
    copies = [shape(f"居民不开门怎么办{i}") for i in range(MAX_COMPARED * 3)]
    assert max(len(found) for found in alike(copies, 0.5)) <= MAX_COMPARED
