"""Password rules beyond Django's: the NCSC's guidance is a length (12, in settings) and a
deny list of the passwords attackers try first, not rules about symbols (issue 9 §3,
"Passwords"). Django's CommonPasswordValidator holds the common ones; these refuse the
predictable ones it misses: `aaaaaaaaaaaa`, `abcabcabcabc`, `qwertyuiopas`, and
passwords made only of the portal's own words, such as `ncaportal2026`."""

import re

from django.core.exceptions import ValidationError

# Runs a keyboard or the alphabet make in order, either way.
RUNS = ("abcdefghijklmnopqrstuvwxyz", "01234567890", "qwertyuiopasdfghjklzxcvbnm")
# What someone guessing at this portal's passwords tries first.
PORTAL_WORDS = frozenset(
    {
        "nca", "national", "crime", "agency", "portal", "password", "passw0rd", "tasking",
        "coordination", "police", "rocu", "pcc", "secret", "official", "welcome", "admin",
        "login", "letmein", "qwerty",
    }
)  # fmt: skip
LONGEST_REPEATED_UNIT = 4


def is_repeated_pattern(password: str) -> bool:
    """One character, or a sequence of up to four, repeated; or a run along the keyboard
    or the alphabet."""
    text = password.lower()
    for size in range(1, LONGEST_REPEATED_UNIT + 1):
        unit = text[:size]
        if len(text) >= 2 * size and (unit * (len(text) // size + 1)).startswith(text):
            return True
    return any(text in run or text in run[::-1] for run in RUNS)


def is_made_of_words(letters: str, words: frozenset[str]) -> bool:
    """Whether `letters` is nothing but words of `words`, one after another."""
    if not letters:
        return False
    ends = [True] + [False] * len(letters)
    for end in range(1, len(letters) + 1):
        ends[end] = any(ends[start] and letters[start:end] in words for start in range(end))
    return ends[-1]


class RepeatedPatternValidator:
    def validate(self, password, user=None):
        if is_repeated_pattern(password):
            raise ValidationError(
                "This password is a repeated or keyboard pattern, which is among the first "
                "guesses. Use three random words instead.",
                code="password_repeated_pattern",
            )

    def get_help_text(self):
        return "Your password can't be one character or a short sequence repeated."


class PortalWordsValidator:
    def validate(self, password, user=None):
        words = set(PORTAL_WORDS)
        organisation = getattr(user, "organisation", None) if user is not None else None
        if organisation is not None:
            names = f"{organisation.name} {organisation.short_name}".lower()
            words |= set(re.findall(r"[a-z]+", names))
        letters = re.sub(r"[^a-z]", "", password.lower())
        if is_made_of_words(letters, frozenset(words)):
            raise ValidationError(
                "This password is made of the portal's or your organisation's own words and "
                "numbers, which are among the first guesses. Use three random words instead.",
                code="password_portal_words",
            )

    def get_help_text(self):
        return "Your password can't be made only of the portal's or your organisation's words."
