"""Table tests for French reporting (``extract(..., language="fr")``).

The phrases follow the patterns of French wire and newspaper copy on the Sahel, disasters,
economics and elections: hedges ("plus de", "près de", "environ", "quelque", "au moins",
"jusqu'à", "moins de"), decimal commas, spaces between thousands, "millions"/"milliards",
"%" after a space, months, weekdays and "la mi-mai". Each row is read with the article's
publication day; the expected figure, unit, hedge and (where given) date are what a French
desk editor would enter.
"""

from __future__ import annotations

import math
from datetime import date

import pytest

from claims.facts.extraction import extract

PUB = date(2022, 9, 4)  # a Sunday: seeds/000's publication day

# (phrase, (low, high, unit, hedge) or None, (start, end) or None)
ROWS = [
    (
        "Plus de 40 % du territoire échappe au contrôle de l'État",
        (40, None, "percent", "more_than"),
        None,
    ),
    ("près de deux millions de déplacés", (1.8e6, 2e6, "count", "nearly"), None),
    ("environ 1 500 soldats ont été déployés", (1350, 1650, "count", "about"), None),
    ("quelque 120 morts", (108, 132, "count", "about"), None),
    ("au moins 3 000 personnes ont manifesté", (3000, None, "count", "at_least"), None),
    ("jusqu'à 600 migrants se trouvaient à bord", (0, 600, "count", "up_to"), None),
    ("moins de 10 % des électeurs", (0, 10, "percent", "less_than"), None),
    ("L'inflation a atteint 8,7 % sur un an", (8.65, 8.75, "percent", "exact"), None),
    ("une hausse de 2,5 %", (2.45, 2.55, "percent", "exact"), None),
    ("un budget de 2,5 milliards d'euros", (2.45e9, 2.55e9, "EUR", "exact"), None),
    ("Près de 1,4 million de personnes", (1.26e6, 1.4e6, "count", "nearly"), None),
    ("655 000 réfugiés", (654500, 655500, "count", "exact"), None),
    ("plus de 9 900 blessés", (9900, None, "count", "more_than"), None),
    ("environ 600 000 personnes", (540000, 660000, "count", "about"), None),
    ("entre 200 et 300 morts", (200, 300, "count", "between"), None),
    ("plus d'un million de personnes", (1e6, None, "count", "more_than"), None),
    ("presque 30 % de la population", (27, 30, "percent", "nearly"), None),
    ("pas moins de 45 civils", (45, None, "count", "at_least"), None),
    ("Environ 2 000 personnes", (1800, 2200, "count", "about"), None),
    ("quasiment 50 000 spectateurs", (45000, 50000, "count", "nearly"), None),
    ("autour de 70 % des voix", (63, 77, "percent", "about"), None),
    ("un taux de participation de 65,79 %", (65.785, 65.795, "percent", "exact"), None),
    ("Plus de 40 000 hectares ont brûlé", (4e8, None, "m2", "more_than"), None),
    ("plus de 1 000 kilomètres de frontière", (1e6, None, "m", "more_than"), None),
    ("au-delà de 50 degrés Celsius", (50, None, "degC", "more_than"), None),
    # The English bullets, as French copy writes them.
    ("le bilan a dépassé 7 200 morts", (7200, None, "count", "more_than"), None),
    (
        "le nombre de déplacés a franchi la barre des deux millions",
        (2e6, None, "count", "more_than"),
        None,
    ),
    ("au-delà de 1,4 million de personnes", (1.4e6, None, "count", "more_than"), None),
    ("moins de quatre sur dix", (0, 40, "percent", "less_than"), None),
    ("entre 200 et plusieurs centaines de manifestants", (200, 900, "count", "between"), None),
    ("3 000 litres d'eau par seconde", (2.5, 3.5, "m3/s", "exact"), None),
    ("un débit de 3 800 mètres cubes par seconde", (3750, 3850, "m3/s", "exact"), None),
    ("plus de 45 degrés Celsius", (45, None, "degC", "more_than"), None),
    ("le week-end dernier", None, ("2022-08-27", "2022-08-28")),
    ("la semaine dernière", None, ("2022-08-22", "2022-08-28")),
    ("au deuxième trimestre 2021", None, ("2021-04-01", "2021-06-30")),
    ("au premier semestre 2024", None, ("2024-01-01", "2024-06-30")),
    ("l'an dernier", None, ("2021-01-01", "2021-12-31")),
    ("trois millions d'habitants", (2.5e6, 3.5e6, "count", "exact"), None),
    ("dix morts", (9.5, 10.5, "count", "exact"), None),
    ("4 septembre", None, ("2022-09-04", "2022-09-04")),
    ("le 4 septembre 2022", None, ("2022-09-04", "2022-09-04")),
    ("depuis la mi-mai", None, ("2022-05-11", "2022-09-04")),
    ("à la mi-juin 2021", None, ("2021-06-11", "2021-06-20")),
    ("en juillet", None, ("2022-07-01", "2022-07-31")),
    ("en décembre 2021", None, ("2021-12-01", "2021-12-31")),
    ("samedi", None, ("2022-09-03", "2022-09-03")),
    ("vendredi soir", None, ("2022-09-02", "2022-09-02")),
    ("hier", None, ("2022-09-03", "2022-09-03")),
    ("en 2023", None, ("2023-01-01", "2023-12-31")),
    ("depuis 2012", None, ("2012-01-01", "2022-09-04")),
    ("du 12 au 15 juin 2021", None, ("2021-06-12", "2021-06-15")),
    ("entre le 1er et le 7 mai", None, None),
    ("fin août", None, None),
    ("le 1er janvier 2023", None, ("2023-01-01", "2023-01-01")),
]


def _close(got, want):
    if got is None or want is None:
        return got is None and want is None
    return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize(("phrase", "quantity", "span"), ROWS, ids=[r[0][:40] for r in ROWS])
def test_french(phrase, quantity, span):
    ex = extract(phrase, published=PUB, language="fr")
    if quantity is not None:
        assert len(ex.quantities) == 1, ex.quantities
        q = ex.quantities[0]
        assert (q.unit, q.hedge) == quantity[2:], q
        assert _close(q.low, quantity[0]) and _close(q.high, quantity[1]), q
        assert phrase[q.start : q.end] == q.text  # spans point at the French text
    if span is not None:
        assert [(d.start_date.isoformat(), d.end_date.isoformat()) for d in ex.dates] == [span]
        assert all(phrase[d.start : d.end] == d.text for d in ex.dates)


def test_the_language_decides_the_grammar():
    # "8,7" is a decimal in French and not a number group in English
    assert extract("8,7 %", language="fr").quantities[0].low == 8.65
    assert extract("8,7 %", language="en").quantities[0].low != 8.65


def test_at_least_forty_french_phrases():
    assert len(ROWS) >= 40


def test_a_phrase_in_francs_cfa_is_read():
    # Capitalised words of the vocabulary ("CFA") once broke the rewrite's lookup.
    (q,) = extract(
        "un budget de 300 milliards de francs CFA", published=PUB, language="fr"
    ).quantities
    assert (q.low, q.high) == (2.5e11, 3.5e11)
