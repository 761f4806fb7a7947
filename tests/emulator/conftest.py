"""Fixtures for the emulator tests: a fresh emulator and aiograpi clients wired to it by the seam."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from aiograpi_rest.emulator import Emulator
from aiograpi_rest.upstream import GatewayClient, Upstream, close_client


@pytest.fixture
def em() -> Emulator:
    return Emulator(seed=0)


@pytest.fixture
async def make_client(em: Emulator) -> AsyncIterator[Callable[..., GatewayClient]]:
    """Builds aiograpi clients whose every request goes to `em` in-process; closes them after."""
    upstream = Upstream("sandbox", emulator=em)
    clients: list[GatewayClient] = []

    def make(**kwargs: object) -> GatewayClient:
        cl = GatewayClient(upstream=upstream, **kwargs)
        clients.append(cl)
        return cl

    yield make
    for cl in clients:
        await close_client(cl)


@pytest.fixture
async def control(em: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for the control API, as a sandbox user would call it."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=em.app), base_url="http://127.0.0.1:9000"
    ) as client:
        yield client
