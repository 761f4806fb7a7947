"""bench/fuzz.py's own logic: which upstream calls an operation may make, and how the run is split."""

from __future__ import annotations

from pathlib import Path

from bench.fuzz import SESSION_OPERATIONS, gating, junit_failures, phases
from bench.fuzz_upstream import allowed_upstream, stray_upstream

CONTRACT = [
    {
        "method": "GET",
        "path": "/user",
        "upstream": {
            "user_info_by_username": [
                "GET www.instagram.com/api/v1/users/web_profile_info/",
                "GET users/{username}/usernameinfo/",
                "POST www.instagram.com/graphql/query/ [doc_id=26762473490008061]",
            ]
        },
    },
    {"method": "GET", "path": "/photo/download/by/url", "upstream": {"dl": ["GET {cdn_url} (media CDN)"]}},
    {"method": "GET", "path": "/build", "upstream": {}},
]


def entry(method: str, host: str, path: str) -> dict:
    return {"method": method, "host": host, "path": path, "query": {}, "form_keys": []}


def test_a_steered_identifier_is_a_stray_call_and_the_routes_own_calls_are_not() -> None:
    allowed = allowed_upstream(CONTRACT)["GET /user"]
    own = [
        entry("GET", "i.instagram.com", "/api/v1/users/alice/usernameinfo/"),
        entry("GET", "www.instagram.com", "/api/v1/users/web_profile_info/"),
        entry("POST", "www.instagram.com", "/graphql/query/"),
    ]
    assert stray_upstream(allowed, own) == []
    steered = [
        # username=x/../../../accounts/current_user/? lands here
        entry("GET", "i.instagram.com", "/api/v1/accounts/current_user/"),
        # a placeholder is one path segment, not several
        entry("GET", "i.instagram.com", "/api/v1/users/a/b/usernameinfo/"),
        entry("POST", "i.instagram.com", "/api/v1/users/alice/usernameinfo/"),
    ]
    assert stray_upstream(allowed, steered) == [
        "GET i.instagram.com/api/v1/accounts/current_user/",
        "GET i.instagram.com/api/v1/users/a/b/usernameinfo/",
        "POST i.instagram.com/api/v1/users/alice/usernameinfo/",
    ]


def test_the_media_cdn_is_any_host_but_instagrams_api_and_no_upstream_means_none() -> None:
    allowed = allowed_upstream(CONTRACT)
    cdn = entry("GET", "scontent.cdninstagram.com", "/v/t51/1.jpg")
    api = entry("GET", "i.instagram.com", "/api/v1/accounts/current_user/")
    assert stray_upstream(allowed["GET /photo/download/by/url"], [cdn, api]) == [
        "GET i.instagram.com/api/v1/accounts/current_user/"
    ]
    assert stray_upstream(allowed["GET /build"], [cdn]) == ["GET scontent.cdninstagram.com/v/t51/1.jpg"]


def test_session_changing_operations_run_only_in_the_session_phase_within_the_budget() -> None:
    routes, session = phases(200)
    assert routes.seconds + session.seconds == 200 and routes.seconds > session.seconds
    for op in SESSION_OPERATIONS:
        assert ["--exclude-name", op] in [routes.filters[i : i + 2] for i in range(0, len(routes.filters), 2)]
        assert op in session.filters
    assert "--include-name" not in routes.filters


def test_a_contract_gap_read_in_aiograpi_is_allowed_only_for_its_operation() -> None:
    like = {
        "method": "POST",
        "path": "/media/like",
        "upstream": {"media_like": ["POST media/{media_id}/like/"]},
    }
    comment = {
        "method": "POST",
        "path": "/media/comment",
        "upstream": {"x": ["POST media/{media_id}/comment/"]},
    }
    allowed = allowed_upstream([like, comment])
    unlike = entry("POST", "i.instagram.com", "/api/v1/media/1_2/unlike/")
    assert stray_upstream(allowed["POST /media/like"], [unlike]) == []
    assert stray_upstream(allowed["POST /media/comment"], [unlike]) == [
        "POST i.instagram.com/api/v1/media/1_2/unlike/"
    ]


def test_a_hook_error_fails_the_run_because_the_checks_did_not_run(tmp_path: Path) -> None:
    report = tmp_path / "routes.xml"
    report.write_text(
        "<testsuites><testsuite>"
        '<testcase name="GET /user"><error message="Hook Error">Hook Error\n\nError in `before_call`'
        " hook: HTTPStatusError: Client error '403 Forbidden'</error></testcase>"
        '<testcase name="GET /share"><failure>- ST202 Schema-valid request rejected</failure></testcase>'
        "</testsuite></testsuites>"
    )
    grouped = junit_failures(report)
    assert grouped == {"Hook Error": ["GET /user"], "ST202 Schema-valid request rejected": ["GET /share"]}
    assert gating("Hook Error") and not gating("ST202 Schema-valid request rejected")
