"""The admin page: roles in words, a searchable account list, and a handover that cannot be to the same consultant."""

from __future__ import annotations

from sqlalchemy import select

from placement.admin.services import SAME_CONSULTANT
from placement.db.models import AuditEvent, User

HTML = {"accept": "text/html"}


async def test_roles_are_shown_in_words_in_danish_and_english(client, make_placement, make_user, login, read_page):
    admin = await make_user("admin", name="Anne Admin")
    await make_user("leader", name="Lis Leder")
    await make_placement()
    await login(client, admin.email)
    page = read_page((await client.get("/admin", headers=HTML)).text)
    roles = {cell.text for cell in page.all("td", data_label="Rolle")}
    assert roles == {"Administrator", "Leder", "Konsulent", "Kontaktperson i virksomheden", "Mentor", "Borger"}
    english = read_page((await client.get("/admin", headers={**HTML, "accept-language": "en"})).text)
    assert {"Administrator", "Leader", "Consultant", "Company contact person", "Mentor", "Citizen"} == {
        cell.text for cell in english.all("td", data_label="Role")
    }


async def test_the_account_list_stacks_on_a_phone_with_a_label_per_cell(client, make_user, login, read_page) -> None:
    admin = await make_user("admin")
    await login(client, admin.email)
    page = read_page((await client.get("/admin", headers=HTML)).text)
    assert page.one("title").text == "Administration · Progression" and len(page.all("script")) == 1
    table = page.one("table", id="accounts")
    assert "stack-table" in table.attrs["class"].split()
    assert all(cell.attrs.get("data-label") for cell in table.all("td"))


async def test_the_account_list_is_searched_by_name_or_email(client, make_user, login, read_page) -> None:
    admin = await make_user("admin", name="Anne Admin")
    await make_user("consultant", name="Karin Konsulent", email="karin@jobcenter.dk")
    await make_user("consultant", name="Omar Olsen", email="omar@jobcenter.dk")
    await login(client, admin.email)

    def names(html: str) -> set[str]:
        return {row.text for row in read_page(html).all("th", scope="row")}

    assert names((await client.get("/admin?q=karin", headers=HTML)).text) == {"Karin Konsulent"}
    assert names((await client.get("/admin?q=OMAR@JOB", headers=HTML)).text) == {"Omar Olsen"}
    nothing = (await client.get("/admin?q=ingen-her", headers=HTML)).text
    assert names(nothing) == set() and "Ingen konti passer til søgningen." in nothing
    api = await client.get("/api/admin/users", params={"q": "konsulent"})
    assert [row["name"] for row in api.json()] == ["Karin Konsulent"]


async def test_a_search_refuses_control_characters(client, make_user, login) -> None:
    admin = await make_user("admin")
    await login(client, admin.email)
    response = await client.get("/api/admin/users", params={"q": "karin\x00"})
    assert response.status_code == 400 and response.json()["field"] == "q"
    assert (await client.get("/admin", params={"q": "a\x1bb"}, headers=HTML)).status_code == 400


async def test_a_search_that_finds_citizen_accounts_is_audited_as_those_citizens(
    client, db, make_placement, make_user, login
) -> None:
    admin = await make_user("admin")
    arranged = await make_placement()
    citizen_email = await db.scalar(select(User.email).where(User.id == arranged.citizen_user_id))
    await login(client, admin.email)
    await db.commit()  # ends the test's read, which would otherwise not see the rows the request writes
    found = await client.get("/api/admin/users", params={"q": citizen_email})
    assert [row["role"] for row in found.json()] == ["citizen"]
    rows = (
        await db.execute(
            select(AuditEvent.action, AuditEvent.citizen_id, AuditEvent.object_id).where(
                AuditEvent.actor_id == admin.id
            )
        )
    ).all()
    assert [(row.action, row.citizen_id) for row in rows] == [("search", arranged.citizen_id)]
    assert citizen_email not in str(rows)


async def test_a_handover_to_the_same_consultant_is_refused_with_the_field_named(
    client, make_placement, make_user, login
) -> None:
    admin = await make_user("admin")
    arranged = await make_placement()
    await login(client, admin.email)
    same = str(arranged.consultant_id)
    response = await client.post("/api/admin/handover", json={"from_consultant_id": same, "to_consultant_id": same})
    assert response.status_code == 400
    assert response.json()["field"] == "to_consultant_id" and response.json()["detail"] == SAME_CONSULTANT


async def test_the_handover_form_says_so_beside_the_field(
    client, make_placement, make_user, login, post_form, read_page
) -> None:
    admin = await make_user("admin")
    arranged = await make_placement()
    await login(client, admin.email)
    same = str(arranged.consultant_id)
    response = await post_form("/admin/handover", {"from_consultant_id": same, "to_consultant_id": same})
    assert response.status_code == 400
    page = read_page(response.text)
    target = page.one("select", id="to")
    assert target.attrs["aria-invalid"] == "true" and "to-error" in target.attrs["aria-describedby"].split()
    assert page.one("p", id="to-error").text == SAME_CONSULTANT
    assert not page.all("p", class_="alert-error")


async def test_the_handover_offers_only_other_active_consultants(
    client, make_placement, make_user, login, post_form, read_page
) -> None:
    admin = await make_user("admin")
    arranged = await make_placement()
    other, gone = await make_user("consultant", name="Omar Olsen"), await make_user("consultant", name="Gitte Gået")
    await login(client, admin.email)
    await post_form(f"/admin/users/{gone.id}/active", {"active": "0"})
    page = read_page((await client.get("/admin", headers=HTML)).text)
    chosen = [o.attrs["value"] for o in page.one("select", id="from").all("option") if "selected" in o.attrs]
    assert chosen == [str(arranged.consultant_id)]  # the consultant who has cases
    offered = {o.attrs["value"] for o in page.one("select", id="to").all("option") if "disabled" not in o.attrs}
    assert offered == {str(other.id)}
