"""Who is who in an imported transcript: each speaker label of the file gets a proposed role (interviewer,
participant or other) from signals that each carry a score, so that the import preview can show why.

Call tools name people as they joined ("Dana R", "dana.demo", "Host", "Speaker 1"), rarely as Parley knows them,
so no single rule decides. The signals, for the interviewer: a name of the call's host (full name, first or last
name, the email's local part), a "Host"/"Interviewer" label, asking the most questions, speaking first; for the
participant: the participant's name or email, a "Participant"/"Guest" label, saying the most. The mapping is
scored on a labelled set of transcripts (`tests/interviews/transcripts/speaker_set/`) in two halves.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from interviews.models import Role

OTHER = "other"
ROLES = (Role.INTERVIEWER.value, Role.PARTICIPANT.value, OTHER)
ROLE_LABELS = {Role.INTERVIEWER.value: "Interviewer", Role.PARTICIPANT.value: "Participant", OTHER: "Other"}

INTERVIEWER_LABELS = {"host", "interviewer", "moderator", "facilitator", "researcher", "interviewer 1", "int", "i"}
PARTICIPANT_LABELS = {"participant", "interviewee", "respondent", "guest", "customer", "user", "p", "r", "resp"}
# Words in parentheses or after a dash that say the role: "Dana (Host)", "Priya Singh - Guest".
ROLE_SUFFIX = re.compile(r"[\(\[]\s*(host|co-host|interviewer|moderator|guest|participant|external)\s*[\)\]]", re.I)

# Weights of the signals; a role needs at least MIN_SCORE to be proposed without a name or a label.
NAME = 3.0
LABEL = 3.0
QUESTIONS = 1.5
FIRST = 0.5
WORDS = 1.0
MIN_SCORE = 1.0


def norm(text: str) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed: "Dana-Demo (she/her)" -> "dana demo she her"."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).replace("_", " ").split())


def _bare(label: str) -> str:
    """The label without a role in brackets or a pronoun suffix: "Dana Demo (Host)" -> "dana demo"."""
    label = ROLE_SUFFIX.sub(" ", label)
    label = re.sub(r"\((?:she|he|they)/[^)]*\)", " ", label, flags=re.I)
    return norm(label)


@dataclass(frozen=True)
class Person:
    """Someone Parley knows on the call: the host(s) or the participant, by every name they may appear under."""

    full_name: str = ""
    email: str = ""

    def names(self) -> list[str]:
        return [name for name in (norm(self.full_name),) if name]

    def email_local(self) -> str:
        return norm(self.email.split("@")[0]) if "@" in (self.email or "") else ""


def name_match(label: str, person: Person) -> float:
    """How surely a speaker label names `person`: 1.0 the full name or the email's local part; 0.8 the first name
    alone, with the surname's initial, or email-style ("ddemo"); 0.7 the first name with another surname (a
    nickname, a device: "Dana's iPhone") or the first part of the email; 0.6 the last name; 0 for nothing."""
    bare = _bare(label)
    if not bare:
        return 0.0
    words = bare.split()
    local = person.email_local()
    joined_local = local.replace(" ", "")
    if local and (bare == local or bare.replace(" ", "") == joined_local):
        return 1.0
    best = 0.0
    for name in person.names():
        parts = name.split()
        if bare == name:
            return 1.0
        if words[0] == parts[0] and (len(words) == 1 or len(parts) == 1 or words[1][0] == parts[1][0]):
            best = max(best, 0.8)
        elif words[0] == parts[0]:
            best = max(best, 0.7)  # "Dana Researcher" for Dana Demo: a first name is often all that is shared
        elif len(parts) > 1 and parts[-1] in words:
            best = max(best, 0.6)
        # "ddemo", "dana.d", "demo.dana": email-style labels of the name
        elif len(parts) > 1 and len(words) == 1 and words[0] in {parts[0][0] + parts[-1], parts[-1] + parts[0][0]}:
            best = max(best, 0.8)
    if joined_local and len(words) == 1 and len(words[0]) >= 3 and words[0] in (local.split() or [""]):
        best = max(best, 0.7)  # "dana" for dana.demo@
    return best


@dataclass
class Turn:
    """One utterance of the file: its speaker and text (the order is the list's)."""

    speaker: str
    text: str


@dataclass
class SpeakerGuess:
    """A speaker label found in the file, what it says, and the role proposed with the score of each signal."""

    name: str
    lines: int = 0
    words: int = 0
    questions: int = 0
    first_at: int = 0
    sample: str = ""
    role: str = OTHER
    scores: dict[str, dict[str, float]] = field(default_factory=dict)  # role -> signal -> score

    def score(self, role: str) -> float:
        return round(sum(self.scores.get(role, {}).values()), 3)


def _is_question(text: str) -> bool:
    text = text.strip()
    return text.endswith("?") or bool(re.match(r"^(how|what|why|when|where|which|who|could you|can you|tell me|"
                                                r"walk me|talk me|describe)\b", text, re.I))  # fmt: skip


def _sample(texts: list[str]) -> str:
    """The speaker's longest line among their first few, shortened: enough to recognise who it is."""
    best = max(texts[:6], key=len) if texts else ""
    return best if len(best) <= 160 else best[:157].rsplit(" ", 1)[0] + "…"


def speaker_stats(turns: Sequence[Turn]) -> list[SpeakerGuess]:
    """Every speaker label in order of first appearance, with their line, word and question counts."""
    found: dict[str, SpeakerGuess] = {}
    texts: dict[str, list[str]] = {}
    for index, turn in enumerate(turns):
        if not turn.speaker:
            continue
        guess = found.setdefault(turn.speaker, SpeakerGuess(name=turn.speaker, first_at=index))
        guess.lines += 1
        guess.words += len(turn.text.split())
        guess.questions += sum(1 for part in re.split(r"(?<=[?.!])\s+", turn.text) if _is_question(part))
        texts.setdefault(turn.speaker, []).append(turn.text)
    for name, guess in found.items():
        guess.sample = _sample(texts[name])
    return list(found.values())


def identify_speakers(*, turns: Sequence[Turn], hosts: Iterable[Person] = (), participant: Person | None = None,
                      participant_speaker: str = "") -> list[SpeakerGuess]:  # fmt: skip
    """Propose a role for each speaker. Names and labels are strong signals; without them the one who asks most of
    the questions (and speaks first) is the interviewer and, with two people, the other one is the participant.
    `participant_speaker` names the participant's label outright."""
    guesses = speaker_stats(turns)
    if not guesses:
        return []
    hosts = list(hosts)
    total_questions = sum(g.questions for g in guesses) or 1
    most_words = max(g.words for g in guesses) or 1
    for guess in guesses:
        label = _bare(guess.name)
        suffix = ROLE_SUFFIX.search(guess.name)
        suffix_role = suffix.group(1).lower() if suffix else ""
        interviewer, person = {}, {}
        host_match = max((name_match(guess.name, host) for host in hosts), default=0.0)
        participant_match = name_match(guess.name, participant) if participant else 0.0
        # A label that fits both equally ("Dana" when host and participant are both called Dana) says nothing.
        if host_match > participant_match:
            interviewer["host's name"] = round(NAME * host_match, 3)
        elif participant_match > host_match:
            person["participant's name"] = round(NAME * participant_match, 3)
        # "Host", "Respondent", "Dana (Co-host)" say the role; a bracketed "(Guest)" less so: Teams marks everyone
        # from outside the company that way, note-takers included.
        if label in INTERVIEWER_LABELS or suffix_role in ("host", "co-host", "interviewer", "moderator"):
            interviewer["label"] = LABEL
        if label in PARTICIPANT_LABELS:
            person["label"] = LABEL
        elif suffix_role in ("guest", "participant", "external"):
            person["label"] = LABEL / 2
        share = guess.questions / total_questions
        if share:
            interviewer["questions"] = round(QUESTIONS * share, 3)
        if guess.first_at == 0:
            interviewer["speaks first"] = FIRST
        person["says the most"] = round(WORDS * guess.words / most_words, 3)
        guess.scores = {Role.INTERVIEWER.value: interviewer, Role.PARTICIPANT.value: person}
    _assign(guesses, participant_speaker)
    return guesses


def _strong(guess: SpeakerGuess, role: str) -> bool:
    """Named, or labelled with the role itself ("Host", "Respondent"; a bracketed "(Guest)" is not enough)."""
    signals = guess.scores.get(role, {})
    return any(name in signals for name in ("host's name", "participant's name")) or signals.get("label") == LABEL


def _assign(guesses: list[SpeakerGuess], participant_speaker: str) -> None:
    """Roles from the scores: named or labelled speakers first, then the best remaining questioner is the
    interviewer and, when exactly one unnamed speaker is left beside named ones or in a two-person call, that one
    is the participant. Anyone else is "other" (a note-taker, a colleague)."""
    chosen = None
    if participant_speaker.strip():
        chosen = next((g for g in guesses if norm(g.name) == norm(participant_speaker)), None)
        if chosen is None:
            listed = ", ".join(f"“{g.name}”" for g in guesses) or "none"
            raise ValidationError(
                {"participant_speaker": f"“{participant_speaker}” does not speak in this file (speakers: {listed})."}
            )
        chosen.role = Role.PARTICIPANT
    interviewer, participant = Role.INTERVIEWER.value, Role.PARTICIPANT.value
    named = []  # speakers named or labelled as participants, to rank
    for guess in guesses:
        if guess is chosen:
            continue
        strong_i, strong_p = _strong(guess, interviewer), _strong(guess, participant)
        if strong_i and (not strong_p or guess.score(interviewer) >= guess.score(participant)):
            guess.role = interviewer
        elif strong_p:
            named.append(guess)
    if chosen is None and named:
        best = max(named, key=lambda g: g.score(participant))
        best.role = participant
    if not any(g.role == interviewer for g in guesses):
        candidates = [g for g in guesses if g.role == OTHER]
        best = max(candidates, key=lambda g: (g.score(interviewer), -g.first_at), default=None)
        if best is not None and best.score(interviewer) >= MIN_SCORE and best.questions:
            best.role = interviewer
    if not any(g.role == participant for g in guesses):
        left = [g for g in guesses if g.role == OTHER]
        if len(left) == 1:
            left[0].role = participant
        elif left and len(guesses) >= 3:
            # A third person is usually a note-taker who says little: the one who says the most is interviewed.
            ranked = sorted(left, key=lambda g: g.words, reverse=True)
            if ranked[0].words >= 2 * ranked[1].words:
                ranked[0].role = participant


def check_mapping(speakers: dict, names: Sequence[str], field_name: str = "speakers") -> dict[str, str]:
    """A researcher's {label: role} for this file, labels matched as the file spells them (ignoring case and
    spacing); an unknown label or role raises ValidationError naming them."""
    if not isinstance(speakers, dict):
        raise ValidationError({field_name: 'Give the speakers as {"Name in the file": "interviewer"}.'})
    by_norm = {" ".join(name.split()).casefold(): name for name in names}
    listed = ", ".join(f"“{name}”" for name in names) or "none"
    mapping, errors = {}, []
    for label, role in speakers.items():
        name = by_norm.get(" ".join(str(label).split()).casefold())
        if name is None:
            errors.append(f"“{label}” does not speak in this file (speakers: {listed}).")
        elif role not in ROLES:
            errors.append(f"“{role}” is not a role for “{label}”: use interviewer, participant or other.")
        else:
            mapping[name] = role
    if errors:
        raise ValidationError({field_name: errors})
    return mapping


# Who said each segment of a recording the transcription server did not diarize ------------------------------------

# A short remark that opens the interviewer's turn before their next question: "Great.", "Thanks, that's useful."
ACKNOWLEDGEMENT = re.compile(
    r"^(great|thanks|thank you|ok|okay|right|got it|i see|perfect|cool|nice|interesting|makes sense|"
    r"that makes sense|that's (really |very |super )?(helpful|useful|interesting|great|clear)|understood|hi|hello|"
    r"good (morning|afternoon)|welcome|wonderful|lovely|brilliant|mm+|hm+)\b",
    re.I,
)
ACKNOWLEDGEMENT_WORDS = 8


def split_sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?…])\s+", text.strip()) if part]


def propose_segment_roles(texts: Sequence[str]) -> list[str]:
    """A role for each segment of a two-person call, in order, from what it says alone: questions and prompts are
    the interviewer's, as are the opening line and a short acknowledgement just before a question or at the end
    (the closing thanks); the rest is the participant's. A proposal for the researcher to correct in the preview,
    scored on the speaker set split into sentences (`tests/interviews/transcripts/test_speakers.py`)."""
    # A segment may hold several sentences: the interviewer's ends with the question ("Great. Tell me about...").
    asks = [_is_question((split_sentences(text) or [""])[-1]) for text in texts]
    roles = []
    for index, text in enumerate(texts):
        before_question = index + 1 == len(texts) or asks[index + 1]
        acknowledges = len(text.split()) <= ACKNOWLEDGEMENT_WORDS and bool(ACKNOWLEDGEMENT.match(text.strip()))
        if asks[index] or index == 0 or (acknowledges and before_question):
            roles.append(Role.INTERVIEWER.value)
        else:
            roles.append(Role.PARTICIPANT.value)
    return roles
