"""Read an event's arguments from its sentence: organizers, participants, targets, claims (sizes: sizes.py)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .models import Actor, Claim, Span
from .nlp import Entity
from .prefilter import may_match

# ---------------------------------------------------------------------------------------------
# Actors
# ---------------------------------------------------------------------------------------------

NAME_WORD = r"[A-Z][\w’'.-]*"
# Lower-case words inside a name, in English and in the names of other languages ("Berlin gegen Nazis")
CONNECTOR = r"(?:of|for|the|and|in|de|du|des|la|le|&|on|gegen|für|der|die|und|del|von|van|di)"
LONG_NAME_WITH_ACRONYM = re.compile(
    rf"(?P<name>{NAME_WORD}(?:\s+(?:{CONNECTOR}\s+)*{NAME_WORD})+)\s*\(\s*(?P<acronyms>[A-Z][A-Za-z&.]{{1,10}}"
    rf"(?:\s*/\s*[A-Z][A-Za-z&.]{{1,10}})*)\s*\)"
)
# Lower-cased text keeps the brackets: "the telangana joint action committee ( t-jac )". The bracket is found first,
# then the words before it (used with .search up to the bracket, hence "$"): searching for the words first is slow.
LOWER_ACRONYM_BRACKET = re.compile(r"\(\s*(?P<acronym>[a-z][a-z&.-]{1,9})\s*\)")
LOWER_WORDS_BEFORE_BRACKET = re.compile(r"(?:(?<![\w’'-])[a-z][\w’'-]*\s+){2,8}$")
TITLES = frozenset(
    [
        "mla",
        "mlc",
        "mp",
        "councillor",
        "corporator",
        "president",
        "prime",
        "minister",
        "secretary",
        "leader",
        "supreme",
        "chancellor",
        "king",
        "queen",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "general",
        "regime",
        "government",
        "former",
        "new",
        "late",
        "the",
        "of",
        "and",
        "in",
        "on",
        "to",
    ]
)
ACRONYM = re.compile(r"\b[A-Z]{2,7}\b")
# Titles before a person's name that are not part of it.
PERSON_TITLES = frozenset(
    ["president", "prime", "minister", "mr", "mrs", "ms", "dr", "sir", "king", "queen", "chancellor", "mla", "mlc",
     "mp", "mpp", "councillor", "corporator", "advocate"]
)  # fmt: skip
STOP_INITIAL_WORDS = frozenset({"of", "for", "the", "and", "in", "de", "du", "des", "la", "le", "&", "on"})
# Between an organisation and its verb only an acronym, an apposition or a place may stand:
# "NCRI (NCRI) held", "the Organization of Iranian Communities in the United States held".
ORGANIZE_AFTER = re.compile(
    r"^\s*(?:\([^)]{1,20}\)\s*)?(?:[—–][^,.;]{1,40},\s*)?(?:,[^,.;]{1,80},\s*)?"  # "(CACL)—Bangalore Chapter,"
    r"(?:(?:in|from|of|based in) [^,.;()]{1,40}?\s+)?"
    r"(?:(?:which|that|who|\w+ly|also|has|have|had|is|was|were|are|been|today|yesterday|here|on \w+|"
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\s+)*"
    r"(?:held|holds|hold|holding|organi[sz]ed|organi[sz]es|organi[sz]ing|staged|stages|staging|led|hosted|arranged|"
    r"called|launched|launches|began|started|observed|took out|takes out|went on|on (?:a |an |their |its )?"
    r"(?:[\w-]+ )?(?:strike|fast|dharna|hunger strike)|protested|protesting|marched|rallied|demonstrated|"
    r"picketed|gheraoed|blocked|laid siege|protests|continued|intensified|escalated|gathered|assembled|converged|"
    r"stormed|boycotted|downed tools|took to the streets|(?:stepped|ratcheted|racheted) up|"
    r"struck(?! (?:a|an|down|off)\b)|walked (?:off|out)|formed (?:a )?human chains?)\b"
)
# An organisation named by a common noun ("the union organised", "the teachers' union called"); the
# named entity recognizer only finds proper names.
GENERIC_ORGANIZER = re.compile(
    r"\b(?i:the|its|their|a|an)\s+(?P<noun>(?:[a-z]+(?:[’']s|s[’'])?\s+)?"
    r"(?:unions?|party|coalition|federation|confederation|association|alliance|movement|committee|collective))\b|"
    # "the group" only with "the": "a group of students organised" names no organisation
    r"\b(?i:the)\s+(?P<group>group|organi[sz]ation|outfit)\b(?!\s+of\b)"
)
ORGANIZING_BY = (
    r"(?:organi[sz]ed|organsied|led|called|given|hosted|staged|arranged|sponsored|convened|spearheaded|observed) by|"
    r"organi[sz]ed with the (?:help|support) of|organi[sz]ers?(?:\s*,| from| of)|"
    # "nurses represented by the New York State Nurses Association walked off the job": their union acts for them
    r"represented by|"
    r"under the (?:joint )?(?:banner|aegis|auspices|leadership|umbrella|flag) of|at the behest of|"
    # "at the call of X", "in response to a call given by X", "following a call from X"
    r"(?:at|on|following|responding to|in response to) (?:a|the) call (?:given |issued )?(?:by|of|from)"
)
ORGANIZED_BY = re.compile(rf"\b(?:{ORGANIZING_BY})\s+(?:the\s+)?", re.IGNORECASE)
ORGANIZE_BEFORE = re.compile(rf"\b(?:{ORGANIZING_BY})\s+(?:the\s+)?$", re.IGNORECASE)
# "marched under the Samyukt Kisan Morcha (SKM)": a crowd under an organisation's name acts for it, when the name
# ends the phrase ("under the Congress government" is who ruled, "under the Janata Party rule" when).
UNDER = re.compile(r"\bunder\s+(?:the\s+)?", re.IGNORECASE)
NAME_ENDS_PHRASE = re.compile(
    r"\s*(?:\(\s*[\w&.-]{1,12}\s*\)\s*)?(?:[,.;:]|$|(?:and|to|in|on|at|near|towards|against|demanding|over|who|which|"
    r"were|was)\b)"
)
# "a protest by the lorry owners' association", "a march in central Durban by the KZNTA": the event's noun, a
# few words that are no verb of being or doing, then "by" and who held it ("stopped by police" is not this).
EVENT_NOUNS = (
    r"protests?|march(?:es)?|rall(?:y|ies)|strikes?|agitations?|dharnas?|bandhs?|hartals?|stirs?|blockades?|sit-ins?|"
    r"demonstrations?|demos?|picketing|fasts?|gheraos?|boycotts?|processions?|shutdowns?|walk-?outs?|vigils?|siege"
)
EVENT_BY = re.compile(
    rf"\b(?:{EVENT_NOUNS})\b(?P<between>(?:\s+(?!(?:was|were|is|are|been|being|has|have|had|and|or|police|"
    rf"them|him|her)\b)[\w’'-]+){{0,4}}?)\s+by\s+(?:the\s+)?",
    re.IGNORECASE,
)
# "People Opposing Woman Abuse (Powa) said on Friday at a protest outside the court": who speaks for a protest at it.
SAID_AT_EVENT = re.compile(
    rf"^\s*(?:\([^)]{{1,20}}\)\s*)?(?:,[^,.;]{{1,80}},\s*)?said\b[^.;]{{0,40}}?\b(?:at|during) (?:a|an|the|their|its) "
    rf"(?:[\w-]+\s+){{0,2}}?(?:{EVENT_NOUNS})\b",
    re.IGNORECASE,
)
# "he told members of the SA Municipal Workers' Union (Samwu) at a protest march": the members hold it.
AT_EVENT = re.compile(
    rf"\s*(?:\([^)]{{1,20}}\)\s*)?(?:at|during) (?:a|an|the|their|its) (?:[\w-]+\s+){{0,2}}?(?:{EVENT_NOUNS})\b",
    re.IGNORECASE,
)
# Words that may stand between the event's noun and "by": "-ed" words other than these are another act
EVENT_BY_VERBS = frozenset(
    ["organised", "organized", "staged", "held", "called", "led", "launched", "spearheaded", "sponsored", "convened",
     "observed", "given", "arranged", "hosted", "jointly", "declared", "imposed", "enforced"]
)  # fmt: skip
# "X, an office-bearer of the Y": the organisation a leader belongs to is the organiser.
MEMBER_OF_APPOSITION = re.compile(
    r"\s*,\s*(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:office-bearer|leader|president|secretary|member|convener|chief|"
    r"activist|functionary)\s+of\s+(?:the\s+)?",
    re.IGNORECASE,
)
# What a person is in an organisation: "BJP candidate P.K. Krishnadas", "the president of Numsa".
ROLE_NOUNS = (
    r"leaders?|president|vice-president|chief|chairman|chairperson|candidate|legislators?|MLAs?|MLCs?|MPs?|members?|"
    r"secretary|convenor|convener|activists?|spokes(?:man|person|woman)|founder|head|co-?ordinator|office-bearers?|"
    r"functionary|corporator|councillor|minister"
)
# Words between an organisation's name and a role that say where in it the role is ("BJP State president").
ROLE_FOLLOWS = re.compile(rf"\s+(?i:{ROLE_NOUNS})\b")
ROLE_LEVEL = re.compile(r"(?:\s+(?:State|District|City|Town|Taluk|Mandal|Unit|Youth|MPTC|ZPTC|MLAs?|MLCs?|MPs?))+$")
# A lower-case role after a name: "the Congress president" is a person, the party's.
ROLE_AFTER = re.compile(r"\s+(?:president|chief|leader|chairman|chairperson|secretary|minister|spokes(?:man|person))\b")
# A person's title right before a name (used with .search on a window around the name's start).
PERSON_TITLE_BEFORE = re.compile(r"\b(?:MLAs?|MLCs?|MPs?|Minister|Mr|Mrs|Ms|Dr|Shri|Smt|Sri)\.?\s+(?=[A-Z])")
# A capitalised title after an organisation's name makes it a person's title: "Maharashtra Industry Minister X".
TITLE_AFTER = re.compile(r"\s+(?:Minister|President|Secretary|Chief|Leader|Chairman|Chairperson|MLA|MP|Governor)\b")
# "the Dakshina Kannada district units of the CPI", "the youth wing of the BJP": the parent organisation.
UNIT_OF = re.compile(
    r"\s*(?:[\w-]+\s+)?(?:units?|wings?|branch(?:es)?|chapters?|cells?|committees?|sections?)\s+of\s+(?:the\s+)?",
    re.IGNORECASE,
)
# What may open an organisation's name after "by": quotes, "NGO", or whose branch it is ("Wits University's").
NAME_PREFIX = re.compile(
    r"(?:(?:NGO|outfit|organi[sz]ation|group|alliance|movement|coalition|initiative|network)\s+(?=[A-Z‘’'\"“`]))?"
    r"[‘’'\"“`]*\s*"
)
# A number inside a name: "Querdenken 711 (movement)", "Charter 77.", a union's local: "UNITE HERE Local 11 went".
NAME_NUMBER = re.compile(
    r"(?<=\bLocal)\s+\d{1,5}[A-Z]{0,3}\b|"
    r"\s+\d{1,4}(?=\s*(?:[.,;]|$)|\s+(?:movement|group|alliance|initiative|coalition|network|campaign)\b)"
)
# "led by local clergy and the group X": words that name no organisation before one that does.
UNNAMED_BEFORE_AND = re.compile(r"(?:[a-z][\w-]*\s+){1,4}?and\s+(?:the\s+)?")
POSSESSOR = re.compile(r"\s*[’']\s*s\s+(?=[A-Z])")
# "the BJP-led march", "a union-led strike", "Cosatu-affiliated unions": the name before "-led" organised it; in
# "the Arvind Kejriwal-led Aam Aadmi Party" or "the Cosatu-affiliated National Union of Metalworkers" the
# organisation that follows is the organiser.
LED_PREFIX = re.compile(
    r"(?P<name>\b[\w&.()’']+(?:\s+[A-Z][\w&.()’']*){0,4})-(?:led|affiliated|aligned|backed|sponsored|organi[sz]ed)\b"
)
MEMBER_NOUNS = (
    r"members|activists|cadres?|workers|leaders|volunteers|office-bearers|functionaries|legislators|MLAs|MPs|"
    r"councillors|corporators"
)
# "members of the National Union of Teachers staged a sit-in", "teachers affiliated to the X union protested":
# the organisation they belong to held it.
MEMBERS_OF = re.compile(
    rf"\b(?:{MEMBER_NOUNS}|employees|teachers|staff)\s+(?:of|from|affiliated (?:with|to)|owing allegiance to|"
    rf"belonging to|under)\s+(?:the\s+)?",
    re.IGNORECASE,
)
# A name written in lower case with a dot inside, as some organisations write theirs ("ver.di"); not "a.m.", "e.g.".
DOTTED_NAME = r"(?<![\w.])[a-z]{2,}\.[a-z]{2,}(?!\w)"
# A bracket after a name: an acronym ("CPI(M)", "CPI ( M )") or the name in another language ("Solidarity (NSZZ
# Solidarnosc)", "Yellow Vest (Gilets Jaunes)").
NAME_BRACKET = r"\s*\(\s*[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}\s*\)"
# A name as news text writes it: capitalised words joined by "of", "and", "&"; a bracket; a plural possessive the
# tokenizer split ("Employees ' and Workers ' Union").
ORG_NAME = (
    rf"(?:{NAME_WORD}|{DOTTED_NAME})(?:{NAME_BRACKET})?(?:\s+[’'](?=\s))?"
    rf"(?:\s+(?:{CONNECTOR}\s+)*{NAME_WORD}(?:{NAME_BRACKET})?(?:\s+[’'](?=\s))?)*"
)
# "ABVP activists staged", "Dalit Sena activists laid siege", "CPI(M) cadre staging", "EVG union members went on
# strike": members act for it.
MEMBERS_AFTER_NAME = rf"(?:\s*\(\s*[\w&.-]{{1,12}}\s*\))?\s+(?:(?:trade\s+)?union\s+)?(?:{MEMBER_NOUNS})\b"
NAMED_MEMBERS = re.compile(rf"(?P<name>{ORG_NAME}){MEMBERS_AFTER_NAME}")
MEMBERS_AFTER = re.compile(MEMBERS_AFTER_NAME)
# "Azimio supporters blocked the highway", "Yellow Vest (Gilets Jaunes) protesters blocked roundabouts": those who
# follow a movement act for it, when the name is an organisation's rather than a person's (_names_a_movement).
FOLLOWER_NOUNS = r"supporters|protesters|protestors|demonstrators|followers"
# "anti-CAA protests", "pro-Beijing protesters": the name is what the protest is for or against, not who held it
# (used with .search up to the name, hence "$").
ANTI_OR_PRO_BEFORE = re.compile(r"\b(?:anti|pro)\s*-\s*$", re.IGNORECASE)
NAMED_FOLLOWERS = re.compile(rf"(?P<name>{ORG_NAME})\s+(?:{FOLLOWER_NOUNS})\b")
# "Solidarity (NSZZ Solidarnosc) members": a name and, in brackets, the same name in its own language, an alias.
# Only before members or followers: "Erkelenz (North Rhine-Westphalia)" is a place and its region.
NAME_IN_TWO_LANGUAGES = re.compile(
    rf"(?P<name>{NAME_WORD}(?:\s+(?:{CONNECTOR}\s+)*{NAME_WORD})*)\s*\(\s*(?P<alias>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){{1,3}})"
    rf"\s*\)(?={MEMBERS_AFTER_NAME}|\s+(?:{FOLLOWER_NOUNS})\b)"
)
# "a Congress of SA Trade Unions rally", "the NUM strike": whose protest it is, named before its noun.
NAME_BEFORE_EVENT = re.compile(rf"(?P<name>{ORG_NAME})\s+(?:{EVENT_NOUNS})\b")
# Words that open a sentence or a crowd before an organisation's name: not part of it.
NAME_OPENERS = frozenset(
    ["the", "angry", "agitated", "agitating", "irate", "protesting", "some", "several", "hundreds", "thousands",
     "dozens", "scores", "local", "senior", "many", "other", "over", "about", "around", "nearly", "all", "both",
     "family", "earlier", "later", "meanwhile", "also", "hundred", "thousand", "when", "as", "after", "before",
     "while", "even", "former", "senior", "veteran", "in", "at", "on", "by", "with", "from", "ist", "am", "pm",
     "most", "striking", "sacked", "dismissed", "retrenched", "disgruntled", "fellow"]
)  # fmt: skip
# Names that are no organisation: the police or the state at large, a person's title, a time of day.
NOT_ORGANIZERS = frozenset(
    ["police", "government", "state", "army", "us", "nato", "saudi", "centre", "cabinet", "assembly", "parliament",
     "mla", "mlas", "mlc", "mlcs", "mp", "mps", "am", "pm", "ist", "gmt", "utc"]
)  # fmt: skip
# A name holding one of these words is the state's force, not a protest's organiser ("State Reserve Police").
FORCE_WORDS = re.compile(r"\b(?:police|army|forces|military|troops|constabulary|guards?)\b", re.IGNORECASE)
# The nouns that head the name of a body people form to campaign or bargain.
ORGANISATION_NOUNS = (
    r"unions?|party|congress|association|federation|confederation|committee|council|front|forum|alliance|movement|"
    r"league|sabha|sangh|sangha|sangathan|sangathana|sanghatane|sangatane|samiti|samithi|sena|dal|morcha|parishad|"
    r"manch|andolan|vedike|katchi|kazhagam|munnani|sangam|samaj|"
    r"organi[sz]ation|network|coalition|collective|campaign|command|society"
)
ORGANISATION_WORD = re.compile(rf"\b(?:{ORGANISATION_NOUNS})\b", re.IGNORECASE)
ENDS_IN_ORGANISATION = re.compile(rf"\b(?:{ORGANISATION_NOUNS})$", re.IGNORECASE)
# An institution people work for or protest at, not one that holds a protest ("Jamia Millia Islamia university",
# "Gulbarga City Corporation"); a name that also holds an organisation's noun ("Students Union of X University") is
# still an organisation.
INSTITUTION_HEAD = re.compile(
    r"\b(?:university|varsity|college|school|hospital|corporation|corp|municipality|company|department|ministry|"
    r"office|court|collectorate|bank|ltd|limited|inc|airlines?|government|administration|secretariat|station|"
    r"panchayat)\.?$|"
    r"\b(?:Institute|University|College|Ministry|Department|Bank) of\b",
    re.IGNORECASE,
)
# Two parties written as one: "the BJP-SAD councillors".
JOINED_ACRONYMS = re.compile(r"[A-Z]{2,7}(?:-[A-Z]{2,7})+")
# Before a name in a list: "X, Y and" (used with .search up to the next name's start, hence "$").
LISTED_BEFORE = re.compile(
    rf"(?P<name>{ORG_NAME})\s*(?P<separator>,\s*and|,|and|&|in association with|along with|together with|"
    rf"jointly with)\s*(?:the\s+)?$"
)
# A name right after one of these words is where or when something happened, not who held it.
PREPOSITION_BEFORE = re.compile(r"\b(?:in|at|on|during|to|of|from|into|before|after|with|by|for)\s+(?:the\s+)?$",
                                re.IGNORECASE)  # fmt: skip
LIST_NEXT = re.compile(r"\s*(?P<separator>,\s*and|,|and|&)\s+(?:the\s+)?(?=[A-Z])")
# After a name that a bare comma added to a list, the list must go on: "X, Y and Z", not "X, Gandhi Hospital unit".
LIST_GOES_ON = re.compile(r"\s*(?:,|and\b|&)")
# "activists of X", "the youth wing of X": who acts for X, before its name.
MEMBER_PREFIX = re.compile(
    rf"(?:(?:[\w-]+\s+){{0,2}}(?:{MEMBER_NOUNS})|(?:[\w-]+\s+)?(?:units?|wings?|branch(?:es)?|chapters?|cells?|sections?))"
    rf"\s+of\s+(?:the\s+)?",
    re.IGNORECASE,
)
# Lower-case words that end in an organisation's noun: "the lorry owners' association".
# Not "various unions", "several organisations" (no one named), nor "union affiliated workers" (the workers).
LOWER_ORGANISATION = re.compile(
    r"(?!(?:various|several|many|some|other|different|all|both|these|those|two|three|four|five|six)\b)"
    r"(?:[a-z][\w-]*[’']?\s+(?:[’']\s+)?){0,3}?(?:unions?|association|federation|confederation|committee|"
    r"alliance|forum|front|samiti|sangh|sangha|council)\b(?!\s+(?:affiliated|members|workers|activists)\b)"
)
SPACE = re.compile(r"\s+")
TRAILING_DATE = re.compile(
    r"(?:\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December))+$"
)
TRAILING_ALIAS = re.compile(r"\s*\(\s*(?P<alias>[^()]{1,40}?)\s*\)$")
TRAILING_BRACKET = re.compile(r"\s*\(\s*(?P<acronym>[A-Za-z][\w&.-]{0,10})\s*\)?$")
# One name, not a list: at most one connector between two capitalised words ("Youth Congress, the BJP and the DYFI").
ORG_NAME_RUN = re.compile(
    rf"{NAME_WORD}(?:\s*\(\s*[A-Z][\w-]*\s*\))?(?:\s+[’'](?=\s))?"
    rf"(?:\s+(?:{CONNECTOR}\s+)?{NAME_WORD}(?:\s*\(\s*[A-Z][\w-]*\s*\))?(?:\s+[’'](?=\s))?)*"
)
# "BJP candidate P.K. Krishnadas", "the Telugu Desam Party MPTC member Gurumurthy": whom a person acts for (used with
# .search up to the person's name, hence "$").
AFFILIATION_BEFORE = re.compile(
    rf"(?P<org>{ORG_NAME_RUN.pattern})\s+(?:[\w.-]+\s+){{0,2}}?(?i:{ROLE_NOUNS})\s+(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?$"
)
# Nouns after a capitalised word that make it a modifier of people or a place, not an organisation's name:
# "a strike by Kasimedu fishermen", "members of the Bhangi community", "staff of the South Rand hospital".
MODIFIED_NOUN_AFTER = re.compile(
    r"\s*[’'”\"]?\s*(?:communit(?:y|ies)|castes?|tribes?|clans?|village|villagers|town|district|residents|fishermen|"
    r"farmers|students|people|families|women|youth|hospital|school|college|university|company|mine|factory|plant)\b"
)
# Verbs by which members act for their organisation in MEMBERS_OF / NAMED_MEMBERS sentences.
PROTEST_ACT = re.compile(
    r"\b(?:staged|stage|staging|held|hold|holding|organi[sz]ed|took out|launched|observed|blocked|protested|"
    r"protesting|marched|rallied|gathered|went on|sat on|burnt|raised|demonstrated|picketed|gheraoed|"
    r"boycotted|laid siege|lay siege|stopped work|struck work|vandali[sz]ed|ransacked|squatted|participated|"
    r"took part|began|started|continued|observing|demonstrating|protests|stalled|(?<!-)(?:lead|led|leading)|"
    r"protest(?= against| outside| in front)|(?:stepped|ratcheted|racheted) up|downed tools|took to the streets|"
    r"struck(?! (?:a|an|down|off)\b)|walked (?:off|out)|formed|occupied|occupying|stormed)\b",
    re.IGNORECASE,
)
# "Salaheddine Sidhoum ... staged a 24-hour hunger strike", "Leticia Lee, who is on an indefinite hunger strike":
# a person who fasts or sits in holds the protest.
PERSON_ACT = re.compile(  # used with .match(text, pos): no "^"
    r"\s*(?:,[^.;]{1,80}?,\s*|,\s*)?(?:(?:who|\w+ly|also|has|have|had|is|are|was|were|been|today|yesterday|"
    r"on \w+)\s+)*(?:began|begun|launched|staged|started|went on|continued|observed|sat on|is on|was on|undertook|"
    r"led|leading|heading|been on)\s+(?:a |an |his |her |their |the )?(?:[\w’'“”\"-]+\s+){0,3}?"
    r"(?:hunger[- ]strike|fast|dharna|sit-in|satyagraha|padayatra|protest|march|agitation)\b",
    re.IGNORECASE,
)
# "Cosatu's march", "Anna Hazare's agitation": whose protest it is.
# The words between may qualify the event ("Cosatu's planned march"), not name a place or other people ("the BDO's
# office in protest", "Patient's kin protest").
POSSESSIVE_EVENT = re.compile(
    rf"(?P<name>{ORG_NAME})\s*[’']\s*s\s+(?:(?!(?:in|at|on|of|to|for|from|with|against|outside|near|and|kin|family|"
    rf"relatives|son|daughter|wife|husband|supporters|members|office)\b)[\w-]+\s+){{0,2}}?"
    rf"(?:calls? for (?:a |an |the )?(?:[\w-]+\s+)?)?"  # "Cosatu's call for a general strike"
    rf"(?:march|protest|rally|strike|agitation|dharna|bandh|fast|hunger strike|sit-in|stir|blockade|picket)\b"
)
SUPPORTERS_BEFORE = re.compile(r"\bsupporters of\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}$", re.IGNORECASE)
# "in support of Medha Patkar's agitation": another protest than the one reported.
SUPPORTING_BEFORE = re.compile(r"\b(?:in support of|solidarity with|supporting|backing)\b[^,.;]{0,50}$", re.IGNORECASE)
# Lower-cased text has no capitals to end a name: it runs to the first word that cannot be part of one.
LOWER_NAME = re.compile(
    r"(?P<name>[a-z][\w&.()’'-]*(?:\s+[’'](?=\s))?(?:\s+(?!(?:in|on|at|to|against|demanding|outside|near|who|which|"
    r"from|over|for|with|staged|held|and|as|after|before|during|since|across|while|demand(?:ed|s)?|protest\w*)\b)"
    r"[a-z][\w&.()’'-]*(?:\s+[’'](?=\s))?){0,6})"
)
# Lower-cased runs: the words that open a crowd or a quantity, not a name; the plural nouns of a crowd; the nouns that
# end an organisation's name or a unit's, and the "of" that leads from a unit to its parent.
UNSPECIFIC_OPENERS = frozenset(
    ["several", "various", "many", "some", "other", "different", "both", "these", "those", "this", "that", "another",
     "police", "them", "him", "her", "it", "hundreds", "thousands", "dozens", "their", "its"]
)  # fmt: skip
PLURAL_GROUP_END = re.compile(
    r"\b(?:parties|groups|organi[sz]ations|unions|women|men|students|workers|people|activists|residents|members|"
    r"leaders|farmers|villagers|employees|teachers|doctors|nurses|lawyers|advocates|traders|drivers|fishermen|"
    r"protesters|demonstrators|citizens|locals|youths?)$",
    re.IGNORECASE,
)
LOWER_ORGANISATION_HEAD = re.compile(rf"\b(?:{ORGANISATION_NOUNS})\b")
# The lower-case words that may open an organisation's name before its noun, up to a word that cannot be part of it.
LOWER_WORDS_BEFORE = re.compile(
    r"(?:(?<![\w’'-])(?!(?:the|a|an|by|of|and|with|from|in|on|at|to|for|members|activists|workers|cadres|leaders|"
    r"supporters|that|which|who|said|when|as|while|after|before|under|led|called|organi[sz]ed|against|over|also|"
    r"protest\w*|banner|aegis|behest|call)\b)[a-z][\w’'-]*\s+(?:[’']\s+)?){1,5}$"
)
NUMBER_WORDS = frozenset(
    ["a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen", "score"]
)
# "all" opens names ("all india students federation") more often than crowds
LOWER_OPENERS = (NAME_OPENERS | NUMBER_WORDS) - {"all"}
UNIT_NOUN = re.compile(r"units?|wings?|branch(?:es)?|chapters?|cells?|committees?|sections?")
LOWER_HEAD = re.compile(rf"\b(?:{ORGANISATION_NOUNS}|{UNIT_NOUN.pattern})\b")
PARENT_OF = re.compile(r"\s+of\s+(?:the\s+)?")
SHORT_OF_TAIL = re.compile(r"\s+of(?:\s+(?!(?:the|a|an|and)\b)[a-z][\w-]*){1,3}")
# The head nouns by which a text refers back to an organisation it has named ("the union", "the group").
BACK_REFERENCE = re.compile(
    r"^(?:the\s+)?(?P<head>union|party|group|organi[sz]ation|coalition|federation|confederation|association|"
    r"alliance|movement|committee|collective|council|front|forum|network|campaign|outfit)$",
    re.IGNORECASE,
)
GROUP_NOUNS = (
    "students|workers|teachers|farmers|doctors|nurses|lawyers|women|residents|activists|villagers|employees|"
    "pensioners|retirees|journalists|parents|truckers|miners|refugees|youth|monks|clergy"
)
# Nouns that name a group only after a nationality: "Iranian community", not "the international community".
DIASPORA_NOUNS = "expatriates|exiles|diaspora|Americans|Canadians|Britons|community|communities|immigrants"
# People who protest against a protest: "counter-protesters", "a rival rally", "held their own rally". Their event
# is a separate one, linked to the protest it opposes (dedup.is_counter_protest reads the participant's name).
COUNTER_PROTEST = (
    r"(?i:counter[- ]?(?:protest(?:(?:er|or)s?|s)?|demonstrat(?:ors?|ions?)|rall(?:y|ies)|march(?:es|ers)?)|"
    r"rival (?:rall(?:y|ies)|protests?|demonstrations?|march(?:es)?)|held (?:their|its|a) own "
    r"(?:rall(?:y|ies)|protests?|demonstrations?|march(?:es)?))"
)
PARTICIPANT_PATTERN = re.compile(
    rf"\b(?:(?P<demonym>[A-Z][a-z]+(?:an|ian|ese|i|ish|ch))\s+(?P<group>{GROUP_NOUNS}|{DIASPORA_NOUNS})\b|"
    rf"(?P<plural>[A-Z][a-z]+(?:ans|ians|eses|is|ns))\b|supporters of (?:the\s+)?(?P<supported>"
    rf"{NAME_WORD}(?:\s+(?:{CONNECTOR}\s+)*{NAME_WORD})*)|(?P<plain>(?i:striking |local |university )?"
    rf"(?:{GROUP_NOUNS}))\b|(?P<counter>{COUNTER_PROTEST}))"
)
REMOVAL = r"resignation|removal|dismissal|ouster|sacking|suspension|arrest|recall|prosecution|transfer|expulsion"
REMOVAL_CUE = re.compile(rf"(?:immediate\s+)?(?:{REMOVAL}) of", re.IGNORECASE)
# "protesting the arrest of its president", "against the suspension of the levy": the removal is the grievance.
OPPOSED_BEFORE = re.compile(
    r"\b(?:against|over|protest\w*|condemn\w*|oppos\w*|denounc\w*|withdraw\w*|revo\w+|cancel\w*)\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
PREMISES_NOUNS = (
    r"offices?|headquarters|hq|factory|plant|premises|residence|house|home|embassy|consulate|gates?|branch|mine|"
    r"store|shops?"
)
# The premises cue comes first so that "gheraoed the office of X" reads X, not the office.
TARGET_CUE = re.compile(
    r"\b(?:(?:outside|in front of|at|before|near|to|gheraoed|picketed|besieged|stormed|attacked|ransacked|siege to) "
    rf"(?:the )?(?:{PREMISES_NOUNS}) of|"
    r"condemn(?:s|ed|ing)?|(?<!crimes )against|denounc(?:e|es|ed|ing)|prosecut(?:e|ed|ing|ion of)|"
    r"flay(?:s|ed|ing)?|slam(?:s|med|ming)?|critici[sz](?:e|es|ed|ing)|blam(?:e|es|ed|ing)|warn(?:s|ed|ing)?|"
    rf"oppos(?:e|ed|ing)|(?:immediate\s+)?(?:{REMOVAL}) of|speech of|accountable|protest(?:s|ed|ing)? (?:to|against)|"
    r"to protest(?= (?-i:[A-Z]))|protest(?:ed|ing)|in defiance of|strikes? (?:at|against)|disapproval (?:of|for)|"
    # "in front of the Savanur municipality", "outside the Agriculture Department": the institution whose site it is
    r"(?:outside|in front of|before|gheraoed|picketed|besieged|stormed)(?= (?:the )?(?:[\w’'-]+ ){0,3}"
    r"(?:municipality|corporation|council|ministry|department|company|bank)\b)|"
    rf"(?:laid|lay|laying) siege to(?: (?:the )?(?:{PREMISES_NOUNS}) of)?|besieg(?:ed|ing)|gherao(?:ed|ing)|"
    r"demand(?:s|ed|ing)?(?: that)?|urg(?:es|ed|ing)|call(?:s|ed|ing)? (?:on|upon|for)|accus(?:e|es|ed|ing)|"
    r"down with|(?:to press|press(?:es|ed|ing))(?! for\b)|pressur(?:e|es|ed|ing)|pressuri[sz](?:e|es|ed|ing)|"
    # "walked off the job at Albany Medical Center", "went on strike at Heathrow": the employer
    r"(?:walked (?:off|out)(?: of)?(?: (?:the|their) jobs?)?|struck|(?:went|are|were|is|was|been) on (?:an? )?"
    r"(?:[\w-]+ )?strike) at|"
    # "over the government's decision", "in protest at Beijing's law": only a possessive, not "over the weekend"
    r"(?:over|(?:in )?protest (?:at|over))(?= (?:the )?(?:[\w-]+ ){0,3}?[\w-]+ ?[’'] ?s\b))\s+(?:the\s+|an?\s+)?",
    re.IGNORECASE,
)
# What the target did or decided, between the cue and its name: "against the visit of X", "the imposition of an X
# candidate", "the alleged harassment by RTA officials". An act "of" a victim ("the killing of X") is not one.
ACT_OF = re.compile(
    r"(?:[a-z‘'\"“][\w’'-]*\s+){0,2}?(?:(?:visit|decision|move|policy|policies|presence|imposition|appointment|nomination|"
    r"refusal|failure|inaction|attitude|apathy|stand|remarks?|statements?|comments?|rule|plans?|proposal|orders?|"
    r"directive|bill|scheme)\s+(?:of|by)|(?:harassment|atrocit(?:y|ies)|excesses|brutality|high-?handedness|"
    r"attacks?|assault|violence|torture|repression|crackdown|killings?|firing|lathi-?charge|negligence|"
    r"discrimination|exploitation|interference|meddling)(?:\s*[’'\"”])?\s+by)\s+(?:the\s+|an?\s+)?"
)
# Lower-case words of a role before a person's name: "against foreign missionary Bernard Blessing".
ROLE_BEFORE_NAME = re.compile(
    r"(?:[a-z][\w’'-]*\s+)?(?:missionary|preacher|minister|leader|chief|president|official|mayor|governor|actor|director|"
    r"chairman|boss|owner|head|councillor|candidate|cleric|officer|businessman|contractor)\s+(?=[A-Z])"
)
# "a bill signed in by Labour Minister X", "the tax introduced by the Tamil Nadu government": who made the grievance,
# when the sentence protests against it (GRIEVANCE_BEFORE).
IMPOSED_BY = re.compile(
    r"\b(?:introduced|imposed|announced|signed(?: in)?|proposed|enforced|issued|passed|ordered|hiked|cut|hike|"
    r"killed|shot|beaten|assaulted|attacked|harassed|tortured|evicted|demolished|"
    # "over electricity cuts by Eskom", "against fee hikes by the university"
    r"cuts|hikes|increases|closures?|evictions?|demolitions?|layoffs|retrenchments?|privati[sz]ation) by\s+(?:the\s+)?"
)
# "the blockade imposed by the UNC": what was imposed is the protest, and who imposed it its organiser.
EVENT_BEFORE = re.compile(rf"\b(?:{EVENT_NOUNS})\s+$", re.IGNORECASE)
# A word of a labour dispute: the employer is a target only in a sentence about one.
LABOUR_ACTION = re.compile(
    r"\b(?:strik\w+|struck|stopped work|walk-?outs?|walked (?:off|out)|lock-?outs?|stayed away|abstained|go-slow|"
    r"work-to-rule|picket lines?)\b",
    re.IGNORECASE,
)
STRIKE_NOUN = re.compile(r"\b(?:strikes?|walk-?outs?|lock-?outs?)$", re.IGNORECASE)
GRIEVANCE_BEFORE = re.compile(
    r"\b(?:against|over|protest\w*|oppos\w*|condemn\w*|demand\w*|scrap|withdraw\w*|revok\w*|repeal\w*)\b", re.IGNORECASE
)
STAFF_NOUNS = r"workers|employees|staff|miners|mineworkers|labourers|drivers|pilots|nurses|guards|conductors"
# "striking workers at Impala Platinum", "contract workers of Neyveli Lignite Corp": the employer a strike is aimed at;
# "students at Howard University": the university a protest about its campus is aimed at.
EMPLOYEES_AT = re.compile(
    rf"\b(?i:(?P<staff>{STAFF_NOUNS})|(?P<students>students|scholars))\s+"
    r"(?:at|of)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}(?=[A-Z])"  # "workers at state-owned Transnet"
)
# The same named before them: "Amazon warehouse workers", "Tata Steel employees", "Howard University students".
NAMED_EMPLOYEES = re.compile(
    rf"(?P<name>{NAME_WORD}(?:\s+(?:{CONNECTOR}\s+)?{NAME_WORD})*)\s+(?P<between>(?:[a-z][\w-]*\s+){{0,2}}?)"
    rf"(?:(?P<staff>{STAFF_NOUNS})|(?P<students>students|scholars))\b"
)
# A workplace named between an employer and its staff ("Amazon warehouse workers") makes the name the employer's
# even outside a strike.
WORKPLACE = re.compile(
    r"\b(?:warehouse|factory|plant|store|shop|mine|mill|refinery|depot|hotel|hospital|airline|airport|bank|branch|"
    r"call-?cent(?:re|er)|office|site|yard|shipyard|railway|bus)\b"
)
SCHOOL = re.compile(r"\b(?:university|varsity|college|school|institute|polytechnic|academy)\b", re.IGNORECASE)
# In lower-cased text the school's name runs to its noun or, after "of", to a bracket or comma: "students at howard
# university", "students of the university of cape coast ( ucc )"; "students of the university" names none.
LOWER_STUDENTS_OF_SCHOOL = re.compile(
    r"\b(?:students|scholars)\s+(?:at|of)\s+(?:the\s+)?(?P<school>(?!(?:the|a|an|this|that|our|their)\b)"
    r"(?:[a-z][\w-]*\s+){1,3}?(?:university|varsity|college|institute)\b|"
    r"(?:university|college|institute) of(?:\s+[a-z][\w-]*){1,3}?(?=\s*[(,.;]))"
)
# A grievance about a school's own campus: what its students protest is then the school ("over food shortages at the
# campus", "against hikes in fees", "protesting poor dormitory conditions"); "against quotas in government jobs" is
# not about the school.
CAMPUS_GRIEVANCE = re.compile(
    r"\b(?:protest\w*|against|over|about|demand\w*|seeking)\s+(?:[\w’'-]+\s+){0,4}?(?:fees?|tuition|hostels?|"
    r"dormitor(?:y|ies)|accommodation|campus|mess|food|canteen|exams?|examinations?|admissions?|facilities|"
    r"classrooms?|teaching)\b",
    re.IGNORECASE,
)
# "outside Prime Media's Johannesburg offices", "near AKP offices", "attacked the district BJP office", "marched to
# the Mohokare municipality's offices": whose premises the crowd went to.
PREMISES_OF = re.compile(
    r"\b(?P<cue>outside|in front of|at|before|near|to|into|gheraoed|picketed|besieged|stormed|attacked|ransacked|"
    r"vandali[sz]ed|torched)\s+(?:the\s+)?(?:(?:district|state|local|regional|city|party|main)\s+)?"
    rf"(?P<name>{NAME_WORD}(?:\s+(?:{CONNECTOR}\s+)?{NAME_WORD}){{0,5}}?"
    r"(?:\s+(?:municipality|corporation|council|company|government))?)"
    r"(?:\s*[’']\s*s\s+(?:[A-Z][\w-]*\s+)?|\s+)(?:offices?|residence|house|home|headquarters|factory|plant|premises|"
    r"bungalow)\b"
)
# "outside the Chinese embassy", "to the Indian High Commission": the country whose mission it is.
MISSION_OF_PEOPLE = re.compile(
    r"\b(?:outside|in front of|at|before|near|to|towards|besieged|stormed|attacked|picketed|gheraoed)\s+(?:the\s+)?"
    r"(?P<demonym>[A-Za-z][a-z]+)\s+(?i:embassy|consulate|high commission|mission)\b"  # lower-cased text too
)
# "an anti-MONUSCO demonstration", "anti-Adani protesters": what the protest opposes, named in its adjective.
ANTI_NAME = re.compile(
    rf"\b(?i:anti)\s*-\s*(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{0,4}})\s+"
    rf"(?i:{EVENT_NOUNS}|protest(?:er|or)s|demonstrators|agitat(?:ion|ors))\b"
)
# "#EndSARS", "#StopAdani": a hashtag that calls to end or stop something names it (one word or an acronym; "#End
# BadGovernance" names no one).
HASHTAG_AGAINST = re.compile(
    r"#(?:End|Stop|Scrap|Ban|Boycott|Reject|Remove|Oust|Sack|Arrest|Fire|Drop)(?P<name>[A-Z]{2,}|[A-Z][a-z]+)\b"
)
# "to" leads to premises only after a word of movement ("marched to Anglo's offices", not "land allotted to the
# Congress office").
MOVED_BEFORE = re.compile(
    r"\b(?:march\w*|walk\w*|went|go|going|moved?|proceed\w*|came|come|head\w*|converg\w*|rall(?:y|ied)|trek\w*)\b"
    r"[^.,;]{0,40}$",
    re.IGNORECASE,
)
# Function words that end a phrase naming an institution or an owner: "the harassment by officials" is read by ACT_OF.
NOT_A_QUALIFIER = (
    r"the|a|an|of|by|in|on|for|to|from|with|at|over|against|and|or|that|which|who|was|were|is|are|has|had|have|"
    r"outside|near|inside|before|after|during"
)
# Lower-cased text: a possessor ("beijing ’ s interference"), premises with an owner ("outside prime media ’ s
# johannesburg offices"), and the cues after which a name must follow ("the resignation of", "the offices of").
LOWER_POSSESSOR = re.compile(
    rf"(?P<name>(?:(?!(?:{NOT_A_QUALIFIER})\b)[a-z][\w-]*\s+){{0,3}}?[a-z][\w-]*)\s*[’']\s*s\b"
)
LOWER_PREMISES_OF = re.compile(
    r"\b(?:outside|in front of|at|near|to|into|gheraoed|stormed|attacked|ransacked)\s+(?:the\s+)?"
    r"(?P<name>(?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*)\s*[’']\s*s\s+(?:[a-z]+\s+)?"
    r"(?:offices?|residence|house|headquarters|factory|plant|premises)\b"
)
NAMED_NEXT = re.compile(
    rf"\b(?:(?:{REMOVAL}|{PREMISES_NOUNS}|visit) of|siege to|gherao\w*|besieg\w*|by)\s+(?:the\s+|an?\s+)?$",
    re.IGNORECASE,
)
# Up to six lower-case words of a name ("bengaluru development minister k.j. george"), ending before a verb or a
# function word.
LOWER_TARGET_NAME = re.compile(
    r"(?:(?!(?:\w+ing|\w+ed|that|who|whom|which|a|an|the|said|to|and|or|as|for|in|on|at|of|from|with|over)\b)"
    r"[a-z][\w.’'-]*(?:\s+|$)){1,6}"
)
GENERIC_POSSESSOR = re.compile(
    r"company|firm|hospital|university|varsity|college|school|institute|state|country|city|town|number|section"
)
# A person's title in lower-cased text: the name follows ("against prime minister narendra modi").
LOWER_PERSON_TITLE = re.compile(
    r"(?:(?:prime|chief|deputy|union|state|home|finance|foreign|education)\s+)?(?:minister|president|governor|mayor|"
    r"premier|chancellor|mla|mp)\s+(?=[a-z])"
)
# "the City of Johannesburg", "the Government of Maharashtra": an institution, though it holds a place's name.
INSTITUTION_OF_PLACE = re.compile(r"(?:City|Municipality|Government|Council|Corporation|Province|State) of ")
# "X and the Y", "X, Y", "X ( FRA ) and Y": another target listed after one.
LIST_NEXT_TARGET = re.compile(r"(?:\s*\(\s*[\w&.-]{1,12}\s*\))?\s*(?:,\s*and|,|and|&)\s+(?:the\s+)?")
NUMBER_AFTER = re.compile(r"\s+\d")
# A number that ends a name, before punctuation or a function word: "the Finance Bill 2024;", "Section 144 in";
# not "the Ward 61 office" nor "Modi 1,000 people".
NUMBER_ENDS_NAME = re.compile(
    r"\s+\d{1,4}\b(?![,.]\d)(?=\s*(?:[,.;:)!?]|$)|\s+(?:and|or|in|on|at|which|that|who|was|were|is|are|has|had|"
    r"by|to|for|with|after|before|during|when|as|while)\b)"
)
# Lower-case words that name no one before a name listed with "and": "against insecurity and the Buhari government"
# (a bare comma may end a clause: "blame the survivor, People Opposing Woman Abuse said").
UNNAMED_BEFORE_LISTED = re.compile(r"(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*(?=\s*,?\s*and\s+(?:the\s+)?[A-Z])")
POSSESSIVE_IN_RUN = re.compile(r"\s*[’']\s*s\b")
# "the Shiv Sena-ruled X", "the BJP-led government": the name after the prefix is the target.
RULED_BY = re.compile(r"[\w .’'-]{0,40}?-(?:ruled|led|run|controlled|backed)\s+")
# Officials at whose office people petition: the office is a place, its holder no target.
OFFICIAL_TITLE = re.compile(
    r"\b(?:Collector|Commissioner|Tahsildar|Officer|Engineer|Superintend\w*|Magistrate|Registrar\S*|Director|DIG|SP|"
    r"MRO|BDO|RDO|RDC|Collectorate|Advisor|Adviser|V-C|Vice-Chancellor|Principal)s?\b",
    re.IGNORECASE,
)
OFFICE_OF = re.compile(rf"{OFFICIAL_TITLE.pattern}\s+of\b", re.IGNORECASE)
POSSESSIVE_AFTER = re.compile(r"\s*[’']\s*s?\b")
# Cues after which the next name must be followed by what it should do ("demanding X resign",
# "urged the government to"), else the name is the demand itself, not its target.
ADDRESSEE_CUE = re.compile(r"^(?:demand|urg|call)", re.IGNORECASE)
ADDRESSEE_AFTER = re.compile(  # used with .match(text, pos): no "^"
    r"\s+(?:should\s+|must\s+)?(?:resign|step down|quit|to\b|be (?:sacked|removed|dismissed|arrested|prosecuted))|"
    rf"\s*[’']\s*s\s+(?:immediate\s+)?(?:{REMOVAL})\b",
    re.IGNORECASE,
)
# Institutions and people named by common nouns: "against the state government", "urged the management to",
# "against the stone quarry owners". Words before the noun qualify it; a function word ends the phrase ("the
# harassment by officials" is read by ACT_OF).
INSTITUTION_NOUNS = (
    r"government|regime|administration|authorities|police|management|municipality|corporation|council|university|"
    r"company|ministry|department|board|junta|employers?|officials|officers|owners|contractors|builders|landlords|"
    r"operators|mafia"
)
INSTITUTION = re.compile(
    rf"(?:(?!(?:{NOT_A_QUALIFIER})\b)[\w’'-]+\s+){{0,3}}(?:{INSTITUTION_NOUNS})\b",
    re.IGNORECASE,
)
UNNAMED_COMPANY = re.compile(r"(?:(?:their|its|his|her|the|a|an|[a-z]+)\s+)?(?:company|firm|employers)")
# In lower-cased text a name before the institution's noun has no capitals: "the tamil nadu government".
INSTITUTION_LOWER = re.compile(rf"(?:(?!(?:{NOT_A_QUALIFIER})\b)[a-z][\w’'-]*\s+){{0,3}}?(?:{INSTITUTION_NOUNS})\b")
NOT_ACTORS = frozenset(
    [
        "the",
        "un",
        "eu",
        "europe",
        "asia",
        "africa",
        "america",
        "americas",
        "middle",
        "east",
        "latin",
        "america",
        "world",
        "globe",
        "west",
        "east",
    ]
)
# A run "Raisi on Monday" or "the Ministry in March" ends before the date.
DATE_NAME = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\b"
)
CAPITALIZED_RUN = re.compile(rf"{NAME_WORD}(?:\s+(?:{CONNECTOR}\s+)?{NAME_WORD})*")


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorIndex:
    """The article's actors: long names with their acronyms, and full names of people by surname."""

    aliases: dict[str, tuple[str, ...]]  # long name -> acronyms
    by_acronym: dict[str, str]  # acronym -> long name
    full_names: dict[str, str]  # surname -> most frequent "First Last" in the article
    # (position, canonical name) of each named organisation, in text order: "the union" refers back to one
    organisations: tuple[tuple[int, str], ...] = ()
    # The text indexed, and (position, name or acronym) of every place where one of aliases or by_acronym stands
    # in it, in text order: a sentence looks up only those it holds instead of searching for all (issue 9).
    text: str = field(default="", repr=False)
    spots: tuple[tuple[int, str], ...] = field(default=(), repr=False)


def index_actors(text: str, entities: Sequence[Entity]) -> ActorIndex:
    """Collect the article's acronyms ("National Council of Resistance of Iran (NCRI)") and people's names."""
    aliases: dict[str, tuple[str, ...]] = {}
    for match in LONG_NAME_WITH_ACRONYM.finditer(text):
        acronyms = tuple(part.strip() for part in match.group("acronyms").split("/"))
        name = _name_for_acronym(_clean_name(match.group("name")), acronyms[0])
        if name is not None or len(acronyms) > 1:
            name = name or _clean_name(match.group("name"))
            aliases[name] = tuple(dict.fromkeys(aliases.get(name, ()) + acronyms))
    for bracket in LOWER_ACRONYM_BRACKET.finditer(text):
        words = LOWER_WORDS_BEFORE_BRACKET.search(text, max(0, bracket.start() - 120), bracket.start())
        acronym = bracket.group("acronym")
        name = _name_for_acronym(words.group().strip(), acronym) if words else None
        if name is not None:
            aliases[name] = tuple(dict.fromkeys(aliases.get(name, ()) + (acronym,)))
    for match in NAME_IN_TWO_LANGUAGES.finditer(text):
        named = _trim_name(text, match.start("name"), match.end("name"), 0, [])
        if named is not None:
            aliases[named[2]] = tuple(dict.fromkeys(aliases.get(named[2], ()) + (match.group("alias"),)))
    # Acronyms used alone whose letters follow a known organisation's initials ("OIAC" for the
    # "Organization of Iranian Communities"): news text often drops a word of the long name.
    organisations = {_clean_name(e.text) for e in entities if e.label == "ORG"}
    known = {acronym for acronyms in aliases.values() for acronym in acronyms}
    for acronym in set(ACRONYM.findall(text)):
        if acronym in known or acronym.lower() in NOT_ORGANIZERS:  # "IST" is a time zone, not "Income Tax"
            continue
        for name in organisations:
            if len(name.split()) >= 2 and _acronym_fits(acronym, name, slack=1):
                aliases[name] = aliases.get(name, ()) + (acronym,)
                break
    by_acronym = {acronym: name for name, acronyms in aliases.items() for acronym in acronyms}
    surnames: dict[str, Counter[str]] = {}
    # A lookahead so that pairs overlap: "President Jair Bolsonaro" must still yield "Jair Bolsonaro".
    for match in re.finditer(r"\b(?=([A-Z][a-z]+) ([A-Z][a-z]{2,})\b)", text):
        if match.group(1).lower() not in TITLES:
            surnames.setdefault(match.group(2), Counter())[f"{match.group(1)} {match.group(2)}"] += 1
    people = {e.text for e in entities if e.label == "PERSON" and len(e.text.split()) == 2}
    full_names = {
        surname: counts.most_common(1)[0][0]
        for surname, counts in surnames.items()
        if any(name in people for name in counts) or counts.most_common(1)[0][1] >= 2
    }
    named: dict[int, str] = {}
    for entity in entities:
        # "the party" refers back to an organisation, not to "the State" or "the Corporation" the recognizer tagged
        if entity.label == "ORG" and not _not_an_organizer(entity.text, lambda _: False):
            named.setdefault(entity.start, by_acronym.get(_clean_name(entity.text), _clean_name(entity.text)))
    for name in aliases:
        for match in re.finditer(re.escape(name), text):
            named.setdefault(match.start(), name)
    return ActorIndex(
        aliases=aliases,
        by_acronym=by_acronym,
        full_names=full_names,
        organisations=tuple(sorted(named.items())),
        text=text,
        spots=tuple(sorted((at, name) for name in {*aliases, *by_acronym} for at in _positions(text, name))),
    )


def _positions(text: str, literal: str) -> list[int]:
    """Return every position where ``literal`` starts in ``text``, overlapping ones included."""
    positions = []
    at = text.find(literal)
    while at >= 0:
        positions.append(at)
        at = text.find(literal, at + 1)
    return positions


def _names_inside(index: ActorIndex, text: str, start: int, end: int) -> set[str]:
    """Return the aliases and acronyms of ``index`` written inside text[start:end].

    Reads the spots of the sentence only, so an article naming many organisations stays linear (issue 9). For a
    text the index was not built on, returns every alias and acronym: the caller's search then decides.
    """
    if index.text is not text:
        return {*index.aliases, *index.by_acronym}
    inside: set[str] = set()
    for at, name in index.spots[bisect_left(index.spots, (start, "")) :]:
        if at >= end:
            break
        if at + len(name) <= end:
            inside.add(name)
    return inside


def _name_for_acronym(name: str, acronym: str) -> str | None:
    """Return the tail of a capitalised run that the acronym abbreviates, or None.

    The run may start with words that are not part of the name: "Members of the National Union of
    Teachers (NUT)" gives "National Union of Teachers".
    """
    words = name.split()
    for first in range(len(words) - 1):
        if words[first].lower() in STOP_INITIAL_WORDS:
            continue
        candidate = " ".join(words[first:])
        if _acronym_fits(acronym, candidate):
            return candidate
    return None


def _clean_name(name: str) -> str:
    name = re.sub(r"^(?:the|The)\s+", "", name.strip(" ‘’'\"“”"))
    return _without_acronym(re.sub(r"[’']s$", "", name))


def _without_acronym(name: str) -> str:
    """Drop the bracketed acronym after a long name: "Congress of South African Trade Unions (Cosatu)".

    "CPI(M)" and "Communist Party of India (Marxist)" keep theirs: the bracket there is part of the name.
    """
    bracket = TRAILING_BRACKET.search(name)
    if bracket is None or name[: bracket.start()].isupper():
        return name
    return name[: bracket.start()] if _acronym_fits(bracket.group("acronym"), name[: bracket.start()]) else name


def _acronym_fits(acronym: str, name: str, *, slack: int = 0) -> bool:
    initials = "".join(word[0].upper() for word in name.split() if word.lower() not in STOP_INITIAL_WORDS)
    letters = re.sub(r"[.&-]", "", acronym).upper()
    if len(initials) < 2 or not letters or letters[0] != initials[0]:
        return False
    if letters == initials or _spells(letters, name.split()):
        return True
    # the initials must appear in order inside the acronym, with at most ``slack`` extra letters
    position = 0
    for letter in letters:
        if position < len(initials) and letter == initials[position]:
            position += 1
    return position == len(initials) and len(letters) - len(initials) <= slack


def _spells(letters: str, words: list[str]) -> bool:
    """Return whether ``letters`` spell ``words`` from their starts, as acronyms written like words do.

    Each word gives its first one to three letters and a connecting word ("of", "and") one letter or none:
    "Cosatu" is COngress of South African Trade Unions, "Popcru" POlice and Prisons Civil Rights Union.
    """
    if not words:
        return not letters
    word, rest = words[0].upper(), words[1:]
    if word.lower() in STOP_INITIAL_WORDS and _spells(letters, rest):
        return True
    return any(
        letters.startswith(word[:size]) and _spells(letters[size:], rest) for size in range(1, min(3, len(word)) + 1)
    )


def canonical_actor(name: str, index: ActorIndex, span: Span | None = None) -> Actor:
    """Return the actor under its long name, with the acronyms the article uses for it.

    "the union" / "the group" becomes the organisation of that kind the article named last before it
    (any named organisation for "the group"); with none named, the words stay as written.
    """
    name = _clean_name(name)
    bracket = TRAILING_ALIAS.search(name)
    if bracket is not None and bracket.group("alias") in index.aliases.get(name[: bracket.start()], ()):
        name = name[: bracket.start()]  # "Solidarity (NSZZ Solidarnosc)": the alias is kept as one
    back = BACK_REFERENCE.match(name)
    if back is not None and span is not None:
        referent = _referent(back.group("head").lower(), span.start, index)
        if referent is not None:
            return Actor(name=referent, aliases=index.aliases.get(referent, ()), span=span)
    long_name = index.by_acronym.get(name, name)
    if long_name == name:
        # "President Bolsonaro" is the "Jair Bolsonaro" the article names in full elsewhere
        words = name.split()
        while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
            words = words[1:]
        untitled = " ".join(words)
        if untitled in index.full_names:
            long_name = index.full_names[untitled]
        elif untitled in index.full_names.values():
            long_name = untitled
        elif len(words) >= 2 and name.split()[0].lower().rstrip(".") in PERSON_TITLES and untitled.istitle():
            long_name = untitled  # "President Hosni Mubarak" is Hosni Mubarak
    return Actor(name=long_name, aliases=index.aliases.get(long_name, ()), span=span)


def _referent(head: str, position: int, index: ActorIndex) -> str | None:
    """Return the organisation named last before ``position`` whose name holds ``head`` ("union")."""
    # "the party", "the outfit", "the group" name no kind of organisation that its own name must hold
    generic = head in ("group", "organisation", "organization", "party", "outfit")
    earlier = [name for at, name in index.organisations if at < position]
    for name in reversed(earlier):
        if generic or head in name.lower().split():
            return name
    return None


def extract_organizers(
    text: str,
    start: int,
    end: int,
    entities: Sequence[Entity],
    index: ActorIndex,
    *,
    is_place_or_people: Callable[[str], bool] = lambda _: False,
) -> list[Actor]:
    """Return organisations (or people) written as holding, organising or calling the protest in text[start:end].

    Reads "X held / organised / called / staged / launched / marched", "organised by X", "a protest by X", "under
    the banner of X", "at the behest of X", "X-led", "members of X staged", "ABVP activists staged", "Dalit Sena
    activists laid siege", "Cosatu's march", lists ("X, Y and Z held a rally", "by X, Y and Z") and people who
    fast or sit in ("Sidhoum staged a hunger strike"). ``is_place_or_people`` rejects places and nationalities
    ("Indian", "Hong Kong's protest"). In lower-cased text (no entities, no capitals) only the "by X", "of X" and
    "-led" shapes work, and the name runs to the first word that cannot be part of one. "The union" resolves to
    the union the article named; left unresolved it names nobody and is dropped.
    """
    lowered = not re.search(r"[A-Z]", text[start:end])
    candidates: list[tuple[int, int, str]] = [
        (e.start, e.end, e.text) for e in entities if e.label == "ORG" and start <= e.start and e.end <= end
    ]
    people = [(e.start, e.end, e.text) for e in entities if e.label == "PERSON" and start <= e.start and e.end <= end]
    inside = _names_inside(index, text, start, end)
    for name in inside.intersection(index.aliases):
        for match in re.finditer(re.escape(name), text[start:end]):
            candidates.append((start + match.start(), start + match.end(), name))
    for acronym in inside.intersection(index.by_acronym):
        for match in re.finditer(rf"\b{re.escape(acronym)}\b", text[start:end]):
            candidates.append((start + match.start(), start + match.end(), acronym))
    for match in GENERIC_ORGANIZER.finditer(text, start, end):
        noun = "noun" if match.group("noun") else "group"
        candidates.append((match.start(noun), match.end(noun), match.group(noun)))
    if not lowered:  # "CITU took out a rally": an acronym the entity recognizer missed
        candidates += [(m.start(), m.end(), m.group()) for m in ACRONYM.finditer(text, start, end)]
        # "Hind Mazdoor Sabha held a rally": a name ending in an organisation's noun the recognizer missed
        organisation = may_match(ORGANISATION_WORD, text, start, end) and ORGANISATION_WORD.search(text, start, end)
        for run in ORG_NAME_RUN.finditer(text, start, end) if organisation else ():
            candidates += _organisation_names_in(text, run, start, entities, index)
    else:  # "the all tiwa students union staged": lower-case words ending in an organisation's noun
        for head in LOWER_ORGANISATION_HEAD.finditer(text, start, end):
            opening = LOWER_WORDS_BEFORE.search(text, max(start, head.start() - 80), head.start())
            named = _lower_name(text, opening.start() if opening else head.start(), head.end(), end)
            candidates += [named] if named else []
    # Shapes that name the organiser by themselves, with no verb after the name. The slower patterns run only on
    # sentences that hold one of their words (prefilter.may_match: most hold none; issue 8).
    direct: list[tuple[int, int, str]] = []
    for match in ORGANIZED_BY.finditer(text, start, end) if may_match(ORGANIZED_BY, text, start, end) else ():
        direct += _names_at(text, match.end(), end, lowered=lowered)
    for match in UNDER.finditer(text, start, end):  # "farmers marched under the Samyukt Kisan Morcha (SKM)"
        named = _name_at(text, match.end(), end, lowered=lowered)
        if named is not None and ENDS_IN_ORGANISATION.search(named[2]) and NAME_ENDS_PHRASE.match(text, named[1], end):
            direct.append(named)
    for match in EVENT_BY.finditer(text, start, end):
        between = match.group("between").split()
        if any(w.lower().endswith("ed") and w.lower() not in EVENT_BY_VERBS for w in between):
            continue
        if lowered:  # "a strike by petrol attendants": without capitals only an organisation's noun names one
            generic = LOWER_ORGANISATION.match(text, NAME_PREFIX.match(text, match.end(), end).end(), end)
            direct += [(generic.start(), generic.end(), generic.group())] if generic else []
        else:
            direct += _names_at(text, match.end(), end, lowered=lowered)
    for match in LED_PREFIX.finditer(text, start, end) if may_match(LED_PREFIX, text, start, end) else ():
        following = CAPITALIZED_RUN.match(text, match.end() + 1, end) if text.startswith(" ", match.end()) else None
        if following is not None and not lowered:
            direct.append((following.start(), following.end(), following.group()))
            continue
        led_body = _name_at(text, match.end() + 1, end, lowered=True) if lowered else None
        if led_body is not None and ORGANISATION_WORD.search(led_body[2]):
            direct.append(led_body)  # "the arvind kejriwal-led aam aadmi party"
            continue
        name = match.group("name").split()[-1] if match.group("name").islower() else match.group("name")
        name = re.sub(r"^(?:An?|The)\s+", "", name)  # "A CPI(M)-led protest"
        direct.append((match.end("name") - len(name), match.end("name"), name))
    for match in MEMBERS_OF.finditer(text, start, end):
        named = _names_at(text, match.end(), end, lowered=lowered)
        if lowered:  # "members of the bhangi community": without capitals only an organisation's noun names one
            named = [found for found in named if ORGANISATION_WORD.search(found[2])]
        if named and (PROTEST_ACT.search(text, named[-1][1], end) or AT_EVENT.match(text, named[-1][1], end)):
            direct += named
    labour_dispute = bool(LABOUR_ACTION.search(text, start, end))

    def employs_them(name: str, members: re.Match[str]) -> bool:
        """Return whether the name before striking workers is their employer ("Tata Steel workers"): a target."""
        employees = labour_dispute and members.group().endswith("workers")
        return employees and _names_an_employer(canonical_actor(name, index).name, is_place_or_people)

    for match in NAMED_MEMBERS.finditer(text, start, end) if may_match(NAMED_MEMBERS, text, start, end) else ():
        named_member = _trim_name(text, match.start("name"), match.end("name"), start, entities)
        if named_member is None or employs_them(named_member[2], match):
            continue
        if PROTEST_ACT.search(text, match.end(), min(end, match.end() + 80)):
            # "Telugu Desam, CPI(M) leaders lead the protest": the names listed before too
            direct += [*_joined_names(named_member, index), *_listed_before(text, named_member[0], start, entities)]
    for match in NAMED_FOLLOWERS.finditer(text, start, end) if may_match(NAMED_FOLLOWERS, text, start, end) else ():
        follower = _trim_name(text, match.start("name"), match.end("name"), start, entities)
        acting = follower is not None and PROTEST_ACT.search(text, match.end(), min(end, match.end() + 80))
        opposed = ANTI_OR_PRO_BEFORE.search(text, max(start, match.start() - 6), match.start())
        if acting and not opposed and _names_a_movement(follower, entities, index):
            direct += _joined_names(follower, index)
    for match in NAME_BEFORE_EVENT.finditer(text, start, end):
        holder = _trim_name(text, match.start("name"), match.end("name"), start, entities)
        if holder is not None and _holds_the_event(text, holder, entities, index):
            direct.append(holder)
    for match in POSSESSIVE_EVENT.finditer(text, start, end):
        # "Cosatu's call for a strike": a possessor may open the sentence
        possessor = _trim_name(text, match.start("name"), match.end("name"), start, entities, initial=True)
        if possessor is not None and not SUPPORTING_BEFORE.search(text, start, match.start()):
            direct.append(possessor)
    for person_start, person_end, person in people:
        if PERSON_ACT.match(text, person_end, end):
            direct.append((person_start, person_end, person))
        elif SAID_AT_EVENT.match(text[person_end:end]):  # "X, the president of Numsa, said during a march": Numsa
            affiliation = _affiliation(text, Span(start=person_start, end=person_end, text=person), start, end,
                                       lowered=lowered)  # fmt: skip
            direct += [affiliation] if affiliation is not None else []
    organizers: dict[str, Actor] = {}

    def add(cand_start: int, cand_end: int, name: str) -> None:
        if JOINED_ACRONYMS.fullmatch(name):  # "BJP-SAD": each party
            for part in re.finditer(r"[A-Z]+", name):
                add(cand_start + part.start(), cand_start + part.end(), part.group())
            return
        if _is_within_supporters(text, cand_start, start) or _not_an_organizer(name, is_place_or_people):
            return
        actor = canonical_actor(name, index, Span(start=cand_start, end=cand_end, text=text[cand_start:cand_end]))
        if BACK_REFERENCE.match(actor.name) and actor.name.lower() == _clean_name(name).lower():
            return  # "the union" the article never named
        if actor.name != name and _not_an_organizer(actor.name, is_place_or_people):
            return  # "the NLC strike": the Neyveli Lignite Corp is the employer
        organizers.setdefault(actor.name, actor)

    for cand_start, cand_end, name in direct:
        add(cand_start, cand_end, name)
    accepted: list[tuple[int, int, str]] = []
    for cand_start, cand_end, name in sorted(candidates):
        if TITLE_AFTER.match(text, cand_end, end):
            continue  # "Maharashtra Industry Minister Narayan Rane": a person's title
        before = text[max(start, cand_start - 40) : cand_start]
        members = MEMBERS_AFTER.match(text, cand_end, end)  # "bjp activists staged", also without capitals
        acting = (
            members is not None
            and PROTEST_ACT.search(text, members.end(), min(end, members.end() + 80))
            and not employs_them(name, members)
        )
        organized = ORGANIZE_AFTER.match(text[cand_end:end])
        if organized and organized.group().endswith("protests") and _opposed(text, name, index):
            organized = None  # "the CAA protests" in an article against the CAA: the noun, not the verb
        spoke = SAID_AT_EVENT.match(text[cand_end:end])
        if organized or ORGANIZE_BEFORE.search(before) or acting or spoke:
            accepted.append((cand_start, cand_end, name))
            continue
        # "Indian National Trade Union Congress and Hind Mazdoor Sabha held a rally": the names listed after one
        listed_after: list[tuple[int, int, str]] = []
        position, last_separator = cand_end, ""
        while (more := LIST_NEXT.match(text, position, end)) is not None:
            named = _name_at(text, more.end(), end, lowered=lowered)
            if named is None:
                break
            listed_after.append(named)
            position, last_separator = named[1], more.group("separator")
        # As in _listed_before: "X, Y held" is an opening phrase and a holder, "X, Y and Z held" a list.
        is_list = listed_after and last_separator != "," and not PREPOSITION_BEFORE.search(before)
        if is_list and ORGANIZE_AFTER.match(text[position:end]):
            accepted += [(cand_start, cand_end, name), *listed_after]
    # "the Centre of Trade Unions, INTUC and Hind Mazdoor Sabha held a rally": the names listed before one
    listed = [named for cand_start, _, _ in accepted for named in _listed_before(text, cand_start, start, entities)]
    for cand_start, cand_end, name in accepted + listed:
        add(cand_start, cand_end, name)
    # "BJP candidate P.K. Krishnadas began a fast": the person acts for the organisation
    people = [actor.span for actor in organizers.values() if actor.span and is_person(text, actor, entities)]
    for person in people:
        affiliation = _affiliation(text, person, start, end, lowered=lowered)
        if affiliation is not None:
            add(*affiliation)
    # "led by Ramani Ranjan Padhan under the banner of the JJSS": a leader gives way to the organisation
    return organisations_first(text, _outermost(list(organizers.values())), entities)


def _organisation_names_in(
    text: str, run: re.Match[str], start: int, entities: Sequence[Entity], index: ActorIndex
) -> list[tuple[int, int, str]]:
    """Return the names ending in an organisation's noun that a capitalised run holds.

    "The Bharatiya Janata Party Saturday" gives the party; "Indian National Trade Union Congress and Hind Mazdoor
    Sabha" gives both; "Police and Prisons Civil Rights Union" is one name; lower-case words may end it ("the Jammu
    and Kashmir welfare forum").
    """
    written = TRAILING_DATE.sub("", run.group().rstrip(" .’'"))
    space = SPACE.match(text, run.start() + len(written)) if written == run.group() else None
    tail = LOWER_ORGANISATION.match(text, space.end()) if space else None  # "the Jammu and Kashmir welfare forum"
    named = _trim_name(text, run.start(), tail.end() if tail else run.start() + len(written), start, entities)
    if named is None or not ENDS_IN_ORGANISATION.search(named[2]):
        return []
    return _joined_names(named, index)


def _joined_names(named: tuple[int, int, str], index: ActorIndex) -> list[tuple[int, int, str]]:
    """Split "X and Y" into its names when each stands alone as one, else keep it whole.

    A part stands alone when it ends in an organisation's noun, is an acronym or a dotted name, or is an alias the
    article defines: "Indian National Trade Union Congress and Hind Mazdoor Sabha", "ver.di and EVG" are two;
    "Police and Prisons Civil Rights Union" is one.
    """
    parts: list[tuple[int, int, str]] = []
    cursor = 0
    for part in re.split(r"\s+(?:and|&)\s+", named[2]):
        at = named[2].index(part, cursor)
        cursor = at + len(part)
        parts.append((named[0] + at, named[0] + cursor, part))

    def stands_alone(part: str) -> bool:
        acronym = part.isupper() and len(part) >= 2
        known = part in index.aliases or part in index.by_acronym
        return bool(ENDS_IN_ORGANISATION.search(part) or re.fullmatch(DOTTED_NAME, part)) or acronym or known

    return parts if len(parts) > 1 and all(stands_alone(part) for _, _, part in parts) else [named]


def _outermost(actors: list[Actor]) -> list[Actor]:
    """Drop an actor read from part of another's span: "ap federation" in "the ap federation of textile association"."""

    def within(inner: Span, outer: Span) -> bool:
        shorter = inner.end - inner.start < outer.end - outer.start
        return shorter and outer.start < inner.end and inner.start < outer.end

    spans = [actor.span for actor in actors if actor.span is not None]
    return [actor for actor in actors if actor.span is None or not any(within(actor.span, span) for span in spans)]


def is_person(text: str, actor: Actor, entities: Sequence[Entity]) -> bool:
    """Return whether ``actor`` as written in ``text`` is a person: the recognizer's PERSON, or a title before it."""
    if actor.span is None or ENDS_IN_ORGANISATION.search(actor.name) or re.fullmatch(DOTTED_NAME, actor.name):
        return False  # "Hind Mazdoor Sabha", "ver.di", whatever the recognizer calls them
    if PERSON_TITLE_BEFORE.search(text, max(0, actor.span.start - 12), actor.span.start + 12):
        return True  # "MLAs Annapoornamma", "Mr. Naidu"
    return any(e.label == "PERSON" and e.start < actor.span.end and actor.span.start < e.end for e in entities)


def organisations_first(text: str, organizers: list[Actor], entities: Sequence[Entity]) -> list[Actor]:
    """Drop the people among ``organizers`` when an organisation is among them: a leader gives way to it."""
    people = [is_person(text, actor, entities) for actor in organizers]
    if all(people):
        return organizers
    return [actor for actor, person in zip(organizers, people, strict=True) if not person]


def _affiliation(text: str, person: Span, start: int, end: int, *, lowered: bool) -> tuple[int, int, str] | None:
    """Return the organisation a person is written as a member or officer of, right before or after the name."""
    before = AFFILIATION_BEFORE.search(text, max(start, person.start - 100), person.start)
    if before is not None:
        org = ROLE_LEVEL.sub("", before.group("org"))  # "BJP State president": the BJP
        trimmed = _trim_name(text, before.start("org"), before.start("org") + len(org), start, [])
        if trimmed is not None:
            return trimmed
    after = MEMBER_OF_APPOSITION.match(text, person.end, end)  # "X, an office-bearer of the Y"
    return _name_at(text, after.end(), end, lowered=lowered) if after else None


def _is_office(name: str) -> bool:
    """Return whether ``name`` is an official's title rather than a person or body.

    "the Deputy Commissioner", "Superintendent of Police", "the Nallampalli BDO" are; "Vice-Chancellor Smith" is not.
    """
    words = name.split()
    return bool(words) and bool(OFFICIAL_TITLE.search(words[-1]) or OFFICE_OF.search(name))


def _names_a_movement(name: tuple[int, int, str], entities: Sequence[Entity], index: ActorIndex) -> bool:
    """Return whether the name before "supporters" / "protesters" is a party or movement's, not a person's or a faith's.

    Those are: a name given with its alias in brackets ("Yellow Vest (Gilets Jaunes) protesters"), an acronym
    ("BNP supporters"), a name holding an organisation's noun, a hyphenated name ("Hefazat-e-Islam supporters"), an
    alias the article defines, or what the entity recognizer calls an organisation. A person the article names in
    full ("Imran Khan supporters") and a people or faith ("Muslim protesters") are not: those name a crowd.
    """
    name_start, name_end, written = name
    cleaned = _clean_name(written)
    if re.match(r"(?i:pro|anti)-", written):
        return False  # "Pro-Palestinian demonstrators": what they support, not who they follow
    if written.endswith(")") or cleaned in index.aliases or cleaned in index.by_acronym:
        return True
    if cleaned in index.full_names or cleaned in index.full_names.values():
        return False
    labels = {e.label for e in entities if e.start < name_end and name_start < e.end}
    if "NORP" in labels:
        return False
    return (
        (written.isupper() and len(written) >= 2)
        or bool(ORGANISATION_WORD.search(written))
        or bool(re.search(r"\w-\w", written))
        or (labels == {"ORG"} and " " in cleaned)  # one word is as often a person's: "Trump supporters"
    )


def _holds_the_event(text: str, name: tuple[int, int, str], entities: Sequence[Entity], index: ActorIndex) -> bool:
    """Return whether the name before an event's noun is who held it ("the NUM strike"), not what it opposed.

    The name must end in an organisation's noun or be an acronym the article uses for an organisation; "the
    anti-CAA protest", "the CAA protests" in an article that protests "against the CAA" name the grievance.
    """
    name_start, name_end, written = name
    if ANTI_OR_PRO_BEFORE.search(text, max(0, name_start - 6), name_start):
        return False
    if ENDS_IN_ORGANISATION.search(written):
        return True
    if not written.isupper() or _opposed(text, written, index):
        return False
    return written in index.by_acronym or any(
        e.label == "ORG" and e.start <= name_start and name_end <= e.end for e in entities
    )


def _opposed(text: str, name: str, index: ActorIndex) -> bool:
    """Return whether the article protests against ``name`` ("against the CAA", "anti-CAA")."""
    opposed = rf"\b(?:against\s+(?:the\s+)?|anti\s*-\s*){re.escape(name)}\b"
    return bool(re.search(opposed, index.text or text, re.IGNORECASE))


def _not_an_organizer(name: str, is_place_or_people: Callable[[str], bool]) -> bool:
    cleaned = _clean_name(name)
    if not cleaned or cleaned.lower() in NOT_ORGANIZERS or DATE_NAME.match(cleaned):
        return True
    organisation = bool(ORGANISATION_WORD.search(cleaned))
    if (cleaned.islower() or " " not in cleaned) and not organisation and PLURAL_GROUP_END.search(cleaned):
        return True  # "panchayat workers", "Farmers": a crowd
    if not organisation and (FORCE_WORDS.search(cleaned) or INSTITUTION_HEAD.search(cleaned)):
        return True  # "State Reserve Police", "Jamia Millia Islamia university"; not "Police and Prisons ... Union"
    if _is_office(cleaned) and (" " in cleaned or not cleaned.isupper()):
        return True  # "the Nallampalli BDO", "the Advisor": an official; a bare "SP" may be a party
    words = [w for w in re.split(r"\s+(?:and|&)\s+|,\s*", cleaned) if w]
    if len(words) > 1 and all(is_place_or_people(w) for w in words):
        return True  # "English and Chinese" (placards), "Kerala and Tamil Nadu"
    # "KERALA Picketing": a section label and the headline's first word
    first = cleaned.split()[0]
    if first.isupper() and len(first) >= 4 and " " in cleaned and is_place_or_people(first.title()):
        return True
    return is_place_or_people(cleaned)


def _trim_name(
    text: str, name_start: int, name_end: int, start: int, entities: Sequence[Entity], *, initial: bool = False
) -> tuple[int, int, str] | None:
    """Drop the words that open a sentence or a crowd ("Angry", "The") from a capitalised run before a noun.

    A single word left at the start of the sentence ("Family members") is an organisation only when it is an
    acronym or the entity recognizer calls it one, or when the shape names one by itself (``initial``: "Cosatu's
    march").
    """
    words = list(re.finditer(r"\S+", text[name_start:name_end]))
    while words and (
        words[0].group().lower() in NAME_OPENERS
        or DATE_NAME.fullmatch(words[0].group())
        or re.fullmatch(CONNECTOR, words[0].group())  # "Hundreds of Congress workers": "of" went with "Hundreds"
    ):
        words = words[1:]
    # a dateline or section label before the name: "NEW DELHI Senior", "KERALA Picketing" (not "BJP State", "AP ...")
    shouted = 0
    while shouted < len(words) - 1 and words[shouted].group().isupper() and words[shouted].group().isalpha():
        shouted += 1
    if shouted >= 2 or (shouted == 1 and len(words[0].group()) >= 5):
        words = words[shouted:]
    if not words:
        return None
    trimmed_start = name_start + words[0].start()
    name = text[trimmed_start:name_end]
    if len(words) == 1 and not name.isupper() and not initial:
        sentence_initial = not text[start:trimmed_start].strip() or re.search(r"[.:!?]\s*$", text[start:trimmed_start])
        inside_org = any(e.label == "ORG" and e.start <= trimmed_start and name_end <= e.end for e in entities)
        if sentence_initial and not inside_org:
            return None
    return (trimmed_start, name_end, name)


def _listed_before(text: str, position: int, start: int, entities: Sequence[Entity]) -> list[tuple[int, int, str]]:
    """Return the names listed right before ``position``: "X, Y and" before "Z held a rally".

    The last two names of a list are joined by a conjunction: in "at the UN General Assembly, the NCRI held" the
    comma ends an opening phrase, and a name after a preposition is a place or an occasion, not a holder.
    """
    listed: list[tuple[int, int, str]] = []
    while True:
        match = LISTED_BEFORE.search(text, start, position)
        if match is None or (not listed and match.group("separator") == ","):
            return listed
        named = _trim_name(text, match.start("name"), match.end("name"), start, entities)
        if named is None or PREPOSITION_BEFORE.search(text, max(start, named[0] - 20), named[0]):
            return listed
        listed.append(named)
        position = named[0]


def _names_at(text: str, position: int, end: int, *, lowered: bool) -> list[tuple[int, int, str]]:
    """Return the organisation names that start at ``position``: one, or a list ("X, Y and Z").

    "activists of X" and "the youth wing of X" give X; "A Sagayamadha, an office-bearer of X" gives X. In text
    with capitals a name is a capitalised run, or lower-case words ending in an organisation's noun ("the lorry
    owners' association"); in lower-cased text it runs to the first word that cannot be part of a name.
    """
    names: list[tuple[int, int, str, bool]] = []  # (start, end, name, a bare comma follows)
    while position < end:
        member = MEMBER_PREFIX.match(text, position, end)
        if member and not lowered:
            position = member.end()
        position = NAME_PREFIX.match(text, position, end).end()
        named = _name_at(text, position, end, lowered=lowered)
        unnamed = UNNAMED_BEFORE_AND.match(text, position, end) if named is None and not names else None
        if unnamed is not None:
            named = _name_at(text, NAME_PREFIX.match(text, unnamed.end(), end).end(), end, lowered=lowered)
        if named is None:
            break
        possessor = POSSESSOR.match(text, named[1], end)
        owned = _name_at(text, possessor.end(), end, lowered=lowered) if possessor else None
        if owned is not None:
            named = owned  # "the University of Witwatersrand's EFF Student Command": the students' organisation
        apposition = MEMBER_OF_APPOSITION.match(text, named[1], end)
        unit = UNIT_OF.match(text, named[1], end)
        for shift in (apposition, unit):
            if shift is not None:
                parent = _name_at(text, shift.end(), end, lowered=lowered)
                if parent is not None:
                    named = parent
                    break
        if names and names[-1][3] and not LIST_GOES_ON.match(text, named[1], end):
            break  # "X, Gandhi General Hospital unit": a comma that lists nothing
        more = LIST_NEXT.match(text, named[1], end)
        names.append((*named, more is not None and more.group("separator") == ","))
        if more is None:
            break
        position = more.end()
    return [(name_start, name_end, name) for name_start, name_end, name, _ in names]


def _name_at(text: str, position: int, end: int, *, lowered: bool) -> tuple[int, int, str] | None:
    """Return the one organisation name that starts at ``position``, or None."""
    run = ORG_NAME_RUN.match(text, position, end)
    if run:
        whole = _without_acronym(run.group().rstrip(" .’'"))  # "the Telangana Joint Action Committee ( T-JAC )"
        # without an entity to bound it, "the Green Party in Leeds" ends before "in"
        name = re.split(r"\s+(?:in|on)\s+", whole)[0]
        dated = re.search(rf"\s+{DATE_NAME.pattern}", name)  # "Protest by ABVP July 30"
        name = name[: dated.start()] if dated else name
        if name == whole:
            # "Querdenken 711 movement"; "the Jammu and Kashmir welfare forum": lower-case words ending the name
            number = NAME_NUMBER.match(text, run.start() + len(name), end)
            unit = UNIT_OF.match(text, run.start() + len(name), end)  # "the Mananthavady taluk committee of X"
            space = None if number or unit else SPACE.match(text, run.start() + len(name), end)
            tail = LOWER_ORGANISATION.match(text, space.end(), end) if space else None
            name = text[run.start() : (number or tail).end()] if number or tail else name
        if ROLE_FOLLOWS.match(text, run.start() + len(name), end):
            name = ROLE_LEVEL.sub("", name)  # "BJP State president B.S. Yeddyurappa": the BJP
        name_end = run.start() + len(name)
        modifier = MODIFIED_NOUN_AFTER.match(text, name_end, end) and not UNIT_OF.match(text, name_end, end)
        if not name or (modifier and not name.isupper()):
            return None
        return (run.start(), name_end, name)
    if not lowered:
        generic = LOWER_ORGANISATION.match(text, position, end)
        return (generic.start(), generic.end(), generic.group()) if generic else None
    lower = LOWER_NAME.match(text, position, end)
    if lower is None:
        return None
    return _lower_name(text, lower.start(), lower.start() + len(lower.group("name").rstrip(".,")), end)


def _lower_name(text: str, name_start: int, name_end: int, end: int) -> tuple[int, int, str] | None:
    """Return the organisation or person that a lower-cased run of words names, or None.

    The name ends with its last organisation noun ("the communist party of india" keeps a short "of" tail); a
    unit gives its parent ("the bangalore unit of the akhil bharatiya vidyarthi parishad"); a run without such a
    noun is a person only when short ("anna hazare"). Crowds and quantities name no one ("several organisations",
    "panchayat workers", "physical education relaunched their").
    """
    written = text[name_start:name_end].rstrip(" ’'")
    led = re.match(r".*?-(?:led|backed)\s+", written)  # "the arvind kejriwal-led aam aadmi party"
    if led is not None:
        name_start, written = name_start + led.end(), written[led.end() :]
    words = written.split()
    while words and words[0] in LOWER_OPENERS:  # "a sagayamadha", "nearly two dozen bajrang dal"
        opener = re.match(r"\S+\s*", written)
        name_start, written, words = name_start + opener.end(), written[opener.end() :], words[1:]
    name_end = name_start + len(written)
    if not words or words[0] in UNSPECIFIC_OPENERS or PLURAL_GROUP_END.search(written):
        return None
    heads = list(LOWER_HEAD.finditer(written))
    if not heads:
        if len(words) > 3 or any(word.endswith("ed") for word in words):
            return None
        return (name_start, name_end, written)
    for head in heads:  # "the youth wing of bharatiya janata party": the party
        parent_of = PARENT_OF.match(text, name_start + head.end(), end)
        if parent_of is not None and UNIT_NOUN.fullmatch(head.group()):
            parent = _name_at(text, parent_of.end(), end, lowered=True)
            if parent is not None and ORGANISATION_WORD.search(parent[2]):
                return parent
    last = heads[-1]
    cut = len(written) if SHORT_OF_TAIL.fullmatch(written, last.end()) else last.end()
    return (name_start, name_start + cut, written[:cut])


def _is_within_supporters(text: str, position: int, start: int) -> bool:
    """Return whether the name at ``position`` follows "supporters of" ("supporters of the opposition X")."""
    return bool(SUPPORTERS_BEFORE.search(text, max(start, position - 40), position))


def extract_participants(
    text: str, start: int, end: int, index: ActorIndex, *, is_group: Callable[[str], bool]
) -> list[Actor]:
    """Return who took part, as written: "Iranian expatriates", "teachers", "supporters of X"."""
    participants: dict[str, Actor] = {}
    for match in PARTICIPANT_PATTERN.finditer(text, start, end):
        span = Span(start=match.start(), end=match.end(), text=match.group())
        if match.group("demonym"):
            if not is_group(match.group("demonym")):
                continue
            name = match.group()
        elif match.group("plural"):
            if not is_group(match.group("plural")):
                continue
            name = match.group("plural")
        elif match.group("supported"):
            name = "supporters of " + canonical_actor(match.group("supported"), index).name
        elif match.group("counter"):
            name = "counter-protesters"
        else:
            name = match.group("plain").lower()
        participants.setdefault(name.lower(), Actor(name=name, span=span))
    return list(participants.values())


def extract_targets(
    text: str,
    start: int,
    end: int,
    index: ActorIndex,
    *,
    is_place_or_people: Callable[[str], bool],
    country_of_people: Callable[[str], str | None] = lambda _: None,
) -> list[Actor]:
    """Return the people or organisations the protest is aimed at ("condemning Raisi", "against X").

    The target is the name right after the cue ("against the state government", "demanding Thampu's
    resignation", "outside Prime Media's offices", "against the visit of X", "the harassment by RTA officials"),
    and the names listed with it; a name further on belongs to something else ("against the alleged assault on
    X"). A place with a possessive stands for its government ("against Beijing's interference"); a bare place, a
    nationality, a date or an official whose office is a place is no target. A capitalised cue ("Oppose", "India
    Against Corruption") is a headline or a name, and is skipped. Also reads who made the grievance ("a bill
    signed by X"), the employer of striking workers ("workers at Impala Platinum", "Amazon warehouse workers"), the
    school whose students protest about its campus, what an "anti-X protest" or an "#EndX" hashtag opposes, and the
    country whose embassy the crowd went to ("outside the Chinese embassy": ``country_of_people`` gives "China" for
    "Chinese").
    """
    targets: dict[str, Actor] = {}
    lowered = not re.search(r"[A-Z]", text[start:end])

    def add(name_start: int, written: str) -> None:
        name = _clean_name(written)
        if not name or name.lower() in NOT_ACTORS or DATE_NAME.match(name) or _is_office(name):
            return
        # "Regime's President Ebrahim Raisi": a person's full name ending a title run is the actor; "Bahir Dar
        # University" and "University of Cape Coast" are no person's, though "Bahir Dar" and "Cape Coast" recur
        name = next((full for full in index.full_names.values() if _ends_in_person(name, full)), name)
        span = Span(start=name_start, end=name_start + len(written), text=written)
        actor = canonical_actor(name, index, span)
        if not _is_office(actor.name):  # "SE office": the Superintending Engineer's
            targets.setdefault(actor.name.lower(), actor)

    def read_at(position: int, *, addressee: bool = False, named_next: bool = False) -> int | None:
        """Add the institution or name at ``position`` and return where it ends, or None if there is none.

        ``named_next``: the cue leads to a name ("the resignation of", "the offices of"), which lower-cased text
        gives without capitals.
        """
        window_end = min(end, position + 80)
        institution = (INSTITUTION_LOWER if lowered else INSTITUTION).match(text, position, window_end)
        proper = CAPITALIZED_RUN.match(text, position, window_end)
        if institution and proper and proper.end() > institution.end():
            institution = None  # "the Ministry of Education": a proper name, read below
        if institution:
            if addressee and not ADDRESSEE_AFTER.match(text, institution.end(), end):
                return None
            written = institution.group()
            if not UNNAMED_COMPANY.fullmatch(written):  # "the company" names nobody the reader could look up
                add(institution.start(), written if written[:1].isupper() else written.lower())
            return institution.end()
        ruled = RULED_BY.match(text, position, window_end)  # "the Shiv Sena-ruled Brihanmumbai Corporation"
        if ruled is not None:
            return read_at(ruled.end(), addressee=addressee, named_next=named_next)
        if proper is None:
            if not lowered:
                return None
            lower = _lower_target_at(text, position, end, addressee=addressee, named_next=named_next)
            if lower is None:
                return None
            add(lower[0], lower[2])
            return lower[1]
        written = proper.group().rstrip(".")
        # "President X in Brasilia": a place after "in"/"on" is where, not part of the name
        head, _, tail = written.partition(" in ")
        if not tail:
            head, _, tail = written.partition(" on ")
        if tail and (is_place_or_people(tail) or DATE_NAME.match(tail)):
            written = head
        name_end = proper.start() + len(written)
        possessive = written.endswith(("'s", "’s", "s'")) or POSSESSIVE_AFTER.match(text, name_end, end)
        person = any(full in written for full in index.full_names.values())  # "Serbian Labour Minister X Y"
        institution_of_place = bool(INSTITUTION_OF_PLACE.match(written))
        if is_place_or_people(_clean_name(written)) and not (possessive or person or institution_of_place):
            return None  # "protest against Iranians abroad"; but "against Beijing's interference" aims at Beijing
        role = ROLE_AFTER.match(text, name_end, end) if not possessive else None
        if role is not None:  # "the visit of the Congress president": the party's president
            written, name_end = text[proper.start() : role.end()], role.end()
        number = NUMBER_ENDS_NAME.match(text, name_end, end) if not possessive and role is None else None
        if number is not None:  # "against the Finance Bill 2024;": the number is part of the name
            written, name_end = text[proper.start() : number.end()], number.end()
        if not possessive and (MODIFIED_NOUN_AFTER.match(text, name_end, end) or NUMBER_AFTER.match(text, name_end)):
            return None  # "protesting Bethanie residents", "a strike at the Ward 61 office"
        if addressee and not ADDRESSEE_AFTER.match(text, name_end, end):
            return None  # "demanding Thampu's resignation", not "demanding Telangana statehood"
        add(proper.start(), written)
        return name_end

    def read_list_at(position: int, *, addressee: bool = False, named_next: bool = False) -> None:
        """Read the target at ``position`` and those listed after it ("the government and the police")."""
        read_end = read_at(position, addressee=addressee, named_next=named_next)
        if read_end is None and not addressee and not lowered:
            unnamed = UNNAMED_BEFORE_LISTED.match(text, position, end)  # "against insecurity and the X government"
            read_end = unnamed.end() if unnamed else None
        while read_end is not None and (more := LIST_NEXT_TARGET.match(text, read_end, end)):
            read_end = read_at(more.end(), addressee=addressee)  # a listed name must be marked by itself

    for premises in PREMISES_OF.finditer(text, start, end):
        owner = premises.group("name")
        moved = premises.group("cue") not in ("to", "into") or MOVED_BEFORE.search(text, start, premises.start())
        if moved and not is_place_or_people(owner) and not _is_office(owner):
            add(premises.start("name"), owner)
    for mission in MISSION_OF_PEOPLE.finditer(text, start, end):
        country = country_of_people(mission.group("demonym"))
        if country is not None:
            written = Span(start=mission.start("demonym"), end=mission.end("demonym"), text=mission.group("demonym"))
            targets.setdefault(country.lower(), Actor(name=country, span=written))
    for opposed in [*ANTI_NAME.finditer(text, start, end), *HASHTAG_AGAINST.finditer(text, start, end)]:
        # "in solidarity with anti-Kudankulam protesters": what another protest opposes
        supporting = SUPPORTING_BEFORE.search(text, max(start, opposed.start() - 60), opposed.start())
        if not supporting and not is_place_or_people(opposed.group("name")):
            add(opposed.start("name"), opposed.group("name"))
    for premises in LOWER_PREMISES_OF.finditer(text, start, end) if lowered else ():
        if not _is_office(premises.group("name")):  # "outside prime media ’ s offices"; not "the collector ’ s office"
            add(premises.start("name"), premises.group("name"))
    for cue in TARGET_CUE.finditer(text, start, end):
        written_before = text[start : cue.start()]
        headline = cue.group()[:1].isupper() and re.search(r"[A-Z][\w’'-]*\s+$", written_before)
        # "Campaign against Child Labour"; not "in Chennai on Wednesday against the Centre"
        word_before = re.search(r"[A-Z][\w’'-]*\s+$", written_before)
        inside_name = (
            cue.group().rstrip() == "against"
            and word_before is not None
            and not DATE_NAME.match(word_before.group())
            and text[cue.end() : cue.end() + 1].isupper()
        )
        if headline or inside_name:
            continue  # "Walkers Oppose Government Move": a headline; "Campaign against Child Labour": a name
        if REMOVAL_CUE.match(cue.group()) and OPPOSED_BEFORE.search(text, max(start, cue.start() - 40), cue.start()):
            continue  # "protesting the arrest of its president": the arrested is no target
        position = cue.end()
        act = ACT_OF.match(text, position, end)
        position = act.end() if act else position
        role = ROLE_BEFORE_NAME.match(text, position, end) if not lowered else None
        position = role.end() if role else position
        named_next = bool(act) or bool(NAMED_NEXT.search(cue.group()))
        read_list_at(position, addressee=bool(ADDRESSEE_CUE.match(cue.group())), named_next=named_next)
    for imposed in IMPOSED_BY.finditer(text, start, end):
        if EVENT_BEFORE.search(text, start, imposed.start()):
            continue  # "the blockade imposed by the UNC": its organiser
        if GRIEVANCE_BEFORE.search(text, max(start, imposed.start() - 100), imposed.start()):
            read_list_at(imposed.end(), named_next=True)
    labour_dispute = bool(LABOUR_ACTION.search(text, start, end))
    campus_grievance = bool(CAMPUS_GRIEVANCE.search(text, start, end))

    def add_employer(name_start: int, written: str, *, students: bool, modified: bool) -> None:
        """Add the employer or school named at ``name_start``; an organisation, a place or a people is none."""
        name = canonical_actor(written, index).name
        if students and not SCHOOL.search(name):
            return  # "students of Kerala", "students of the Akhil Bharatiya Vidyarthi Parishad"
        if _names_an_employer(name, is_place_or_people, modified=modified):
            add(name_start, written)

    for employees in EMPLOYEES_AT.finditer(text, start, end):
        students = employees.group("students") is not None
        if not (campus_grievance if students else labour_dispute):
            continue
        employer = CAPITALIZED_RUN.match(text, employees.end(), end)
        if employer is None or NUMBER_AFTER.match(text, employer.end()):
            continue
        owner = POSSESSIVE_IN_RUN.search(employer.group())  # "workers at Lonmin's Marikana mine": Lonmin
        written = employer.group()[: owner.start()] if owner else employer.group()
        if re.search(r"\bby\s+$", text[max(start, employees.start() - 4) : employees.start()]):
            continue  # "led by workers of Jaya Karnataka Vedike": members of the organiser
        modified = owner is None and bool(MODIFIED_NOUN_AFTER.match(text, employer.end(), end))
        add_employer(employer.start(), written, students=students, modified=modified)
    for school in LOWER_STUDENTS_OF_SCHOOL.finditer(text, start, end) if lowered and campus_grievance else ():
        add(school.start("school"), school.group("school"))
    for employees in NAMED_EMPLOYEES.finditer(text, start, end):
        students = employees.group("students") is not None
        workplace = bool(WORKPLACE.search(employees.group("between")))
        if not (campus_grievance if students else labour_dispute or workplace):
            continue
        # "Panchayat workers" opening a sentence is a crowd; "Amazon warehouse workers" names the employer
        named = _trim_name(text, employees.start("name"), employees.end("name"), start, [], initial=workplace)
        if named is not None and not re.search(r"\bby\s+$", text[max(start, named[0] - 4) : named[0]]):
            add_employer(named[0], named[2], students=students, modified=False)
    for strike in NAME_BEFORE_EVENT.finditer(text, start, end) if labour_dispute else ():
        if not STRIKE_NOUN.search(strike.group()):
            continue
        # "an Anglo American Platinum (Amplats) strike rally": the company, without its short name; one word may be
        # a headline's or sentence's first ("Taxi strike", "General strike", "Prolonged strikes")
        named = _trim_name(text, strike.start("name"), strike.end("name"), start, [])
        company = named[2].split("(")[0].rstrip() if named is not None else ""
        if named is not None and " " in company:
            add_employer(named[0], company, students=False, modified=False)
    return list(targets.values())


def _ends_in_person(name: str, full_name: str) -> bool:
    """Return whether ``name`` ends in the person ``full_name`` ("President Ebrahim Raisi"), not in a place its
    last words name ("University of Cape Coast", "Bahir Dar University")."""
    return name.endswith(full_name) and not re.search(r"\bof\s*$", name[: len(name) - len(full_name)])


def _names_an_employer(name: str, is_place_or_people: Callable[[str], bool], *, modified: bool = False) -> bool:
    """Return whether ``name`` next to workers ("workers at X", "X workers") is who employs them.

    A company or institution is ("Neyveli Lignite Corporation"); else any name that is no organisation, acronym,
    place or people ("Impala Platinum"), unless a noun after it makes it a modifier (``modified``: "workers at the
    Marikana mine").
    """
    if INSTITUTION_HEAD.search(name) and not ORGANISATION_WORD.search(name):
        return True
    return not (name.isupper() or ORGANISATION_WORD.search(name) or is_place_or_people(name) or modified)


def _lower_target_at(
    text: str, position: int, end: int, *, addressee: bool, named_next: bool
) -> tuple[int, int, str] | None:
    """Return (start, end, name) of a target that lower-cased text names at ``position``, or None.

    Without capitals a name is read where the text marks it: a possessive ("against beijing ’ s interference",
    "demanding thampu 's resignation") or a cue that leads to a name ("the resignation of chief minister x",
    "the offices of shell"); the words run to the first that cannot be part of a name.
    """
    possessor = LOWER_POSSESSOR.match(text, position, min(end, position + 60))
    if possessor is not None:
        name_end = possessor.end("name")
        if addressee and not ADDRESSEE_AFTER.match(text, name_end, end):
            return None
    elif (named_next or LOWER_PERSON_TITLE.match(text, position, end)) and not addressee:
        run = LOWER_TARGET_NAME.match(text, position, end)
        if run is None:
            return None
        name_end = position + len(run.group().rstrip(" .,"))
    else:
        return None
    name = text[position:name_end].strip()
    if not name or name.split()[0] in UNSPECIFIC_OPENERS or name.split()[0] in LOWER_OPENERS:
        return None
    if BACK_REFERENCE.match(name) or GENERIC_POSSESSOR.fullmatch(name):
        return None  # "the hospital 's chief executive", "the party 's leader": named elsewhere, if at all
    return (position, name_end, name)


# "addressed by X, Y and Z", "speakers included X": the names follow. "X addressed the rally": it precedes.
SPEAKERS_AFTER = re.compile(
    r"\b(?:(?:was|were) addressed by|addressed by|speakers? (?:included|were|was)|among (?:the|other) speakers "
    r"(?:were|was|included)|speeches (?:were made |were given )?by|(?:was|were) attended by)\s+",
    re.IGNORECASE,
)
SPEAKERS_BEFORE = re.compile(
    r"\s+(?:(?:also|later|then)\s+)?(?:addressed|spoke (?:at|to)|spoke at|delivered (?:a )?speech(?:es)? at)\s+"
    r"(?:the\s+)?(?:\w+\s+)?(?:rally|protest(?:ers)?|demonstrat\w+|gathering|crowd|meeting|participants|"
    r"march(?:ers)?|sit-in|dharna|vigil|agitators|strikers|audience)\b",
    re.IGNORECASE,
)
PERSON_NAME = re.compile(
    r"(?:(?:Dr|Prof|Mr|Mrs|Ms|Sir|Rev|Sen|Rep|Gen)\.?\s+)?[A-Z][\w’'-]+(?:\s+(?:[A-Z]\.\s*)*[A-Z][\w’'-]+){1,3}"
)


def extract_speakers(text: str, start: int, end: int, entities: Sequence[Entity], index: ActorIndex) -> list[Actor]:
    """Return the people who addressed the protest, as the sentence lists them.

    Reads "addressed by X, Y and Z", "speakers included X", "among the speakers were X" and
    "X (and Y) addressed the rally / spoke at the protest". Names are people the entity recognizer
    found, else runs of two to four capitalised words; lower-cased text yields none.
    """
    people = [e for e in entities if e.label == "PERSON" and start <= e.start and e.end <= end]
    speakers: dict[str, Actor] = {}

    def add(name_start: int, name_end: int) -> None:
        written = text[name_start:name_end]
        actor = canonical_actor(written, index, Span(start=name_start, end=name_end, text=written))
        speakers.setdefault(actor.name, actor)

    for cue in SPEAKERS_AFTER.finditer(text, start, end):
        stop = re.compile(r"[.;:]|\s(?:who|which|while|as)\s").search(text, cue.end(), end)
        listed_end = stop.start() if stop else end
        found = [e for e in people if cue.end() <= e.start and e.end <= listed_end]
        if found:
            for person in found:
                add(person.start, person.end)
            continue
        for name in PERSON_NAME.finditer(text, cue.end(), listed_end):
            add(name.start(), name.end())
    for cue in SPEAKERS_BEFORE.finditer(text, start, end):
        before = [e for e in people if start <= e.start and e.end <= cue.start() and cue.start() - e.end < 60]
        if before:
            for person in before:
                add(person.start, person.end)
            continue
        names = list(PERSON_NAME.finditer(text, max(start, cue.start() - 80), cue.start()))
        if names and names[-1].end() == cue.start():
            add(names[-1].start(), names[-1].end())
    return list(speakers.values())


CLAIM_CUE = re.compile(
    r"\b(?:calling for|call(?:s|ed)? for|call(?:s|ed)? to|urging [^.;:,]{0,60}? to|urged [^.;:,]{0,60}? to|"
    r"demanding|demanded|to demand|demand(?:s)? (?:for )?|protest(?:ed|ing)? against|against the|"
    r"seeking|to press for|pressing for|in protest (?:against|over|at)|to protest(?: against)?|"
    r"protesting(?: against)?|opposing|condemning|to oppose|to condemn|in support of|in solidarity with)\s+",
    re.IGNORECASE,
)
CLAIM_STOP = re.compile(
    r"[.;:!?“”\"()]|,(?!\d)|\s(?:and then|while|which|who|as well as|where|when)\s|"
    r"\s(?:with|by) (?:holding|staging)\b",
    re.IGNORECASE,
)
MAX_CLAIM_WORDS = 16


def extract_claims(text: str, start: int, end: int, *, place_starts: Sequence[int] = ()) -> list[Claim]:
    """Return what the protesters demanded, as short phrases from the text.

    The phrase runs from the cue ("calling for", "urging X to", "demanding", "against the") to the
    end of the clause, cut before a place the sentence names ("... in Brussels and 12 other cities").
    """
    claims: dict[str, Claim] = {}
    for cue in CLAIM_CUE.finditer(text, start, end):
        cue_words = cue.group().lower()
        # "against X" and "opposing X" keep their first word: without it the phrase reads as a demand
        if "against" in cue_words:
            claim_start = cue.start() + cue_words.find("against")
        elif cue_words.startswith(("opposing", "to oppose", "condemning", "to condemn", "in support", "in solid")):
            claim_start = cue.start() + (3 if cue_words.startswith("to ") else 0)
        else:
            claim_start = cue.end()
        stop = CLAIM_STOP.search(text, claim_start, end)
        claim_end = stop.start() if stop else end
        for place_start in place_starts:
            if claim_start < place_start < claim_end:
                claim_end = place_start
                break
        phrase = re.sub(r"\s+(?:in|at|on|across)\s*$", "", text[claim_start:claim_end].strip())
        claim_end = claim_start + len(phrase)
        words = phrase.split()
        if len(words) < 2:
            continue
        phrase = " ".join(words[:MAX_CLAIM_WORDS])
        phrase = phrase[0].lower() + phrase[1:] if phrase[:1].isupper() and not phrase[:2].isupper() else phrase
        claims.setdefault(
            phrase.lower(),
            Claim(text=phrase, span=Span(start=claim_start, end=claim_end, text=text[claim_start:claim_end])),
        )
    return list(claims.values())
