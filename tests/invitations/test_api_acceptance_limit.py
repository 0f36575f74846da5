"""Accepting an invitation is no password oracle: it shares the login's brute-force limit and answers alike whether
or not the invited email has an account."""

from __future__ import annotations

import asyncio

from placement.invitations import services
from tests.fixtures.clients import anonymous_client

PASSWORD = "correct-horse-battery-staple"


async def _token(login_as, arranged, email: str) -> str:  # type: ignore[no-untyped-def]
    async with login_as(arranged.consultant_id) as consultant:
        response = await consultant.post(
            f"/api/placements/{arranged.placement_id}/invitations",
            json={"role": "mentor", "email": email, "name": "Mette Mentor"},
        )
    assert response.status_code == 201, response.text
    return response.json()["url"].split("#", 1)[1]


def _count_password_work(monkeypatch) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Counts the argon2id checks and hashes acceptance does; each one is slowed to a real check's length."""
    counted = {"verify": 0, "hash": 0}
    real_verify, real_hash = services.verify_password, services.hash_password

    async def verify(stored, password):  # type: ignore[no-untyped-def]
        counted["verify"] += 1
        await asyncio.sleep(0.05)
        return await real_verify(stored, password)

    async def hash_(password):  # type: ignore[no-untyped-def]
        counted["hash"] += 1
        return await real_hash(password)

    monkeypatch.setattr(services, "verify_password", verify)
    monkeypatch.setattr(services, "hash_password", hash_)
    return counted


async def test_thirty_wrong_guesses_get_at_most_the_limit_of_password_checks_and_then_429(
    app, client, make_placement, make_user, login_as, settings, monkeypatch
) -> None:
    await make_user("mentor", email="mette@mentor.dk")
    token = await _token(login_as, await make_placement(), "mette@mentor.dk")
    counted = _count_password_work(monkeypatch)
    async with anonymous_client(app) as guesser:
        statuses = [
            (
                await guesser.post("/api/invitations/accept", json={"token": token, "password": f"guess-{n:04d}xx"})
            ).status_code
            for n in range(30)
        ]
        assert counted["verify"] == settings.login_max_failures
        assert statuses == [401] * settings.login_max_failures + [429] * (30 - settings.login_max_failures)
        # Locked for the right password too, as a login would be.
        right = await guesser.post("/api/invitations/accept", json={"token": token, "password": PASSWORD})
        assert right.status_code == 429 and int(right.headers["retry-after"]) > 0


async def test_parallel_guesses_get_no_more_password_checks_than_the_limit(
    app, client, make_placement, make_user, login_as, settings, monkeypatch
) -> None:
    await make_user("mentor", email="mette@mentor.dk")
    token = await _token(login_as, await make_placement(), "mette@mentor.dk")
    counted = _count_password_work(monkeypatch)
    async with anonymous_client(app) as guesser:
        answers = await asyncio.gather(
            *(
                guesser.post("/api/invitations/accept", json={"token": token, "password": f"guess-{n:04d}xx"})
                for n in range(12)
            )
        )
    statuses = sorted(answer.status_code for answer in answers)
    assert counted["verify"] <= settings.login_max_failures
    assert statuses.count(401) == counted["verify"] and statuses.count(429) == 12 - counted["verify"]


async def test_failed_logins_and_failed_acceptances_count_against_one_limit(
    app, client, make_placement, make_user, login_as, settings
) -> None:
    await make_user("mentor", email="mette@mentor.dk")
    token = await _token(login_as, await make_placement(), "mette@mentor.dk")
    async with anonymous_client(app) as guesser:
        for _ in range(settings.login_max_failures):
            wrong = await guesser.post("/api/auth/login", json={"email": "mette@mentor.dk", "password": "wrong-one"})
            assert wrong.status_code == 401
        accepted = await guesser.post("/api/invitations/accept", json={"token": token, "password": PASSWORD})
    assert accepted.status_code == 429


async def test_the_answer_is_the_same_whether_or_not_the_email_has_an_account(
    app, client, make_placement, make_user, login_as, settings, monkeypatch
) -> None:
    await make_user("mentor", email="har.konto@mentor.dk")
    arranged = await make_placement()
    existing = await _token(login_as, arranged, "har.konto@mentor.dk")
    unknown = await _token(login_as, arranged, "ingen.konto@mentor.dk")
    counted = _count_password_work(monkeypatch)
    answers: dict[str, list[tuple[int, dict[str, object]]]] = {}
    work: dict[str, int] = {}
    async with anonymous_client(app) as person:
        for name, token in (("existing", existing), ("unknown", unknown)):
            before = counted["verify"] + counted["hash"]
            # Short enough to be refused for a new account, and not the existing account's password.
            first = await person.post("/api/invitations/accept", json={"token": token, "password": "kort"})
            work[name] = counted["verify"] + counted["hash"] - before
            answers[name] = [(first.status_code, first.json())]
        # The client has now failed twice; each email's own limit still locks it after the same number of tries.
    assert answers["existing"] == answers["unknown"]
    assert answers["existing"][0][0] == 401 and answers["existing"][0][1]["detail"] == services.NOT_ACCEPTED
    assert work == {"existing": 1, "unknown": 1}  # one argon2id computation either way
    async with anonymous_client(app) as person:
        tails = {}
        for name, token in (("existing", existing), ("unknown", unknown)):
            statuses = [
                (await person.post("/api/invitations/accept", json={"token": token, "password": "kort"})).status_code
                for _ in range(settings.login_max_failures)
            ]
            tails[name] = statuses
    assert tails["existing"] == tails["unknown"] == [401] * (settings.login_max_failures - 1) + [429]


async def test_the_page_says_in_danish_that_the_password_does_not_fit_without_saying_whether_an_account_exists(
    app, client, make_placement, make_user, login_as
) -> None:
    await make_user("mentor", email="har.konto@mentor.dk")
    arranged = await make_placement()
    pages = []
    for email in ("har.konto@mentor.dk", "ingen.konto@mentor.dk"):
        token = await _token(login_as, arranged, email)
        async with anonymous_client(app) as person:
            answer = await person.post(
                "/invitation", data={"token": token, "password": "kort"}, headers={"Accept": "text/html"}
            )
        assert answer.status_code == 401
        pages.append(answer.text.split('role="alert"', 1)[1].split("</div>", 1)[0])
    assert pages[0] == pages[1] and "Adgangskoden kan ikke bruges" in pages[0]
