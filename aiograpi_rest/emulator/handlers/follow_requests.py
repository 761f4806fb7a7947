"""Follow requests to the viewer's private account: the pending list, approve, ignore."""

from __future__ import annotations

from aiograpi_rest.emulator import builders, errors
from aiograpi_rest.emulator.http import EmRequest
from aiograpi_rest.emulator.urls import route
from aiograpi_rest.emulator.world.paging import page

MAX_PAGE = 200


@route("GET", "friendships/pending/")
def pending(req: EmRequest) -> dict:
    try:
        count = max(1, min(int(req.field("count") or MAX_PAGE), MAX_PAGE))
    except ValueError:
        raise errors.bad_request("Invalid count") from None
    edges = req.world.social.request_edges(req.viewer_pk)
    pks, next_max_id = page(edges, req.field("max_id") or None, count)
    return {
        "users": [builders.user_short(req.world.users.get(pk)) for pk in pks],
        "next_max_id": next_max_id,
        "big_list": next_max_id is not None,
        "page_size": len(pks),
        "total_count": len(edges),
    }


def _requester(req: EmRequest) -> str:
    user = req.world.visible_user(req.viewer_pk, req.params["user_id"])
    if user.pk == req.viewer_pk:
        raise errors.invalid_target_user()
    return user.pk


@route("POST", "friendships/approve/{user_id}/")
def approve(req: EmRequest) -> dict:
    # No pending request changes nothing: `followed_by` in the answer tells the client.
    requester = _requester(req)
    req.world.social.approve(requester, req.viewer_pk)
    return {"friendship_status": builders.friendship_status(req.world, req.viewer_pk, requester)}


@route("POST", "friendships/ignore/{user_id}/")
def ignore(req: EmRequest) -> dict:
    requester = _requester(req)
    req.world.social.decline(requester, req.viewer_pk)
    return {"friendship_status": builders.friendship_status(req.world, req.viewer_pk, requester)}
