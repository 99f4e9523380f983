"""Fact identity, read from the sentence and its article (pure: the vocabularies the desk
starts with, no database): the head figure and its measure, the subject, the time, the event.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest

from claims.facts.entity_data import initial_entities
from claims.facts.extraction import AliasIndex
from claims.facts.identity import ArticleContext, Resources, identify
from claims.facts.learning import announcing_phrase
from claims.facts.measure_data import MEASURES
from claims.facts.measures import MeasureInfo, MeasureVocabulary, compatible
from claims.facts.places import place_index


@cache
def resources() -> Resources:
    entities = list(initial_entities())
    infos = [
        MeasureInfo(i, spec.slug, spec.name, spec.dimension, spec.kind, spec.subject)
        for i, spec in enumerate(MEASURES, start=1)
    ]
    cues = [
        (info, phrase, language)
        for info, spec in zip(infos, MEASURES, strict=True)
        for language, phrases in (("en", (spec.name, *spec.en)), ("fr", spec.fr))
        for phrase in phrases
    ]
    return Resources(
        aliases=AliasIndex((alias, name) for name, _, _, aliases in entities for alias in aliases),
        places=place_index(),
        measures=MeasureVocabulary(cues),
        entity_kinds={name: kind for name, kind, _, _ in entities},
        country_names={code: name for name, kind, code, _ in entities if kind == "country"},
    )


def read(quote: str, sentence: str | None = None, **context):
    """The identity of `quote`, inside `sentence` (the article's text) when given."""
    body = sentence or quote
    ctx = ArticleContext(body=body, **context)
    return identify(quote, context=ctx, resources=resources(), quote_start=body.find(quote))


SUNDAY = date(2023, 10, 8)
MONDAY = date(2023, 10, 9)


# --- The head figure and its measure -----------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "figure", "measure"),
    [
        ("told Reuters that 2,053 people were dead", 2053, "deaths"),
        ("the U.N. office put the death toll from the quakes at 1,023", 1023, "deaths"),
        ("nearly 20,000 homes were destroyed in 20 villages in Herat", 20000, "houses-destroyed"),
        ("at least 4,000 people were either dead or injured", 4000, "casualties"),
        ("More than 1,000 people are feared to have died", 1000, "deaths-feared"),
        ("Police put the figure much lower at 128,000 at the rally", 128000, "crowd-size"),
        (
            "rises to a value of $64.5 billion once debt is included",
            64.5e9,
            "deal-value-including-debt",
        ),
        ("Consumer prices grew 25.5% compared to November", 25.5, "monthly-inflation"),
        ("an annual inflation rate of 211.4% in December", 211.4, "inflation"),
        ("A voter turnout of 65.79 per cent was recorded", 65.79, "turnout"),
        ("Lakshadweep had the highest participation rate at 84.16%", 84.16, "turnout"),
        ("the wildfire has so far burnt 72,344 hectares of woodland", 723.44e6, "area-burned"),
        ("some two million displaced", 2e6, "displaced"),
    ],
)
def test_the_cue_nearest_the_figure_names_its_measure(quote, figure, measure):
    found = read(quote)
    assert found.measure is not None and found.measure.slug == measure
    q = found.quantity
    middle = q.low if q.high is None else q.high if q.low is None else (q.low + q.high) / 2
    assert middle == pytest.approx(figure, rel=0.11)


def test_a_cue_belongs_to_the_figure_it_is_nearest():
    sentence = (
        "A spokesperson said around 1.03 million people, or nearly one in seven people of "
        "Hong Kong's 7.48 million population, attended the march."
    )
    found = read("around 1.03 million people", sentence)
    assert found.measure.slug == "crowd-size"  # "population" is the 7.48 million's


def test_another_figure_s_cue_across_a_conjunction_loses():
    sentence = (
        "At least 56 people were killed and nearly 25,000 suspected heat stroke cases "
        "recorded in the last three months in India."
    )
    assert read("nearly 25,000 suspected heat stroke cases", sentence).measure.slug == (
        "disease-cases"
    )
    sentence = "12,268 people were injured and nearly 53,000 houses were destroyed by the quake."
    found = read("nearly 53,000 houses were destroyed by the quake", sentence)
    assert found.measure.slug == "houses-destroyed"


def test_the_head_is_what_happened_not_how_strong_it_was():
    found = read("A magnitude 7.8 earthquake killed more than 8,800 people")
    assert found.measure.slug == "deaths"
    assert found.quantity.low == 8800
    assert found.event == "earthquake"


def test_a_hyphenated_modifier_is_not_a_count():
    found = read("around 750 people were on board the 20- to 30-meter-long vessel")
    assert found.measure.slug == "people-on-board" and found.quantity.low == 675


def test_no_cue_no_measure_but_still_a_figure():
    found = read("About 626,000 people are squeezed into a 12 sq km area")
    assert found.measure is None
    assert found.quantity is not None and found.quantity.unit == "count"


@pytest.mark.parametrize(
    ("unit", "dimension", "fits"),
    [
        ("count", "people", True),
        ("percent", "percent", True),
        ("percent", "people", False),
        ("USD", "money", True),
        ("m2", "area", True),
        ("m2", "length", False),
        ("per_100000", "rate", True),
        ("count", "rate", False),
    ],
)
def test_a_total_never_takes_a_rate_s_measure(unit, dimension, fits):
    assert compatible(unit, dimension) is fits


# --- The subject ----------------------------------------------------------------------------


def test_a_city_counts_for_its_country_and_is_kept_as_the_locality():
    found = read("nearly 20,000 homes were destroyed in 20 villages in Herat")
    assert (found.entity, found.locality) == ("Afghanistan", "Herāt")


def test_a_demonym_names_its_country():
    assert read("Nigerien officials said 29 soldiers were killed").entity == "Niger"
    assert read("The Afghan ministry said 2,053 people were dead").entity == "Afghanistan"


def test_whoever_is_cited_is_not_the_subject_of_a_place_measure():
    found = read("According to the United Nations, 300 people died in Sudan last week.")
    assert found.entity == "Sudan"
    assert read("The UN said 300 people were killed.").entity is None


def test_a_company_measure_takes_the_company():
    found = read("ExxonMobil will buy Pioneer Natural Resources for $59.5 billion in stock.")
    assert (found.entity, found.measure.slug) == ("ExxonMobil", "deal-value")


def test_the_subject_named_elsewhere_in_the_article():
    # the title
    found = read("The death toll rose to 312.", title="Earthquake in Morocco: the toll rises")
    assert found.entity == "Morocco"
    # a headline spelt in a web address: no capitals, apostrophes lost
    found = read(
        "the fire burned 72,344 hectares",
        title="wildfire in greeces evros region declared biggest",
        title_cased=False,
    )
    assert found.entity == "Greece"
    # the lead, else the entity the article names most
    body = (
        "KABUL — Rescuers dug through rubble in western Afghanistan on Sunday.\n"
        "The death toll rose to 2,053, officials said."
    )
    assert read("The death toll rose to 2,053", body).entity == "Afghanistan"


def test_a_person_or_a_longer_name_is_not_a_place():
    assert read("Bret Taylor said 9.2 percent of the stock was owned.").locality == ""
    assert read("A rally in Victoria Park drew 200,000 people.").entity is None


# --- Time -------------------------------------------------------------------------------------


def test_the_fact_s_own_time_not_the_statement_s():
    found = read(
        "The statistics office said yesterday GDP grew 3.1% last year.",
        published=date(2024, 2, 15),
    )
    assert found.measure.slug == "gdp-growth"
    assert (found.scope_start, found.scope_end) == (date(2023, 1, 1), date(2023, 12, 31))


def test_a_toll_is_as_of_the_day_it_was_given():
    sentence = (
        "In a statement late on Sunday, the U.N. Humanitarian Office put the death toll "
        "from the quakes at 1,023."
    )
    found = read("put the death toll from the quakes at 1,023", sentence, published=MONDAY)
    assert found.scope_end == SUNDAY
    found = read("revised the toll to 275", "The government on Sunday revised the toll to 275.")
    assert found.measure.slug == "deaths"


def test_a_toll_runs_from_its_event_to_its_as_of_day():
    sentence = "At least 79 migrants drowned early on Wednesday after their boat capsized."
    found = read(sentence, published=date(2023, 6, 15))
    assert (found.scope_start, found.scope_end) == (date(2023, 6, 14), date(2023, 6, 15))
    assert found.event == "shipwreck"


def test_a_later_clause_s_date_is_not_the_as_of_day():
    sentence = (
        "The coast guard clarified this morning that 78 bodies have been recovered, and not "
        "79 as reported yesterday."
    )
    found = read("78 bodies have been recovered", sentence, published=date(2023, 6, 15))
    assert found.scope_end == date(2023, 6, 15)


def test_without_a_date_the_publication_day():
    found = read("Police said 111,000 people took part in the march.", published=MONDAY)
    assert (found.scope_start, found.scope_end) == (MONDAY, MONDAY)


def test_since_is_an_open_start_to_the_publication_day():
    found = read(
        "The cumulative suspected heat stroke cases since March 1 stood at 24,849.",
        published=date(2024, 6, 1),
    )
    assert (found.scope_start, found.scope_end) == (date(2024, 3, 1), date(2024, 6, 1))


# --- The event ----------------------------------------------------------------------------------


def test_the_event_and_the_part_of_it():
    assert read(
        "The overall voter turnout for the seventh phase of the election was 63.88%."
    ).event == ("election, phase 7")
    assert read("Turnout in the election was 65.79 per cent.").event == "election"
    assert read("The cyclone killed 98 people in Zimbabwe.").event == "storm"


# --- What the desk learns from an editor ----------------------------------------------


@pytest.mark.parametrize(
    ("quote", "phrase"),
    [
        ("the agency also counted 52,953 structures destroyed in Haiti", "structures destroyed"),
        ("Burkina Faso counted 312 souls lost so far.", "souls lost"),
        ("Lakshadweep had the highest participation rate at 84.16%", "highest participation rate"),
        ("près de deux millions de déplacés internes", "déplacés internes"),
        ("No figure here.", ""),
    ],
)
def test_the_phrase_that_announced_a_figure(quote, phrase):
    language = "fr" if "près" in quote else "en"
    assert announcing_phrase(quote, language=language) == phrase
