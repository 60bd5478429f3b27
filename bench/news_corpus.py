"""Synthetic news for the benchmarks: protest reports and other news (politics, business, sports, crime, weather).

Articles are assembled from sentence templates with a seeded random generator, so every run of a
benchmark sees the same texts, each different from the others. Other news deliberately uses words that
look like protest triggers in other senses (markets that rally, a striker's goal, the month of March,
roads blocked by snow), because that is where a cheap first pass is tested.
"""

from __future__ import annotations

import random

CITIES = (
    "Berlin", "Madrid", "Lisbon", "Vienna", "Warsaw", "Prague", "Athens", "Dublin", "Oslo", "Helsinki", "Nairobi",
    "Lagos", "Santiago", "Lima", "Bogota", "Manila", "Jakarta", "Seoul", "Toronto", "Chicago", "Sydney", "Lyon",
)  # fmt: skip
GROUPS = ("teachers", "nurses", "farmers", "students", "dock workers", "taxi drivers", "pensioners", "miners")
UNIONS = ("the National Teachers Union", "the Nurses Alliance", "the Farmers Federation", "Students for Change")
ISSUES = ("budget cuts", "rising rents", "a new pension law", "school closures", "fuel prices", "police violence")
OFFICIALS = ("Maria Keller", "Jon Alvarez", "Amina Yusuf", "Peter Novak", "Lena Berg", "Carlos Mendes")
COMPANIES = ("Norland Energy", "Vesta Foods", "Kira Motors", "Atlas Bank", "Orion Telecom", "Delta Shipping")
TEAMS = ("City", "United", "Rovers", "Athletic", "Wanderers", "Albion")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

PROTEST_LEAD = (
    "On {day}, {size} {group} rallied in {city} against {issue}, organisers said.",
    "Thousands of {group} marched through central {city} on {day} to protest against {issue}.",
    "{size} {group} staged a demonstration outside parliament in {city} on {day}, demanding an end to {issue}.",
    "Hundreds of {group} went on strike in {city} on {day} over {issue}.",
)
PROTEST_BODY = (
    "The protest was called by {union}, which said its members had run out of patience.",
    "Police estimated the crowd at {size}, while organisers put the figure much higher.",
    'Protesters carried banners reading "Enough is enough" and chanted slogans against the government.',
    "{official}, a spokeswoman for {union}, said the demonstrators would return every week until {issue} ended.",
    "The march ended peacefully in front of the city hall, where speakers demanded talks with the ministry.",
    "Several roads in the centre of {city} were closed for the afternoon as the demonstrators passed.",
    "A smaller counter-protest gathered near the station but was kept apart by riot police.",
    "It was the third such rally in {city} this month.",
)
# Background that protest reports carry too: it has no trigger words and is where most of their words are.
BACKGROUND = (
    "The government says the measures are needed to keep the budget within European limits.",
    "Unemployment in the region has stayed above eight percent for two years, according to official figures.",
    "The ministry did not respond to a request for comment by the time of publication.",
    "Opposition parties have said they will table a motion in parliament next month.",
    "Economists expect inflation to ease in the second half of the year as energy prices stabilise.",
    "{official} told reporters that the cabinet would review the plan before the summer recess.",
    "The reform was approved by a narrow majority in the lower house in January.",
    "Critics argue that the changes fall hardest on families with young children and on pensioners.",
    "A survey published last week found that most residents of {city} oppose the plan.",
    "The city council has set up a working group to study the effects of the decision.",
)
OTHER_NEWS = {
    "politics": (
        "{official} was elected leader of the party on {day} after a close vote among members in {city}.",
        "The coalition agreed on a new budget that raises spending on hospitals and schools.",
        "Parliament will vote on the bill in March, the speaker said.",
        "{official} said the government would not raise taxes before the election.",
        "The minister met her counterpart in {city} to discuss trade and migration.",
        "Polls suggest the ruling party has lost ground among younger voters since the spring.",
    ),
    "business": (
        "Shares of {company} rallied 4 percent on {day} after the company raised its profit forecast.",
        "Stocks in {city} closed higher as markets rallied on hopes of lower interest rates.",
        "{company} said it would cut 300 jobs and close a plant near {city} by March.",
        "The central bank left its main rate unchanged, as most analysts had expected.",
        "Oil prices fell for a third day as supply concerns eased.",
        "{company} agreed to buy a smaller rival in a deal worth 2 billion euros.",
    ),
    "sports": (
        "{team_a} rallied from two goals down to beat {team_b} 3-2 in {city} on {day}.",
        "Their striker scored twice in the second half and was named player of the match.",
        "The coach said the team had shown character after a difficult first half.",
        "{team_b} will host the return leg in March, with a place in the final at stake.",
        "The goalkeeper blocked a late penalty to secure the draw.",
        "Tickets for the derby sold out within an hour, the club said.",
    ),
    "crime": (
        "Police in {city} arrested two men on {day} in connection with a series of burglaries.",
        "The suspects, aged 24 and 31, are due to appear in court next week.",
        "Detectives said they had recovered jewellery and electronics worth thousands of euros.",
        "A fire at a warehouse on the edge of {city} is being treated as arson, police said.",
        "Officers appealed for witnesses who were in the area late on {day} evening.",
        "The court sentenced the former official to three years in prison for fraud.",
    ),
    "weather": (
        "Heavy snow blocked several roads around {city} on {day}, and schools closed early.",
        "Forecasters expect temperatures to drop to minus ten degrees overnight.",
        "Strong winds brought down trees and cut power to thousands of homes.",
        "The weather service issued a warning for flooding along the river until Thursday.",
        "Drivers were urged to avoid unnecessary journeys until the storm passes.",
        "March was the warmest on record in {city}, according to the national weather office.",
    ),
}
TARGET_WORDS = 600


def _fill(template: str, rng: random.Random) -> str:
    home, away = rng.sample(TEAMS, 2)
    return template.format(
        day=rng.choice(WEEKDAYS), size=f"{rng.randint(2, 90) * 100:,}", group=rng.choice(GROUPS),
        city=rng.choice(CITIES), issue=rng.choice(ISSUES), union=rng.choice(UNIONS),
        official=rng.choice(OFFICIALS), company=rng.choice(COMPANIES), team_a=home, team_b=away,
    )  # fmt: skip


def _assemble(first: list[str], pools: list[tuple[str, ...]], rng: random.Random) -> str:
    """Return an article of about TARGET_WORDS words, one paragraph per line, opening with ``first``."""
    paragraphs = [" ".join(_fill(template, rng) for template in first)]
    words = len(paragraphs[0].split())
    while words < TARGET_WORDS:
        paragraph = " ".join(_fill(rng.choice(rng.choice(pools)), rng) for _ in range(rng.randint(2, 3)))
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    return "\n".join(paragraphs)


def protest_article(rng: random.Random) -> str:
    """Return a ~600-word protest report: a lead, protest details and background."""
    lead = [rng.choice(PROTEST_LEAD), rng.choice(PROTEST_BODY)]
    return _assemble(lead, [PROTEST_BODY, BACKGROUND, BACKGROUND], rng)


def other_article(topic: str, rng: random.Random) -> str:
    """Return a ~600-word article of another topic (politics, business, sports, crime, weather)."""
    sentences = OTHER_NEWS[topic]
    return _assemble([rng.choice(sentences)], [sentences, BACKGROUND], rng)


def mixed_stream(count: int, *, protest_share: float = 0.05, seed: int = 8) -> list[str]:
    """Return ``count`` articles where about ``protest_share`` report protests, the rest other news in turn."""
    rng = random.Random(seed)
    every = round(1 / protest_share)
    topics = sorted(OTHER_NEWS)
    return [
        protest_article(rng) if i % every == 0 else other_article(topics[i % len(topics)], rng) for i in range(count)
    ]


def protest_stream(count: int, *, seed: int = 9) -> list[str]:
    """Return ``count`` protest reports, each different."""
    rng = random.Random(seed)
    return [protest_article(rng) for _ in range(count)]
