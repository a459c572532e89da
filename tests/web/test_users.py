"""Users: only admins manage them; the last admin stays."""

from __future__ import annotations

import pytest

from mvidarr import accounts
from mvidarr.models import ApiKey, User


@pytest.mark.parametrize("role", ["readonly", "user", "manager"])
def test_only_admins_manage_users(client, as_role, role):
    headers = as_role(role)
    assert client.get("/api/users", headers=headers).status_code == 403
    body = {"username": "eve", "password": "a long enough password"}
    assert client.post("/api/users", json=body, headers=headers).status_code == 403
    assert client.delete("/api/users/1", headers=headers).status_code == 403
    assert client.get("/api/users").status_code == 401


def test_admin_creates_lists_and_reads_users(client, as_role):
    admin = as_role("admin")
    made = client.post("/api/users", headers=admin, json={
        "username": "Zoe", "password": "a long enough password", "role": "manager"})
    assert made.status_code == 201
    body = made.get_json()
    assert body["username"] == "Zoe" and body["role"] == "manager"
    assert "password" not in str(body) and "hash" not in str(body)
    listed = client.get("/api/users?sort=username&order=desc&per_page=2", headers=admin)
    page = listed.get_json()
    assert page["total"] == 5 and page["per_page"] == 2 and len(page["items"]) == 2
    assert page["items"][0]["username"] == "Zoe"
    managers = client.get("/api/users?role=manager", headers=admin).get_json()["items"]
    assert sorted(u["username"] for u in managers) == ["Zoe", "manager-user"]
    assert client.get(f"/api/users/{body['id']}", headers=admin).get_json() == body


def test_creating_users_is_validated(client, as_role):
    admin = as_role("admin")
    short = client.post("/api/users", headers=admin,
                        json={"username": "x", "password": "short"})
    assert short.status_code == 422
    twice = client.post("/api/users", headers=admin,
                        json={"username": "ADMIN-user", "password": "a long enough password"})
    assert twice.status_code == 409
    bad_role = client.post("/api/users", headers=admin, json={
        "username": "y", "password": "a long enough password", "role": "god"})
    assert bad_role.status_code == 422
    assert client.get("/api/users?sort=password_hash", headers=admin).status_code == 422


def test_admin_changes_role_and_password(client, as_role, db):
    admin = as_role("admin")
    user = User.by_name("user-user")
    answer = client.put(f"/api/users/{user.id}", headers=admin,
                        json={"role": "manager", "password": "another long password"})
    assert answer.status_code == 200 and answer.get_json()["role"] == "manager"
    assert accounts.authenticate("user-user", "another long password") is not None
    assert client.put(f"/api/users/{user.id}", headers=admin,
                      json={"role": "emperor"}).status_code == 422


def test_the_last_admin_cannot_be_demoted_or_deleted(client, as_role, db):
    admin = as_role("admin")
    me = User.by_name("admin-user")
    assert client.put(f"/api/users/{me.id}", headers=admin,
                      json={"role": "user"}).status_code == 409
    assert client.delete(f"/api/users/{me.id}", headers=admin).status_code == 409
    accounts.create_user("second-admin", "a long enough password", "admin")
    assert client.delete(f"/api/users/{me.id}", headers=admin).status_code == 204
    assert User.by_name("admin-user") is None


def test_deleting_a_user_removes_their_keys(client, as_role, db):
    victim = User.by_name("readonly-user")
    key = as_role("readonly")
    assert client.delete(f"/api/users/{victim.id}", headers=as_role("admin")).status_code == 204
    assert ApiKey.select().where(ApiKey.user == victim.id).count() == 0
    assert client.get("/api/auth/me", headers=key).status_code == 401


def test_unknown_users_are_404(client, as_role):
    admin = as_role("admin")
    for user_id in (999, 2**63, 2**70):
        assert client.get(f"/api/users/{user_id}", headers=admin).status_code == 404
        assert client.delete(f"/api/users/{user_id}", headers=admin).status_code == 404


def test_an_admin_unlocks_a_locked_account(client, as_role, db):
    def login():
        return client.post("/api/auth/login",
                           json={"username": "user-user", "password": "a long enough password"})

    for _ in range(3):
        client.post("/api/auth/login", json={"username": "user-user", "password": "x" * 12},
                    environ_base={"REMOTE_ADDR": "192.0.2.1"})
    assert login().status_code == 429
    user = User.by_name("user-user")
    answer = client.put(f"/api/users/{user.id}", json={"unlock": True}, headers=as_role("admin"))
    assert answer.status_code == 200
    assert login().status_code == 200
