def test_health_answers_without_authentication(client):
    answer = client.get("/api/health")
    assert answer.status_code == 200
    assert answer.get_json() == {"status": "ok"}


def test_start_page_says_it_runs_and_how_to_make_the_first_admin(client, api_keys):
    page = client.get("/").get_data(as_text=True)
    assert "MVidarr is running" in page
    assert "First run" not in page  # users exist (the api_keys fixture made them)


def test_start_page_explains_the_first_run(client):
    page = client.get("/").get_data(as_text=True)
    assert "First run" in page and "/api/auth/setup" in page
