"""The ways of saying one must go, being cut off, apologising or saying goodbye, in the five languages: the words
classify.py reads an answer's going by. Patterns only, pure and deterministic."""

import re

from interviews.interviewer.phrases import OBLIGED_RE
from interviews.interviewer.signals import HABITUAL

# The plain ways of saying one must go, which end an answer whatever came before ("...the crane's due. Have to run!").
MUST_GO = re.compile(
    # "... we're behind, got to g": the word cut off as they went.
    # "I'll hae tae go, sorry.", "mi haffi run, bless.": Scots and Jamaican spellings.
    r"\b(?:(?:gotta|haffi|(?:have|hae|need|got) (?:to|tae)) (?:go|run|dash|fly|head off|hang up|log off|stop|get out"
    r"|leave|g(?=\W*$))"
    r"|off i go"
    # "..., sorry man gotta": cut off before the word (not "yes, we've got to.").
    r"|gotta(?=\s*$)"
    # "..., must go", "..., logging off now", "can't do this now sorry, the agent's just rung", "..., je file."
    # "..., sorry, they're kicking off now, I can't talk while the game's on." (not "I can't talk about that one").
    r"|must (?:dash|run|fly|go)|(?:i'?m )?logging off|can'?t (?:do this|talk) (?:right )?now|can'?t talk while\b"
    r"|je (?:file|me sauve)"
    # "..., break at the dry end, I'm needed.", "I'm needed back in the lab" (not "I'm needed for nights in winter").
    r"|\b(?:i'?m|i am) needed\b(?!\s+(?:for|to|when|if|as|whenever|every|most|on (?:a|the) \w+day)\b)"
    # "..., train's here, signal's about to go, sorry!!", "sorry my bus is here, got to go": their ride has come, or
    # the signal is going (the 6 answers in the sets that say so are all going; "when the bus is in we ..." is not).
    r"|\b(?:bus|train|tram|lift|cab|taxi|uber|ferry)(?:'s| is) (?:here|in)(?=\s*(?:[,.!;\u2014]|$))"
    r"|\bsignal(?:'s| is) (?:about to go|going|dropping)\b|\b(?:i'?ll |gonna |about to )lose (?:the )?signal\b"
    # "sorry, phone's going, we've had a call-out": the phone calling them away.
    r"|(?:the |my )?phone'?s (?:going|ringing)(?: off)?(?=\s*(?:[,.!;\u2014]|$))"
    # Hanging up: "vou (ter que) desligar", "voy a colgar", "je vais raccrocher", "ich lege jetzt auf"; "..., vou ter
    # que correr lá" as the last words.
    r"|vou (?:ter (?:que|de) )?desligar|voy a (?:tener que )?colgar|je vais raccrocher"
    r"|vou ter (?:que|de) (?:correr|ir|sair)(?: lá| agora| já)?(?=\W*$)"
    r"|ich leg(?:e)? (?:jetzt |dann )?auf"
    # "..., sorry, that's the COSS calling us in for the brief, I'm off.": as the last words (not "I'm off work");
    # "...that's the whistle, we're on, sorry!": called on, as the last words (not "we're on nights").
    r"|\b(?:i'?m|we'?re) off(?: now)?(?=\W*$)|\bwe'?re on(?=\W*(?:(?:sorry|soz)\W*)?$)"
    # Too unwell to go on, as the last words: "..., need to lie down now, sorry.", "tengo que acostarme", "ich muss
    # mich hinlegen" (not "after a shift I need to lie down for an hour").
    r"|(?:(?:have|need|got) to (?:go and )?(?:lie|lay) down|tengo que (?:acostarme|tumbarme)|je dois m'allonger"
    r"|ich muss mich (?:kurz )?hinlegen|(?:tenho|preciso) (?:de |que )?me deitar)(?=(?: now| ya| jetzt| agora)?\W*$"
    r"|(?: now| ya| jetzt| agora)?\s*[,.;!\u2014]))(?: now| ya| agora)?\b"
    # "..., better crack on", "I'd better get going": going, put as what they had better do.
    r"|\b(?:i'?d |i had |we'?d )?better (?:crack on|get on|get going|get back(?: to it)?|be off|go|run|dash|scoot)\b"
    # "..., sorry phone's on 2%, I'll", "phone's on 2% 🪫 gonna di": a dying phone, whatever was cut off after it.
    r"|\bi'?m (?:on|at) (?:1?\d) ?%|\b(?:phone|battery|laptop)(?:(?:'s| is) (?:on|at|about to die|dying|nearly dead) ?"
    r"(?:\d+ ?%)?| (?:on|at) (?:1?\d) ?%)"
    r"(?:\W*(?:(?:it'?s |it'?ll |gonna |going to |about to )(?:die|d\w{0,2}|cut out|go)\b))?",
    re.I,
)


# The apologies of the five languages: "sorry", "désolé", "perdone", "desculpe", "entschuldigung".
_APOLOGIES = (
    r"sorry|soz|apologies|désolée?|pardon|perd[oó]n|perdone|lo siento|disculpe?|desculp[ae]|entschuldigung"
    r"|tut mir leid"
)
# An apology or a goodbye to the interviewer, and nothing else: "sorry love", "cheers mate", "ta x", "laters".
SIGN_OFF = re.compile(
    # "..., il faut que j'y aille, désolé.": the other four languages' apologies and thanks too.
    rf"\W*(?:(?:{_APOLOGIES}|cheers|thanks|ta|bye|laters|merci|gracias|obrigad[oa]|valeu|danke)\W*)+"
    r"(?:love|mate|man|hun|pet|darling|dear|babe|guys|all)?\W*x*\W*",
    re.I,
)
# Thanks alone, or thanks for something: "Thanks for your patience!", "Obrigada pela paciência!", "Merci à vous."
THANKS = re.compile(
    r"\W*(?:(?:many |big )?thanks|thank you|cheers|merci|gracias|obrigad[oa]|valeu|danke|vielen dank)"
    r"(?:\s+(?:for|pour|à|por|pela|pelo|für)\b[\w\s',]{0,40})?\W*(?:x+\W*)?",
    re.I,
)
# The apologies among them: "..., I need to move. Sorry.", "... tengo que ir a mirarlo ya. Perdone."
APOLOGY = re.compile(rf"\b(?:{_APOLOGIES})\b", re.I)


# Something that has just happened: "my lad's school has just rung", "me acaban de avisar", "vient d'appeler".
JUST_HAPPENED = re.compile(
    r"\bjust\b|\bacab[aoe]\w* de\b|\bacabou de\b|\bvien[st] d|\bgerade\b|\bsoeben\b|\bagora mesmo\b", re.I
)


# Going to see to it: "I need to move", "tengo que ir", "je dois y aller", "ich muss los", "tenho que sair".
GO_SEE_TO = re.compile(
    r"\b(?:(?:have|need|got|gotta) to (?:go|move|run|leave|head|dash|fetch|collect|pick|see to|deal with)"
    r"|tengo que (?:ir|irme|salir)|je dois (?:y aller|partir|filer|aller)|il faut que j'y aille"
    r"|ich muss (?:los|weg|gehen)"
    r"|(?:tenho|preciso) (?:(?:que|de) )?(?:ir|sair))\b",
    re.I,
)


# A goodbye as the answer's last words, after a full stop, a comma or a dash ("..., but my lift's here and he's double
# parked. Bye!", "Ich muss, tschüss!"): 19 of 19 such answers in the sets are labelled going; "they just said bye" is
# an account.
GOODBYE_LAST = re.compile(
    r"(?:^|[.!?,;:\u2014\u2013-])\W*(?:(?:ok(?:ay)?|right|anyway|so)\W+)?"
    # "¡Hasta luego!", "À plus !", "ta-ra", "Adieu!", "pfiat Eana!" (Bavarian): 9 of 9 such last words are going.
    r"(?:bye(?:-?bye)?(?: for now| then)?|tsch[üu]ss?|adi[óo]s|tchau|au revoir|ciao|hasta (?:luego|pronto)|à plus"
    # "..., sorry sorry, later.", "... I'm on my phone. speak later", "..., talk again.": 4 of 4 such last words going.
    r"|ta-?ra|cheerio|adieu|pfiat (?:di|eana|enk|euch|gott)|servus|até (?:logo|mais)|(?:speak |talk |catch you )?later"
    r"|(?:speak|talk) (?:again|soon))\W*x*\W*$",
    re.I,
)
# What they must do, each time or every week, is their routine: "now I have to go through every invoice each week".
ROUTINE = re.compile(rf"{HABITUAL.pattern}|\b(?:every|each|per)\b", re.I)


def obliged_then_sorry(text: str) -> re.Match | None:
    """Something they must do now, then an apology on its own as the last words ("Maybe something about Eid at work,
    but it's nearly maghrib and I've got to get the samosas in the oven before everyone arrives. Sorry!"): 13 of 13
    such answers in the sets are labelled going; a routine they must keep is an account."""
    last = before_apology(text)
    m = OBLIGED_RE.search(last)
    return None if m is None or ROUTINE.search(last) else m


def before_apology(text: str) -> str:
    """The sentence before the answer's last one when that last one is an apology and nothing else ("... I need to
    move. Sorry."), or "" when it is not."""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    if len(sentences) < 2 or not (SIGN_OFF.fullmatch(sentences[-1]) and APOLOGY.search(sentences[-1])):
        return ""
    return sentences[-2]
