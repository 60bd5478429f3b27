"""Tell an article's language cheaply, from its letters' script and its function words: text -> ISO 639-1 code."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

__all__ = ["ENGLISH", "UNDETERMINED", "detect_language"]

ENGLISH = "en"
UNDETERMINED = "und"  # ISO 639-2's code for "cannot tell"
# The language is told from the start of the text: enough words to decide, and a 20 MB article costs no more.
SAMPLE_CHARS = 5_000
# Below this many words a Latin-script text stays English unless another language's words plainly dominate:
# a wrong "en" costs one pass that finds nothing, a wrong skip loses the events of an English article.
MIN_WORDS_FOR_UNDETERMINED = 40
# English news prose has 25-40% of its words in the English list below (the dev set: 14% at the least over
# 40+ words); under 3% over 40 or more words it is a list of names or a language we have no words for.
MIN_ENGLISH_SHARE = 0.03
# Another language wins with at least this many of its function words, a tenth of all words, and more than
# twice the English ones: an English text quoting a slogan ("el pueblo unido") stays English.
MIN_OTHER_HITS = 3
MIN_OTHER_SHARE = 0.1

# A word: a run of lower-case ASCII letters or of characters past Latin-1's symbols, leaving out general
# punctuation and currency signs. Three times faster than the exact [^\W\d_]+ (a few symbols slip in).
WORD = re.compile(r"[a-z\u00c0-\u1fff\u20d0-\U0010ffff]+")
# A run of letters of any script but Latin (Basic Latin, Latin-1, Latin Extended-A/B, Latin Extended Additional).
NON_LATIN_LETTERS = re.compile(r"[^\W\d_A-Za-z\u00aa-\u024f\u1e00-\u1eff]+")
# Letters classified to tell the script: enough for a majority, bounded for a long Chinese article.
SCRIPT_SAMPLE_LETTERS = 200

# The most frequent function words of news in each language written in Latin script. Some English ones are
# words of other languages too ("a", "in", "on", "is", "was", "an", "to", "do", "as", "at", "i", "we"): they
# count for English only, so they never make a text foreign, while a foreign text has many more of its own.
FUNCTION_WORD_LISTS = {
    "en": "the of and that for with by from it he she they his her their were are has have had said not this but "
    "or who which after will been its would into over than about more also when there could them "
    "a in on is was an to do as at i we",
    "fr": "le la les des de du un une et est en dans pour que qui pas sur au aux avec par ont été sont ce cette "
    "il elle ils à d l qu mais plus ou se son sa ses leur leurs contre selon lors après",
    "de": "der die das und ist nicht mit sich auf für dem den ein eine einer zu von im auch es wurde sind hat dass "
    "bei nach aus wie sie er gegen am haben werden wird noch nur über einem einen des vor seit bis",
    "es": "el la los las del de y en que por con para una un se su es al como más pero fue sus lo le contra según "
    "este esta sobre entre ha han desde tras también muy",
    "pt": "o os da do das dos de e em que não uma um no na com para por se é ao foi mais pelo pela pelos contra "
    "segundo também seu sua entre após ser está são",
    "it": "il lo la gli le di del della e è che per con non un una sono nel alla al da si ha dei delle anche hanno "
    "ma come più dopo contro questo questa stato essere tra fra sul nella degli ai dal dalla",
    "nl": "de het een en van dat op te met voor zijn niet aan er die om ook als bij door werd naar worden maar "
    "uit wordt hij ze hebben heeft tegen nog wel zo dan hun deze dit na tot zich meer",
    "sv": "och att det som en är på för med av till den har inte om ett var de jag men sig vid från också mot "
    "enligt efter ska kan sina hade när sin dem så vara blev",
    "pl": "w z na się nie że jest o od po przez za jak już tak ale oraz było są który która które dla przeciwko "
    "ich jej jego być może też gdy przy ze",
    "tr": "ve bir bu da de için ile olarak çok daha olan gibi ama değil kadar sonra ise göre her var yok karşı "
    "tarafından ancak üzerine şu ne mi",
    "id": "yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke karena oleh ada mereka bahwa atau "
    "telah sudah kami kita para sebagai bisa lebih saat namun tersebut menjadi",
    "ro": "și în de la cu pe că nu este din care au un o mai pentru sunt fost sau al ale lui această împotriva "
    "după fi s se își iar dar ca acest",
}


def _index_function_words() -> dict[str, tuple[str, ...]]:
    """Return word -> the languages it is a function word of; an English word is English only."""
    index: dict[str, tuple[str, ...]] = {}
    for language, words in FUNCTION_WORD_LISTS.items():
        for word in words.split():
            index[word] = (*index.get(word, ()), language)
    for word in FUNCTION_WORD_LISTS[ENGLISH].split():
        index[word] = (ENGLISH,)
    return index


FUNCTION_WORDS = _index_function_words()

# Unicode blocks of the scripts that tell a language (or a family of them: see _script_language), in order.
SCRIPT_BLOCKS = [
    (0x0370, 0x03FF, "el"),  # Greek
    (0x0400, 0x052F, "cyrillic"),
    (0x0530, 0x058F, "hy"),  # Armenian
    (0x0590, 0x05FF, "he"),  # Hebrew
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x0900, 0x097F, "hi"),  # Devanagari: Hindi, also Marathi and Nepali
    (0x0980, 0x09FF, "bn"),  # Bengali
    (0x0A00, 0x0A7F, "pa"),  # Gurmukhi
    (0x0A80, 0x0AFF, "gu"),  # Gujarati
    (0x0B80, 0x0BFF, "ta"),  # Tamil
    (0x0C00, 0x0C7F, "te"),  # Telugu
    (0x0C80, 0x0CFF, "kn"),  # Kannada
    (0x0D00, 0x0D7F, "ml"),  # Malayalam
    (0x0D80, 0x0DFF, "si"),  # Sinhala
    (0x0E00, 0x0E7F, "th"),  # Thai
    (0x0E80, 0x0EFF, "lo"),  # Lao
    (0x1000, 0x109F, "my"),  # Myanmar
    (0x10A0, 0x10FF, "ka"),  # Georgian
    (0x1100, 0x11FF, "ko"),  # Hangul Jamo
    (0x1200, 0x139F, "am"),  # Ethiopic
    (0x1780, 0x17FF, "km"),  # Khmer
    (0x3040, 0x30FF, "kana"),  # Hiragana and Katakana
    (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"),
    (0xAC00, 0xD7AF, "ko"),  # Hangul syllables
    (0xF900, 0xFAFF, "han"),
    (0xFB50, 0xFDFF, "arabic"),  # Arabic presentation forms
    (0xFE70, 0xFEFF, "arabic"),
]
_BLOCK_STARTS = [start for start, _, _ in SCRIPT_BLOCKS]
# Letters that only some languages of a script use.
UKRAINIAN_LETTERS = frozenset("єїґіЄЇҐІ")
SERBIAN_LETTERS = frozenset("ђћџљњјЂЋЏЉЊЈ")
BELARUSIAN_LETTERS = frozenset("ўЎ")
RUSSIAN_LETTERS = frozenset("ыэёЫЭЁ")
URDU_LETTERS = frozenset("ٹڈڑںےھ")
PERSIAN_LETTERS = frozenset("پچژگکی")


def detect_language(text: str) -> str:
    """Return the ISO 639-1 code of the language ``text`` is written in, "und" when it cannot be told.

    Looks at the first SAMPLE_CHARS characters only. Non-Latin scripts give the language at once (Han ->
    zh, kana -> ja, Hangul -> ko, Arabic -> ar / fa / ur, Cyrillic -> ru / uk / sr / be, Devanagari -> hi,
    and so on) when they hold most of the letters. Latin-script text is told by its function words among
    a dozen languages (en fr de es pt it nl sv pl tr id ro); a long Latin text with almost no English ones
    is "und" (a list of names, or a language without a word list here, such as Vietnamese). A text too
    short to tell, or with no letters at all, is English: the pipeline's language, so it is never skipped
    on a guess. Close languages of one script can be confused (Spanish and Portuguese, Hindi and Marathi);
    what this must get right is English or not.
    """
    sample = text[:SAMPLE_CHARS]
    words = WORD.findall(sample.lower())
    if not words:
        return ENGLISH
    letters = sum(map(len, words))
    # Each non-ASCII character takes at least two bytes in UTF-8: a cheap bound that spares the scan for
    # English text with a few curly quotes or accented names.
    if 2 * (len(sample.encode("utf-8", "surrogatepass")) - len(sample)) > letters:
        foreign = "".join(NON_LATIN_LETTERS.findall(sample))
        if 2 * len(foreign) > letters:
            return _script_language(foreign[:SCRIPT_SAMPLE_LETTERS])
    return _latin_language(words)


def _latin_language(words: list[str]) -> str:
    """Return the language of Latin-script ``words`` (lower case) from the share of each language's function words."""
    hits: Counter[str] = Counter()
    counts = Counter(words)
    for word in counts.keys() & FUNCTION_WORDS.keys():
        for language in FUNCTION_WORDS[word]:
            hits[language] += counts[word]
    english = hits.pop(ENGLISH, 0)
    if hits:
        other, other_hits = hits.most_common(1)[0]
        if other_hits >= MIN_OTHER_HITS and other_hits >= MIN_OTHER_SHARE * len(words) and other_hits > 2 * english:
            return other
    if len(words) >= MIN_WORDS_FOR_UNDETERMINED and english < MIN_ENGLISH_SHARE * len(words):
        return UNDETERMINED
    return ENGLISH


def _script_language(letters: str) -> str:
    """Return the language that the script most of ``letters`` are written in tells, "und" for an unknown one."""
    scripts: Counter[str] = Counter()
    for letter in letters:
        index = bisect_right(_BLOCK_STARTS, ord(letter)) - 1
        if index >= 0 and ord(letter) <= SCRIPT_BLOCKS[index][1]:
            scripts[SCRIPT_BLOCKS[index][2]] += 1
    if not scripts:
        return UNDETERMINED
    script = scripts.most_common(1)[0][0]
    if script in ("han", "kana"):
        # Japanese mixes kana into Han text; Chinese has none.
        return "ja" if scripts["kana"] > 0.1 * (scripts["han"] + scripts["kana"]) else "zh"
    if script == "cyrillic":
        present = set(letters)
        # Belarusian shares "і" with Ukrainian, so its "ў" is looked for first.
        for language, marks in (("be", BELARUSIAN_LETTERS), ("uk", UKRAINIAN_LETTERS), ("sr", SERBIAN_LETTERS)):
            if present & marks:
                return language
        return "ru" if present & RUSSIAN_LETTERS else UNDETERMINED  # Bulgarian and Macedonian have neither
    if script == "arabic":
        present = set(letters)
        if present & URDU_LETTERS:
            return "ur"
        return "fa" if present & PERSIAN_LETTERS else "ar"
    return script
