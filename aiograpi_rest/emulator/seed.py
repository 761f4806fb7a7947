"""The seed world: the same accounts, graph and content for the same seed.

Fixed for every seed (documented in docs/emulator.md): the three demo accounts and their codes,
the other usernames, and who `demo` follows. The seed varies the rest: extra follows, likes,
captions and comment texts.
"""

from __future__ import annotations

from aiograpi_rest.emulator.world import World
from aiograpi_rest.emulator.world.media import ALBUM, PHOTO, VIDEO, Media
from aiograpi_rest.emulator.world.profiles import About
from aiograpi_rest.emulator.world.users import User

DEMO_PASSWORD = "demo-password"
DEMO_SMS_CODE = "123456"
DEMO_TOTP_SEED = "EMULATORDEMOTOTPSEEDFORDEMOTWOFA"
DEMO_CHALLENGE_CODE = "654321"
# demo2fa's backup codes: eight digits each, each good for one login (Bloks two-step flow).
DEMO_BACKUP_CODES = ("11112222", "33334444", "55556666")
POPULAR = "travel_star"
# What API guides and tutorials reach for first: Instagram's own account (its real pk, far below
# the seed's ids, which start at 1_000_000_001), its hashtag and a well-known city (its real pk).
GUIDE_USERNAME, GUIDE_USER_PK = "instagram", "25025320"
GUIDE_HASHTAG = "instagram"
CITY_NAME, CITY_PK = "New York, New York", "212988663"
FAN_COUNT = 130
BASE_TS = 1_717_000_000  # seeded content is dated before this moment
HOUR = 3600

OTHERS = [
    # username, full name, private, verified, account type
    ("alice", "Alice Lens", False, False, 1),
    ("bob", "Bob Builder", False, False, 1),
    ("carol", "Carol Chef", False, False, 3),
    ("dave", "Dave Dives", False, False, 1),
    ("erin", "Erin Eats", False, False, 1),
    ("frank", "Frank Films", False, False, 3),
    ("grace", "Grace Gardens", False, False, 1),
    ("heidi", "Heidi Hikes", False, False, 1),
    ("ivan", "Ivan Ink", False, False, 1),
    ("judy", "Judy Jazz", False, False, 1),
    ("mallory", "Mallory M", False, False, 1),
    ("niaj", "Niaj Night", False, False, 1),
    ("olivia", "Olivia Oils", False, False, 2),
    ("peggy", "Peggy Pets", False, False, 1),
    ("rupert", "Rupert Runs", False, False, 1),
    ("sybil", "Sybil Secret", True, False, 1),
    ("trent", "Trent Travels", False, False, 1),
    ("victor", "Victor Vinyl", False, False, 1),
    ("walter", "Walter Waves", False, False, 1),
    (POPULAR, "Travel Star", False, True, 3),
    ("spam_bot_99", "Totally Real", False, False, 1),
]
DEMO_FOLLOWS = [
    "alice",
    "bob",
    "carol",
    "dave",
    "erin",
    "frank",
    "grace",
    "heidi",
    "ivan",
    "judy",
    "trent",
    POPULAR,
]
FOLLOW_DEMO = [
    "alice",
    "bob",
    "carol",
    "dave",
    "erin",
    "frank",
    "grace",
    "olivia",
    "peggy",
    "rupert",
    "victor",
]
WORDS = [
    "sunset",
    "coffee",
    "beach",
    "city",
    "night",
    "friends",
    "weekend",
    "food",
    "music",
    "mountains",
    "river",
    "rain",
    "sun",
    "art",
]


def build_world(seed: int = 0) -> World:
    world = World(seed)
    rng = world.ids.rng
    users = _seed_users(world)
    u = {name: user.pk for name, user in users.items()}
    _seed_graph(world, u)
    places = _seed_places(world)
    medias = _seed_media(world, u, places)
    _seed_comments(world, u, medias)
    for media in world.media.medias.values():
        for liker in rng.sample(sorted(u.values()), rng.randint(0, 8)):
            world.media.like(media, liker)
    _seed_saved(world, u, medias)
    _seed_stories(world, u)
    _seed_direct(world, u, medias)
    world.notes.create(u["demo"], "Coffee time", created_at=BASE_TS - HOUR)
    world.notes.create(u["alice"], "Out shooting the sunset", created_at=BASE_TS - 2 * HOUR)
    _seed_profiles(world, u, medias)
    _seed_discovery(world, u)
    _seed_searches(world, u)
    _seed_music(world)
    _seed_bloks_logins(world, u)
    _seed_direct_history(world, u)
    return world


def _seed_bloks_logins(world: World, u: dict[str, str]) -> None:
    """demo2fa's backup codes; `demobloks`, a two-factor account Instagram moved to the CAA
    login, so aiograpi reaches it only through the Bloks screens; `demopasswordreset`, whose
    login asks a new password (see docs/emulator.md). Added last: every other pk stays."""
    world.auth.backup_codes[u["demo2fa"]] = list(DEMO_BACKUP_CODES)
    bloks = world.users.add(
        User(
            world.ids.next("user"),
            "demobloks",
            "Demo Bloks Login",
            password=DEMO_PASSWORD,
            phone_number="+15550000043",
            sms_two_factor_code=DEMO_SMS_CODE,
        )
    )
    world.auth.caa_only.add(bloks.pk)
    # demopasswordreset: Instagram wants a new password before its next login (a challenge whose
    # step is change_password, set on the take_challenge Bloks screen).
    reset = world.users.add(
        User(world.ids.next("user"), "demopasswordreset", "Demo Password Reset", password=DEMO_PASSWORD)
    )
    world.auth.password_resets.add(reset.pk)


def _seed_users(world: World) -> dict[str, User]:
    users: dict[str, User] = {}

    def add(username: str, full_name: str, **fields) -> User:
        user = User(world.ids.next("user"), username, full_name, **fields)
        users[username] = world.users.add(user)
        return user

    add(
        "demo",
        "Demo Account",
        password=DEMO_PASSWORD,
        biography="The emulator's demo account.",
        external_url="https://example.com/demo",
        is_private=True,
        email="demo@example.com",
        phone_number="+15550000001",
        birthday="1990-01-01",
    )
    add(
        "demo2fa",
        "Demo Two-Factor",
        password=DEMO_PASSWORD,
        phone_number="+15550000042",
        sms_two_factor_code=DEMO_SMS_CODE,
        totp_seed=DEMO_TOTP_SEED,
    )
    add(
        "demochallenge",
        "Demo Challenge",
        password=DEMO_PASSWORD,
        email="demochallenge@example.com",
        challenge_code=DEMO_CHALLENGE_CODE,
    )
    for username, full_name, private, verified, account_type in OTHERS:
        add(
            username,
            full_name,
            password=DEMO_PASSWORD,
            is_private=private,
            is_verified=verified,
            account_type=account_type,
            biography=f"{full_name.split()[1]} and more.",
            category="Creator" if account_type == 3 else ("Shopping & retail" if account_type == 2 else ""),
            public_email=f"{username}@example.com" if account_type != 1 else "",
        )
    for i in range(1, FAN_COUNT + 1):
        add(f"fan_{i:03d}", f"Fan {i}", password=DEMO_PASSWORD)
    return users


def _seed_graph(world: World, u: dict[str, str]) -> None:
    rng = world.ids.rng
    social = world.social
    demo = u["demo"]
    for name in DEMO_FOLLOWS:
        social.follow(demo, u[name])
    for name in FOLLOW_DEMO:
        social.follow(u[name], demo)
    social.follow(u["mallory"], demo, target_private=True)  # a request waiting for demo
    social.follow(demo, u["sybil"], target_private=True)  # demo's own request, not yet accepted
    social.follow(u["demo2fa"], demo)
    for i in range(1, FAN_COUNT + 1):
        social.follow(u[f"fan_{i:03d}"], u[POPULAR])
    others = [name for name, *_ in OTHERS if name not in ("spam_bot_99",)]
    for name in others:
        for target in rng.sample(others, 4):
            if target != name:
                social.follow(u[name], u[target], target_private=target == "sybil")
    social.set_close_friend(demo, u["alice"])
    social.set_close_friend(demo, u["bob"])
    social.set_mute(demo, u["trent"], "stories")
    social.set_notification(demo, u["alice"], "posts")
    social.set_notification(demo, u["alice"], "stories")
    social.block(demo, u["spam_bot_99"])


def _seed_places(world: World) -> dict[str, str]:
    tags = world.tags
    places = {
        "bridge": tags.add_location(
            "Golden Gate Bridge", city="San Francisco", lat=37.8199, lng=-122.4783, category="Landmark"
        ),
        "tower": tags.add_location(
            "Eiffel Tower", city="Paris", lat=48.8584, lng=2.2945, category="Landmark"
        ),
        "park": tags.add_location(
            "Central Park", city="New York", lat=40.7829, lng=-73.9654, category="Park"
        ),
    }
    tags.add_track("Emulated Summer", "The Fixtures", duration_in_ms=31_000)
    tags.add_track("Offline Nights", "Loopback", duration_in_ms=28_000, is_explicit=True)
    for name in ("sunset", "travel", "food", "reels"):
        tags.hashtag(name, create=True)
    return {key: loc.pk for key, loc in places.items()}


def _caption(world: World, *hashtags: str) -> str:
    words = " ".join(world.ids.rng.sample(WORDS, 3))
    return " ".join([words.capitalize(), *(f"#{t}" for t in hashtags)])


def _seed_media(world: World, u: dict[str, str], places: dict[str, str]) -> dict[str, Media]:
    store = world.media
    tracks = list(world.tags.tracks)
    ts = iter(range(BASE_TS - 5 * HOUR, 0, -7 * HOUR))
    medias: dict[str, Media] = {}

    def post(key: str, owner: str, media_type: int, product_type: str, *hashtags: str, **fields) -> Media:
        media = store.add(
            u[owner],
            media_type,
            product_type,
            taken_at=next(ts),
            caption=_caption(world, *hashtags),
            hashtags=list(hashtags),
            **fields,
        )
        medias[key] = media
        return media

    post(
        "demo_photo",
        "demo",
        PHOTO,
        "feed",
        "sunset",
        location_pk=places["bridge"],
        usertags=[(u["alice"], 0.5, 0.5)],
    )
    post("demo_video", "demo", VIDEO, "feed", "travel", video_duration=12.5, view_count=140)
    post(
        "demo_album",
        "demo",
        ALBUM,
        "carousel_container",
        "travel",
        location_pk=places["tower"],
        resources=[store.new_resource(PHOTO), store.new_resource(VIDEO), store.new_resource(PHOTO)],
    )
    post(
        "demo_clip", "demo", VIDEO, "clips", "reels", track_id=tracks[0], video_duration=15.0, view_count=900
    )
    post("demo_igtv", "demo", VIDEO, "igtv", video_duration=95.0, view_count=55)
    post("demo_archived", "demo", PHOTO, "feed", "food", archived=True)
    world.users.get(u["demo"]).pinned_media_pks = [medias["demo_photo"].pk]
    post("popular_photo", POPULAR, PHOTO, "feed", "travel", "sunset", location_pk=places["tower"])
    post("popular_clip", POPULAR, VIDEO, "clips", "reels", "travel", track_id=tracks[1], video_duration=20.0)
    for i in range(4):
        post(f"popular_{i}", POPULAR, PHOTO if i % 2 else VIDEO, "feed", "travel", location_pk=places["park"])
    for name, *_ in OTHERS:
        if name in (POPULAR, "spam_bot_99"):
            continue
        post(f"{name}_photo", name, PHOTO, "feed", world.ids.rng.choice(["sunset", "food", "travel"]))
    post("alice_clip", "alice", VIDEO, "clips", "reels", track_id=tracks[0], video_duration=9.0)
    post("carol_food", "carol", PHOTO, "feed", "food", location_pk=places["park"])
    return medias


def _seed_comments(world: World, u: dict[str, str], medias: dict[str, Media]) -> None:
    rng = world.ids.rng
    store = world.media
    commenters = [u[f"fan_{i:03d}"] for i in range(1, 41)] + [u["alice"], u["bob"], u["demo"]]
    popular = medias["popular_photo"]
    created = popular.taken_at + 60
    for i in range(65):
        created += 90
        comment = store.add_comment(
            popular, rng.choice(commenters), f"Comment {i + 1}: {rng.choice(WORDS)}!", created_at=created
        )
        if i % 9 == 0:
            for j in range(3):
                store.add_comment(
                    popular, rng.choice(commenters), f"Reply {j + 1} to {i + 1}", comment.pk, created + j + 1
                )
        if i % 5 == 0:
            store.like_comment(comment, u["demo"])
            store.like_comment(comment, u[POPULAR])
        if i == 3:
            popular.pinned_comment_pks.append(comment.pk)
    photo = medias["demo_photo"]
    for name in ("alice", "bob", "carol"):
        comment = store.add_comment(
            photo, u[name], f"Lovely shot, says {name}", created_at=photo.taken_at + 600
        )
        store.add_comment(photo, u["demo"], f"Thanks @{name}!", comment.pk, photo.taken_at + 900)
    store.add_comment(
        medias["demo_clip"], u["dave"], "Great reel", created_at=medias["demo_clip"].taken_at + 60
    )


def _seed_saved(world: World, u: dict[str, str], medias: dict[str, Media]) -> None:
    store = world.media
    demo = u["demo"]
    store.add_collection(demo, "Travel", [medias["popular_photo"].pk, medias["popular_0"].pk])
    store.add_collection(demo, "Food", [medias["carol_food"].pk])
    store.save(medias["alice_clip"], demo)


def _seed_stories(world: World, u: dict[str, str]) -> None:
    stories = world.stories
    demo = u["demo"]
    s1 = stories.add(demo, 1, BASE_TS - 3 * HOUR, mentions=[u["alice"]], hashtags=["sunset"])
    s2 = stories.add(demo, 2, BASE_TS - 2 * HOUR, link="https://example.com/story")
    s3 = stories.add(demo, 1, BASE_TS - 40 * HOUR)
    for viewer in ("alice", "bob", "carol"):
        stories.mark_seen(s1, u[viewer])
    s1.likes.add(u["alice"])
    stories.add(u["alice"], 1, BASE_TS - 4 * HOUR)
    stories.add(u["bob"], 2, BASE_TS - 5 * HOUR)
    stories.add(u["bob"], 1, BASE_TS - 4 * HOUR, close_friends_only=True)
    stories.add(u[POPULAR], 1, BASE_TS - 1 * HOUR)
    stories.add(u["trent"], 1, BASE_TS - 1 * HOUR)
    stories.add_highlight(demo, "Trips", [s1.pk, s3.pk], BASE_TS - 2 * HOUR)
    stories.add_highlight(demo, "Friends", [s2.pk], BASE_TS - HOUR)
    stories.add_highlight(u[POPULAR], "Paris", [], BASE_TS - 30 * HOUR)


def _seed_direct(world: World, u: dict[str, str], medias: dict[str, Media]) -> None:
    direct = world.direct
    demo = u["demo"]
    at = (BASE_TS - 10 * HOUR) * 1_000_000
    step = 60 * 1_000_000

    chat = direct.create(demo, [u["alice"]])
    for i, (who, text) in enumerate(
        [("alice", "Hey! Are you coming tonight?"), ("demo", "Yes, see you at 8"), ("alice", "Great")]
    ):
        direct.send(chat, u[who], text, at + i * step)
    direct.send(
        chat, u["alice"], "", at + 4 * step, item_type="media_share", media_pk=medias["popular_photo"].pk
    )
    direct.send(chat, demo, "", at + 5 * step, item_type="like")

    group = direct.create(demo, [u["bob"], u["carol"]], title="Weekend plans")
    direct.send(group, u["bob"], "Hiking on Saturday?", at + 10 * step)
    direct.send(group, u["carol"], "I'll bring food", at + 11 * step)
    direct.send(group, demo, "Count me in", at + 12 * step)

    request = direct.create(u["frank"], [demo], pending=True)
    direct.send(request, u["frank"], "Hi, would you like to collaborate?", at + 20 * step)


HISTORY_MESSAGES = 65  # more than three of a thread's pages (20 items each)


def _seed_direct_history(world: World, u: dict[str, str]) -> None:
    """A long chat between demo and dave, older than demo's other threads, to page through.

    Seeded last, so no id given before changes."""
    direct = world.direct
    chat = direct.create(u["dave"], [u["demo"]])
    at = (BASE_TS - 40 * HOUR) * 1_000_000
    for i in range(HISTORY_MESSAGES):
        who = u["dave"] if i % 2 == 0 else u["demo"]
        direct.send(chat, who, f"{WORDS[i % len(WORDS)]} #{i + 1}", at + i * 60 * 1_000_000)
    chat.unread_for.clear()


def _seed_profiles(world: World, u: dict[str, str], medias: dict[str, Media]) -> None:
    """Profile extras, reels of accounts `demo` does not follow, and posts `demo` is tagged in.

    Seeded last and without the random generator, so nothing seeded before changes."""
    profiles = world.profiles
    profiles.about[u["demo"]] = About("United States", "January 2019")
    profiles.about[u["alice"]] = About("Canada", "June 2017")
    profiles.about[u[POPULAR]] = About("France", "March 2015", ["travelstar_fr", "startravels"])
    profiles.featured[u[POPULAR]] = [u["alice"], u["trent"], u["frank"]]
    popular = [medias["popular_photo"].pk, medias["popular_0"].pk]
    profiles.add_guide(u[POPULAR], "Paris in a weekend", "Where to go first.", popular, BASE_TS - 20 * HOUR)
    profiles.add_guide(
        u[POPULAR],
        "Golden hour spots",
        "Light worth waiting for.",
        [medias["popular_1"].pk],
        BASE_TS - 10 * HOUR,
    )
    profiles.start_fundraiser(
        u["carol"],
        "Community kitchen",
        "Meals for neighbours in need.",
        goal_cents=500_000,
        raised_cents=125_000,
        end_time=BASE_TS + 30 * 24 * HOUR,
    )
    for i, name in enumerate(("olivia", "rupert")):
        world.media.add(
            u[name],
            VIDEO,
            "clips",
            taken_at=BASE_TS - (3 + i) * HOUR,
            caption="Weekend moves #reels",
            hashtags=["reels"],
            video_duration=11.0,
        )
    for key in ("alice_photo", "bob_photo", "popular_clip"):
        medias[key].usertags.append((u["demo"], 0.4, 0.6))


def _seed_discovery(world: World, u: dict[str, str]) -> None:
    """The account, hashtag and city documentation examples name, with posts, a story, followers
    and a guide. Seeded last and without the random generator, so nothing seeded before changes."""
    account = world.users.add(
        User(
            GUIDE_USER_PK,
            GUIDE_USERNAME,
            "Instagram",
            password=DEMO_PASSWORD,
            biography="Discover what's new on Instagram.",
            is_verified=True,
            account_type=2,
            category="Shopping & retail",
            public_email="instagram@example.com",
        )
    )
    city = world.tags.add_location(
        CITY_NAME, pk=CITY_PK, city="New York", lat=40.7128, lng=-74.0060, category="City"
    )
    world.tags.hashtag(GUIDE_HASHTAG, create=True)
    for i in range(1, 41):
        world.social.follow(u[f"fan_{i:03d}"], account.pk)
    fans = [u[f"fan_{i:03d}"] for i in range(1, FAN_COUNT + 1)]
    posts = []
    for i in range(14):
        clip = i % 5 == 4
        tags = [GUIDE_HASHTAG, "reels"] if clip else [GUIDE_HASHTAG]
        media = world.media.add(
            account.pk,
            VIDEO if clip or i % 4 == 1 else PHOTO,
            "clips" if clip else "feed",
            taken_at=BASE_TS - (6 + 5 * i) * HOUR,
            caption=f"Stories from our community, part {i + 1} " + " ".join(f"#{t}" for t in tags),
            hashtags=tags,
            location_pk=city.pk if i % 2 == 0 else None,
            video_duration=12.0 if clip or i % 4 == 1 else 0.0,
        )
        # Likes follow no time order, so the top tabs rank differently from the recent ones.
        for fan in fans[: (i * 7) % 23 + 1]:
            world.media.like(media, fan)
        posts.append(media)
    world.stories.add(account.pk, 1, BASE_TS - 2 * HOUR)
    at_city = [m.pk for m in posts if m.location_pk == city.pk]
    world.profiles.add_guide(
        account.pk, "New York in a day", "Where our community shoots.", at_city[:3], BASE_TS - 5 * HOUR
    )


def _seed_searches(world: World, u: dict[str, str]) -> None:
    """`demo`'s recent searches, oldest first: a keyword, a hashtag, then an account."""
    searches = world.searches
    searches.add(u["demo"], "keyword", "sunset", BASE_TS - 6 * HOUR)
    searches.add(u["demo"], "hashtag", "travel", BASE_TS - 5 * HOUR)
    searches.add(u["demo"], "user", u["alice"], BASE_TS - 4 * HOUR)


def _seed_music(world: World) -> None:
    """Tracks a music search ranks: `summer` finds an exact title, a prefix and a later word."""
    world.tags.add_track("Summer", "Coastline", duration_in_ms=24_000)
    world.tags.add_track("Summer Rain", "The Fixtures", duration_in_ms=33_000)
