"""The corridor map, the book's signature figure: country shapes, named places and the legs of the routes
sources name, overland legs through their waypoints and sea legs dashed. The chart (:func:`map_chart`, a
builder like those of :mod:`briefing.charts`) and the figure (:func:`corridor_map`, glued by a chapter as
``b.figures.corridor_map``) live together here.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing.chart_parts import WIDTH, Choice, _titled
from briefing.data import boundaries, load
from briefing.display import Figure
from briefing.figure_parts import _figure, source_labels
from briefing.theme import DRUG_COLOURS, OTHER_COLOUR, country_name, drug_name

MAP_PROJECTION = {
    "type": "mercator",
    "center": [52.25, 29.9],
    "scale": {"expr": "min(width / 0.78, height / 0.40)"},
    "translate": {"expr": "[width / 2, height / 2]"},
}


def map_chart(
    regions: dict,
    places: pd.DataFrame,
    legs: pd.DataFrame,
    labels: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    description: str,
) -> alt.LayerChart:
    """The region's countries (named), the route legs coloured by drug (drop-down to show one drug; a
    sea leg is dashed: it gives the direction, not the path) and the places named by the sources, the
    key ones labelled. The projection is fitted to the corridor's frame at whatever width the column has.

    ``regions`` is GeoJSON (a FeatureCollection with a ``name`` property); ``places`` has name, kind,
    country, lat, lon, key ("always": labelled; "wide": labelled on a wide map; else a dot only), align, note, source; ``legs`` has drug, mode, from_name, to_name, lat, lon, lat2,
    lon2, source; ``labels`` has name, lat, lon (a country's label point).
    """
    drug = Choice(legs, "drug", "drug", "Drug", everything="Every drug")
    land = (
        alt.Chart(alt.Data(values=regions["features"]))
        .mark_geoshape(fill="#f2efe9", stroke="#8a8a8a", strokeWidth=0.7, clip=True)
        .encode(tooltip=alt.Tooltip("properties.name:N", title="Country"))
    )
    countries = (
        alt.Chart(labels)
        .mark_text(fontSize=11, fontStyle="italic", color="#6b6b6b", fontWeight=500)
        .encode(longitude="lon:Q", latitude="lat:Q", text="name:N")
    )
    drugs = sorted(set(legs["drug"]))
    colour = alt.Color(
        "drug:N",
        title="Drug carried",
        scale=alt.Scale(domain=drugs, range=[DRUG_COLOURS.get(d.lower(), OTHER_COLOUR) for d in drugs]),
        legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=4, symbolSize=300),
    )
    leg_tooltip = [
        alt.Tooltip("drug:N", title="Drug"),
        alt.Tooltip("from_name:N", title="From"),
        alt.Tooltip("to_name:N", title="To"),
        alt.Tooltip("mode:N", title="How"),
        alt.Tooltip("source:N", title="Source"),
    ]
    routes = alt.Chart(legs).transform_filter(drug.filter)
    overland = (
        routes.transform_filter("datum.mode == 'overland'")
        .mark_rule(strokeWidth=3.5, opacity=0.9, strokeCap="round")
        .encode(longitude="lon:Q", latitude="lat:Q", longitude2="lon2:Q", latitude2="lat2:Q", color=colour)
        .encode(tooltip=leg_tooltip)
    )
    by_sea = (
        routes.transform_filter("datum.mode != 'overland'")
        .mark_rule(strokeWidth=2.5, opacity=0.9, strokeDash=[6, 4])
        .encode(longitude="lon:Q", latitude="lat:Q", longitude2="lon2:Q", latitude2="lat2:Q", color=colour)
        .encode(tooltip=leg_tooltip)
    )
    # A long sea leg says on the map what its dashes mean (the short coastal ones would crowd their ports).
    sea_note = (
        routes.transform_filter(
            "datum.mode != 'overland' && abs(datum.lat2 - datum.lat) + abs(datum.lon2 - datum.lon) > 5"
        )
        .transform_calculate(mid_lon="(datum.lon + datum.lon2) / 2", mid_lat="(datum.lat + datum.lat2) / 2")
        .mark_text(
            align="left", dx=6, fontSize=10, fontStyle="italic", color="#444444", text=["by sea:", "path not known"]
        )
        .encode(longitude="mid_lon:Q", latitude="mid_lat:Q")
    )
    place_tooltip = [
        alt.Tooltip("name:N", title="Place"),
        alt.Tooltip("kind:N", title="Kind"),
        alt.Tooltip("note:N", title="Why it matters"),
        alt.Tooltip("source:N", title="Source"),
    ]
    points = (
        alt.Chart(places)
        .mark_point(filled=True, size=45, color="#222222", stroke="white", strokeWidth=0.8)
        .encode(longitude="lon:Q", latitude="lat:Q", tooltip=place_tooltip)
    )

    def names(align: str, dx: int) -> alt.Chart:
        return (
            alt.Chart(places)
            .transform_filter(
                f"(datum.key == 'always' || (datum.key == 'wide' && width > 560)) && datum.align == '{align}'"
            )
            .mark_text(align=align, dx=dx, dy=-7, fontSize=11, color="#222222")
            .encode(longitude="lon:Q", latitude="lat:Q", text="name:N", tooltip=place_tooltip)
        )

    chart = (
        alt.layer(land, countries, overland, by_sea, sea_note, points, names("left", 5), names("right", -5))
        .add_params(*drug.params)
        .project(**MAP_PROJECTION)
        .properties(width=WIDTH, height=360)
    )
    return _titled(chart, title, subtitle, description)


def regions() -> dict:
    """The region's country boundaries (GeoJSON derived from Natural Earth)."""
    return boundaries()


def _label_point(geometry: dict) -> tuple[float, float]:
    """Where to write a country's name: the centre of the bounding box of its largest polygon."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]

    def extent(ring):
        lons, lats = [p[0] for p in ring], [p[1] for p in ring]
        return (max(lons) - min(lons)) * (max(lats) - min(lats)), lons, lats

    _, lons, lats = max((extent(p[0]) for p in polygons), key=lambda e: e[0])
    return (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2


#: Where a country's label is nudged off its box centre (a big neighbour, a route drawn through it).
LABEL_NUDGE = {"Iraq": (0.8, 1.0), "Saudi Arabia": (2.5, -2.0), "Syria": (0.6, 0.6), "Jordan": (1.0, -0.3)}
#: The map names the countries in its frame only (the rest would be written off the edge).
MAP_COUNTRIES = {"Afghanistan", "Iran", "Iraq", "Syria", "Jordan", "Saudi Arabia", "Turkey", "Pakistan", "Kuwait"}
#: Labelled on the map: the crossings, ports and cities the chapters name (every place stays a dot).
#: The crossings and ports always; the capitals only where the map is wide enough for their names.
KEY_PLACES = ["pl-zaranj", "pl-islamqala", "pl-shalamcheh", "pl-alqaim", "pl-latakia", "pl-beirut", "pl-jeddah",
              "pl-bandarabbas"]  # fmt: skip
WIDE_PLACES = ["pl-baghdad", "pl-tehran", "pl-kabul", "pl-damascus"]
#: Labels written to the left of their dot (over the sea, or clear of a neighbour's label).
LABEL_LEFT = ["pl-latakia", "pl-beirut", "pl-islamqala", "pl-shalamcheh", "pl-kabul"]


def corridor_map(*, name: str = "map", title: str) -> Figure:
    places = load("places")
    legs = load("routes")
    labels = source_labels(list(places["source_id"]) + list(legs["source_id"]))
    by_id = places.set_index("place_id")
    # A leg between two ports went by sea: the sources give its ends, not its path.
    sea = (legs["from_place"].map(by_id["kind"]) == "port") & (legs["to_place"].map(by_id["kind"]) == "port")
    legs_table = pd.DataFrame(
        {
            "drug": legs["drug"].astype(str).map(drug_name),
            "mode": sea.map({True: "by sea (direction only, path not known)", False: "overland"}),
            "from_name": legs["from_place"].map(by_id["name"]).astype(str),
            "to_name": legs["to_place"].map(by_id["name"]).astype(str),
            "lat": legs["from_place"].map(by_id["lat"]).astype(float),
            "lon": legs["from_place"].map(by_id["lon"]).astype(float),
            "lat2": legs["to_place"].map(by_id["lat"]).astype(float),
            "lon2": legs["to_place"].map(by_id["lon"]).astype(float),
            "source": legs["source_id"].astype(str).map(labels),
        }
    )
    places_table = pd.DataFrame(
        {
            "name": places["name"].astype(str).str.replace(r" \(town\)$", "", regex=True),
            "kind": places["kind"].astype(str).str.replace("_", " ").str.capitalize(),
            "country": places["country"].astype(str).map(country_name),
            "lat": places["lat"].astype(float),
            "lon": places["lon"].astype(float),
            "key": places["place_id"].map(
                lambda p: "always" if p in KEY_PLACES else "wide" if p in WIDE_PLACES else ""
            ),
            "align": places["place_id"].isin(LABEL_LEFT).map({True: "right", False: "left"}),
            "note": places["note"].fillna("").astype(str),
            "source": places["source_id"].astype(str).map(labels),
        }
    )
    shapes = regions()
    names = []
    for feature in shapes["features"]:
        country = feature["properties"].get("name")
        if country in MAP_COUNTRIES:
            lon, lat = _label_point(feature["geometry"])
            dlon, dlat = LABEL_NUDGE.get(country, (0.0, 0.0))
            names.append({"name": country, "lon": round(lon + dlon, 2), "lat": round(lat + dlat, 2)})
    chart = map_chart(
        shapes,
        places_table,
        legs_table,
        pd.DataFrame(names, columns=["name", "lon", "lat"]),
        title=title,
        subtitle="Route legs named by the sources, by drug; a dashed leg went by sea (its path is not known)",
        description=f"Map of the corridor from Lebanon to Afghanistan with {len(legs_table)} route legs named by "
        f"sources and {len(places_table)} places; sea legs are dashed.",
    )
    table = pd.concat([legs_table.assign(layer="route leg"), places_table.assign(layer="place")], ignore_index=True)
    # The boundaries are Natural Earth's (data/geo/region.geojson): credited before the places' gazetteers.
    boundaries = ["naturalearth-readme"]
    return _figure(
        name, chart, table, boundaries + list(places["source_id"]) + list(legs["source_id"]), chart.description
    )
