"""Find the words that report a protest in a sentence: Sentence -> Trigger (form, status, strength).

The cheap first pass of the pipeline: it runs on every sentence of every article, so it is regular
expressions only. A trigger is a word that names a protest ("protesters", "went on strike", "dharna");
it is dropped when the words around it make it something else (see ``_excluded``). Weak triggers
("gathered outside", "blocked the road", "threw stones") count only with protest context in the
same sentence: a crowd, slogans, demands. See issue 5 and bench/plover_detection.py for the figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .models import REPORTED_STATUSES, Span, Trigger
from .text import Sentence, caseless

STRONG, WEAK = True, False
MONTHS = r"january|february|march|april|may|june|july|august|september|october|november|december"
# Words naming one protester or a crowd of them: a trigger on its own, but not a protest event when
# the sentence is about a court case ("the court sentenced 12 protesters").
PARTICIPANT_NOUN = re.compile(
    r"(?:protest(?:er|or)s?|demonstrators?|strikers|rioters|marchers|agitators|picketers)", re.IGNORECASE
)
# People who go on strike: "striking teachers", "union members struck for the day".
WORKER_NOUNS = (
    r"(?:workers|teachers|doctors|nurses|employees|miners|drivers|staff|unions?|truckers|pilots|students|farmers|"
    r"staffers|members|lecturers)"
)

# (form, strength, stems, pattern). The first form in FORM_PRIORITY wins when a sentence holds several
# ("held a rally and a photo exhibition" is a rally). Every match of a pattern holds one of its stems
# (lower-cased; test_detect checks it on strings generated from each pattern), so a pattern runs only on
# text holding a stem. Narrow stems are the cheap first pass: most news holds none (issue 8).
TRIGGER_PATTERNS: tuple[tuple[str, bool, tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (form, strength, stems, re.compile(pattern, re.IGNORECASE))
    for form, strength, stems, pattern in (
        (
            "hunger-strike",
            STRONG,
            ("hunger", " fast", "fast-unto", "fast unto"),
            r"\bhunger[- ]strik(?:e|es|ers?|ing)\b|\bfast[- ]unto[- ]death\b|\b(?:went on|sat on|sitting on|"
            r"observed|observing|launched|began|on) (?:a |an |their |his |her )?(?:[\w]+-day |day-?long |indefinite |"
            r"relay |token )?fasts?\b|\b(?:relay|indefinite|[\w]+-day) fasts?\b",
        ),
        (
            "sit-in",
            STRONG,
            ("sit-in", "sitin", "sat in protest", "sit-down protest", "sitdown protest", "dharna", "chained", "glued"),
            # people who chain or glue themselves to a place (to railings, to a road, together) stay put as in a sit-in
            r"\bsit-?ins?\b|\bsat in protest\b|\bsit-?down protests?\b|\bdharnas?\b|"
            r"\b(?:chained|(?:super)?glued) (?:themselves|himself|herself)\b",
        ),
        (
            "vigil",
            STRONG,
            ("vigil", "candle"),
            r"\bvigils?\b|\bcandle-?light (?:march|procession|protest|rally|demonstration)s?\b|\bcandle march(?:es)?\b",
        ),
        (
            "riot",
            STRONG,
            ("riot", "violent protest", "violent demonstration", "violent agitation"),
            r"\bri(?:ot|ots|oted|oting|oters)\b(?! (?:police|gear|squad|shields?|control|act|vans?)\b)|"
            r"\bviolent (?:protests?|demonstrations?|agitations?)\b",
        ),
        (
            "riot",
            WEAK,
            (
                "pelt",
                "stones",
                "rocks",
                "bricks",
                "petrol bomb",
                "molotov",
                "amok",
                "rampage",
                "vandalis",
                "vandaliz",
                "ransack",
                "on fire",
                "ablaze",
                "set fire to",
                "torched",
                "torching",
                "clash",
            ),
            r"\bstone[- ]pelt(?:ing|ers)\b|\bpelt(?:ed|ing) (?:\w+ )?stones\b|\b(?:threw|hurled|throwing|hurling|"
            r"pelted) (?:stones|rocks|bricks|petrol bombs|molotov cocktails)\b|\bran amok\b|\bwent on (?:the |a )?"
            r"rampage\b|\bvandali[sz](?:ed|ing)\b|\bransack(?:ed|ing)\b|\bset (?:\w+ ){0,3}(?:on fire|ablaze)\b|"
            r"\bset fire to\b|"
            r"\btorch(?:ed|ing) (?:\w+ ){0,2}(?:vehicles?|cars?|buses|bus|police|shops?|tyres|tires)\b|"
            r"\bclash(?:ed|es|ing)? with (?:the )?(?:police|security forces|riot police|cops)\b",
        ),
        (
            "blockade",
            STRONG,
            ("blockad", "roko", "chakka"),
            r"\bblockades?\b|\bblockad(?:ed|ing)\b|\brast[ao] roko\b|\brail roko\b|\bchakka jam\b",
        ),
        (
            "blockade",
            WEAK,
            ("block", "barricad", "obstruct", "siege"),
            r"\b(?:block|blocks|blocked|blocking|barricaded|barricading|obstructed|obstructing) "
            r"(?:[\w’'-]+ ){0,3}?(?:roads?|highways?|streets?|bridges?|railways?|rail (?:tracks?|lines?)|tracks|"
            r"traffic|entrances?|gates?|junctions?|crossings?|intersections?|access|transport|motorways?|"
            r"expressways?|NH[- ]?\d+|national highway)\b|\broad-?blocks?\b|\b(?:laid|lay|laying|lays) siege to\b",
        ),
        (
            "occupation",
            STRONG,
            ("occupied", "occupy"),
            # the places a crowd takes over; armies that occupy are excluded in NOT_A_PROTEST
            r"\boccup(?:ied|ying|y) (?:the |a |an |their )?(?:[\w’'-]+ ){0,2}?(?:buildings?|campus|squares?|offices?|"
            r"parliament|university|factory|headquarters|ministry|city hall|premises|plaza|park|station|town hall|"
            r"halls?|roads?|streets?|highways?|bridges?|rail(?:way)? tracks|airport|port|mines?|plant|site|"
            r"embassy|consulate|school|college|courthouse|lobby|residence|compound|mills?|depot|secretariat|"
            r"assembly|legislature|council chamber|chamber|hospital|church|cathedral|(?:toll )?gates?)\b",
        ),
        (
            "strike",
            STRONG,
            (
                "strik",
                "walkout",
                "walk-out",
                "walked out",
                "off the job",
                "off their job",
                "stopped work",
                "downed",
                "work stoppage",
                "cease",
                "pen-down",
                "pendown",
                "tool-down",
                "tooldown",
                "tools-down",
                "toolsdown",
                "mass leave",
                "casual leave",
                "goslow",
                "go-slow",
                "work-to-rule",
                "stayaway",
                "stay-away",
                "bandh",
                "hartal",
                "shutters",
                "abstain",
                "away from",
                "struck",
                "shunn",
                "off work",
            ),
            # a strike is a noun (STRIKE_NOUN_BEFORE checks the words before it); verbs ("strike a deal")
            # and military strikes are excluded by the words that follow and in NOT_A_PROTEST
            r"\bstrikes?\b(?! (?:a|an|the|deal|balance|chord|back|out|down|force|zone|rates?|price|again|hard|gold|"
            r"oil|fear|terror|first|bowlers?|at the heart)\b)|"
            r"\b(?:to|will|would|'ll|may|could) strike\b(?! (?:a|an|the|at|back|down|deal|fear|terror|again|"
            rf"gold|oil)\b)|\bstriking (?:\w+ )?{WORKER_NOUNS}\b|\bstrikers\b|\bwalk-?outs?\b|"
            # "members struck for the day", "teachers struck on Monday" (not "workers struck by a bus")
            rf"\b{WORKER_NOUNS} struck(?=\s+(?:for|on|over|against|in|at|across|from|until|till|again|today|"
            r"yesterday|nationwide|indefinitely)\b|\s*[,.;])|"
            r"\bwalked out\b|\bwalk(?:ed|s|ing)? off (?:the|their) jobs?\b|"
            r"\bstopped work\b|\bdowned (?:their )?tools\b|\bwork stoppages?\b|\bcease-?work\b|"
            r"\bpen-?down\b|\btools?-?down\b|\bmass (?:casual )?leave\b|\bgo-?slow\b|\bwork-to-rule\b|"
            r"\bstay-?aways?\b|\bbandhs?\b|\bhartals?\b|\bdown(?:ed)? (?:their )?shutters\b|"
            r"\b(?:abstained|abstain|abstaining|stayed away|staying away|kept away) from (?:work|duty|duties)\b|"
            # Indian English "struck work"; "shunned work", "stayed off work" (a stay-away strike)
            r"\b(?:struck|strike|striking) work\b|\b(?:shunned|shunning|stayed off|staying off) work\b",
        ),
        ("boycott", STRONG, ("boycott",), r"\bboycott(?:s|ed|ing)?\b"),
        (
            "march",
            STRONG,
            ("march", "padayatra", "took out"),
            r"\bmarch(?:es|ed|ing|ers)\b|\b(?:to|will|would|'ll|shall|and|then) march\b(?! \d)|"
            r"\b(?:a|the|protest|peaceful|silent|solidarity|long|mass|torch-?light|women[’']s|pride|planned|proposed|"
            r"huge|massive|big|mammoth|grand|"
            r"[\w]+ ?[’'] ?s)\s+march\b(?! \d)(?! of (?:history|time|progress|science|technology|events|the seasons)\b)"
            r"|\bpadayatras?\b|\btook out (?:a |an )?(?:\w+ )?(?:procession|march|rally)\b|"
            # a march that was held, whatever its name ("held a May Day march"); not "held a meeting in March"
            r"\b(?:held|staged|organi[sz]ed|led|joined|took part in|participated in)\s+(?:a|an|the|their|its)\s+"
            r"(?:(?!(?:in|on|at|by|of|to|for|from|since|until|during|last|this|next|early|late|mid)\b)[\w’'-]+\s+){1,3}"
            r"march(?:es)?\b(?! \d)",
        ),
        ("march", WEAK, ("procession",), r"\bprocessions?\b"),
        ("rally", STRONG, ("rall",), r"\brall(?:y|ies|ied|ying)\b"),
        (
            "demonstration",
            STRONG,
            (
                "protest",
                "demonstrat",
                "picket",
                "to the street",
                "agitat",
                "stir",
                "gherao",
                "effig",
                "slogan",
                "human chain",
            ),
            r"\bprotest(?:s|ed|ing|ers?|ors?)?\b|\bdemonstrat(?:ions?|ors?)\b|"
            r"\bdemonstrat(?:ed|ing|e|es) (?:in|outside|against|at|for|near|on|in front of|before|peacefully|across|"
            r"throughout|over)\b|\bdemonstrating\b(?! (?:that|how|its|his|her|their|the|a|an|what|why|to)\b)|"
            r"\bpicket(?:s|ed|ing|ers)?\b|\b(?:took|take|taking|takes) to the streets?\b|"
            r"\bagitat(?:ion|ions|ing|ed|ors?)\b|\b(?:(?:a|the|their|its|this|that)\s+(?:(?:indefinite|ongoing|statewide|state-wide|nationwide|relay|"
            r"current|[\w]+-[\w]+|[\w]+s[’']|[\w]+[’']s)\s+)?|[\w]+-)stirs?\b(?! (?:among|the|up|it|them|things)\b)|"
            r"\bstir (?:against|over|for|demanding|continues|enters|by)\b|\bgherao(?:ed|ing|s)?\b|"
            r"\beffig(?:y|ies)\b|\b(?:raised|raising|shouted|shouting|chanted|chanting|raise|shout|chant) "
            r"(?:\w+ ){0,2}slogans\b|\bsloganeering\b|\bhuman chains?\b",
        ),
        (
            "demonstration",
            WEAK,
            (
                "manifestation",
                "in protest",
                "to express",
                "to protest",
                "to demand",
                "to oppose",
                "to condemn",
                "to voice",
                "gather",
                "assembled",
                "black flag",
                "black badge",
                "black band",
                "black armband",
                "black ribbon",
                "thronged",
                "of protest",
                "to the street",
                "hit the street",
                "hitting the street",
            ),
            r"\bmanifestations?\b|\b(?:in|as an? (?:sign|mark|token|gesture|symbol) of) protest\b|"
            r"\b(?:poured|pouring|spilled|spilling|streamed|streaming|came out|coming out) (?:in)?(?:to|onto|on to) "
            r"the streets\b|\b(?:hit|hitting) the streets\b|"
            r"\b(?:showed up|turned out|turned up|came out) (?:\w+ ){0,3}to "
            r"(?:express|protest|demand|oppose|condemn|voice)\b|\bgather(?:ed|ing|s)? (?:in|at|outside|near|"
            r"in front of|before|on|to protest|to demand|to condemn|to express)\b|\ba gathering\b|"
            r"\bgatherings\b|\bassembled (?:in|at|outside|near|in front of)\b|"
            r"\bblack (?:flags|badges|bands|armbands|ribbons)\b|\bthronged\b",
        ),
        ("exhibition", STRONG, ("exhibition",), r"\b(?:photo|photograph|art) exhibitions?\b"),
    )
)
# Each stem with the TRIGGER_PATTERNS (by position) that hold it: one pass over the stems finds the patterns to run.
StemTable = tuple[tuple[str, tuple[int, ...]], ...]
_STEM_PATTERNS: StemTable = tuple(
    (stem, tuple(number for number, (_, _, stems, _) in enumerate(TRIGGER_PATTERNS) if stem in stems))
    for stem in dict.fromkeys(stem for _, _, stems, _ in TRIGGER_PATTERNS for stem in stems)
)


def article_stems(lowered: str) -> StemTable:
    """Return the stems (with their patterns) that the text whose caseless() is ``lowered`` holds.

    A sentence or line of that text holds no other, so looking for these only in each is enough: a few look-ups
    instead of a hundred per sentence (issue 8).
    """
    return tuple(item for item in _STEM_PATTERNS if item[0] in lowered)


def possible_triggers(
    lowered: str, stems: StemTable = _STEM_PATTERNS
) -> list[tuple[str, bool, tuple[str, ...], re.Pattern[str]]]:
    """Return the TRIGGER_PATTERNS, in order, that can match the text whose caseless() is ``lowered``.

    The others cannot: a pattern matches only where one of its stems stands. [] means no trigger at all.
    ``stems``: those to look for, article_stems() of a text that holds this one.
    """
    numbers = {number for stem, holders in stems if stem in lowered for number in holders}
    return [TRIGGER_PATTERNS[number] for number in sorted(numbers)]


# Before the noun "strike": a determiner, a modifier, "on" or a possessive ("the teachers' strike").
STRIKE_NOUN_BEFORE = re.compile(
    r"(?:\b(?:on|a|an|the|their|its|this|that|general|national|nationwide|labou?r|indefinite|warning|token|"
    r"open-ended|extended|peaceful|relay|sympathy|wildcat|rolling|all-out|statewide|countrywide|day-?long|"
    # "12-hour" also as tokenized news text writes it ("12 - hour", "operators ’ strike")
    r"[\w-]+\s?-\s?(?:day|hour|week))\s+(?:(?!(?:to|will|would|may|might|could|can|shall|should|must)\s)[\w’'-]+\s+){0,2}|"
    r"[\w’']+(?:s\s?[’']|\s?[’']\s?s)\s+)$",
    re.IGNORECASE,
)
FORM_PRIORITY = (
    "riot",
    "hunger-strike",
    "sit-in",
    "occupation",
    "blockade",
    "strike",
    "boycott",
    "vigil",
    "march",
    "rally",
    "demonstration",
    "exhibition",
    "other",
)

# Armed groups outside the state: their bandhs, blockades and burnings are insurgency, not civil protest.
INSURGENT_WORDS = (
    r"militants?|maoists?|naxal\w*|rebels?|insurgents?|terrorists?|guerrillas?|gunmen|extremists?|jihadists?"
)
INSURGENT_STEMS = (
    "militant",
    "maoist",
    "naxal",
    "rebel",
    "insurgent",
    "terroris",
    "guerrilla",
    "gunmen",
    "extremis",
    "jihad",
)
# Adjectives of fights between communities (communal riots are no protests: the devset's coding rules)
COMMUNITIES = r"(?:communal|caste|sectarian|ethnic|religious|tribal|inter-?communal|inter-?religious|inter-?ethnic)"

# Phrases that hold a trigger word but report something else; a trigger inside one is dropped.
# (stems, pattern) as for triggers: a pattern runs only on a sentence holding one of its stems.
NOT_A_PROTEST: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (stems, re.compile(pattern, re.IGNORECASE))
    for stems, pattern in (
        # a defendant's plea, a government's or a diplomat's formal protest
        (("innocence",), r"\bprotest(?:s|ed|ing)? (?:his|her|their|its) innocence\b"),
        (
            ("protest",),
            r"\b(?:lodged?|lodging|filed?|filing|registered|formal|diplomatic|official|strong|strongest) (?:a )?"
            r"(?:formal |strong |diplomatic )?protests?\b|\b(?:letter|note) of protest\b|"
            r"\bprotest (?:note|letter|vote|song)s?\b|\bunder protest\b|"
            r"\b(?:resigned|quit|stepped down|withdrew) in protest\b",
        ),
        (
            ("right to", "freedom to"),
            r"\b(?:right|freedom) to (?:peaceful(?:ly)? )?(?:protest|demonstrat\w*|assemble|strike)\b",
        ),
        (
            ("summon",),
            r"\bsummon(?:ed|s|ing)? (?:the |its |his |her )?(?:[\w’'-]+ ){0,3}(?:ambassador|envoy|diplomats?|"
            r"charg[eé] d[’']affaires)\b[^.;]{0,40}?\bprotest\w*",
        ),
        # strikes and blockades by armies, disasters that strike
        (
            ("strike",),
            r"\b(?:air|drone|missile|military|rocket|pre-?emptive|nuclear|surgical|lightning|first|retaliatory|"
            r"artillery|aerial|precision|targeted|israeli|american|russian|u\.?s\.?|coalition|nato) ?(?:-?led )?"
            r"(?:air ?)?strikes?\b|\bstrikes? (?:on|against) (?:a |an |the )?(?:[\w-]+ )?(?:targets?|positions?|"
            r"bases?|convoys?|camps?|hideouts?|compounds?|facilit(?:y|ies)|militants?|rebels?|insurgents?|troops|"
            r"strongholds?|military)\b|\b(?:earthquake|quake|cyclone|storm|tragedy|disaster|flood|tornado|hurricane|"
            r"typhoon|virus|pandemic|disease|terror|death) strikes?\b",
        ),
        (
            ("blockade", "block"),
            r"\b(?:naval|military|economic|sea|air|israeli|army|maritime|trade) blockades?\b|"
            r"\b(?:reimposed|lifted|imposed|impose|lift|enforce[ds]?|tighten(?:ed)?|eas(?:ed|ing)) (?:[\w-]+ ){0,3}"
            r"blockades?\b|\broad-?blocks? (?:set up|erected) by (?:the )?(?:police|army|troops|security)\b|"
            r"\b(?:police|army|troops|soldiers|security forces) (?:\w+ )?(?:set up|erected|manned) (?:\w+ )?"
            r"road-?blocks?\b",
        ),
        # a town or a building taken by armed men or the police
        (
            ("occup",),
            rf"\b(?:{INSURGENT_WORDS}|troops|soldiers|army|armies|forces|police|policemen|fighters)\s+"
            r"(?:[\w’'-]+\s+){0,3}?occup(?:ied|ying|y)\b",
        ),
        # a bandh or strike called or enforced by insurgents (see the coding rules in tests/data/devset/README.md)
        (
            INSURGENT_STEMS,
            r"\b(?:bandh|hartal|strike|shutdown)s?(?: calls?)?(?:\s*,?\s*(?:which |that )?(?:was |were |has been |"
            r"had been )?(?:called|sponsored|given|announced|enforced|declared|imposed|observed))? by (?:the )?"
            rf"(?:outlawed |banned |underground )?(?:{INSURGENT_WORDS})\b|"
            rf"\b(?:{INSURGENT_WORDS})(?:[’']s?)?\s+(?:[\w’'-]+\s+){{0,3}}?(?:bandh|hartal|strike|shutdown)s?\b",
        ),
        # delegates leaving a meeting, boycotts of meetings and votes: politics, not protest events
        (
            ("walk",),
            r"\bwalk(?:ed|s|ing)?(?:-| )?outs? (?:of|from) (?:the |a )?(?:[\w’'-]+ ){0,2}(?:meeting|talks|session|"
            r"parliament|house|assembly|conference|negotiations?|hearing|debate|chamber|summit|council|proceedings|"
            r"court|studio|interview|ceremony|committee)\b|"
            r"\b(?:opposition|mps|members|delegates|delegation|legislators|lawmakers|mlas|councillors|senators|"
            r"deputies) (?:[\w’'-]+ ){0,3}(?:staged a |stage a |in a )?walk-?(?:ed )?outs?\b",
        ),
        (
            ("boycott",),
            r"\bboycott(?:s|ed|ing)? (?:of )?(?:the |a |all |this |next |upcoming )?(?:[\w’'-]+ ){0,3}?(?:meetings?|"
            r"talks|sessions?|summit|ceremony|conference|polls|elections?|vote|voting|referendum|negotiations|"
            r"proceedings|visit|dinner|games|olympics|world cup|official contacts?|contacts?|inauguration|"
            r"swearing-in|celebrations?|festivities|function|reception|ceremon(?:y|ies))\b",
        ),
        # "demonstrated that", "a demonstration of the new phone"
        (
            ("demonstrat",),
            r"\bdemonstrat(?:ed|es|e|ing) (?:that|how|what|why|its|his|her|their|the|a|an)\b|"
            r"\b(?:a |the |live |product |practical |cooking |flight |public )?demonstrations? of (?!(?:solidarity|"
            r"support|protest|anger|outrage|defiance|unity|dissent|opposition)\b)|\bdemonstration (?:project|plot|"
            r"farm|flight|video|model|unit|day)s?\b",
        ),
        # a politician's campaign rally, rallying support, markets and sports
        (
            ("rall",),
            r"\b(?:election|campaign|electoral|poll|polling|pre-?poll|victory|roadshow|motor|car|dakar|wrc) "
            r"rall(?:y|ies)\b|\brally (?:driver|car|championship|stage)s?\b|"
            r"\brall(?:y|ies|ied|ying) (?:behind|around|round|support|supporters|the troops|to (?:his|her|their|its) "
            r"(?:side|defen[cs]e|support))\b|\brall(?:y|ied|ies|ying) (?:to (?:win|beat|victory|defeat|draw|level|"
            r"a \w+ (?:win|victory))|from (?:behind|a|two|three)|back|past|late)\b|\b(?:late|second-half|stunning|"
            r"comeback|relief|market|stock|bear|bull) rall(?:y|ies)\b|\brallying (?:cry|call|point)s?\b|"
            # leaders who rally their base or support: mobilising, not a gathering
            r"\brall(?:y|ies|ied|ying) (?:his|her|their|its|the) (?:[\w-]+ )?(?:supporters|base|troops|allies|party|"
            r"members|voters|forces|faithful|nation|country|public)\b|\brall(?:y|ies|ied|ying) (?!in\b)(?:[\w-]+ ){0,2}"
            r"support\b",
        ),
        (
            ("awareness",),
            r"\bawareness (?:rall(?:y|ies)|march(?:es)?|walks?|campaigns?|processions?)\b",
        ),
        (
            ("march",),
            r"\bmarch(?:es|ed|ing)? (?:on )?(?:in)?to (?:the )?(?:final|semi-?finals?|quarter-?finals?|knockout|"
            r"next round|playoffs?|victory|title|last (?:four|eight|16))\b|\b(?:unbeaten|winning|title) march\b|"
            r"\bmarch madness\b|\bmarch(?:es|ed|ing)? (?:towards?|forward|on) (?:to )?(?:a |the )?(?:[\w-]+ )?"
            r"(?:democracy|progress|development|independence|freedom|peace|prosperity|modernity|recovery|growth|"
            r"success|power|goals?|future)\b",
        ),
        # crowds in the street for a win or a festival
        (
            ("celebrat",),
            r"\b(?:took|take|taking|takes|poured|pouring|spilled|spilling|streamed|streaming|came out|coming out|hit|"
            r"hitting) (?:(?:in)?(?:to|onto|on to) )?the streets?\b[^.;]{0,40}?\bcelebrat\w*",
        ),
        # "riot-hit", "booked for rioting", "sections pertaining to rioting"
        (
            ("riot",),
            r"\bri(?:ot|ots)[- ](?:hit|affected|torn|prone|victims?|cases?|accused|survivors?)\b|"
            r"\b(?:charged with|booked for|accused of|convicted of|guilty of|charges of|sections? [^.;]{0,40}?"
            r"(?:pertaining to|relating to|for)|offences? of|cases? of) (?:\w+ )?ri(?:ots?|oting)\b|"
            # fighting between communities is no protest (the devset's coding rules)
            rf"\b{COMMUNITIES} ri(?:ots?|oting)\b|\bri(?:ots?|oting) between\b",
        ),
        (("vigil",), r"\b(?:keep|keeps|kept|keeping) (?:a |close |strict )?vigils? (?:over|on)\b"),
        (("stir",), r"\b(?:caus|creat|mak)(?:e|es|ed|ing) (?:a |quite a )?(?:\w+ )?stir\b"),
        # protests in general, not an event: "will not tolerate rallies", "a ban on demonstrations"
        (
            ("tolerate", "allow", "permit", "ban", "outlaw", "prohibit", "law"),
            r"\b(?:tolerate|allow|permit|ban(?:ned|s)? on|banning|outlaw(?:ed|ing)?|prohibit(?:ed|ing|s)?|laws? (?:on|"
            r"against|regulating)) (?:any |all |further |street |public |unauthori[sz]ed |such )?(?:protests|"
            r"rallies|demonstrations|gatherings|marches|strikes)\b",
        ),
    )
)
MARKET_WORDS = re.compile(
    r"\b(?:markets?|stocks?|shares|equities|index|indices|indexes|dollar|euro|yen|sterling|bonds?|prices?|"
    r"oil|gold|nasdaq|dow|s&p|ftse|nikkei|sensex|nifty|rupee|yuan|currency|currencies|bitcoin|crypto|futures|"
    r"treasur(?:y|ies)|investors?|traders? bought)\b",
    re.IGNORECASE,
)
SPORTS_WORDS = re.compile(
    r"\b(?:team|club|squad|league|cup|finals?|semi-?finals?|quarter-?finals?|title|championship|match|innings|"
    r"coach|playoffs?|tournament|scored|goals?|wickets?|set point|serve|unbeaten|seeded|striker|midfielder)\b",
    re.IGNORECASE,
)
ARMY_MARCH = re.compile(
    r"\b(?:troops|soldiers|army|armies|forces|tanks|band|battalions?|columns?|militants?|rebels?|insurgents?)"
    r"\s+(?:\w+\s+)?march",
    re.IGNORECASE,
)
# Words that make a weak trigger a protest: protest vocabulary, slogans, demands, a crowd that acts.
PROTEST_CONTEXT = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies|ied)|march(?:ed|es)?|strike|strikers|slogans?|placards?|"
    r"banners?|chant\w*|demand\w*|condemn\w*|against|outrage\w*|anger|angry|agitat\w*|dharna|solidarity|"
    r"grievances?|petition|memorandum|effig\w*|sit-in|picket\w*|boycott\w*|blockade|tear ?gas|lathi|"
    r"water cannons?|dispers\w*|oppos\w*|denounc\w*|justice for|to express|unrest|riot\w*|disgruntled|posters|"
    r"struggle songs)\b",
    re.IGNORECASE,
)
# People who act as a crowd: with them "blocked the road" or "threw stones" is a protest or a riot.
CROWD = re.compile(
    r"\b(?:protest(?:er|or)s|demonstrators|crowds?|youths?|students|villagers|residents|agitators|"
    r"workers|supporters|activists|rioters|fans|farmers|locals|strikers|members|cadres?|traders|drivers|"
    r"leaders|people|hundreds|thousands|dozens|scores|operators|owners|vendors|hawkers|truckers|transporters|"
    r"miners|mineworkers|nurses|doctors|teachers|employees|pensioners|unionists|tenants|fishermen|shopkeepers|"
    r"merchants|lawyers)\b",
    re.IGNORECASE,
)
# A fight between communities: a crowd that burns houses there does not protest.
COMMUNAL_VIOLENCE = re.compile(
    rf"\b{COMMUNITIES} (?:clash(?:es)?|violence|riots?|rioting|tensions?|attacks?|conflicts?)\b", re.IGNORECASE
)
ARMED_GROUP = re.compile(rf"\b(?:{INSURGENT_WORDS}|troops|soldiers)\b", re.IGNORECASE)
# Damage done by people nobody saw ("unknown persons vandalised the centre"): vandalism, not a protest crowd.
UNKNOWN_PERPETRATORS = re.compile(
    r"\b(?:unknown|unidentified|anonymous)\s+(?:persons?|people|men|individuals|assailants|attackers|vandals|"
    r"arsonists|miscreants)\b|\bmiscreants\b",
    re.IGNORECASE,
)
# What sets a march or a gathering apart from a ceremony (ACLED codes such marches and memorials as protests):
# a seat of power it goes to or stands before, or a massacre or uprising it commemorates.
POLITICAL_TARGET = re.compile(
    r"\b(?:to|towards|outside|in front of|on)\s+(?:the\s+)?(?:[\w.’'-]+\s+){0,2}?(?:embassy|consulate|"
    r"high commission|parliament|ministry|city hall|town hall|state house|white house|presidential palace|"
    r"secretariat|legislature|government (?:offices|buildings?|house))\b",
    re.IGNORECASE,
)
REPRESSION_MEMORIAL = re.compile(
    r"\b(?:commemorat\w*|anniversary of|in memory of|remember\w*|honou?r(?:s|ed|ing)?)\s+(?:the\s+)?"
    r"(?:[\w’'-]+\s+){0,4}?(?:massacre|uprising|crackdown|killings?|revolt|pogrom|genocide|martyrs)\b",
    re.IGNORECASE,
)
# "Maoists protesting the killing", "rebels' blockade": insurgents named right before the trigger
INSURGENTS_BEFORE = re.compile(rf"\b(?:{INSURGENT_WORDS})(?:[’']s?)?\s+(?:[\w’'-]+\s+)?$", re.IGNORECASE)
# A protest named as background or as the object of support is not an event of this article
# ("echoing the recent protests", "since the 1989 Tiananmen protests", "to support protests across Iran").
BACKGROUND_BEFORE = re.compile(
    r"\b(?:(?:recent|previous|past|earlier|last year[’']?s|last month[’']?s|former|since|"
    r"wave of|crackdown on|pro-democracy|anniversary of|memory of|avenge|commemorat\w+|remember\w*|"
    # "after months of protests": a campaign told as the cause of what the article reports, not a dated event
    r"(?:weeks|months|years|decades) of)\s+"
    r"(?:the\s+|all\s+|these\s+|those\s+)?(?:[\w’'-]+\s+){0,2}|(?:the|this|that)\s+(?:1[89]\d\d|20\d\d)\s+"
    r"(?:[\w’'-]+\s+){0,2})$",
    re.IGNORECASE,
)
# Protests or protesters that the article's people support are elsewhere: "support for protesters in Iran".
SUPPORTED_BEFORE = re.compile(
    r"\b(?:echoing\s+(?:[\w’'-]+\s+){0,10}|(?:support(?:s|ed|ing)?|solidarity)(?:\s+(?:for|with|of))?\s+"
    r"(?:(?!by\b)[\w’'-]+\s+){0,4})$",
    re.IGNORECASE,
)
# Nouns that name a protest event (as opposed to a verb or a protester): only these can be background.
EVENT_NOUN = re.compile(
    r"(?:protests?|demonstrations?|rall(?:y|ies)|riots?|strikes?|march(?:es)?|agitations?|vigils?|uprisings?)$",
    re.IGNORECASE,
)
# "the riot in the area in 2008", "protests of 1989": a year right after the noun dates another event.
# So does "last year" or "years ago", and an anniversary of the protests ("the protests’ second anniversary").
BACKGROUND_AFTER = re.compile(
    r"(?:\s+[\w’'-]+){0,4}?\s+(?:(?:in|of|since|during)\s+(?:the\s+)?(?:1[89]\d\d|20\d\d)\b|last year\b|"
    r"(?:\w+\s+)?years ago\b)|\s*[’']\s*s?\s+(?:[\w-]+\s+)?anniversary\b",
    re.IGNORECASE,
)
LEADER_AT_RALLY = re.compile(
    r"\b(?:address(?:ed|es|ing)?|said at|told [^.;]{1,60}? at|speaking at|spoke at|speech at)\s+(?:a|an|the)?\s*"
    r"(?:[\w’'-]+\s+){0,3}$",
    re.IGNORECASE,
)
# Marches and rallies of faith, festivals and official campaigns: no protest without protest words.
CEREMONY_WORDS = re.compile(
    r"\b(?:pilgrims?|pilgrimage|devotees|worshippers|festivals?|feast|idols?|immersion|deity|religious procession|"
    r"awareness|celebrat\w*|parade|jubilee|wedding|to mark|on the occasion of)\b",
    re.IGNORECASE,
)
# Words that make an article's rallies and marches protests (see only_party_gatherings); slogans and
# placards are left out: awareness rallies carry them too.
ARTICLE_PROTEST_WORDS = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|against|demand\w*|condemn\w*|denounc\w*|agitat\w*|oppos(?:e|ed|es|ing)|"
    r"grievances?|outrage\w*|anger|angry|dharna|strik\w*|boycott\w*|solidarity|justice)\b",
    re.IGNORECASE,
)
# A union's election is a workplace vote, where workers' rallies are labour action, not a party's campaign.
ELECTION_WORDS = re.compile(
    r"\b(?:(?<!union )elections?|electoral|candidates?|campaign(?:ing|s)?|polls|voters|manifesto|platform|"
    r"constituency)\b",
    re.IGNORECASE,
)
NEGATED = re.compile(
    r"\b(?:(?:no|not|never|without|nor)\s+(?:\w+\s+)?|(?:did not|didn[’']t|refused to|declined to|"
    r"refrained from|not to) (?:take part in|join|participate in|attend)\s+(?:the\s+|any\s+)?|"
    r"ruled out (?:a |any )?)$",
    re.IGNORECASE,
)
# Someone speaking for a state: when one "protests", it is a statement, not a crowd in the street.
OFFICIAL_SUBJECT = re.compile(
    r"\b(?:minister|ministry|government|embassy|ambassador|foreign office|spokes(?:man|woman|person)|president|"
    r"premier|officials?|authorities|envoy|diplomats?|state department|kremlin|white house|beijing|washington|"
    r"moscow|tehran|delhi|islamabad|tokyo|seoul|ankara|(?:the )?(?:country|nation))\s+(?:[\w’'-]+\s+){0,3}?"
    r"(?:has\s+|have\s+|had\s+|also\s+|strongly\s+|formally\s+|officially\s+|sharply\s+|vehemently\s+)*$",
    re.IGNORECASE,
)
# "..., a human rights group protested here Wednesday." / "protested that": a verb of saying.
REPORTING_PROTEST = re.compile(
    r"protest(?:s|ed)?(?:\s+(?:here|there|today|yesterday|on \w+|\w+day|in a \w+))*\s*[.!]?\s*$|"
    r"protest(?:s|ed|ing)? (?:that|to (?:the )?(?:[\w-]+ )?(?:ambassador|embassy|government|ministry|envoy|un)\b)",
    re.IGNORECASE,
)
# A protest addressed to someone is a note between states ("India protested strongly to Pakistan", "protested to
# the envoy"); crowds protest against, outside or over things.
ADDRESSED_PROTEST = re.compile(
    r"protest(?:s|ed|ing)?(?:\s+(?:strongly|formally|officially|sharply|vehemently))?\s+to\s+(?:the\s+)?"
    r"(?:(?-i:[A-Z])|(?:[\w-]+\s+)?(?:ambassador|embassy|government|ministry|envoy|un)\b)",
    re.IGNORECASE,
)
STATEMENT = re.compile(r"\bin a (?:statement|letter|press release|note|communiqu[eé]|tweet)\b", re.IGNORECASE)
TRIAL = re.compile(
    r"\b(?:court|trial|tried|sentenced|sentencing|convicted|acquitted|verdict|bail|indicted|prosecutors?|judge|"
    r"hearing|jailed for|investigation|probe|testif(?:y|ied|ies|ying)|depos(?:e|ed|ing))\b",
    re.IGNORECASE,
)
# A verdict or testimony: protests it names are the past the trial is about.
VERDICT = re.compile(
    r"\b(?:found guilty|pleaded guilty|convicted|sentenced|acquitted|jailed|indicted|charged with|"
    r"testif(?:y|ied|ies|ying)|depos(?:e|ed|ing)|affidavits?)\b",
    re.IGNORECASE,
)
# "in protest", "as a mark of protest": the words before "protest" that make it the reason for another act
REASON_BEFORE = re.compile(r"\b(?:in|(?:sign|mark|token|gesture|symbol) of)\s+$", re.IGNORECASE)
REASON_TRIGGER = re.compile(r"(?:in|as an? (?:sign|mark|token|gesture|symbol) of) protest", re.IGNORECASE)
PURPOSE_BEFORE = re.compile(r"(?:\bto|,)\s*$", re.IGNORECASE)  # "to protest", ", protesting"

# Status cues. Cancellation and calls are read next to the trigger; tense within TENSE_WINDOW of it.
# The protest nouns a cancellation or a plan can take as its object.
_PROTEST_OBJECT = (
    r"(?:strikes?|protests?|agitations?|stir|bandhs?|hartals?|dharnas?|boycotts?|sit-ins?|blockades?|march(?:es)?|"
    r"rall(?:y|ies)|demonstrations?|walkouts?)"
)
CANCELLED = re.compile(
    r"\b(?:cancel(?:l?ed|s|ling)?|call(?:ed|ing)? off|postpon(?:e|ed|es|ing|ement)|deferred|"
    rf"(?:withdr(?:ew|awn)|suspend(?:ed|s)|end(?:ed|s)) (?:the|their|its) (?:[\w-]+ )?{_PROTEST_OBJECT}|"
    rf"cancell?ation of (?:the |their |its |a )?(?:[\w-]+ ){{0,2}}{_PROTEST_OBJECT}|"
    # "the strike was averted" ("police prevented the demonstration staged by students" tells of one that happened)
    rf"averted (?:a |an |the |any |their |its |planned )?(?:[\w-]+ ){{0,2}}?{_PROTEST_OBJECT}|"
    rf"{_PROTEST_OBJECT}\b[^.;]{{0,40}}?\b(?:was|were|has been|had been) averted|"
    r"banned|prohibited|(?:denied|refused) permission|"
    # "the court barred the coalition from holding a planned demonstration"
    r"(?:barred|barring|bars|restrained|restraining|forbade|forbidden|prevented|preventing) (?:[\w’'-]+ ){0,5}?from "
    r"(?:holding|staging|organi[sz]ing|taking out|going ahead with))\b",
    re.IGNORECASE,
)
NOT_CANCELLED = re.compile(
    r"\b(?:no|not|never|refused to|refuse to|without|won[’']t|no signs? of)\s+(?:\w+\s+){0,3}$", re.I
)
CALLED = re.compile(
    r"\b(?:call(?:s|ed|ing)? for|gave (?:a )?call (?:for|to)|call(?:s|ed|ing)? (?:on|upon) [\w\s’']{1,50}? to|"
    r"urg(?:es|ed|ing) [\w\s’']{1,50}? to|appeal(?:s|ed|ing)? (?:for|to) [\w\s’']{0,50}?|"
    r"invit(?:es|ed|ing) [\w\s’']{1,50}? to)\s*(?:join|participate in|take part in|observe|attend|hold|stage)?\b|"
    # "called a nationwide strike", "announced a hartal for Sunday" (not "announced plans to rally"): the call stands
    # right before the trigger (searched up to its start)
    r"\b(?:call(?:s|ed|ing)?|announc(?:es|ed|ing)|declar(?:es|ed|ing)) (?:a|an) (?:[\w-]+ ){0,3}$",
    re.IGNORECASE,
)
# "did not call for the strike", "denied calling": a denial, not a call
NOT_CALLED = re.compile(r"\b(?:not|never|n[’']t|den(?:y|ies|ied))\s+(?:\w+\s+)?$", re.IGNORECASE)
# "urged the doctors to end their strike", "appealed to them to call off the stir": a plea to stop, which neither
# calls a protest nor cancels one
STOP_PLEA = re.compile(
    r"\b(?:urg|ask|appeal|request|press|persuad|plead|exhort|want|demand|call(?:s|ed|ing)? (?:on|upon))\w*\s+"
    r"(?:[\w’'-]+\s+){0,6}?to\s+$",
    re.IGNORECASE,
)
STOP_TO = re.compile(
    r"\bto\s+(?:end|call off|withdraw|suspend|stop|give up|abandon|resume work|return to work|halt|refrain|desist)\b",
    re.IGNORECASE,
)
# "the bandh call", "a strike call": the trigger names a call to protest
# "a 14-day strike notice": a notice announces a strike, like a call
CALL_AFTER = re.compile(
    r"\s+(?:calls?\b|notices?\b|(?:has|have) been called\b|(?:is|are) being called\b)", re.IGNORECASE
)
HELD = re.compile(
    r"\b(?:held|staged|gathered|marched|rallied|took part|participated|protested|demonstrated|took to the streets|"
    r"observed|went on|were on|erupted|broke out)\b",
    re.IGNORECASE,
)
PLANNED = re.compile(
    r"\b(?:will|would|shall|'ll|going to) (?:\w+ )?(?:hold|stage|protest|march|rally|gather|take|strike|boycott|"
    r"blockade|occupy|demonstrate|join|go|begin|start|launch|observe|lay siege|gherao|picket|intensify|sit)\b|"
    r"\bplan(?:s|ned|ning)? (?:to (?:\w+ )?(?:hold|stage|protest|march|rally|gather|strike|boycott|demonstrate|"
    r"launch|observe)|(?:a|an) (?:\w+ )?(?:protest|rally|march|demonstration|strike|vigil))\b|"
    r"\b(?:is|are) (?:set|due|expected|scheduled|planning|going) to\b|\bto be (?:held|staged|observed|launched)\b|"
    r"\bnext (?:week|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\bupcoming\b|"
    rf"\bannounced (?:a |an |plans? (?:for |to )?)(?:[\w-]+ ){{0,3}}?{_PROTEST_OBJECT}\b|"
    rf"\bthreaten(?:s|ed|ing)? (?:\w+ ){{0,2}}to\b|\bthreaten(?:s|ed|ing)? (?:[\w-]+ ){{0,3}}?{_PROTEST_OBJECT}\b|"
    r"\bwarn(?:s|ed)? of\b|\b(?:is|are|was|were|has been|have been) (?:being )?(?:planned|scheduled|slated)\b|"
    r"\b(?:prepar(?:e|es|ed|ing)|gear(?:s|ed|ing)? up|mobili[sz](?:e|es|ed|ing)) (?:for|to) (?:[\w-]+ ){0,3}?"
    rf"{_PROTEST_OBJECT}\b|\b(?:decide|decides|deciding|consider|considers|considering|mull|mulls|mulling) (?:on |"
    rf"whether to |about )?(?:[\w-]+ ){{0,3}}?{_PROTEST_OBJECT}\b|"
    # talks "to avert the strike": it is threatened, not under way
    rf"\b(?:avert|averting|avoid|avoiding|forestall|head off|stave off|prevent|preventing) (?:a |an |the |any |"
    rf"their |its |further |planned |possible )?(?:[\w-]+ ){{0,2}}?{_PROTEST_OBJECT}\b|"
    r"\b(?:decided|resolved) to (?:\w+ )?(?:hold|stage|launch|go|observe|intensify|boycott|strike|protest)\b|"
    r"\bultimatum\b|\bfrom tomorrow\b|\btomorrow\b|\b(?:allowed|permitted|granted permission|given permission|"
    r"permission|permits?) (?:[\w’'`-]+ ){0,6}?to (?:bring out|hold|stage|take out|march|rally|protest)\b",
    re.IGNORECASE,
)
# "third", "10th", "twenty-first": "for the third day" counts days of a protest, "for the Liberation Day" does not
ORDINAL = (
    r"(?:\d+(?:st|nd|rd|th)|(?:[a-z]+-)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"eleventh|twelfth|\w+teenth|\w+tieth|hundredth))"
)
# A strike or fast that "continued", "entered its third day", that people "are on" or "have been" at since
# Monday, an indefinite one, and striking workers: the protest goes on at the time of writing.
ONGOING = re.compile(
    r"\b(?:are|is) (?:still )?(?:protesting|marching|rallying|striking|demonstrating|occupying|camping|"
    r"agitating|sitting|boycotting|picketing|blockading|fasting)\b|"
    r"\b(?:are|is|remain(?:s|ed)?|who is|who are) (?:still )?on (?:a |an |the |their |his |her )?"
    r"(?:[“”\"'‘’]\s*)?(?:[\w-]+\s*)?(?:[“”\"'‘’]\s*)?(?:[\w-]+ )?(?:strike|dharna|hunger strike|fast|sit-in)\b|"
    r"\bcontinu(?:e|es|ed|ing) (?:to (?:protest|occupy|block|blockade|picket|camp|sit|strike|agitate|boycott|fast)\b|"
    r"(?:their|its|the|his|her) )|\bon-?going\b|"
    r"\bno si(?:g)?ns? of (?:calling off|ending)\b|\b(?:protests?|demonstrations?|strike|agitation|dharna|fast|"
    r"blockade|sit-in|stir|riots?|bandh|boycott)\s+(?:\w+\s+){0,3}?(?:continu(?:e|es|ed|ing)|went on|goes on|"
    r"grew|intensified)\b|\bstill continuing\b|\b(?:will|set to|expected to) continue\b|"
    r"\bto go on\b(?! (?:a |an |the |their |his |her |indefinite |mass |hunger |relay )?(?:[\w-]+ )?(?:strike|fast|"
    r"leave|dharna)\b)|"
    r"\benter(?:s|ed|ing)? (?:its|their|the) \w+ (?:day|week|month)\b|"
    rf"\bfor the {ORDINAL} (?:straight |consecutive )?(?:day|week)\b|\b(?:day \w+|\w+ day) of (?:the |their )?"
    r"(?:[\w-]+ )?(?:strike|protest|agitation|dharna|sit-in|hunger strike|fast|bandh)\b|"
    r"\b(?:have|has|had) been (?:protesting|striking|staging|agitating|on (?:a |an )?(?:[\w-]+ )?(?:strike|fast|"
    r"dharna))\b|\bindefinite (?:[\w-]+ )?(?:strike|fast|hunger[- ]strike|dharna|sit-in|agitation|stir)\b|"
    r"\bstriking (?:[\w-]+ )?(?:workers|miners|employees|teachers|doctors|nurses|staff|drivers)\b",
    re.IGNORECASE,
)
PAST_ACT = re.compile(
    r"\b(?:held|staged|hoisted|organi[sz]ed|launched|observed|took out|went on|began|started|carried out|burnt|"
    r"burned|raised|took part in|participated in|joined)\s+(?:a |an |the |their |its )?(?:[\w’'-]+\s+){0,2}$",
    re.IGNORECASE,
)
FUTURE_BEFORE = re.compile(r"\b(?:will|would|shall|'ll|to|plan(?:s|ned)? to)\s+(?:\w+\s+)?$", re.IGNORECASE)
# An intention stated right before the trigger ("threatened to go on an indefinite strike", "will hold a rally"):
# the trigger is planned whatever the rest of the sentence says is going on.
INTENT_BEFORE = re.compile(
    r"\b(?:will|shall|'ll|going to|plan(?:s|ned|ning)? to|threaten(?:s|ed|ing)? to|vow(?:s|ed|ing)? to|"
    r"decided to|resolved to|intend(?:s|ed)? to|promised to|set to|would)\s+(?:(?:hold|stage|go|begin|start|launch|"
    r"observe|organi[sz]e|take|join|resume|intensify|embark|lead|bring|carry|call)\s+(?:[\w’'-]+\s+){0,3})?$",
    re.IGNORECASE,
)
# A protest named with its plan ("ahead of a planned protest", "protests expected after the verdict"): that one lies
# ahead, whatever the sentence says happened. PLANNED_NOUN is searched up to the trigger's end (the adjective may
# open the trigger: "planned march"); it follows a determiner or a preposition: "police expected 10,000 protesters"
# is no plan.
PLANNED_NOUN = re.compile(
    r"\b(?:a|an|the|their|its|his|her|this|that|these|those|any|further|of|for|against|before)\s+(?:[\w-]+\s+)?"
    r"(?:planned|proposed|scheduled|upcoming|forthcoming|impending|expected|threatened|looming|intended)"
    r"(?:\s+[\w’'-]+){1,3}$",
    re.IGNORECASE,
)
PLANNED_AFTER = re.compile(r"\s+(?:(?:is|are|was|were)\s+)?(?:expected|planned|scheduled|slated|due)\b", re.IGNORECASE)
# A trigger that opens with a verb in the past ("marched", "blocked the road"), not "planned march"
PAST_TRIGGER = re.compile(r"(?!(?:planned|proposed|scheduled|threatened|announced)\b)[\w-]+ed\b", re.IGNORECASE)
STATUS_WINDOW = 70  # characters around a trigger where "called off" or "call for" must stand
# Characters either side of a trigger where tense cues ("will", "continued") count: about two clauses. Chosen
# on dev.jsonl, plain and --lowercase (where sentences run long): 60 loses ongoing strikes, the whole sentence lets
# one clause's plan make another clause's protest planned. Re-run `protestwatch evaluate` after changing it.
TENSE_WINDOW = 150


def detect_triggers(sentence: Sentence, stems: StemTable = _STEM_PATTERNS) -> list[Trigger]:
    """Return the protest triggers of one sentence, or [] for no protest.

    Those that happened or go on come first, then the strongest form. Rules, not a model: a trigger
    word is kept unless its context makes it something else (markets that rally, air strikes, a
    minister's formal protest, "protested his innocence", delegates who walk out of a meeting, bandhs
    of insurgents, communal riots, protests named only as background or in a court case); weak
    triggers need protest context in the sentence, and vandalism by unknown persons is none. Noise
    sentences (breadcrumbs, captions, links) give nothing. The status comes from cues near the trigger
    ("will march", "called for protests", "called off", "threatened to strike", "a planned protest")
    and from tense cues within TENSE_WINDOW; a reason ("to protest", "in protest") shares the status of
    the act before it. Misses protests described
    without any trigger word; a window is not a clause, so a cue in a neighbouring clause can still
    set the status. ``stems``: the trigger stems to look for, article_stems() of the sentence's article.
    """
    text = sentence.span.text
    if sentence.noise:
        return []
    lowered = caseless(text)
    matches = [
        (form, strength, match)
        for form, strength, _, pattern in possible_triggers(lowered, stems)
        for match in pattern.finditer(text)
    ]
    if not matches:
        return []
    not_protests = [
        (m.start(), m.end())
        for stems, pattern in NOT_A_PROTEST
        if any(stem in lowered for stem in stems)
        for m in pattern.finditer(text)
    ]
    candidates: list[tuple[int, int, int, str, bool]] = []
    for form, strength, match in matches:
        if any(start < match.end() and match.start() < end for start, end in not_protests):
            continue
        if not_protests and _explains_excluded_act(match, text, not_protests):
            continue  # "walked out of the meeting in protest": the act it explains is no protest event
        if _excluded(form, match, text):
            continue
        candidates.append((FORM_PRIORITY.index(form), match.start(), match.end(), form, strength))
    if not candidates:
        return []
    has_strong = any(strength for *_, strength in candidates)
    found = [c for c in candidates if c[4] or _weak_is_supported(c[3], text, has_strong)]
    found.sort(key=lambda candidate: candidate[1])
    tense = _Tense.of(text)
    offset = sentence.span.start
    triggers: list[tuple[int, Trigger]] = []
    for priority, start, end, form, strength in found:
        # "began a hunger strike to protest", "a bandh call, protesting the killing": the reason shares its act's status
        if triggers and _gives_reason(text, start, end):
            status = triggers[-1][1].status
        else:
            status = _status(text, start, end, tense)
        span = Span(start=offset + start, end=offset + end, text=text[start:end])
        trigger = Trigger(span=span, form=form, status=status, sentence=sentence.span, strong=strength)
        triggers.append((priority, trigger))
    # What happened comes first: "staged a protest and threatened to strike" reports the protest.
    triggers.sort(key=lambda item: (item[1].status not in REPORTED_STATUSES, item[0], item[1].span.start))
    return [trigger for _, trigger in triggers]


def only_party_gatherings(text: str, triggers: Iterable[Sequence[Trigger]]) -> bool:
    """Return True when the article's triggers are all rallies and marches of a campaign or an occasion.

    Such an article names an election, a festival or an awareness drive and no protest word anywhere
    ("against", "demanding", "protest"), nor a seat of power or a massacre that the march is for: a
    party's padayatra or an awareness rally flagged off by the Collector, not a protest (the devset's
    coding rules). Reads the whole article because these stories
    name their occasion once, often sentences away from the rally.
    """
    forms = {trigger.form for found in triggers for trigger in found}
    if not forms or not forms <= {"rally", "march"}:
        return False
    occasion = ELECTION_WORDS.search(text) or CEREMONY_WORDS.search(text)
    return bool(occasion and not ARTICLE_PROTEST_WORDS.search(text) and not _political_occasion(text))


def _weak_is_supported(form: str, text: str, has_strong: bool) -> bool:
    """A weak trigger counts next to a strong one, or with protest words (and a crowd for violence).

    Armed groups that block roads or burn buildings fight; they do not protest.
    """
    if has_strong:
        return True
    if ARMED_GROUP.search(text) or COMMUNAL_VIOLENCE.search(text) or UNKNOWN_PERPETRATORS.search(text):
        return False
    if form in ("riot", "blockade"):
        return bool(CROWD.search(text) or PROTEST_CONTEXT.search(text))
    # "gathered at the site to commemorate the massacre": a memorial of repression is a protest gathering
    return bool(PROTEST_CONTEXT.search(text) or REPRESSION_MEMORIAL.search(text))


def _excluded(form: str, match: re.Match[str], text: str) -> bool:
    """Return True when the context makes this trigger something other than a protest event."""
    written = match.group()
    lowered = written.lower()
    before = text[max(0, match.start() - 100) : match.start()]
    if lowered in ("strike", "strikes") and not STRIKE_NOUN_BEFORE.search(before[-50:]):
        return True  # a verb ("the army may strike", "tragedy strikes"), not a walkout
    window = text[max(0, match.start() - 60) : match.end() + 60]
    if form == "rally" and MARKET_WORDS.search(window) and not PROTEST_CONTEXT.search(text[: match.start()]):
        return True
    sporting = form in ("rally", "march") or lowered == "strikers"
    if sporting and SPORTS_WORDS.search(window) and not _protest_words_besides(text, match):
        return True
    if (
        form in ("rally", "march")
        and (ELECTION_WORDS.search(window) or CEREMONY_WORDS.search(window))
        and not _protest_words_besides(text, match)
        and not _political_occasion(text)
    ):
        return True  # a candidate's campaign rally or padayatra, a pilgrims' march, an awareness rally
    # a leader speaking at a rally with no protest words is a party meeting; so is a rally with a name
    named_rally = (
        written == "Rally" and re.search(r"[A-Z][\w’'-]+\s+$", before) and re.match(r"\s+[a-z]", text[match.end() :])
    )
    if form == "rally" and (LEADER_AT_RALLY.search(before) or named_rally) and not _protest_words_besides(text, match):
        return True
    if form == "march":
        if _is_month(match, text):
            return True
        if ARMY_MARCH.search(text[max(0, match.start() - 30) : match.end()]):
            return True
    if lowered.startswith("protest"):
        if REASON_BEFORE.search(before):
            return True  # "in protest to X", "as a mark of protest": a reason; the weak trigger stands for it
        if not lowered.startswith(("protester", "protestor")) and _is_statement(match, text, before):
            return True
    if (PARTICIPANT_NOUN.fullmatch(written) or lowered == "rioting") and TRIAL.search(text) and not HELD.search(text):
        return True  # "the court sentenced 12 protesters": a trial
    if EVENT_NOUN.fullmatch(lowered) and VERDICT.search(text) and not HELD.search(text):
        return True  # "a leader of the protests, found guilty of illegal assembly": a trial about past protests
    if INSURGENTS_BEFORE.search(before):
        return True  # "Maoists protesting the killing": insurgents, not civil protesters
    if EVENT_NOUN.search(lowered) and (BACKGROUND_BEFORE.search(before) or BACKGROUND_AFTER.match(text, match.end())):
        return True
    if SUPPORTED_BEFORE.search(before):
        return True
    return bool(NEGATED.search(before))


def _explains_excluded_act(match: re.Match[str], text: str, not_protests: list[tuple[int, int]]) -> bool:
    """ "in protest", "as a mark of protest" anywhere, or "to protest" right after an act that is no protest.

    "Delegates walked out of the meeting in protest", "a bandh called by the Maoists to protest the killing".
    """
    if REASON_TRIGGER.fullmatch(match.group()):
        return True
    return _gives_reason(text, match.start(), match.end()) and any(
        end <= match.start() <= end + 100 for _, end in not_protests
    )


def _gives_reason(text: str, start: int, end: int) -> bool:
    """ "in protest", "as a mark of protest", "to protest", ", protesting": why another act was done."""
    written = text[start:end]
    if REASON_TRIGGER.fullmatch(written):
        return True
    return written.lower() in ("protest", "protesting") and bool(PURPOSE_BEFORE.search(text, max(0, start - 4), start))


def _protest_words_besides(text: str, match: re.Match[str]) -> bool:
    rest = text[: match.start()] + " " + text[match.end() :]
    return bool(
        re.search(r"\b(?:protest\w*|demonstrat\w*|slogans?|placards?|against|demand\w*|condemn\w*)\b", rest, re.I)
    )


def _political_occasion(text: str) -> bool:
    """A march to an embassy or a seat of government, a memorial of a massacre: politics, not a ceremony."""
    return bool(POLITICAL_TARGET.search(text) or REPRESSION_MEMORIAL.search(text))


def _is_statement(match: re.Match[str], text: str, before: str) -> bool:
    """A government or a spokesman that "protested", or "protested" used as a verb of saying."""
    crowd_before = CROWD.search(before[-60:])
    if (OFFICIAL_SUBJECT.search(before) or ADDRESSED_PROTEST.match(text, match.start())) and not crowd_before:
        return True
    if REPORTING_PROTEST.match(text, match.start()) and re.search(r",\s*(?:[\w’'-]+\s+){1,6}$", before):
        return True
    if re.match(r"protest(?:ed|s)? that\b", text[match.start() :], re.IGNORECASE):
        return True
    return bool(STATEMENT.search(text) and not CROWD.search(text))


def _is_month(match: re.Match[str], text: str) -> bool:
    """ "March 5", "5 March", "from January to March": the month, in any case."""
    after = text[match.end() : match.end() + 12]
    before = text[max(0, match.start() - 20) : match.start()]
    word_at = text[match.start() : match.end()].lower()
    month_start = match.start() + word_at.rfind("march")
    return word_at.endswith("march") and bool(
        re.match(r"\s+\d", after)
        or re.search(r"\d\s*$", text[max(0, month_start - 4) : month_start])
        or re.search(rf"\b(?:{MONTHS}|\d+)\s*(?:to|and|-|–)\s*$", before + text[match.start() : month_start], re.I)
    )


@dataclass(frozen=True, slots=True)
class _Tense:
    """What the whole sentence says about time, read once for all its triggers."""

    held: bool
    defied: bool

    @classmethod
    def of(cls, text: str) -> _Tense:
        return cls(
            held=bool(HELD.search(text)),
            defied=bool(re.search(r"\b(?:defied|defying|despite|in spite of)\b", text, re.IGNORECASE)),
        )


def _status(text: str, start: int, end: int, tense: _Tense) -> str:
    near_start = max(0, start - STATUS_WINDOW)
    # "marched", "blocked the road": the verb says it happened, whatever else was cancelled or planned
    happened = bool(PAST_TRIGGER.match(text, start, end))
    for cancel in () if happened else CANCELLED.finditer(text, near_start, end + STATUS_WINDOW):
        # "no signs of calling off their strike", "defied a ban": the protest goes on
        if (
            not NOT_CANCELLED.search(text, max(0, cancel.start() - 30), cancel.start())
            and not STOP_PLEA.search(text, max(0, cancel.start() - 80), cancel.start())
            and not tense.defied
        ):
            return "cancelled"
    if not tense.held and (_called_before(text, near_start, start) or CALL_AFTER.match(text, end)):
        return "called"
    if not happened and INTENT_BEFORE.search(text, max(0, start - 50), start):
        return "planned"
    # "the planned march was held despite the ban": the plan came true
    if not (happened or tense.held) and (
        PLANNED_NOUN.search(text, max(0, start - 60), end) or PLANNED_AFTER.match(text, end)
    ):
        return "planned"
    # Tense cues count near the trigger only: a long sentence may tell of a plan and a protest.
    window = (max(0, start - TENSE_WINDOW), end + TENSE_WINDOW)
    if ONGOING.search(text, *window):
        return "ongoing"
    # "hoisted black flags ... and threatened to boycott": the trigger's own clause is in the past
    if PAST_ACT.search(text, max(0, start - 40), start) or (
        happened and not FUTURE_BEFORE.search(text, max(0, start - 30), start)
    ):
        return "occurred"
    return "planned" if PLANNED.search(text, *window) else "occurred"


def _called_before(text: str, near_start: int, start: int) -> bool:
    """ "called for a strike", but not "did not call for the strike" nor "urged them to end the strike"."""
    for call in CALLED.finditer(text, near_start, start):
        denied = NOT_CALLED.search(text, max(0, call.start() - 20), call.start())
        if not denied and not STOP_TO.search(text, call.start(), start):
            return True
    return False
