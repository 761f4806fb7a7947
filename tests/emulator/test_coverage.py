"""The committed coverage table matches the URL map and the reference endpoint list."""

from __future__ import annotations

from aiograpi_rest.emulator import coverage
from aiograpi_rest.emulator.urls import CDN, Route, url_map


def test_committed_table_is_up_to_date() -> None:
    committed = coverage.DEFAULT_OUTPUT.read_text()
    assert coverage.generate() == committed, "run: python -m aiograpi_rest.emulator.coverage"


def test_table_lists_every_reference_endpoint() -> None:
    listed = coverage.read_reference(coverage.DEFAULT_OUTPUT.read_text())
    assert len(listed) == len({e.key for e in listed}) >= 200
    if coverage.DEFAULT_REFERENCE.exists():
        reference = coverage.read_reference(coverage.DEFAULT_REFERENCE.read_text())
        assert [e.key for e in listed] == [e.key for e in reference]


def test_reference_keys_normalize_to_route_keys() -> None:
    routes = {coverage.route_key(r) for r in url_map()}
    for key in (
        "POST accounts/login/",
        "GET i.instagram.com/api/v1/qe/sync/",
        "GET media/{media_pk}/info/",
        "POST www.instagram.com/graphql/query/ [doc_id=26762473490008061]",
        "GET {challenge_api_path}",
        "POST {challenge_api_path}",
    ):
        assert coverage.normalize(key) in routes, key


def test_a_new_route_shows_as_emulated() -> None:
    endpoints = [
        coverage.Endpoint("s", "GET notes/get_notes/", "get_notes"),
        coverage.Endpoint("s", "GET {cdn_url} (media CDN)", "photo_download_by_url"),
        coverage.Endpoint("s", "POST notes/delete_note/", "delete_note"),
    ]

    def get_notes() -> None: ...

    def cdn_file() -> None: ...

    routes = (
        Route("GET", "i.instagram.com", "/api/v1/notes/get_notes/", get_notes, True),
        Route("GET", CDN, "/{path}", cdn_file, False),
    )
    table = coverage.render(endpoints, routes)
    assert "| `GET notes/get_notes/` | yes | `test_coverage.get_notes` | get_notes |" in table
    assert "| `GET {cdn_url} (media CDN)` | yes |" in table
    assert "| `POST notes/delete_note/` | no |" in table
    assert "**2 of 3 reference endpoints emulated.**" in table


def test_without_the_reference_the_committed_table_regenerates_unchanged(tmp_path) -> None:
    # A clone without ../shared beside it still checks coverage, from the table's own rows.
    assert coverage.generate(reference=tmp_path / "absent.md") == coverage.DEFAULT_OUTPUT.read_text()


def test_a_url_listed_without_a_selector_is_covered_by_its_selector_routes() -> None:
    def account_insights() -> None: ...

    def media_insights() -> None: ...

    endpoints = [coverage.Endpoint("s", "POST ads/graphql/", "insights_account, insights_media")]
    routes = (
        Route("POST", "i.instagram.com", "/api/v1/ads/graphql/", account_insights, True, ("doc_id", "1")),
        Route("POST", "i.instagram.com", "/api/v1/ads/graphql/", media_insights, True, ("doc_id", "2")),
    )
    table = coverage.render(endpoints, routes)
    assert (
        "| `POST ads/graphql/` | yes | `test_coverage.account_insights`, `test_coverage.media_insights` |"
        in table
    )
    assert "Emulated, not in the reference" not in table
