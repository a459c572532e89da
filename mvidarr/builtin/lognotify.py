"""Every notification goes to the log: the listener that is always there."""

from __future__ import annotations

import logging

from mvidarr.markers import hookimpl

log = logging.getLogger("mvidarr.events")


@hookimpl(trylast=True)
def notify(app, event):
    level = logging.WARNING if event.kind.endswith("failed") else logging.INFO
    log.log(level, "%s: %s", event.kind, event.message)
