"""Who is who across articles: one ``Official`` per person, however each article names them.

An article may call a person "Dmitry Peskov", another "Dmitry S. Peskov" or "Kremlin spokesman
Dmitry Peskov": these are one official. Two people who share a surname ("Barack Obama", "Michelle
Obama") are not. A wrong merge is worse than a split. The rules, in order:

1. The analysts' aliases file (YAML: a list of ``{name, aliases, role, organization}``) wins: any of a
   person's aliases, case-insensitive, is that person.
2. A bare surname ("Clinton", "Mr. Trump") joins nobody: within its article the extractor resolves a
   surname to the full name the article gives, so one that reaches this step was never named in full,
   and the graph keeps it as an unresolved name of its article (:meth:`Identity.bare_surname`).
3. Otherwise a person already in the graph with the same surname is the same person when the first
   names agree (the same name, its initial, or the same name in another form: "Mike" / "Michael R."),
   their middle initials do not differ, and their organizations do not contradict each other; with
   several such candidates, nobody is guessed. Titles and honorifics are no part of the key.
4. Otherwise the name is a new official.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from graph import ids
from graph.errors import ConfigError
from graph.model import OfficialNode
from graph.store import GraphStore
from ingest.extract.lexicon import TITLES


@dataclass(frozen=True)
class Person:
    """A person as the graph knows them."""

    id: str
    name: str
    role: str | None = None
    organization: str | None = None
    reason: str | None = None
    """Why a name was joined to this person when it is written otherwise (the audit trail)."""


@dataclass(frozen=True)
class AliasEntry:
    """One person of the aliases file."""

    name: str
    aliases: tuple[str, ...] = ()
    role: str | None = None
    organization: str | None = None


@dataclass
class AliasBook:
    """The analysts' identity fixes, looked up by any alias (case-insensitive)."""

    entries: list[AliasEntry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_alias: dict[str, AliasEntry] = {}
        for entry in self.entries:
            for alias in (entry.name, *entry.aliases):
                self._by_alias[alias.casefold().strip()] = entry

    def find(self, name: str) -> AliasEntry | None:
        """The entry ``name`` is an alias of, if any."""
        return self._by_alias.get(name.casefold().strip())

    @classmethod
    def load(cls, path: Path) -> AliasBook:
        """Read an aliases file; raises :class:`ConfigError` naming the file and the problem."""
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the aliases file ({exc.strerror})") from exc
        except yaml.YAMLError as exc:
            raise ConfigError(
                f"{path}: the aliases file is not valid YAML ({exc.__class__.__name__})"
            ) from exc
        if data is None:
            return cls()
        if not isinstance(data, list):
            raise ConfigError(f"{path}: the aliases file must be a list of people")
        entries = []
        for number, item in enumerate(data, start=1):
            if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
                raise ConfigError(f"{path}: entry {number} needs a name")
            aliases = item.get("aliases") or []
            if not isinstance(aliases, list):
                raise ConfigError(f"{path}: entry {number} ({item['name']}): aliases must be a list")
            entries.append(
                AliasEntry(
                    name=item["name"],
                    aliases=tuple(str(a) for a in aliases),
                    role=item.get("role"),
                    organization=item.get("organization"),
                )
            )
        return cls(entries)


SameFirstName = Callable[[str, str], bool]


def _first_names_agree(a: str, b: str, same: SameFirstName | None = None) -> bool:
    """Whether two full names can be one person: the same first name (or an initial of it, or a form
    ``same`` says is the same name: "Mike" and "Michael"), and middle initials that do not differ
    ("George W. Bush" is not "George H. W. Bush"). A name without a first name agrees with nobody."""
    first_a, first_b = ids.name_words(a)[:-1], ids.name_words(b)[:-1]
    if not first_a or not first_b:
        return False
    x, y = first_a[0].casefold().rstrip("."), first_b[0].casefold().rstrip(".")
    if not x or not y:
        return False
    agree = (
        x == y
        or (len(x) == 1 and y.startswith(x))
        or (len(y) == 1 and x.startswith(y))
        or (same is not None and same(x, y))
    )
    if not agree:
        return False
    middle_a, middle_b = first_a[1:], first_b[1:]
    return not (middle_a and middle_b and middle_a[0][:1].casefold() != middle_b[0][:1].casefold())


def key_name(name: str) -> str:
    """A person's name as identity keys it: leading titles and honorifics ("Gov.", "Mrs.", "Sen.")
    and a possessive ending dropped, spaces collapsed: "Gov. Mike Pence's" -> "Mike Pence"."""
    words = name.split()
    while len(words) > 1 and words[0].casefold() in TITLES:
        words = words[1:]
    if words:
        words[-1] = words[-1].removesuffix("'s").removesuffix("’s")
    return " ".join(w for w in words if w)


def _organizations_agree(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    a, b = a.casefold(), b.casefold()
    return a in b or b in a


class Identity:
    """Resolves each person named in an article to the official the graph already knows, if any.

    Officials are looked up in the store once per surname, every one of that surname
    (:meth:`GraphStore.officials_by_surname`), until :meth:`refresh`; and every official
    of an article built in this run is remembered (:meth:`remember`), so articles written together in
    one batch resolve to each other's people exactly as if they had been written one by one.
    """

    def __init__(
        self,
        *,
        store: GraphStore | None = None,
        aliases: AliasBook | None = None,
        same_first_name: SameFirstName | None = None,
    ) -> None:
        self.store = store
        self.aliases = aliases or AliasBook()
        self.same_first_name = same_first_name
        self._stored: dict[str, dict[str, Person]] = {}
        self._remembered: dict[str, dict[str, Person]] = {}

    def refresh(self) -> None:
        """Forget what the store answered: another process has written to it since."""
        self._stored.clear()

    def remember(self, officials: Iterable[OfficialNode]) -> None:
        """Know these officials from now on (they are about to be written)."""
        for official in officials:
            words = ids.name_words(official.name)
            if words:
                people = self._remembered.setdefault(words[-1].casefold(), {})
                known = people.get(official.id) or self._surname(words[-1]).get(official.id)
                people[official.id] = Person(
                    official.id,
                    known.name if known is not None else official.name,
                    official.role or (known.role if known is not None else None),
                    official.organization or (known.organization if known is not None else None),
                )

    def _surname(self, surname: str) -> dict[str, Person]:
        """The officials with this surname: the store's, then this run's (which win)."""
        key = ids.surname_key(surname)
        if key not in self._stored:
            found: dict[str, Person] = {}
            if self.store is not None:
                for official in self.store.officials_by_surname(surname):
                    found[official.id] = Person(
                        official.id, official.name, official.role, official.organization
                    )
            self._stored[key] = found
        return {**self._stored[key], **self._remembered.get(key, {})}

    def person(self, name: str, *, role: str | None = None, organization: str | None = None) -> Person:
        """The official ``name`` refers to (a new one when nobody matches).

        A bare surname joins nobody (see :meth:`bare_surname`); callers keep it as an unresolved
        name of its article."""
        entry = self.aliases.find(name)
        if entry is not None:
            return Person(
                ids.official_id(entry.name),
                entry.name,
                entry.role or role,
                entry.organization or organization,
                "the aliases file names them one person",
            )
        name = key_name(name) or name
        known = self._known(name, organization)
        if known is not None:
            return Person(
                known.id,
                known.name,
                role or known.role,
                organization or known.organization,
                "the only known person of that surname whose first name and middle initial agree and "
                "whose organization does not differ",
            )
        return Person(ids.official_id(name), name, role, organization)

    def bare_surname(self, name: str) -> bool:
        """Whether ``name`` is one word once titles are dropped ("Clinton", "Mr. Trump"), and the
        aliases file does not name it: the article never named this person in full (the extractor
        resolves a surname to the full name its article gives), so guessing who it is across articles
        could merge a daughter, a husband and a campaign into one node."""
        return self.aliases.find(name) is None and len(ids.name_words(key_name(name))) == 1

    def surname_only(self, name: str) -> Person | None:
        """A known official whose surname this lone word is ("Furgal" tagged as an organization), if
        any: the word then names a person, not an organization (which one is not guessed)."""
        words = ids.name_words(name)
        if len(words) != 1 or not words[0][:1].isupper():
            return None
        surname = words[0].casefold()
        holders = [
            found
            for found in self._surname(words[0]).values()
            if [w.casefold() for w in ids.name_words(found.name)[-1:]] == [surname]
        ]
        return min(holders, key=lambda p: p.id) if holders else None

    def _known(self, name: str, organization: str | None) -> Person | None:
        words = ids.name_words(name)
        if len(words) < 2:
            return None
        exact = ids.official_id(name)
        surname = words[-1].casefold()
        candidates = []
        for found in self._surname(words[-1]).values():
            if found.id == exact:
                return found
            found_words = ids.name_words(found.name)
            if not found_words or found_words[-1].casefold() != surname:
                continue
            if _first_names_agree(name, found.name, self.same_first_name) and _organizations_agree(
                organization, found.organization
            ):
                candidates.append(found)
        return candidates[0] if len(candidates) == 1 else None


def apply_aliases(store: GraphStore, book: AliasBook) -> int:
    """Merge the officials already in the graph that the aliases file says are one person.

    Returns how many officials were merged away. Applying the same file again changes nothing.
    """
    merged_total = 0
    for entry in book.entries:
        names = {n.casefold().strip() for n in (entry.name, *entry.aliases)}
        canonical = ids.official_id(entry.name)
        found: set[str] = set()
        for alias in (entry.name, *entry.aliases):
            for official in store.officials_by_surname(ids.surname_key(alias)):
                if official.id != canonical and official.name.casefold().strip() in names:
                    found.add(official.id)
        if found:
            into = OfficialNode(
                id=canonical,
                name=entry.name,
                role=entry.role,
                organization=entry.organization,
                aliases=entry.aliases,
            )
            merged_total += store.merge_officials(into, sorted(found))
    return merged_total
