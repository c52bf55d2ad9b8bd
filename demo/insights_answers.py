"""What the validation panel says about each demo insight: the question a researcher would ask (neutral, about
their own experience) and fragments for answers that confirm the insight, contradict it, or cannot tell.

An answer is composed from an opening and a detail, filled with this person's numbers, colleagues and tools, so no
two people say the same sentence (`said` holds every sentence of six words or more already used).
"""

import random
import re

from demo.synthesis import INSIGHTS

ADOPTION, IMPORT, FINANCE = (statement for statement, _, _ in INSIGHTS)

QUESTIONS = {
    ADOPTION: "Think back to your team's first weeks with the product. Tell me how the rest of your team started "
    "using it.",
    IMPORT: "Tell me about the day you first brought your existing work into the product. How did it go, from start "
    "to finish?",
    FINANCE: "Tell me about the last time someone outside your team, such as finance, asked what you pay for the "
    "product. What happened?",
}

MATES = ["Ines", "Tariq", "Maren", "Colm", "Priya", "Jonah", "Lena", "Arturo", "Sade", "Mikko", "Hanne", "Ravi",
         "Odile", "Kofi", "Bettina", "Yusuf", "Greta", "Emeka", "Signe", "Rafael"]  # fmt: skip
TOOLS = ["Excel", "Trello", "Asana", "Google Sheets", "Basecamp", "a shared inbox", "Notion", "Smartsheet"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]

ANSWERS = {
    ADOPTION: {
        "confirms": [
            "I invited {n} people in the first week and only {k} of them ever logged in.",
            "{mate} never accepted the invite, so I kept updating {tool} for her as well as the product.",
            "By the second week it was really just me in there; everyone else stayed in {tool}.",
            "The invitation emails went to spam for half the team and I only noticed on {day}.",
            "We ended up with two versions of every project, and {mate} kept quoting the old dates.",
        ],
        "contradicts": [
            "All {n} of us were in by {day} and it was easy; {mate} set up the boards in an afternoon.",
            "Getting the team in went smoothly: {k} people joined on the first day without any reminder.",
            "Honestly adoption worked fine for us, {mate} even moved her own clients over from {tool}.",
        ],
        "unclear": [
            "I'm not sure, {mate} handled the rollout and I joined a few weeks later.",
            "Hard to say, it depends on which of our {n} teams you ask.",
        ],
        "more": [
            "It meant {mate} and I compared notes every {day} to catch what had changed.",
            "The people who never joined kept sending updates by email, about {n} a day.",
            "After a month I stopped asking and quietly went back to {tool} myself.",
            "What I remember most is {mate} asking which of the two lists was the real one.",
        ],
    },
    IMPORT: {
        "confirms": [
            "The import failed {k} times with a generic error and I lost most of that {day}.",
            "I had to cut our {tool} export into {k} smaller files before it went through; the due dates were gone.",
            "It took the whole {day} afternoon; {mate} re-typed the tags by hand afterwards.",
            "The first import dropped {n} rows without saying which ones, so I checked everything manually.",
        ],
        "contradicts": [
            "It went smoothly: the {tool} file came in within ten minutes, tags and dates included.",
            "The import was easy, {mate} did it on {day} morning and nothing was missing.",
            "No problems at all with the import; {n} projects came across in one go.",
        ],
        "unclear": [
            "I wasn't involved in the import, {mate} did that before I joined.",
            "I don't know, we started from scratch rather than bringing anything over from {tool}.",
        ],
        "more": [
            "The next day {mate} found {k} projects with the wrong owner and fixed them one by one.",
            "I kept the old {tool} file open for weeks in case something else was missing.",
            "We told the team to wait until {day} before using it, which did not help the mood.",
        ],
    },
    FINANCE: {
        "confirms": [
            "Our finance lead asked on {day} why the bill went up with new seats; without a report I had no answer.",
            "{mate} in finance needed a CSV of hours every month and the export kept breaking: I could not defend it.",
            "When the invoice jumped by {n} percent, finance asked what we got for it; I could not show them a thing.",
        ],
        "contradicts": [
            "Finance never questioned the price; {mate} approved the renewal in a day because the cost was fine.",
            "The cost was never the problem for us, the reports {mate} needed were easy to pull.",
            "Nobody outside the team asked, and the price seemed fair for {n} people.",
        ],
        "unclear": [
            "Not sure, our finance team handles billing and I never see the invoice.",
            "Hard to say, {mate} deals with all the subscriptions.",
        ],
        "more": [
            "{mate} still asks for the numbers in {tool} every {day} because of that.",
            "We are now reviewing every tool over {n} dollars a month, not just this one.",
            "It became a standing question in our {day} budget meeting.",
        ],
    },
}
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _fill(template: str, rng: random.Random) -> str:
    return template.format(mate=rng.choice(MATES), tool=rng.choice(TOOLS), day=rng.choice(DAYS),
                           n=rng.randint(4, 40), k=rng.randint(2, 4))  # fmt: skip


def compose(statement: str, stance: str, rng: random.Random, said: set[str], *, followup: bool) -> str:
    """One answer to the question testing `statement`, in `stance`, never a sentence someone already said."""
    pool = ANSWERS[statement]["more" if followup else stance]
    for _ in range(60):
        text = _fill(rng.choice(pool), rng)
        long = [s for s in SENTENCE.split(text) if len(s.split()) >= 6]
        if not any(s in said for s in long):
            said.update(long)
            return text
    return "That's all I can think of, really."
