"""Uploads and downloads of photos, videos, albums, IGTV and reels, by the real aiograpi against
the emulator: the post in the world and in aiograpi's Media, the bytes a download returns, the
transcode retry, and that no fixed wait is taken.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import av
import pytest
from aiograpi.exceptions import ClientError, ClipConfigureError
from aiograpi.extractors import extract_track
from aiograpi.types import Location, UserShort, Usertag
from PIL import Image

from aiograpi_rest.emulator import Emulator, builders
from aiograpi_rest.emulator.world.media import ALBUM, PHOTO, VIDEO
from aiograpi_rest.upstream import GatewayClient
from tests.media_files import jpeg, mp4, video_thumbnail


@pytest.fixture
async def cl(make_client: Callable[..., GatewayClient]) -> GatewayClient:
    client = make_client()
    await client.login("demo", "demo-password")
    return client


@pytest.fixture
def video(tmp_path: Path) -> Path:
    path = mp4(tmp_path / "clip.mp4", (64, 64), seconds=1.0)
    video_thumbnail(path)
    return path


def biggest(media) -> tuple[int, int]:
    candidate = max(media.image_versions2.candidates, key=lambda c: c.width * c.height)
    return candidate.width, candidate.height


def content(path: Path) -> bytes:
    return path.read_bytes()


def decoded_video(data: bytes) -> tuple[int, int, float]:
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.video[0]
        return stream.width, stream.height, container.duration / 1_000_000


async def test_photo_upload_makes_the_post_sized_from_its_bytes(
    cl: GatewayClient, em: Emulator, tmp_path: Path
) -> None:
    alice = em.world.users.by_username("alice")
    place = next(iter(em.world.tags.locations.values()))
    tag = Usertag(user=UserShort(pk=alice.pk, username=alice.username), x=0.25, y=0.75)
    media = await cl.photo_upload(
        jpeg(tmp_path / "a.jpg", (640, 480)),
        "Bridge at dusk #goldenhour",
        usertags=[tag],
        location=Location(pk=place.pk, name=place.name),
    )
    posted = em.world.media.get(media.pk)
    assert (posted.media_type, posted.product_type, posted.caption) == (
        PHOTO,
        "feed",
        "Bridge at dusk #goldenhour",
    )
    assert (posted.width, posted.height) == (640, 480) == biggest(media)
    assert posted.usertags == [(alice.pk, 0.25, 0.75)] and posted.location_pk == place.pk
    assert "goldenhour" in posted.hashtags
    assert (media.media_type, media.caption_text, media.location.name) == (1, posted.caption, place.name)
    assert [(t.user.pk, t.x, t.y) for t in media.usertags] == [(alice.pk, 0.25, 0.75)]
    # GET /user/posts reads the owner's feed: the new post is there, after the pinned one
    feed = {m.pk: m for m in await cl.user_medias_v1(cl.user_id, amount=3)}
    assert feed[media.pk].caption_text == posted.caption
    assert cl.configure_waits == []

    path = await cl.photo_download(media.pk, tmp_path)
    with Image.open(path) as im:
        assert im.size == (640, 480)


async def test_video_upload_keeps_the_video_and_its_cover_apart(
    cl: GatewayClient, em: Emulator, video: Path, tmp_path: Path
) -> None:
    media = await cl.video_upload(video, "One second", thumbnail=Path(f"{video}.jpg"))
    posted = em.world.media.get(media.pk)
    assert (posted.media_type, posted.product_type) == (VIDEO, "feed")
    assert (posted.video_width, posted.video_height) == (64, 64)
    assert posted.video_duration == pytest.approx(1.0, abs=0.1)
    assert media.media_type == 2 and media.video_duration == pytest.approx(1.0, abs=0.1)
    assert media.video_url.path.endswith("_64x64.mp4")
    # the cover went up under the same upload id; aiograpi scales a 64 px image up to 320
    assert biggest(media) == (posted.width, posted.height) == (320, 320)

    path = await cl.video_download(media.pk, tmp_path)
    assert content(path) == content(video)
    assert cl.configure_waits == []


async def test_album_keeps_its_items_in_order(
    cl: GatewayClient, em: Emulator, video: Path, tmp_path: Path
) -> None:
    first, second = jpeg(tmp_path / "1.jpg", (640, 480)), jpeg(tmp_path / "2.jpg", (800, 600), (0, 0, 200))
    media = await cl.album_upload([first, second, video], "Three in a row")
    posted = em.world.media.get(media.pk)
    assert (posted.media_type, posted.product_type, posted.caption) == (
        ALBUM,
        "carousel_container",
        "Three in a row",
    )
    assert [(r.media_type, r.width, r.height) for r in posted.resources] == [
        (PHOTO, 640, 480),
        (PHOTO, 800, 600),
        (VIDEO, 320, 320),
    ]
    assert posted.resources[2].video_duration == pytest.approx(1.0, abs=0.1)
    assert [r.pk for r in media.resources] == [r.pk for r in posted.resources]
    assert [r.media_type for r in media.resources] == [1, 1, 2]

    down = tmp_path / "down"
    down.mkdir()
    paths = await cl.album_download(media.pk, down)
    sizes = []
    for path in paths[:2]:
        with Image.open(path) as im:
            sizes.append(im.size)
    assert sizes == [(640, 480), (800, 600)]
    assert content(paths[2]) == content(video)


async def test_igtv_and_reel_uploads(cl: GatewayClient, em: Emulator, video: Path, tmp_path: Path) -> None:
    cover = Path(f"{video}.jpg")
    igtv = await cl.igtv_upload(video, "Long form", "An IGTV video", thumbnail=cover)
    clip = await cl.clip_upload(video, "A reel #reels", thumbnail=cover)
    assert (em.world.media.get(igtv.pk).product_type, em.world.media.get(igtv.pk).title) == (
        "igtv",
        "Long form",
    )
    assert (igtv.product_type, igtv.title) == ("igtv", "Long form")
    assert em.world.media.get(clip.pk).product_type == clip.product_type == "clips"
    assert clip.video_duration == pytest.approx(1.0, abs=0.1)
    assert content(await cl.igtv_download(igtv.pk, tmp_path)) == content(video)
    assert content(await cl.clip_download(clip.pk, tmp_path)) == content(video)
    assert [e.path for e in em.log.calls("upload_settings/")] and cl.configure_waits == []


async def test_music_on_a_reel_a_photo_and_an_album(
    cl: GatewayClient, em: Emulator, video: Path, tmp_path: Path
) -> None:
    first, second = list(em.world.tags.tracks.values())[:2]
    track = extract_track(builders.track_v1(first))
    clip = await cl.clip_upload_with_music(video, "With a song", track, thumbnail=Path(f"{video}.jpg"))
    assert em.world.media.get(clip.pk).track_id == first.id
    assert clip.clips_metadata["music_info"]["music_asset_info"]["title"] == first.title

    photo = await cl.photo_upload_with_music(jpeg(tmp_path / "p.jpg"), "Photo with a song", second.__dict__)
    album = await cl.album_upload_with_music(
        [jpeg(tmp_path / "a.jpg"), jpeg(tmp_path / "b.jpg")], "Album with a song", track
    )
    assert em.world.media.get(photo.pk).track_id == second.id
    assert em.world.media.get(album.pk).track_id == first.id
    # feed posts take their alacorn session from the feed music browser, once per upload
    assert len(em.log.calls("music/music_in_feed_audio_browser/")) == 2


async def test_a_transcode_still_running_is_retried_without_waiting(
    cl: GatewayClient, em: Emulator, video: Path
) -> None:
    rule = em.faults.add(r"media/configure/$", preset="transcode_not_finished", times=3)
    media = await cl.video_upload(video, "Patience", thumbnail=Path(f"{video}.jpg"))
    assert rule.hits == 3 and em.world.media.get(media.pk).caption == "Patience"
    assert len(em.log.calls(r"media/configure/$", method="POST")) == 4
    assert cl.configure_waits == [0.0, 0.0, 0.0]  # the emulator's policy: retry at once


async def test_a_transcode_that_never_finishes_fails_after_the_bounded_tries(
    cl: GatewayClient, em: Emulator, video: Path
) -> None:
    em.faults.add(r"media/configure_to_clips/$", preset="transcode_not_finished")
    tries = len(cl.upload_waits.delays) + 1
    with pytest.raises(ClipConfigureError, match=f"after {tries} configure attempts"):
        await cl.clip_upload(video, "Never", thumbnail=Path(f"{video}.jpg"))
    assert len(em.log.calls(r"media/configure_to_clips/$")) == tries  # aiograpi's own loop did not go on


async def test_a_video_without_a_cover_is_refused_before_any_upload(
    cl: GatewayClient, em: Emulator, tmp_path: Path
) -> None:
    bare = mp4(tmp_path / "bare.mp4", audio=False)
    em.log.clear()
    with pytest.raises(ValueError, match="thumbnail"):
        await cl.video_upload(bare, "No cover")
    with pytest.raises(ValueError, match="thumbnail"):
        await cl.album_upload([jpeg(tmp_path / "a.jpg"), bare], "No cover")
    assert not em.log.calls("rupload_igvideo")


async def test_downloads_by_url_and_of_seeded_posts(cl: GatewayClient, em: Emulator, tmp_path: Path) -> None:
    demo = em.world.users.by_username("demo")
    seeded = {m.product_type + str(m.media_type): m for m in em.world.media.by_owner(demo.pk)}
    photo, clip = seeded["feed1"], seeded["clips2"]
    path = await cl.photo_download(photo.pk, tmp_path)
    with Image.open(path) as im:
        assert im.size == (photo.width, photo.height)
    info = await cl.media_info_v1(clip.pk)
    by_url = await cl.clip_download_by_url(str(info.video_url), "mine", tmp_path)
    assert by_url.name == "mine.mp4"
    assert decoded_video(by_url.read_bytes())[:2] == (clip.video_width, clip.video_height)
    small = next(c for c in info.image_versions2.candidates if c.width == 320)
    thumb = await cl.photo_download_by_url(str(small.url), "small", tmp_path)
    with Image.open(thumb) as im:
        assert im.size == (320, 320)
    album = seeded["carousel_container8"]
    urls = [str(r.thumbnail_url) for r in (await cl.media_info_v1(album.pk)).resources]
    assert len(await cl.album_download_by_urls(urls[:1], tmp_path)) == 1


async def test_the_cdn_serves_only_declared_sizes(cl: GatewayClient, em: Emulator) -> None:
    photo = em.world.media.by_owner(em.world.users.by_username("demo").pk)[0]
    response = await cl.public.get(
        f"https://scontent.cdninstagram.com/v/t51.2885-15/{photo.pk}_4000x4000.jpg"
    )
    assert response.status_code == 404
    response = await cl.public.get(
        f"https://scontent.cdninstagram.com/v/t51.2885-15/{photo.pk}_1080x1080.jpg"
    )
    assert response.status_code == 200 and response.headers["content-type"] == "image/jpeg"
    for host in ("cdninstagram.com", "scontent-a.xx.fbcdn.net"):
        assert (await cl.public.get(f"https://{host}/0.0")).status_code == 404  # not the 501 of a gap


async def test_a_track_download_goes_through_the_emulator(
    cl: GatewayClient, em: Emulator, tmp_path: Path
) -> None:
    """aiograpi fetches tracks with a module-level httpx call; the gateway's client uses its session."""
    track = next(iter(em.world.tags.tracks.values()))
    url = builders.track_v1(track)["progressive_download_url"]
    em.log.clear()
    path = await cl.track_download_by_url(url, "song", tmp_path)
    assert path.name == "song.m4a"
    with av.open(str(path)) as container:
        assert container.streams.audio
    [entry] = em.log.calls("track_")
    assert entry.host == "scontent.cdninstagram.com"


async def test_clip_creation_helpers(
    cl: GatewayClient, make_client: Callable[..., GatewayClient], em: Emulator
) -> None:
    info = await cl.clip_info_for_creation()
    assert info["trial_config"] == {"is_enabled": False} and info["max_duration_sec"] > 0
    assert await cl.clip_trial_eligible() is False  # demo is a personal account
    creator = make_client()
    await creator.login("carol", "demo-password")
    assert await creator.clip_trial_eligible() is True

    config = await cl.clip_share_to_fb_config()
    assert config["is_account_linked"] is False
    with pytest.raises(ClientError, match="no Facebook account is linked"):
        await cl.clip_share_to_fb_extra_data()

    demo = em.world.users.by_username("demo")
    clip = next(m for m in em.world.media.by_owner(demo.pk) if m.product_type == "clips")
    template = await cl.media_template_v1(clip.id)
    assert template["template"]["audio"]["title"] == em.world.tags.track(clip.track_id).title
    photo = next(m for m in em.world.media.by_owner(demo.pk) if m.media_type == PHOTO)
    with pytest.raises(ClientError, match="not a reel"):
        await cl.media_template_v1(photo.id)


async def test_clip_pin_is_the_reels_tab_s_own(cl: GatewayClient, em: Emulator) -> None:
    demo = em.world.users.by_username("demo")
    clip = next(m for m in em.world.media.by_owner(demo.pk) if m.product_type == "clips")
    profile_pins = list(demo.pinned_media_pks)
    assert await cl.clip_pin(clip.pk) is True
    assert demo.pinned_clip_pks == [clip.pk] and demo.pinned_media_pks == profile_pins
    await cl.user_clips_v1(demo.pk, amount=5)
    [first, *_] = cl.last_json["items"]
    assert first["media"]["id"] == clip.id and first["media"]["clips_tab_pinned_user_ids"] == [int(demo.pk)]
    assert await cl.clip_unpin(clip.pk) is True
    assert demo.pinned_clip_pks == []
    photo = next(m for m in em.world.media.by_owner(demo.pk) if m.media_type == PHOTO)
    with pytest.raises(ClientError, match="Only reels"):
        await cl.clip_pin(photo.pk)
