"""What first names tell: gender (with honorifics and pronouns), and which are one name ("Sandy" and
"Sandra").

The first-name list is the US Census 1990 frequency list of male and female first names (public
domain), as shipped by the MIT-licensed ``names`` package. A name counts as male or female only when
one list's frequency is at least :data:`DOMINANCE` times the other's ("Jordan", common in both, is
unknown). Nicknames come from the hand-curated list of the Apache-2.0 ``nicknames`` package. Both are
loaded once by the caller and passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Literal

from nicknames import NickNamer

from graph.errors import ModelLoadError
from ingest.extract.lexicon import FEMALE_HONORIFICS, FEMALE_PRONOUNS, MALE_HONORIFICS, MALE_PRONOUNS

Gender = Literal["male", "female"]
DOMINANCE = 3.0


def _frequencies(resource: str) -> dict[str, float]:
    table: dict[str, float] = {}
    text = (resources.files("names") / resource).read_text(encoding="ascii")
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 2:
            table[fields[0].lower()] = float(fields[1])
    return table


@dataclass(frozen=True)
class FirstNames:
    """First names with the gender they are overwhelmingly given to."""

    genders: dict[str, Gender]
    nicknames: NickNamer

    @classmethod
    def load(cls) -> FirstNames:
        """Read the shipped Census lists; raises :class:`ModelLoadError` if the package is missing."""
        try:
            male = _frequencies("dist.male.first")
            female = _frequencies("dist.female.first")
        except (ModuleNotFoundError, OSError) as exc:
            raise ModelLoadError(f"first-name lists of the 'names' package cannot be read: {exc}") from exc
        genders: dict[str, Gender] = {}
        for name in male.keys() | female.keys():
            m, f = male.get(name, 0.0), female.get(name, 0.0)
            if m >= DOMINANCE * f and m > 0:
                genders[name] = "male"
            elif f >= DOMINANCE * m and f > 0:
                genders[name] = "female"
        return cls(genders, NickNamer())

    def same(self, a: str, b: str) -> bool:
        """Whether two first names are one ("Sandy" and "Sandra", "Mike" and "Michael")."""
        a, b = a.strip(".").lower(), b.strip(".").lower()
        if a == b:
            return True
        return b in self.nicknames.nicknames_of(a) or a in self.nicknames.nicknames_of(b)

    def one_name(self, a: str, b: str) -> bool:
        """Whether two first names are forms of one name, strictly: equal, or one the other's
        canonical form ("Mike" and "Michael", "Jim" and "James"; not two nicknames of one name, so
        "Bill" and "Bob" stay apart). Identity across articles uses it."""
        a, b = a.strip(".").lower(), b.strip(".").lower()
        return a == b or b in self.nicknames.canonicals_of(a) or a in self.nicknames.canonicals_of(b)

    def gender(self, first_name: str) -> Gender | None:
        """The gender of a first name, or None when the lists do not settle it."""
        return self.genders.get(first_name.strip(".").lower())


def first_names_of(extractor: object) -> FirstNames:
    """The first-name lists an extractor already loaded (``Extractor.first_names``), else loaded now
    (an extractor that parses elsewhere: worker processes, a cluster)."""
    found = getattr(extractor, "first_names", None)
    return found if isinstance(found, FirstNames) else FirstNames.load()


def honorific_gender(word: str) -> Gender | None:
    """ "Mrs." -> female, "Mr." -> male, anything else -> None."""
    lowered = word.lower()
    if lowered in MALE_HONORIFICS:
        return "male"
    if lowered in FEMALE_HONORIFICS:
        return "female"
    return None


def pronoun_gender(pronoun: str) -> Gender | None:
    """ "he"/"his"/"him" -> male, "she"/"her" -> female, others -> None."""
    lowered = pronoun.lower()
    if lowered in MALE_PRONOUNS:
        return "male"
    if lowered in FEMALE_PRONOUNS:
        return "female"
    return None
