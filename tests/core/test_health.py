def test_health_answers_without_authentication(client):
    answer = client.get("/api/health")
    assert answer.status_code == 200
    assert answer.get_json() == {"status": "ok"}


def test_start_page_says_it_runs(client):
    assert b"MVidarr is running" in client.get("/").data
