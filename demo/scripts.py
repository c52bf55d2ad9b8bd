"""What each demo persona answers: a script composed from their story's fragments and their own details.

A `Script` answers a guide question (chosen by what the question asks, see SLOTS) or the interviewer's follow-up
on it (going deeper into the same subject). Fragments are filled with the persona's details and taken without
replacement: nobody says the same thing twice, and a sentence of six words or more that another person already
said is never used again (the `Said` registry shared by one run of the demo), so no two people sound alike.
Everything comes from a random generator seeded per persona: the same demo every time.
"""

import random
import re
from collections import Counter
from dataclasses import dataclass, field

from demo.personas import PERSONAS, Persona
from demo.stories import CONTEXT, CONTEXT_MORE, HOPE_MORE, INSTEAD, INSTEAD_MORE, STAY, STORIES

# What a guide question asks, recognised in its words; a question the demo does not know gets the story.
SLOTS = (
    (re.compile(r"decided to stop|stop using|moment", re.I), "trigger"),
    (re.compile(r"going on at work|around that time", re.I), "context"),
    (re.compile(r"hoped|hoping|when you started", re.I), "hope"),
    (re.compile(r"instead", re.I), "instead"),
    (re.compile(r"different|stay", re.I), "stay"),
)
IMPACT_PROBE = re.compile(r"affect|like for you|feel|difference|change for you", re.I)
MARK = re.compile(r"\[\[(?:([^|\]]+)\|)?(.+?)\]\]")
FILL = re.compile(r"\{(\w+)\}")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
MIN_WORDS = 6  # shorter sentences ("Not really, no.") may come from several people, as in real interviews
SHARED = 3  # at most this many people tell a fragment, each with their own details, while others are left

MATES = [
    "Aiko",
    "Alba",
    "Amelia",
    "Anika",
    "Beatriz",
    "Carla",
    "Chiara",
    "Clara",
    "Dalia",
    "Dana",
    "Elif",
    "Elsa",
    "Emma",
    "Esra",
    "Eva",
    "Farah",
    "Fiona",
    "Freya",
    "Gemma",
    "Greta",
    "Hana",
    "Helena",
    "Ida",
    "Ingrid",
    "Irene",
    "Isla",
    "Jana",
    "Jess",
    "Julia",
    "Karin",
    "Kate",
    "Keira",
    "Lara",
    "Leah",
    "Lena",
    "Lise",
    "Lucy",
    "Mai",
    "Maren",
    "Marta",
    "Mina",
    "Mira",
    "Nadia",
    "Naomi",
    "Nora",
    "Olga",
    "Paula",
    "Pia",
    "Rana",
    "Rita",
    "Rosa",
    "Ruth",
    "Sadia",
    "Sana",
    "Sara",
    "Selin",
    "Shira",
    "Sina",
    "Sofie",
    "Tamar",
    "Tara",
    "Tess",
    "Thandi",
    "Uma",
    "Vera",
    "Wanda",
    "Yara",
    "Zara",
    "Zoe",
    "Ayla",
    "Bea",
    "Cora",
    "Dina",
    "Edie",
    "Hazel",
    "Iris",
    "Joy",
    "Kiri",
    "Lola",
    "Maud",
]
MATE_ROLES = ("our office manager", "our project coordinator", "our senior designer", "our account manager",
              "our operations analyst", "our team lead", "our studio manager", "our finance lead",
              "our delivery manager", "our head of client services")  # fmt: skip
CLIENT_A = [
    "Lumen",
    "Harbor",
    "Cobalt",
    "Juniper",
    "Atlas",
    "Meridian",
    "Summit",
    "Willow",
    "Orion",
    "Beacon",
    "Vista",
    "Keystone",
]
CLIENT_B = [
    "Dental",
    "Bank",
    "Foods",
    "Hotels",
    "Museum",
    "Clinics",
    "Energy",
    "Retail",
    "Airways",
    "Pharma",
    "Schools",
    "Motors",
]
BOSSES = {
    "smb": ("our founder", "the managing partner", "my business partner", "the owner"),
    "mid-market": ("our COO", "our head of operations", "our CFO", "the VP of operations"),
    "enterprise": ("our CIO", "my director", "the head of the PMO", "our CFO"),
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


# Short, vague answers: real interviews have them. Under six words, they may recur across people.
VAGUE = (
    "Not sure. It just didn't stick.",
    "Hard to say, honestly.",
    "Nothing comes to mind.",
    "I don't remember, sorry.",
    "Not really, no.",
    "No idea, to be honest.",
    "Nothing in particular.",
    "Can't really say.",
    "Hmm, not sure.",
)
# When every fragment that fits was already said: a short close that doesn't repeat.
DONE = ("That's about it, really.", "Nothing more to add there.", "That's all I remember.", "Not much else to say.")
OPENERS = {"chatty": ("Honestly? ", "Good question. ", "Hmm. ", "Let me think. ", "Ha. "), "terse": (), "precise": (),
           "vague": ()}  # fmt: skip


def _spread(seed: str, items: list, index: int):
    """The index-th item of a fixed shuffle: different people get different items while there are enough."""
    shuffled = list(items)
    random.Random(seed).shuffle(shuffled)
    return shuffled[index % len(shuffled)]


def _capitalise(text: str) -> str:
    return re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def sentences(text: str) -> list[str]:
    """The sentences of an answer, as the no-repetition rule counts them."""
    return [s.strip() for part in text.split("\n") for s in SENTENCE_END.split(part) if s.strip()]


def _key(sentence: str) -> str:
    return re.sub(r"\W+", " ", sentence.casefold()).strip()


@dataclass
class Said:
    """Who already said which sentence, across the demo's people (six words or more)."""

    by: dict[str, int] = field(default_factory=dict)
    uses: Counter = field(default_factory=Counter)  # how many people used each fragment

    def free(self, text: str, who: int) -> bool:
        return all(self.by.get(_key(s), who) == who for s in sentences(text) if len(s.split()) >= MIN_WORDS)

    def add(self, text: str, who: int) -> None:
        for s in sentences(text):
            if len(s.split()) >= MIN_WORDS:
                self.by[_key(s)] = who


class Script:
    """One persona's side of the interview, asked question by question."""

    def __init__(self, persona: Persona, said: Said):
        self.persona, self.said = persona, said
        self.rng = random.Random(f"demo-persona-{persona.index}")
        self.story = STORIES[persona.story]
        self.kind = (
            persona.alt if persona.alt in ("back", "sheet", "nothing")
            else "back" if persona.alt == persona.old else "tool"
        )  # fmt: skip
        self.fills = self._fills()
        self.spent: set[str] = set()
        self.slot = "trigger"

    def _fills(self) -> dict[str, str]:
        p, rng = self.persona, self.rng
        tiers = [t for t in (5, 10, 15, 20, 25, 50, 100) if t < p.headcount] or [3]
        currency = "£" if p.timezone == "Europe/London" else "€" if p.timezone.startswith("Europe/") else "$"
        boss = "our CTO" if p.story == "jira" else rng.choice(BOSSES[p.segment])
        if p.role in ("founder", "CEO", "CTO", "owner", "agency owner", "managing partner", "partner"):
            boss = rng.choice(("my co-founder", "my business partner"))
        words = ("two", "three", "four")
        clients = [f"{a} {b}" for a in CLIENT_A for b in CLIENT_B]
        return {
            "old": p.old, "n": str(p.headcount), "boss": boss, "day": rng.choice(WEEKDAYS),
            "alt": {"back": p.old, "sheet": "a shared spreadsheet", "nothing": "nothing"}.get(self.kind, p.alt),
            "mate": _spread("mates", MATES, p.index), "mate_role": rng.choice(MATE_ROLES),
            "client": _spread("clients", clients, p.index), "rows": f"{rng.randrange(180, 2600, 7):,}",
            "hours": str(rng.randint(3, 16)), "few": str(rng.randint(2, max(3, p.headcount // 3))),
            "seats_before": str(tiers[-1]), "seats": str(tiers[-1] + 1), "week": rng.choice(words),
            "price": f"{currency}{rng.choice((90, 120, 160, 240, 310, 480))}",
            "weeks_fix": rng.choice(("three", "four", "five", "six")),
        }  # fmt: skip

    # -- composing -------------------------------------------------------------------------------------------------

    def _render(self, template: str) -> str:
        text = MARK.sub(lambda m: m.group(2), template)
        return _capitalise(FILL.sub(lambda m: self.fills[m.group(1)], text))

    def _take(self, pool: tuple[str, ...], count: int, shared: int = SHARED) -> list[str]:
        """Up to `count` fragments of `pool`, in the pool's order (a story reads forward): not said by this person,
        with no sentence another person said, and told by fewer than `shared` people."""
        if self.kind != "tool":  # "comparing us with {alt}" needs another tool
            pool = tuple(t for t in pool if "{alt}" not in t)
        start = self.rng.randrange(len(pool)) if pool else 0
        chosen: list[int] = []
        named: set[str] = set()  # one answer names the boss (or a colleague, a client) once, not in every sentence
        for step in range(len(pool)):
            index = (start + step) % len(pool)
            template = pool[index]
            text = self._render(template)
            people = set(FILL.findall(template)) & {"boss", "mate", "client"}
            if (
                template in self.spent
                or self.said.uses[template] >= shared
                or people & named
                or not self.said.free(text, self.persona.index)
            ):
                continue
            named |= people
            self.spent.add(template)
            self.said.uses[template] += 1
            self.said.add(text, self.persona.index)
            chosen.append(index)
            if len(chosen) == count:
                break
        return [self._render(pool[i]) for i in sorted(chosen)]

    def _count(self, probe: bool) -> int:
        tone = self.persona.tone
        if self.slot == "instead":
            return 1  # one alternative, said once
        if tone == "chatty":
            return self.rng.choice((1, 2) if probe else (2, 2, 3))
        if tone == "precise":
            return 1 if probe else 2
        return 1

    def _vague(self) -> str | None:
        """A vague persona gives a non-answer about half the time."""
        if self.persona.tone == "vague" and self.rng.random() < 0.5:
            left = [v for v in VAGUE if v not in self.spent]
            if left:
                choice = self.rng.choice(left)
                self.spent.add(choice)
                return choice
        return None

    def _compose(self, pools: list[tuple[str, ...]], probe: bool) -> str:
        vague = self._vague()
        if vague:
            return vague
        parts: list[str] = []
        count = self._count(probe)
        # Spread the fragments before one is told again; a follow-up may come back to the story instead.
        for shared in (SHARED, SHARED + 2) if probe else (SHARED, SHARED + 2, SHARED + 5, len(PERSONAS)):
            for pool in pools:
                parts = self._take(pool, count, shared)
                if parts:
                    break
            if parts:
                break
        if not parts and not probe:  # a question always gets an answer, if only a vague one
            parts = [next((v for v in VAGUE if v not in self.spent), "Hard to say.")]
            self.spent.add(parts[0])
        if not parts:
            done = [d for d in DONE if d not in self.spent] or ["Nothing else, sorry."]
            self.spent.add(done[0])
            return done[0]
        openers = [o for o in OPENERS[self.persona.tone] if o not in self.spent]
        if openers and not probe and self.rng.random() < 0.35:
            opener = self.rng.choice(openers)
            self.spent.add(opener)
            parts[0] = opener + parts[0]
        return " ".join(parts)

    def answer(self, question: str) -> str:
        """The answer to a guide question."""
        self.slot = next((slot for pattern, slot in SLOTS if pattern.search(question)), "other")
        story = self.story
        pools = {
            "trigger": [story.trigger],
            "context": [CONTEXT],
            "hope": [story.hope],
            "instead": [INSTEAD[self.kind]],
            "stay": [story.stay, STAY],
            "other": [story.more, story.impact],
        }[self.slot]
        return self._compose(pools, probe=False)

    def follow_up(self, probe: str) -> str:
        """The answer to the interviewer's follow-up: more about the same subject."""
        story = self.story
        deeper = {
            "trigger": [story.more, story.impact],
            "context": [CONTEXT_MORE, story.more],
            "hope": [HOPE_MORE, story.more, story.impact],
            "instead": [INSTEAD_MORE[self.kind], story.impact, story.more],
            "stay": [story.more, story.impact],
            "other": [story.more, story.impact],
        }[self.slot]
        if IMPACT_PROBE.search(probe) and self.slot in ("trigger", "stay", "other"):
            deeper = [story.impact, story.more]
        return self._compose(deeper, probe=True)


def tag_patterns() -> list[tuple[re.Pattern, str, int]]:
    """Every marked phrase of every story as a pattern over answers (a filled-in detail matches any words), with
    the codebook path it illustrates and the story's pain: what the synthesis demo highlights."""
    found = []
    pools = [(story, text) for story in STORIES.values() for group in (
        story.trigger, story.more, story.impact, story.hope, story.stay) for text in group]  # fmt: skip
    pools += [(None, text) for group in INSTEAD.values() for text in group]
    for story, text in pools:
        for m in MARK.finditer(text):
            tag = m.group(1) or (story.tag if story else "")
            words = re.escape(m.group(2)).replace(r"\{", "{").replace(r"\}", "}")
            pattern = FILL.sub(lambda _: r".+?", words)
            pain = story.pain if story else 3
            found.append((re.compile(pattern, re.I), _tag_path(tag), pain))
    return found


def _tag_path(tag: str) -> str:
    """A child tag's full path ("Two systems" -> "Collaboration > Two systems")."""
    if " > " in tag:
        return tag
    from demo.synthesis import CODEBOOK  # the codebook lives with the synthesis demo

    return next(f"{parent} > {tag}" for parent, (_, _, children) in CODEBOOK.items() if tag in children)
