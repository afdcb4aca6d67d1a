"""The corridor map, the book's signature figure: country shapes, named places and the legs of the routes
sources name, overland legs through their waypoints, sea legs dashed, curved over the sea, and river legs
dotted along their river. How a leg went is a fact of the data (``mode`` in data/routes.csv). The chart
(:func:`map_chart`, a builder like those of :mod:`briefing.charts`) and the figure (:func:`corridor_map`,
glued by a chapter as ``b.figures.corridor_map``) live here; the layout in :mod:`briefing.map_layout`, the
layers in :mod:`briefing.map_layers`.

The corridor is 3,500 km long, but most legs the sources name are border crossings 5 to 40 km long: a few
pixels on any map of the whole corridor. So the chart is an overview of the corridor with close-ups under
it, one per crossing, each drawn with its own projection in the same view.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from briefing import map_close_ups as close_ups
from briefing import map_layers as layer
from briefing.chart_parts import WIDTH, Choice, _titled
from briefing.data import boundaries, load
from briefing.display import Figure
from briefing.figure_parts import _figure, source_labels
from briefing.map_layout import (
    CLOSE_UP_COUNTRY_SIZE,
    CLOSE_UPS,
    COUNTRY_SIZE,
    HALVES,
    LABEL_NUDGE,
    MAP_COUNTRIES,
    MODES,
    OVERVIEW,
    PHONE_NUDGE,
    label_point,
    overview_panels,
    panel_of,
    projections,
)
from briefing.theme import DRUG_COLOURS, OTHER_COLOUR, country_name, drug_name


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
    sea leg is a dashed curve over the sea: it gives the direction, not the path; a river leg a dotted curve
    along its river; several drugs on one leg
    are drawn side by side) and the places the chapters name, each with its name. Legs too short to see on the overview are
    drawn in close-ups under it (:data:`CLOSE_UPS`), marked on the overview by a named square.

    ``regions`` is GeoJSON (a FeatureCollection with a ``name`` property); ``places`` has name, kind,
    country, lat, lon, label_anchor (a compass point), panel (``"overview"`` or a close-up's name), note,
    source; ``legs`` has drug, mode, from_name, to_name, lat, lon, lat2, lon2, panel, source; ``labels`` has
    name, lat, lon (a country's label point on the overview) and map_detail (always; or wide or phone, where a
    phone's map writes it elsewhere).
    """
    drug = Choice(legs, "drug", "drug", "Drug", everything="Every drug")
    projection = projections()
    drugs = sorted(set(legs["drug"]))
    colour = alt.Color(
        "drug:N",
        title="Drug carried",
        scale=alt.Scale(domain=drugs, range=[DRUG_COLOURS.get(d.lower(), OTHER_COLOUR) for d in drugs]),
        legend=None,  # drawn as marks under the close-ups (see map_layers.key), so the chart's height includes it
    )
    layers = []
    # The overview, or on a small phone its two halves one above the other (map_layout.HALVES).
    for panel, shown, side, scale in overview_panels():
        where = f"{shown} && {side}"
        keep = (lambda lon: True) if side == "true" else next(h for h in HALVES if h.name == panel).keeps
        layers += [
            layer.land(projection[panel], shown),
            layer.country_names(labels, projection[panel], where, fontSize=alt.expr(COUNTRY_SIZE), fontWeight=500),
            *layer.route_legs(legs, OVERVIEW, projection[panel], drug, colour, where, scale, keep),
            *(
                [layer.sea_note(legs, projection[panel], drug, where)]
                if (legs["mode"].eq(MODES["sea"]) & legs["lon"].map(keep)).any()
                else []
            ),
            *close_ups.close_up_squares(projection[panel], where),
            *layer.places_of(places, OVERVIEW, projection[panel], where),
        ]
    layers.append(close_ups.close_ups_heading())
    # Each close-up: its title, land, the names of its countries, legs, places, scale bar and box.
    for i, c in enumerate(CLOSE_UPS):
        names = pd.DataFrame([{"name": n, "lon": lo, "lat": la, "map_detail": "always"} for n, lo, la in c.countries])
        layers += [
            close_ups.close_up_title(i, c),
            layer.land(projection[c.name]),
            layer.country_names(names, projection[c.name], fontSize=CLOSE_UP_COUNTRY_SIZE),
            *layer.route_legs(legs, c.name, projection[c.name], drug, colour),
            *layer.places_of(places, c.name, projection[c.name]),
            *close_ups.close_up_frame(i, c),
        ]
    layers += layer.key(drugs, colour)
    # The boundaries are drawn four times (the overview and each close-up) from one copy in the spec.
    chart = (
        alt.layer(*layers)
        .add_params(*drug.params)
        .properties(width=WIDTH, height=120, datasets={"regions": regions["features"]})
    )
    return _titled(chart, title, subtitle, description)


def regions() -> dict:
    """The region's country boundaries (GeoJSON derived from Natural Earth)."""
    return boundaries()


def corridor_map(*, name: str = "map", title: str) -> Figure:
    all_places = load("places")
    legs = load("routes")
    # The map draws the places the chapters name (those with a map_name): every dot it shows is named.
    places = all_places[all_places["map_name"].notna() & (all_places["map_name"].astype(str) != "")]
    unnamed = sorted((set(legs["from_place"]) | set(legs["to_place"])) - set(places["place_id"].astype(str)))
    if unnamed:
        raise ValueError(
            f"data/places.csv: {', '.join(unnamed)} ends a leg in routes.csv but has no map_name: "
            "the map would draw a leg to a place it does not name"
        )
    labels = source_labels(list(places["source_id"]) + list(legs["source_id"]))
    by_id = places.set_index("place_id")
    panels = {p: panel_of(float(r.lon), float(r.lat)) for p, r in by_id.iterrows()}
    # A leg is drawn in a close-up when both its ends are in it, else on the overview.
    start, end = legs["from_place"].map(panels), legs["to_place"].map(panels)
    legs_table = pd.DataFrame(
        {
            "drug": legs["drug"].astype(str).map(drug_name),
            "mode": legs["mode"].astype(str).map(MODES),
            "from_name": legs["from_place"].map(by_id["map_name"]).astype(str),
            "to_name": legs["to_place"].map(by_id["map_name"]).astype(str),
            "lat": legs["from_place"].map(by_id["lat"]).astype(float),
            "lon": legs["from_place"].map(by_id["lon"]).astype(float),
            "lat2": legs["to_place"].map(by_id["lat"]).astype(float),
            "lon2": legs["to_place"].map(by_id["lon"]).astype(float),
            "panel": start.where(start == end, OVERVIEW),
            "source": legs["source_id"].astype(str).map(labels),
        }
    )
    # The most drugs drawn side by side on one leg ending at a place, in the panel that draws it: a name
    # above or below the place clears the outermost line.
    per_leg = legs_table.groupby(["from_name", "to_name", "panel"])["drug"].nunique().reset_index()
    ends = pd.concat([per_leg.rename(columns={end: "map_name"}) for end in ("from_name", "to_name")])
    lanes = ends.groupby(["map_name", "panel"])["drug"].max()
    places_table = pd.DataFrame(
        {
            "name": places["name"].astype(str),
            "map_name": places["map_name"].astype(str),
            "kind": places["kind"].astype(str).str.replace("_", " ").str.capitalize(),
            "country": places["country"].astype(str).map(country_name),
            "lat": places["lat"].astype(float),
            "lon": places["lon"].astype(float),
            "label_anchor": places["label_anchor"].astype(str).replace("nan", "e"),
            "phone_anchor": places["phone_anchor"].astype(str).replace("nan", ""),
            "map_detail": places["map_detail"].astype(str),
            "panel": places["place_id"].map(panels),
            "note": places["note"].fillna("").astype(str),
            "source": places["source_id"].astype(str).map(labels),
        }
    )
    at = pd.MultiIndex.from_arrays([places_table["map_name"], places_table["panel"]])
    places_table["lanes"] = lanes.reindex(at).fillna(1).astype(int).to_numpy()
    shapes = regions()
    names = []
    for feature in shapes["features"]:
        country = feature["properties"].get("name")
        if country in MAP_COUNTRIES:
            lon, lat = label_point(feature["geometry"])
            dlon, dlat = LABEL_NUDGE.get(country, (0.0, 0.0))
            at = {"name": country, "lon": round(lon + dlon, 2), "lat": round(lat + dlat, 2), "map_detail": "always"}
            if country in PHONE_NUDGE:  # written elsewhere on a phone: a row for each
                plon, plat = PHONE_NUDGE[country]
                names += [{**at, "map_detail": "wide"},
                          {**at, "lon": round(at["lon"] + plon, 2), "lat": round(at["lat"] + plat, 2), "map_detail": "phone"}]  # fmt: skip
            else:
                names.append(at)
    chart = map_chart(
        shapes,
        places_table,
        legs_table,
        pd.DataFrame(names, columns=["name", "lon", "lat", "map_detail"]),
        title=title,
        subtitle="Route legs named by the sources, by drug; a dashed leg went by sea (its path is not known), "
        "a dotted one by river",
        description=f"Map of the corridor from Lebanon to Afghanistan with {len(legs_table)} route legs named by "
        f"sources and {len(places_table)} places, each named; sea legs are dashed, river legs dotted. Close-ups under the map show "
        f"the border crossings at {', '.join(c.name for c in CLOSE_UPS)}.",
    )
    table = pd.concat([legs_table.assign(layer="route leg"), places_table.assign(layer="place")], ignore_index=True)
    # The boundaries are Natural Earth's (data/geo/region.geojson): credited before the places' gazetteers.
    boundaries = ["naturalearth-readme"]
    columns = {
        "map_name": "Name on the map",
        "kind": "Kind of place",
        "panel": "Drawn in",
        "label_anchor": None,
        "phone_anchor": None,
        "map_detail": None,
        "lanes": None,
    }
    return _figure(
        name,
        chart,
        table,
        boundaries + list(places["source_id"]) + list(legs["source_id"]),
        chart.description,
        columns=columns,
    )
