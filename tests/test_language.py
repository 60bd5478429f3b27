"""The cheap language check (issue 9): non-English articles are told apart and skipped, English never is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from protestwatch.language import SAMPLE_CHARS, detect_language
from protestwatch.models import Article
from protestwatch.pipeline import Extractor

DEVSET = Path(__file__).parent / "data" / "devset"


@pytest.mark.parametrize(
    "text, language",
    [
        ("Des milliers de manifestants ont défilé samedi à Paris contre la réforme des retraites, selon la CGT.", "fr"),
        ("Tausende Menschen haben am Samstag in Berlin gegen die neue Rentenreform demonstriert.", "de"),
        ("Miles de personas se manifestaron el sábado en Madrid contra la reforma de las pensiones.", "es"),
        ("Milhares de pessoas protestaram no sábado em Lisboa contra a reforma, segundo os sindicatos.", "pt"),
        ("Migliaia di persone hanno manifestato sabato a Roma contro la riforma delle pensioni.", "it"),
        ("Duizenden mensen hebben zaterdag in Amsterdam gedemonstreerd tegen de nieuwe pensioenwet.", "nl"),
        ("Tysiące ludzi protestowało w sobotę w Warszawie przeciwko nowej ustawie, która ogranicza prawa.", "pl"),
        ("Ribuan orang berunjuk rasa di Jakarta pada hari Sabtu untuk menolak undang-undang yang baru.", "id"),
        ("数千名抗议者周日在北京游行，反对新的养老金法律。", "zh"),
        ("日曜日、東京で数千人の人々が新しい年金法に反対してデモ行進を行った。", "ja"),
        ("일요일 서울에서 수천 명의 시위대가 새로운 연금법에 반대하며 행진했다.", "ko"),
        ("تظاهر آلاف المحتجين في القاهرة يوم الأحد ضد القانون الجديد.", "ar"),
        ("هزاران نفر روز یکشنبه در تهران علیه قانون جدید بازنشستگی راهپیمایی کردند.", "fa"),
        ("ہزاروں افراد نے اتوار کو کراچی میں نئے قانون کے خلاف مظاہرہ کیا۔", "ur"),
        ("Тысячи протестующих вышли в воскресенье на улицы Москвы против нового закона.", "ru"),
        ("Тисячі людей вийшли в неділю на вулиці Києва проти нового закону про пенсії.", "uk"),
        ("रविवार को दिल्ली में हजारों लोगों ने नए कानून के खिलाफ प्रदर्शन किया।", "hi"),
        ("Χιλιάδες διαδηλωτές πραγματοποίησαν πορεία την Κυριακή στην Αθήνα κατά του νέου νόμου.", "el"),
        ("אלפי מפגינים צעדו ביום ראשון בתל אביב נגד החוק החדש.", "he"),
        ("ผู้ประท้วงหลายพันคนเดินขบวนในกรุงเทพฯ เมื่อวันอาทิตย์เพื่อต่อต้านกฎหมายใหม่", "th"),
        # A long Latin-script text with no function words of English (or of a language listed): no sentence
        # the English pipeline could read, whether a list of names or Vietnamese.
        (" ".join(["Paris", "Berlin", "Madrid", "Cairo", "Lagos", "Lima", "Delhi"] * 10), "und"),
        ("Hàng nghìn người biểu tình tại Hà Nội hôm Chủ nhật phản đối luật mới về lương hưu. " * 4, "und"),
    ],
)
def test_detect_language_tells_other_languages(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "Protest in Paris.",
        "5,000",
        "12/03/2021 14:05 UTC +1 300-500 2,000",
        "Le Pen rally draws 2,000 in Nice",
        "¡El pueblo unido jamás será vencido! chanted protesters in Santiago on Sunday.",
        "Results: Madrid 300, Paris 200, Berlin 150, Rome 120, Lisbon 90, Athens 80, Vienna 75, Oslo 60.",
        "Protesters in 北京 (Beijing) and Москва (Moscow) marched on Sunday, organisers said.",
        "Des milliers de manifestants, the AFP reported, marched in Paris on Saturday against the pension reform.",
        "KARNATAKA Communal clash in Mysore jail February 02 , 2008 00:00 IST Staff Correspondent",
        "Turnout: 12,400 (2019), 15,800 (2020), 21,300 (2021); 3,100 arrests, 42 injured, 7 cities, 1.2m signatures.",
        # Number-heavy English: a strike's figures, more digits than letters.
        "Turnout rose to 12,400 in 2019, 15,800 in 2020 and 21,300 in 2021; police counted 3,100 arrests, 42 injured "
        "in 7 cities (2021-03-12: 1,204; 2021-03-13: 2,310; 2021-03-14: 977) and 1.2m signatures by 31/12/2021. " * 20,
    ],
)
def test_detect_language_keeps_short_and_number_heavy_english(text: str) -> None:
    assert detect_language(text) == "en"


def test_detect_language_keeps_every_devset_text_english() -> None:
    texts = [json.loads(line)["text"] for path in sorted(DEVSET.glob("*.jsonl")) for line in path.open()]
    assert len(texts) > 500
    called_foreign = [(detect_language(text), text[:80]) for text in texts if detect_language(text) != "en"]
    assert called_foreign == []


@pytest.mark.parametrize("padding", ["Thousands marched in Berlin on Sunday, the police said. "])
def test_detect_language_reads_only_the_start_of_a_long_text(padding: str) -> None:
    """The cost is bounded: a 20 MB article is told from its first SAMPLE_CHARS characters."""
    english_start = padding * (SAMPLE_CHARS // len(padding) + 1)
    assert detect_language(english_start + "数千名抗议者周日在北京游行。" * 100_000) == "en"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.mark.parametrize(
    "text, language",
    [
        # The English pipeline reads a "demonstration" into this German report when it is not skipped.
        (
            "Tausende Menschen haben am Samstag in Berlin gegen die Rentenreform protestiert. Die Demonstration "
            "wurde von der Gewerkschaft Verdi organisiert, wie die Polizei mitteilte.",
            "de",
        ),
        ("Тысячи протестующих вышли в воскресенье на улицы Москвы против нового закона.", "ru"),
    ],
)
def test_extract_skips_other_languages_without_error(extractor: Extractor, text: str, language: str) -> None:
    result = extractor.extract(Article(id="foreign", text=text))
    assert (result.article.language, result.article.error, result.events) == (language, None, ())


@pytest.mark.parametrize("text", ["Thousands of teachers marched in Berlin on 12 March 2021 against budget cuts."])
def test_extract_labels_english_and_extracts_it(extractor: Extractor, text: str) -> None:
    result = extractor.extract(Article(id="english", text=text, language="und"))
    assert result.article.language == "en"
    assert len(result.events) == 1
