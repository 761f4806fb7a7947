"""The words of the OpenAPI document: tag and operation descriptions, from what each route does.

Generated clients show them as docstrings. An operation's one-line `summary` stays on its route;
its description lives here, keyed by operation id (tests/test_openapi.py wants one for every
operation and none without its operation). Sentences that follow from the schema (paging, raw
answers, downloads) are added by `describe`, not repeated here. Examples: `openapi_examples`.
"""

from __future__ import annotations

from typing import Any

from aiograpi_rest.openapi_examples import EXAMPLES

API_DESCRIPTION = (
    "REST gateway to Instagram's private API, built on aiograpi. Log in with POST /auth/login and send the "
    "returned token as `X-Session-ID`; where the server has API keys, every call but the system routes also "
    "sends one (`X-API-Key` or `Authorization: Bearer`). Errors answer `ErrorBody` (`detail`, `exc_type`, "
    "`hint`, `request_id`); bad input is a 422 naming the field."
)
PAGED = "Pass the answer's `next_cursor` back as `cursor` for the next page; an empty one ends the list."
RAW = "The answer is Instagram's JSON as it came: its fields are Instagram's and may change."
DOWNLOAD = (
    "With `returnFile=true` (the default) the answer is the file; with `returnFile=false` it is kept in "
    "AIOGRAPI_REST_DOWNLOAD_DIR (`folder`: a subfolder of it) and the answer is its path there."
)

# In the reference's tag order (routes.md), so generated clients group operations the same way.
TAGS: dict[str, str] = {
    "Auth": (
        "Sessions: log in (with two-factor codes and challenges), import a sessionid or aiograpi settings, "
        "log in again, TOTP two-factor, and the caller's sessions. POST /auth/login answers the token "
        "every other operation takes as `X-Session-ID`."
    ),
    "Account": (
        "The logged-in account: its profile, picture, privacy, links, password and contact points, follow "
        "requests to it, saved collections, liked and archived posts, and its home feeds."
    ),
    "User": (
        "Other accounts: profiles, follower and following lists, relationships, their posts, reels, "
        "stories, highlights and guides, and the actions on them (follow, block, mute, close friends, "
        "notifications). A user is a `user_id` (digits, a string) or, where offered, a `username`."
    ),
    "Search": (
        "Search across Instagram: accounts, hashtags, places, music, reels, the blended Top tab, typeahead "
        "suggestions and the account's recent searches. Search text is trimmed; a blank one is a 422."
    ),
    "Share": "Decode an Instagram share link or code into what it points to.",
    "Reels": (
        "The reels feeds: the Reels tab, Explore reels and the Friends tab, polled with `last_media_pk`."
    ),
    "Explore": "The Explore tab and a post opened from it, as Instagram sends them.",
    "Media (Post)": (
        "Posts of any kind (photo, video, album, reel): info, edit and delete, likes, saves, archive, "
        "pins, seen marks, notes, comments and livestreams. A post is named by its media id "
        "`<media_pk>_<owner_pk>` (or its pk, shortcode or URL where offered)."
    ),
    "Direct": (
        "Direct messages: the inbox and its request folders, threads (read, create, rename, mute, hide), "
        "messages (send, unsend, like, react, mark seen), shares of posts, profiles and stories, and "
        "photos, videos, voice notes and stickers. Thread and message ids are decimal strings."
    ),
    "Hashtag": (
        "A hashtag's info, following it, and its top and recent posts and reels. Names are taken with or "
        "without '#'."
    ),
    "Location": (
        "Places: a place's info, the guides that visit it, and the top and recent posts tagged there."
    ),
    "Highlight": (
        "Story highlights: make one from stories, read it, change its title, cover and stories, delete it."
    ),
    "Note": (
        "Notes above the inbox: read the ones the account sees, write one (text, or with a song), delete "
        "it, mark the tray seen."
    ),
    "Notifications": "The activity inbox and the account's push-notification settings.",
    "Photo": (
        "Photo posts: post one (a file, a URL, or with a song) and download one (by media pk or CDN URL)."
    ),
    "Video": (
        "Feed videos: post one (a file or a URL, checked against the feed-video rules first) and download "
        "one."
    ),
    "Clip (Reels)": (
        "Reels: post one (a file, a URL, or with a song's metadata), download one, pin it to the profile, "
        "and the creation preflight (limits, Trial Reels, Facebook sharing)."
    ),
    "Album (Carousel)": (
        "Albums (carousels) of 2 to 10 photos and videos: post one, with a song or not, and download one "
        "into the server's download directory."
    ),
    "Story": (
        "Stories: post one (photo or video, with mentions, places, links, hashtags and stickers), read "
        "them (one, several users', viewers, the archive), mark seen, like, delete, download."
    ),
    "IGTV (Legacy)": (
        "Long videos (60 s to 15 min) posted with a title, and their downloads. IGTV is gone from the app; "
        "Instagram still takes the uploads."
    ),
    "Insights": (
        "Insights of a professional (business or creator) account: the account, one post, and its posts "
        "ranked by a metric."
    ),
    "Track (Music)": (
        "Music: a track's info and audio page, its audio file, the music browsers, search, keywords, "
        "trends, bookmarks and original-audio titles. A track found here is what the `*/upload/with/music` "
        "routes and POST /note/music take as `track`."
    ),
    "System": (
        "Operating the gateway: liveness and readiness probes, Prometheus metrics, build and dependency "
        "versions. No credentials needed."
    ),
}

DESCRIPTIONS: dict[str, str] = {
    # Auth
    "postAuthLogin": (
        "Logs the Instagram account in (aiograpi `login`: `accounts/login/`) and answers a new session "
        "token; send it as `X-Session-ID` from then on. Needs no session. When Instagram wants a "
        "two-factor code the answer is a 401 `TwoFactorRequired` whose `session_id` names a pending "
        "session: repeat the call with `verification_code` and that token in `X-Session-ID`. A challenge "
        "is a 403 with `session_id` and `last_json` for POST /auth/challenge/resolve. `verification_code` "
        "is the SMS or TOTP code, or an eight-digit backup code; a backup code, and any code for an "
        "account Instagram moved to its newer CAA login, goes through Instagram's Bloks two-step screens "
        "(aiograpi 1.0.9 stops its own Bloks login calls as not logged in before they leave; the gateway "
        "lets them through). A wrong code is a 401 either way. `remember_password=true` keeps the "
        "password, encrypted, so a session Instagram logs out heals itself."
    ),
    "postAuthLoginBySessionId": (
        "Logs in with the Instagram `sessionid` cookie (aiograpi `login_by_sessionid`) and answers a new "
        "session token. Given one of your own active session tokens instead (as clients written for the "
        "reference do, taking the id POST /auth/login answers for the sessionid), it answers that same "
        "token and calls nothing upstream. Anything else, another tenant's token included, is a 422 naming "
        "`sessionid`."
    ),
    "getAuthSettings": (
        "The session's aiograpi settings (`Client.get_settings()`: device, user agent, uuids, cookies, "
        "authorization data) as JSON: keep it to move the session elsewhere, or import it with PATCH "
        "/auth/settings. It holds the account's credentials: treat it as a secret. No Instagram call."
    ),
    "patchAuthSettings": (
        "With a session (`X-Session-ID`): changes its settings, proxy, locale or timezone. Without one: "
        "imports `settings` (from GET /auth/settings) as a new session and answers its token, calling "
        "nothing upstream (the next call is the check). All or nothing: a client is built from the new "
        "settings and checked (a logged-in authorization_data, printable-ASCII header values, Instagram's "
        "ranges) before anything is stored; a refusal is a 422 naming the field and leaves the session as "
        "it was. A sent but empty `proxy` clears the proxy; an absent one leaves it."
    ),
    "patchAuthRelogin": (
        "Logs in again with the remembered password (POST /auth/login with `remember_password=true`), from "
        "the same device. A refusal (a two-factor account needs a code, which this route has none of: log "
        "in with POST /auth/login) leaves the session as it was; aiograpi alone would have wiped its "
        "cookies. No remembered password is a 409 `PasswordNotRemembered`."
    ),
    "getAuthTotpSeed": (
        "Asks Instagram for a new TOTP seed (`accounts/generate_two_factor_totp_key/`): load it into an "
        "authenticator app, then POST /auth/totp with the app's current code to turn two-factor on."
    ),
    "postAuthTotp": (
        "Turns on TOTP two-factor with the current code for the seed from GET /auth/totp/seed "
        "(`accounts/enable_totp_two_factor/`); answers the backup codes Instagram issues, each good for "
        "one login."
    ),
    "deleteAuthTotp": "Turns TOTP two-factor off for the account (`accounts/disable_totp_two_factor/`).",
    "getAuthTotpCode": (
        "Computes the current six-digit code of a base32 TOTP seed, locally: no session, no Instagram "
        "call. Handy for scripts that log in to accounts whose seed they hold."
    ),
    "postAuthChallengeResolve": (
        "Finishes a challenge: `last_json` is the challenge JSON of the error (its `last_json` field), "
        "`security_code` the code Instagram sent by e-mail or SMS. Works on the pending session a login's "
        "challenge left (its token in `X-Session-ID`) and on a logged-in session met by a challenge later. "
        "When the challenge asks for a new password instead of a code (step change_password), give it as "
        "new_password: it is set through Instagram's take_challenge screen, the login then finishes with "
        "it, and a remembered password becomes the new one."
    ),
    "getAuthSessions": (
        "The sessions of the caller's tenant (the one its API key names; the single keyless tenant when "
        "the server has no keys), oldest first: token prefix, state (active or pending), account, proxy "
        "host, creation and last use. Never the tokens or cookies. No Instagram call."
    ),
    "deleteAuthSession": (
        "Revokes the session token sent: it stops working at once and its stored secrets are wiped. With "
        "`logout=true` the account is also logged out of Instagram first (aiograpi `logout`), which ends "
        "the device's Instagram session too."
    ),
    # Account
    "getAccount": (
        "The logged-in account as Instagram's edit screen shows it (`accounts/current_user/`): profile "
        "fields plus the private ones (e-mail, phone number, birthday)."
    ),
    "patchAccount": (
        "Edits the profile (`accounts/edit_profile/`): only the fields given change, the others are read "
        "first and sent back as they were. Answers the account as it is after the edit."
    ),
    "patchAccountPicture": (
        "Uploads a new profile picture (`rupload_igphoto`, then `accounts/change_profile_picture/`). The "
        "photo is checked by its bytes first: JPEG, PNG or WebP; aiograpi crops and scales it."
    ),
    "patchAccountPrivacy": (
        "`is_private=true` makes the account private (only approved followers see its posts), false public "
        "(`accounts/set_private/` or `accounts/set_public/`)."
    ),
    "patchAccountBiography": "Sets the profile's biography and nothing else (`accounts/set_biography/`).",
    "deleteAccountExternalUrl": (
        "Removes every link from the profile (`accounts/update_bio_links/`). Answers Instagram's JSON."
    ),
    "patchAccountExternalUrl": (
        "Replaces the profile's links with this one URL (`accounts/update_bio_links/`). Answers "
        "Instagram's JSON."
    ),
    "deleteAccountBioLinks": (
        "Removes the profile links with these ids (the `bio_links` of GET /user), keeping the others "
        "(`accounts/remove_bio_links/`). Answers Instagram's JSON."
    ),
    "patchAccountPassword": (
        "Changes the account's password (`accounts/change_password/`). A wrong `old_password` is a 422 "
        "naming it; other refusals answer false."
    ),
    "postAccountPasswordReset": (
        "Asks Instagram to send a password reset link for a username, e-mail or phone number (www "
        "`account_recovery_send_ajax`). Answers Instagram's JSON."
    ),
    "postAccountEmailConfirmation": (
        "Asks Instagram to send a confirmation code to an e-mail address (`accounts/send_confirm_email/`); "
        "confirm it with POST /account/email/confirm."
    ),
    "postAccountEmailConfirm": (
        "Confirms an e-mail address with the code Instagram sent to it (`accounts/verify_email_code/`)."
    ),
    "postAccountPhoneConfirm": (
        "Asks Instagram to text a confirmation code to a phone number "
        "(`accounts/initiate_phone_number_confirmation/`)."
    ),
    "getAccountSecurity": (
        "The account's security settings as Instagram sends them (`accounts/account_security_info/`): "
        "two-factor methods, trusted devices, contact points."
    ),
    "getAccountFamily": (
        "The accounts linked to this one in Accounts Center (`multiple_accounts/get_account_family/`), as "
        "Instagram sends them."
    ),
    "getAccountFollowRequests": "People who asked to follow this private account (`friendships/pending/`).",
    "deleteAccountFollowRequests": (
        "Declines the follow requests of these users, one call each (`friendships/ignore/{user_id}/`); "
        "answers each user id with whether it worked."
    ),
    "postAccountFollowRequestApprove": (
        "Accepts one user's follow request (`friendships/approve/{user_id}/`): they become a follower."
    ),
    "deleteAccountFollowRequest": "Declines one user's follow request (`friendships/ignore/{user_id}/`).",
    "postAccountFollowRequestsApprove": (
        "Accepts the follow requests of these users, one call each (`friendships/approve/{user_id}/`); "
        "answers each user id with whether it worked."
    ),
    "getAccountCollections": (
        "The account's saved-post collections (`collections/list/`), the All posts collection "
        "(`ALL_MEDIA_AUTO_COLLECTION`) first."
    ),
    "getAccountCollection": (
        "One saved collection, by `collection_pk` or by `name` as the app shows it (exactly one); an "
        "unknown one is a 404."
    ),
    "getAccountCollectionMedia": (
        "The posts saved in one collection (by `collection_pk` or `name`), newest saved first. "
        "`last_media_pk` continues after a post already seen."
    ),
    "getAccountLikedMedia": (
        "The posts this account liked, newest like first; `last_media_pk` continues after a post already "
        "seen."
    ),
    "getAccountArchiveMedia": (
        "Posts this account archived, which only it sees (`feed/only_me_feed/`). Instagram picks its page "
        "size; the gateway cuts pages at `amount`."
    ),
    "getAccountFeedNew": (
        "Whether the home timeline has posts newer than those last fetched (`feed/new_feed_posts_exist/`)."
    ),
    "getAccountFeedTimeline": (
        "The home timeline's first page (`feed/timeline/`) as Instagram sends it: posts, ads and "
        "suggestions mixed, media pks as numbers."
    ),
    "getAccountFeedUserStreamItem": (
        "One item of a user's profile feed as the app streams it (`feed/user_stream/{item_id}/`), "
        "Instagram's `stream_rows` unchanged."
    ),
    # User
    "getUser": (
        "A user's full profile, by `user_id` or `username` (exactly one): counts, biography, links, "
        "category, whether it is private or verified. By username aiograpi tries the web profile, then "
        "`users/{username}/usernameinfo/`; by id `users/{user_id}/info/`. An unknown user is a 404 "
        "`UserNotFound`."
    ),
    "getUserAbout": (
        'Instagram\'s "About this account" for a user (a Bloks screen): country, date joined, former '
        "usernames, verification."
    ),
    "getUserCreator": (
        "A creator's profile card and the info Instagram shows about them in Direct "
        "(`creator/creator_info/`): `user` plus Instagram's `info`."
    ),
    "getUserFeaturedAccounts": (
        "The accounts a profile features on its page (`multiple_accounts/get_featured_accounts/`)."
    ),
    "getUserFollowers": (
        "The accounts following a user (`friendships/{user_id}/followers/`), a page of at most `amount` at "
        "a time. A private account's list needs an accepted follow."
    ),
    "getUserFollowing": (
        "The accounts a user follows (`friendships/{user_id}/following/`), a page of at most `amount` at a "
        "time."
    ),
    "getUserFriendship": (
        "This account's relationship with one user (`friendships/show/{user_id}/`): following, followed "
        "by, blocking, muting, restricted, close friend, requests either way."
    ),
    "getUserFriendships": (
        "This account's relationship with each of several users, in one call (`friendships/show_many/`)."
    ),
    "getUserFundraiser": (
        "A user's running fundraiser, if any (`fundraiser/{user_id}/standalone_fundraiser_info/`)."
    ),
    "getUserProfileWeb": (
        "The web profile of a username, asked through the private API (`users/web_profile_info/`): the "
        "`user` object the website reads, with its first posts."
    ),
    "getUserRecommendations": (
        "Accounts Instagram recommends next to a business, by the business's category "
        "(`discover/recommended_accounts_for_category/`)."
    ),
    "getUserStream": (
        "The profile as the app streams it (`users/{username}/usernameinfo_stream/` or "
        "`users/{user_id}/info_stream/`): `view=flat` merges the rows into one user object, `view=raw` "
        "answers Instagram's rows."
    ),
    "getUserSuggestions": "The accounts Instagram suggests next to a profile (`discover/chaining/`).",
    "getUserSuggestionsDetails": (
        "Details of suggested accounts (`discover/fetch_suggestion_details/`): `chained_ids` are the "
        "suggestions of GET /user/suggestions."
    ),
    "getUserPosts": (
        "A user's posts, newest first after the pinned ones (`feed/user/{user_id}/`), by `user_id` or "
        "`username`."
    ),
    "getUserReels": "A user's reels (`clips/user/`), by `user_id` or `username`.",
    "getUserVideos": "A user's IGTV videos (`igtv/channel/`), by `user_id` or `username`.",
    "getUserTaggedPosts": (
        "The posts a user is tagged in (`usertags/{user_id}/feed/`), by `user_id` or `username`. Instagram "
        "picks its page size; the gateway cuts pages at `amount`."
    ),
    "getUserPinnedPosts": (
        "The posts a user pinned to the top of their profile (at most three), read from the first page of "
        "their feed."
    ),
    "getUserStories": (
        "A user's live stories (the last 24 hours), oldest first, at most `amount` (none or 0: all). An "
        "account with none answers an empty list."
    ),
    "getUserHighlights": (
        "A user's story highlights (`highlights/{user_id}/highlights_tray/`), each with its cover; "
        "`amount` caps the list (0: all). GET /highlight reads one with its stories."
    ),
    "getUserGuides": "The guides a user published (`guides/user/{user_id}/`), each with its cover post.",
    "postUserFollow": (
        "Follows a user (`friendships/create/{user_id}/`). Following a private account sends a follow "
        "request: GET /user/friendship shows it as `outgoing_request`."
    ),
    "deleteUserFollow": (
        "Stops following a user, or withdraws a pending follow request (`friendships/destroy/{user_id}/`)."
    ),
    "deleteUserFollower": (
        "Removes a user from this account's followers (`friendships/remove_follower/{user_id}/`); they are "
        "not told."
    ),
    "postUserBlock": (
        "Blocks a user (`friendships/block/{user_id}/`): they can no longer see the account or message it. "
        "`surface` is where the app would say the block came from."
    ),
    "deleteUserBlock": "Unblocks a user (`friendships/unblock/{user_id}/`).",
    "postUserCloseFriend": (
        "Adds a user to Close Friends (`friendships/set_besties/`): they see the stories shared with Close "
        "Friends only."
    ),
    "deleteUserCloseFriend": "Removes a user from Close Friends (`friendships/set_besties/`).",
    "postUserMutePosts": (
        "Hides a followed user's posts from the feed without unfollowing "
        "(`friendships/mute_posts_or_story_from_follow/`); `revert=true` unmutes instead."
    ),
    "deleteUserMutePosts": (
        "Shows a muted user's posts in the feed again (`friendships/unmute_posts_or_story_from_follow/`)."
    ),
    "postUserMuteStories": (
        "Hides a followed user's stories from the tray without unfollowing "
        "(`friendships/mute_posts_or_story_from_follow/`); `revert=true` unmutes instead."
    ),
    "deleteUserMuteStories": (
        "Shows a muted user's stories again (`friendships/unmute_posts_or_story_from_follow/`)."
    ),
    "postUserNotificationsPosts": (
        "Turns on push notifications for a user's new posts (`friendships/favorite/{user_id}/`)."
    ),
    "deleteUserNotificationsPosts": (
        "Turns off push notifications for a user's new posts (`friendships/unfavorite/{user_id}/`)."
    ),
    "postUserNotificationsReels": (
        "Turns on push notifications for a user's new reels (`friendships/favorite_for_clips/{user_id}/`)."
    ),
    "deleteUserNotificationsReels": (
        "Turns off push notifications for a user's new reels (`friendships/unfavorite_for_clips/{user_id}/`)."
    ),
    "postUserNotificationsStories": (
        "Turns on push notifications for a user's new stories "
        "(`friendships/favorite_for_stories/{user_id}/`)."
    ),
    "deleteUserNotificationsStories": (
        "Turns off push notifications for a user's new stories "
        "(`friendships/unfavorite_for_stories/{user_id}/`)."
    ),
    "postUserNotificationsVideos": (
        "Turns on push notifications for a user's new videos (`friendships/favorite_for_igtv/{user_id}/`)."
    ),
    "deleteUserNotificationsVideos": (
        "Turns off push notifications for a user's new videos (`friendships/unfavorite_for_igtv/{user_id}/`)."
    ),
    # Search
    "getSearchUsers": (
        "Accounts whose username or name matches (`users/search/`), most relevant first, as short users."
    ),
    "getSearchAccounts": (
        "The Accounts tab of search (`fbsearch/account_serp/`), a page at a time: pass the answer's "
        "`next_page_token` back as `page_token`."
    ),
    "getSearchFollowers": (
        "A user's followers whose username or name matches (`friendships/{user_id}/followers/` with a query)."
    ),
    "getSearchFollowing": (
        "The accounts a user follows whose username or name matches (`friendships/{user_id}/following/` "
        "with a query)."
    ),
    "getSearchHashtags": "Hashtags that match (`tags/search/`), with their post counts.",
    "getSearchMusic": (
        "Music tracks whose title or artist matches (`music/audio_global_search/`); a track found is what "
        "the `*/upload/with/music` routes take as `track`."
    ),
    "getSearchLocations": (
        "Places by name (www `web/search/topsearch/`), or the places nearest to a point "
        "(`location_search/`). Give `name`, or `lat` and `lng` together (not both ways at once)."
    ),
    "getSearchPlaces": (
        "Places that match (`fbsearch/places/`): an exact name first, then the nearest to `lat`/`lng`."
    ),
    "getSearchTop": (
        "The Top tab of search (`fbsearch/top_serp/`): accounts and a grid of posts. The cursors it holds "
        "(`next_max_id`, `reels_max_id`, `rank_token`) go back as the parameters of the same names."
    ),
    "getSearchTopFlat": (
        "Accounts, hashtags and places in one ranked list (`fbsearch/topsearch_flat/`), each row as "
        "Instagram sends it."
    ),
    "getSearchWebTop": "The website's search (www `web/search/topsearch/`): accounts, places and hashtags.",
    "getSearchWebHashtags": (
        "The hashtags of the website's search (www `web/search/topsearch/`), as hashtags."
    ),
    "getSearchReels": (
        "The Reels tab of search (`fbsearch/reels_serp/`); its `reels_max_id` and `rank_token` go back as "
        "the parameters of the same names for the next page."
    ),
    "getSearchItem": (
        "One tab of search results by its path segment (`fbsearch/{item_id}/`), with the paging fields the "
        "previous page answered."
    ),
    "getSearchSuggestedUsers": (
        "Accounts Instagram suggests to people who look at a user (`fbsearch/accounts_recs/`)."
    ),
    "getSearchRecent": (
        "This account's recent searches, newest first (`fbsearch/recent_searches/`): each an account, a "
        "hashtag or a keyword, with when it was searched."
    ),
    "getSearchTypeahead": (
        "Suggestions while typing (`fbsearch/keyword_typeahead/`): accounts, hashtags, places and keywords."
    ),
    "getSearchTypeaheadStream": (
        "The streamed typeahead (`fbsearch/typeahead_stream/`), one row per kind of result."
    ),
    "getSearchTypeaheadUsers": (
        "The accounts of the streamed typeahead (`fbsearch/typeahead_stream/`), each as Instagram sends it."
    ),
    # Share
    "getShare": (
        "Decodes an Instagram share link (`url`) or its code (`code`) into what it points to, `{type, "
        "pk}`, without calling Instagram."
    ),
    # Reels
    "getReels": (
        "The Reels tab (`clips/connected/`): reels Instagram picks for this account. `amount` caps the "
        "answer; `last_media_pk` is the newest reel already seen, so polling answers only what is new."
    ),
    "getReelsExplore": (
        "Reels from accounts this one does not follow (`clips/discover/`). `amount` caps the answer; "
        "`last_media_pk` is the newest reel already seen."
    ),
    "getReelsFriends": (
        "Reels from the accounts this one follows, the Friends tab (`clips/discover/social/`). `amount` "
        "caps the answer; `last_media_pk` is the newest reel already seen."
    ),
    "getReelsTimeline": (
        "One of the three reels feeds by name: `collection_pk=reels` (GET /reels), `explore_reels` (GET "
        "/reels/explore) or `friends_reels` (GET /reels/friends)."
    ),
    # Explore
    "getExplore": (
        "The Explore tab (`discover/topical_explore/`): its sections of posts and reels as Instagram sends "
        "them, media pks as numbers."
    ),
    "getExploreMedia": "A post as the Explore page opens it (`discover/media_metadata/`).",
    # Media (Post)
    "getMedia": (
        "A post's info (photo, video, album, reel or IGTV), by exactly one of `pk`, `id`, `code` (the "
        "shortcode of its URL) or `url`. Its `pk` is a decimal string; `resources` lists an album's items. "
        "An unknown post is a 404."
    ),
    "patchMedia": (
        "Edits one of this account's posts (aiograpi `media_edit`): the caption, a title (IGTV), user tags "
        "added or moved (`usertags`, JSON), the location (JSON). Answers Instagram's edited media as it "
        "sends it."
    ),
    "deleteMedia": (
        "Deletes one of this account's posts for good (`media/{media_id}/delete/`). POST /media/archive "
        "hides one instead."
    ),
    "getMediaAuthor": "The account that posted a post (`media/{media_pk}/info/`), as a short user.",
    "getMediaOembed": (
        "oEmbed data for a post's URL (`oembed`): author, title, embed HTML and thumbnail, what a web page "
        "needs to embed the post."
    ),
    "getMediaLikers": "The accounts that liked a post (`media/{media_id}/likers/`), as Instagram lists them.",
    "postMediaLike": "Likes a post (`media/{media_id}/like/`); `revert=true` unlikes it instead.",
    "deleteMediaLike": "Takes this account's like off a post (`media/{media_id}/unlike/`).",
    "postMediaSave": (
        "Saves a post to this account's saved posts (`media/{media_id}/save/`), into a collection when "
        "`collection_pk` is given; `revert=true` unsaves."
    ),
    "deleteMediaSave": (
        "Unsaves a post (`media/{media_id}/unsave/`); with `collection_pk` it only leaves that collection."
    ),
    "postMediaArchive": (
        "Archives one of this account's posts (`media/{media_id}/only_me/`): it leaves the profile and "
        "only the account sees it; `revert=true` unarchives."
    ),
    "deleteMediaArchive": "Puts an archived post back on the profile (`media/{media_id}/undo_only_me/`).",
    "postMediaPin": (
        "Pins one of this account's posts to the top of its profile (`users/pin_timeline_media/`); "
        "Instagram keeps three at most, a fourth is a 409. `revert=true` unpins."
    ),
    "deleteMediaPin": "Unpins a post from the top of the profile (`users/unpin_timeline_media/`).",
    "patchMediaSeen": (
        "Marks posts as seen, as scrolling past them in the feed does (v2 `media/seen/`); "
        "`skipped_media_ids` are the ones scrolled over."
    ),
    "postMediaNote": (
        "Leaves a note on a post or reel (`media/create_note/v2/`), shown to the audience chosen; answers "
        "Instagram's note object (with the `id` DELETE /media/note takes)."
    ),
    "deleteMediaNote": "Deletes this account's note on a post (`media/delete_note/`), by the note's id.",
    "getMediaComments": (
        "A post's comments (`media/{media_id}/comments/`). Instagram picks its page size (about 15); the "
        "gateway cuts pages at `amount`."
    ),
    "getMediaCommentsStream": (
        "A post's comments as the app streams them (`media/{media_id}/stream_comments/`), a page at a time "
        "in either direction: `max_id` for older, `min_id` for newer (the answer's `max_cursor` and "
        "`min_cursor`)."
    ),
    "postMediaComment": (
        "Comments on a post (`media/{media_id}/comment/`), or replies to one of its comments with "
        "`replied_to_comment_id`; answers the new comment."
    ),
    "deleteMediaComment": (
        "Deletes a comment: this account's own, or any on its own post "
        "(`media/{media_id}/comment/bulk_delete/`)."
    ),
    "getMediaCommentReplies": (
        "The replies to one of a post's comments "
        "(`media/{media_id}/comments/{comment_id}/inline_child_comments/`); `amount` caps them (0: all)."
    ),
    "postMediaCommentLike": (
        "Likes a comment (`media/{comment_pk}/comment_like/`); `revert=true` unlikes it instead."
    ),
    "deleteMediaCommentLike": (
        "Takes this account's like off a comment (`media/{comment_pk}/comment_unlike/`)."
    ),
    "getMediaCommentLikers": "The accounts that liked a comment (www GraphQL); `amount` caps them (0: all).",
    "postMediaCommentPin": (
        "Pins a comment to the top of one of this account's posts "
        "(`media/{media_id}/pin_comment/{comment_pk}`), three at most; `revert=true` unpins."
    ),
    "deleteMediaCommentPin": (
        "Unpins a comment on one of this account's posts (`media/{media_id}/unpin_comment/{comment_pk}`)."
    ),
    "getMediaCommentInfos": (
        "For several posts in one call (`media/comment_infos/`): each one's comment summary (count, newest "
        "comments) as Instagram sends it."
    ),
    "postMediaCommentCheckOffensive": (
        "Asks Instagram whether a comment's text would be flagged as offensive on a post "
        "(`media/comment/check_offensive_comment/`), before posting it."
    ),
    "postMediaLivestream": (
        "Creates a broadcast (`live/create/`): answers its id and the RTMP server and stream key to point "
        "streaming software at. PATCH /media/livestream with `state=started` then goes live."
    ),
    "patchMediaLivestream": (
        "`state=started` takes a created broadcast live (`live/{broadcast_id}/start/`); `state=ended` ends "
        "it (`live/{broadcast_id}/end_broadcast/`)."
    ),
    "getMediaLivestream": (
        "A broadcast's info (`live/{broadcast_id}/info/`): status, owner, viewer count, playback URL."
    ),
    "getMediaLivestreamComments": (
        "The comments on a broadcast (`live/{broadcast_id}/get_comment/`): each one's username and text."
    ),
    "getMediaLivestreamViewers": (
        "Who is watching a broadcast (`live/{broadcast_id}/get_viewer_list/`): each viewer's username and pk."
    ),
    # Direct
    "postDirectVideoUpload": (
        "aiograpi's `video_upload_to_direct`: the story upload with `thread_ids` (rupload_igvideo, then "
        "`media/configure_to_story/`), so the video reaches the threads as a story. The video is checked "
        "against the Direct video rules first. The gateway cuts the cover when no `thumbnail` is given "
        "(aiograpi would use moviepy), sends the caption (aiograpi's configure leaves it out) and skips "
        "aiograpi's fixed waits. To send a plain video message, use POST /direct/video."
    ),
    "getDirectInbox": (
        "The inbox's threads, most recent first (`direct_v2/inbox/`), each with its latest messages "
        "(`thread_message_limit`, default 10). `selected_filter` keeps only flagged or unread threads; "
        "`box` picks a business inbox's General or Primary box."
    ),
    "getDirectThreads": (
        "The inbox's threads, most recent first (`direct_v2/inbox/`), as one list of at most `amount` (0: "
        "all). GET /direct/inbox pages them instead."
    ),
    "getDirectPending": (
        "Message requests, people this account does not follow who wrote to it "
        "(`direct_v2/pending_inbox/`), a page at a time."
    ),
    "getDirectSpam": (
        "Hidden requests, the ones Instagram filed as likely spam (`direct_v2/spam_inbox/`), a page at a "
        "time."
    ),
    "getDirectPendingInbox": (
        "Message requests (`direct_v2/pending_inbox/`) as one list of at most `amount` (0: all)."
    ),
    "getDirectSpamInbox": (
        "Hidden requests (`direct_v2/spam_inbox/`) as one list of at most `amount` (0: all)."
    ),
    "getDirectRequests": (
        "Message requests (`direct_v2/pending_inbox/`) as one list of at most `amount`: the same threads "
        "as GET /direct/pending/inbox, under the reference's other name."
    ),
    "getDirectRequestsPreview": (
        "How many message requests wait, without the threads "
        "(`direct_v2/async_get_pending_requests_preview/`)."
    ),
    "postDirectRequestApprove": (
        "Accepts a message request (`direct_v2/threads/{thread_id}/approve/`): the thread moves to the inbox."
    ),
    "getDirectChannels": (
        "A user's broadcast channels (`direct_v2/get_all_channels/`), this account's when no `user_id` is "
        "given."
    ),
    "getDirectPresence": (
        "Who is active now: the given users (`direct_v2/fetch_and_subscribe_presence/`), or everyone in "
        "the inbox when none is given (`direct_v2/get_presence_active_now/`), as Instagram sends it."
    ),
    "getDirectInteropUpgraded": (
        "Whether this account's inbox moved to Messenger interop (`direct_v2/has_interop_upgraded/`)."
    ),
    "getDirectGenaiBots": (
        "The AI bots Instagram suggests messaging (`direct_v2/search_gen_ai_bots/`), as short users."
    ),
    "patchDirectE2eeEligibility": (
        "Sets the account's end-to-end encryption eligibility flag (`direct_v2/set_e2ee_eligibility/`) to "
        "Instagram's raw value."
    ),
    "getDirectThread": (
        "One thread (`direct_v2/threads/{thread_id}/`): its people, title, settings and latest messages, "
        "at most `amount` of them."
    ),
    "postDirectThread": (
        "Creates a group thread with at least two other people (`direct_v2/create_group_thread/`) and "
        "answers its id, a decimal string."
    ),
    "patchDirectThread": (
        "Renames a group (`title`, `direct_v2/threads/{thread_id}/update_title/`) or marks a thread unread "
        "(`is_unread=true`, `mark_unread/`). Give `title`, `is_unread=true` or both; a thread cannot be "
        "marked read here (PATCH /direct/thread/seen does)."
    ),
    "deleteDirectThread": (
        "Hides a thread from the inbox, the app's delete (`direct_v2/threads/{thread_id}/hide/`); "
        "`move_to_spam=true` files a request among the hidden requests."
    ),
    "getDirectThreadByParticipants": (
        "The thread with exactly these people, if one exists (`direct_v2/threads/get_by_participants/`), "
        "as Instagram sends it."
    ),
    "postDirectThreadUser": "Adds people to a group thread (`direct_v2/threads/{thread_id}/add_user/`).",
    "postDirectThreadMute": "Mutes a thread's notifications (`direct_v2/threads/{thread_id}/mute/`).",
    "deleteDirectThreadMute": "Unmutes a thread's notifications (`direct_v2/threads/{thread_id}/unmute/`).",
    "postDirectThreadVideoCallMute": (
        "Mutes a thread's video call notifications (`direct_v2/threads/{thread_id}/mute_video_call/`)."
    ),
    "deleteDirectThreadVideoCallMute": (
        "Unmutes a thread's video call notifications (`direct_v2/threads/{thread_id}/unmute_video_call/`)."
    ),
    "patchDirectThreadSeen": (
        "Marks a thread seen up to its latest message (reads the thread, then `items/{message_id}/seen/`). "
        "aiograpi's `direct_send_seen` fails on a thread without messages (it reads the first of none); "
        "the gateway makes the same two calls and answers true for an empty thread."
    ),
    "getDirectSearch": (
        "People this account can message whose username or name matches (`direct_v2/ranked_recipients/`), "
        "as the app's new-message screen ranks them."
    ),
    "getDirectMessagesSearch": (
        "Messages in this account's threads that hold a text (`direct_v2/search_secondary/`), each with "
        "its thread."
    ),
    "getDirectMessage": (
        "One message of a thread by its id, found among the thread's latest `amount` messages "
        "(`direct_v2/threads/{thread_id}/`; 0: all)."
    ),
    "postDirectMessage": (
        "Sends a text (`direct_v2/threads/broadcast/link/`) to `user_ids` or to `thread_ids`; answers the "
        "message sent, its thread and message ids as strings."
    ),
    "deleteDirectMessage": (
        "Unsends one of this account's messages "
        "(`direct_v2/threads/{thread_id}/items/{message_id}/delete/`): it goes for everyone."
    ),
    "getDirectMessages": (
        "A thread's latest messages, newest first (`direct_v2/threads/{thread_id}/`), at most `amount` (0: "
        "all)."
    ),
    "getDirectMedia": (
        "The pictures, videos and voice notes sent in a thread, newest first "
        "(`direct_v2/threads/{thread_id}/media/`)."
    ),
    "postDirectMedia": (
        "Shares a post with users in Direct (`direct_v2/threads/broadcast/media_share/`); `media_type` and "
        "`send_attribute` say what the app would (the post's kind, where it was shared from)."
    ),
    "postDirectThreadMessage": (
        "Sends a text to one thread (`direct_v2/threads/broadcast/link/`); answers the message sent."
    ),
    "postDirectMessageLike": "Likes a message, a ❤ reaction (`direct_v2/threads/broadcast/reaction/`).",
    "deleteDirectMessageLike": (
        "Takes this account's like off a message (`direct_v2/threads/broadcast/reaction/`)."
    ),
    "postDirectMessageReaction": (
        "Reacts to a message with an emoji (`direct_v2/threads/broadcast/reaction/`); a member has one "
        "reaction on a message, so a new one replaces it."
    ),
    "deleteDirectMessageReaction": (
        "Takes this account's reaction off a message (`direct_v2/threads/broadcast/reaction/`). A member "
        "has one reaction on a message: it goes, whatever its emoji."
    ),
    "patchDirectMessageSeen": (
        "Marks a thread seen up to this message (`direct_v2/threads/{thread_id}/items/{message_id}/seen/`)."
    ),
    "postDirectProfile": (
        "Shares a profile (`user_id`) to users or threads (`direct_v2/threads/broadcast/profile/`); "
        "answers the message sent."
    ),
    "postDirectStory": (
        "Shares a story to users or threads (`direct_v2/threads/broadcast/story_share/`); answers the "
        "message sent."
    ),
    "postDirectPhoto": (
        "Sends a photo (JPEG, PNG or WebP, read from the bytes) to users or threads (rupload_igphoto, then "
        "`direct_v2/threads/broadcast/configure_photo/`); answers the message sent."
    ),
    "postDirectFile": (
        "Sends a photo or a video to users or threads. `content_type=photo` is aiograpi's "
        "`direct_send_file` (rupload_igphoto, then `configure_photo`). `content_type=video` goes through "
        "the video flow (`direct_send_video`: rupload.facebook.com's messenger_video, then "
        "`raven_attachment`), as POST /direct/video does: aiograpi 1.0.9's own `configure_video` path "
        "passes the upload id as the video's thumbnail and fails."
    ),
    "postDirectVideo": (
        "Sends a video message (an H.264/AAC MP4, checked against the Direct video rules). The bytes go to "
        "rupload.facebook.com's messenger_video, then `raven_attachment` sends them. To `user_ids`, "
        "aiograpi sends to the existing thread of those people (`get_by_participants`); it cannot start "
        "one."
    ),
    "postDirectVoice": (
        "Sends a voice note (AAC in an M4A or MP4, 1 to 60 s). The recording goes to "
        "rupload.facebook.com's messenger_audio, then `voice_attachment` sends it. To `user_ids`, aiograpi "
        "sends to the existing thread of those people (`get_by_participants`); it cannot start one. "
        "Without `waveform` aiograpi draws a random one."
    ),
    "postDirectCutoutSticker": (
        "Sends a cutout sticker, by its pk, to users or threads "
        "(`direct_v2/threads/broadcast/generic_share/`); answers the message sent."
    ),
    # Hashtag
    "getHashtag": (
        "A hashtag's info (`tags/{name}/info/`): its post count, profile picture and whether this account "
        "follows it (`following` is read from Instagram's answer: aiograpi 1.0.9's Hashtag drops it). The "
        "name is taken with or without '#'."
    ),
    "postHashtagFollow": (
        "Follows a hashtag, so its top posts show in the feed (www `web/tags/follow/{hashtag}/`); "
        "`unfollow=true` unfollows instead. aiograpi 1.0.9 puts the name in the path as given: the gateway "
        "drops the '#' first."
    ),
    "deleteHashtagFollow": "Stops following a hashtag (www `web/tags/unfollow/{hashtag}/`).",
    "getHashtagMediaRecent": (
        "A hashtag's newest posts, the Recent tab (`tags/{name}/sections/`). aiograpi 1.0.9 drops what a "
        "page holds past the count it is given, so the gateway takes Instagram's pages whole and cuts them "
        "at `amount` itself."
    ),
    "getHashtagMediaTop": (
        "A hashtag's top posts, the Top tab (`tags/{name}/sections/`); pages are cut at `amount` as on the "
        "Recent tab."
    ),
    "getHashtagReels": "A hashtag's reels (`tags/{name}/sections/`, the clips tab), at most `amount`.",
    # Location
    "getLocation": (
        "A place's info (`locations/{location_pk}/location_info/`): name, address, city, coordinates, "
        "category, and its opening hours when Instagram has them."
    ),
    "getLocationGuides": (
        "The guides that visit a place (`guides/location/{location_pk}/`), each with its cover post."
    ),
    "getLocationMediaRecent": (
        "The newest posts tagged at a place, the Recent tab (`locations/{location_pk}/sections/`); pages "
        "are cut at `amount`."
    ),
    "getLocationMediaTop": (
        "The top posts tagged at a place, the Top tab (`locations/{location_pk}/sections/`); pages are cut "
        "at `amount`."
    ),
    # Highlight
    "getHighlight": (
        "A highlight with its stories (`feed/reels_media/`), by its pk or by its URL "
        "(`instagram.com/stories/highlights/<pk>/`, read locally), exactly one."
    ),
    "postHighlight": (
        "Makes a highlight from stories of this account, live or archived (`highlights/create_reel/`), "
        "with a cover story and crop. A bare story pk is completed with your own user id (a highlight "
        "holds only your stories): aiograpi would otherwise look each story's owner up, one "
        "`media/{pk}/info/` call each."
    ),
    "patchHighlight": (
        "Changes a highlight's title, cover or stories (`highlights/highlight:{pk}/edit_reel/`). A title "
        "alone goes through aiograpi's title method; `cover_picture` is uploaded through its cover method, "
        "after the other changes; the rest (a story as cover, stories added or removed, with or without a "
        "title) is one edit. `cover` and `cover_picture` exclude each other."
    ),
    "deleteHighlight": (
        "Deletes a highlight (`highlights/highlight:{pk}/delete_reel/`); its stories stay in the archive."
    ),
    "postHighlightStory": (
        "Adds stories to a highlight (`highlights/highlight:{pk}/edit_reel/`); answers the highlight as it "
        "is after."
    ),
    "deleteHighlightStory": (
        "Takes stories out of a highlight (`highlights/highlight:{pk}/edit_reel/`); answers the highlight "
        "as it is after."
    ),
    # Note
    "getNotes": (
        "The notes above the inbox that this account sees (`notes/get_notes/`), newest first. A music "
        "note's `track` is read from Instagram's answer: aiograpi 1.0.9's Note drops it."
    ),
    "getNote": (
        "A user's note, if this account sees it (`notes/get_notes/`), by username. `null` when that user "
        "has no note this account sees, as the reference answers."
    ),
    "postNote": (
        "Writes this account's note (`notes/create_note`), replacing the one it had, shown to the "
        "`audience` chosen (0: followers you follow back, 1: Close Friends)."
    ),
    "deleteNote": "Deletes this account's note (`notes/delete_note/`), by its id.",
    "getNoteText": (
        "A user's note's text, by username, if this account sees it (`notes/get_notes/`). No note from "
        "that user that this account sees is a 404 `NoteNotFound`: the answer is a string."
    ),
    "postNoteMusic": (
        "Writes a note that plays a song (`track`, from GET /notes/music/browser), with an optional text. "
        "A JSON body, as the reference's (every other write takes a form). Without `alacorn_session_id` "
        "aiograpi asks the browser for one first. The answer's `track` is read from Instagram's: aiograpi "
        "1.0.9's Note drops it."
    ),
    "patchNotesLastSeen": (
        "Marks the notes tray seen (`notes/update_notes_last_seen_timestamp/`), as opening the inbox does."
    ),
    "getNotesMusicBrowser": (
        "Songs a music note can play (`music/notes_audio_browser/`) and the browse session id POST "
        "/note/music takes."
    ),
    # Notifications
    "getNotifications": (
        "The activity inbox (`news/inbox/`): new and earlier stories (likes, comments, follows, mentions) "
        "and their counts, as Instagram sends it. `mark_as_seen=true` also marks it seen."
    ),
    "getNotificationsSettings": (
        "The notification settings PATCH /notifications/settings accepts (each `content_type`) and their "
        "allowed values. Answered by the gateway, no Instagram call."
    ),
    "deleteNotificationsSettings": (
        "Turns every push notification setting off (`notifications/change_notification_settings/`)."
    ),
    "patchNotificationsSettings": (
        "Changes one notification setting, `content_type` to `setting_value` "
        "(`notifications/change_notification_settings/`), or mutes everything for a while. A name or value "
        "outside GET /notifications/settings is a 422 listing the allowed ones."
    ),
    # Photo
    "getPhotoDownload": (
        "Downloads a photo post's image, by media pk (aiograpi `photo_download`: the post's info, then its "
        "best image from the CDN)."
    ),
    "getPhotoDownloadByUrl": (
        "Downloads an image from Instagram's CDN by its URL (a post's or story's `thumbnail_url`, an album "
        "item's), through the session."
    ),
    "postPhotoUpload": (
        "Posts a photo to the feed (rupload_igphoto, then `media/configure/`): a JPEG, PNG or WebP file "
        "(read from its bytes; aiograpi crops and scales it), a caption, and optional `usertags` and "
        "`location` as JSON. Answers the new post."
    ),
    "postPhotoUploadByUrl": (
        "Posts a photo fetched from `url` (http or https), otherwise as POST /photo/upload does."
    ),
    "postPhotoUploadWithMusic": (
        "Posts a photo that plays a song (`track`, JSON from the music routes): the photo as POST "
        "/photo/upload takes it, the song's metadata attached."
    ),
    # Video
    "getVideoDownload": (
        "Downloads a video post's video, by media pk (aiograpi `video_download`: the post's info, then its "
        "video from the CDN)."
    ),
    "getVideoDownloadByUrl": (
        "Downloads a video from Instagram's CDN by its URL (a post's `video_url`), through the session."
    ),
    "postVideoUpload": (
        "Posts a video to the feed (rupload_igvideo, the cover with rupload_igphoto, then "
        "`media/configure/`). The video is checked first against the feed-video rules (MP4 or MOV, H.264 "
        "or HEVC, 1 to 60 s, 4:5 to 16:9); without a `thumbnail` the cover is its first frame. Answers the "
        "new post."
    ),
    "postVideoUploadByUrl": (
        "Posts a video fetched from `url` (http or https) to the feed, otherwise as POST /video/upload does."
    ),
    # Clip (Reels)
    "getClipCreationInfo": (
        "What Instagram allows when creating a reel (`clips/clips_info_for_creation/`): duration limits, "
        "Trial Reels, defaults."
    ),
    "getClipDownload": "Downloads a reel's video, by media pk (aiograpi `clip_download`).",
    "getClipDownloadByUrl": "Downloads a reel's video from Instagram's CDN by its URL, through the session.",
    "deleteClipPin": "Unpins a reel from the top of the profile's Reels tab (`users/unpin_timeline_media/`).",
    "postClipPin": (
        "Pins one of this account's reels to the top of its profile's Reels tab "
        "(`users/pin_timeline_media/`)."
    ),
    "getClipShareFacebookConfig": (
        "Whether, and to which Facebook profile or page, this account's reels can also be shared "
        "(`clips/user/share_to_fb_config/`)."
    ),
    "getClipTemplate": (
        "A reel's template for the app's \"Use as template\" (`clips/template/`): its clip segments and song."
    ),
    "getClipTrialEligibility": (
        "Whether this account may post Trial Reels, shown to non-followers first (professional accounts), "
        "read from `clips/clips_info_for_creation/`."
    ),
    "postClipUpload": (
        "Posts a reel (rupload_igvideo, the cover, then `media/configure_to_clips/`). The video is checked "
        "first against the Reels rules (MP4 or MOV, H.264 or HEVC, 1 to 90 s); without a `thumbnail` the "
        "cover is its first frame. Answers the new reel."
    ),
    "postClipUploadByUrl": (
        "Posts a reel from a video fetched from `url` (http or https), otherwise as POST /clip/upload does."
    ),
    "postClipUploadWithMusic": (
        "Posts a reel that credits a song (`track`, JSON from the music routes). Only the song's metadata "
        "is attached: no audio is mixed into the video, as in the app, which plays the song beside it."
    ),
    # Album (Carousel)
    "getAlbumDownload": (
        "Downloads every photo and video of an album, by media pk, into AIOGRAPI_REST_DOWNLOAD_DIR "
        "(`folder` a subfolder of it), and answers their paths there in the album's order. Without a "
        "download directory it is a 422 naming `folder`."
    ),
    "getAlbumDownloadByUrls": (
        "Downloads several files from Instagram's CDN, by their URLs, into AIOGRAPI_REST_DOWNLOAD_DIR, and "
        "answers their paths there in the order given. Without a download directory it is a 422 naming "
        "`folder`."
    ),
    "postAlbumUpload": (
        "Posts an album (a carousel) of 2 to 10 photos and videos, in the order sent (each uploaded, then "
        "`media/configure_sidecar/`). Videos follow the feed-video rules. Answers the new post, its items "
        "in `resources`."
    ),
    "postAlbumUploadWithMusic": (
        "Posts an album that plays a song (`track`, JSON from the music routes), otherwise as POST "
        "/album/upload does."
    ),
    # Story
    "getStory": (
        "A story (photo or video, its mentions, links, hashtags and stickers), by its pk or URL "
        "(`instagram.com/stories/<username>/<pk>/`, read locally), exactly one. An unknown story is a 404."
    ),
    "deleteStory": "Deletes one of this account's stories (`media/{media_id}/delete/`).",
    "getStoryUsers": "The live stories of several users in one call (www GraphQL): each user with `stories`.",
    "getStoryViewers": (
        "Who viewed one of this account's stories (`media/{story_pk}/list_reel_media_viewer/`), a page at "
        "a time."
    ),
    "patchStorySeen": (
        "Marks stories seen, as watching them does (v2 `media/seen/`); `skipped_story_pks` are the ones "
        "tapped past."
    ),
    "postStoryLike": (
        "Likes a story (`story_interactions/send_story_like`); `revert=true` unlikes it instead."
    ),
    "deleteStoryLike": "Takes this account's like off a story (`story_interactions/unsend_story_like`).",
    "getStoryArchive": (
        "This account's story archive, a page of days at a time (`archive/reel/day_shells_paginated/`), "
        "with the memories Instagram resurfaces unless `include_memories=false`."
    ),
    "getStoryArchiveMedia": (
        "This account's archived stories themselves (the archive's days, then `feed/reels_media_stream/`), "
        "at most `amount` (0: all)."
    ),
    "getStoryStickers": "Instagram's story sticker tray (`creatives/sticker_tray/`), as Instagram sends it.",
    "getStoryDownload": (
        "Downloads a story's photo or video, by story pk (aiograpi `story_download`), named `filename` "
        "when given."
    ),
    "getStoryDownloadByUrl": (
        "Downloads a story's photo or video from Instagram's CDN by its URL, through the session."
    ),
    "postStoryUpload": (
        "Posts a story, photo or video, with optional mentions, places, links, hashtags and stickers (each "
        "JSON, repeated or one array). Photo or video is read from the bytes, not the file name, URL or "
        "`as_video`. The gateway cuts a video's cover itself (aiograpi's `StoryBuilder`/moviepy is never "
        "used, so a caption works), sends a video story's caption (aiograpi's configure leaves it out), "
        "and skips aiograpi's fixed 3 s wait before the configure. Decorations: `x`, `y`, `width`, "
        "`height`, `rotation` default to a centred place (aiograpi would send null); mentioned users are "
        "looked up first, and an unknown one is a 422 naming its index in `mentions`."
    ),
    "postStoryUploadByUrl": (
        "Posts a story from a photo or video fetched from `url` (http or https), otherwise as POST "
        "/story/upload does. Photo or video is read from the bytes, not the file name, URL or `as_video`."
    ),
    # IGTV (Legacy)
    "getIgtvDownload": "Downloads an IGTV video, by media pk (aiograpi `igtv_download`).",
    "getIgtvDownloadByUrl": "Downloads an IGTV video from Instagram's CDN by its URL, through the session.",
    "postIgtvUpload": (
        "Posts a long video with a title (rupload_igvideo, the cover, then `media/configure_to_igtv/`): 60 "
        "s to 15 min, 9:16 to 16:9. IGTV is gone from the app, but Instagram still takes it; the post "
        'comes back with `product_type` "igtv".'
    ),
    "postIgtvUploadByUrl": (
        "Posts an IGTV video fetched from `url` (http or https), otherwise as POST /igtv/upload does."
    ),
    # Insights
    "getInsightsAccount": (
        "A professional account's insights (`ads/graphql/`): reach, impressions, profile visits, follower "
        "growth, top posts, as Instagram sends them."
    ),
    "getInsightsMedia": (
        "The insights of one of this professional account's posts (`ads/graphql/`): reach, impressions, "
        "likes, saves, shares, as Instagram sends them. A post that is not this account's is a 404."
    ),
    "getInsightsMediaFeed": (
        "This professional account's posts with their insights (`ads/graphql/`), best first by "
        "`data_ordering`, filtered by `post_type` and `time_frame`; `count` caps them (0: all)."
    ),
    # Track (Music)
    "getTrack": (
        "A track: by `canonical_id` its info; by `id` Instagram's audio page (`clips/music/`), where "
        "`metadata.music_info.music_asset_info` is the track and `items` the reels using it, paged by "
        "`max_id`."
    ),
    "getTrackStream": (
        "A track's audio page as the app streams it (`clips/stream_clips_pivot_page/`): the reels using "
        "it, paged by `max_id`."
    ),
    "getTrackDownloadByUrl": (
        "Downloads a track's audio from Instagram's CDN by its URL (a track's `uri`). aiograpi fetches it "
        "with a module-level HTTP call outside the account's session; the gateway sends it through the "
        "session (its proxy, or the sandbox's CDN) instead."
    ),
    "getMusicSearch": "Music by title or artist (`music/search_v2/`), for the `product` it will go in.",
    "getMusicKeywords": (
        "Keyword suggestions for a music search (`music/keyword_search/`), at most `num_keywords`."
    ),
    "getMusicTrending": "Trending music for a `product` (`music/trending/`).",
    "getMusicTrendsTop": "The top music trends (`music/top_trends/`), a page of `page_size`.",
    "getMusicFeedBrowser": (
        "The music browser for feed posts with a song (`music/music_in_feed_audio_browser/`), and the "
        "browse session id the upload takes."
    ),
    "getMusicClipsBrowser": "The music browser for reels (`music/clips_audio_browser/`).",
    "postMusicBookmark": (
        "Saves a track or original audio to this account's saved audio (`music/bookmark_music/`)."
    ),
    "getMusicOriginalAudioTitleAvailability": (
        "Whether a name is free to title this account's original audio with "
        "(`music/verify_original_audio_title/`)."
    ),
    # System
    "getHealth": (
        'Answers `{"status": "ok"}` while the process runs, without touching the store or Instagram: '
        "for liveness probes. No credentials."
    ),
    "getReady": (
        "Runs a real query on the session store: 200 with every check `ok` when the gateway can serve, 503 "
        "with the failing check named when it cannot. For readiness probes and load balancers. No "
        "credentials."
    ),
    "getMetrics": (
        "Prometheus text exposition: request counts and latencies by route, the client pool's size, the "
        "stored sessions, Instagram errors by kind. Scrape it; no credentials."
    ),
    "getBuild": (
        "What is running: package name and version, Python version, the git commit (AIOGRAPI_REST_GIT_SHA, "
        "else the checkout's) and the build time (AIOGRAPI_REST_BUILD_TIME, else the process start)."
    ),
    "getDeps": (
        "The installed version of each runtime dependency (aiograpi, FastAPI, uvicorn, SQLAlchemy, …), "
        "null for one that is missing: what to quote in a bug report."
    ),
}


def describe(doc: dict[str, Any]) -> None:
    """Tags (those with an operation, in order), operation descriptions and examples."""
    used = {tag for ops in doc["paths"].values() for op in ops.values() for tag in op.get("tags", [])}
    doc["tags"] = [{"name": name, "description": text} for name, text in TAGS.items() if name in used]
    for ops in doc["paths"].values():
        for op in ops.values():
            said = [DESCRIPTIONS.get(op["operationId"], ""), *_follows(doc, op)]
            op["description"] = " ".join(s for s in said if s)
            _add_examples(op, EXAMPLES.get(op["operationId"], {}))


def _follows(doc: dict[str, Any], op: dict[str, Any]) -> list[str]:
    """What the operation's schema says for it: a paged answer, a raw one, a download."""
    said = []
    schema = op["responses"].get("200", {}).get("content", {}).get("application/json", {}).get("schema", {})
    ref = schema.get("$ref") or schema.get("items", {}).get("$ref", "")
    answer = doc["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
    if "next_cursor" in answer.get("properties", {}):
        said.append(PAGED)
    if ref.endswith("/JsonObject"):
        said.append(RAW)
    if any(p["name"] == "returnFile" for p in op.get("parameters", [])):
        said.append(DOWNLOAD)
    return said


def _add_examples(op: dict[str, Any], example: dict[str, Any]) -> None:
    for param in op.get("parameters", []):
        if param["name"] in example.get("query", {}):
            param["example"] = example["query"][param["name"]]
    for media in op.get("requestBody", {}).get("content", {}).values() if "body" in example else ():
        media["example"] = example["body"]
    for media in op["responses"]["200"].get("content", {}).values() if "response" in example else ():
        media["example"] = example["response"]
