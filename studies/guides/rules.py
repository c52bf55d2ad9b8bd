"""The guide linter's rules: each a row of one table, a pattern and what is wrong when it matches (lint.py applies
them)."""

from dataclasses import dataclass

from studies.guides.patterns import (
    ADJECTIVE,
    AGREE_WITH,
    APOSTROPHE,
    AUX,
    BEHAVIOUR,
    CLAUSE_START,
    DETERMINER,
    DOUBLE,
    GROUP,
    HANDED_OVER,
    HYPOTHETICAL,
    IF_WOULD_AND,
    INVERTED_IF,
    JUDGING_SUFFIX,
    LEAD_IN,
    LEAD_WORDS,
    LEADING,
    NEGATIVE_AUX,
    NEGATIVE_OPENER,
    NEUTRAL_DIMENSION,
    NOT_A_VERB,
    OPPOSITE,
    PAST,
    PAST_DID,
    PAST_HABIT,
    PERMISSION,
    POLITE,
    POLITE_AUX,
    SCALE_DIMENSION,
    SENTENCE_START,
    SHOWN_THEN_WHAT,
    STORY,
    STRONG_JUDGEMENT,
    SURVEY,
    THE_FOLLOWING,
    WH,
    YES_NO,
    _words,
)
from studies.guides.vocabulary import PRAISE


@dataclass(frozen=True)
class Rule:
    """One pattern, what is wrong when it matches, and rewrites tried in order: the first whose blanks fill wins.

    `unless` is a pattern that, found in the question, means the rule does not apply (a sequence, a list)."""

    code: str
    pattern: str
    message: str
    suggestions: tuple[str, ...]
    unless: str = ""


NUMBER_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred)"

RULES: tuple[Rule, ...] = (
    Rule("survey_speak", r"\bhow likely are you to recommend\b", SURVEY,
         ('Try: "Tell me about the last time you told someone about {topic}."', STORY)),
    Rule("survey_speak", r"\bwhich of (?:the following|these|those)\b|\b(?:select|choose|check|tick) all that apply\b"
         # Not the idiom: "the schools just want to tick a box".
         r"|\b(?<!\bto )(?<!\bjust )(?:select|choose|pick|tick|check) (?:the|one|an?) (?:\w+ )?(?:options?|answers?"
         r"|boxe?s?|statements?"
         r"|categor(?:y|ies))\b",
         "Survey-speak: offers a list to pick from instead of their own words. Let them answer in their own words,"
         " e.g. “Tell me about how you cook during the week.”.",
         ('Try: "Tell me about {topic}."', 'Try: "Tell me about …" and let them answer in their own words.'),
         # "how did you sort out your flights, your hotel and your visa, and which of those...": the things they named.
         unless=r",[^?]*,[^?]*\bwhich of (?:these|those)\b"),
    # "Very easy, easy or difficult: how was it?", "Is it excellent, good, fair or poor?", "better, the same or worse":
    # the answers handed to them.
    Rule("survey_speak", r"^\W*(?:[\w-]+\s+){0,2}[\w-]+(?:,\s*(?:[\w-]+\s+){0,2}[\w-]+){1,4},?\s+or\s+"
         r"(?:[\w-]+\s+){0,2}[\w-]+\s*:"
         r"|^\W*(?:is|are|was|were)\b[^?,]*?\s[\w-]+(?:,\s*[\w-]+){1,4},?\s+or\s+[\w-]+\s*\?\s*$"
         r"|\b(?:better|worse),\s*(?:(?:about\s+)?the same|no different),?\s+or\s+(?:worse|better)\b"
         r"|\b(?:better|worse),\s*(?:worse|better),?\s+or\s+(?:(?:about|roughly|much)\s+)?(?:the same|no different)\b"
         # "very useful, somewhat useful or not useful", "which best describes": the scale's steps handed to them.
         r"|\b(?:very|extremely|really)\s+[\w-]+,\s*(?:somewhat|fairly|quite|a bit|slightly)\s+[\w-]+,?\s+or\s+\w+"
         r"|\bwhich (?:\w+ )?best describes\b|\b(?:please )?(?:choose|select|pick)\s*:"
         r"|\b(?:very|extremely|moderately|slightly|somewhat|fairly)(?:\s+\w+)?,\s*(?:(?:very|extremely|moderately|slightly"
         r"|somewhat|fairly)\s+)?\w+,?\s+(?:\w+\s+)?(?:or|,)\s+(?:very|extremely|moderately|slightly|somewhat|fairly|not)\b"
         r"|\b(?:got |become )?(?:better|worse),\s*(?:got |become )?(?:worse|better),?\s+or\s+(?:stayed|remained|been)"
         r" (?:about |roughly )?the same\b",
         "Survey-speak: offers a list to pick from instead of their own words. Let them answer in their own words,"
         " e.g. “Tell me about how you cook during the week.”.",
         ('Try: "Tell me about {topic}."', 'Try: "Tell me about …" and let them answer in their own words.')),
    Rule("survey_speak", LEAD_IN + r"(?:please\s+)?rank\b|\bplease rank\b|\b(?:would|could|can) you (?:please )?rank\b"
         r"|\brank (?:these|the following|them|each|in order)\b|\bin (?:order of|descending|ascending) (?:preference"
         r"|importance|priority|order)\b|\b(?:put|place|sort|order) (?:these|them|the following|each)\b[^?.]*\bin"
         r" order\b",
         "Survey-speak: asks for a ranking, not a story. Ask about a time they used one, e.g. “Tell me about the last"
         " time you used one of these features.”.",
         ('Try: "Tell me about the last time you used one of {topic}."', STORY)),
    Rule("survey_speak", r"\bto what (?:extent|degree)\b|\bhow (?:strongly|much|far) do you (?:agree|disagree)\b"
         r"|\b(?:level|degree) of agreement\b|\bagree or disagree\b|\bstrongly (?:agree|disagree)\b",
         "Survey-speak: an agreement scale hands them your statement to score. Ask about their experience, e.g."
         " “Tell me about the last time you checked out.” instead of “To what extent do you agree …?”.",
         ('Try: "Tell me about your experience with {topic}."', STORY)),
    Rule("survey_speak", LEAD_IN + r"(?:please\s+)?rate\b|\b(?:do|would|could|can|will) you (?:please )?rate\b"
         # "How do you rate new suppliers before you sign?": how they judge, a habit to tell about.
         r"(?![^?]*\b(?:before|when|whenever|after|once)\b)"
         r"|\bon a scale\b|\bscale (?:of|from) \w+ to \w+|\bfrom (?:1|one|0|zero) to (?:5|7|10|five|seven|ten)\b"
         r"|\bout of (?:5|10|five|ten)\b(?!\s+(?:of\b|[a-z]+s\b))|\bhow (?:satisfied|dissatisfied|likely|unlikely)\b"
         r"|\bsatisfaction (?:with|level|score|rating)\b|\blevel of satisfaction\b|\bhow many stars\b"
         r"|\b(?:are|were|is|was|am) (?:you|they|your \w+) (?:\w+ly )?(?:satisfied|dissatisfied) with\b"
         r"|\bhow (?P<pole>[a-z]+) or (?:un|dis|in|im|non-?)(?P=pole)\b"
         r"|\bhow important (?:is|are|was|were)\b|\bhow much do you value\b"
         r"|\bon an? [\w-]+ scale\b|\b[\w-]+-point scale\b"
         r"|\bhow would you (?:score|grade|mark)\b|\bwhat (?:score|grade|mark|rating) would you give\b"
         r"|\bgive (?:[\w'-]+\s+){0,3}?an? (?:grade|score|mark|rating)\b|\bhow many (?:stars|points)\b"
         r"|\bpoints out of\b|:\s*[\w-]+(?:\s+[\w-]+){0,4}\s*(?:,\s*[\w-]+(?:\s+[\w-]+){0,4}\s*){1,4},?\s*or\s+"
         r"(?!(?:something|anything|someone) else\b)[\w-]+(?:\s+[\w-]+){0,2}\s*\?\s*$"
         r"|\bhow (?:happy|unhappy|pleased|content|disappointed) (?:are|were|is|was) (?:you|they|your \w+) with\b",
         SURVEY, ('Try: "Tell me about your experience with {topic}."', STORY),
         # "Why did you give it two stars out of five?", "How did you decide how many stars to give?": the rating is
         # what they did, the question asks for the story behind it.
         unless=r"^\W*why\b|\b(?:decide|decided|choose|chose|work(?:ed)? out|figure(?:d)? out)\s+how\b"),

    Rule("leading", CLAUSE_START + rf"(?P<span>{NEGATIVE_AUX})\b",
         LEADING.format(why="a negative question tells them the answer you expect"),
         ('Ask it neutrally: "Tell me about the last time …" or "What was that like?"',)),
    Rule("leading", rf"\b(?:do|would|will) you {AGREE_WITH}",
         LEADING.format(why="asks them to agree with you"),
         ('Ask it neutrally: "What was that like?" and let them judge.',),
         unless=r"\b(?:to what (?:extent|degree)|how (?:strongly|much|far)) do you agree\b|\bagree or disagree\b"),
    Rule("leading", rf"\bwould you (?:say|call it|describe it as)(?: that)?"
         rf"\s+(?:[\w'-]+\s+){{1,5}}?(?:is|was|are|were|has been|had been|to be)\s+"
         rf"(?:(?:so\s+|really\s+|very\s+|quite\s+)?(?:{ADJECTIVE}|{JUDGING_SUFFIX})\b|an?\s+(?:real\s+|big\s+)?\w+)",
         LEADING.format(why="puts the judgement in their mouth"),
         ('Ask it neutrally: "What was that like?" and let them judge.',)),
    # Not with a scale that runs down to nothing ("How much do you enjoy Halloween, on a scale of 1 to 10?", "...: a
    # lot, a little, not much or not at all?"): survey-speak alone, as 6 of the 7 "how much do you enjoy / trust /
    # value" questions with a scale in the sets are labelled (the seventh leads with "award-winning").
    Rule("leading", r"\bhow much do you (?:love|like|enjoy|hate|dislike|appreciate)\b",
         LEADING.format(why="assumes how they feel"), ('Try: "How do you feel about {tail}?"',),
         unless=r"\bon a scale\b|\bout of (?:5|10|five|ten)\b|\b(?:1|one|0|zero) to (?:5|7|10|five|seven|ten)\b"
         r"|\bnot at all\b"),
    # "How quick and tidy was he?" is double_barrelled; leading only with a strong judgement ("quick and painless").
    Rule("leading", rf"\bhow (?:{ADJECTIVE}|{JUDGING_SUFFIX}|(?:{STRONG_JUDGEMENT})\s+and\s+[\w-]+"
         rf"|[\w-]+\s+and\s+(?:{STRONG_JUDGEMENT})) (?:was|is|were|are|has|have|had"
         r"|did you find|do you find)\b",
         LEADING.format(why="the adjective suggests the answer"),
         ('Try: "Walk me through what it was like {it_to}."', 'Try: "Tell me about {topic}."',
          'Try: "What was that like?"'),
         unless=rf"{SCALE_DIMENSION}|{NEUTRAL_DIMENSION}"),
    # "How quickly did you get used to it?", "Do you find our new app faster?": the question grants the good outcome
    # (not "how quickly do they reply?", a habit's speed measured: 0 of 2 leading in the development sets).
    Rule("leading", rf"\bhow (?:quickly (?:did|has|have|was|were|can|could)|(?:easily|smoothly) (?:did|does|do|has"
         rf"|have|was|were|can|could))\b"
         rf"|^\W*(?:do|did) you find\s+(?:[\w'-]+\s+){{1,4}}?(?:{ADJECTIVE}|{JUDGING_SUFFIX}|better|easier|faster"
         r"|quicker|simpler|cheaper|clearer|smoother|more \w+)(?:\s+(?:now|these days|today|than before))?\s*\?"
         r"|^\W*(?:is|was) it (?:really |so |very |as )?(?:easy|simple|quick|straightforward|convenient)\b[^?]*\bour\b"
         r"|\bmade (?:the |a )?(?:biggest|greatest|most|real|big|huge) difference\b",
         LEADING.format(why="takes the good outcome for granted"),
         ('Ask it neutrally: "Tell me about the last time you used {topic}." or "What was that like?"',
          'Ask it neutrally: "What was that like?"')),
    # "When did you realise the old spreadsheet was holding you back?", "Which part has helped you most?", "Was our
    # new page helpful?": the question's frame grants the judgement.
    Rule("leading", r"\b(?:when|at what point) did (?:you (?:first )?(?:realis|realiz|notic|discover|see)\w*|it become"
         r" (?:clear|obvious|apparent))\b[^?]*"
         r"\b(?:was|were|is|are|had)\b"
         r"[^?]*\b(?:(?:holding|slowing|dragging|letting|pulling|keeping) (?:\w+ ){0,2}(?:back|down)|too \w+"
         r"|better|worse|wrong|broken|a problem|the problem|not working|useless"
         r"|outdated|costing)\b"
         r"|\b(?:which|what)\b[^?]*\b(?:helped|improved|saved|simplified)\b[^?]*\bmost\b(?:\s+[\w-]+)?\s*\?"
         rf"|^\W*(?:is|was|are|were) our (?:[\w-]+\s+){{0,4}}?(?:{ADJECTIVE}|{JUDGING_SUFFIX})\s*\?\s*$",
         LEADING.format(why="takes the judgement for granted"),
         ('Ask it neutrally: "Tell me about the last time you used {topic}." or "What was that like?"',
          'Ask it neutrally: "What was that like?"')),
    # "I imagine letting agents drive you up the wall.", "Sorting clothes is such a chore.", "It has had rave reviews.",
    # "How relieved were you...?": the feeling or the verdict handed to them.
    Rule("leading", HANDED_OVER + r"|^\W*(?:i (?:imagine|bet|expect|guess|suppose)|i'?m sure)\b"
         r"|^[^.?!]*\b(?:is|are|was|were|can be) (?:such an?|so|really|incredibly) [a-z]+\s*\.\s+\w"
         r"|\b(?:rave reviews|a (?:big |huge |real )?hit with|(?:been|is|was) a (?:big |huge |real )?hit)\b"
         r"|\bhow (?:relieved|excited|thrilled|delighted|grateful|frustrated|annoyed|angry|upset|worried"
         r"|disappointed|stressed|embarrassed) (?:were|was|are|is|did) you\b",
         LEADING.format(why="hands them the feeling or the verdict"),
         ('Ask it neutrally: "What was that like?"',), unless=SCALE_DIMENSION),
    Rule("leading", r"\bwhy do you (?:like|love|enjoy|prefer|hate|dislike)\b",
         LEADING.format(why="assumes how they feel"), ('Try: "Tell me about the last time you used {tail}."',)),
    Rule("leading", r"\bwhat (?:do|did) you (?:love|enjoy|hate)(?: most| best)? about\b"
         r"|\bwhat (?:do|did) you like (?:most|best) about\b|\bwhat(?:'s|\u2019s| is| was) your favou?rite\b"
         r"|\bwhat(?:'s|\u2019s| is| was| were) the (?:best|greatest|nicest|coolest|worst|(?:most|least) [a-z]+)"
         r" (?:things?|parts?|features?"
         r"|bits?) (?:about|of)\b",
         LEADING.format(why="assumes how they feel"), ('Try: "Tell me about the last time you used {tail}."',)),
    Rule("leading", rf"\b(?:our|the) (?:{_words(PRAISE)})(?: new)? \w+",
         LEADING.format(why="praises the product in the question"),
         ('Drop the praise: "Tell me about the last time you used it."',)),
    Rule("leading", rf"\b(?:surely|obviously|you (?:probably|must) (?:\w+ly\s+)?(?!say|tell)\w+)\b"
         rf"|{SENTENCE_START}(?:clearly|of course|undoubtedly|no doubt|evidently|naturally),?\s+(?!you\b)"
         rf"|,\s*(?:right|correct|yes|no|agreed|true|yeah|{NEGATIVE_AUX} (?:it|you|they|we|there|that)"
         r"(?: (?:say|think|agree|find))?)\s*\?\s*$"
         # "Teachers never picked up on it, did they?": the tag turns a negative statement round.
         rf"|^[^?]*\b(?:never|not|no one|nobody|nothing|hardly|\w+n{APOSTROPHE}t)\b[^?]*,\s*{AUX}\s+"
         r"(?:it|you|they|we|there|that|he|she)\s*\?\s*$",
         LEADING.format(why="tells them the answer you expect"),
         ('Ask it neutrally: "Tell me about the last time …" or "What was that like?"',)),
    Rule("leading", SENTENCE_START + rf"(?:(?:just\s+)?(?:like|as)\s+)?(?:(?:most|many|all|other|lots|plenty|a lot)"
         rf"\s+(?:of\s+)?(?:our|the|your)?\s*{GROUP}|our\s+{GROUP}|everyone|everybody"
         r"|(?:the\s+)?other\s+[a-z]+s\b(?=[^?.;]*?\b(?:have|has|say|said|tell|told|find(?! out)|found|love|loved"
         rf"|use|used|report|reported|prefer|{AGREE_WITH}|spoke|switched|cut|saved|swear)\b))\b",
         LEADING.format(why="tells them what others think, so they go along with it"),
         ('Leave other people out of it: "Tell me about the last time you …"',)),
    Rule("leading", r"(?<!\bhow )(?<!\bdo )(?<!\bdid )(?<!\bdoes )\b(?:so many|most|many|lots|a lot|plenty|some|several"
         # "nine in ten", "3 out of 4": a share in figures or number words (not "pieces in the display that ...").
         rf"|other|(?:\d+|{NUMBER_WORDS}) (?:out of|in) (?:\d+|(?:a )?{NUMBER_WORDS})|\d+ ?%)\s+(?:of\s+)?"
         r"(?:our|the|your|these)?\s*"
         r"(?:[\w-]+\s+){0,2}?(?:[a-z]+s|people|folk)\b"
         r"(?:\s+(?:we|i)(?:'ve|\u2019ve| have)?\s+(?:spoke|spoken|talked|worked|met|asked|surveyed|interviewed"
         r"|visited|heard from)(?:\s+(?:to|with))?)?"
         r"(?:\s+(?:in|at|from|on|across|around|this|last)\s+(?:[\w'-]+\s+){0,2}?[\w'-]+)?"
         rf"\s+(?:have\s+|had\s+)?(?:say|said|tell|told|find(?! out)|found|prefer|preferred|love|loved|{AGREE_WITH}"
         r"|report|reported|swear|rave)\b"
         r"|\bthe majority of\b|\b(?:almost|nearly|virtually|pretty much) (?:all|every)\b|\bkeep (?:telling|saying)\b"
         r"|\b(?:we|i)(?:'ve|\u2019ve| have)? (?:heard|been told|learned|learnt) (?:from |that )?"
         r"(?:a lot of|lots of|many|most|some|several|other|plenty of)\b"
         # "Nearly every parent we've talked to loves...": one person standing for all of them.
         r"|\b(?:nearly |almost |virtually |just about )?every (?:[\w-]+\s+){1,2}?(?:(?:we|i)(?:'ve|\u2019ve| have)?\s+"
         r"(?:spoke|spoken|talked|worked|met|asked|surveyed)(?:\s+(?:to|with))?\s+)?"
         r"(?:says|tells|finds|prefers|loves|agrees|reports|swears|raves)\b",
         LEADING.format(why="tells them what others think, so they go along with it"),
         ('Leave other people out of it: "Tell me about the last time you …"',),
         # "Some people find it handy and some avoid it": both sides told, nothing to go along with. "What have you
         # heard other parents say...?", "What have people on the other floors said about it?": asks what others say,
         # tells nothing.
         unless=r"\bsome\b[^?]*\b(?:and|but|while|whereas|,)\s+(?:some|others)\b(?!\s+(?:of\s+)?(?:us|you)\b)"
         r"|^\W*what (?:do|did|does|have|has|had you heard|did you hear)\b[^.?]*\?\s*$"),
    Rule("leading", SENTENCE_START + r"(?:(?:we|you) (?:all )?know (?:that )?|as (?:you|we) (?:all )?know\b"
         r"|given (?:how|that|the fact|all (?:the|that|those|this))|now that"
         r"|considering (?:how|that)|after all the"
         rf"|(?:after|since|given|with|following) (?:such an?\s+[a-z-]+|so\s+(?:{ADJECTIVE}|{JUDGING_SUFFIX}))\b"
         r"|(?:since|because|as) (?:[\w-]+\s+){0,3}?(?:the|your|our|it|this|these|we|[a-z-]+ing)\b[^,?]*"
         r"\b(?:so|such|much|now|finally|already"
         rf"|better|easier|faster|quicker|simpler|cheaper|clearer|smoother|more {ADJECTIVE})\b)"
         # ", which has made travelling so much easier,": the premise told in a clause of its own.
         r"|,\s*which (?:has|have|had|is|are|was|were)\b[^,?]*\b(?:so|such|much|far)\s+(?:much\s+)?(?:better|easier"
         r"|faster|quicker|simpler|cheaper|clearer|smoother)\b",
         LEADING.format(why="takes for granted what they should tell you"),
         ('Ask without the premise: "{rest}"', 'Ask without the premise: "Tell me about the last time …"')),

    Rule("leading", r"\b(?:why (?:is|was|are|were|did|do|does|has|have)|what makes|what made)\b[^?]*?\b(?:so (?:much )?"
         r"(?!(?:much|many|far|long|often|that|you|we|they|i|it|quickly|late|early|soon|sure)\b)[a-z]+|such an?)\b"
         r"|\bwhat(?:'s|\u2019s| is| was| were) so \w+ about\b"
         r"|\bhow much (?:better|worse|easier|faster|quicker|simpler|cheaper|clearer|smoother|safer|nicer|quieter"
         r"|warmer|cleaner|brighter|calmer|tidier|sooner"
         # Not an amount: "How much less would you have accepted if ...?"
         r"|(?:more|less) (?!(?:time|money|often|would|will|do|did|does|is|was|are|were|could|can|should)\b)[a-z]+"
         r"|[a-z]{2,}ier)\b"
         r"|\bhow much (?:time|money|effort|work)\b[^?]*\b(?:save[sd]?|saving)\b"
         # Not the scale's own "How much do you agree that the dogs improve ...?"
         r"|\bhow much (?:did|does|do|has|have) (?!you (?:agree|disagree)\b)[^?]{1,60}?\b(?:help(?:ed)?|improve[sd]?"
         r"|simplif(?:y|ied)|sped up"
         r"|speed up)\b"
         r"|\bhow much (?:did|does|has|have) (?!(?:you|they|we|i)\b)[^?]{1,60}?\b(?:save[sd]?|cut|reduced?|boost(?:ed)?"
         r"|lower(?:ed)?|raised?)\b"
         r"|\bhow (?:has|have) [^?]{1,60}?\b(?:improved|helped|simplified|sped up|boosted|transformed|increased"
         r"|raised)\b",
         LEADING.format(why="takes for granted that it is better"),
         ('Ask without the judgement: "Tell me about the last time you used {topic}."',
          'Ask it neutrally: "What has changed since …?"')),
    Rule("double_barrelled", r"(?P<cut>\?\s+)(?=[^?]*\w[^?]*\?)", DOUBLE,
         ('Ask one thing at a time: "{first}" then "{second}"',)),
    Rule("double_barrelled", rf"\b(?:do|does|did|would|will|could|can|should) you\s+(?:\w+ly\s+)?"
         rf"(?P<a>(?!{NOT_A_VERB}\b)[a-z]+)\s+(?:and|or(?!\s+{OPPOSITE}(?P=a)\b))\s+(?P<b>(?!{NOT_A_VERB}\b)[a-z]+)\b",
         DOUBLE, ('Ask one thing at a time: "{first}" then "{second}"',)),
    Rule("double_barrelled", rf"\b(?:what|how|where|why) you\s+(?:\w+ly\s+)?(?P<a>(?!{NOT_A_VERB}\b)[a-z]+ed)\s+"
         rf"(?:and|or)\s+(?P<b>(?!{NOT_A_VERB}\b)[a-z]+ed)\b",
         DOUBLE, ('Ask one thing at a time: "{first}" then "{second}"',)),
    # Not the two things of a condition: "Would you give it up if you could buy postage online and print labels?"
    Rule("double_barrelled", rf"(?<!\bif )\byou\s+(?:\w+ly\s+)?(?!{NOT_A_VERB}\b)[a-z]+\s+"
         rf"(?:{DETERMINER}|a|an|some|any|new|all)\s+(?:[\w'-]+\s+){{0,2}}?(?:and|or)\s+(?!{NOT_A_VERB}\b)[a-z]+\s+"
         rf"(?:{DETERMINER}|them|it|a|an|this|these|those)\b"
         # "find tenants and collect the rent", "plan your meals and shop for them": a verb, then its own object.
         rf"|(?<!\bif )\byou\s+(?:\w+ly\s+)?(?!{NOT_A_VERB}\b)[a-z]+\s+(?!between\b)"
         rf"(?:(?:{DETERMINER}|a|an|some|any|new|all)\s+)?"
         rf"(?:[\w'-]+\s+){{0,2}}?[\w'-]+\s+and\s+(?!{NOT_A_VERB}\b)[a-z]+(?:(?<!s)|(?<=ss))\s+"
         rf"(?:(?:for|on|with|about|to|up|out|into)\s+)?(?:{DETERMINER}|them|it|a|an|this|these|those)\b",
         DOUBLE, ('Ask one thing at a time: split it into two questions, one for each thing they do.',)),
    Rule("double_barrelled", rf"(?P<cut>,?\s+(?:and|or)\s+(?:also\s+)?)"
         rf"(?=(?:(?:at|in|on|for|with|from|by|to)\s+)?{WH}\s+\w)"
         rf"(?!{WH}\s+(?:happened|followed|did you do|you did|you had to do)\b"
         r"|[^?]*\b(?:next|then|afterwards|after that|instead)\b|[^?]*\bfirst\s*\?"
         # "..., and how you dealt with it?", "and how the afternoon played out": how the same story ended.
         r"|[^?]*\b(?:dealt with (?:it|that|them)|handled (?:it|that|them)|(?:ended|end|ending) up|played out"
         r"|turned out|worked out|(?:was|were|got) (?:\w+ly\s+)?(?:resolved|sorted(?: out)?))"
         r"(?:\s+(?:now|then|there|in the end))?\s*[?.!]?\s*$)",
         DOUBLE, ('Ask one thing at a time: "{first}" then "{second}"',),
         # "What did you type first, and where did it take you?" (one story), "..., taking into account the music, the
         # lockers and how busy the floor was?" (the last of a list), "which go out and which you check" (a choice)
         unless=r"\bwhich\b[^?]*\band which\b|\bfirst,\s*(?:and|or)\s+(?:then\s+)?(?:what|how|where|who|which)\b"
         # A rating list (THE_FOLLOWING); "the difference between where you sit on a train and where you sit on a
         # bus" (0 of 30 such questions double-barrelled).
         r"|\b(?:taking into account|including|such as|things like)\b[^?]*\b(?:and|or)\s+"
         rf"(?:how|what|where|who|which)\b|\bdifferences? between\b|{THE_FOLLOWING}|{SHOWN_THEN_WHAT}"),
    # "How do you weigh price, timing and reviews?": a list of criteria, each to judge on its own. "What did your
    # manager and HR say?": two people's answers. "your bank or your phone provider": two things offered as one.
    Rule("double_barrelled", r"\b(?:weigh|weighed|balance|balanced|judge|judged|compare|compared)\s+(?:up\s+)?"
         r"(?:[\w'-]+(?:\s+[\w'-]+)?),\s*[\w'-]+(?:\s+[\w'-]+)?,?\s+and\s+(?:[\w'-]+)"
         rf"|\bwhat did (?:{DETERMINER}\s+[\w-]+)\s+and\s+(?:{DETERMINER}\s+)?[\w-]+\s+(?:say|think|do|decide)\b"
         rf"|^\W*(?:have|has) (?:you|they)\b[^?]*\b{DETERMINER}\s+[\w-]+(?:\s+[\w-]+)?\s+or\s+{DETERMINER}\s+[\w-]+"
         r"|\bhow (?:much\s+)?[a-z]{3,}(?:er|ier)\s+and\s+[a-z]{3,}(?:er|ier)\b"
         # Comparatives offered as a choice, not kin ("a brother or sister" is one sibling).
         r"|\b(?!(?:better|sooner|more|rather|either|whether|other|never|over|under|after|later|brother|sister|mother|father|daughter|partner)\b)[a-z]{3,}(?:er|ier)"
         r"\s+or\s+(?!(?:worse|later|less|not|other|never|over|brother|sister|mother|father|daughter|partner)\b)[a-z]{3,}(?:er|ier)\b"
         r"|\b(?:have|has|had) (?:you|they) (?:ever )?(?:[a-z]+ed|lost|broken|sold|bought|paid|left|made|sent)\s+or\s+"
         r"(?:[a-z]+ed|lost|broken|sold|bought|paid|left|made|sent)\b"
         r"|\b[a-z]+'s\s+[a-z]+\s+and\s+[a-z]+\s+(?:out of|on a|from \d)"
         rf"|\b(?:think of|feel about|opinion of|like about)\s+(?:{DETERMINER}\s+)?[\w-]+\s+or\s+"
         rf"|^\W*(?:did|does|do|was|is)\s+(?:the|your|their)\s+[\w-]+(?:\s+[\w-]+)?\s+(?!{NOT_A_VERB}\b)[a-z]+\s+"
         rf"(?:[\w'-]+\s+){{0,2}}?[\w'-]+\s+and\s+(?!{NOT_A_VERB}\b)[a-z]+\s+(?:{DETERMINER}|them|it|a|an)\b",
         DOUBLE, ('Ask one thing at a time: split it into two questions, one for each thing.',),
         unless=r"\bbetween\b|\b(?:for example|for instance|such as|e\.g\.)\b"),
    # "Have you ever recommended us, and why?", "Have you ever missed a flight, and what happened?" (3 of 3 such
    # questions double-barrelled): a yes/no question with a second, open one tacked on.
    Rule("double_barrelled", rf"^\W*{LEAD_WORDS}(?:{AUX}|{NEGATIVE_AUX})\s+(?:you|they|we|your\s+\w+)\b[^?]*?"
         r"(?P<cut>,\s*(?:and|or)\s+)(?=(?:why|why not|how come|how|what happened\b[^?]{0,30})\s*\?\s*$)",
         DOUBLE, ('Ask one thing at a time: "{first}" then "{second}"',)),

    # "Any trouble getting it to open?": a yes/no question with its verb left out.
    Rule("yes_no_opener", SENTENCE_START + r"(?P<span>any(?:thing|one|body)?)\s+[^.?!]*\?",
         YES_NO, ('Open it up: "Tell me about the last time …" or "What got in the way?"',)),
    Rule("yes_no_opener", LEAD_IN + r"(?P<span>have|has)\s+you(?:\s+ever)?\b",
         YES_NO, ('Try: "Tell me about the last time you {tail}."',)),
    # "How do you ..." keeps the question's own verb, except verbs of opinion ("How do you think ...?").
    Rule("yes_no_opener", LEAD_IN + r"(?P<span>do)\s+you\b(?!\s+(?:think|agree|feel|believe|like|love|hate|want|need"
         r"|know|remember|prefer|mind|have|see)\b)", YES_NO, ('Try: "How do you {tail}?"',)),
    Rule("yes_no_opener",
         CLAUSE_START + rf"(?!{PERMISSION})"
         rf"(?P<span>{NEGATIVE_OPENER}|{POLITE_AUX}\b(?!\s+you\s+{POLITE})|(?!{POLITE_AUX}){AUX}\b"
         # "Have a think about...": an invitation, not a question.
         r"(?<!have)|have\b(?!\s+an?\s))",
         YES_NO, ('Open it up: start with "What", "How" or "Tell me about …" so they tell you what happened.',),
         unless=rf"{INVERTED_IF}|{IF_WOULD_AND}"),

    Rule("hypothetical", rf"\b(?:would|will|wo{APOSTROPHE}?n{APOSTROPHE}?t)\s+(?:you|your\s+\w+|people|anyone|someone"
         rf"|they)(?:\s+(?:on|in|at|from)\s+(?:your|the|their)\s+\w+)?\s+"
         rf"(?:\w+ly\s+|still\s+)?(?:(?P<verb>{BEHAVIOUR})|be\s+(?:willing|interested|likely|happy|open|ready|prepared"
         r"|keen))\b",
         HYPOTHETICAL, (PAST_DID, 'Ask about the past: "Tell me about the last time you needed this."'),
         unless=PAST_HABIT),
    # "How much would you have paid to make it go away?", "Would you have wanted a brother or sister?": a choice
    # replayed in the past, hypothetical in 12 of 12 such questions in the sets (not "what would you have done
    # differently?", a look back).
    Rule("hypothetical", r"\bwould you have (?:paid|spent|bought|booked|chosen|taken|accepted|joined|signed up"
         r"|switched|moved|sold|wanted)\b",
         HYPOTHETICAL, (PAST_DID, 'Ask about the past: "Tell me about the last time you needed this."'),
         unless=PAST_HABIT),
    Rule("hypothetical", r"^\W*(?:if|imagine|suppose|supposing|say(?=\s+(?:the|you|we|your|a|an|there|it)\b)"
         r"|let(?:'s|\u2019s| us) say|had\s+(?:[\w'-]+\s+){1,3}?not|were\s+(?:[\w'-]+\s+){1,3}?to)\b"
         r"(?!\s+you\s+(?:could|think|had a magic|look|remember|were to))[^?]*?\b(?:would|will|could)\b"
         r"(?!\s+(?:it be|you (?:tell|say|describe|explain|change)))"
         # "How long do you plan to stay?" asks the plan they have (3 of 3 such questions not hypothetical).
         r"|\b(?:are|is) (?:you|your \w+) going to\b|\b(?:do|does) (?:you|your \w+) (?:intend|expect) to\b"
         r"|(?<!\bhow )(?<!\bhow long )\b(?:do|does) (?:you|your \w+) plan to\b"
         r"|\bhow would you feel about \w+ing\b|\bwhat would it take\b"
         # "Would you have paid to go private if you'd known how long the wait was?": the past, replayed on a condition.
         rf"|\bwould (?:you|your \w+|they|people) have\b[^?]*?\bif\b[^?]*?(?:{APOSTROPHE}d|\bhad(?:n{APOSTROPHE}?t)?)\b"
         r"|\b(?:are|is) (?:you|your \w+|they|people) (?:\w+ly\s+)?(?:likely|unlikely|planning|thinking of) to\b"
         # "Would your nurses carry...", "How would your customers react...": any action they are asked to foresee,
         # not a judgement or an account they would give ("would you say / describe / characterise / rate").
         r"|\bwould (?:you|your (?!ideal|perfect|dream)\w+|people|they|anyone|someone)\s+"
         r"(?:(?:\w+ly|still|ever|never|not|also|just|really|even)\s+)?(?!(?:mind|tell|change"
         # "Would you show me how ...?" asks for a demonstration (2 of 2 not hypothetical), "would you show up" not.
         r"|describe|call|say|explain|show(?=\s+(?:me|us)\b)|improve|rate|score|grade|mark|give|agree|have|like|love"
         r"|prefer|rather|look|be|do|think"
         r"|know|expect|want|need|add|suggest|fix|remove|keep|consider|define|summari[sz]e|compare|put"
         r"|recommend|characteri[sz]e|assess|evaluate|judge|interpret|weigh|never|not|also|just|really|even|ever"
         r"|still)\b)"
         r"[a-z]+\b(?!')"
         r"|\bwhat would (?:you|your \w+) do\b(?! (?:differently|next|then)\b)|\bwould\s+(?:[\w'-]+\s+){0,6}?(?:make"
         r"|get|encourage|persuade|convince|tempt|appeal to)"
         r" (?:you|your \w+|them|people)\b"
         # ("where 1 means you'd scrap it": a scale's end, not a prediction)
         r"|(?<!means )\b(?:you|people|who|anyone|someone|they|staff|colleagues|team|members)"
         rf"(?:\s+would|{APOSTROPHE}d)\s+"
         rf"(?:\w+ly\s+|still\s+|ever\s+)?(?:{BEHAVIOUR}|be\s+(?:willing|interested|likely|happy|open|ready))\b",
         HYPOTHETICAL, ('Ask about the past: "Tell me about the last time you needed this."',),
         unless=PAST_HABIT),
    # "How do you think you'll sell it next year?", "Would an app that reminds you be useful?", "Which features would
    # you want in an app for...?": a prediction, or a product that does not exist yet.
    Rule("hypothetical", rf"\b(?:do|did) you think (?:you|they|we|your (?:\w+ ){{0,2}}?\w+|people|\w+s)"
         rf"(?:{APOSTROPHE}(?:ll|d)| will| would)\b"
         r"|\bwould (?:feel|seem|be) (?:fair|reasonable|right|worth it|acceptable)\b"
         r"|\b(?:chances?|odds)\b[^?]*\b(?:you|they)(?:'ll| will| would|'d)\b"
         r"|\bin (?:\w+ )?(?:years?|months?)['\u2019]? time\b|\b(?:a|one|two|three|five|ten) years? from now\b"
         r"|\b(?:how|what|where|when|who) will (?:you|your \w+|they)\b"
         r"|^\W*would (?:an?|the|this|that|such an?) [^?]*\bbe (?:\w+ )?(?:useful|helpful|worth|handy|valuable"
         r"|good|better|easier|of use|interesting)\b"
         r"|\bwould you (?:want|like|need|expect) (?:to (?:see|have|find) )?(?:[\w'-]+\s+){0,3}?(?:in|from|on) an?\b"
         # "Before the club goes online, how would you like to book?": a wish about a time still to come.
         r"|^\W*(?:before|when|once|after) (?:[\w'-]+ ){1,4}?(?:goes|opens|starts|launches|arrives|moves|changes)\b"
         r"[^?]*\bwould you (?:like|want|prefer)\b",
         HYPOTHETICAL, ('Ask about the past: "Tell me about the last time you needed this."',)),
    Rule("hypothetical", r"\bhow likely (?:are you|would you be|is it that you)\b",
         HYPOTHETICAL, (PAST, 'Ask about the past: "Tell me about the last time you needed this."')),
    # "How interested would you be in...", "If you could design...", "Picture a school where...", "Is the shop going
    # to open...?": a world or a future they are asked to foresee.
    Rule("hypothetical", r"\bhow (?:important|interested|useful|valuable|willing|keen|comfortable) would\b"
         r"|^\W*(?:if you could (?!change)|picture (?:an?|yourself)\b|what if\b)"
         r"|\b(?:is|are) (?:the|your|this|that|our) (?:[\w-]+\s+){1,3}?going to\b",
         HYPOTHETICAL, ('Ask about the past: "Tell me about the last time you needed this."',), unless=PAST_HABIT),
    Rule("survey_speak", r"\bhow (?:important|interested) would\b"
         r"|:\s*[\w-]+(?:\s+[\w-]+){0,2}\s*(?:,\s*[\w-]+(?:\s+[\w-]+){0,2}\s*){1,4},?\s*or\s+"
         r"(?!(?:something|anything|someone) else\b)[\w-]+(?:\s+[\w-]+){0,2}\s*[.?]\s*$",
         SURVEY, ('Try: "Tell me about your experience with {topic}."', STORY)),
    # "How has the new system made your practice run more smoothly?", "Did our reminder texts help you...?", "Was the
    # new layout an improvement?", "the improvements we've made": the good outcome granted in the question.
    Rule("leading", r"\bhow (?:has|have|did) (?:[\w'-]+\s+){1,5}?(?:made|helped|improved) (?:[\w'-]+\s+){0,5}?"
         r"(?:[a-z]{3,}er|more \w+|less \w+)\b"
         r"|^\W*(?:did|has|have|does|do) (?:our|the new|the (?:[\w-]+\s+){0,2}?(?:app|tool|feature|system|update|change"
         r"|service|scheme|redesign|layout|texts?|reminders?|emails?))\b[^?]*?\b(?:help|improv|make)\w*\b"
         r"|^\W*(?:is|was|are|were) (?:the|our|this|your) (?:[\w-]+\s+){0,4}?an? (?:real |big |huge )?(?:improvement"
         r"|step forward|upgrade|success)\s*\?|\bthe improvements? (?:we|we'?ve|we have)\b"
         rf"|\bsuch (?:{ADJECTIVE}|{JUDGING_SUFFIX})\b",
         LEADING.format(why="takes the good outcome for granted"),
         ('Ask it neutrally: "Tell me about the last time you used {topic}." or "What was that like?"',
          'Ask it neutrally: "What was that like?"')),
)  # fmt: skip
