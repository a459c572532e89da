"""Quality profiles: list, add, change and delete what format downloads ask for.

Exactly one profile is the default; marking one default unmarks the others.
The default profile and profiles in use cannot be deleted (409).
"""

from __future__ import annotations

from flask import Blueprint, jsonify

from mvidarr.models.quality import CONTAINERS, VIDEO_CODECS
from mvidarr.services import profiles
from mvidarr.services.quality import AUDIO_CODECS
from mvidarr.web import serialize as s
from mvidarr.web.inputs import json_body
from mvidarr.web.paging import PAGING_PARAMS, paginate, sort_param
from mvidarr.web.routing import route

bp = Blueprint("qualityprofiles", __name__)

FIELDS = {
    "name": {"type": "string", "minLength": 1, "maxLength": 100},
    "max_height": {"type": "integer", "minimum": 144, "maximum": 4320},
    "video_codec": {"type": "string", "enum": list(VIDEO_CODECS)},
    "audio_codec": {"type": "string", "enum": list(AUDIO_CODECS)},
    "container": {"type": "string", "enum": list(CONTAINERS)},
    "allow_audio_only": {"type": "boolean"},
    "is_default": {"type": "boolean"},
}
CREATE = {"type": "object", "additionalProperties": False, "required": ["name"],
          "properties": FIELDS}
UPDATE = {"type": "object", "additionalProperties": False, "properties": FIELDS}
DELETED = s.obj({"deleted": s.INT})


@route(bp, "/qualityprofiles", methods=["GET"], role="readonly",
       summary="List quality profiles",
       params=[*PAGING_PARAMS, sort_param(profiles.PROFILE_SORTS, "name")],
       responses={200: s.paged(s.QUALITY_PROFILE)})
def list_profiles():
    return jsonify(paginate(profiles.profiles(), profiles.PROFILE_SORTS, "name",
                            s.quality_profile))


@route(bp, "/qualityprofiles", methods=["POST"], role="manager",
       summary="Add a quality profile (is_default: true makes it the default)", body=CREATE,
       responses={201: s.QUALITY_PROFILE})
def create_profile():
    profile = profiles.create_profile(json_body(CREATE))
    return jsonify(s.quality_profile(profile)), 201


@route(bp, "/qualityprofiles/<int:profile_id>", methods=["GET"], role="readonly",
       summary="One quality profile", responses={200: s.QUALITY_PROFILE})
def get_profile(profile_id: int):
    return jsonify(s.quality_profile(profiles.get_profile(profile_id)))


@route(bp, "/qualityprofiles/<int:profile_id>", methods=["PUT"], role="manager",
       summary="Change a quality profile (only the fields sent; is_default: true makes it "
               "the default)", body=UPDATE, responses={200: s.QUALITY_PROFILE})
def update_profile(profile_id: int):
    profiles.get_profile(profile_id)
    profile = profiles.update_profile(profile_id, json_body(UPDATE))
    return jsonify(s.quality_profile(profile))


@route(bp, "/qualityprofiles/<int:profile_id>", methods=["DELETE"], role="manager",
       summary="Delete a quality profile (not the default, not one in use: 409)",
       responses={200: DELETED})
def delete_profile(profile_id: int):
    profiles.delete_profile(profile_id)
    return jsonify(deleted=1)
