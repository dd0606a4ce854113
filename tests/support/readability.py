"""Flesch-Kincaid grade level, small enough to read: the measure the content tests hold to.

    grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59

(Kincaid JP, et al. Derivation of new readability formulas for Navy enlisted personnel. 1975.)
Sentences end at ".", "!" or "?"; words are runs of letters (with inner apostrophes or
hyphens, a hyphenated word counting as its parts) and numbers; syllables are counted by the
usual rule of thumb: groups of vowels (y included), less a silent final "e", at least one per
word, and a number counts as one word of two syllables. The count is approximate, as every
automatic one is, so the tests leave no margin to argue about: they hold text at grade 8.
"""

import re

_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|\d+(?:[.,]\d+)*")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    if word[0].isdigit():
        return 2
    word = word.lower().removesuffix("'s")
    count = len(_VOWEL_GROUPS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(count, 1)


def plain_text(markdown: str) -> str:
    """The words a reader reads: no Markdown marks, list items as sentences."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[*_`#>]", "", text)
    text = re.sub(r"^\s*(?:-|\d+\.)\s+", "", text, flags=re.MULTILINE)
    # A list item or paragraph without a full stop still ends a sentence.
    return re.sub(r"(?<![.!?:;])\n", ".\n", text.strip())


def grade_level(text: str) -> float:
    words = _WORD.findall(text.replace("-", " "))
    if not words:
        return 0.0
    sentences = max(len(_SENTENCE_END.findall(text)), 1)
    total_syllables = sum(syllables(word) for word in words)
    return 0.39 * (len(words) / sentences) + 11.8 * (total_syllables / len(words)) - 15.59
