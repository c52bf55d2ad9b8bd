"""The pieces the linter's rules are written with: regex fragments for how questions open, which words judge, which
verbs predict behaviour, and the message each code shows (studies/guides/lint.py holds the rules themselves)."""

from studies.guides.vocabulary import GROUPS, LOADED_ADJECTIVES


def _words(text: str) -> str:
    return "|".join(sorted(text.split(), key=len, reverse=True))


# Words a question may open with before its real start ("So, did you...").
LEAD_WORDS = r"(?:(?:so|and|but|ok|okay|now|also|well|then|next|first|finally|lastly)\b[,:]?\s+)*"
LEAD_IN = r"^\W*" + LEAD_WORDS
# Where a question's own clause may start: the text's start, a new sentence, or after a fronted clause
# ("If we added X, would you...", "Like most users, do you...").
FRONTED = (
    r"(?:(?:(?:if|when|once|imagine|suppose|supposing)\b[^?.;:]*|(?:like|unlike|as|since|given|after|before|during|in|on"
    r"|compared (?:with|to)"
    r"|over|at|for|apart from|besides|[a-z]+ing)\b(?!['\u2019])[^,?.;:]*),\s*)?"
)
CLAUSE_START = r"(?:^|(?<=[.!?:;])\s+)\W*" + LEAD_WORDS + FRONTED
SENTENCE_START = r"(?:^|(?<=[.!?:;])\s+)\W*" + LEAD_WORDS
POLITE_AUX = r"(?:can|could|would|will)"
AUX = r"(?:do|does|did|is|are|am|was|were|have|has|had|should|shall|may|might|can|could|would|will)"
APOSTROPHE = r"['\u2019]"
NEGATIVE_AUX = rf"(?:do|does|did|is|are|was|were|have|has|had|would|could|should|wo|ca)n{APOSTROPHE}t"
# Something done for the interviewer there and then: "Could you read me what the old deeds call the house?", "Could
# you point out the baseline?", "Could you say a few lines for me?" (5 of 5 such questions unmarked).
DONE_FOR_ME = (
    r"(?:(?:read|play|pass|hand|send|bring|pour)(?=\s+(?:me|us)\b)|point(?=\s+(?:out|to)\b)"
    # "Could you hum the one that's been bothering you?": a tune given there and then (not "Can you whistle?").
    r"|(?:hum|whistle|sing)(?=\s+(?:me|us|the|that|this|it|a|one|some|your)\b)|show(?=\s+(?:me|us)\b)"
    r"|(?=[^.?!]*\bfor\s+(?:me|us)\s*\?)"
    # "Could you pull up your browser so I can see the tabs?", "Could you tie one while we talk?" (3 of 3 unmarked).
    r"|(?=[^.?!]*\b(?:so\s+(?:that\s+)?(?:i|we)\s+can\s+(?:see|hear|watch)|while\s+(?:we|i)\s+(?:talk|chat))\b)"
    # "Could you put a drop on a slide and show me what you look for?", "Could you pick out a sketch and talk me through
    # it?": done, then told, shown or explained (6 of 6 unmarked).
    r"|(?=[^.?!]*\band\s+(?:then\s+)?(?:(?:tell|show)\s+(?:me|us)\s+(?:what|how|where|which|why|who)"
    r"|(?:talk|walk)\s+(?:me|us)\s+through|explain|describe)\b))"
)
# Verbs that turn "Can/Could/Would you..." into a polite request for a story rather than a yes/no question.
POLITE = (
    # "Would you mind opening...": any request after "mind".
    # "Could you start by telling me...": a request too.
    r"(?:please\s+)?(?:start\s+(?:off\s+)?by\s+[a-z]+ing\b|mind\s+[a-z]+ing\b|(?:mind\s+|be\s+willing\s+to\s+(?=tell|walk|talk|explain|describe))?"
    # "Can you tell when...", "Would you go back...", "Would you take it?" ask what they can or would do, not a story.
    r"(?:tell(?!\s+(?:when|if|whether|which|the difference)\b)|walk|talk|show|explain|paint|recall|think"
    r"|go(?=\s+(?:through|over|into)\b)|help|expand|list|name|sketch|remind|say(?:ing)?\s+more"
    r"|tak(?=e\s+(?:me|us)\b|ing\s+(?:me|us)\b)|giv|shar|elaborat|summari[sz]|describ(?!e\s+(?:\w+\s+){0,2}?as\b(?!\s+(?:it|they|you|we|he|she|i)\b))"
    rf"|{DONE_FOR_ME})"
    r"(?:e|ing)?\b)"
)
# Asking leave to see or hear something there and then, not a yes/no question: "May I see the specimen sheet?", "Can I
# watch you lay the gold?" (4 of 4 such questions unmarked), or to be there: "Can I sit in on your session?" (1 of 1).
PERMISSION = (
    r"(?:can|could|may)\s+(?:i|we)\s+(?:see|watch|have\s+a\s+(?:look|listen|walk|wander)|look|hear|listen\s+(?:to|in)"
    r"|sit\s+in|come\s+along|tag\s+along)\b"
    # Going to see it together, starting it up, or anything done together there and then: "Can we go up and look at
    # where the tanks fill?", "Could we fire up the machine?", "Could we ride the first loop together?" (3 of 3
    # unmarked; not "how you got together").
    r"|(?:can|could)\s+we\s+(?:(?:go|head|pop|walk)\s+(?:[\w'-]+\s+){0,4}?(?:look|see)\b"
    r"|(?:fire|switch|turn|start|power)\s+(?:up|on)\b|[^?.!]*\btogether\s*\?)"
)
# A rating list's items: "..., rate each of the following: the price, ..., and how quickly they answer?" (0 of 17 such
# questions in the sets double-barrelled), not "the following day".
THE_FOLLOWING = r"\beach of the following\b|\bthe following(?=\s*:)"
# One ask, however a model reads its "and": a scale's two ends ("where 1 is very easy and 5 is very hard", 28 of 29
# such questions in the sets not double-barrelled), going to do something ("go and feed the ducks", 7 of 8), the last
# of a list to take into account, with no comma before its "and" (4 of 4).
JOINED_AS_ONE = (
    r"\bwhere (?:\d+|zero|one) (?:is|means|=) [^?]*\band (?:\d+|five|seven|ten) (?:is|means|=)"
    r"|\b(?:go|come|went|came|going|coming) and (?!(?:go|the|a|an|your|my)\b)[a-z]+\b"
    r"|\b(?:taking into account|including|such as|things like)\b[^?]*[^,\s]\s+(?:and|or)\s+"
    r"(?:how|what|where|who|which)\b"
)
# "Can you show me the bottle you use and how you keep it clean?", "Tell me about the saws on your bench and what each
# one is for.": a thing shown or told about, then what is done with it (0 of 8 such questions double-barrelled).
SHOWN_THEN_WHAT = (
    r"^\W*(?:(?:can|could|would|will) you (?:please )?)?(?:show (?:me|us)|tell (?:me|us) about)\b[^?,;]*\band"
    r" (?:how|what|where|which|why|when)\b"
)
ADJECTIVE = rf"(?:{_words(LOADED_ADJECTIVES)})"
# Adjectives that judge, known by their ending ("stressful", "painless", "affordable"), not by a list.
JUDGING_SUFFIX = r"(?:[a-z]{3,}(?:ful|less|able|ible)|[a-z]{3,}-free)"
# Judgements strong enough to lead even beside a second quality ("How quick and painless was it?"; not "easy": in the
# development sets "How easy and quick is it ...?" and five like it are double-barrelled alone, 0 of 7 leading).
STRONG_JUDGEMENT = (
    r"(?:painless|hassle-free|stress-free|seamless|frustrating|annoying|painful|amazing|awful|terrible|wonderful"
    r"|clunky|confusing|fantastic|brilliant|horrible|dreadful)"
)
# Words that start a noun phrase or a new clause, so "X and <word>" is not two verbs.
NOT_A_VERB = (
    r"(?:the|a|an|your|my|our|their|his|her|its|this|that|these|those|then|so|also|other|others|not|more|less|any"
    r"|all|some|how|what|why|when|where|who|which|whether|i|you|we|they|he|she|it|me|him|them|us|there|here|if|to"
    r"|in|on|at|for|with|from|by|of|as|each|every|both|either|no|even|just|still|and|or)"
)
WH = r"(?:what|how|why|when|where|who|which|whether)"
DETERMINER = r"(?:the|your|our|its|their|his|her|my)"
# Prefixes that make a word its opposite: "agree or disagree", "important or unimportant" are one scale (but "like
# and dislike" asks for both).
OPPOSITE = r"(?:un|dis|in|im|non-?)"
# Verbs that people predict their own behaviour with: "Would you use...", "How much would you pay...".
BEHAVIOUR = (
    r"(?:use|pay|buy|switch|sign|recommend|try|subscribe|upgrade|consider|choose|pick|trade|stay|keep|adopt|approve"
    r"|install|join|cancel|renew|spend|order|book|trust|download|invest|leave|return|come|let|press|open|move|replace"
    r"|drop|miss|give up|start using|stop using)"
)
GROUP = rf"(?:(?:[\w-]+\s+){{0,2}}?(?:{_words(GROUPS)}))"

SURVEY = (
    "Survey-speak: asks for a rating, not a story. Ask what happened instead, e.g. “Tell me about the last time …”."
)
LEADING = "Leading: {why}. Leave the answer open, e.g. “How did that go?”."
DOUBLE = (
    "Double-barrelled: asks about two things at once, so one gets skipped. Ask one at a time, e.g. “How do you feel"
    " about the price?”, then the contract terms."
)
YES_NO = (  # the rule's suggestion says how to open it up, in its own words
    "Yes/no opener: invites a one-word answer, e.g. “Do you use it?” gets “Yes” where “How do you use it?” gets what"
    " they do."
)
HYPOTHETICAL = (
    "Hypothetical: asks them to predict what they would do, and people predict their own behaviour poorly. Ask what"
    " they did, e.g. “Tell me about the last time you needed this.” instead of “Would you use it?”."
)
STORY = 'Ask for a story instead: "Tell me about the last time you …"'
PAST = 'Ask about what they did: "Tell me about the last time you {tail}."'
PAST_DID = 'Ask about what they did: "Tell me about the last time you {did}."'
_IRREGULAR = {"pay": "paid", "buy": "bought", "keep": "kept", "spend": "spent", "leave": "left", "come": "came",
              "let": "let", "choose": "chose", "give up": "gave up"}  # fmt: skip


def past_tense(verb: str) -> str:
    """The simple past of one of `BEHAVIOUR`'s verbs ("buy" -> "bought", "start using" -> "started using")."""
    first, _, rest = verb.lower().partition(" ")
    if verb.lower() in _IRREGULAR:
        return _IRREGULAR[verb.lower()]
    if first.endswith("e"):
        done = first + "d"
    elif first.endswith("y") and first[-2] not in "aeiou":
        done = first[:-1] + "ied"
    elif first in ("drop", "stop", "cancel"):
        done = first + first[-1] + "ed"
    else:
        done = first + "ed"
    return f"{done} {rest}".strip()


# A scene set before the question ("If the council closed this site, with the same booking rules and the same opening
# hours, what would you do...?", "Thinking about the last four boxes, including ..., how would you rate them?"): the
# things it lists or joins are context, not a second thing to answer (DOUBLE is for the question's own clause).
SET_UP = (
    r"^\W*(?:if|when|since|given|thinking\s+(?:about|back)|before|after|knowing|now\s+that|while|once|looking\s+back"
    # "Imagine a class of four, with the same teacher, the same songs and the same slot: how would it feel?", "On the
    # day itself, with the old frames coming out and the skip on the drive, what disrupted you most?"
    # "Taking everything into account, the pool time, the coaching and the kit, how satisfied...?"
    # "As the commissioner, with the shelter open from November to March, ..., how do you judge...?": who they are.
    r"|imagine|suppose|picture|on\s+the\s+day|with|between|taking\s+(?:everything\s+|it\s+all\s+)?into\s+account"
    r"|considering"
    r"|as\s+(?:a|an|the|someone)\b)"
    r"\b[^?]*[,:]\s*(?=(?:what|how|where|when|why|which|who|do|did|does|would|will|is|are|was|were|have|has|can|could)\b)"
    # Statements before the one question ("You've got the rolls to shape by midnight, ..., so where does the night start
    # to slip?", "We'd like one score for everything: ... . Out of ten, how did we do?", "You've described the overflow,
    # the dead trout and the hotline; what happened after all of that?"): context, unless an ask.
    r"|^(?!\W*(?:tell|describe|walk|talk|explain|list|name|give|share|what|how|where|when|why|which|who|do|did|does"
    r"|would|will|is|are|was|were|have|has|can|could)\b)[^?]*(?:[.!:;]|,\s+so)\s+(?=[^.!?:;]*\?\s*$)"
)


_PAST_VERB = (
    r"(?:[a-z]+ed|drove|were|was|had|began|ran|took|went|lived|worked|did|made|taught|kept|came|sold|built|rode|wrote"
    r"|knew|grew|got|spent|led|held|stood|sat|met|paid|brought|bought|thought|left|lost|won|wore|gave|saw)"
)
# "On a scale of 0 to 10, how smooth was it?", "How reliable has it been: very reliable, fairly reliable or not?": the
# dimension of a scale or of the options offered (survey-speak says what is wrong).
SCALE_DIMENSION = (
    # A scale's numbers or degrees leave the answer open, however the dimension is named ("How painful was the
    # recovery, on a scale of 1 to 10?": 13 of 19 such questions in the sets are labelled survey_speak alone).
    r"^[^?]*(?:"
    r"\b(?:on|using) an? (?:[\w-]+ )?scale\b|\bfrom (?:0|1|one|zero)(?: \([^)]*\))? to (?:5|7|10|five|seven|ten)\b"
    # The options after a colon or after the question itself ("...? Very easy, fairly easy, ...").
    r"|[:?]\s*(?:very|extremely|quite|fairly|really|not at all) [\w-]+,"
    # "How comfortable were the seats: very, fairly or not at all?": the degrees alone.
    r"|[:?]\s*(?:very|extremely|quite|fairly|really),\s*(?:very|quite|fairly|partly|somewhat|slightly|a bit|a little"
    r"|not)\b)"
    # Both ends of the scale named ("where 0 is very easy and 10 is very hard, how difficult..."): no side taken.
    r"|\bwhere (?:0|1|one|zero) (?:is|means)\b[^?]*(?:\band|,) (?:5|7|10|five|seven|ten) (?:is|means)\b"
    # Options with a middle and the other side ("... very easy, easy, neither easy nor difficult, difficult"): even
    # "how easy" takes no side.
    r"|[:?][^?]*\bneither [\w-]+ nor [\w-]+\b"
    # "... Very easy, fairly easy, fairly difficult, very difficult.": degrees of a quality and of another.
    r"|[:?][^?]*\b(?:very|fairly|quite|extremely) (?P<degree>[\w-]+)\b"
    r"[^?]*\b(?:very|fairly|quite|extremely) (?!(?P=degree)\b)[\w-]+"
)
# Qualities asked about as a measure, not granted: in the development sets "How clear was ...?" (0 of 8), "how
# comfortable" (0 of 6), "how useful" (0 of 4), "how good" (0 of 3) and "how reliable" (1 of 6) are not leading, while
# "how frustrating" (8 of 8), "how annoying" (10 of 10) and "how stressful" (12 of 13) are.
NEUTRAL_DIMENSION = (
    r"\bhow (?:clear|good|useful|accurate|reliable|comfortable|successful|reasonable) (?:was|is|were|are|has|have|had"
    r"|did you find|do you find)\b"
)
# A time gone by set before a "would" ("Back when you drove for the courier, how would you plan your drops?", "In your
# early years as a dinner lady, how would you...", "Before permits came in, how would you spot...?", "When your
# parents ran the site, how would they...?"): a past habit, not a prediction.
PAST_HABIT = (
    rf"^\W*(?:back )?(?:when|while) (?:[\w'-]+ ){{1,3}}?(?:first |still |only |all )?{_PAST_VERB}\b"
    # "In your father's day, how would you get the oysters to London?", "In my grandad's time, ..."
    r"|^\W*(?:back )?in (?:your|those|the|my|our|his|her|their) (?:very )?(?:early |first |old |[\w'-]+ )?"
    r"(?:years|days?|time)\b(?! off\b| left\b)"
    # "In the seventies, what would people bring?", "As a teenager racing here in the nineties, how many laps would you
    # get for a fiver?", "As an apprentice, how many books would you sew in a day?": a time of their life gone by.
    r"|^\W*(?:back )?in the (?:(?:nineteen )?(?:fifties|sixties|seventies|eighties|nineties)|(?:19|20)?\d0'?s)\b"
    r"|^\W*as an? (?:teenager|child|kid|boy|girl|youngster|apprentice|trainee|student|young \w+)\b"
    rf"|^\W*(?:back )?before (?:[\w'-]+ ){{1,4}}?(?:came in|{_PAST_VERB})\b"
    r"|^\W*(?:back )?during (?:your|the|my|our) (?!next|coming|upcoming)\w+"
    # "Before the subscription, how would you pay...?": before a thing they now have, no verb of what is to come.
    # "Before subtitling software, how would you time a line?": the same with no article.
    r"|^\W*before(?: (?:the|your|our|this))?(?: (?!(?:starts?|begins?|opens?|comes?|goes|launch\w*|arrives?|moves?"
    r"|changes|is|are|will|gets?)\b)[\w-]+){1,3},\s*how would (?:you|they|people)\b"
    r"|^\W*in (?:your |the )?first (?:year|week|month|job|season|term)s?\b"
    r"|\b(?:back then|in those days|in the old days)\b"
    # "How many would you get through in a run when you were starting out?", "How would people find out which court
    # they were in, before the electronic boards went up?": the time gone by set after it.
    r"|\b(?:when (?:you|we|they) (?:were|first|started|began)"
    # Gone by, not a passive to come ("before the house is sold").
    rf"|before (?:the|your|our|their|his|her|my|we|you|they|he|she|it)\b(?: [\w'-]+){{0,3}}?"
    rf" (?<!\bis )(?<!\bare )(?<!\bbe )(?<!\bget )(?<!\bgets )(?:came in|{_PAST_VERB}))"
    r"\b[^?]*\?\s*$"
)
# What a question that foresees behaviour says somewhere (a modal, a condition, an imagined scene, a plan or a time to
# come); a learned "hypothetical" on a question with none of it ("What are you using instead now, if anything?") is
# the model reading the topic, not the tense.
FORESEES = (
    rf"\b(?:would|will|could|might|should|shall|wo{APOSTROPHE}?n{APOSTROPHE}?t|if(?! (?:anything|any|at all|so|not|ever"
    r"|possible)\b)|unless|imagine|suppose|supposing|say|picture|plan\w*|expect\w*|hop(?:e|es|ing)|going to"
    r"|intend\w*|likely|predict\w*|next|future|consider\w*|thinking (?:of|about)|want|wish|ideal|dream|someday"
    r"|one day|soon|upcoming|coming|on the cards|this (?:summer|winter|spring|autumn|year|weekend|season))\b"
    rf"|{APOSTROPHE}(?:d|ll)\b"
)
# Not a prediction, whatever the model reads: "would have" done looks back (not "Would you have the operation
# again?": 5 of 6 such questions in the development sets are hypothetical), a past habit is told, and a question with
# no modal, condition or plan foresees nothing.
NOT_FORESEEING_PATTERN = (
    rf"\bwould(?:n't| not)?(?: you| they| we)? have\b(?! (?:the|a|an|another|it|one|your|some|any|to)\b)|{PAST_HABIT}"
    # "You'd never let a new temp loose with the company seal, would you?", "You'd agree ..., wouldn't you?": a view
    # handed over to confirm, no condition and nothing ahead (7 of 7 such tag questions in the sets: leading alone).
    rf"|^(?!.*\b(?:if|once|unless|when|until)\b)\W*you(?:{APOSTROPHE}d| would) (?:surely )?(?:never|agree)\b"
    rf"[^?]*,\s*(?:would|wouldn{APOSTROPHE}?t)\s+you\s*\?\s*$"
    rf"|^(?!.*(?:{FORESEES}))"
)
# "Were the diocese to refuse the faculty, what would happen to the organ?", "Were the budget cut by half, which duties
# would go first?" (8 of 8 such questions in the sets not yes/no): a condition put first by inversion, before an open
# question ("Were your employer to cover it, would you come in more?" stays a yes/no question).
INVERTED_IF = (
    r"^\W*(?:were|should|had)\s+(?:[\w'-]+\s+){1,3}?(?:not\s+\w+|to\s+\w+|[a-z]+ed|paid|made|done|gone|been|known|taken"
    r"|given|kept|sold|bought|left|cut|put|set|shut|spent|lost|built|sent|held|told)\b[^?]*?,\s*"
    r"(?:what|how|where|when|why|which|who)\b"
)
# "If the hall doubled its rent, would the league carry on, and who would end up paying?": a prediction and a second
# ask (double-barrelled and hypothetical), not a yes/no opener (0 of 5 such questions in the sets).
IF_WOULD_AND = r"^\W*if\b[^?]*?,\s*(?:would|will)\b[^?]*,\s*and\s+(?:what|how|who|which|why|where|when|would|will)\b"
# Agreeing with a view ("Do you agree the checkout is too long?"), not coming to an agreement ("How do you agree a
# price?", "At what point would you agree to the oak coming down?", "...agree who gets the best sheet").
AGREE_WITH = r"agree\b(?!\s+(?:a|an|on|upon|to|who|what|where|when|how|which|whether|between|among)\b)"

# "It must be draining to...", "What a relief not to...", "the nightmare of your bank", "hiking the rent": a feeling or
# a verdict handed over in passing (blind34).
HANDED_OVER = (
    r"\b(?:it|that|this) must (?:be|feel|have been|have felt)\b|\bmust (?:feel|have felt) like\b"
    r"|^\W*what an? (?:relief|nightmare|pain|hassle|headache|shame|disaster|joy|treat)\b"
    r"|\b(?:such a mess|(?:the|a|an absolute|a total|such a) nightmare|rip-?off|disgusting"
    r"|hik(?:e|es|ed|ing) (?:up )?(?:the|your|their) \w+)\b"
)
# A tag question's end: "Fishing's a lonely hobby, isn't it?", "..., right?", "..., won't you?".
TAG_SUBJECT = r"(?:it|you|they|we|there|that|he|she)"
# "..., don't you think?", "..., wouldn't you agree?": a tag too (3 of 3 in the sets leading alone).
# "You'd never trust the shredder with records, would you?": a plain tag after a denial (14 of 14 leading alone).
TAG_QUESTION = (
    rf"(?:,\s*(?:right|yeah|{NEGATIVE_AUX} {TAG_SUBJECT}(?: think| agree| reckon| say)?)\s*\?\s*$"
    rf"|(?:\bnever|\bnot|n't|\bnobody|\bno one|\bnothing)\b[^?]*,\s*(?:do|does|did|is|are|was|were|have|has|had"
    rf"|would|could|should|will|can) {TAG_SUBJECT}\s*\?\s*$)"
)
# A negative auxiliary, unless a tag question's ("..., won't you?"): that opens no yes/no question.
NEGATIVE_OPENER = rf"{NEGATIVE_AUX}\b(?!\s+{TAG_SUBJECT}\s*\?\s*$)"
TOO_LONG = (
    "Too long: {words} words and {chars} characters; long questions get partial answers. Keep one short question and"
    " move the context into the probing notes, e.g. “Tell me about the last time you paid a supplier.”."
)
