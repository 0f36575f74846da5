"""The figures of management information as the page and the PDF word and draw them, from an answer built by hand."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from placement.i18n import Catalogues, template_callables
from placement.insights import views
from placement.web.render import jinja_environment
from tests.fixtures.pages import parse
from tests.insights.samples import sample_evidence, sample_insights


def _danish(message: str) -> str:
    return message


def _render(view: views.InsightsView, lang: str = "da") -> str:
    environment = jinja_environment()
    callables = template_callables(Catalogues.load().get(lang))
    return environment.get_template("insights/_figures.html").render(v=view, lang=lang, **callables)


def test_a_suppressed_group_shows_the_suppression_text_and_no_figure() -> None:
    view = views.build(sample_insights(), sample_evidence(), lang="da", gettext=_danish)
    suppressed = next(row for row in view.groups if row.suppressed)
    assert suppressed.figures == {} and suppressed.progression == {} and suppressed.outcomes == {}
    page = parse(_render(view))
    rows = [row for row in page.all("tr") if "Lille ApS" in row.text]
    assert rows, "the suppressed group is named"
    for row in rows:
        assert row.text == "Lille ApS Færre end 5 borgere – vises ikke"


def test_figures_are_worded_in_danish_and_in_english() -> None:
    danish = views.build(sample_insights(), None, lang="da", gettext=_danish)
    bakery = danish.groups[0]
    assert bakery.figures["subgoals"].main == "60 %"
    assert bakery.figures["subgoals"].detail == "12 af 20"
    assert bakery.figures["hours_at_end"].main == "7,5"
    assert bakery.progression["A"].main == "+0,8"
    assert danish.groups[1].progression["A"].main == "−0,3"
    assert bakery.outcomes["end"].main == "40 %"
    assert bakery.outcomes["6m"].main == "–"
    assert danish.period_from == "november 2026"
    english = views.build(sample_insights(), None, lang="en", gettext=Catalogues.load().get("en").gettext)
    assert english.groups[0].figures["subgoals"].main == "60%"
    assert english.groups[0].figures["subgoals"].detail == "12 of 20"
    assert english.suppressed_text == "Fewer than 5 citizens – not shown"
    assert english.period_from == "November 2026"


def test_each_chart_is_valid_svg_with_a_title_and_a_sentence_beside_it() -> None:
    view = views.build(sample_insights(), sample_evidence(), lang="da", gettext=_danish)
    made = [view.progression_chart, view.caseworker_chart, view.hours_chart, view.outcomes_chart]
    assert all(chart is not None for chart in made)
    for chart in made:
        assert chart is not None
        tree = ElementTree.fromstring(str(chart.svg))
        assert tree.get("role") == "img" and tree.get("aria-label")
        assert chart.summary
    # A name with markup stays text in the chart.
    assert "Demo: Lageret &lt;Nord&gt;" in str(view.outcomes_chart.svg)  # type: ignore[union-attr]
    # F is drawn apart from A–E.
    assert "F " not in str(view.progression_chart.svg).split("<title>")[1]  # type: ignore[union-attr]
    assert "Sagsbehandlerens" in str(view.caseworker_chart.svg)  # type: ignore[union-attr]


def test_the_evidence_says_association_not_cause_with_n_per_row() -> None:
    view = views.build(sample_insights(), sample_evidence(), lang="da", gettext=_danish)
    page = parse(_render(view))
    section = page.one("section", class_="in-evidence")
    assert "sammenhæng i jobcentrets egne data, ikke en årsag" in section.text
    rows = section.all("tr")
    assert any("Mest fremgang" in row.text and "8" in row.text and "75 %" in row.text for row in rows)
    assert any("Mindst fremgang" in row.text and "Færre end 5 borgere – vises ikke" in row.text for row in rows)


def test_the_figures_render_in_english() -> None:
    english = Catalogues.load().get("en").gettext
    view = views.build(sample_insights(), sample_evidence(), lang="en", gettext=english)
    text = parse(_render(view, "en")).text
    assert "Progress per factor" in text and "Fewer than 5 citizens – not shown" in text
