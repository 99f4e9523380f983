"""The measures a new desk starts with: what news figures measure most, and the phrases
that announce them in English and French. Editors add measures and cues in the admin; an
editor's correction of a claim's measure teaches the desk the phrase that announced it.

A cue is matched as whole words, case- and accent-insensitively, longest first: "dead or
injured" wins over "dead", "annual inflation" over "inflation". Where two measures share a
cue ("GDP" for growth and for the value), the figure's unit decides (their dimensions).
"""

from __future__ import annotations

from dataclasses import dataclass

from .extraction.numbers import wordlist

MONTHS_EN = wordlist(
    """january february march april may june july august september october november
    december"""
)
MONTHS_FR = wordlist(
    """janvier février mars avril mai juin juillet août septembre octobre novembre décembre"""
)


@dataclass(frozen=True)
class MeasureSpec:
    name: str
    slug: str
    dimension: str
    kind: str
    subject: str
    en: tuple[str, ...]
    fr: tuple[str, ...] = ()
    description: str = ""


def _m(name, slug, dimension, kind, subject, en, fr="", description=""):
    split = lambda text: tuple(c.strip() for c in text.split("|") if c.strip())  # noqa: E731
    return MeasureSpec(name, slug, dimension, kind, subject, split(en), split(fr), description)


TOLL, LEVEL, FLOW, RATE = "toll", "level", "flow", "rate"
PLACE, ORG, ANY = "place", "organisation", "any"

MEASURES: tuple[MeasureSpec, ...] = (
    # --- The human toll of an event (cumulative: a later count updates an earlier one).
    _m(
        "deaths",
        "deaths",
        "people",
        TOLL,
        PLACE,
        "dead|deaths|death toll|death count|toll|killed|were killed|killing|died|have died|"
        "lost their lives|lives lost|lives|fatalities|fatality|bodies|bodies recovered|"
        "bodies have been recovered|drowned|perished|death|deceased|confirmed dead|"
        "people died|dead bodies|killed at least|claimed the lives",
        "morts|mort|tués|tuées|décès|décédés|bilan|ont péri|ont perdu la vie|corps|"
        "personnes tuées|victimes décédées|trouvé la mort|morts confirmés",
    ),
    _m(
        "deaths feared",
        "deaths-feared",
        "people",
        TOLL,
        PLACE,
        "feared dead|feared to have died|feared killed|feared to be dead|may have died|"
        "could have died|likely dead|presumed dead|feared drowned|toll could|toll may|"
        "could rise to|may rise to|toll could surpass",
        "morts redoutés|seraient morts|pourraient être morts|présumés morts",
        "Projected or feared deaths, not a confirmed count.",
    ),
    _m(
        "people injured",
        "injured",
        "people",
        TOLL,
        PLACE,
        "injured|wounded|injuries|hurt|were injured|people injured",
        "blessés|blessées|blessé",
    ),
    _m(
        "people killed or injured",
        "casualties",
        "people",
        TOLL,
        PLACE,
        "dead or injured|killed or injured|killed or wounded|dead and injured|"
        "killed and injured|dead or wounded|casualties",
        "morts et blessés|tués et blessés|morts ou blessés",
    ),
    _m(
        "people missing",
        "missing",
        "people",
        TOLL,
        PLACE,
        "missing|unaccounted for|remain unaccounted for|still missing|disappeared|"
        "missing list|whereabouts",
        "disparus|disparues|portés disparus",
    ),
    _m(
        "people displaced",
        "displaced",
        "people",
        TOLL,
        PLACE,
        "displaced|internally displaced|displacement|forced from their homes|"
        "fled their homes|forced to flee|uprooted|displaced people",
        "déplacés|déplacées|déplacés internes|ont fui leurs foyers|chassés de chez eux",
    ),
    _m(
        "people evacuated",
        "evacuated",
        "people",
        TOLL,
        PLACE,
        "evacuated|evacuations|evacuees|were evacuated",
        "évacués|évacuées|évacuation",
    ),
    _m(
        "people affected",
        "affected",
        "people",
        TOLL,
        PLACE,
        "affected|people affected|were affected|impacted",
        "sinistrés|touchés|personnes touchées|affectés",
    ),
    _m(
        "people homeless",
        "homeless",
        "people",
        TOLL,
        PLACE,
        "homeless|left homeless|without shelter",
        "sans-abri|sans abri",
    ),
    _m(
        "people rescued",
        "rescued",
        "people",
        TOLL,
        PLACE,
        "rescued|survivors|were rescued|saved|pulled alive",
        "secourus|rescapés|survivants|sauvés",
    ),
    _m(
        "people hospitalised",
        "hospitalised",
        "people",
        TOLL,
        PLACE,
        "hospitalised|hospitalized|in hospital|admitted to hospital|treated in hospital",
        "hospitalisés|hospitalisées",
    ),
    _m(
        "people arrested",
        "arrested",
        "people",
        TOLL,
        PLACE,
        "arrested|detained|arrests|detentions|in custody|taken into custody|apprehended",
        "arrêtés|arrêtées|interpellés|interpellations|arrestations|placés en garde à vue",
    ),
    _m(
        "disease cases",
        "disease-cases",
        "people",
        TOLL,
        PLACE,
        "cases|suspected cases|confirmed cases|infections|infected|new cases|"
        "cases recorded|cases reported|contracted",
        "cas|cas confirmés|cas suspects|contaminations|infectés|nouveaux cas",
    ),
    _m(
        "houses destroyed",
        "houses-destroyed",
        "count",
        TOLL,
        PLACE,
        "houses destroyed|homes destroyed|buildings destroyed|structures destroyed|"
        "destroyed|razed|flattened|completely destroyed|houses have been completely destroyed",
        "maisons détruites|habitations détruites|détruites|détruits|rasées",
    ),
    _m(
        "houses damaged",
        "houses-damaged",
        "count",
        TOLL,
        PLACE,
        "damaged|houses damaged|homes damaged|buildings damaged|damaged or destroyed",
        "endommagées|endommagés|maisons endommagées",
    ),
    _m(
        "area burned",
        "area-burned",
        "area",
        TOLL,
        PLACE,
        "burned|burnt|scorched|charred|area burned|burned area|burnt area|blackened|"
        "ravaged|has burned|had been burned|went up in flames|consumed",
        "brûlés|brûlé|ravagés|ravagé|partis en fumée|parcourus par le feu|calcinés",
    ),
    _m(
        "area flooded",
        "area-flooded",
        "area",
        TOLL,
        PLACE,
        "flooded|under water|underwater|inundated|submerged",
        "inondés|inondées|sous les eaux|submergés",
    ),
    # --- Crowds and people at one time (levels).
    _m(
        "crowd size",
        "crowd-size",
        "people",
        LEVEL,
        PLACE,
        "protesters|demonstrators|participants|took part|attended|turned out|turnout at|"
        "marched|gathered|crowd|rally|rallied|took to the streets|flooded the streets|"
        "joined the march|people attended|attendance|devotees|spectators|"
        "number of protesters|number of demonstrators|joined|drew|draw|attracted|"
        "brought out",
        "manifestants|participants|ont défilé|ont manifesté|foule|rassemblé|"
        "ont participé|personnes ont défilé|spectateurs",
    ),
    _m(
        "people on board",
        "people-on-board",
        "people",
        LEVEL,
        PLACE,
        "on board|aboard|passengers|were on board|carrying",
        "à bord|passagers",
    ),
    _m(
        "refugees",
        "refugees",
        "people",
        LEVEL,
        PLACE,
        "refugees|asylum seekers|have fled|fled|crossed the border|refugee camps|"
        "living in camps|sought refuge",
        "réfugiés|réfugiées|demandeurs d'asile|ont fui",
    ),
    _m(
        "population",
        "population",
        "people",
        LEVEL,
        PLACE,
        "population|inhabitants|residents|people live|live in",
        "habitants|population|résidents",
    ),
    _m(
        "troops deployed",
        "troops",
        "people",
        LEVEL,
        PLACE,
        "troops|soldiers|peacekeepers|personnel deployed|forces deployed",
        "soldats|militaires|casques bleus|troupes",
    ),
    _m(
        "prisoners",
        "prisoners",
        "people",
        LEVEL,
        PLACE,
        "prisoners|inmates|detainees|political prisoners",
        "prisonniers|détenus",
    ),
    _m(
        "people in need of aid",
        "people-in-need",
        "people",
        LEVEL,
        PLACE,
        "food insecure|food insecurity|in need of humanitarian assistance|need humanitarian aid|"
        "in need|need aid|facing hunger|acute hunger|malnourished",
        "insécurité alimentaire|besoin d'aide|besoin d'une aide humanitaire|"
        "souffrent de la faim|malnutris",
    ),
    # --- Elections.
    _m(
        "voter turnout",
        "turnout",
        "percent",
        LEVEL,
        PLACE,
        "turnout|voter turnout|participation rate|voters turned out|polling percentage|"
        "cast their ballots|voted|participation",
        "taux de participation|participation|ont voté",
    ),
    _m(
        "vote share",
        "vote-share",
        "percent",
        LEVEL,
        ANY,
        "of the vote|of the votes|vote share|share of the vote|of votes cast|of the ballots|won",
        "des voix|des suffrages|des suffrages exprimés|des votes",
    ),
    _m(
        "seats won",
        "seats",
        "count",
        LEVEL,
        ANY,
        "seats|parliamentary seats|seats in parliament",
        "sièges|députés",
    ),
    _m(
        "registered voters",
        "registered-voters",
        "people",
        LEVEL,
        PLACE,
        "registered voters|eligible voters|electorate|voters registered",
        "inscrits|électeurs inscrits|électeurs",
    ),
    # --- Territory and geography.
    _m(
        "territory outside state control",
        "territory-outside-state-control",
        "percent",
        LEVEL,
        PLACE,
        "territory|of the territory|of its territory|outside state control|"
        "outside government control|not under state control|of the country",
        "du territoire|échappe au contrôle|hors du contrôle de l'état|du pays",
    ),
    _m(
        "territory controlled",
        "territory-controlled",
        "area",
        LEVEL,
        PLACE,
        "controlled by|under the control|under control of|held by|seized",
        "contrôlé par|sous le contrôle|aux mains de",
    ),
    _m(
        "border length",
        "border-length",
        "length",
        LEVEL,
        PLACE,
        "border|share a border|common border|frontier|long border",
        "frontière|frontière commune",
    ),
    # --- Natural hazards.
    _m(
        "earthquake magnitude",
        "earthquake-magnitude",
        "magnitude",
        LEVEL,
        PLACE,
        "magnitude|richter|on the richter scale|quake measured",
        "magnitude|sur l'échelle de richter",
    ),
    _m(
        "earthquake depth",
        "earthquake-depth",
        "length",
        LEVEL,
        PLACE,
        "depth|deep|at a depth",
        "profondeur|de profondeur",
    ),
    _m(
        "rainfall",
        "rainfall",
        "length",
        FLOW,
        PLACE,
        "rain|rainfall|precipitation|of rain",
        "pluie|précipitations|de pluie",
    ),
    _m(
        "wind speed",
        "wind-speed",
        "speed",
        RATE,
        PLACE,
        "winds|wind speed|gusts|sustained winds|wind speeds",
        "vents|rafales|vitesse du vent",
    ),
    _m(
        "temperature",
        "temperature",
        "temperature",
        LEVEL,
        PLACE,
        "temperature|temperatures|degrees|heat|mercury",
        "température|températures|degrés",
    ),
    _m(
        "river level",
        "river-level",
        "length",
        LEVEL,
        PLACE,
        "water level|river level|level of the|crest|crested|peak level|reached a level",
        "niveau|niveau de l'eau|crue|cote",
    ),
    _m(
        "river flow",
        "river-flow",
        "speed",
        RATE,
        PLACE,
        "flow|discharge|flow rate|water flow",
        "débit",
    ),
    # --- The economy.
    _m(
        "GDP growth",
        "gdp-growth",
        "percent",
        FLOW,
        PLACE,
        "gdp|economy grew|economy contracted|economic growth|growth|grew|contracted|"
        "economy shrank|economy expanded|gross domestic product|economy",
        "pib|croissance|croissance économique|l'économie a progressé|récession",
    ),
    _m(
        "GDP",
        "gdp",
        "money",
        FLOW,
        PLACE,
        "gdp|gross domestic product|economy worth|size of the economy",
        "pib|produit intérieur brut",
    ),
    _m(
        "annual inflation",
        "inflation",
        "percent",
        FLOW,
        PLACE,
        "inflation|annual inflation|inflation rate|consumer prices|cpi|price growth|"
        "year-on-year inflation|annual inflation rate|prices rose|consumer price index",
        "inflation|hausse des prix|taux d'inflation|indice des prix",
    ),
    _m(
        "monthly inflation",
        "monthly-inflation",
        "percent",
        FLOW,
        PLACE,
        "monthly inflation|month-on-month|monthly rate|on the month|from the previous month|"
        "compared with the previous month|compared to the previous month|"
        + "|".join(f"compared to {m}|compared with {m}|from {m}" for m in MONTHS_EN),
        "sur un mois|en rythme mensuel|inflation mensuelle|"
        + "|".join(f"par rapport à {m}" for m in MONTHS_FR),
    ),
    _m(
        "unemployment rate",
        "unemployment",
        "percent",
        LEVEL,
        PLACE,
        "unemployment|jobless rate|unemployment rate|unemployed|out of work",
        "chômage|taux de chômage|chômeurs",
    ),
    _m(
        "poverty rate",
        "poverty",
        "percent",
        LEVEL,
        PLACE,
        "poverty|live in poverty|below the poverty line|poverty rate|living in poverty",
        "pauvreté|sous le seuil de pauvreté|taux de pauvreté",
    ),
    _m(
        "interest rate",
        "interest-rate",
        "percent",
        LEVEL,
        PLACE,
        "interest rate|policy rate|base rate|key rate|benchmark rate",
        "taux directeur|taux d'intérêt",
    ),
    _m(
        "budget",
        "budget",
        "money",
        FLOW,
        ANY,
        "budget|spending|allocated|earmarked|expenditure",
        "budget|dépenses|alloués|enveloppe",
    ),
    _m(
        "aid pledged",
        "aid",
        "money",
        FLOW,
        ANY,
        "aid|pledged|funding|donated|grant|assistance|relief funds",
        "aide|promis|financement|dons|subvention",
    ),
    _m(
        "public debt",
        "debt",
        "money",
        LEVEL,
        ANY,
        "debt|owes|public debt|national debt|borrowing",
        "dette|dette publique|endettement",
    ),
    _m(
        "compensation paid",
        "compensation",
        "money",
        TOLL,
        ANY,
        "compensation|ex gratia|ex-gratia|paid to the families|relief payment",
        "indemnisation|indemnités|compensation",
    ),
    # --- Companies and deals.
    _m(
        "deal value",
        "deal-value",
        "money",
        LEVEL,
        ORG,
        "deal valued at|valued at|deal|acquisition|acquire|to buy|buy|takeover|purchase|"
        "merger|bought|sold|sells|offer|transaction|all-stock|all-share|megadeal",
        "rachat|acquisition|racheter|valorisé|opération|transaction|offre",
    ),
    _m(
        "deal value including debt",
        "deal-value-including-debt",
        "money",
        LEVEL,
        ORG,
        "including debt|once debt is included|enterprise value|including net debt|"
        "debt included|with debt",
        "dette comprise|y compris la dette|valeur d'entreprise",
    ),
    _m(
        "ownership stake",
        "stake",
        "percent",
        LEVEL,
        ORG,
        "stake|owned|holding|shareholding|of the shares|of its shares|of the stock|"
        "of twitter stock|of stock",
        "participation au capital|détient|du capital|des parts",
    ),
    _m(
        "revenue",
        "revenue",
        "money",
        FLOW,
        ORG,
        "revenue|revenues|sales|turnover",
        "chiffre d'affaires|ventes|recettes",
    ),
    _m(
        "profit",
        "profit",
        "money",
        FLOW,
        ORG,
        "profit|profits|net income|earnings|net profit",
        "bénéfice|bénéfices|résultat net",
    ),
    _m(
        "market value",
        "market-value",
        "money",
        LEVEL,
        ORG,
        "market value|market capitalisation|market capitalization|worth|market cap",
        "capitalisation|valeur boursière",
    ),
    _m(
        "share price",
        "share-price",
        "money",
        LEVEL,
        ORG,
        "per share|share price|a share|stock price",
        "par action|cours de l'action",
    ),
    # --- Crime and security.
    _m(
        "murders",
        "murders",
        "people",
        FLOW,
        PLACE,
        "murders|homicides|murdered|were murdered",
        "meurtres|homicides|assassinés",
    ),
    _m(
        "murder rate",
        "murder-rate",
        "rate",
        RATE,
        PLACE,
        "murder rate|homicide rate|murders per",
        "taux d'homicide|taux d'homicides",
    ),
    _m(
        "attacks",
        "attacks",
        "count",
        FLOW,
        PLACE,
        "attacks|incidents|strikes|bombings|raids|assaults",
        "attaques|attentats|frappes|incidents",
    ),
    # --- Health and society.
    _m(
        "people vaccinated",
        "vaccinated",
        "people",
        TOLL,
        PLACE,
        "vaccinated|doses|jabs|vaccine doses|inoculated",
        "vaccinés|doses|vaccinées",
    ),
    _m(
        "schools closed",
        "schools-closed",
        "count",
        LEVEL,
        PLACE,
        "schools closed|closed schools|schools have closed|schools shut",
        "écoles fermées|écoles ont fermé",
    ),
    _m(
        "emissions",
        "emissions",
        "mass",
        FLOW,
        ANY,
        "emissions|co2|carbon dioxide|greenhouse gases|emitted",
        "émissions|co2|gaz à effet de serre",
    ),
    # --- When something happened (date facts).
    _m(
        "start of armed conflict",
        "conflict-start",
        "date",
        LEVEL,
        PLACE,
        "fighting|insurgency|erupted|broke out|began|spread to|have been fighting|"
        "rebellion|launched a rebellion|war began|uprising",
        "insurrection|a éclaté|ont commencé|rébellion|se battent|guerre",
    ),
    _m(
        "coup",
        "coup",
        "date",
        LEVEL,
        PLACE,
        "coup|putsch|came to power|seized power|took power|overthrew|ousted",
        "coup d'état|putsch|pris le pouvoir|arrivé au pouvoir|renversé",
    ),
    _m(
        "withdrawal of foreign forces",
        "foreign-forces-withdrawal",
        "date",
        LEVEL,
        PLACE,
        "withdraw|withdrew|withdrawal|left the country|pushed out|departure|expelled|"
        "pulled out|leave the country",
        "retrait|quitté le pays|poussé dehors|départ|expulsé|se retirer",
    ),
    _m(
        "peace agreement",
        "peace-agreement",
        "date",
        LEVEL,
        PLACE,
        "peace agreement|peace deal|signing a peace agreement|ceasefire|truce|peace accord",
        "accord de paix|cessez-le-feu|trêve",
    ),
    _m(
        "election held",
        "election-date",
        "date",
        LEVEL,
        PLACE,
        "election|elections|polls|vote|referendum|went to the polls",
        "élection|élections|scrutin|référendum",
    ),
)


# The attributes the seed coverage used before measures existed -> (measure slug, event), for
# the migration that turns the free-text attribute into a measure. Other attributes are
# read with the cues; what no cue announces is left without a measure (still editable).
SEED_ATTRIBUTES: dict[str, tuple[str, str]] = {
    "territory outside state control": ("territory-outside-state-control", ""),
    "border length with mali": ("border-length", "border with Mali"),
    "border length with côte d'ivoire": ("border-length", "border with Côte d'Ivoire"),
    "people displaced": ("displaced", ""),
    "coup bringing assimi goïta to power": ("coup", ""),
    "start of jihadist fighting": ("conflict-start", ""),
    "putsch bringing paul-henri sandaogo damiba to power": ("coup", ""),
    "departure of the french anti-jihadist force": (
        "foreign-forces-withdrawal",
        "French anti-jihadist force",
    ),
    "departure of minusma": ("foreign-forces-withdrawal", "MINUSMA"),
    "peace agreement with separatist groups": ("peace-agreement", ""),
}
