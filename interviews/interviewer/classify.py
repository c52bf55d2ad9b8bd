"""What kind of answer the participant gave, read before any backend decides the next turn.

`classify_answer` is the one function both backends and the policy use. Its classes decide what may happen next
(policy.py): a refusal is acknowledged and never probed, a closing moves on (or ends the interview when they want to
stop), nonsense, off-topic answers and questions back get the question once more in other words, non-answers and
complete short answers move on, and only substantive answers may be probed. Word lists cover English, German,
French, Spanish and Portuguese; everything is pure and deterministic.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from interviews.interviewer.signals import FEELING, GENERAL, HABITUAL, PROBLEM, TOOLS, WHEN, WORD, plain, wordset

SUBSTANTIVE = "substantive"
SHORT_COMPLETE = "short_complete"
NON_ANSWER = "non_answer"
REFUSAL = "refusal"
CLOSING = "closing"
OFF_TOPIC = "off_topic"
NONSENSE = "nonsense"
QUESTION_BACK = "question_back"
CLASSES = (SUBSTANTIVE, SHORT_COMPLETE, NON_ANSWER, REFUSAL, CLOSING, OFF_TOPIC, NONSENSE, QUESTION_BACK)
# Classes whose words are never quoted back, and after which the question is asked again rather than probed.
NOT_QUOTABLE = frozenset({NON_ANSWER, REFUSAL, CLOSING, NONSENSE})
ASK_AGAIN = frozenset({OFF_TOPIC, NONSENSE, QUESTION_BACK})

_I = re.IGNORECASE
# A word that starts something new after a refusal or a non-answer ("Not my area, but the nurses can't stand them").
CONTRAST_WORD = re.compile(
    r"\b(?:but|though|although|however|except|aber|doch|mais|pourtant|pero|aunque|mas|porém)\b", _I
)
# Feeling told as a verb ("it just felt wrong"): worth a follow-up even after "I don't know".
FELT = re.compile(r"\b(?:fe(?:el|els|lt|eling)|gef(?:ühl|iel)|sentie?|sinto|senti)\b", _I)
# A refusal's or a non-answer's own clause, from its match (marked \x00) to a clause break or a contrast word.
_CLAUSE_REST = re.compile(
    r"\x00[^,;:.!?\x00]*?(?=[,;:.!?\x00]|\b(?:but|though|although|however|except|aber|doch|mais|pourtant|pero|aunque"
    r"|mas|porém)\b|$)",
    re.IGNORECASE,
)
# The interviewer's "Anything else?" in each language.
ANYTHING_ELSE_Q = re.compile(
    r"\b(?:anything (?:else|more)|something else|what else|anything (?:we|i) (?:haven'?t|didn'?t|missed)|to add\b"
    r"|noch etwas|sonst noch|ergänzen|autre chose|à ajouter|algo más|alguna otra cosa|mais alguma coisa|algo mais"
    r"|outra coisa|acrescentar|comentar)",
    _I,
)
NEGATION_OPEN = re.compile(r"^\W*(?:no|nope|nah|not really|nothing|i don'?t think so|nein|nö|non|não|nada)\b", _I)
# Words around a refusal or a non-answer that carry nothing ("sorry", "to be honest"); at most this many other
# meaningful words may remain for the answer to count as one.
LEFTOVER_WORDS = 3

REFUSAL_RE = re.compile(
    r"\b(?:(?:i'?d|i would|i'?ll|i will)\s+(?:much\s+)?(?:rather|prefer)\s+not|(?:i\s+)?prefer\s+not|rather not"
    r"|(?:i\s+)?(?:can'?t|cannot|am not able to|'m not able to|am not allowed to|'m not allowed to|am unable to"
    r"|'m unable to|won'?t|will not)\s+(?:really\s+)?(?:say|share|discuss|talk|go into|get into|comment|disclose"
    r"|answer|tell|name|reveal|give)"
    # "Legal would have my head if I told you that": the cost of telling, so not telling.
    r"|if i (?:told|said|shared|gave) (?:you )?(?:that|this|it|them|those)\b"
    r"|(?:that|it|this)(?:'?s| is) (?:a bit |quite |too |rather |very |a little )?(?:confidential|private|personal"
    r"|sensitive|classified)|none of your (?:business|concern)"
    # Something else forbids it: "My NDA doesn't let me talk about that", "my employer won't allow me to say".
    r"|(?:doesn'?t|does not|won'?t|wouldn'?t|don'?t|do not) (?:let|allow|permit) (?:me|us) (?:to )?(?:talk|say|share"
    r"|discuss|go into|get into|comment|disclose|name)"
    # Asking for the next question instead of answering this one.
    r"|^\W*(?:(?:the )?next|another|a different) question\b|(?:let'?s|can we|could we) (?:just )?(?:move on|skip)"
    r"|no comment|(?:i'?ll )?pass(?: on (?:this|that)(?: one)?)?$|^pass\b|pass on (?:this|that)|let'?s skip"
    r"|skip (?:this|that)(?: one)?"
    r"|i (?:don'?t|do not) (?:want|wish|care) to (?:say|answer|talk|discuss|share|get into|go into|comment)"
    r"|not (?:\w+ ){0,3}(?:i|we) (?:want|'d like|would like|care|wish) to (?:share|discuss|get into|talk|tell|say"
    r"|go into)|under (?:an? )?nda|not comfortable (?:talking|sharing|discussing|saying|answering|going|naming|giving"
    r"|revealing|disclosing|getting)|(?:^|[.!?]\s+)(?:next|another|a different) (?:one|question)\W*$"
    r"|between me and|keep (?:\w+ ){1,3}(?:private|to (?:myself|ourselves)|out of)"
    # "Not going into that", "I'm not gonna say": declining in the progressive.
    r"|not (?:going|gonna) (?:to )?(?:go into|get into|into|say|share|discuss|talk about|answer)|^\W*skip\W*$"
    r"|rather leave it|sooner not|(?:(?:i'?m|i am) )?not up for (?:telling|talking|sharing|going into"
    r"|getting into|that)"
    r"|not (?:\w+ ){0,2}(?:i'?m|i am) up for (?:telling|talking|sharing|going into|today)"
    # "I'd prefer to leave that in the past", "I'll politely decline", "best not repeat that", "not something I share".
    r"|(?:prefer|rather) to (?:leave|keep) (?:that|it|this)\b|\bdecline (?:that|this|to)\b|(?:i'?m|i am|i'?ll"
    r"|i will|i must"
    r"|i have to|i'?d like to|let me) (?:\w+ ){0,2}decline|(?:best|better) not (?:\w+ )?(?:say|repeat|share"
    r"|answer|go into"
    r"|get into|tell|name)|not (?:something|a thing|anything) (?:i|we)(?:'d| would)? (?:share|discuss"
    r"|talk about|give out"
    r"|disclose|go into|get into)|keep (?:that|it|this) to (?:myself|ourselves)"
    r"|für mich behalten|behalte (?:ich )?(?:das |es )?(?:lieber )?für mich|je (?:préfère|vais"
    r"|voudrais) (?:le )?garder (?:ça )?pour moi|garder ça pour moi"
    r"|guard[aá]r(?:melo|mela|lo)|me lo (?:guardo|reservo)|guardar (?:isso )?(?:só )?para mim"
    # de
    r"|(?:möchte|will|würde)\s+(?:ich\s+)?(?:dazu|darüber|hierzu)?\s*(?:lieber\s+)?nichts\s+sagen|lieber nicht"
    r"|(?:möchte|will|würde|kann|darf) ich (?:\w+ ){0,2}nicht (?:sagen|sprechen|erzählen|beantworten"
    r"|verraten)|kein kommentar|(?:das|es) ist (?:privat|vertraulich|persönlich)|darüber (?:möchte|will) ich nicht"
    # fr
    r"|je préfère ne pas|je ne (?:souhaite|veux) pas (?:en parler|répondre|le dire)|pas de commentaire"
    r"|je ne (?:citerai|donnerai|dirai|nommerai) pas|je ne vais pas (?:citer|donner|dire|nommer)"
    r"|c'est (?:privé|confidentiel|personnel)"
    # es
    r"|prefiero no|no quiero (?:hablar|responder|decir|contestar)|sin comentarios|es (?:privado|confidencial|personal)"
    # pt
    r"|prefiro não|não quero (?:falar|responder|dizer)|sem comentários|é (?:privado|confidencial|pessoal))",
    _I,
)
LEAVING_RE = re.compile(
    r"\b(?:(?:have|need|got|gotta) to (?:go|run|leave|head off|stop|get going|jump|hop|dash|hang up|log off)"
    r"|gotta (?:go|run)|cut (?:this|it|things) short|gtg|g2g"
    # Asked as a question: "Would you mind if we stopped here?"
    r"|(?:mind|ok|okay|alright|all right) if we (?:stop|stopped|finish|finished|end|ended|leave it|left it|call it)"
    r"|(?:can|could|shall) we (?:stop|end|finish|wrap (?:it )?up|call it)|(?:let'?s|i'?ll|i will|i'?d like to|i want to"
    r"|i'?m going to) (?:stop|finish|end|wrap up|call it a day)|(?:don'?t|do not) want to (?:continue|go on|carry on)"
    r"|(?:end|stop|finish) (?:the|this) interview|out of time|no more questions"
    r"|ich muss (?:\w+ ){0,2}(?:los|gehen|weg|aufhören|Schluss machen|auflegen)|je dois (?:\w+ ){0,2}(?:partir"
    r"|y aller|arrêter|filer|laisser|raccrocher)|tengo que (?:\w+ ){0,2}(?:irme|salir|dejarlo|dejarte|dejarle|colgar)"
    r"|(?:tenho|preciso) (?:(?:que|de) )?(?:\w+ ){0,2}(?:ir|sair|parar|desligar))\b",
    _I,
)
CLOSING_RE = re.compile(
    r"\b(?:that'?s (?:all|it|everything|about it|all i (?:have|'ve got|can think of))|that was (?:it|all)"
    r"|(?:nothing|not much|no) (?:more|else)(?: to add)?|nothing further"
    r"|i think i'?ve (?:covered|said) (?:it|everything|all)|i'?ve said (?:all|everything)|all (?:good|covered|done)"
    r"|no,? (?:i think )?that'?s (?:it|all)"
    r"|that'?s it from me|i'?m done|that'?s the lot|(?:that|this) covers it"
    # The interviewer has it all: "you've got everything", "you've been very thorough".
    r"|you'?ve (?:got|covered|asked|heard) (?:it all|everything|all of it)|you'?ve been (?:very |really )?thorough"
    r"|(?:said|had) my (?:piece|say)|you'?ve covered it(?: (?:well|all))?|(?:ya )?está todo dicho"
    r"|said all i (?:wanted|want|have|had|need) to say"
    r"|das war'?s\b|das (?:war|ist) alles|alles gesagt|j'ai tout dit|ya (?:lo )?he dicho todo"
    r"|(?:falei|disse) tudo|(?:acho que )?(?:é|era) (?:só )?isso\W*$|nichts (?:mehr|weiter)|c'est tout"
    r"|rien (?:d'autre|de plus)|eso es todo|nada más"
    r"|é só isso|nada mais)",
    _I,
)
NON_ANSWER_RE = re.compile(
    r"\b(?:i (?:don'?t|do not) know|dunno|idk|no (?:idea|clue)|not sure|hard to say|(?:can'?t|cannot|couldn'?t|don'?t"
    r"|do not) (?:really )?(?:remember|recall|say|tell you)|can'?t think of (?:one|any|anything|an example|a time)"
    r"|nothing comes to mind|not that i (?:can|could) (?:think of|remember)|no opinion|(?:i'?d|i would) have to think"
    r"|(?:i'?m|i am) not (?:really )?(?:involved|part of|the (?:right )?person|responsible|in charge|the one)"
    r"|(?:not|isn'?t) (?:really )?my (?:area|department|job|thing|call|side)"
    r"|not (?:really )?(?:something|anything|what) (?:i|we) (?:deal with|do|handle|look after|know about|get involved"
    r" in|work on)"
    r"|(?:someone|somebody|the \w+(?: \w+)?) (?:else )?(?:handles|does|deals with|decides|takes care of|looks after"
    r"|sorts(?: out)?|organi[sz]es|arranges|manages|books)"
    r" (?:that|this|it|all (?:of )?(?:that|this|it)|those)"
    r"|(?:my|our) (?:\w+ )?(?:wife|husband|partner|boss|manager|colleague|ex|team|accountant|assistant|pa|secretary"
    r"|mum|mom|dad|mother|father|parents|flatmate|roommate|landlord|admin|office manager|it (?:team|department)"
    r"|finance(?: team)?|hr) (?:handles|does|deals with|decides|takes care of|looks after|sorts(?: out)?|organi[sz]es"
    r"|arranges|manages|books)"
    # "I'm only on the weekend desk": their part does not reach the question.
    r"|(?:i'?m|i am) only (?:on|in|at|a|an|the|here|part[- ]time)\b"
    r"|i(?: haven'?t| have not|'ve never| have never| never| had never|'d never)"
    r" (?:(?:actually|really|ever|personally|even) )?(?:\w+ed|done|had|been|used|tried"
    r"|needed|got|switched|bought|paid|seen|heard|gone|made|sent|left|lost|ordered|changed)\b"
    r"|haven'?t had (?:that|it|one)|(?:wouldn'?t|would not|how would i) know"
    r"|(?:it|that|this)(?:'s| has)? never (?:(?:actually|really|once|ever) )?(?:happened|come up)"
    r"|(?:it|that) (?:hasn'?t|has not|didn'?t) (?:happened|come up)"
    r"|(?:ce )?n'est pas moi qui|(?:i|we) (?:don'?t|do not) (?:really )?(?:do|use|have) (?:that|those|it|them|any)\b"
    r"|(?:i )?wasn'?t (?:there|part of|involved)"
    r"|keine ahnung|weiß (?:ich )?(?:es )?nicht|kann mich nicht erinnern|nicht zuständig|je ne sais pas(?: trop)?"
    r"|(?:bin ich |ich bin )?nicht beteiligt"
    r"|(?:c'est )?(?:mon|ma|mes|notre) \w+ qui (?:s'en occupe|gère|fait ça)|(?:das )?macht"
    r" (?:mein|meine|unser|unsere|die|der) \w+"
    r"|kümmert sich (?:mein|meine) \w+|(?:mi|mis|el|la) \w+ se (?:encarga|ocupa)|lo hace mi \w+"
    r"|(?:meu|minha) \w+ (?:cuida|trata|se encarrega) disso"
    r"|aucune idée|je ne (?:m'en )?souviens (?:plus|pas)|no (?:lo )?sé|ni idea|no me acuerdo|no recuerdo"
    r"|não sei|não faço ideia|não me lembro|não lembro"
    # Idioms of not knowing: "Your guess is as good as mine", "Haven't the foggiest", "it's all a blur".
    r"|your guess is as good as mine|(?:haven'?t|not) (?:got )?the (?:foggiest|faintest|slightest)|search me|beats me"
    r"|(?:it'?s |it is )?(?:all )?a (?:bit of a )?blur|(?:drawing|draw) a blank|(?:mind|head)(?:'s| is| has) gone blank"
    # The question's premise does not hold for them: "I don't stream, I just play.", "I never have.", "Haven't read it."
    r"|^\W*(?:i|we) (?:don'?t|do not|never)(?: \w+)?\s*(?:[,.;!]|$)|\bi never have\b"
    r"|^\W*(?:haven'?t|never) (?:\w+ ){0,1}(?:read|seen|used|tried|done|had|been|heard|opened|watched)\b"
    r"|(?:je )?(?:ne )?sais pas(?: trop)?|(?:je n'ai|j'ai) pas fait attention|sei lá"
    r"|quem (?:cuida|trata|resolve|faz|decide) (?:disso|isso)|(?:estaba|fue|iba|lo hizo) (?:mi|mis) \w+"
    r"|(?:my|our) \w+ (?:went|was there|dealt with it|did it|handled it|sorted it)\b"
    # "I've never sold anything, I only buy", "I work from home, so it doesn't come up", "before my time".
    r"|^\W*(?:i'?ve|i have|we'?ve|we have) never (?:\w+ ){0,2}\w+\s*[,.;]|(?:doesn'?t|does not"
    r"|never) (?:really )?comes? up"
    r"|didn'?t (?:even )?know (?:it|that|about)|nothing'?s coming|(?:draw(?:ing)?|gone) (?:a )?blank|\bblank\W*$"
    r"|(?:i|we) (?:don'?t|do not) (?:handle|deal with|cover|see|get|work on) (?:those|that|them|it)\b"
    r"|before my time|(?:wasn'?t|was not) (?:working )?(?:there|here) (?:yet|then)|(?:ainda )?não (?:trabalhava|estava)"
    r" (?:lá|aqui)|dont (?:really )?know|ist (?:schon )?(?:ewig|lange) her|no s[ée] (?:la verdad|ni)\b)",
    _I,
)
BARE_NO = re.compile(
    r"^\W*(?:no|nope|nah|nothing|none|n/?a|nein|non|não|nada|rien|nichts|(?:no,? )?not really(?:,? no)?)"
    r"(?:,? (?:really|at all|much|in particular|sorry|thanks))?\W*$",
    _I,
)
PLEASANTRY_RE = re.compile(
    r"\b(?:thanks?(?: you)?(?: (?:so|very) much)?(?: for (?:asking|listening|your time|the question))?|cheers|sorry"
    r"|to be honest|honestly|i'?m afraid|if you don'?t mind|good question|great question|no worries|please"
    r"|that'?s a (?:good|tough|hard) one|thats a (?:good|tough|hard) one"
    r"|if (?:that'?s|it'?s) (?:ok|okay|alright)|si ça ne vous dérange pas|wenn es (?:Ihnen|dir) nichts ausmacht"
    r"|si no (?:le|te) importa|se não se importa|haha|danke|merci|gracias|obrigad[oa]|bitte|désolée?|perdón"
    r"|desculpe)\b",
    _I,
)
OFF_TOPIC_RE = re.compile(
    r"\b(?:by the way|btw|unrelated|that reminds me|d'ailleurs|à propos|random (?:thought|question)|off[- ]topic"
    r"|on a (?:different|separate|side) note"
    r"|side note|speaking of (?:which|that|the \w+)|changing the subject|übrigens|au fait|por cierto|a propósito)\b",
    _I,
)
# Asking the interviewer about something else ("Did I tell you I've started...?", "omg have you seen the trailer"):
# off the question when the answer shares none of its words.
ASKS_ABOUT_ELSE = re.compile(
    r"^\W*(?:(?:omg|oh|hey|so|ooh|btw)\W+)?(?:did i (?:tell|mention)|have you (?:seen|heard|watched|tried)"
    r"|did (?:you|u) (?:see"
    r"|hear|watch|catch)|have you (?:ever )?been to|haben sie (?:\w+ ){0,3}(?:gesehen|gehört|mitbekommen)"
    r"|hast du (?:\w+ ){0,3}(?:gesehen|gehört"
    r"|mitbekommen)|avez-vous vu|vous avez vu|t'as vu|as-tu vu|¿?(?:has|ha) visto|¿?viste|você viu|viu)\b",
    _I,
)
# What an aside from the interviewer's question talks about: home life, pets, sport, weather, holidays, plans. It
# counts only when the answer shares no word with the question and tells no habit or scene ("when", "usually").
ASIDE_RE = re.compile(
    r"\b(?:(?:my|our|the) (?:dog|cat|puppy|kitten|pets?|kids?|children|son|daughter|cousin|brother|sister|niece|nephew"
    r"|neighbou?rs?|grand\w+|toddler|baby|favou?rite \w+)|football|soccer|cricket|tennis|the match|the weather"
    r"|(?:for|at|after|before) (?:lunch|dinner|breakfast|brunch)|pasta|pizza|coffee machine|band|concert|gig"
    r"|touring|on tour|netflix|the telly|(?:christmas|birthday|office|leaving) party|new (?:bike|car|sofa|kitchen)"
    r"|holidays?|vacation|podcast|birthday|wedding|gym|hobby|garden(?:ing)?|(?:moving|move) (?:to|house|home)\b"
    r"|new (?:building|house|flat|apartment)|learning (?:italian|spanish|french|german|japanese|chinese|mandarin"
    r"|portuguese|guitar|piano|to (?:cook|swim|drive|knit|paint))"
    r"|(?:a|new) (?:dog|cat|puppy|kitten|baby)|(?:my|our) car\b|the traffic|binge[- ]watch\w*|(?:tv|telly|baking"
    r"|cooking|quiz) show|box ?set"
    r"|(?:mein|meine|unser) (?:hund|katze|kinder|sohn|tochter|auto)|urlaub|fußball|wetter|(?:mon|ma|mes) (?:chien|chat"
    r"|enfants|fils|fille)|vacances|météo|le match|el partido|o jogo"
    r"|(?:mi|mis) (?:perro|gato|hijos|niños|hijo|hija)|vacaciones|fútbol"
    r"|hace (?:\w+ )?(?:calor|frío)|llueve|(?:meu|minha|meus) (?:cachorro|gato|filhos|filho|filha)|férias|futebol"
    r"|(?:está|faz) (?:\w+ )?(?:calor|frio))",
    _I,
)
# The participant doing the task the question is about ("... and I use that"): not an aside, whatever else is said.
DOING_RE = re.compile(
    r"\b(?:i|we) (?:just |usually |always |then |now )?(?:use|used|set|do|did|track|plan|planned|pay|paid|order"
    r"|ordered|book|booked|buy|bought|check|checked|send|sent|call|called|ask|asked|share|shared|write|wrote)\b",
    _I,
)
# People in the story rather than an aside: someone they turned to ("rang my sister") or who advised them ("my
# neighbour said it wasn't awful").
ADVISER_BEFORE = re.compile(
    r"\b(?:rang|phoned|called|texted|messaged|emailed|asked|told|showed|consulted|went to|talked to|spoke to)\s+$", _I
)
ADVISER_AFTER = re.compile(
    r"(?:\s+\w+)?\s+(?:said|says|told|tells|recommended|recommends|suggested|suggests|mentioned|swore|swears"
    r"|warned|uses|used)\b",
    _I,
)
# "Every week, but the substitutions are driving me crazy": a fact, then more to say (at least five words of it).
CONTRAST_RE = re.compile(r"\b(?:but|though|although|except|aber|mais|pero|mas)\b(?=(?:\W+\w+){5})", _I)
ADDRESSED_RE = re.compile(r"\b(?:you|your|this|count|mean|du|sie|ihnen|vous|tu|usted|te|você|o senhor|a senhora)\b", _I)
CLARIFY_RE = re.compile(
    r"^\W*(?:what do you mean|what does .{1,40} mean|do you mean|which (?:\w+ )?do you mean|sorry,? what"
    r"|(?:can|could) (?:you|u) (?:clarify|explain|rephrase)|which (?:\w+ ){0,2}\w+ *\?|what (?:kind"
    r"|sort) of answer|was meinen sie|qu'est-ce que vous voulez dire"
    # "Sorry, can you say that again?", "Is this anonymous?": about hearing the question or about the interview.
    r"|(?:sorry,? )?(?:can|could) you (?:say|repeat|read) (?:that|it|the question)(?: again)?|say (?:that|it) again"
    r"|come again|pardon|(?:sorry,? )?(?:is|will) (?:this|it|that|my answer) (?:be |being )?(?:anonymous|confidential"
    r"|recorded|private|shared)|who (?:will|gets to|can) (?:see|read|hear) (?:this|it|my answers?)"
    r"|are you recording"
    r"|(?:i'?m not|not) following|i don'?t follow|not sure what you mean|^\W*\w+ how\s*\?"
    r"|(?:me lo|lo|la) (?:puede|podría|puedes|podrías) repetir|(?:pode|poderia) repetir|pouvez-vous répéter"
    r"|vous pouvez répéter|können sie (?:das )?wiederholen|a qué te refieres|como assim|(?:esto|eso) es anónimo"
    r"|(?:é|isso é) an[ôo]nimo|c'est anonyme|ist (?:das|es) anonym"
    r"|(?:se|está) (?:\w+ )?(?:grabando|gravando)|est-ce (?:que c'est )?enregistré|wird das aufgezeichnet)",
    _I,
)
# Questions that ask for a fact (how many, which tool, when): a short answer can complete them.
FACTUAL_QUESTION = re.compile(
    r"(?:^|[.!?:]\s+)\W*(?:(?:and|so|ok|okay|now|then|also|but|und|et|y|e)\W+)?"
    r"(?:(?:roughly|approximately|about|around|exactly|just|ungefähr|environ|aproximadamente|mais ou menos)\W+)?"
    r"(?:how (?:many|much|long|often|old|big|far)|which|who|whom|whose|when|where"
    r"|what (?:tools?|apps?|banks?|software|systems?|phones?|devices?|brands?|plans?|versions?|kind of|type of"
    r"|time|day|year|date|size|price|percentage|languages?|do you use|did you use)\b"
    r"|what (?:did|do|does|would) (?:\w+ ){0,2}(?:pay|spend|cost|charge)\b|what (?:was|is) the (?:last|first|name)\b"
    r"|what (?:did|do|does) (?:[\w']+ ){1,4}(?:ask|tell|say to) you\b|what did (?:[\w']+ ){1,3}ask (?:you )?for\b"
    r"|(?:name|list) (?:the|three|two|a few|some|all)\b|how do you (?:usually )?(?:get|travel|go) to\b"
    r"|qu[ée] (?:aplicaci[oó]n|app|herramienta|banco|programa|marca|tienda)|how did you (?:find out|hear about|learn)"
    r"|(?:give|rate|score|mark)\b[^?]*\bfrom \d+ to \d+"
    r"|wie (?:viele?|lange|oft|häufig)|welche[rsnm]?|wer|wann|wo\b|combien|quel(?:le)?s?|qui|quand|où"
    r"|à quelle (?:fréquence|heure)|con qu[ée] frecuencia|a qu[ée] hora|com que frequ[êe]ncia|a que horas"
    r"|cu[áa]nt[oa]s?|cu[áa]l(?:es)?|qui[ée]n(?:es)?|cu[áa]ndo|d[óo]nde|quant[oa]s?|qual|quais|quem|quando|onde)",
    _I,
)
# Words the problem signal counts that, in answer to a factual question, are just the fact asked for.
FACT_WORDS = re.compile(r"spreadsheets?|manual\w*|pric(?:e|es|ing)|costs?|switch\w*|left|leav\w*|cancel\w*", _I)
VOWEL = re.compile(r"[aeiouyäöüéèêëàáâãíìîóòôõúùûç]", _I)
# Letter rows of the QWERTY, AZERTY and QWERTZ keyboards the five languages are typed on.
KEYBOARD_ROWS = (
    "qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qsdfghjklm", "wxcvbn", "qwertzuiopü", "asdfghjklöä", "yxcvbnm",
)  # fmt: skip
# A unit of one to four characters typed three times or more ("asdasdasd", "xyxyxy", "azeaze azeaze", "00000000").
REPEATED_UNIT = re.compile(r"(.{1,4}?)\1{2,}")
# Words that buy time before an answer ("Um, well, let me think... hmm."): no answer of their own.
FILLER_RE = re.compile(r"^(?:u+h*m+|h+m+|e+r+m*|a+h+|o+h+|e+h+|ä+h+m*|hu+m+|pu+h+|o+o+h+|gosh|welp)$", _I)
FILLERS = wordset(
    "um umm uh er erm hm hmm mmm well let think thinking sec second yeah so mean euh bah ben pues bueno"
    " eh bem tipo ähm äh tja naja also"
)
NOISE_WORDS = wordset(
    "lol lmao rofl haha hahaha hehe xd jaja jajaja kkk kkkk rsrs test testing asdf ok k hm hmm mmm lorem ipsum"
    " dolor amet"
)
# Words shared with the question that do not show the answer is about it ("last" in "the last time").
TIME_WORDS = wordset("last time first next week month year today days weeks months years recent recently")
FUNCTION_WORDS = wordset(
    "a an the i me my we our you your he she it its they them their this that these those is am are was were be "
    "been do does did have has had will would can could should to of in on at for with from by as and or but so "
    "if not no yes just really very well um uh oh ok okay like there here all any some what which who how when "
    "where why about into out up than then too also still even it's that's i'm i've i'd i'll we're we've they're "
    "you're don't doesn't didn't isn't wasn't can't won't there's what's let's der die das den dem des ein eine "
    "einen einem ich du er sie es wir ihr mich mir und oder aber nicht ist sind war waren hat haben habe zu mit "
    "von auf für im am auch noch sehr le la les un une de du je tu il elle nous vous ils elles me te se ce ça et "
    "ou mais pas ne est sont était ai avons au aux en dans pour avec sur très el los las una unos unas del yo él "
    "ella lo le y pero son era fue ha he al con para por muy que os um uma do da dos das eu ele nós e mas não é "
    "são foi tem tenho em na com muito"
)


@dataclass(frozen=True)
class AnswerClass:
    """An answer's class, the words that decided it (for the reason the staff page shows), and two details.

    `leaving` marks a closing that asks to stop the interview; `factual` marks an answer to a factual question."""

    label: str
    evidence: str = ""
    leaving: bool = False
    factual: bool = False


def meaningful(text: str) -> list[str]:
    """The words of `text` that carry meaning: not function words, not pleasantries, two letters or more."""
    return [w for w in WORD.findall(text.lower()) if len(w) > 1 and w not in FUNCTION_WORDS]


# A fronted clause ("When the payment failed, what did you do next?"): the question is what follows it.
FRONTED_CLAUSE = re.compile(
    r"^\W*(?:when|whenever|if|after|before|once|since|while|wenn|als|quand|lorsque|si|cuando|quando|se"
    # "In the past month, when did you...", "Thinking about last week, ...": a time frame set before the question.
    r"|(?:in|during|over|within) (?:the )?(?:past|last)|thinking (?:about|of|back)|looking back)\b[^,?]*,\s*",
    _I,
)


SUBJECT = re.compile(r"\b(?:i|we|they|he|she|it|you|ich|wir|je|nous|yo|nosotros|eu|nós)\b", _I)
# "What was the first month like?" asks for an experience, whatever word opens it.
EXPERIENCE_QUESTION = re.compile(r"\blike\s*\?\s*$", _I)
# "How do you get to work: car, bus, bike or on foot?": the answers are offered, one of them completes it.
CHOICE_QUESTION = re.compile(
    r"[:,]\s*(?:[\w-]+\s+){0,2}[\w-]+(?:,\s*(?:[\w-]+\s+){0,2}[\w-]+)*,?\s+or\s+[^,?]{1,25}\?\s*$", _I
)


def is_factual_question(question: str) -> bool:
    """A question asking for a fact (how many, which tool, when, who): a short answer can complete it."""
    question = FRONTED_CLAUSE.sub("", plain(question).strip())
    if EXPERIENCE_QUESTION.search(question):
        return False
    return bool(
        FACTUAL_QUESTION.search(question) or CHOICE_QUESTION.search(question) or SINCE_WHEN.search(question)
        or YES_NO_QUESTION.match(question)
    )  # fmt: skip


# "Vous accueillez des chats depuis quand ?": the time asked for, wherever it stands.
SINCE_WHEN = re.compile(
    r"\b(?:(?:depuis|seit|desde|há) (?:combien|wann|quand|cu[áa]ndo|hace cu[áa]nto|quanto tempo)|desde quando"
    r"|since when|for how long)\b",
    _I,
)
# "Is your pharmacy open on Sundays?", "Did they give the deposit back?": a yes or no and its detail complete it.
YES_NO_QUESTION = re.compile(
    r"^\W*(?:(?:is|are|was|were|do|does|did|has|have|had|will) (?:the|your|it|there|this|that|you|they|he|she|we|a|an"
    r"|my|our|any)\b|(?:can|could) (?:you|they|we) (?!(?:tell|walk|talk|describe|say|explain|give|share|show|think"
    r"|remember|recall|go)\b)|haben sie|ist (?:das|es|ihr|ihre)\b|est-ce que|¿?tiene|¿?tem)",
    _I,
)


def _gibberish(word: str) -> bool:
    if (word.isupper() and len(word) <= 5 and word.lower() not in NOISE_WORDS) or any(c.isdigit() for c in word):
        return False  # an acronym ("CSV") or a number ("2019", "15%")
    word = word.lower()
    if word in NOISE_WORDS or (len(word) == 1 and word not in "aiyeo"):
        return True
    if len(word) >= 3 and (not VOWEL.search(word) or re.search(r"(.)\1\1", word)):
        return True
    return len(word) >= 4 and any(word[i : i + 4] in row or word[i : i + 4] in row[::-1] for row in KEYBOARD_ROWS
                                  for i in range(len(word) - 3))  # fmt: skip


def _nonsense(text: str, factual: bool) -> str:
    words = WORD.findall(text)
    if not words:
        return text.strip()[:20] or "an empty answer"
    squashed = "".join(words).lower()
    if len(squashed) >= 6 and REPEATED_UNIT.fullmatch(squashed):
        return text.strip()
    if all(w.isdigit() for w in words):
        return "" if factual else text.strip()
    odd = [w for w in words if _gibberish(w)]
    if len(words) <= 6 and len(odd) * 2 >= len(words):
        return " ".join(odd)
    if len(words) >= 3 and len({w.lower() for w in words}) == 1:
        return text.strip()  # "the the the"
    return ""


def _word_salad(text: str, question: str, factual: bool) -> str:
    """Three to six lowercase words with no grammar between them and nothing to do with the question ("banana
    telephone purple"); a list answering a factual question ("email phone spreadsheets") is not one."""
    words = WORD.findall(text)
    if (
        (factual and len(words) < 4)  # "email phone spreadsheets" lists the tools asked for
        or not 3 <= len(words) <= 6
        or re.search(r"[^\w\s.!]", text)
        or any(not w.isalpha() or not w.islower() or w in FUNCTION_WORDS for w in words)
        or any(r.search(text) for r in (FEELING, PROBLEM, TOOLS, HABITUAL, WHEN))
        or _stems(text) & _stems(question)
    ):
        return ""
    return text.strip()


def _leftover(text: str, *patterns: re.Pattern) -> list[str]:
    """The meaningful words left once every match of `patterns`, with the rest of its clause, and every pleasantry
    are taken out: what a refusal, a closing or a non-answer is about belongs to it ("I'd rather not go into *the
    details of our pricing*"), up to the clause's end or a "but" that starts something else."""
    text = PLEASANTRY_RE.sub(" ", text)
    for pattern in patterns:
        text = pattern.sub(" \x00 ", text)
    return [w for w in meaningful(_CLAUSE_REST.sub(" ", text)) if not _filler(w)]


def _filler(word: str) -> bool:
    return word in FILLERS or bool(FILLER_RE.match(word))


def _opens_with_negation_after_anything_else(text: str, question: str) -> bool:
    """ "Anything else?" answered "No, you've been very thorough": a closing, by the answer's relation to the
    question, when the answer opens with a no, says nothing new and starts no "but"."""
    return bool(
        ANYTHING_ELSE_Q.search(question)
        and NEGATION_OPEN.match(text)
        and not CONTRAST_WORD.search(text)
        and len(_leftover(NEGATION_OPEN.sub(" ", text, count=1), CLOSING_RE)) <= LEFTOVER_WORDS
    )


def _explained_non_answer(text: str) -> re.Match | None:
    """ "I wasn't on that project so I wouldn't know", "Not my department, the head chef deals with inspections": a
    non-answer with its reason, short, with no "but" after it and no feeling in it."""
    m = NON_ANSWER_RE.search(text)
    if not m or CONTRAST_WORD.search(text) or FEELING.search(text) or FELT.search(text) or _trouble(text):
        return None
    if _answered_first(text, m):
        return None  # "Loyalty to the old vet. Not sure why I'm still there.": an answer came first

    return m if len(WORD.findall(text)) <= 20 else None


def _reasoned_refusal(text: str, m: re.Match) -> bool:
    """ "Rather not say, we're still tied up with him legally": a refusal that opens the answer, then its reason, short,
    with no "but", no feeling and no complaint that would be an answer of its own."""
    return bool(
        len(meaningful(text[: m.start()])) <= 1
        and not CONTRAST_WORD.search(text)
        and len(WORD.findall(text)) <= 20
        and not (FEELING.search(text) or FELT.search(text) or _trouble(text))
    )


def _answered_first(text: str, m: re.Match) -> bool:
    """Whether a sentence with something in it (not only "Sorry." or "Hmm.") comes before the non-answer."""
    before = text[: m.start()]
    said = [w for w in meaningful(PLEASANTRY_RE.sub(" ", before)) if w not in NOISE_WORDS and not _filler(w)]
    return bool(re.search(r"[.!?]\s", before) and said)


def _goes_on(text: str, m: re.Match) -> bool:
    """Whether a "but" after the refusal or the non-answer starts an answer of its own ("I'd rather not name the
    client, but it was messy")."""
    after = CONTRAST_WORD.search(text, m.end())
    return bool(after and len(meaningful(text[after.end() :])) >= 2)


def stems(text: str) -> set[str]:
    """The first five letters of each meaningful word of four letters or more: what two texts share in topic."""
    return _stems(text)


def _stems(text: str) -> set[str]:
    return {w[:5] for w in meaningful(text) if len(w) >= 4 and w not in TIME_WORDS}


def _aside(text: str, question: str, factual: bool = False) -> str:
    """The words of an aside: life outside the question, in an answer that shares none of the question's words."""
    m = ASIDE_RE.search(text)
    first = re.split(r"(?<=[.!?])\s+", text.strip())[0]
    if factual and len(WORD.findall(first)) <= 8 and not first.endswith("?"):
        return ""  # "A letter in my son's book bag." answers "Where did you hear about it?"
    if (
        not m
        or not question
        or len(WORD.findall(text)) > 25
        or any(r.search(text) for r in (HABITUAL, WHEN, TOOLS, DOING_RE))
    ):
        return ""
    if ADVISER_BEFORE.search(text[: m.start()]) or ADVISER_AFTER.match(text, m.end()):
        return ""
    if (but := CONTRAST_WORD.search(text[: m.start()])) and len(meaningful(text[: but.start()])) >= 2:
        return ""  # "By price. But when my son needed surgery...": the answer goes on through the family

    return "" if _stems(text) & _stems(question) else m.group()


def _trouble(text: str) -> bool:
    """A problem word that is a complaint, not the plain fact a factual question asked for ("a spreadsheet")."""
    return any(not FACT_WORDS.fullmatch(m.group()) for m in PROBLEM.finditer(text))


@lru_cache(maxsize=2048)
def classify_answer(answer: str, question: str = "") -> AnswerClass:
    """The class of `answer` given the interviewer's line it answers (`question`, used for factual questions).

    Order matters: nonsense, then refusals, closings and non-answers (when little else is said), then questions
    back, off-topic asides, short complete answers to factual questions (with no "but ..." after the fact), and
    otherwise a substantive answer."""
    text = " ".join(plain(answer).split())
    factual = is_factual_question(question)
    if said := _nonsense(text, factual):
        return AnswerClass(NONSENSE, said)
    words = WORD.findall(text)
    refused = REFUSAL_RE.search(text)
    if (m := refused) and not _goes_on(text, m) and len(_leftover(text, REFUSAL_RE, LEAVING_RE)) <= LEFTOVER_WORDS:
        return AnswerClass(REFUSAL, m.group())
    if (m := refused) and _reasoned_refusal(text, m):
        return AnswerClass(REFUSAL, m.group())
    if (m := LEAVING_RE.search(text)) and len(_leftover(text, LEAVING_RE, CLOSING_RE)) <= LEFTOVER_WORDS + 2:
        return AnswerClass(CLOSING, m.group(), leaving=True)
    if (m := CLOSING_RE.search(text)) and len(_leftover(text, CLOSING_RE, NON_ANSWER_RE)) <= LEFTOVER_WORDS:
        return AnswerClass(CLOSING, m.group())
    if _opens_with_negation_after_anything_else(text, question):
        return AnswerClass(CLOSING, NEGATION_OPEN.match(text).group())
    if BARE_NO.match(text):
        return AnswerClass(NON_ANSWER, text.strip(".!?, "))
    m = NON_ANSWER_RE.search(text)
    felt = FEELING.search(text) or FELT.search(text)  # "I don't know, it just felt rushed": a feeling to follow up
    if m and _answered_first(text, m):
        m = None  # "Trust, mainly. Not sure I'd stay if she retired.": the answer came first, the doubt is about it
    if m and not _goes_on(text, m) and not felt and len(_leftover(text, NON_ANSWER_RE)) <= LEFTOVER_WORDS:
        return AnswerClass(NON_ANSWER, m.group())
    # "Sorry, can you say that again? The line went funny.", "Is this anonymous?": asked before anything is answered.
    if (m := CLARIFY_RE.search(text)) and len(words) <= 25:
        return AnswerClass(QUESTION_BACK, m.group()[:60])
    last_sentence = re.split(r"(?<=[.!])\s+", text.strip())[-1]
    asks = last_sentence.rstrip().endswith("?") or CLARIFY_RE.search(text)
    before = text[: len(text) - len(last_sentence)]
    # "In term time or in the holidays?": a short question offering choices asks which one is meant.
    if text.endswith("?") and len(words) <= 12 and re.search(r"\b(?:or|oder|ou|o)\b", text, _I) and not before:
        return AnswerClass(QUESTION_BACK, last_sentence[:60])
    # "By the way, ... can you hear it?", "Did you see the match last night?": asides that end in a question.
    if (m := ASKS_ABOUT_ELSE.match(text)) and question and not _stems(text) & _stems(question):
        return AnswerClass(OFF_TOPIC, m.group())
    if said := (m.group() if (m := OFF_TOPIC_RE.search(text)) else _aside(text, question, factual)):
        return AnswerClass(OFF_TOPIC, said)
    if m := _explained_non_answer(text):
        return AnswerClass(NON_ANSWER, m.group())
    # After a few words of answer, a question counts as asked back only when it is put to the interviewer ("That they
    # share my data. Who are these partners??" is still about the question).
    addressed = len(meaningful(before)) < 3 or ADDRESSED_RE.search(last_sentence)
    if asks and len(words) <= 25 and len(meaningful(before)) <= 4 and addressed:
        return AnswerClass(QUESTION_BACK, last_sentence[:60])
    if said := _word_salad(text, question, factual):
        return AnswerClass(NONSENSE, said)
    # Up to twelve words when they are the fact itself ("My date of birth and the last three transactions on the
    # card"): no clause of their own (no "I", "we", "it" doing something) and no general claim asking for an example.
    short = len(words) <= 10 or (len(words) <= 12 and not GENERAL.search(text) and not SUBJECT.search(text))
    if factual and short and not (FEELING.search(text) or _trouble(text) or CONTRAST_RE.search(text)):
        return AnswerClass(SHORT_COMPLETE, text[:60], factual=True)
    # "Check the email, print the orders, pack them. That's all, really.": a short account they say is complete.
    if (
        (m := CLOSING_RE.search(last_sentence))
        and before
        and len(_leftover(last_sentence, CLOSING_RE)) <= LEFTOVER_WORDS
        and len(words) <= 25
        and not (FEELING.search(text) or _trouble(text) or CONTRAST_RE.search(text))
    ):
        return AnswerClass(SHORT_COMPLETE, text[:60], factual=factual)
    return AnswerClass(SUBSTANTIVE, "", factual=factual)
