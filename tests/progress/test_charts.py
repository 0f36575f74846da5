"""The report's charts as a reader meets them, on paper and on screen: every label inside the picture and none over
another, for 1 to 52 weeks; each line named in full in the legend and told apart in black and white; numbers as the
reader's language writes them; the chart said in words; and a name with markup in it shown as text."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ElementTree
from itertools import pairwise
from pathlib import Path

import pytest

from placement.i18n import Catalogues
from placement.progress import charts
from placement.progress.svg import text_width
from placement.web.filters import short_date

NS = "{http://www.w3.org/2000/svg}"
ROLE_NAMES = {
    "Kontaktperson": "company_contact",
    "Mentor": "mentor",
    "Konsulent": "consultant",
    "Borger": "citizen",
}
FACTOR_NAMES = {
    "A Tro på egne evner": "A",
    "B Motivation og mål": "B",
    "C Sociale kompetencer": "C",
    "D Arbejdsmarkedsidentitet og faglighed": "D",
    "E Fysisk og psykisk helbred": "E",
}
HOURS_LABELS = {
    "planned": "Planlagt",
    "attended": "Fremmødt",
    "ordinary": "Ordinære timer",
    "target": "Mål for ordinære timer",
    "week": "uge",
}
ENGLISH = Catalogues.load().get("en").gettext


def _danish(message: str) -> str:
    return message


def _parse(markup: str) -> ElementTree.Element:
    return ElementTree.fromstring(str(markup))


def _box(chart: ElementTree.Element) -> tuple[float, float]:
    _, _, width, height = (float(part) for part in chart.get("viewBox", "").split())
    return width, height


def _texts(chart: ElementTree.Element) -> list[ElementTree.Element]:
    return list(chart.iter(f"{NS}text"))


def _span(text: ElementTree.Element) -> tuple[float, float]:
    """Where the text runs from left to right, by its anchor and its estimated width."""
    x, width = float(text.get("x", "0")), text_width(text.text or "", float(text.get("font-size", "9")))
    anchor = text.get("text-anchor", "start")
    if anchor == "middle":
        return x - width / 2, x + width / 2
    return (x - width, x) if anchor == "end" else (x, x + width)


def _assert_all_text_inside(chart: ElementTree.Element) -> None:
    width, height = _box(chart)
    for text in _texts(chart):
        left, right = _span(text)
        size, baseline = float(text.get("font-size", "9")), float(text.get("y", "0"))
        assert left >= 0 and right <= width, (text.text, left, right, width)
        assert baseline - 0.8 * size >= 0 and baseline + 0.25 * size <= height, (text.text, baseline, height)


def _x_labels(chart: ElementTree.Element) -> list[ElementTree.Element]:
    """The labels under the x axis: the texts on the lowest baseline above the legend (the y ticks are end-anchored
    at the left; the legend's entries are start-anchored)."""
    candidates = [t for t in _texts(chart) if t.get("fill") == "#586674" and t.get("text-anchor") != "end"]
    lowest = max(float(t.get("y", "0")) for t in candidates)
    return [t for t in candidates if float(t.get("y", "0")) == lowest]


def _assert_no_overlap(labels: list[ElementTree.Element]) -> None:
    spans = sorted(_span(label) for label in labels)
    for (_, right), (left, _) in pairwise(spans):
        assert left - right >= 2, spans


def _week_labels(count: int) -> list[str]:
    return [str((36 + index) % 52 + 1) for index in range(count)]


def _iso_weeks(count: int) -> list[str]:
    start = dt.date(2026, 9, 7)
    return [(start + dt.timedelta(weeks=i)).strftime("%G-W%V") for i in range(count)]


def _role_chart(count: int, *, width: int = 320, lang: str = "da") -> ElementTree.Element:
    series = {name: [1 + (i + n) % 5 for i in range(count)] for n, name in enumerate(ROLE_NAMES)}
    styles = {name: charts.ROLE_STYLE[role] for name, role in ROLE_NAMES.items()}
    markup = charts.line_chart(
        title="Vurdering",
        description="",
        x_labels=_week_labels(count),
        series=series,
        styles=styles,
        lang=lang,
        width=width,
    )
    return _parse(markup)


def _factor_chart(count: int, *, width: int = 420) -> ElementTree.Element:
    days = [short_date(dt.date(2026, 9, 7) + dt.timedelta(weeks=i), "da") for i in range(count)]
    series = {name: [1 + (i * 3 + n) % 5 for i in range(count)] for n, name in enumerate(FACTOR_NAMES)}
    styles = {name: charts.FACTOR_STYLE[code] for name, code in FACTOR_NAMES.items()}
    markup = charts.line_chart(
        title="Svar", description="", x_labels=days, series=series, styles=styles, lang="da", width=width, height=170
    )
    return _parse(markup)


def _hours_chart(count: int, **changes: object) -> ElementTree.Element:
    values: dict[str, object] = {
        "title": "Timer",
        "description": "",
        "weeks": _iso_weeks(count),
        "planned": [10.0] * count,
        "attended": [8.0 if i % 4 else None for i in range(count)],
        "ordinary": [min(7.5, i * 0.5) for i in range(count)],
        "target": [None, *[8.0] * (count - 1)],
        "labels": HOURS_LABELS,
        "lang": "da",
    }
    return _parse(charts.hours_chart(**{**values, **changes}))  # type: ignore[arg-type]


@pytest.mark.parametrize("count", range(1, 53))
def test_every_label_fits_inside_the_picture_and_none_overlaps_for_1_to_52_weeks(count: int) -> None:
    for chart in (_role_chart(count), _role_chart(count, width=240), _factor_chart(count), _hours_chart(count)):
        _assert_all_text_inside(chart)
        labels = _x_labels(chart)
        _assert_no_overlap(labels)
        assert labels, "the x axis has no label"


@pytest.mark.parametrize("count", [1, 2, 13, 26, 52])
def test_the_last_week_is_labelled_and_the_hours_weeks_read_as_numbers_under_one_axis_title(count: int) -> None:
    weeks = _iso_weeks(count)
    labels = [t.text for t in _x_labels(_hours_chart(count))]
    assert labels[0] == "uge" and labels.count("uge") == 1
    assert labels[-1] == str(int(weeks[-1][-2:]))
    assert all(label.isdigit() for label in labels[1:]), labels
    assert not any("W" in (t.text or "") for t in _texts(_hours_chart(count)))
    assert _x_labels(_role_chart(count))[-1].text == _week_labels(count)[-1]


def test_the_estimated_width_is_never_narrower_than_dejavu_sans_draws_it() -> None:
    ttlib = pytest.importorskip("fontTools.ttLib")
    path = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not path.is_file():
        pytest.skip("DejaVu Sans is not installed")
    font = ttlib.TTFont(path)
    cmap, metrics, per_em = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    samples = [*FACTOR_NAMES, *ROLE_NAMES, *HOURS_LABELS.values(), "28. sep.", "30. nov.", "52", "WWW mmm ÆØÅ 100 %"]
    for sample in samples:
        drawn = sum(metrics[cmap[ord(char)]][0] for char in sample) / per_em * 9
        assert text_width(sample, 9) >= drawn, sample


def test_the_legend_names_every_line_in_full_and_the_picture_grows_to_hold_it() -> None:
    factor = _factor_chart(13)
    legend = {t.text for t in _texts(factor) if t.get("fill") == "#1d2733"}
    assert legend == set(FACTOR_NAMES)
    narrow = _factor_chart(13, width=240)
    assert _box(narrow)[1] > _box(factor)[1] > 170
    _assert_all_text_inside(narrow)
    long_name = "Kontaktperson hos virksomheden, der følger borgeren i hverdagen og vurderer hver uge"
    chart = _parse(
        charts.line_chart(
            title="t",
            description="",
            x_labels=["37"],
            series={long_name: [3]},
            styles={long_name: charts.ROLE_STYLE["mentor"]},
            lang="da",
            width=240,
        )
    )
    _assert_all_text_inside(chart)
    lines = [t.text or "" for t in _texts(chart) if t.get("fill") == "#1d2733"]
    assert len(lines) > 1 and " ".join(lines) == long_name
    without = _parse(
        charts.line_chart(
            title="t",
            description="",
            x_labels=["37"],
            series={"Mentor": [3]},
            styles={},
            lang="da",
            legend=False,
        )
    )
    assert _box(without) == (320, 150) and "Mentor" not in {t.text for t in _texts(without)}


@pytest.mark.parametrize("styles", [charts.ROLE_STYLE, charts.FACTOR_STYLE], ids=["roles", "factors"])
def test_each_line_differs_from_the_others_by_dash_and_by_marker_not_by_colour_alone(
    styles: dict[str, charts.Style],
) -> None:
    assert len({style.dash for style in styles.values()}) == len(styles)
    assert len({style.marker for style in styles.values()}) == len(styles)
    assert len({style.colour for style in styles.values()}) == len(styles)


def test_the_chart_draws_each_lines_dash_and_marker_in_the_line_and_in_its_legend_sample() -> None:
    chart = _role_chart(6)
    lines = [path for path in chart.iter(f"{NS}path") if path.get("class") == "line"]
    dashes = [path.get("stroke-dasharray", "") for path in lines]
    assert dashes == [charts.ROLE_STYLE[role].dash for role in ROLE_NAMES.values()]
    # A marker's shape is its path's commands (a circle's arcs, a square's sides, a cross's two strokes): each line
    # has its own, at each of its 6 points and once in its legend sample.
    by_colour: dict[str, list[str]] = {}
    for path in chart.iter(f"{NS}path"):
        if path.get("class") == "marker":
            colour = path.get("fill") if path.get("fill") != "none" else path.get("stroke")
            by_colour.setdefault(colour or "", []).append(re.sub(r"[^A-Za-z]", "", path.get("d", "")))
    assert set(by_colour) == {style.colour for style in charts.ROLE_STYLE.values()}
    shapes = set()
    for points, sample in by_colour.values():
        assert points == sample * 6
        shapes.add(sample)
    assert len(shapes) == len(ROLE_NAMES)


def test_danish_writes_a_decimal_comma_and_english_a_point() -> None:
    series = {"A Tro på egne evner": [2.0, None, 4.5]}
    danish = charts.describe_lines(series, ["37", "38", "39"], gettext=_danish, lang="da")
    english = charts.describe_lines(
        {"A Belief in own abilities": [2.0, None, 4.5]}, ["37", "38", "39"], gettext=ENGLISH, lang="en"
    )
    assert danish == "A Tro på egne evner: fra 2 i uge 37 til 4,5 i uge 39."
    assert english == "A Belief in own abilities: from 2 in week 37 to 4.5 in week 39."
    weeks, planned, attended, ordinary, target = ["2026-W37", "2026-W38"], [10, 10], [7.5, 9], [0, 2.5], [7.5, 7.5]
    danish_hours = charts.describe_hours(weeks, planned, attended, ordinary, target, gettext=_danish, lang="da")
    english_hours = charts.describe_hours(weeks, planned, attended, ordinary, target, gettext=ENGLISH, lang="en")
    assert "til 2,5 i uge 38; målet er 7,5 timer. Mødt 16,5 af 20" in danish_hours
    assert "to 2.5 in week 38; the target is 7.5 hours. Attended 16.5 of 20" in english_hours
    ticks = [
        t.text
        for t in _texts(_hours_chart(4, ordinary=[0.5, 1.5, 2.5, 3.5], target=[4.5] * 4))
        if t.get("text-anchor") == "end"
    ]
    assert ticks and all(tick and tick.isdigit() for tick in ticks)


def test_a_rising_series_is_said_in_words_from_its_first_week_to_its_last() -> None:
    series = {"Kontaktperson": [1, 2, 3, 5], "Mentor": [2, None, 4, 5], "Konsulent": [None, None, None, None]}
    labels = ["37", "40", "44", "48"]
    assert charts.describe_lines(series, labels, gettext=_danish, lang="da") == (
        "Kontaktperson: fra 1 i uge 37 til 5 i uge 48. Mentor: fra 2 i uge 37 til 5 i uge 48. Konsulent: intet endnu."
    )
    english = {"Company contact": [1, 2, 3, 5], "Mentor": [None, None, 3, None]}
    assert charts.describe_lines(english, labels, gettext=ENGLISH, lang="en") == (
        "Company contact: from 1 in week 37 to 5 in week 48. Mentor: 3 in week 44."
    )
    assert charts.describe_lines({}, labels, gettext=ENGLISH, lang="en") == "Nothing to show yet."
    days = charts.describe_lines({"Borger": [2, 4]}, ["7. sep.", "5. okt."], gettext=_danish, lang="da")
    assert days == "Borger: fra 2 den 7. sep. til 4 den 5. okt."
    weeks = ["2026-W37", "2026-W40", "2026-W44", "2026-W48"]
    planned, attended, target = [10, 10, 12, 12], [8, 10, 12, None], [None, 8, 8, 8]
    assert charts.describe_hours(weeks, planned, attended, [0, 2, 4, 6], target, gettext=_danish, lang="da") == (
        "Ordinære timer steg fra 0 i uge 37 til 6 i uge 48; målet er 8 timer. Mødt 30 af 32 planlagte timer i alt."
    )
    assert charts.describe_hours(weeks, planned, attended, [6, 4, 4, 2], target, gettext=ENGLISH, lang="en") == (
        "Ordinary hours fell from 6 in week 37 to 2 in week 48; the target is 8 hours. "
        "Attended 30 of 32 planned hours in all."
    )


def test_the_title_and_description_are_the_charts_alternative_text() -> None:
    description = "Kontaktperson: fra 1 i uge 37 til 5 i uge 48."
    chart = _parse(
        charts.line_chart(
            title="Vurdering af delmålet",
            description=description,
            x_labels=["37", "48"],
            series={"Kontaktperson": [1, 5]},
            styles={"Kontaktperson": charts.ROLE_STYLE["company_contact"]},
            lang="da",
        )
    )
    title = chart.find(f"{NS}title")
    assert title is not None and title.text == f"Vurdering af delmålet. {description}"
    assert chart.get("role") == "img" and chart.get("aria-label") == title.text


def test_a_name_with_markup_in_it_stays_text_in_the_legend_the_labels_and_the_alternative_text() -> None:
    hostile = '<script>alert("x")</script> \'B\' & "C"'
    markup = charts.line_chart(
        title=f"Mål {hostile}",
        description=f"{hostile}: fra 1",
        x_labels=[hostile, "48"],
        series={hostile: [1, 5]},
        styles={hostile: charts.ROLE_STYLE["mentor"]},
        lang="da",
    )
    chart = _parse(markup)
    assert not [element for element in chart.iter() if element.tag.endswith("script")]
    assert hostile in {t.text for t in _texts(chart)}
    assert chart.get("aria-label") == f"Mål {hostile}. {hostile}: fra 1" == chart.find(f"{NS}title").text  # type: ignore[union-attr]
    hours = _parse(
        charts.hours_chart(
            title=hostile,
            description=hostile,
            weeks=[hostile],
            planned=[1],
            attended=[1],
            ordinary=[1],
            target=[1],
            labels={**HOURS_LABELS, "target": hostile, "week": hostile},
            lang="da",
        )
    )
    assert not [element for element in hours.iter() if element.tag.endswith("script")]
    assert [t.text for t in _texts(hours)].count(hostile) == 3  # the axis title, the week, the legend


def test_a_gap_breaks_the_line_and_a_point_alone_keeps_its_marker() -> None:
    chart = _parse(
        charts.line_chart(
            title="t",
            description="",
            x_labels=[str(week) for week in range(37, 45)],
            series={"Mentor": [1, 2, None, 4, None, 3, 4, 5]},
            styles={"Mentor": charts.ROLE_STYLE["mentor"]},
            lang="da",
            legend=False,
        )
    )
    (line,) = [path for path in chart.iter(f"{NS}path") if path.get("class") == "line"]
    runs = line.get("d", "").split("M")[1:]
    assert [run.count("L") + 1 for run in runs] == [2, 3]  # weeks 37–38 and 42–44; week 40 alone has no line
    (marker,) = [path for path in chart.iter(f"{NS}path") if path.get("class") == "marker"]
    assert marker.get("d", "").count("M") == 6


def test_the_hours_read_in_black_and_white_outline_light_dark_and_a_dotted_target_step_line() -> None:
    chart = _hours_chart(4, target=[None, 6.0, 8.0, 8.0])
    rects = {path.get("class"): path for path in chart.iter(f"{NS}path") if path.get("class")}
    assert [rects[kind].get("d", "").count("z") for kind in ("attended", "ordinary", "planned")] == [3, 3, 4]
    assert rects["planned"].get("fill") == "none" and rects["planned"].get("stroke-dasharray")
    assert rects["attended"].get("fill") == "#9cc3dd" and rects["ordinary"].get("fill") == "#0b5c8c"
    (target,) = [path for path in chart.iter(f"{NS}path") if path.get("class") == "target"]
    assert float(target.get("stroke-width", "0")) > 2 and target.get("stroke-linecap") == "round"
    assert target.get("d", "").count("M") == 1 and target.get("d", "").count("H") == 3  # level per week, joined
    legend = [t.text for t in _texts(chart) if t.get("fill") == "#1d2733"]
    assert legend == ["Planlagt", "Fremmødt", "Ordinære timer", "Mål for ordinære timer"]
    no_target = _hours_chart(4, target=[None] * 4)
    assert "Mål for ordinære timer" not in {t.text for t in _texts(no_target)}
    assert not [p for p in no_target.iter(f"{NS}path") if p.get("class") == "target"]


def test_no_chart_carries_a_style_attribute_or_a_script() -> None:
    for chart in (_role_chart(13), _factor_chart(13), _hours_chart(13)):
        for element in chart.iter():
            assert "style" not in element.attrib and not element.tag.endswith(("script", "style"))
            assert not any(name.startswith("on") for name in element.attrib)
