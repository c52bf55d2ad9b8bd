"""The phrases the answer classifier (classify.py) reads, in English, German, French, Spanish and Portuguese:
refusals, leaving and closing, not knowing, pleasantries, asides, questions back, factual questions, and the word lists
for fillers, noise and function words. Regex fragments only; the decisions are in classify.py."""

import re

from interviews.interviewer.signals import wordset

_I = re.IGNORECASE

REFUSAL_RE = re.compile(
    r"\b(?:(?:i'?d|i would|i'?ll|i will)\s+(?:much\s+)?(?:rather|prefer)\s+not|(?:i\s+)?prefer\s+not|rather not"
    r"|(?:i\s+)?(?:can'?t|cannot|am not able to|'m not able to|am not allowed to|'m not allowed to|am unable to"
    r"|'m unable to|won'?t|will not)\s+(?:really\s+)?(?:say|share|discuss|talk|go into|get into|comment|disclose"
    r"|answer|tell|name|reveal|give)"
    # "not going there, sorry. next one please": where they will not go.
    r"|(?:i'?m )?not going (?:there|into (?:that|it))\b"
    # "I don't share that, sorry.", "That's the whole job, not saying.": a habit of not telling, or its last words.
    # "I'm not ready to put a number on that.", "Not a conversation I'm having on a recording.": not now, not here.
    r"|(?:i'?m|i am) not (?:ready|prepared|willing) to (?:put a (?:number|figure) on|talk about|go into|get into"
    r"|discuss|share|say)\b|\bnot a conversation (?:i'?m|i am|i want to be|i'?d) (?:having|have)\b"
    r"|(?:i|we) (?:don'?t|do not) (?:share|disclose|give out) (?:that|this|those|it|figures|numbers)\b"
    r"|\bnot saying\W*$"
    # "Legal would have my head if I told you that": the cost of telling, so not telling.
    r"|if i (?:told|said|shared|gave) (?:you )?(?:that|this|it|them|those)\b"
    # "it isn't my story to tell", "that's not mine to share": someone else's to tell.
    r"|(?:isn'?t|is not|not|wasn'?t) (?:my|mine)(?: story)? to (?:tell|share)\b"
    # "That's for my therapist, not for here.", "that's one for the pub, not for a recording": told elsewhere.
    r"|\bfor (?:my|the|a|an) [\w ]{2,20}, not for (?:here|now|this|a recording|the recording|an interview)\b"
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
    r"|go into)|under (?:an? )?nda"
    # Asking whether the interviewer wants telling to cost them: "You want me to lose all my friends in one sentence?"
    r"|(?:do )?you want me to (?:lose (?:my|all my)"
    r"|get (?:myself )?(?:fired|sacked|sued|struck off|in trouble|arrested))"
    # Bound by what they signed: "I signed something when we settled", "assinei um acordo de confidencialidade" (23 of
    # 23 such answers in the sets are refusals).
    r"|\bsigned (?:something|things|stuff|papers|an? (?:nda|non-disclosure|confidentiality|gag)\b|a clause of"
    r" confidentiality)|(?:confidentiality|non-disclosure) (?:agreement|clause)|clauses? de confidentialit"
    r"|acuerdo de confidencialidad|acordo de confidencialidade|schweigepflicht|verschwiegenheitserklärung"
    r"|not comfortable (?:talking|sharing|discussing|saying|answering|going|naming|giving"
    r"|revealing|disclosing|getting)|(?:^|[.!?]\s+)(?:next|another|a different) (?:one|question)\W*$"
    r"|between me and|keep (?:\w+ ){0,3}(?:private|closed|under wraps|to (?:myself|ourselves)|out of)"
    # "Can't go there", "not at liberty to say", "nice try", "can we leave that one?": declining without a verb of
    # telling.
    r"|(?:can'?t|cannot|won'?t|not going to|not gonna) go there|not (?:really )?at liberty|nice try"
    r"|(?:can|could|shall) we (?:just )?(?:leave|drop|park) (?:that|this|it)\b|let'?s (?:just )?(?:leave"
    r"|drop) (?:that|this|it)\b"
    r"|(?:have|take|go to|do) (?:the|a|another) (?:next|different) (?:one|question)"
    # Not wanting to live it again: "I don't want to relive that", "não quero reviver essa história".
    r"|(?:don'?t|do not) (?:want|wish) to (?:relive|revisit|rake up|drag up|dwell on|go back (?:to|over|into))"
    r"|não quero (?:reviver|relembrar|lembrar|voltar)|no quiero (?:revivir|recordar|volver)|deixa (?:isso )?(?:pra"
    r"|para) lá"
    r"|je ne veux pas (?:revivre|y repenser|revenir)|(?:möchte|will) ich nicht (?:\w+ )?(?:aufwärmen|nochmal erleben)"
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
    # Due on stage, on air or on shift in a moment: "stage manager's waving at me, I'm on in five".
    r"|(?:i'?m|we'?re|i am|we are) (?:due )?on in (?:\d+|one|two|three|five|ten|a (?:minute|sec|mo))\b"
    r"(?! ?(?:hours?|days?|weeks?|months?)\b)"
    # Asked as a question: "Would you mind if we stopped here?"
    r"|(?:mind|ok|okay|alright|all right) if we (?:stop|stopped|finish|finished|end|ended|leave it|left it|call it)"
    r"|(?:can|could|shall) we (?:stop|end|finish|wrap (?:it )?up|call it)|(?:let'?s|i'?ll|i will|i'?d like to|i want to"
    r"|i'?m going to) (?:stop|finish|end|wrap up|call it a day)|(?:don'?t|do not) want to (?:continue|go on|carry on)"
    r"|(?:end|stop|finish) (?:the|this) interview|out of time|no more questions|all (?:i'?ve got|i have) time for"
    r"|(?:on peut|peut-on|pouvons-nous|on pourrait) (?:s'?)?arrêter|(?:podemos|podríamos|dá pra|da pra) (?:parar"
    r"|terminar"
    r"|dejarlo|encerrar)|können wir (?:\w+ )?(?:aufhören|schluss machen)"
    # Up, down, out or over to where they are needed: "ich muss sofort runter", "je dois monter sur le char", "tenho
    # que descer agora" (13 of 13 such answers in the sets are going); "i muss los" as Bavarians write it.
    r"|(?:ich|i) muss (?:\w+ ){0,2}(?:los|gehen|weg|aufhören|Schluss machen|auflegen|hoch|runter|raus|rüber)\b"
    r"|je dois (?:\w+ ){0,2}(?:partir|y aller|arrêter|filer|laisser|raccrocher|monter|descendre)(?: maintenant)?"
    r"|tengo que (?:\w+ ){0,2}(?:irme|salir|subir|bajar|dejarlo|dejarte|dejarle|colgar(?! (?:los|las|el|la|un|una)\b))"
    r"(?: ya| ahora)?"
    r"|(?:tenho|preciso) (?:(?:que|de) )?(?:\w+ ){0,2}(?:ir|sair|parar|subir|descer|desligar(?! (?:os?|as?|um|uma)\b))"
    r"(?: já| agora)?"
    # Putting the rest off: "talk later", "pick this up tomorrow", "me tengo que ir", "falamos depois".
    r"|(?:talk|speak|chat) (?:later|tomorrow|another time|soon(?=\W*$))"
    r"|pick (?:this|it) up (?:later|tomorrow|another time)"
    r"|tell you (?:the rest )?(?:another time|later|tomorrow|next time|some other time)|must (?:dash|run|fly|be off)"
    r"|me tengo que ir|(?:hablamos|seguimos|lo seguimos) (?:luego|después|mañana|otro día|más tarde|en otro momento)"
    r"|(?:falamos|continuamos|a gente (?:fala|continua)) (?:depois|amanhã|mais tarde|n?outro dia|n?outra altura)"
    r"|on (?:en )?(?:reparle|continue) (?:plus tard|demain|une autre fois)"
    r"|(?:sprechen|reden|machen) wir (?:später|morgen|ein andermal) weiter"
    # Off to the next job: "off to laminate 200 menus now", "back up the ladder for me", "il faut que je rentre".
    r"|off to \w+(?: \w+){0,4} now|back (?:up|on|to|onto|into) (?:the |my )?\w+(?: \w+)? for me(?= *(?:$|[.,!;:]))"
    r"|(?:il )?faut que j(?:e |')(?:\w+ ){0,2}(?:rentre|parte|aille|file|retourne|raccroche|laisse)"
    # Writing later: "¡Te escribo luego!", "je vous écris plus tard", "te escrevo depois", "ich schreibe dir später".
    r"|(?:te|le|les) escribo (?:luego|después|más tarde|mañana)|(?:te|lhe) escrevo (?:depois|mais tarde|amanhã)"
    r"|je (?:vous |t')écris (?:plus tard|demain)|ich schreib(?:e)? (?:dir|ihnen|euch) (?:später|morgen)"
    r"|je dois (?:\w+ ){0,2}(?:rentrer|retourner|y retourner)|tengo que (?:\w+ ){0,2}volver"
    r"|(?:tenho|preciso) (?:(?:que|de) )?(?:\w+ ){0,2}voltar|ich muss (?:\w+ ){0,3}zurück"
    # The rest put off to a call back or another day: "Can you ring back after lunch?", "Otro día seguimos", "Another
    # time!" said on its own.
    r"|(?:can|could) (?:you|we) (?:ring|call|phone) (?:me )?back|(?:email|send|text|message) me the rest\b"
    # Someone is waiting for them: "my 2 o'clock's in the waiting room", "my next client's here".
    r"|\bmy (?:next (?:client|customer|patient|appointment|booking|one)|\d{1,2}(?:[:.]\d\d)? ?(?:o'?clock|am|pm))"
    r"(?:'s| is| has)? (?:just )?(?:here|in|arrived|waiting|turned up|walked in)\b"
    r"|(?:i'?ll|i will|let me) (?:ring|call|phone) (?:you )?back"
    r"|(?:otro día|luego|mañana|más tarde) (?:hablamos|seguimos|lo seguimos)|tengo que (?:\w+ ){0,2}arrancar"
    r"|(?:^|(?<=[.!?] ))(?:maybe |perhaps )?another time(?=\W*$)"
    r"|(?:carry on|continue|pick (?:this|it) up|finish (?:this|it)(?: off)?) (?:tomorrow|later|another (?:time|day)"
    r"|next week)|love you and leave you"
    # Leaving it there ("Lo dejamos aquí.", "On s'arrête là."; "let's leave it" declines a topic, REFUSAL_RE) or a
    # break that has ended ("i'm on my break and it's just finished so that's me").
    r"|(?:we'?ll|i'?ll|i will|we will) (?:have to )?leave it (?:there|here|at that)"
    r"|(?:break|lunch)\b[^.!?]{0,25}\b(?:just )?(?:finished|over|ended)\b"
    r"|lo (?:dejamos|dejo) (?:aquí|aqui|ahí|ahi|acá|por hoy)|dejémoslo (?:aquí|ahí)"
    r"|(?:on|je) (?:s'|m')arrête (?:là|ici)|(?:on )?(?:en )?reste(?:ons)?(?:-en)? là"
    r"|(?:machen|lassen|belassen) wir (?:es )?(?:hier |jetzt )?(?:schluss|dabei)"
    r"|(?:fico|ficamos|paramos|deixamos|vamos (?:ficar|parar|deixar)) por aqui"
    # Goodbye as the last word: "oh god the sponges are burning. bye!!"
    r"|(?:^|(?<=[.!?,] ))(?:bye|bye-?bye|ciao|cheerio|ta-?ra|tschüss|au revoir|adiós|tchau)(?=\W*$))\b",
    _I,
)
CLOSING_RE = re.compile(
    r"\b(?:that'?s (?:all|it|everything|about it|all i (?:have|'ve got|can think of))|that was (?:it|all)"
    # "No more, thanks" but not "no more lugging them through the airport" (what is gone, an answer).
    r"|(?:nothing|not much) (?:more|else)(?: to add)?|no (?:more|else)(?! (?!to add|from me|for me|really)\w)"
    r"|nothing further"
    r"|i think i'?ve (?:covered|said) (?:it|everything|all)|i'?ve said (?:all|everything)|all (?:good|covered|done)"
    r"|no,? (?:i think )?that'?s (?:it|all)"
    r"|that'?s it from me|i'?m done|that'?s the lot|(?:that|this) covers it"
    # The interviewer has it all: "you've got everything", "you've been very thorough".
    r"|you'?ve (?:got|covered|asked|heard) (?:it all|everything|all of it|the lot)"
    r"|you'?ve been (?:very |really )?thorough"
    # "That's me, thanks love.", "nope, that's me done": British for "I'm done", as the sentence's last words (not
    # "That's me, that day, happy.").
    r"|that'?s me(?: (?:done|finished))?(?: (?:really|then|i think))?"
    r"(?=\W*$|\W*[.!?]|\W+(?:thanks|thank you|cheers|ta)\b)"
    r"|(?:said|had) my (?:piece|say)|you'?ve covered it(?: (?:well|all))?|(?:ya )?está todo dicho"
    r"|said all i (?:wanted|want|have|had|need) to say"
    r"|das war'?s\b|war'?s das\b|das (?:war|ist) alles|alles gesagt|j'ai tout dit|ya (?:lo )?he dicho todo"
    r"|(?:falei|disse) tudo|(?:acho que )?(?:é|era) (?:só )?isso\W*$|nichts (?:mehr|weiter)|c'est tout"
    r"|rien (?:d'autre|de plus)|eso es todo|nada más"
    r"|é só isso|nada mais"
    # "That's the whole picture", "covers everything", "I've talked your ear off", "j'ai fait le tour".
    r"|(?:that'?s|that is) the (?:whole|full) (?:picture|story)|nothing (?:else |more )?to add|covers (?:it|everything)"
    r"|talked your ear off|j'ai fait le tour|hemos hablado (?:de )?todo|já (?:falei|disse) (?:bastante|muito|tudo)"
    r"|(?:habe|hab) (?:ich )?alles gesagt)",
    _I,
)
NON_ANSWER_RE = re.compile(
    r"\b(?:i (?:don'?t|do not) know|dunno|idk|no (?:idea|clue)|not (?:really |quite |entirely |totally )?sure"
    r"|hard to say|(?:lord|god|heaven|goodness)(?: only)? knows(?=\s*(?:[.,;!\u2014-]|$))"
    r"|(?:hard to|can'?t) put (?:a|my) finger on|(?:can'?t|cannot|couldn'?t|don'?t"
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
    r"|keine ahnung|da fragen? (?:sie|s'?|du) mich (?:et)?was|weiß (?:ich )?(?:es )?nicht|kann mich nicht erinnern"
    r"|nicht zuständig|je ne sais pas(?: trop)?"
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
    r"|^\W*(?:i|we) never (?:\w+ ){1,4}\w+\s*[,.;!]\s*\S"
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
    r" (?:lá|aqui)|dont (?:really )?know|ist (?:schon )?(?:ewig|lange) her|no s[ée] (?:la verdad|ni\b)"
    # "Not a clue", "Don't really know", "Nothing stands out", "It hasn't yet", "Da bin ich überfragt".
    r"|not a clue|^\W*(?:don'?t|do not) (?:really )?know|nothing (?:really )?(?:stands out|springs to mind)"
    r"|can'?t remember a thing|(?:it|that) (?:hasn'?t|has not) (?:\w+ )?yet|überfragt|je (?:ne )?vois pas"
    r"|(?:ça|cela) ne m'est (?:jamais|pas) arrivé|faz (?:muito|tanto) tempo|hace (?:mucho|tanto) tiempo"
    r"|\w+e ich (?:\w+ )?(?:nie|noch nie)\b)",
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
    r"|side note|speaking of \w+|changing the subject|übrigens|au fait|por cierto|a propósito|^\W*random\b)\b",
    _I,
)
# Asking the interviewer about something else ("Did I tell you I've started...?", "omg have you seen the trailer"):
# off the question when the answer shares none of its words.
ASKS_ABOUT_ELSE = re.compile(
    r"^\W*(?:(?:omg|oh|hey|so|ooh|btw)\W+)?(?:did i (?:tell|mention)|have you (?:ever )?(?:seen|heard|watched"
    r"|tried|had|eaten|tasted|read|played)"
    r"|did (?:you|u) (?:see"
    r"|hear|watch|catch)|have you (?:ever )?been to|haben sie (?:\w+ ){0,3}(?:gesehen|gehört|mitbekommen)"
    r"|hast du (?:\w+ ){0,3}(?:gesehen|gehört"
    r"|mitbekommen)|avez-vous vu|vous avez vu|t'as vu|as-tu vu|¿?(?:has|ha) visto|¿?viste|você viu|viu)\b",
    _I,
)
# A question about their time off ("What do you do in your downtime on the rig?") or about performing ("How do the
# performers hear themselves on stage?"): the gym, the telly, gigs and bands are what it asks about, not an aside.
ASIDES_ASKED = re.compile(
    r"\b(?:downtime|spare time|free time|time off|days? off|off duty|weekends?|evenings?|hobb(?:y|ies)|relax\w*"
    r"|unwind\w*|leisure|for fun|stage|perform\w*|music\w*|gigs?|concerts?|bands?|touring|on tour|venues?)\b",
    re.I,
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
    r"|(?:está|faz) (?:\w+ )?(?:calor|frio)"
    r"|weather'?s|the heating|heatwave|rain(?:ed|ing)\b|snow(?:ed|ing)\b|chov\w+|chuva|geregnet|il (?:pleut|a plu)"
    r"|llov\w+|llueve"
    # Remarks about the interviewer's call: "your background is lovely", "what mic are you on?".
    r"|(?:your|ur) (?:background|bookshel(?:f|ves)|bookcase|hair|haircut|mic|microphone|headset|headphones|webcam"
    r"|accent|glasses|lighting)\b|you sound (?:really |so )?(?:crisp|clear|great|good))",
    _I,
)
# The participant doing the task the question is about ("... and I use that"): not an aside, whatever else is said.
DOING_RE = re.compile(
    r"\b(?:i|we) (?:just |usually |always |then |now )?(?:use|used|set|do|did|track|plan|planned|pay|paid|order"
    r"|ordered|book|booked|buy|bought|check|checked|send|sent|call|called|ask|asked|share|shared|write|wrote"
    r"|texted|rang|phoned|emailed|messaged|tried|told)\b",
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
# Not knowing which thing the question means asks what it means: "not sure which changes you're on about", "Je ne vois
# pas de quelle certification vous parlez.", "No sé a qué límites te refieres".
REFERENT_RE = re.compile(
    r"\b(?:(?:i'?m )?not (?:really |quite )?sure|(?:i )?(?:don'?t|do not) (?:really )?know|no idea|unsure)"
    r" (?:which|what|who|whether|if) (?:[\w']+ ){0,4}?(?:you (?:mean|meant)|you'?re (?:on about|referring to|talking"
    r" about|asking about|after)|you are (?:referring to|talking about|asking about|after)|counts? as|is meant"
    r"|means?(?: here)?\b|stands? for)"
    # "depends if you mean sea or coarse": which of two, asked back as a condition.
    r"|\b(?:it )?depends (?:if|whether|on whether) you mean\b"
    # "never heard that phrase before, you'll have to explain it to me"
    r"|(?:you'?ll|you will|you'?d|you would) (?:have|need) to explain|explain (?:it|that|this|what (?:\w+ ){1,3}means?)"
    r" to me"
    r"|je ne (?:sais|vois) (?:pas|plus) (?:trop |vraiment |bien |très bien )?(?:de |à )?(?:quel(?:le)?s?"
    r"|ce (?:que|dont)|qui|quoi) (?:[\w']+ ){0,4}?(?:vous (?:parlez|appelez|voulez dire|entendez)|tu (?:parles"
    r"|veux dire|appelles))"
    r"|no (?:sé|entiendo) (?:bien |muy bien )?(?:a |de )?(?:qué|cuál(?:es)?|quién) (?:\w+ ){0,4}?(?:te refieres"
    r"|se refiere|quieres decir|quiere decir|hablas|habla)"
    r"|não (?:sei|percebo|entendo) (?:bem |muito bem )?(?:a |de )?(?:qual|quais|que|o que|quem) (?:\w+ ){0,4}?"
    r"(?:quer dizer|se refere|te referes|está a falar|está falando)"
    r"|(?:ich )?weiß nicht,? (?:genau |so genau |recht )?(?:welche[nrsm]?|was|wen) (?:\w+ ){0,4}?(?:sie meinen"
    r"|du meinst|gemeint ist)",
    _I,
)
# An obligation said while closing ("I have to grab my stuff", "tengo que irme ya", "they need me up top now"): a
# closing that must go now.
OBLIGED_RE = re.compile(
    # Not what someone else, or nobody, has to do: "you don't need to know the steps".
    r"\b(?<!n't )(?<!not )(?<!you )(?<!nobody )(?:(?:have|need|got|gotta) to (?!say\b|admit\b|tell\b|be honest\b"
    r"|think\b)\w+|i must (?!say\b|admit\b)\w+"
    r"|needs? me (?:\w+ ){0,4}(?:right )?now\b"
    r"|tengo que \w+|je dois \w+|il faut que je \w+|ich muss \w+|(?:tenho|preciso) (?:(?:que|de) )?\w+)",
    _I,
)
# "Every week, but the substitutions are driving me crazy": a fact, then more to say (at least five words of it);
# "Mais ou menos mil" is Portuguese for about a thousand, no French "but".
# "I won't go into figures. What I will say is ...": what they will say after what they won't is a "but".
GRANTED = r"|what i(?: will| can|'ll) (?:say|tell you) is|all i(?: will| can|'ll) say is"
# "..., pero eso ya se lo he dicho": a "but" that only says they have said it is no more to follow up.
SAID_ALREADY = (
    r"(?!\W+(?:(?:that|this|eso|esto|das|ça|cela|isso|isto)\W+(?:\w+\W+){0,4}?|(?:\w+\W+){0,3}?(?:already|ya|schon"
    r"|déjà|já)\W+(?:\w+\W+){0,2}?)(?:said|told|mentioned|dicho|comentado|gesagt|erwähnt|dit|mentionné|disse|dito"
    r"|falei)\b)"
)
CONTRAST_RE = re.compile(
    rf"\b(?:but|though|although|except|aber|mais(?! ou menos)|pero|mas{GRANTED})\b{SAID_ALREADY}(?=(?:\W+\w+){{5}})",
    _I,
)
ADDRESSED_RE = re.compile(r"\b(?:you|your|this|count|mean|du|sie|ihnen|vous|tu|usted|te|você|o senhor|a senhora)\b", _I)
CLARIFY_RE = re.compile(
    r"^\W*(?:(?:sorry|pardon|perdón|perdona|desculpe|désolée?|entschuldigung|hang on|wait|um+|er+|hmm+)\W+)*"
    r"(?:what do you mean|what'?s .{1,40} when it'?s at home|(?:is|was) (?:this|the) (?:survey|interview|study|research"
    r"|call|questionnaire) (?:from|for|by|run by|being)|what does .{1,40} mean|do you mean"
    r"|which (?:\w+ )?do you mean|sorry,? what"
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
    r"|(?:se|está) (?:\w+ )?(?:grabando|gravando)|est-ce (?:que c'est )?enregistré|wird das (?:\w+ )?aufgezeichnet)",
    _I,
)
# "What was the first month like?", "Which job sticks in your mind?": a story asked for, not a fact, whatever word
# opens it; so is the most memorable one ("Quel concert vous a le plus marqué ?", "¿Cuál ha sido la más memorable?").
EXPERIENCE_QUESTION = re.compile(
    r"\blike\s*\?\s*$|\b(?:stays?|stayed|sticks?|stuck) (?:with you|in your (?:mind|head|memory))\b"
    # The proudest one, the one that marked them most: "Quel parfum vous a rendu le plus fier ?", "Qual foi o resgate
    # que mais o marcou?".
    r"|\b(?:most memorable|proudest|most proud|le plus (?:marqué|mémorable|fier|fière)"
    r"|m[áa]s (?:memorable|orgullos[oa])|m[áa]s te ha marcado"
    r"|mais (?:marcante|memorável|orgulh\w+|(?:o |a |te |me |lhe )?marcou)"
    r"|am (?:meisten (?:beeindruckt|berührt)|stolzesten)|unvergesslich\w*"
    # A memory kept, a moment that was the hardest: "Quel souvenir gardez-vous de votre premier défilé ?", "Qual foi o
    # momento mais difícil de estar longe?".
    r"|\b(?:souvenirs?|recuerdos?|lembranças?|erinnerung(?:en)?|memor(?:y|ies))\b(?! (?:card|stick|usage|limit)\b)"
    r"|\b(?:moment|momento|instante|augenblick)\b[^?]{0,20}\b(?:mais|m[áa]s|le plus|most|am)\b"
    # The hardest one, the scariest: "Quelle a été votre sculpture la plus difficile ?", "What was the toughest job?".
    # The one that moved them most: "¿Cuál ha sido el hallazgo que más le ha emocionado?", "Which find moved you most?".
    r"|m[áa]s (?:te|le|les|me|nos) ha(?:n)? (?:emocionado|impresionado|sorprendido|conmovido|asustado)"
    r"|mais (?:o |a |te |me |lhe )?(?:emocionou|impressionou|surpreendeu|comoveu|assustou)"
    r"|le plus (?:ému|émue|touché|touchée|impressionné|impressionnée|surpris|surprise)"
    r"|am meisten (?:bewegt|überrascht|erschreckt)|(?:moved|touched|surprised|scared|shocked) you (?:the )?most"
    # Not the hardest to do ("Which route is the hardest to drive?"): a fact.
    r"|(?:hardest|toughest|scariest|most (?:difficult|challenging|stressful|frightening)|(?:le|la) plus (?:difficile"
    r"|dur|dure|stressant\w*)|m[áa]s (?:dif[íi]cil|duro|dura|complicad[oa])|mais (?:dif[íi]cil|duro|dura"
    r"|complicad[oa])|am (?:schwierigsten|härtesten))(?!\s+(?:to|à|de|zu)\b))",
    re.I,
)
# Questions that ask for a fact (how many, which tool, when): a short answer can complete them.
FACTUAL_QUESTION = re.compile(
    # "C'est-à-dire, à peu près combien ?", "I mean, roughly how many?": the same question put again, more plainly.
    r"(?:^|[.!?:\u2014\u2013-]\s+)\W*(?:(?:and|so|ok|okay|now|then|also|but|und|et|y|e|i mean|c'est-à-dire|du coup"
    r"|o sea|ou seja|sprich)\W+)?"
    # "Há quantos anos...?", "Até que horas...?", "Tous les combien...?": how long ago, until when, how often.
    r"(?:(?:con|en|de|a|à|por|para|com|em|avec|dans|chez|mit|bei|an|auf|aus|bis|at|with|from|for|on|in|há|hace|até"
    r"|hasta|jusqu'à|until|till|cada|tous les)\W+)?"
    # "On a typical show night, roughly how many...?", "These days, how much...?": a fronted phrase first.
    r"(?:(?:(?:on|in|at|for|during|over|across|with|from|after|before|between|within|per) [^.!?,;]{1,40}|these days"
    r"|nowadays|today|usually|normally|typically|currently|hoje em dia|hoy en día|de nos jours|heutzutage),\s+)?"
    # "Do you know roughly, how many?", "Wissen Sie ungefähr, wie viele?": the fact asked for after a lead-in.
    r"(?:(?:do you know|any idea|d'you know|wissen sie|weißt du|savez-vous|sais-tu|sabe|sabes|você sabe"
    # "Can you tell me roughly how much...?", "Pode dizer-me mais ou menos quanto...?": the fact asked for politely.
    r"|(?:can|could) you tell me|pode(?:ria)? (?:me )?dizer(?:-me)?|consegue(?:s)? dizer(?:-me)?|puede(?:s)? decirme"
    r"|(?:pourriez|pouvez)-vous me dire|(?:können|könnten) sie mir sagen|kannst du mir sagen)\W+)?"
    r"(?:(?:roughly|approximately|about|around|exactly|just|ungefähr|etwa|environ|à peu près|en gros|aproximadamente"
    r"|más o menos|mais ou menos)\W+)?"
    r"(?:how (?:many|much|long|often|regularly|frequently|old|big|far|hot|warm|cold|deep|high|tall|heavy|wide|fast"
    r"|early|late|humid|thick)|which|who|whom|whose|when|where|que horas|qu[ée] hora|quelle heure"
    # "Wie schwer ist ...?", "¿A qué temperatura ...?": a measure asked for (22 of 22 short answers complete it).
    r"|wie (?:alt|weit|schwer|heiß|kalt|warm|tief|hoch|schnell|groß|spät|früh|knapp|breit)|qu[ée] (?:edad|temperatura"
    r"|profundidad|distancia|altura|tamaño|peso|velocidad|extensión|superficie)|que (?:idade|temperatura|profundidade"
    r"|distância|altura|tamanho|peso|velocidade|extensão)"
    r"|what (?:tools?|apps?|banks?|software|systems?|phones?|devices?|brands?|plans?|versions?|kind of|type of"
    r"|time|day|year|date|size|price|percentage|languages?|do you use|did you use)\b"
    # "What would you say it comes to in a week?": the sum asked for again.
    r"|what (?:did|do|does|would) (?:\w+ ){0,4}(?:pay|spend|cost|charge|comes? to|adds? up to|totals?)\b"
    r"|what (?:was|is) the (?:last|first|name)\b"
    r"|what(?:'s| is| was| are| were) (?:the|your|an?) (?:\w+ ){0,2}(?:deposit|fees?|cost|price|rate|name|number|size"
    r"|limit|budget|address|age|minimum|maximum|total|amount|personal best|pb|record)\b"
    # "What payback period do you usually quote?": the figure they give.
    r"|what (?:\w+ ){1,2}(?:do|did) you (?:usually |normally |generally )?(?:use|buy|order|choose|pick|quote|charge)\b"
    r"|rank\b"
    r"|what (?:did|do|does) (?:[\w']+ ){1,4}(?:ask|tell|say to) you\b|what did (?:[\w']+ ){1,3}ask (?:you )?for\b"
    r"|(?:name|list) (?:the|three|two|a few|some|all)\b|how do you (?:usually )?(?:get|travel|go) to\b"
    r"|qu[ée] (?:aplicaci[oó]n|app|herramienta|banco|programa|marca|tienda)|how did you (?:find out|hear about|learn)"
    r"|(?:give|rate|score|mark)\b[^?]*\bfrom \d+ to \d+"
    r"|wie (?:viele?|lange|oft|häufig)|welche[rsnm]?|wer|wann|wo\b|combien|quel(?:le)?s?|qui|quand|où"
    r"|à quelle (?:fréquence|heure)|con qu[ée] frecuencia|a qu[ée] hora|com que frequ[êe]ncia|a que horas"
    # "What does it depend on?" asks for the condition: "every fortnight at the minute" names it.
    r"|what (?:does|did|would|will) (?:it|that|this) (?:all )?depend on|wovon|quoi (?:ça |cela )?dépend|qu[ée] depende"
    # Each a whole word: "Quick in what way?" does not ask "qui", nor "Whenever ..." "when".
    r"|cu[áa]nt[oa]s?|cu[áa]l(?:es)?|qui[ée]n(?:es)?|cu[áa]ndo|d[óo]nde|quant[oa]s?|qual|quais|quem|quando|onde)\b",
    _I,
)
# Words the problem signal counts that, in answer to a factual question, are just the fact asked for.
FACT_WORDS = re.compile(r"spreadsheets?|manual\w*|pric(?:e|es|ing)|costs?|switch\w*|left|leav\w*|cancel\w*", _I)
NUMBER_WORD = re.compile(r"\W*(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred)\b", _I)
# Words that buy time before an answer ("Um, well, let me think... hmm."): no answer of their own.
FILLER_RE = re.compile(r"^(?:u+h*m+|h+m+|e+r+m*|a+h+|o+h+|e+h+|ä+h+m*|hu+m+|pu+h+|o+o+h+|gosh|welp)$", _I)
FILLERS = wordset(
    "um umm uh er erm hm hmm mmm well let think thinking sec second yeah so mean euh bah ben pues bueno"
    " eh bem tipo ähm äh tja naja also alors attends attendez franchement voilà enfin olha viu então nossa mira oye"
    " vale hombre moment mal"
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
    "são foi tem tenho em na com muito você usted"
)


# "What did you do when the app locked you out?", "How did you sort it?": what they did is the answer asked for.
ASKS_WHAT_DONE = re.compile(
    r"\bwhat (?:did|do) you do\b|\bhow did you (?:deal|handle|sort|fix|get round|get around|cope|manage|solve)\b"
    r"|was ha(?:ben sie|st du) (?:da(?:nn)? )?gemacht|qu'avez-vous fait|qu'est-ce que (?:vous avez|tu as) fait"
    r"|qu[ée] (?:hiciste|hizo|hicieron)|o que (?:fez|fizeste|fizeram)",
    _I,
)


# A contrast that opens an answer of its own ("..., but the slots are always gone").
CONTRAST_WORD = re.compile(
    rf"\b(?:but|though|although|however|except|aber|doch|mais(?! ou menos)|pourtant|pero|aunque|mas|porém{GRANTED})\b",
    re.I,
)
# "It's still raw and there's lawyers involved, so I'll leave it there", "..., so I'll stop there": the subject is
# left, not the interview, for a reason the subject has (not "can we stop there?", their closing).
_LEAVE_IT = r"(?:leave it|(?<=\bi'll )stop|(?<=\bi will )stop|(?<=\bjust )stop) (?:there|at that)\b"
LEAVE_IT = re.compile(rf"\b{_LEAVE_IT}", re.I)
# "We're still married, aren't we. I'll leave it there.": the subject left by their choice, as the answer's last words
# (7 of 7 such answers in the sets are refusals; "have to leave it there" is their going).
CHOSEN_LEAVE = re.compile(
    rf"\b(?:I'?ll|I will|let'?s)(?: just)? {_LEAVE_IT}(?:,? (?:if (?:you don'?t mind|that'?s ok(?:ay)?)"
    r"|shall we))?\W*$",
    re.I,
)
SORE_SUBJECT = re.compile(
    r"\b(?:(?:still|a bit|too) raw|lawyers?|solicitors?|legal\w*|court|tribunal|arbitration|mediation|confidential"
    r"|sensitive|painful|NDA)\b",
    re.I,
)
# "No", "not really", "nada": an answer that opens by saying no.
NEGATION_OPEN = re.compile(
    r"^\W*(?:no|nope|nah|not really|nothing|(?:i )?don'?t think so|nein|nö|nee|non|não|nada|acho que não|creo que no"
    r"|je ne (?:crois|pense) pas|ich glaube nicht)\b",
    _I,
)
# A person, and no more: "my aunt", "a mate from school", "our neighbour".
SOMEONE = re.compile(
    r"\W*(?:my|our|a|an|the|mein[e]?|ma|mon|mi|minha|meu)\s+(?:\w+\s+)?(?:aunt(?:ie)?|uncle|mum|mom|mother|dad|father"
    r"|gran(?:ny)?|grandad|grandma|grandpa|grandmother|grandfather|nan|brother|sister|cousin|friend|mate|neighbou?r"
    r"|wife|husband|partner|son|daughter|teacher|boss|colleague|family|tante|onkel|vater|mutter|opa|oma|bruder"
    r"|schwester|freund(?:in)?|tante|oncle|père|mère|frère|sœur|ami[e]?|tía|tío|padre|madre|abuel[oa]|herman[oa]"
    r"|amig[oa]|tia|tio|pai|mãe|avô|avó|irmã|irmão)(?:\s+\w+){0,3}\W*",
    _I,
)


# The interviewer's "Anything else?" in each language.
ANYTHING_ELSE_Q = re.compile(
    r"\b(?:anything (?:else|more)|something else|what else|anything (?:we|i) (?:haven'?t|didn'?t|missed)|to add\b"
    r"|noch etwas|sonst noch|ergänzen|autre chose|à ajouter|algo más|alguna otra cosa|mais alguma coisa|algo mais"
    r"|outra coisa|acrescentar|comentar|is there (?:more|something|anything) (?:[\w']+ ){0,2}(?:want|like|wish)\w*"
    # "..., is there something you want people to know?", "Before we stop, ...": 12 more questions, all closings.
    r" (?:[\w']+ )?to (?:say|add|tell|share|mention|know)|\bbefore we (?:stop|finish|wrap|end)\b"
    # "tem algo que você gostaria de dizer?", "¿hay algo que quiera contar?", "ajouter quelque chose", "etwas vergessen"
    r"|\balgo que (?:[\w']+ ){0,3}(?:gostaria|queira|quer|quiera|quieras|gustaría)\w* (?:de )?(?:dizer|contar|falar"
    r"|decir|añadir)|ficou faltando algo|ajouter quelque chose|\betwas\b[^?]{0,25}\bvergessen)",
    _I,
)
# What may lead into a closing sentence: "But yes, that's everything.", "Sonst war's das.", "No mais acho que é isso."
LINKS_BEFORE_CLOSING = re.compile(
    r"^(?:\W*(?:but|so|anyway|yes|yeah|otherwise|other than that|sonst|sinon|no mais|de resto|por lo demás)\b)+\W*",
    _I,
)
# A word by its ending, an adverb or an adjective ("slowly", "careful", "pointless", "nervous"), which no single-word
# nonsense answer in the sets has (keys, runs and program leftovers).
WORD_ENDING = re.compile(r"[aeiouyà-ÿ][a-zà-ÿ]*(?:ly|ful|less|ous|ive|able|ible|ish)$", _I)
# The rest kept for someone else, after a "but": "..., mais le reste c'est pour ma psy !", "but the rest is for my
# therapist". No new point to follow up: what is left is not for the interview.
TOLD_ELSEWHERE = re.compile(
    r"\b(?:for|pour|para|für) (?:my|ma|mon|mi|minha|meine?n?) (?:therapist|counsell?or|shrink|psy|psychologue"
    r"|psicólog[oa]|terapeuta|psicóloga|therapeut(?:in)?|psycholog(?:in|e))\b",
    _I,
)
# A guess or doubt asked at the end ("..., maybe?", "money I guess??", "..., aber ob der noch baut?"): a hedge, no ask.
GUESS_ASKED = re.compile(
    r"\b(?:maybe|perhaps|I guess|I suppose|vielleicht|peut-être|quizás|tal vez|talvez|acho eu)\W*\?+\W*$"
    r"|\b(?:aber|but) (?:ob|whether)\b[^.!?]*\?+\W*$",
    _I,
)
# "I think the temple committee or the merchants' association?": words that make a question a guess.
GUESS_WORDS = re.compile(
    r"\b(?:I think|I guess|I reckon|maybe|probably|perhaps|je pense|creo|acho|ich glaube|glaub ich)\b", _I
)
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
