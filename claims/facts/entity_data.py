"""The entities a new desk starts with: every country (pycountry) with its short names, its
demonyms and its French names, plus the organisations and companies news figures are most
often about. Editors add more in the admin.

Cities and regions are not entities: `claims.facts.places` maps them to their country.
"""

from __future__ import annotations

from collections.abc import Iterator

# ISO 3166 alpha-2 -> short names, demonyms, French names and the institutions that stand
# for the country in news ("the Kremlin", "Lok Sabha polls"), "|"-separated;
# a key may stand on several lines.
COUNTRY_ALIASES = """
AF=Afghan|Afghans|Afghanistan's|afghan|afghane|l'Afghanistan
AL=Albanian|albanais
DZ=Algerian|Algérie|algérien|algérienne
AO=Angolan|angolais
AR=Argentine|Argentinian|Argentinean|Argentine's|argentin|argentine
AM=Armenian|Arménie|arménien
AU=Australian|Aussie|Australie|australien
AT=Austrian|Autriche|autrichien
AZ=Azerbaijani|Azeri|Azerbaïdjan
BH=Bahraini|Bahreïn
BD=Bangladeshi|bangladais
BY=Belarusian|Biélorussie|biélorusse
BE=Belgian|Belgique|belge
BJ=Beninese|Bénin|béninois
BO=Bolivian|Bolivie|bolivien
BA=Bosnian|Bosnia|Bosnie
BW=Botswanan|Motswana
BR=Brazilian|Brésil|brésilien
BG=Bulgarian|Bulgarie
BF=Burkina|Burkinabè|Burkinabe|burkinabè|burkinabé
BI=Burundian|burundais
KH=Cambodian|Cambodge|cambodgien
CM=Cameroonian|Cameroun|camerounais
CA=Canadian|canadien|canadienne
CV=Cape Verde|Cape Verdean|Cap-Vert
CF=CAR|Central African|Centrafrique|centrafricain
TD=Chadian|Tchad|tchadien|tchadienne
CL=Chilean|Chili|chilien
CN=Chinese|PRC|Chine|chinois|chinoise
CO=Colombian|Colombie|colombien
CD=DR Congo|DRC|Democratic Republic of Congo|Democratic Republic of the Congo|Congolese
CD=RDC|RD Congo|République démocratique du Congo|congolais
CG=Republic of Congo|Congo-Brazzaville|Congo Brazzaville
CR=Costa Rican
CI=Ivory Coast|Ivorian|Cote d'Ivoire|ivoirien|ivoirienne
HR=Croatian|Croatie
CU=Cuban|cubain
CY=Cypriot|Chypre
CZ=Czech Republic|Czech|tchèque
DK=Danish|Dane|Danemark|danois
DJ=Djiboutian|djiboutien
DO=Dominican Republic's
EC=Ecuadorian|Équateur|équatorien
EG=Egyptian|Égypte|égyptien|égyptienne
SV=Salvadoran|Salvador
GQ=Equatorial Guinean|Guinée équatoriale
ER=Eritrean|Érythrée|érythréen
EE=Estonian|Estonie
SZ=Swaziland|Swazi
ET=Ethiopian|Éthiopie|éthiopien
FJ=Fijian|Fidji
FI=Finnish|Finn|Finlande|finlandais
FR=French|France's|la France|français|française|Élysée
GA=Gabonese|gabonais
GM=Gambian|Gambie
GE=Georgian|Géorgie
DE=German|Germany's|Allemagne|allemand|allemande|Bundestag
GH=Ghanaian|ghanéen
GR=Greek|Grèce|grec|grecque|Hellenic
GT=Guatemalan|guatémaltèque
GN=Guinean|Guinée|guinéen|guinéenne
GW=Bissau-Guinean|Guinée-Bissau
GY=Guyanese
HT=Haitian|Haïti|haïtien|haïtienne
HN=Honduran|hondurien
HK=Hong Konger|Hongkonger|Hong Kong's
HU=Hungarian|Hongrie|hongrois
IS=Icelandic|Icelander|Islande
IN=Indian|India's|Inde|indien|indienne|Lok Sabha|Rajya Sabha
ID=Indonesian|Indonésie|indonésien|indonésienne
IR=Iran|Iranian|Islamic Republic|iranien|iranienne
IQ=Iraqi|Irak|irakien|irakienne
IE=Irish|Irlande|irlandais
IL=Israeli|Israël|israélien|israélienne|Knesset
IT=Italian|Italie|italien|italienne
JM=Jamaican|Jamaïque
JP=Japanese|Japan's|Japon|japonais|japonaise
JO=Jordanian|Jordanie|jordanien
KZ=Kazakh|Kazakhstani
KE=Kenyan|kényan|kenyan
KW=Kuwaiti|Koweït
KG=Kyrgyz|Kirghizistan
LA=Laos|Lao|Laotian
LV=Latvian|Lettonie
LB=Lebanese|Liban|libanais
LS=Basotho|Mosotho
LR=Liberian|libérien
LY=Libyan|Libye|libyen|libyenne
LT=Lithuanian|Lituanie
LU=Luxembourgish
MG=Malagasy|Madagascan|malgache
MW=Malawian|malawite
MY=Malaysian|Malaisie|malaisien
MV=Maldivian
ML=Malian|malien|malienne|maliens
MT=Maltese|Malte
MR=Mauritanian|Mauritanie|mauritanien|mauritanienne
MU=Mauritian|Maurice
MX=Mexican|Mexique|mexicain
MD=Moldova|Moldovan|Moldavie
MN=Mongolian|Mongolie
ME=Montenegrin|Monténégro
MA=Moroccan|Maroc|marocain|marocaine
MZ=Mozambican|mozambicain
MM=Burma|Burmese|Myanmar's|birman|birmane
NA=Namibian|Namibie
NP=Nepali|Nepalese|népalais
NL=Dutch|Holland|the Netherlands|Pays-Bas|néerlandais
NZ=New Zealander|Kiwi|Nouvelle-Zélande
NI=Nicaraguan
NE=Nigerien|nigérien|nigérienne|nigériens
NG=Nigerian|Nigeria's|nigérian|nigériane
KP=North Korea|North Korean|DPRK|Corée du Nord|nord-coréen
MK=Macedonian
NO=Norwegian|Norvège|norvégien
OM=Omani
PK=Pakistani|pakistanais
PS=Palestine|Palestinian|Palestinians|Gaza|West Bank|Palestinien|palestinien
PA=Panamanian
PG=Papua New Guinean|PNG
PY=Paraguayan
PE=Peruvian|Pérou|péruvien
PH=Filipino|Philippine|Philippines'|philippin
PL=Polish|Pole|Pologne|polonais
PT=Portuguese|portugais
QA=Qatari
RO=Romanian|Roumanie|roumain
RU=Russia|Russian|Russia's|Kremlin|State Duma|Russie|russe
RW=Rwandan|rwandais
SA=Saudi|Saudi Arabian|Arabie saoudite|saoudien
SN=Senegalese|Sénégal|sénégalais|sénégalaise
RS=Serbian|Serb|Serbie|serbe
SL=Sierra Leonean
SG=Singaporean|Singapour
SK=Slovak|Slovaquie
SI=Slovenian|Slovene|Slovénie
SO=Somali|Somalie|somalien
ZA=South African|Afrique du Sud|sud-africain
KR=South Korea|South Korean|Korean|Korea|S. Korea|Corée du Sud|sud-coréen
SS=South Sudanese|Soudan du Sud
ES=Spanish|Spaniard|Espagne|espagnol|espagnole
LK=Sri Lankan|srilankais
SD=Sudanese|Soudan|soudanais
SE=Swedish|Swede|Suède|suédois
CH=Swiss|Suisse
SY=Syria|Syrian|Syrie|syrien|syrienne
TW=Taiwan|Taiwanese|Taïwan|taïwanais
TJ=Tajik|Tajikistani
TZ=Tanzania|Tanzanian|Tanzanie|tanzanien
TH=Thai|Thaïlande|thaïlandais
TL=East Timor|Timorese
TG=Togolese|togolais
TN=Tunisian|Tunisie|tunisien|tunisienne
TR=Turkey|Turkish|Turkiye|Turquie|turc|turque
TM=Turkmen
UG=Ugandan|Ouganda|ougandais
UA=Ukrainian|Ukraine's|ukrainien|ukrainienne
AE=UAE|Emirati|Emirates|Émirats arabes unis
GB=UK|U.K.|Britain|Great Britain|British|England|English|Scotland|Scottish|Wales|Welsh
GB=Northern Ireland|Royaume-Uni|britannique|Downing Street|Westminster
US=USA|U.S.|U.S.A.|US|America|American|Americans|États-Unis|américain|américaine
US=White House|Pentagon|Capitol Hill
UY=Uruguayan
UZ=Uzbek|Uzbekistani
VE=Venezuela|Venezuelan|vénézuélien
VN=Vietnam|Vietnamese|Viêt Nam|vietnamien
YE=Yemeni|Yémen|yéménite
ZM=Zambian|Zambie|zambien
ZW=Zimbabwean|zimbabwéen
BO=Bolivia
BN=Brunei
VA=Vatican|Holy See
FM=Micronesia
"""

# Organisations and companies news figures are about (or that publish them): name -> aliases.
ORGANISATIONS = """
United Nations=UN|U.N.|the UN|ONU|Nations unies
UNHCR=UN refugee agency|UN Refugee Agency|HCR
UNICEF=UN Children's Fund|United Nations Children's Fund
World Health Organization=WHO|OMS|Organisation mondiale de la santé
World Food Programme=WFP|PAM
International Organization for Migration=IOM|OIM
UN Office for the Coordination of Humanitarian Affairs=OCHA|U.N. Humanitarian Office
UN Office for the Coordination of Humanitarian Affairs=UN humanitarian office
International Monetary Fund=IMF|FMI
World Bank=Banque mondiale
European Union=EU|E.U.|Union européenne|UE
African Union=AU|Union africaine|UA
NATO=North Atlantic Treaty Organization|OTAN
International Committee of the Red Cross=ICRC|Red Cross|CICR|Croix-Rouge
Médecins Sans Frontières=MSF|Doctors Without Borders
Amnesty International=Amnesty
Human Rights Watch=HRW
OPEC=Organization of the Petroleum Exporting Countries|OPEP
G5 Sahel=G5
ECOWAS=Economic Community of West African States|CEDEAO
MINUSMA=
Alliance of Sahel States=AES|Alliance des États du Sahel
Al-Qaeda=Al Qaeda|Al-Qaida|al-Qaïda
Islamic State group=Islamic State|ISIS|ISIL|Daesh|État islamique|EI
Taliban=Taliban's|talibans
Hamas=
Hezbollah=
Wagner Group=Wagner
ExxonMobil=Exxon Mobil|Exxon|Exxon Mobil Corp
Pioneer Natural Resources=Pioneer
Chevron=
Shell=Royal Dutch Shell
BP=British Petroleum
TotalEnergies=Total
Saudi Aramco=Aramco
ConocoPhillips=
Gazprom=
Rosneft=
Petrobras=
Eni=
Equinor=
Apple=Apple Inc
Microsoft=
Alphabet=Google
Amazon=Amazon.com
Meta=Meta Platforms|Facebook
Twitter=X Corp
Tesla=
SpaceX=
Nvidia=
Intel=
IBM=
Oracle=
OpenAI=
Netflix=
Samsung=Samsung Electronics
Sony=
Huawei=
Alibaba=
Tencent=
ByteDance=TikTok
Toyota=
Volkswagen=VW
General Motors=GM
Ford=Ford Motor
Stellantis=
BYD=
Boeing=
Airbus=
JPMorgan Chase=JPMorgan|JP Morgan
Goldman Sachs=
Morgan Stanley=
Bank of America=
Citigroup=Citi
Wells Fargo=
Berkshire Hathaway=
BlackRock=
HSBC=
Barclays=
UBS=
Credit Suisse=
Deutsche Bank=
BNP Paribas=
Pfizer=
Moderna=
AstraZeneca=
Johnson & Johnson=J&J
Novartis=
Roche=
Sanofi=
GSK=GlaxoSmithKline
Merck=
Bayer=
Walmart=
Coca-Cola=Coca Cola
PepsiCo=Pepsi
Nestlé=Nestle
Unilever=
McDonald's=
Starbucks=
Disney=Walt Disney
Warner Bros. Discovery=Warner Bros
Paramount=
Comcast=
AT&T=
Verizon=
Vodafone=
Orange=
LVMH=
Siemens=
Glencore=
Rio Tinto=
BHP=
ArcelorMittal=
Adani Group=Adani
Reliance Industries=Reliance
Tata Group=Tata
Activision Blizzard=Activision
Broadcom=
VMware=
Uber=
Airbnb=
"""


def _table(text: str) -> dict[str, list[str]]:
    """`key=alias|alias` lines -> key: aliases (a key's lines are joined, in order)."""
    table: dict[str, list[str]] = {}
    for line in text.strip().splitlines():
        key, _, rest = line.partition("=")
        table.setdefault(key.strip(), []).extend(a.strip() for a in rest.split("|") if a.strip())
    return table


def initial_entities() -> Iterator[tuple[str, str, str, list[str]]]:
    """(name, kind, code, aliases) for every entity a new desk starts with."""
    import pycountry

    extra = _table(COUNTRY_ALIASES)
    for country in pycountry.countries:
        name = country.name
        aliases = {name}
        for attribute in ("official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                aliases.add(value)
        aliases.update(extra.get(country.alpha_2, []))
        yield name, "country", country.alpha_2, sorted(aliases)
    for name, aliases in _table(ORGANISATIONS).items():
        yield name, "organisation", "", sorted({name, *aliases})
    yield "Liptako-Gourma", "region", "", ["Liptako-Gourma", "Liptako-Gourma region"]
    yield "Sahel", "region", "", ["Sahel"]
