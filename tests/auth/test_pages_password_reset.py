"""The password reset pages: asked from the login page, the same Danish answer for any address, the link's page."""

from __future__ import annotations

import pytest

from placement.config import Settings
from tests.fixtures.factories import TEST_PASSWORD
from tests.fixtures.mail import Inbox, bodies, deliver, with_smtp


@pytest.fixture
def settings(settings: Settings, smtp_server: Inbox) -> Settings:
    return with_smtp(settings, smtp_server)


async def test_from_the_login_page_to_a_new_password(app, client, make_user, post_form, read_page, smtp_server) -> None:
    user = await make_user("company_contact")
    login = read_page((await client.get("/login")).text)
    assert "/glemt-adgangskode" in [a.attrs.get("href") for a in login.all("a")]

    unknown = await post_form("/glemt-adgangskode", {"email": "nobody@example.dk"})
    known = await post_form("/glemt-adgangskode", {"email": user.email})
    assert unknown.status_code == known.status_code == 200
    assert "Hvis der er en konto med den e-mail" in known.text
    assert read_page(unknown.text).one("p", role="status").text == read_page(known.text).one("p", role="status").text

    await deliver(app)
    [message] = smtp_server.to(user.email)
    link = next(w for w in bodies(message)[0].split() if "/ny-adgangskode#" in w)
    token = link.split("#", 1)[1]
    form = read_page((await client.get("/ny-adgangskode")).text)
    assert form.one("input", id="token") is not None
    assert "invitation.js" in (await client.get("/ny-adgangskode")).text  # moves the fragment into the form

    short = await post_form("/ny-adgangskode", {"token": token, "password": "short"})
    assert short.status_code == 400 and "Adgangskoden skal have mindst 10 tegn." in short.text
    done = await post_form("/ny-adgangskode", {"token": token, "password": "a-fresh-password-42"})
    assert done.status_code == 200 and "Din adgangskode er skiftet" in done.text
    used = await post_form("/ny-adgangskode", {"token": token, "password": "a-fresh-password-43"})
    assert used.status_code == 409 and "Linket er allerede brugt" in used.text
    old = await post_form("/login", {"email": user.email, "password": TEST_PASSWORD})
    assert old.status_code == 401


async def test_the_pages_speak_english_when_chosen(client) -> None:
    page = await client.get("/glemt-adgangskode", headers={"accept-language": "en"})
    assert "Forgotten password" in page.text


class TestWithoutSmtp:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.with_overrides(smtp_url="")

    async def test_the_ask_page_says_mails_only_reach_the_log(self, client) -> None:
        page = await client.get("/glemt-adgangskode")
        assert "mails bliver kun skrevet i tjenestens log" in page.text
