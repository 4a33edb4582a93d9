"""The bot's own regional groupings (knowledge/regions.yaml): continents, sub-regions and common groupings,
each defined by the countries it contains. The source groups nothing by region, so an answer that uses one
says the grouping is the bot's, with the scheme it comes from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .yamlfile import Located

CONTINENTS = ("Africa", "Asia", "Europe", "Latin America", "North America", "Oceania")
REGION_KINDS = ("continent", "subregion", "grouping")


@dataclass(frozen=True)
class Region:
    name: str
    kind: str = "continent"
    scheme: str = ""
    aliases: tuple[str, ...] = ()
    countries: frozenset[str] = frozenset()
    part_of: str | None = None
    names: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, hash=False)

    def display(self, language: str) -> str:
        names = self.names.get(language)
        return names[0] if names else self.name

    def contains(self, country: str) -> bool:
        return country in self.countries


def load_regions(c, path: Path, countries: set[str]) -> list[Region]:  # type: ignore[no-untyped-def]
    """Read regions.yaml; every country must be a known one, and every known country in exactly one continent."""
    if not path.is_file():
        return [Region(name) for name in CONTINENTS]
    data = c.load(path)
    entries = c.entries(data.get("regions") if isinstance(data, Located) else None, path, "regions")
    regions: list[Region] = []
    for entry in entries:
        name = c.text(entry, "name")
        kind = c.text(entry, "kind")
        if kind and kind not in REGION_KINDS:
            c.add(entry.where("kind"), f"kind must be one of {', '.join(REGION_KINDS)}")
        members = c.strings(entry, "countries", required=True)
        for country in members:
            if countries and country not in countries:
                c.add(entry.where("countries"), f"{country!r} is not a country of gazetteer.yaml or places.yaml")
        regions.append(Region(name, kind, c.text(entry, "scheme", required=False), c.strings(entry, "aliases"),
                              frozenset(members), c.text(entry, "part_of", required=False) or None))
    continents = [r for r in regions if r.kind == "continent"]
    if {r.name for r in continents} != set(CONTINENTS):
        c.add(f"{c.name(path)}:1", f"the continents must be exactly {', '.join(CONTINENTS)}")
    for country in sorted(countries):
        homes = [r.name for r in continents if country in r.countries]
        if len(homes) != 1:
            c.add(f"{c.name(path)}:1", f"{country!r} must be in exactly one continent, not {homes or 'none'}")
    return regions


def continent_of(regions: list[Region], country: str) -> str | None:
    return next((r.name for r in regions if r.kind == "continent" and country in r.countries), None)
