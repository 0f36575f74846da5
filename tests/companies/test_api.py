"""Companies: CVR validated with its check digit, searchable, edited with If-Match."""

from __future__ import annotations


async def test_a_consultant_creates_a_company_and_finds_it(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    created = await client.post("/api/companies", json={"name": "Bageriet Hvede ApS", "cvr": "10150817"})
    assert created.status_code == 201 and created.json()["cvr"] == "10150817"
    found = (await client.get("/api/companies", params={"q": "hvede"})).json()
    assert [c["name"] for c in found] == ["Bageriet Hvede ApS"]


async def test_a_wrong_cvr_check_digit_is_a_400_naming_cvr(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    response = await client.post("/api/companies", json={"name": "X", "cvr": "10150818"})
    assert (
        response.status_code == 400 and response.json()["field"] == "cvr" and "check digit" in response.json()["detail"]
    )


async def test_a_duplicate_cvr_is_a_conflict(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    await client.post("/api/companies", json={"name": "A", "cvr": "10150817"})
    assert (await client.post("/api/companies", json={"name": "B", "cvr": "10150817"})).status_code == 409


async def test_editing_needs_the_current_version(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    company = (await client.post("/api/companies", json={"name": "A", "cvr": "10150817"})).json()
    assert (await client.patch(f"/api/companies/{company['id']}", json={"name": "B"})).status_code == 428
    first = await client.patch(f"/api/companies/{company['id']}", json={"name": "B"}, headers={"If-Match": "1"})
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = await client.patch(f"/api/companies/{company['id']}", json={"name": "C"}, headers={"If-Match": "1"})
    assert stale.status_code == 409


async def test_a_mentor_cannot_manage_companies(client, make_user, login) -> None:
    mentor = await make_user("mentor")
    await login(client, mentor.email)
    assert (await client.post("/api/companies", json={"name": "A", "cvr": "10150817"})).status_code == 403


async def test_a_cvr_number_of_the_wrong_length_is_refused_by_name(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    for cvr in ("1015081", "101508170", "CVR10150817"):
        response = await client.post("/api/companies", json={"name": "X", "cvr": cvr})
        assert response.status_code == 400 and response.json()["field"] == "cvr", cvr
    spaced = await client.post("/api/companies", json={"name": "X", "cvr": "1015 0817"})
    assert spaced.status_code == 201 and spaced.json()["cvr"] == "10150817"


async def test_a_stale_company_edit_names_the_current_version(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    company = (await client.post("/api/companies", json={"name": "A", "cvr": "10150817"})).json()
    url = f"/api/companies/{company['id']}"
    await client.patch(url, json={"cvr": "25313763"}, headers={"If-Match": "1"})
    stale = await client.patch(url, json={"cvr": "35954716"}, headers={"If-Match": "1"})
    assert stale.status_code == 409 and "now version 2" in stale.json()["detail"] and "cvr" in stale.json()["detail"]
    taken = await client.post("/api/companies", json={"name": "B", "cvr": "35954716"})
    clash = await client.patch(url, json={"cvr": "35954716"}, headers={"If-Match": "2"})
    assert taken.status_code == 201 and clash.status_code == 409 and clash.json()["field"] == "cvr"
    assert (await client.get(url)).json()["cvr"] == "25313763"


async def test_the_company_page_creates_finds_and_keeps_a_mistyped_cvr_with_a_danish_message(
    client, make_user, login
) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    html = {"accept": "text/html"}
    wrong = await client.post("/virksomheder", headers=html, data={"name": "Bageriet Hvede", "cvr": "10150818"})
    assert wrong.status_code == 400
    assert 'value="10150818"' in wrong.text and 'aria-invalid="true"' in wrong.text
    assert "kontrolciffer" in wrong.text and 'id="cvr-error"' in wrong.text
    done = await client.post(
        "/virksomheder", headers=html, data={"name": "Bageriet Hvede", "cvr": "10150817"}, follow_redirects=False
    )
    assert done.status_code == 303
    found = await client.get("/virksomheder", params={"q": "hvede"}, headers=html)
    assert "Bageriet Hvede" in found.text and "10150817" in found.text


async def test_the_company_edit_page_shows_a_colleagues_change_instead_of_overwriting_it(
    client, make_user, login
) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    company = (await client.post("/api/companies", json={"name": "Gammelt navn", "cvr": "10150817"})).json()
    await client.patch(f"/api/companies/{company['id']}", json={"name": "Kollegaens navn"}, headers={"If-Match": "1"})
    response = await client.post(
        f"/virksomheder/{company['id']}",
        headers={"accept": "text/html"},
        data={
            "name": "Mit navn",
            "cvr": "10150817",
            "version": "1",
            "seen_name": "Gammelt navn",
            "seen_cvr": "10150817",
        },
    )
    assert response.status_code == 409
    assert "Nu: Kollegaens navn" in response.text and 'value="Mit navn"' in response.text
    assert (await client.get(f"/api/companies/{company['id']}")).json()["name"] == "Kollegaens navn"
