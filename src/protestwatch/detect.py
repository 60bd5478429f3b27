"""Find the words that report a protest in a sentence: Sentence -> Trigger (form, status)."""

from __future__ import annotations

import re

from .models import Span, Trigger
from .text import Sentence

# Each trigger pattern names the form it implies; the first form in FORM_PRIORITY wins when a
# sentence holds several ("held a rally and a photo exhibition" is a rally).
TRIGGER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (form, re.compile(pattern, re.IGNORECASE))
    for form, pattern in (
        ("hunger-strike", r"\bhunger[- ]strik(?:e|es|ers?|ing)\b"),
        ("sit-in", r"\bsit-ins?\b|\bsat in\b"),
        ("vigil", r"\bvigils?\b"),
        ("riot", r"\bri(?:ot|ots|oted|oting|oters)\b(?! (?:police|gear|squad|shields?|control|act)\b)"),
        (
            "blockade",
            r"\bblockades?\b|\bblock(?:ed|ing) (?:(?:the|a|main|major|key|several|two|three) ){0,2}"
            r"(?:roads?|highways?|streets?|bridges?|railways?|traffic|entrances?)\b",
        ),
        (
            "occupation",
            r"\boccup(?:ied|ying|y) (?:the |a )?(?:building|campus|square|offices?|parliament|"
            r"university|factory|headquarters|ministry|city hall)\b",
        ),
        (
            "strike",
            r"\b(?:on|general|national|nationwide|labou?r|indefinite|warning|token|a|the|workers'?|"
            r"teachers'?|doctors'?|nurses'?) strikes?\b(?! (?:a|an|the|deal|balance|chord)\b)|"
            r"\bstrikers\b|\bwalk-?outs?\b|\bwalked out\b",
        ),
        ("boycott", r"\bboycott(?:s|ed|ing)?\b"),
        (
            "march",
            r"\bmarch(?:es|ed|ing|ers)\b|(?-i:\b(?:to|will|would|'ll) march\b)|"
            r"\b(?:a|the|protest|peaceful|silent|solidarity) march\b"
            r"(?! of (?:history|time|progress|science|technology|events|the seasons)\b)",
        ),
        ("rally", r"\brall(?:y|ies|ied|ying)\b"),
        (
            "demonstration",
            r"\bprotest(?:s|ed|ing|ers?|ors?)?\b|\bdemonstrat(?:ions?|ors?)\b|"
            r"\bdemonstrated (?:in|outside|against|at|for|near|on)\b|\bmanifestations?\b|"
            r"\bpicket(?:s|ed|ing|ers)?\b|\btook to the streets\b|\btake to the streets\b|"
            r"\bgather(?:ed|ing)? (?:in|at|outside|near|in front of|before|on|to protest)\b|"
            r"\ba gathering\b|\bgatherings\b",
        ),
        ("exhibition", r"\b(?:photo|photograph|art) exhibitions?\b"),
    )
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
)

# Words around a trigger that make it something else than a protest event.
NOT_A_PROTEST = re.compile(
    r"\bprotest(?:s|ed|ing)? (?:his|her|their|its) innocence\b|"
    r"\b(?:lodged?|filed?|formal|diplomatic|official|strong) (?:a )?(?:formal )?protests?\b|"
    r"\b(?:resigned|quit|stepped down|withdrew|walked out of the (?:talks|meeting|session)) in protest\b|"
    r"\b(?:air|drone|missile|military|rocket|pre-?emptive|nuclear|surgical|lightning|first) strikes?\b|"
    r"\b(?:naval|military|economic|sea|air|israeli|army) blockades?\b|\b(?:reimposed|lifted|imposed) (?:a |the )?"
    r"(?:[\w-]+ )?blockades?\b",
    re.IGNORECASE,
)
MARKET_WORDS = re.compile(
    r"\b(?:markets?|stocks?|shares|equities|index|indices|indexes|dollar|euro|yen|sterling|bonds?|prices?|"
    r"oil|gold|nasdaq|dow|s&p|ftse|nikkei|currency|currencies|bitcoin|crypto|futures|treasur(?:y|ies))\b",
    re.IGNORECASE,
)
SPORTS_RALLY = re.compile(
    r"\brall(?:y|ied|ies|ying) (?:to (?:win|beat|victory|defeat|draw)|from (?:behind|a))", re.IGNORECASE
)
ARMY_MARCH = re.compile(r"\b(?:troops|soldiers|army|armies|forces|tanks|band)\s+(?:\w+\s+)?march", re.IGNORECASE)
# A protest named only as background or as the object of support is not an event of this article
# ("echoing the recent protests", "to support protests across Iran").
BACKGROUND_BEFORE = re.compile(
    r"\b(?:(?:recent|previous|past|earlier|last year'?s|last month'?s|former|after|following|since|amid|"
    r"during|wave of|crackdown on|pro-democracy)\s+(?:the\s+|all\s+|\w+\s+)?|"
    r"(?:echoing|support(?:s|ed|ing)?|solidarity with)\s+(?:[\w’'-]+\s+){0,10})$",
    re.IGNORECASE,
)
NEGATED = re.compile(r"\b(?:no|not|never|without)\s+(?:\w+\s+)?$", re.IGNORECASE)

CANCELLED = re.compile(r"\b(?:cancel+ed|called off|postponed|banned|prohibited|was halted)\b", re.IGNORECASE)
CALLED = re.compile(
    r"\bcall(?:s|ed|ing)? (?:for|on [\w\s]{1,40}? to (?:join|protest|rally|march|take|gather|strike|boycott))\b|"
    r"\burg(?:es|ed|ing) [\w\s]{1,40}? to (?:join|protest|rally|march|take to|gather|strike|boycott)\b|"
    r"\bappeal(?:s|ed)? (?:for|to) [\w\s]{0,40}?(?:join|protest)",
    re.IGNORECASE,
)
PLANNED = re.compile(
    r"\b(?:will|would|shall|'ll) (?:\w+ )?(?:hold|stage|protest|march|rally|gather|take|strike|boycott|blockade|"
    r"occupy|demonstrate|"
    r"join|go|begin|start|continue)\b|\bplan(?:s|ned|ning)? (?:to (?:hold|stage|protest|march|rally|gather|strike|"
    r"boycott|demonstrate)|(?:a|an) (?:protest|rally|march|demonstration|strike|vigil))\b|"
    r"\b(?:is|are) (?:set|due|expected|scheduled|planning|going) to\b|\bto be held\b|"
    r"\bnext (?:week|month|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)\b|\bupcoming\b|\bannounced (?:a|plans|that)\b|\bthreaten(?:s|ed)? to\b",
    re.IGNORECASE,
)
ONGOING = re.compile(
    r"\b(?:are|is) (?:still )?(?:protesting|marching|rallying|striking|demonstrating|occupying|camping)\b|"
    r"\bcontinu(?:e|es|ed|ing) (?:to protest|their|its|the) |\bongoing\b|\benter(?:s|ed)? (?:its|their) "
    r"\w+ (?:day|week|month)\b|\bfor the \w+ (?:straight |consecutive )?(?:day|week)\b",
    re.IGNORECASE,
)


def detect_triggers(sentence: Sentence) -> list[Trigger]:
    """Return the protest triggers of one sentence, strongest form first, or [] for no protest.

    Rules, not a model: a trigger word is kept unless its context makes it something else (markets
    that rally, air strikes, a minister's formal protest, "protested his innocence", protests named
    only as background). The status comes from the sentence's tense and cues ("will march", "called
    for protests", "called off"). Misses protests described without any trigger word.
    """
    text = sentence.span.text
    not_protests = [(m.start(), m.end()) for m in NOT_A_PROTEST.finditer(text)]
    found: list[tuple[int, int, int, str]] = []
    for form, pattern in TRIGGER_PATTERNS:
        for match in pattern.finditer(text):
            inside_non_protest = any(start < match.end() and match.start() < end for start, end in not_protests)
            if inside_non_protest or _excluded(form, match, text):
                continue
            found.append((FORM_PRIORITY.index(form), match.start(), match.end(), form))
    if not found:
        return []
    found.sort()
    status = _status(text)
    offset = sentence.span.start
    return [
        Trigger(
            span=Span(start=offset + start, end=offset + end, text=text[start:end]),
            form=form,
            status=status,
            sentence=sentence.span,
        )
        for _, start, end, form in found
    ]


def _excluded(form: str, match: re.Match[str], text: str) -> bool:
    before = text[max(0, match.start() - 100) : match.start()]
    window = text[max(0, match.start() - 60) : match.end() + 60]
    if form == "rally" and (MARKET_WORDS.search(window) or SPORTS_RALLY.search(text, match.start())):
        return True
    if form == "march":
        if (
            match.group().lower().startswith("march")
            and match.group()[0] == "M"
            and match.start() > 0
            and re.match(r"\s+\d", text[match.end() :])
        ):
            return True
        if ARMY_MARCH.search(text[max(0, match.start() - 30) : match.end()]):
            return True
    if match.group().lower() == "protest" and re.search(r"\bin\s+$", before, re.IGNORECASE):
        return True  # "in protest to X": a reason; the clause's own verb carries the event
    return bool(BACKGROUND_BEFORE.search(before) or NEGATED.search(before))


def _status(text: str) -> str:
    if CANCELLED.search(text):
        return "cancelled"
    if CALLED.search(text) and not re.search(
        r"\b(?:held|staged|gathered|marched|rallied|took part)\b", text, re.IGNORECASE
    ):
        return "called"
    if PLANNED.search(text):
        return "planned"
    if ONGOING.search(text):
        return "ongoing"
    return "occurred"
