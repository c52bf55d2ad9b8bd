"""Nonsense: keys mashed, text whose encoding broke, what a broken form leaves. Pure and deterministic."""

import re

from interviews.interviewer.phrases import NOISE_WORDS
from interviews.interviewer.signals import WORD, wordset

_I = re.IGNORECASE
VOWEL = re.compile(r"[aeiouyäöüéèêëàáâãíìîóòôõúùû]", _I)
# Letter rows of the QWERTY, AZERTY and QWERTZ keyboards the five languages are typed on.
KEYBOARD_ROWS = (
    "qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qsdfghjklm", "wxcvbn", "qwertzuiopü", "asdfghjklöä", "yxcvbnm",
    "asdfghjklç", "asdfghjklñ",  # Portuguese and Spanish keyboards: "çlkjç"
    "qazwsxedcrfvtgbyhnujmikolp",  # down the columns: "qazwsxedc"
)  # fmt: skip
# A unit of one to four characters typed three times or more ("asdasdasd", "xyxyxy", "azeaze azeaze", "00000000").
REPEATED_UNIT = re.compile(r"(.{1,4}?)\1{2,}")
# Chat shorthand with no vowel: words, not keys ("idk tbh smh").
SHORTHAND = wordset("idk tbh smh ngl pls plz thx tx np brb lmk rn ffs wtf tldr nvm gtg ttyl hmm mmm mm hm pfft shh")
# UTF-8 read as Latin-1: a lead byte's letter (Ã, Ð, Ñ, â, Â) then a continuation byte's character.
MOJIBAKE = re.compile(
    r"[ÂÃÐÑâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)
# A program's leftovers, pasted or sent by a broken form: "undefined", "[object Object]", "#VALUE!", "{{ name }}", or a
# mail app's signature sent alone ("Sent from my iPhone"); "undefined" alone may be a verdict on one's role.
JUNK = re.compile(
    r"undefined|\[object \w+\]|#(?:value|ref|name|div/0)!?|\{\{\s*\w+\s*\}\}|%s|\$\{\w+\}"
    r"|sent from my (?:iphone|ipad|android|samsung|galaxy|phone|mobile)|get outlook for (?:ios|android)",
    re.IGNORECASE,
)
JUNK_ONLY = re.compile(rf"(?:\W*(?:{JUNK.pattern})\W*)+", re.IGNORECASE)
# "67rtfg67rtfg": letters and digits typed, then typed again.
MIXED_REPEAT = re.compile(r"(?=\w*\d)(?=\w*[^\W\d_])(\w{3,8}?)\1+")
# "ghghghgh77": letters, then a few digits.
LETTERS_THEN_DIGITS = re.compile(r"([^\W\d_]{6,})\d{1,3}")
# "1q2w3e4r": down the keyboard's columns, a digit and the letter under it, over and over (also "q1w2", "1a2s").
# "pp0o9i8u7y": a key pressed twice before the run.
KEY_COLUMNS = re.compile(
    r"\w?(?:(?:1q|2w|3e|4r|5t|6y|7u|8i|9o|0p|q1|w2|e3|r4|t5|y6|u7|i8|o9|p0){2,}|(?:1a|2s|3d|4f|5g|6h|7j|8k|9l){2,})\w?",
    re.I,
)
# "qwpoei": a "q" before a consonant, which no word in the five languages has.
Q_THEN_CONSONANT = re.compile(r"q[b-df-hj-np-tv-xz]", re.I)
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
    if alternating and (not word[:2].isascii() or any(word[:2] in row or word[1::-1] in row for row in KEYBOARD_ROWS)):
        return True  # "tyty", "uiuiu": two neighbouring keys in turn (not "papa" or "coco"); "ãõãõ": two dead keys
    return len(word) >= 4 and any(word[i : i + 4] in row or word[i : i + 4] in row[::-1] for row in KEYBOARD_ROWS
                                  for i in range(len(word) - 3))  # fmt: skip


# A word no one says three times running on purpose (not "no no no" or "very very very").
STUTTER = re.compile(r"\b(the|a|an|of|to|and|in|der|die|das|le|la|les|el|los|o|os|as)(?:\W+\1\b){2,}", re.I)
# An article with no noun, straight before "because", "when" or "of": words thrown together ("the if purple").
ARTICLE_THEN_JOIN = re.compile(r"\b(?:the|an?)\s+(?:because|when|and|but|or|of|if)\b(?![-'])")


def nonsense(text: str, factual: bool) -> str:
    """What makes `text` nonsense (keys mashed, a broken encoding, a form's leftovers), or "" when it is not;
    digits alone are nonsense only to a question that asks for no figure."""
    words = WORD.findall(text.replace("_", " "))  # "-_-_-", "__èè": an underscore is a key, not part of a word
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
