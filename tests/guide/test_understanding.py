"""The situation classifier's views and model, without Rasa."""

import numpy as np

from guide.understanding import (
    SituationModel,
    ViewWeights,
    character_text,
    fit_temperature,
    last_sentence_text,
    normalise,
    pinyin_tokens,
    softmax,
    word_tokens,
)

TEXTS = [
    "居民不开门怎么办",
    "敲门没人应",
    "住户不愿意开门",
    "门敲了半天不开",
    "邻居吵架怎么调解",
    "两家因为漏水闹矛盾",
    "邻里纠纷怎么处理",
    "楼上楼下吵起来了",
]
LABELS = ["door"] * 4 + ["quarrel"] * 4


def test_text_is_normalised_to_half_width_lower_case():
    assert normalise("Ｒｅｓｉｄｅｎｔ  ＷＯＮ'Ｔ　开门") == "resident won't 开门"


def test_word_tokens_drop_punctuation_and_keep_domain_words():
    assert word_tokens("警民联系卡怎么用？") == ["警民联系卡", "怎么", "用"]


def test_characters_stay_inside_clauses():
    assert character_text("不开门，咋办？") == "不开门 咋办"


def test_the_question_view_reads_the_last_sentence_only():
    assert last_sentence_text("楼上养了五只狗，半夜叫。两家吵过一次！我该怎么调解？") == "我该怎么调解"
    assert last_sentence_text("邻居吵架，怎么调解") == "邻居吵架 怎么调解"
    assert last_sentence_text("？") == ""


def test_the_question_view_lets_the_asked_need_outweigh_the_scene():
    texts = TEXTS + ["狗叫得厉害", "养狗扰民"]
    labels = LABELS + ["dog"] * 2
    scene = "楼上狗叫得厉害，养狗扰民好几年了，狗叫狗叫。邻居吵架怎么调解"
    with_question = SituationModel().fit(texts, labels).rank(scene)[0][0]
    without = SituationModel(weights=ViewWeights(question=0.0)).fit(texts, labels).rank(scene)[0][0]
    assert (without, with_question) == ("dog", "quarrel")


def test_a_homophone_typo_has_the_same_pinyin_as_the_intended_word():
    assert pinyin_tokens("不开们") == pinyin_tokens("不开门") == ["bu", "kai", "men"]
    assert pinyin_tokens("door 不开") == ["door", "bu", "kai"]


def test_the_model_learns_situations_and_ranks_every_label():
    model = SituationModel().fit(TEXTS, LABELS)
    ranking = model.rank("敲门一直不开")
    assert ranking[0][0] == "door" and {label for label, _ in ranking} == {"door", "quarrel"}
    assert abs(sum(confidence for _, confidence in ranking) - 1.0) < 1e-9


def test_a_pinyin_typo_is_understood_through_the_pinyin_view():
    # "超驾" shares no character or word with the examples, only the sound of "吵架" (chao jia)
    with_pinyin = dict(SituationModel(weights=ViewWeights(question=0.0)).fit(TEXTS, LABELS).rank("超驾"))["quarrel"]
    without = dict(SituationModel(weights=ViewWeights(pinyin=0.0, question=0.0)).fit(TEXTS, LABELS).rank("超驾"))[
        "quarrel"
    ]
    assert with_pinyin > 0.5 and with_pinyin > without + 0.02


def test_a_long_text_is_not_more_confident_than_its_short_core():
    model = SituationModel().fit(TEXTS, LABELS)
    short = model.rank("敲门没人应")[0][1]
    padded = model.rank("今天下午三点多我去三号楼走访，" * 3 + "敲门没人应")[0][1]
    assert padded <= short


def test_a_remark_repeated_many_times_does_not_make_the_answer_confident():
    model = SituationModel().fit(TEXTS, LABELS)
    once = dict(model.rank("敲门没人应，楼上楼下"))["quarrel"]
    six_times = dict(model.rank("敲门没人应" + "，楼上楼下" * 6))["quarrel"]
    assert six_times - once < 0.2  # raw counts would add six times the weight (measured: +0.5)


def test_training_is_deterministic():
    first = SituationModel().fit(TEXTS, LABELS).probabilities(["门不开"])
    second = SituationModel().fit(TEXTS, LABELS).probabilities(["门不开"])
    assert np.array_equal(first, second)


def test_a_view_with_weight_zero_is_left_out():
    model = SituationModel(weights=ViewWeights(pinyin=0.0, question=0.0)).fit(TEXTS, LABELS)
    assert set(model.vectorizers) == {"words", "characters"}


def test_temperature_scaling_softens_overconfident_logits():
    logits = np.array([[8.0, 0.0], [8.0, 0.0], [8.0, 0.0], [0.0, 8.0]])
    # the first class is right only twice in three times it is predicted: confidence near 1 is too high
    temperature = fit_temperature(logits, [0, 0, 1, 1])
    assert temperature > 1.0
    assert softmax(logits / temperature)[0, 0] < softmax(logits)[0, 0]
