"""Users, profiles and friendship states."""

from __future__ import annotations

from aiograpi_rest.emulator.builders.common import Json
from aiograpi_rest.emulator.world import World
from aiograpi_rest.emulator.world.users import BioLink, User


def user_short(user: User) -> Json:
    return {
        "pk": int(user.pk),  # Instagram's number; its string forms follow
        "pk_id": user.pk,
        "id": user.pk,
        "strong_id__": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "is_private": user.is_private,
        "is_verified": user.is_verified,
        "profile_pic_id": f"{user.pk}_profile",
        "profile_pic_url": user.profile_pic_url,
        "has_anonymous_profile_picture": False,
    }


def friendship_status(world: World, viewer_pk: str | None, target_pk: str) -> Json:
    s = world.social
    v = viewer_pk or ""
    notify = s.notifications_for(v, target_pk)
    return {
        "following": s.is_following(v, target_pk),
        "followed_by": s.is_following(target_pk, v),
        "blocking": (v, target_pk) in s.blocks,
        "is_blocking_reel": False,
        "muting": s.is_muted(v, target_pk, "posts"),
        "is_muting_reel": s.is_muted(v, target_pk, "stories"),
        "is_private": world.users.get(target_pk).is_private,
        "incoming_request": (target_pk, v) in s.requests,
        "outgoing_request": (v, target_pk) in s.requests,
        "is_bestie": s.is_close_friend(v, target_pk),
        "is_restricted": False,
        "is_feed_favorite": "posts" in notify,
        "subscribed": "stories" in notify,
    }


def _counts(world: World, user: User) -> tuple[int, int, int]:
    return (
        len(world.media.by_owner(user.pk)),
        world.social.follower_count(user.pk),
        world.social.following_count(user.pk),
    )


def user_v1(world: World, user: User, viewer_pk: str | None = None) -> Json:
    """`extract_user_v1`: the private API's full profile (users/<id>/info/, usernameinfo)."""
    media_count, followers, following = _counts(world, user)
    return {
        **user_short(user),
        "biography": user.biography,
        "bio_links": [bio_link(link) for link in user.bio_links],
        "external_url": user.external_url,
        "media_count": media_count,
        "follower_count": followers,
        "following_count": following,
        "is_business": user.is_business,
        "account_type": user.account_type,
        "category": user.category or None,
        "public_email": user.public_email or None,
        "contact_phone_number": user.public_phone_number or None,
        "public_phone_number": user.public_phone_number or None,
        "public_phone_country_code": "1" if user.public_phone_number else None,
        "business_contact_method": "UNKNOWN",
        "hd_profile_pic_url_info": {"url": user.profile_pic_url, "width": 1080, "height": 1080},
        "hd_profile_pic_versions": [{"url": user.profile_pic_url, "width": 320, "height": 320}],
        "total_clips_count": len([m for m in world.media.by_owner(user.pk) if m.product_type == "clips"]),
        "friendship_status": friendship_status(world, viewer_pk, user.pk) if viewer_pk else None,
    }


def bio_link(link: BioLink) -> Json:
    return {"link_id": link.link_id, "url": link.url, "title": link.title, "link_type": link.link_type}


def user_gql(world: World, user: User, viewer_pk: str | None = None) -> Json:
    """`extract_user_gql`: the www profile (web_profile_info, GraphQL profile queries)."""
    media_count, followers, following = _counts(world, user)
    s = world.social
    v = viewer_pk or ""
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "is_private": user.is_private,
        "is_verified": user.is_verified,
        "profile_pic_url": user.profile_pic_url,
        "profile_pic_url_hd": user.profile_pic_url,
        "biography": user.biography,
        "external_url": user.external_url or None,
        "is_business_account": user.is_business,
        "is_professional_account": user.account_type != 1,
        "business_email": user.public_email or None,
        "business_phone_number": user.public_phone_number or None,
        "business_category_name": user.category or None,
        "category_name": user.category or None,
        "edge_owner_to_timeline_media": {"count": media_count, "edges": []},
        "edge_followed_by": {"count": followers},
        "edge_follow": {"count": following},
        "followed_by_viewer": s.is_following(v, user.pk),
        "follows_viewer": s.is_following(user.pk, v),
        "requested_by_viewer": (v, user.pk) in s.requests,
        "blocked_by_viewer": (v, user.pk) in s.blocks,
    }


def account(user: User) -> Json:
    """`extract_account`: the logged-in user's own account (login, accounts/current_user/)."""
    return {
        **user_short(user),
        "biography": user.biography,
        "external_url": user.external_url,
        "is_business": user.is_business,
        "account_type": user.account_type,
        "birthday": user.birthday or None,
        "phone_number": user.phone_number,
        "gender": user.gender,
        "email": user.email,
    }
