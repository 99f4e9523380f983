"""The entities a new desk starts with: every country (pycountry) plus common short names,
demonyms and the organisations the seed coverage names. Editors add more in the admin."""

from __future__ import annotations

from collections.abc import Iterator

# canonical name -> (kind, extra aliases). Countries are keyed by pycountry's `name`.
EXTRA_ALIASES: dict[str, tuple[str, list[str]]] = {
    "Burkina Faso": ("country", ["Burkina", "Burkinabè", "Burkinabe"]),
    "Côte d'Ivoire": ("country", ["Ivory Coast", "Ivorian", "Cote d'Ivoire"]),
    "Mali": ("country", ["Malian"]),
    "Niger": ("country", ["Nigerien"]),
    "Nigeria": ("country", ["Nigerian"]),
    "Chad": ("country", ["Chadian"]),
    "Mauritania": ("country", ["Mauritanian"]),
    "Senegal": ("country", ["Senegalese"]),
    "Ghana": ("country", ["Ghanaian"]),
    "France": ("country", ["French"]),
    "Russian Federation": ("country", ["Russia", "Russian"]),
    "United States": ("country", ["USA", "U.S.", "America", "American"]),
    "United Kingdom": ("country", ["UK", "U.K.", "Britain", "Great Britain", "British"]),
    "Germany": ("country", ["German"]),
    "China": ("country", ["Chinese"]),
    "Ukraine": ("country", ["Ukrainian"]),
    "Ireland": ("country", ["Irish"]),
    "G5 Sahel": ("organisation", ["G5"]),
    "ECOWAS": ("organisation", ["Economic Community of West African States"]),
    "United Nations": ("organisation", ["UN", "U.N."]),
    "MINUSMA": ("organisation", []),
    "Alliance of Sahel States": ("organisation", ["AES"]),
    "Al-Qaeda": ("organisation", ["Al Qaeda", "Al-Qaida"]),
    "Islamic State group": ("organisation", ["Islamic State", "ISIS"]),
    "Liptako-Gourma": ("region", ["Liptako-Gourma region"]),
    "Sahel": ("region", []),
}


def initial_entities() -> Iterator[tuple[str, str, str, list[str]]]:
    """(name, kind, code, aliases) for every entity a new desk starts with."""
    import pycountry

    seen: set[str] = set()
    for country in pycountry.countries:
        name = country.name
        aliases = {name}
        for attribute in ("official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                aliases.add(value)
        kind, extra = EXTRA_ALIASES.get(name, ("country", []))
        aliases.update(extra)
        seen.add(name)
        yield name, "country", country.alpha_2, sorted(aliases)
    for name, (kind, extra) in EXTRA_ALIASES.items():
        if name not in seen:
            yield name, kind, "", sorted({name, *extra})
