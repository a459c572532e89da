"""Every error answers JSON `{"error": ..., "details": ...}`; a 500 says nothing inside."""

from __future__ import annotations

import logging

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from mvidarr.errors import TooManyRequestsError, UserError

log = logging.getLogger("mvidarr.web")


def error_response(message: str, status: int, details=None):
    body = {"error": message}
    if details is not None:
        body["details"] = details
    return jsonify(body), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(UserError)
    def user_error(exc: UserError):
        response, status = error_response(exc.message, exc.status, exc.details)
        if isinstance(exc, TooManyRequestsError):
            response.headers["Retry-After"] = str(max(1, int(exc.retry_after + 0.999)))
        return response, status

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        messages = {
            404: "no such resource",
            405: "method not allowed on this resource",
            413: "the request body is too large",
            415: "send JSON with Content-Type: application/json",
        }
        message = messages.get(exc.code, exc.description or exc.name)
        response, status = error_response(message, exc.code or 500)
        if exc.code == 405 and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response, status

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unexpected error answering a request")
        return error_response("internal error; the details are in the server log", 500)
