"""The language switch keeps a signed-in person's choice on their account, so that their mails are in it too."""

from __future__ import annotations

from sqlalchemy import select

from placement.db.models import User


async def test_the_language_switch_stores_the_choice_of_a_signed_in_person(client, db, make_user, login_as) -> None:
    user = await make_user("mentor")
    async with login_as(user.id) as signed_in:
        switched = await signed_in.post("/sprog", data={"lang": "en", "next": "/"}, follow_redirects=False)
    assert switched.status_code == 303
    await db.commit()
    assert await db.scalar(select(User.language).where(User.id == user.id)) == "en"


async def test_an_anonymous_switch_only_sets_the_cookie(client, post_form) -> None:
    switched = await post_form("/sprog", {"lang": "en", "next": "/"})
    assert switched.status_code == 303 and switched.cookies.get("lang") == "en"
