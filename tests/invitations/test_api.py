"""Invitations: single-use, expiring, stored as hashes; accepting creates or ties the account and logs it in."""

from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy import func, select, update

from placement.db.models import AuditEvent, Citizen, Invitation, PlacementMember, User
from tests.fixtures.clients import anonymous_client

NEW_PASSWORD = "a-brand-new-password"


async def _invite(consultant_client, placement_id, role="company_contact", email="kontakt@firma.dk"):  # type: ignore[no-untyped-def]
    response = await consultant_client.post(
        f"/api/placements/{placement_id}/invitations", json={"role": role, "email": email, "name": "Kim Kontakt"}
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_the_consultant_invites_and_the_link_holds_a_long_token_stored_only_as_a_hash(
    client, db, make_placement, login_as
) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        created = await _invite(consultant, arranged.placement_id)
    assert created["url"].startswith("http://127.0.0.1:8000/invitation#")  # no PLACEMENT_BASE_URL: where `run` serves
    token = created["url"].split("#", 1)[1]
    assert len(token) >= 22  # 32 random bytes, url-safe: far over 128 bits
    stored = await db.scalar(select(Invitation.token_hash))
    assert stored and token not in stored
    expires = dt.datetime.fromisoformat(created["expires_at"])
    assert dt.timedelta(days=6) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(days=7)


async def test_accepting_creates_the_account_ties_it_to_the_placement_and_logs_in(
    app, client, db, make_placement, login_as
) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        token = (await _invite(consultant, arranged.placement_id))["url"].split("#", 1)[1]
    async with anonymous_client(app) as newcomer:
        accepted = await newcomer.post("/api/invitations/accept", json={"token": token, "password": NEW_PASSWORD})
        assert accepted.status_code == 201
        assert accepted.json()["role"] == "company_contact" and accepted.json()["email"] == "kontakt@firma.dk"
        assert (await newcomer.get("/api/me")).json()["email"] == "kontakt@firma.dk"
        assert (await newcomer.get(f"/api/placements/{arranged.placement_id}/assessments")).status_code == 200
    user_id = await db.scalar(select(User.id).where(User.email == "kontakt@firma.dk"))
    assert (
        await db.scalar(select(func.count()).select_from(PlacementMember).where(PlacementMember.user_id == user_id))
        == 1
    )


async def test_an_invitation_works_only_once(app, client, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        token = (await _invite(consultant, arranged.placement_id))["url"].split("#", 1)[1]
    async with anonymous_client(app) as first, anonymous_client(app) as second:
        assert (
            await first.post("/api/invitations/accept", json={"token": token, "password": NEW_PASSWORD})
        ).status_code == 201
        again = await second.post("/api/invitations/accept", json={"token": token, "password": NEW_PASSWORD})
        assert again.status_code == 409 and "already been used" in again.json()["detail"]


async def test_one_link_used_twice_at_the_same_moment_makes_one_account(
    app, client, db, make_placement, login_as
) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        token = (await _invite(consultant, arranged.placement_id))["url"].split("#", 1)[1]
    async with anonymous_client(app) as first, anonymous_client(app) as second:
        answers = await asyncio.gather(
            first.post("/api/invitations/accept", json={"token": token, "password": NEW_PASSWORD}),
            second.post("/api/invitations/accept", json={"token": token, "password": "another-new-password"}),
        )
    assert sorted(answer.status_code for answer in answers) == [201, 409]
    assert await db.scalar(select(func.count()).select_from(User).where(User.email == "kontakt@firma.dk")) == 1
    assert (
        await db.scalar(
            select(func.count())
            .select_from(PlacementMember)
            .where(PlacementMember.placement_id == arranged.placement_id, PlacementMember.role == "company_contact")
        )
        == 2
    )  # the arranged one and the new one


async def test_an_expired_invitation_is_refused_with_a_clear_message(app, client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        token = (await _invite(consultant, arranged.placement_id))["url"].split("#", 1)[1]
    await db.execute(update(Invitation).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)))
    await db.commit()
    async with anonymous_client(app) as newcomer:
        response = await newcomer.post("/api/invitations/accept", json={"token": token, "password": NEW_PASSWORD})
        assert response.status_code == 410 and "expired" in response.json()["detail"]


async def test_an_unknown_token_is_404(app, client) -> None:
    async with anonymous_client(app) as stranger:
        response = await stranger.post("/api/invitations/accept", json={"token": "made-up", "password": NEW_PASSWORD})
        assert response.status_code == 404


async def test_an_existing_account_is_tied_without_a_new_one_when_its_password_is_given(
    app, client, db, make_placement, make_user, login_as
) -> None:
    mentor = await make_user("mentor", email="mette@mentor.dk")
    _first, second = await make_placement(), await make_placement()
    async with login_as(second.consultant_id) as consultant:
        token = (await _invite(consultant, second.placement_id, role="mentor", email="Mette@Mentor.dk"))["url"].split(
            "#", 1
        )[1]
    async with anonymous_client(app) as person:
        wrong = await person.post("/api/invitations/accept", json={"token": token, "password": "not-her-password"})
        assert wrong.status_code == 401
        right = await person.post(
            "/api/invitations/accept", json={"token": token, "password": "correct-horse-battery-staple"}
        )
        assert right.status_code == 201 and right.json()["id"] == str(mentor.id)
    assert await db.scalar(select(func.count()).select_from(User).where(User.email == "mette@mentor.dk")) == 1


async def test_only_the_placements_consultant_invites(client, make_placement, login_as) -> None:
    arranged, other = await make_placement(), await make_placement()
    body = {"role": "mentor", "email": "x@example.dk", "name": "X"}
    async with login_as(other.consultant_id) as stranger:
        assert (
            await stranger.post(f"/api/placements/{arranged.placement_id}/invitations", json=body)
        ).status_code == 404
    async with login_as(arranged.company_contact_id) as contact:
        assert (
            await contact.post(f"/api/placements/{arranged.placement_id}/invitations", json=body)
        ).status_code == 403


async def test_an_invitation_for_a_consultant_role_is_refused(client, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        response = await consultant.post(
            f"/api/placements/{arranged.placement_id}/invitations",
            json={"role": "consultant", "email": "x@example.dk", "name": "X"},
        )
        assert response.status_code == 400 and response.json()["field"] == "role"


async def test_the_invite_page_shows_the_link_once_and_the_accept_page_logs_in(
    app, client, make_placement, login_as
) -> None:
    arranged = await make_placement(citizen_account=False)
    async with login_as(arranged.consultant_id) as consultant:
        shown = await consultant.post(
            f"/forloeb/{arranged.placement_id}/invitationer",
            data={"role": "citizen", "email": "borger@example.dk", "name": "Bo Borger"},
            headers={"accept": "text/html"},
        )
        assert shown.status_code == 201 and "/invitation#" in shown.text
        token = shown.text.split("/invitation#", 1)[1].split("<", 1)[0].strip()
        listing = await consultant.get(
            f"/forloeb/{arranged.placement_id}/invitationer", headers={"accept": "text/html"}
        )
        assert "Bo Borger" in listing.text and token not in listing.text
    async with anonymous_client(app) as citizen:
        page = await citizen.get("/invitation", headers={"accept": "text/html"})
        assert page.status_code == 200 and "/static/invitation.js" in page.text
        done = await citizen.post(
            "/invitation",
            data={"token": token, "password": NEW_PASSWORD},
            headers={"accept": "text/html"},
            follow_redirects=False,
        )
        assert done.status_code == 303 and done.headers["location"] == "/mig"
        assert (await citizen.get("/api/me")).json()["role"] == "citizen"


async def test_an_email_of_an_account_with_another_role_is_a_conflict_naming_the_email(
    app, client, make_placement, make_user, login_as
) -> None:
    await make_user("mentor", email="dobbelt@example.dk")
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        token = (await _invite(consultant, arranged.placement_id, role="company_contact", email="dobbelt@example.dk"))[
            "url"
        ].split("#", 1)[1]
    async with anonymous_client(app) as person:
        response = await person.post(
            "/api/invitations/accept", json={"token": token, "password": "correct-horse-battery-staple"}
        )
        assert response.status_code == 409 and response.json()["field"] == "email"


async def test_the_accept_page_says_in_danish_that_an_invitation_has_expired(
    app, client, db, make_placement, login_as
) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        token = (await _invite(consultant, arranged.placement_id))["url"].split("#", 1)[1]
    await db.execute(update(Invitation).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)))
    await db.commit()
    async with anonymous_client(app) as person:
        page = await person.post(
            "/invitation", data={"token": token, "password": NEW_PASSWORD}, headers={"accept": "text/html"}
        )
        assert page.status_code == 410 and "Invitationen er udløbet. Bed din konsulent om en ny." in page.text
        assert token not in page.text


async def test_a_refused_invitation_form_keeps_what_was_typed_and_its_list_read_stays_audited(
    client, db, make_placement, login_as
) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        page = await consultant.post(
            f"/forloeb/{arranged.placement_id}/invitationer",
            headers={"accept": "text/html"},
            data={"role": "mentor", "email": "ikke-en-adresse", "name": "Mads Mentor"},
        )
        assert page.status_code == 400 and 'value="Mads Mentor"' in page.text
        assert "Skriv en gyldig e-mailadresse." in page.text
    listed = await db.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.object_type == "invitation", AuditEvent.action == "list")
    )
    assert listed == 1


async def test_a_second_citizen_invitation_is_refused_when_the_citizen_has_an_account(
    client, db, make_placement, login_as
) -> None:
    arranged = await make_placement()
    body = {"role": "citizen", "email": "anden@example.dk", "name": "En Anden"}
    async with login_as(arranged.consultant_id) as consultant:
        api = await consultant.post(f"/api/placements/{arranged.placement_id}/invitations", json=body)
        assert api.status_code == 409 and api.json()["field"] == "role"
        page = await consultant.post(
            f"/forloeb/{arranged.placement_id}/invitationer", data=body, headers={"accept": "text/html"}
        )
        assert page.status_code == 409
        assert "Borgeren i forløbet har allerede en konto." in page.text and "/invitation#" not in page.text
    assert await db.scalar(select(func.count()).select_from(Invitation)) == 0


async def test_a_second_citizen_invitation_is_refused_while_one_is_open_for_any_placement_of_the_citizen(
    client, make_placement, login_as
) -> None:
    first = await make_placement(citizen_account=False)
    second = await make_placement(citizen=first.citizen_id, consultant_id=first.consultant_id)
    async with login_as(first.consultant_id) as consultant:
        await _invite(consultant, first.placement_id, role="citizen", email="borger@example.dk")
        again = await consultant.post(
            f"/api/placements/{second.placement_id}/invitations",
            json={"role": "citizen", "email": "nogen@example.dk", "name": "Nogen"},
        )
        assert again.status_code == 409 and "open invitation" in again.json()["detail"]
        page = await consultant.post(
            f"/forloeb/{first.placement_id}/invitationer",
            headers={"accept": "text/html"},
            data={"role": "citizen", "email": "nogen@example.dk", "name": "Nogen"},
        )
        assert "Borgeren i forløbet har allerede en åben invitation." in page.text
        # Company contacts and mentors are not limited to one.
        await _invite(consultant, first.placement_id, role="mentor", email="mentor2@example.dk")


async def test_the_citizen_account_is_tied_to_the_citizen_and_reaches_their_next_placement_and_no_other(
    app, client, db, make_placement, login_as
) -> None:
    first = await make_placement(citizen_account=False)
    other = await make_placement()
    async with login_as(first.consultant_id) as consultant:
        token = (await _invite(consultant, first.placement_id, role="citizen", email="borger@example.dk"))["url"].split(
            "#", 1
        )[1]
    async with anonymous_client(app) as citizen:
        assert (
            await citizen.post("/api/invitations/accept", json={"token": token, "password": NEW_PASSWORD})
        ).status_code == 201
        user_id = await db.scalar(select(User.id).where(User.email == "borger@example.dk"))
        assert await db.scalar(select(Citizen.user_id).where(Citizen.id == first.citizen_id)) == user_id
        assert (
            await db.scalar(select(func.count()).select_from(PlacementMember).where(PlacementMember.user_id == user_id))
            == 0
        )
        later = await make_placement(citizen=first.citizen_id, consultant_id=first.consultant_id)
        seen = {p["id"] for p in (await citizen.get("/api/placements")).json()}
        assert seen == {str(first.placement_id), str(later.placement_id)}
        assert (await citizen.get(f"/api/placements/{other.placement_id}/progress")).status_code == 404


async def test_a_citizen_account_of_another_citizen_cannot_accept_a_citizen_invitation(
    app, client, db, make_placement, login_as
) -> None:
    from tests.fixtures.factories import set_password

    taken = await make_placement()
    free = await make_placement(citizen_account=False)
    await set_password(db, taken.citizen_user_id)
    email = await db.scalar(select(User.email).where(User.id == taken.citizen_user_id))
    async with login_as(free.consultant_id) as consultant:
        token = (await _invite(consultant, free.placement_id, role="citizen", email=email))["url"].split("#", 1)[1]
    async with anonymous_client(app) as person:
        response = await person.post(
            "/api/invitations/accept", json={"token": token, "password": "correct-horse-battery-staple"}
        )
        assert response.status_code == 409 and response.json()["field"] == "email"
    assert await db.scalar(select(Citizen.user_id).where(Citizen.id == free.citizen_id)) is None
