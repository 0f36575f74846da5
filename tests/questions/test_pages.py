"""The factor page /faktorer and GET /api/questions show the published question bank word for word with its sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from goals.questions import default_bank

KEYS = ["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4", "C1", "C2", "C3", "C4", "D1", "D2", "E1", "E2"]


@dataclass
class ShownQuestion:
    key: str = ""
    heading: str = ""
    options: list[str] = field(default_factory=list)
    # What each step means (the conversation guide), shown under its option.
    guides: list[str] = field(default_factory=list)
    source: str = ""


@dataclass
class ShownFactor:
    code: str
    heading: str = ""
    text: str = ""
    questions: list[ShownQuestion] = field(default_factory=list)


class _FactorPageReader(HTMLParser):
    """Collects, per factor section, its heading, its text and its questions as they appear on screen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.factors: list[ShownFactor] = []
        self.capture: list[str] = []  # the fields that text currently goes into, innermost last
        self.open: list[str] = []
        self.hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        classes = attributes.get("class", "").split()
        ident = attributes.get("id", "")
        self.open.append(tag)
        target = ""
        if tag == "section" and "factor" in classes:
            self.factors.append(ShownFactor(code=ident.removeprefix("factor-")))
        elif self.factors and tag == "h2":
            target = "factor-heading"
        elif self.factors and tag == "article" and "question" in classes:
            self.factors[-1].questions.append(ShownQuestion())
        elif self.factors and tag == "h3":
            target = "question-heading"
        elif self.factors and tag == "span" and "qkey" in classes:
            target = "key"
        elif self.factors and tag == "li" and self.factors[-1].questions:
            self.factors[-1].questions[-1].options.append("")
            self.factors[-1].questions[-1].guides.append("")
            target = "option"
        elif self.factors and tag == "span" and "option-guide" in classes:
            target = "guide"
        elif self.factors and tag == "p" and "source" in classes:
            target = "source"
        if "visually-hidden" in classes:
            self.hidden_depth += 1
            target = "hidden"
        self.capture.append(target)

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            closed = self.open.pop()
            if self.capture.pop() == "hidden":
                self.hidden_depth -= 1
            if closed == tag:
                return

    def handle_data(self, data: str) -> None:
        if not self.factors:
            return
        factor = self.factors[-1]
        factor.text += data
        fields = [name for name in self.capture if name]
        if not fields or self.hidden_depth:
            return
        question = factor.questions[-1] if factor.questions else None
        if "guide" in fields:
            if question is not None:
                question.guides[-1] += data
            return
        for name in fields:
            if name == "factor-heading":
                factor.heading += data
            elif question is not None and name == "question-heading":
                question.heading += data
            elif question is not None and name == "key":
                question.key += data
            elif question is not None and name == "option":
                question.options[-1] += data
            elif question is not None and name == "source":
                question.source += data


def _read_factor_page(html: str) -> list[ShownFactor]:
    reader = _FactorPageReader()
    reader.feed(html)
    for factor in reader.factors:
        factor.heading, factor.text = " ".join(factor.heading.split()), " ".join(factor.text.split())
        for question in factor.questions:
            question.key, question.heading = question.key.strip(), " ".join(question.heading.split())
            question.options = [" ".join(option.split()) for option in question.options]
            question.guides = [" ".join(guide.split()) for guide in question.guides]
            question.source = " ".join(question.source.split())
    return reader.factors


async def test_factor_page_shows_all_16_questions_word_for_word_with_their_sources(client) -> None:
    response = await client.get("/faktorer")

    assert response.status_code == 200
    factors = _read_factor_page(response.text)
    shown = {question.key: question for factor in factors for question in factor.questions}
    assert list(shown) == KEYS
    for item in default_bank().items:
        question = shown[item.key]
        assert question.heading == f"{item.key} {item.text}"
        assert question.options == [f"{option.value} {option.text}" for option in item.options]
        assert question.source == f"Kilde: {item.source}"


async def test_factor_page_lists_the_six_factors_and_f_has_no_questions(client) -> None:
    factors = _read_factor_page((await client.get("/faktorer")).text)

    assert [factor.code for factor in factors] == ["A", "B", "C", "D", "E", "F"]
    assert factors[0].heading == "A Tro på egne evner"
    caseworker = factors[-1]
    assert caseworker.heading == "F Sagsbehandlerens vurdering af borgerens job-/uddannelsesparathed"
    assert caseworker.questions == []
    assert "Sagsbehandlerens vurdering: en selvstændig vurdering 1–5" in caseworker.text
    assert all(len(factor.questions) >= 2 for factor in factors[:-1])


async def test_factor_page_in_english_names_the_factors_in_english_and_keeps_the_danish_wording(client) -> None:
    response = await client.get("/faktorer", headers={"accept-language": "en"})

    assert '<html lang="en">' in response.text
    factors = _read_factor_page(response.text)
    assert factors[0].heading == "A Belief in own abilities"
    assert "In Danish: Tro på egne evner" in factors[0].text
    first = factors[0].questions[0]
    assert first.heading == "A1 Tror du, at du kan klare et fuldtids- eller deltidsjob (ikke fleksjob)?"
    assert first.source == "Source: BeskæftigelsesIndikatorProjektet (BIP)"
    assert '<ol class="options" lang="da">' in response.text


async def test_factor_page_tells_screen_readers_the_points_of_each_option(client) -> None:
    danish = (await client.get("/faktorer")).text
    english = (await client.get("/faktorer", headers={"accept-language": "en"})).text

    assert '<span class="visually-hidden" lang="da">5 point:</span>' in danish
    assert '<span class="visually-hidden" lang="en">5 points:</span>' in english
    assert '<span class="visually-hidden" lang="en">1 point:</span>' in english


async def test_questions_api_gives_factors_a_to_e_with_items_and_options_5_to_1(client) -> None:
    response = await client.get("/api/questions")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert list(body) == ["version", "factors"]
    assert body["version"] == "standard-1"
    factors = body["factors"]
    assert [factor["code"] for factor in factors] == ["A", "B", "C", "D", "E"]
    assert factors[0]["name"] == "Tro på egne evner"
    items = [item for factor in factors for item in factor["items"]]
    assert [item["key"] for item in items] == KEYS
    for factor in factors:
        assert {"code", "name", "items"} <= set(factor)
        for item in factor["items"]:
            assert {"key", "text", "source", "options"} <= set(item)
            assert item["text"] and item["source"]
            assert [option["value"] for option in item["options"]] == [5, 4, 3, 2, 1]
            assert all(option["text"] for option in item["options"])
    first = items[0]
    assert first["options"][0] == {"value": 5, "text": "Jeg er helt sikker på, at jeg kan klare at have et arbejde"}
    assert first["source"] == "BeskæftigelsesIndikatorProjektet (BIP)"


async def test_factor_page_shows_what_each_step_means_under_its_option_in_danish(client) -> None:
    factors = _read_factor_page((await client.get("/faktorer")).text)

    a1 = factors[0].questions[0]
    bank_a1 = default_bank().item("A1")
    assert a1.options == [f"{o.value} {o.text}" for o in bank_a1.options]
    assert a1.guides == [o.guide for o in bank_a1.options]
    assert a1.guides[2] == "Du ved ikke, om du kan passe et job. Hvad fylder mest, når du tænker på at arbejde?"
    shown = [q for f in factors for q in f.questions]
    assert all(all(guide for guide in q.guides) for q in shown) and len(shown) == 16


async def test_factor_page_in_english_shows_the_english_guide_marked_as_english(client) -> None:
    response = await client.get("/faktorer", headers={"accept-language": "en"})

    a1 = _read_factor_page(response.text)[0].questions[0]
    assert a1.guides[0] == "You fully believe you can hold a job. What makes you so sure?"
    assert '<span class="option-guide" lang="en">You fully believe' in response.text
    assert "Under each answer is what the step means in daily life" in response.text


async def test_questions_api_gives_each_items_guide_by_answer_value(client) -> None:
    body = (await client.get("/api/questions")).json()

    a1 = body["factors"][0]["items"][0]
    assert list(a1["guide"]) == ["5", "4", "3", "2", "1"]
    assert a1["guide"]["1"].startswith("Du tror ikke, at du kan passe et job nu.")
    assert a1["guide_en"]["5"] == "You fully believe you can hold a job. What makes you so sure?"
