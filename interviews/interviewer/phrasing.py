"""What the offline interviewer says, in the participant's language: probes, acknowledgements, asking again, closing.

The participant's locale chooses the language (English, German, French, Spanish or Portuguese; any other falls back
to English). Quoted words stay the participant's own, inside the language's quotation marks.
"""

import re

LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "pt": "Portuguese"}

# Probe templates by kind; "{p}" is the participant's phrase. A kind's templates are tried in order.
PROBES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "story": (
            "You mentioned “{p}”. Can you walk me through what happened?",
            "You mentioned “{p}”. What happened next?",
            "Can you walk me through what happened, step by step?",
        ),
        "impact_past": (
            "You said “{p}”. How did that affect your work?",
            "You said “{p}”. What was that like for you?",
            "How did that affect you?",
        ),
        "impact_present": (
            "You said “{p}”. How does that affect your work?",
            "You said “{p}”. What is that like for you?",
            "How does that affect you?",
        ),
        "impact_positive": (
            "You said “{p}”. What difference has that made for you?",
            "You said “{p}”. What was that like for you?",
            "What difference has that made for you?",
        ),
        "impact_anticipated": (
            "You said “{p}”. What makes you feel that way?",
            "You said “{p}”. Can you tell me more about that?",
            "What makes you feel that way?",
        ),
        "impact_wished": (
            "You said “{p}”. What would that change for you?",
            "You said “{p}”. Can you tell me more about that?",
            "What would that change for you?",
        ),
        "example": (
            "You said “{p}”. Can you give me an example?",
            "You said “{p}”. Can you tell me about a specific time?",
            "Can you give me a recent example?",
        ),
        "quote": (
            "You mentioned “{p}”. Can you tell me more about that?",
            "You mentioned “{p}”. What did you mean by that?",
        ),
        "more": (
            "Can you tell me more about that?",
            "Can you say more about what you mean?",
        ),
    },
    "de": {
        "quote": (
            "Sie haben „{p}“ erwähnt. Können Sie mir mehr darüber erzählen?",
            "Sie sagten „{p}“. Können Sie mir ein Beispiel nennen?",
        ),
        "more": ("Können Sie mir mehr darüber erzählen?", "Können Sie mir ein konkretes Beispiel nennen?"),
    },
    "fr": {
        "quote": (
            "Vous avez mentionné « {p} ». Pouvez-vous m'en dire plus ?",
            "Vous avez dit « {p} ». Pouvez-vous me donner un exemple ?",
        ),
        "more": ("Pouvez-vous m'en dire plus ?", "Pouvez-vous me donner un exemple précis ?"),
    },
    "es": {
        "quote": (
            "Mencionaste «{p}». ¿Puedes contarme más sobre eso?",
            "Dijiste «{p}». ¿Puedes darme un ejemplo?",
        ),
        "more": ("¿Puedes contarme más sobre eso?", "¿Puedes darme un ejemplo concreto?"),
    },
    "pt": {
        "quote": (
            "Você mencionou “{p}”. Pode me contar mais sobre isso?",
            "Você disse “{p}”. Pode me dar um exemplo?",
        ),
        "more": ("Pode me contar mais sobre isso?", "Pode me dar um exemplo concreto?"),
    },
}

# Said before the next question: after a refusal (no quote, no pressure), a non-answer, or a closing.
ACKNOWLEDGE = {
    "en": {
        "refusal": "Of course, that's fine.",
        "non_answer": "No problem.",
        "closing": "Thank you.",
    },
    "de": {"refusal": "Natürlich, kein Problem.", "non_answer": "Kein Problem.", "closing": "Vielen Dank."},
    "fr": {"refusal": "Bien sûr, aucun problème.", "non_answer": "Pas de souci.", "closing": "Merci."},
    "es": {"refusal": "Claro, no hay problema.", "non_answer": "No pasa nada.", "closing": "Gracias."},
    "pt": {"refusal": "Claro, tudo bem.", "non_answer": "Sem problema.", "closing": "Obrigado."},
}
# Asking the question again in other words: after nonsense, an off-topic aside, or a question back.
ASK_AGAIN = {
    "en": {
        "nonsense": "Sorry, I didn't catch that.",
        "off_topic": "Thanks. Coming back to my question:",
        "question_back": "Good question: I'd like to hear about your own experience.",
        "own_words": "In your own words, {q}",
    },
    "de": {
        "nonsense": "Entschuldigung, das habe ich nicht verstanden.",
        "off_topic": "Danke. Um auf meine Frage zurückzukommen:",
        "question_back": "Gute Frage: Mich interessiert Ihre eigene Erfahrung.",
        "own_words": "Mit Ihren eigenen Worten: {q}",
    },
    "fr": {
        "nonsense": "Pardon, je n'ai pas bien compris.",
        "off_topic": "Merci. Pour revenir à ma question :",
        "question_back": "Bonne question : c'est votre propre expérience qui m'intéresse.",
        "own_words": "Avec vos propres mots : {q}",
    },
    "es": {
        "nonsense": "Perdona, no te he entendido bien.",
        "off_topic": "Gracias. Volviendo a mi pregunta:",
        "question_back": "Buena pregunta: me interesa tu propia experiencia.",
        "own_words": "Con tus propias palabras: {q}",
    },
    "pt": {
        "nonsense": "Desculpe, não entendi bem.",
        "off_topic": "Obrigado. Voltando à minha pergunta:",
        "question_back": "Boa pergunta: quero saber da sua própria experiência.",
        "own_words": "Com suas próprias palavras: {q}",
    },
}
CLOSING = {
    "en": "That's all my questions. Thank you for taking the time to share your experience.",
    "de": "Das waren alle meine Fragen. Vielen Dank, dass Sie sich die Zeit genommen haben.",
    "fr": "C'étaient toutes mes questions. Merci d'avoir pris le temps de partager votre expérience.",
    "es": "Esas son todas mis preguntas. Gracias por tomarte el tiempo de compartir tu experiencia.",
    "pt": "Essas eram todas as minhas perguntas. Obrigado por dedicar seu tempo a compartilhar sua experiência.",
}
STOPPING = {
    "en": "Of course, let's stop here. Thank you for taking the time to share your experience.",
    "de": "Natürlich, hören wir hier auf. Vielen Dank, dass Sie sich die Zeit genommen haben.",
    "fr": "Bien sûr, arrêtons-nous ici. Merci d'avoir pris le temps de partager votre expérience.",
    "es": "Claro, paremos aquí. Gracias por tomarte el tiempo de compartir tu experiencia.",
    "pt": "Claro, vamos parar por aqui. Obrigado por dedicar seu tempo a compartilhar sua experiência.",
}


def language_of(locale: str) -> str:
    """The interviewer's language for a participant's locale ("pt-BR" -> "pt"); English when not supported."""
    code = (locale or "").replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else "en"


def probes(language: str, kind: str) -> tuple[str, ...]:
    """The probe templates of a kind in a language; a language without the kind uses its general ones."""
    table = PROBES[language_of(language)]
    return table.get(kind) or (table["quote"] if "{p}" in "".join(PROBES["en"].get(kind, ())) else table["more"])


def acknowledged(language: str, label: str, question: str) -> str:
    """The next question, preceded by an acknowledgement of a refusal, a non-answer or a closing."""
    words = ACKNOWLEDGE[language_of(language)].get(label)
    return f"{words} {question}" if words else question


def asked_again(language: str, label: str, question: str) -> str:
    """The current question asked once more, in other words, after nonsense, an aside or a question back."""
    texts = ASK_AGAIN[language_of(language)]
    return f"{texts[label]} {_reworded(question, texts['own_words'], language_of(language))}"


def _reworded(question: str, own_words: str, language: str) -> str:
    question = " ".join(question.split())
    if language != "en":
        return own_words.format(q=question)
    # "Tell me about X." -> "Could you describe X?"; "Walk me through X." -> "Could you describe, step by step, X?"
    if m := re.match(r"(?:please\s+)?(?:tell me about|describe)\s+(.+?)[.?!]*$", question, re.I):
        return f"Could you describe {m.group(1)}, in a few sentences?"
    if m := re.match(r"(?:please\s+)?(?:walk|talk) me through\s+(.+?)[.?!]*$", question, re.I):
        return f"Could you describe, step by step, {m.group(1)}?"
    if m := re.match(r"tell me\s+(.+?)[.?!]*$", question, re.I):
        return f"Could you tell me, in a few sentences, {m.group(1)}?"
    return own_words.format(q=question[0].lower() + question[1:] if question[1:2].islower() else question)


def closing_text(language: str, *, early: bool = False) -> str:
    """The closing words: after the last question, or when the participant asked to stop."""
    return (STOPPING if early else CLOSING)[language_of(language)]
