"""The boundary kinds and the reviewed emergency signals of data/knowledge/boundaries.yml."""

import pytest

from guide.boundaries import EMERGENCY, KINDS, boundaries, emergency_verdict, load_boundaries


def test_the_three_kinds_each_have_a_fixed_reply_and_the_emergency_says_what_to_do_now():
    kinds = boundaries().kinds
    assert tuple(kinds) == KINDS
    assert all(kind.reply and kind.title for kind in kinds.values())
    emergency = kinds[EMERGENCY].reply
    assert all(word in emergency for word in ("120", "119", "110", "值班", "破门"))
    assert "改日" not in emergency.replace("不要改日再来", "")  # it never sends the officer away


@pytest.mark.parametrize(
    "text",
    [
        "天台上有个人坐在栏杆外面要跳",
        "门缝里飘出一股煤气味，敲了没人应",
        "独居的王大爷三天没下楼了，电话也没人接",
        "敲门没动静，门从里面挂着防盗链",
        "屋里有人喊救命",
        "两口子吵着吵着男的拿刀了",
        "楼道里冒黑烟",
        "老太太晕倒在厨房",
        "三岁孩子被反锁在家里哭",
        "他说活不下去了，手腕上有血",
        "smell gas in the corridor and nobody answers the door",
        "old lady lives alone, nobody has seen her for days",
        "man on the roof threatening to jump",
        "邻居说对门有股臭味，好几天no answer",
        "孩子刚才在菜市场被一个男的抱走了",
        "楼下两口子还在打架，女的一直在哭喊",
        "四楼一户恶臭敲门没人应",
        "独居老人敲门不开，电话也不接，屋里灯一直亮着",
        "屋顶边上有人喝酒说别管他",
        "a man sitting on the edge of the bridge, legs hanging over the river",
        "车撞断了燃气管，味很冲",
        "墙塌了压住一个工人",
        "a woman took the boy into a white van ten minutes ago",
    ],
)
def test_a_possible_emergency_is_found_by_a_reviewed_signal(text):
    assert boundaries().emergency_signs(text), text


@pytest.mark.parametrize(
    "text",
    [
        "居民不开门怎么办",
        "resident won't open door, what now?",
        "有户人家好几天都没人，去了三次都扑空",
        "他隔着防盗链问了我好多问题就是不开门",
        "那他要是动手了呢",
        "两家因为楼道堆物吵得很凶",
        "走访独居老人要注意什么",
        "张大爷小时候被拐走，流浪大半辈子没有户口",
        "隔壁工地晚上十一点还在打桩，居民问找哪个部门",
        "老头臭脾气，敲门不开，隔着门骂人",
        "楼上吊电线下来给电动车充电",
        "讲了防溺水防诈骗，老人们不吭声",
        "他扬言要报复邻居，两家积怨很深",
        "我们把他带上车送回家，他家属说要投诉",
    ],
)
def test_an_ordinary_visit_situation_carries_no_emergency_signal(text):
    assert boundaries().emergency_signs(text) == ()


def test_the_classifier_ranking_emergency_first_is_an_emergency_even_without_a_signal():
    verdict = emergency_verdict("情况不太对", [("emergency", 0.62), ("scenario_04", 0.30)])
    assert verdict.is_emergency and verdict.classifier_first and verdict.signs == ()
    assert verdict.confidence == pytest.approx(0.62)


def test_a_barely_first_emergency_without_a_signal_is_not_enough():
    assert not emergency_verdict("情况不太对", [("emergency", 0.42), ("scenario_04", 0.40)]).is_emergency


def test_a_signal_makes_an_emergency_whatever_the_classifier_ranked_first():
    verdict = emergency_verdict("屋里有煤气味", [("scenario_04", 0.95), ("emergency", 0.01)])
    assert verdict.is_emergency and not verdict.classifier_first and verdict.confidence == 1.0
    assert verdict.report() == {
        "signs": ["gas"],
        "classifier_first": False,
        "classifier_confidence": 0.01,
        "danger_words": ["煤气"],
        "classifier_supports": False,
    }


def test_a_danger_word_is_an_emergency_when_the_unsure_classifier_ranks_emergency_second():
    verdict = emergency_verdict("楼道电动车起火楼上人困住了", [("scenario_15", 0.38), ("emergency", 0.35)])
    assert verdict.is_emergency and verdict.danger_words_supported and not verdict.classifier_first


@pytest.mark.parametrize(
    "ranking",
    [
        [("scenario_15", 0.80), ("emergency", 0.10)],  # support too weak
        [("scenario_15", 0.40), ("scenario_16", 0.30), ("emergency", 0.20)],  # not among the two likeliest
    ],
)
def test_a_danger_word_without_the_classifier_s_support_is_no_emergency(ranking):
    verdict = emergency_verdict("上个月楼道电动车起过火，怎么给居民讲消防", ranking)
    assert verdict.danger_words and not verdict.is_emergency


def test_the_classifier_s_support_without_a_danger_word_is_no_emergency():
    assert not emergency_verdict("两家为了停车位吵了三年", [("scenario_22", 0.40), ("emergency", 0.30)]).is_emergency


@pytest.mark.parametrize("text", ["两个人吵得脸红脖子粗，还没动手", "社区搞防火宣传", "没人受伤，就是吓着了"])
def test_a_negated_danger_word_does_not_count(text):
    assert boundaries().danger_words_in(text) == ()


def test_a_negation_further_back_does_not_hide_a_danger_word():
    assert boundaries().danger_words_in("不知道是不是着火了") == ("火",)


def test_danger_words_in_english_are_whole_words():
    assert boundaries().danger_words_in("The audience argued about the dance") == ()
    assert boundaries().danger_words_in("smoke pouring up the stairs") == ("smoke",)


def test_a_reported_verdict_reads_back_and_a_malformed_report_finds_nothing():
    verdict = emergency_verdict("屋里有煤气味", [("emergency", 0.9)])
    assert type(verdict).from_report(verdict.report()) == verdict
    assert not type(verdict).from_report({"signs": "gas", "classifier_first": "yes"}).is_emergency
    assert not type(verdict).from_report(None).is_emergency


def test_a_knowledge_file_without_the_three_kinds_is_refused(tmp_path):
    path = tmp_path / "boundaries.yml"
    path.write_text("kinds:\n- {id: emergency, title: t, reply: r}\nemergency_signals: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kinds must be"):
        load_boundaries(path)


@pytest.mark.parametrize(
    "text", ["we gave a talk on fire safety to the residents", "a lecture on fire prevention in the hall"]
)
def test_a_talk_on_fire_safety_is_no_fire(text):
    assert "fire_or_smoke" not in boundaries().emergency_signs(text)


@pytest.mark.parametrize("text", ["the e-bikes in the stairwell are burning", "smoke pouring up the stairs"])
def test_a_fire_described_in_english_is_a_signal(text):
    assert "fire_or_smoke" in boundaries().emergency_signs(text)


@pytest.mark.parametrize(
    "text, signal",
    [
        ("那条大黄狗见人就扑，居民都躲屋里不敢出来", "dog_attacking"),
        ("the dog keeps attacking people in the yard", "dog_attacking"),
        ("郭家的墙明显往西歪，昨晚棚顶一直往下掉土", "structure_collapsing"),
    ],
)
def test_a_dog_attacking_now_or_a_house_about_to_collapse_is_a_signal(text, signal):
    assert signal in boundaries().emergency_signs(text)


@pytest.mark.parametrize(
    "text", ["上周狗在电梯里咬了小女孩，现在两家为赔偿吵", "楼上装修墙裂了一条缝，两家为赔偿吵了半年"]
)
def test_a_past_dog_bite_or_an_old_crack_is_no_signal(text):
    assert boundaries().emergency_signs(text) == ()
