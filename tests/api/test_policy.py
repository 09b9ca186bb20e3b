"""GET /api/policy/search: the free look-up."""


def test_a_policy_question_returns_labelled_results_led_by_the_answering_sentence(gateway):
    body = gateway.get("/api/policy/search", params={"q": "百万警进千万家活动主要包括哪些内容?", "k": 3}).json()
    assert body["found"] is True and body["not_covered"] is None and len(body["results"]) <= 3
    assert any("访民情、解民忧" in result["lead"] for result in body["results"])
    passage = body["results"][0]
    assert passage["kind"] == "passage" and passage["label"].startswith(passage["document"])
    assert passage["lead"] in passage["text"]


def test_a_question_the_guide_answers_returns_its_method_sentence(gateway):
    results = gateway.get("/api/policy/search", params={"q": "警民联系卡怎么用"}).json()["results"]
    door = next(result for result in results if result["scenario"] == 4)
    assert door["kind"] == "method_step" and door["label"] == "指引第4问「居民不愿开门」· 处理方法第①步"


def test_k_defaults_to_3_and_is_bounded(gateway):
    assert 1 <= len(gateway.get("/api/policy/search", params={"q": "群众路线"}).json()["results"]) <= 3
    assert len(gateway.get("/api/policy/search", params={"q": "群众路线", "k": 1}).json()["results"]) == 1
    assert gateway.get("/api/policy/search", params={"q": "群众路线", "k": 0}).status_code == 422
    assert gateway.get("/api/policy/search", params={"q": "群众路线", "k": 100}).status_code == 422


def test_a_missing_or_empty_query_is_422(gateway):
    assert gateway.get("/api/policy/search").status_code == 422
    assert gateway.get("/api/policy/search", params={"q": ""}).status_code == 422


def test_a_question_the_texts_do_not_answer_is_not_found_with_the_reviewed_reply(gateway):
    for question in ("？？？", "民警加班工资怎么算", "公安部五条禁令具体是哪五条"):
        body = gateway.get("/api/policy/search", params={"q": question}).json()
        assert body["found"] is False and body["results"] == [], question
        assert "这些文件讲的是" in body["not_covered"]
