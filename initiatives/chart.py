"""Geometry of the small chart of the network's links between cities over time, drawn as SVG by the template
(templates/initiatives/includes/joint_projects_impact.html) as the progress chart is: no script, prints as it
shows."""

from dataclasses import dataclass

from .selectors import LinksInYear

WIDTH = 480
HEIGHT = 200
MARGIN_LEFT = 40
MARGIN_BOTTOM = 28
MARGIN_TOP = 20
GAP = 0.25  # of each year's slot, left between bars


@dataclass(frozen=True)
class Bar:
    year: int
    links: int
    x: float
    y: float
    width: float
    height: float
    label_x: float


@dataclass(frozen=True)
class LinksChart:
    bars: list[Bar]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = MARGIN_LEFT
    bottom: int = HEIGHT - MARGIN_BOTTOM
    top_value: int = 0


def links_chart(links_by_year: list[LinksInYear]) -> LinksChart:
    """One bar a year, as high as the links in the network at the end of it."""
    if not links_by_year:
        return LinksChart(bars=[])
    top = max(year.links for year in links_by_year) or 1
    slot = (WIDTH - MARGIN_LEFT) / len(links_by_year)
    plot_height = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    bars = []
    for index, year in enumerate(links_by_year):
        height = round(plot_height * year.links / top, 1)
        x = round(MARGIN_LEFT + index * slot + slot * GAP / 2, 1)
        bars.append(
            Bar(
                year=year.year,
                links=year.links,
                x=x,
                y=round(HEIGHT - MARGIN_BOTTOM - height, 1),
                width=round(slot * (1 - GAP), 1),
                height=height,
                label_x=round(x + slot * (1 - GAP) / 2, 1),
            )
        )
    return LinksChart(bars=bars, top_value=top)
