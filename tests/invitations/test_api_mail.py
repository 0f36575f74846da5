"""An invitation is mailed through a real SMTP server (loopback aiosmtpd), in the invited person's language, with a
first name and the link only; without SMTP the mail goes to the log, link masked; the invitation never waits for it."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select, update

from placement.config import Settings
from placement.db.models import Citizen, Invitation, MailOutbox, MailStatus, User
from tests.fixtures.mail import Inbox, bodies, deliver, with_smtp

INVITEE = "kim.kontakt@firma.dk"


@pytest.fixture
def settings(settings: Settings, smtp_server: Inbox) -> Settings:
    return with_smtp(settings, smtp_server)


async def _invite(consultant, placement_id, email=INVITEE, role="company_contact"):  # type: ignore[no-untyped-def]
    return await consultant.post(
        f"/api/placements/{placement_id}/invitations", json={"role": role, "email": email, "name": "Kim Kontakt Hansen"}
    )


async def test_the_invitation_mail_arrives_with_the_link_a_first_name_and_nothing_else_of_the_case(
    app, client, db, make_placement, login_as, smtp_server
) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        created = await _invite(consultant, arranged.placement_id)
    assert created.status_code == 201 and created.json()["mail"] == "queued"
    assert smtp_server.messages == []  # queued with the invitation, sent after its commit
    assert (await deliver(app)).sent == 1

    [message] = smtp_server.to(INVITEE)
    text, html = bodies(message)
    assert message["From"] == "praktik@jobcenter.example"
    assert message["Subject"] == "Du er inviteret til en virksomhedspraktik"
    link = created.json()["url"]
    assert link in text and f'href="{link}"' in html
    assert "Hej Kim" in text and "kontaktperson i virksomheden" in text
    citizen = await db.get(Citizen, arranged.citizen_id)
    assert citizen is not None
    for body in (text, html):
        assert "Kontakt Hansen" not in body  # a first name, never the full name
        assert citizen.name not in body and "Virksomhed " not in body  # neither the citizen nor the company
    # Once sent, the body (which holds the token) is gone from the database.
    row = await db.scalar(select(MailOutbox).execution_options(populate_existing=True))
    assert row is not None and row.status is MailStatus.SENT and row.text == "" and row.html == ""


async def test_an_address_with_an_english_speaking_account_gets_the_mail_in_english(
    app, client, db, make_placement, make_user, login_as, smtp_server
) -> None:
    arranged = await make_placement()
    mentor = await make_user("mentor", email="mentor.en@firma.dk")
    await db.execute(update(User).where(User.id == mentor.id).values(language="en"))
    await db.commit()
    async with login_as(arranged.consultant_id) as consultant:
        assert (await _invite(consultant, arranged.placement_id, email="mentor.en@firma.dk", role="mentor")).is_success
        assert (await _invite(consultant, arranged.placement_id, email="ny.mentor@firma.dk", role="mentor")).is_success
    await deliver(app)
    [english] = smtp_server.to("mentor.en@firma.dk")
    [danish] = smtp_server.to("ny.mentor@firma.dk")
    assert english["Subject"] == "You are invited to a company placement"
    assert "invited you to a company placement as mentor" in bodies(english)[0]
    assert "inviteret dig til en virksomhedspraktik som mentor" in bodies(danish)[0]


async def test_the_invitation_is_kept_when_the_smtp_server_is_down_and_its_mail_waits_for_a_retry(
    app, client, db, make_placement, login_as, smtp_server
) -> None:
    arranged = await make_placement()
    smtp_server.refuse = True
    async with login_as(arranged.consultant_id) as consultant:
        created = await _invite(consultant, arranged.placement_id)
    assert created.status_code == 201
    report = await deliver(app)
    assert (report.sent, report.retried) == (0, 1)
    assert await db.scalar(select(func.count()).select_from(Invitation)) == 1
    row = await db.scalar(select(MailOutbox))
    assert row is not None and row.status is MailStatus.QUEUED and row.attempts == 1
    assert row.last_error_type == "SMTPDataError"


async def test_a_refused_invitation_queues_no_mail(app, client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        # The arranged citizen has an account already: a citizen invitation is refused.
        refused = await _invite(consultant, arranged.placement_id, email="other@borger.dk", role="citizen")
    assert refused.status_code == 409
    assert await db.scalar(select(func.count()).select_from(MailOutbox)) == 0


async def test_the_invite_page_says_the_link_is_mailed(app, client, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        page = await consultant.post(
            f"/forloeb/{arranged.placement_id}/invitationer",
            data={"role": "mentor", "email": INVITEE, "name": "Kim Kontakt Hansen"},
        )
    assert page.status_code == 201
    assert f"Linket sendes med mail til {INVITEE}" in page.text


class TestWithoutSmtp:
    """The embedded default: no PLACEMENT_SMTP_URL, so mails are written to the log with the link masked."""

    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.with_overrides(smtp_url="")

    async def test_the_mail_is_logged_with_its_link_masked_and_the_answer_and_page_say_so(
        self, app, client, make_placement, login_as, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.DEBUG)
        arranged = await make_placement()
        async with login_as(arranged.consultant_id) as consultant:
            created = await _invite(consultant, arranged.placement_id)
            page = await consultant.post(
                f"/forloeb/{arranged.placement_id}/invitationer",
                data={"role": "mentor", "email": "anden@firma.dk", "name": "Anne Anden"},
            )
        assert created.json()["mail"] == "logged"
        assert "mailen er kun skrevet i tjenestens log" in page.text
        assert (await deliver(app)).sent == 2
        token = created.json()["url"].split("#", 1)[1]
        logged = "\n".join(r.getMessage() for r in caplog.records)
        assert "mail invitation to a recipient at firma.dk written to the log" in logged
        assert "/invitation#…" in logged
        assert token not in logged and INVITEE not in logged and "kim.kontakt" not in logged
