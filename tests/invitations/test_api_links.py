"""Invitation links start at PLACEMENT_BASE_URL, whatever Host header the request that made them carried."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar import Litestar

from placement.app import create_app
from placement.config import ConfigError, Settings

BASE_URL = "https://praktik.kommune.example"
HOSTILE = {"host": "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "http"}


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[Litestar]:
    application = create_app(settings.with_overrides(base_url=BASE_URL))
    yield application
    await application.state.engine.dispose()


async def test_an_invitation_made_with_a_hostile_host_header_links_to_the_configured_base_url(
    client, make_placement, login_as
) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        created = await consultant.post(
            f"/api/placements/{arranged.placement_id}/invitations",
            headers=HOSTILE,
            json={"role": "mentor", "email": "mette@firma.dk", "name": "Mette"},
        )
        page = await consultant.post(
            f"/forloeb/{arranged.placement_id}/invitationer",
            headers=HOSTILE,
            data={"role": "company_contact", "email": "kim@firma.dk", "name": "Kim"},
        )
    assert created.status_code == 201 and created.json()["url"].startswith(f"{BASE_URL}/invitation#")
    assert page.status_code == 201 and f"{BASE_URL}/invitation#" in page.text
    assert "evil.example" not in created.text and "evil.example" not in page.text


async def test_production_without_a_base_url_refuses_to_start_with_one_line(settings: Settings) -> None:
    with pytest.raises(ConfigError) as refused:
        create_app(settings.with_overrides(env="production", secret_key="p" * 48))
    assert str(refused.value).startswith("PLACEMENT_BASE_URL is missing") and "\n" not in str(refused.value)
