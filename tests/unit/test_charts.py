"""The workspace's bar charts: heights in proportion, every bar titled, text escaped, and no
data drawn as an empty chart."""

import xml.etree.ElementTree as ET

from adapters.web.charts import PLOT, Chart, duration

SVG = "{http://www.w3.org/2000/svg}"


def drawn(chart: Chart) -> ET.Element:
    return ET.fromstring(str(chart.svg()).replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))


def test_bars_are_as_tall_as_their_values_in_proportion_to_the_largest() -> None:
    chart = Chart("c", "Breaches", "Week", [("a", 4), ("b", 2), ("c", 0), ("d", None)])
    heights = [float(r.attrib["height"]) for r in drawn(chart).iter(f"{SVG}rect")]
    assert heights == [PLOT, PLOT / 2, 0, 0]
    tops = [
        float(r.attrib["y"]) + float(r.attrib["height"]) for r in drawn(chart).iter(f"{SVG}rect")
    ]
    assert len(set(tops)) == 1  # they stand on one line


def test_each_bar_is_titled_with_its_label_and_value_and_text_is_escaped() -> None:
    chart = Chart(
        "c", "Median <first> response", "Who", [("<b>Thandi</b>", 90.0), ("Sipho", None)], duration
    )
    svg = drawn(chart)
    titles = [t.text for t in svg.iter(f"{SVG}title")]
    assert titles == ["Median <first> response", "<b>Thandi</b>: 2 min", "Sipho: no tickets"]
    assert "<b>" not in str(chart.svg())
    assert svg.attrib["role"] == "img" and svg.attrib["aria-labelledby"] == "c-title"


def test_no_bars_or_only_zeros_draw_an_empty_chart_that_says_so() -> None:
    for bars in ([], [("a", 0.0), ("b", None)]):
        svg = drawn(Chart("c", "Breaches", "Week", bars))
        assert [float(r.attrib["height"]) for r in svg.iter(f"{SVG}rect")] == [0] * len(bars)
        assert "Nothing to show" in [t.text for t in svg.iter(f"{SVG}text")]


def test_many_bars_label_only_some_and_cut_long_labels_to_fit() -> None:
    bars = [(f"assignee number {n}", float(n)) for n in range(30)]
    labels = [t.text or "" for t in drawn(Chart("c", "t", "Who", bars)).iter(f"{SVG}text")][1:]
    assert 0 < len(labels) <= 12
    assert all(label.endswith("…") for label in labels)


def test_durations_read_in_the_unit_that_fits() -> None:
    assert [duration(s) for s in (42, 150, 5_400, 90_000, 200_000)] == [
        "42 s",
        "2 min",
        "1.5 h",
        "25.0 h",
        "2.3 days",
    ]
