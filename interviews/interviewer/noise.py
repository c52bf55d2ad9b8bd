"""Nonsense: keys mashed, text whose encoding broke, what a broken form leaves. Pure and deterministic."""

import re

from interviews.interviewer.phrases import (
    JUNK,
    JUNK_ONLY,
    KEY_COLUMNS,
    KEYBOARD_ROWS,
    LETTERS_THEN_DIGITS,
    MIXED_REPEAT,
    MOJIBAKE,
    NOISE_WORDS,
    Q_THEN_CONSONANT,
    REPEATED_UNIT,
    SHORTHAND,
    VOWEL,
)
from interviews.interviewer.signals import WORD

_I = re.IGNORECASE
# "Dreihundertzwölf": a German number written as one word, whose "ertz" runs along a QWERTZ keyboard's top row.
GERMAN_NUMBER = re.compile(
    r"(?:ein|eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreißig|vierzig|fünfzig|sechzig"
    r"|siebzig|achtzig|neunzig|hundert|tausend|und)+",
    _I,
)


def _gibberish(word: str) -> bool:
    if MIXED_REPEAT.fullmatch(word) or KEY_COLUMNS.fullmatch(word):
        return True  # "67rtfg67rtfg": letters and digits typed, then typed again; "1q2w3e4r": down the columns
    if (m := LETTERS_THEN_DIGITS.fullmatch(word)) and REPEATED_UNIT.fullmatch(m.group(1).lower()):
        return True  # "ghghghgh77": keys over and over, then a few digits
    if (word.isupper() and len(word) <= 5 and word.lower() not in NOISE_WORDS) or any(c.isdigit() for c in word):
        return False  # an acronym ("CSV") or a number ("2019", "15%")
    if GERMAN_NUMBER.fullmatch(word):
        return False
    word = word.lower()
    if word in NOISE_WORDS or (len(word) == 1 and word not in "aiyeo"):
        return True
    if len(word) == 2 and word[0] == word[1] and word not in ("mm", "hm", "ee", "oo", "aa"):
        return True  # "pp", "ßß": one key twice, no word in the five languages ("mm" is a murmur)
    if Q_THEN_CONSONANT.search(word):
        return True  # "qwpoei": no word in the five languages has a "q" before a consonant
    if len(word) >= 3 and (not VOWEL.search(word) or re.search(r"(.)\1\1", word) or REPEATED_UNIT.fullmatch(word)):
        return True
    if len(word) >= 5 and not VOWEL.sub("", word):
        return True  # "üäöüäöüää": vowels only
    if len(word) >= 8 and any(len(word) >= 2 * n + 2 and word == (word[:n] * 9)[: len(word)] for n in (2, 3, 4)):
        return True  # "ahsuahsuahs": a few keys over and over, the last time cut short (not "couscous")
    alternating = len(word) >= 4 and len(set(word)) == 2 and word == (word[:2] * 9)[: len(word)]
    if alternating and any(word[:2] in row or word[1::-1] in row for row in KEYBOARD_ROWS):
        return True  # "tyty", "uiuiu": two neighbouring keys in turn (not "papa" or "coco")
    return len(word) >= 4 and any(word[i : i + 4] in row or word[i : i + 4] in row[::-1] for row in KEYBOARD_ROWS
                                  for i in range(len(word) - 3))  # fmt: skip


# A word no one says three times running on purpose (not "no no no" or "very very very").
STUTTER = re.compile(r"\b(the|a|an|of|to|and|in|der|die|das|le|la|les|el|los|o|os|as)(?:\W+\1\b){2,}", re.I)
# An article with no noun, straight before "because", "when" or "of": words thrown together ("the if purple").
ARTICLE_THEN_JOIN = re.compile(r"\b(?:the|an?)\s+(?:because|when|and|but|or|of|if)\b(?![-'])")


def nonsense(text: str, factual: bool) -> str:
    """What makes `text` nonsense (keys mashed, a broken encoding, a form's leftovers), or "" when it is not;
    digits alone are nonsense only to a question that asks for no figure."""
    words = WORD.findall(text)
    if not words:
        return text.strip()[:20] or "an empty answer"
    squashed = "".join(words).lower()
    # "asdasdasd", "lolololololol", "tombolatombolatombolatomb" (a word typed three times running, the last cut short)
    m = REPEATED_UNIT.match(squashed) or re.match(r"(.{5,10}?)\1{2,}", squashed)
    if len(squashed) >= 6 and m and m.group(1).startswith(squashed[m.end() :]):
        return text.strip()
    letters = re.sub(r"\d", "", squashed)
    few_keys = (len(squashed) >= 12 and len(set(squashed)) <= 4) or (len(letters) >= 12 and len(set(letters)) <= 4)
    if few_keys and len(words) <= 6:
        return text.strip()  # "p0p0p0p0 lolol p0p0", "ukukukukuk lele lele 44": a few keys over and over
    if all(w.isdigit() for w in words):
        return "" if factual else text.strip()
    # "qwqwqw [[[ 9 9", "ytytyt5 5 5 hj": a digit typed again and again is a key held among others, not a figure.
    held = [w for w in words if not (w.isdigit() and words.count(w) > 1)] or words
    odd = [w for w in held if _gibberish(w)]
    if len(words) <= 6 and len(odd) * 2 >= len(held):
        return " ".join(odd)
    lettered = [w for w in words if re.search(r"[^\W\d_]", w)]
    voiceless = len(words) <= 6 and len(lettered) >= 3 and not any(VOWEL.search(w) for w in words)
    if voiceless and not any(w.lower() in SHORTHAND for w in lettered) and any(_gibberish(w) for w in lettered):
        return text.strip()  # "mmbmmb tt 0t0", "zzqz zq zq": no vowel anywhere, keys rather than words
    marks = len(re.findall(r"[^\w\s]", text))
    if marks >= 4 and marks > len(squashed) and not any(VOWEL.search(w) or w.isdigit() for w in words):
        return text.strip()  # ";;;lk;lk ;;;": a few keys among more punctuation, no vowel anywhere
    if len(words) >= 3 and len({w.lower() for w in words}) == 1:
        return text.strip()  # "the the the"
    if len(words) <= 10 and (m := STUTTER.search(text)):
        return m.group()  # "crisp crunch the the the vend bleep hm": no one writes "the" three times running
    if len(words) <= 12 and (m := ARTICLE_THEN_JOIN.search(text)):
        return text.strip()  # "rail the because blue Thursday upstairs": 3 of 3 such answers in the sets are nonsense
    if len(glitches := MOJIBAKE.findall(text)) >= 3 and 4 * len("".join(glitches)) >= len(re.sub(r"\s", "", text)):
        return text.strip()[:20]  # "Ð¿Ð¾Ð»Ð¾": text whose encoding broke on the way
    # "undefined undefined [object Object]": what a broken form or paste leaves; "undefined" alone too, unless it may
    # be a verdict on an open question ("How would you describe your role?"), not to "When do the flowers come up?".
    alone = re.fullmatch(r"\W*undefined\W*", text, _I)
    if JUNK_ONLY.fullmatch(text) and (len(JUNK.findall(text)) > 1 or not alone or factual):
        return text.strip()
    return ""
