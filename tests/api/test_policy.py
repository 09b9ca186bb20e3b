"""GET /api/policy/search."""


def test_a_policy_question_returns_cited_passages(client):
    body = client.get("/api/policy/search", params={"q": "百万警进千万家活动主要包括哪些内容?", "k": 3}).json()
    assert len(body["passages"]) == 3
    assert any("访民情、解民忧" in p["text"] for p in body["passages"])
    assert all(p["citation"].startswith(p["document"]) for p in body["passages"])


def test_k_defaults_to_3_and_is_bounded(client):
    assert len(client.get("/api/policy/search", params={"q": "群众路线"}).json()["passages"]) == 3
    assert client.get("/api/policy/search", params={"q": "群众路线", "k": 0}).status_code == 422
    assert client.get("/api/policy/search", params={"q": "群众路线", "k": 100}).status_code == 422


def test_a_missing_or_empty_query_is_422(client):
    assert client.get("/api/policy/search").status_code == 422
    assert client.get("/api/policy/search", params={"q": ""}).status_code == 422


def test_a_query_with_no_match_returns_no_passages(client):
    assert client.get("/api/policy/search", params={"q": "？？？"}).json()["passages"] == []


def test_a_question_the_corpus_does_not_answer_finds_nothing_rather_than_a_shared_word(client):
    assert client.get("/api/policy/search", params={"q": "民警加班工资怎么算"}).json()["passages"] == []
