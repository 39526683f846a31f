"""Who is who across articles: one ``Official`` per person, however each article names them.

An article may call a person "Dmitry Peskov", another "Peskov" or "Kremlin spokesman Peskov": these
are one official. Two people who share a surname ("Barack Obama", "Michelle Obama") are not. The rules,
in order:

1. The analysts' aliases file (YAML: a list of ``{name, aliases, role, organization}``) wins: any of a
   person's aliases, case-insensitive, is that person.
2. Otherwise a person already in the graph with the same surname is the same person when the first
   names agree (one of them missing, or the same initial: "Mike" / "Michael R.") and their
   organizations do not contradict each other; with several such candidates, nobody is guessed.
3. Otherwise the name is a new official.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from graph import ids
from graph.errors import ConfigError
from graph.model import OfficialNode
from graph.store import GraphStore


@dataclass(frozen=True)
class Person:
    """A person as the graph knows them."""

    id: str
    name: str
    role: str | None = None
    organization: str | None = None


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


def _first_names_agree(a: str, b: str) -> bool:
    first_a, first_b = ids.name_words(a)[:-1], ids.name_words(b)[:-1]
    if not first_a or not first_b:
        return True
    return first_a[0][0].casefold() == first_b[0][0].casefold()


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

    def __init__(self, *, store: GraphStore | None = None, aliases: AliasBook | None = None) -> None:
        self.store = store
        self.aliases = aliases or AliasBook()
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
        """The official ``name`` refers to (a new one when nobody matches)."""
        entry = self.aliases.find(name)
        if entry is not None:
            return Person(
                ids.official_id(entry.name),
                entry.name,
                entry.role or role,
                entry.organization or organization,
            )
        known = self._known(name, organization)
        if known is not None:
            return Person(known.id, known.name, role or known.role, organization or known.organization)
        return Person(ids.official_id(name), name, role, organization)

    def surname_only(self, name: str) -> Person | None:
        """The one known official a lone surname names ("Furgal" tagged as an organization), if any."""
        words = ids.name_words(name)
        if len(words) != 1 or not words[0][:1].isupper():
            return None
        known = self._known(name, None)
        return (
            known
            if known is not None and ids.name_words(known.name)[-1].casefold() == words[0].casefold()
            else None
        )

    def _known(self, name: str, organization: str | None) -> Person | None:
        words = ids.name_words(name)
        if not words:
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
            if _first_names_agree(name, found.name) and _organizations_agree(
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
