"""Webhooks in: Plex and Lidarr call these with their own token, not a user's key.

The token is the setting `plex.webhook_token` / `lidarr.webhook_token`, made
at first use when empty so that an endpoint is never open. The caller sends it
as `?token=` (Lidarr may send it as the HTTP Basic password instead); it is
compared in constant time, and a wrong or missing one is a 401 before anything
is read or written. A valid call's payload goes to the `handle_webhook` hook;
the answer lists what each plugin did.

An admin gets a fresh token (shown once, like an API key) from
`POST /api/webhooks/<source>/token`.
"""

from __future__ import annotations

import hmac
import json
import secrets

from flask import Blueprint, g, jsonify, request, url_for

from mvidarr.errors import AuthenticationError, UserError
from mvidarr.web import serialize as s
from mvidarr.web.inputs import json_body
from mvidarr.web.routing import route

bp = Blueprint("webhooks", __name__)

TOKEN_PARAM = [{"name": "token", "in": "query", "description": "the webhook token",
                "schema": {"type": "string", "maxLength": 500}}]
HANDLED = s.obj({"source": s.TEXT, "event": {"type": ["string", "null"]},
                 "handled": {"type": "array",
                             "items": s.obj({"plugin": s.TEXT, "summary": {}})}})
# Plex posts a form, not JSON: the request body is given as a whole OpenAPI object.
PLEX_BODY = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["payload"],
    "properties": {"payload": {"type": "string", "description": "the event as JSON"},
                   "thumb": {"type": "string", "format": "binary"}}}}}}
LIDARR_BODY = {"type": "object", "required": ["eventType"],
               "properties": {"eventType": {"type": "string", "maxLength": 100}}}
PLEX_MAX_BYTES = 16 * 1024 * 1024
NEW_TOKEN = s.obj({"source": s.TEXT, "token": s.TEXT, "url": s.TEXT})


def webhook_token(source: str) -> str:
    """The source's token; one is made and stored when none is set."""
    settings = g.mvidarr.settings
    key = f"{source}.webhook_token"
    token = settings.get(key)
    if not token:
        token = settings.set(key, secrets.token_urlsafe(32))
    return token


def _check_token(source: str, *, basic: bool = False) -> None:
    sent = request.args.get("token")
    if not sent and basic and request.authorization is not None:
        sent = request.authorization.password
    expected = webhook_token(source)
    if not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise AuthenticationError(f"missing or wrong {source} webhook token")


def _handled(source: str, payload: dict, event: str | None):
    answers = g.mvidarr.hooks.collect("handle_webhook", source=source, payload=payload)
    return jsonify(source=source, event=event,
                   handled=[{"plugin": plugin, "summary": summary} for plugin, summary in answers])


@route(bp, "/webhooks/plex", methods=["POST"], role="webhook",
       summary="Plex webhook (multipart/form-data with a JSON `payload` field; ?token=)",
       params=TOKEN_PARAM, body=PLEX_BODY,
       responses={200: HANDLED})
def plex():
    _check_token("plex")
    # Plex attaches the poster as a JPEG part, which may pass the API's 1 MiB limit;
    # allowed only once the token is known good.
    request.max_content_length = PLEX_MAX_BYTES
    if request.is_json:  # not what Plex sends, but handy for scripts and tests
        payload = json_body({"type": "object"})
    else:
        raw = request.form.get("payload")
        if raw is None:
            raise UserError("send the event as the form field `payload` (multipart/form-data)")
        try:
            payload = json.loads(raw)
        except (ValueError, RecursionError):
            raise UserError("the `payload` field is not valid JSON") from None
        if not isinstance(payload, dict):
            raise UserError("the `payload` field must be a JSON object")
    event = payload.get("event")
    return _handled("plex", payload, event if isinstance(event, str) else None)


@route(bp, "/webhooks/lidarr", methods=["POST"], role="webhook",
       summary="Lidarr webhook (JSON; ?token= or the HTTP Basic password)",
       params=TOKEN_PARAM, body=LIDARR_BODY, responses={200: HANDLED})
def lidarr():
    _check_token("lidarr", basic=True)
    payload = json_body(LIDARR_BODY)
    event = payload["eventType"]
    if event == "Test":  # Lidarr's "Test" button: answer 2xx, act on nothing
        return jsonify(source="lidarr", event=event, handled=[])
    return _handled("lidarr", payload, event)


@route(bp, "/webhooks/<any(plex, lidarr):source>/token", methods=["POST"], role="admin",
       summary="Make a new webhook token for plex or lidarr (shown once; the old one stops "
               "working)", responses={201: NEW_TOKEN})
def new_token(source: str):
    token = g.mvidarr.settings.set(f"{source}.webhook_token", secrets.token_urlsafe(32))
    url = url_for(f"webhooks.{source}", token=token)
    return jsonify(source=source, token=token, url=url), 201
