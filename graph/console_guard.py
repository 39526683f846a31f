"""What the read-only Cypher console lets through: an allow-list over the query's plan.

The console (``saidgraph cypher`` and the dashboard's ``/cypher`` page) runs a user's query only after
the server has planned it with ``EXPLAIN``. :func:`check_plan` is the authoritative check: the query
type must be a read, every operator of the plan must be one a read query plans to
(:data:`READ_OPERATORS`), every procedure call must name a read-only schema or full-text procedure
(:data:`READ_PROCEDURES`), and every operator must run on the console's database. Administration
commands (``SHOW``, ``TERMINATE``, ``ALTER``, ``CREATE``, ``DROP``, ``START``, ``STOP``, ``GRANT``...) plan
to operators outside the list, or to schema/system query types, and are refused whatever type the server
gives them.

:func:`check_text` is a first filter on the text, for clearer messages: it sees the query as Cypher's
lexer does (strings and comments taken out, comments ended by every line terminator) and refuses
``LOAD CSV``, ``dbms.*``, ``apoc.*``, ``db.create*``, ``USE``, administration commands and several
statements. It can be wrong; the plan check does not depend on it.

Functions cannot be allow-listed from the plan (they are inside expressions). The built-in Cypher
functions read nothing outside the graph; user-defined functions come only from plugins, which this
project does not install (no APOC), and ``apoc.`` is refused in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from graph.errors import ReadOnlyError

RESULT_BYTE_CAP = 8 * 1024 * 1024
"""Bytes a console result may take on the wire (Bolt) before it is cut; rows past it are not read."""

READ_OPERATORS = frozenset(
    {
        # leaves: scans and seeks
        "AllNodesScan",
        "NodeByLabelScan",
        "UnionNodeByLabelsScan",
        "IntersectionNodeByLabelsScan",
        "SubtractionNodeByLabelsScan",
        "NodeByIdSeek",
        "NodeByElementIdSeek",
        "NodeIndexSeek",
        "NodeUniqueIndexSeek",
        "MultiNodeIndexSeek",
        "NodeIndexSeekByRange",
        "NodeUniqueIndexSeekByRange",
        "NodeIndexScan",
        "NodeIndexContainsScan",
        "NodeIndexEndsWithScan",
        "NodeCountFromCountStore",
        "RelationshipCountFromCountStore",
        "DirectedAllRelationshipsScan",
        "UndirectedAllRelationshipsScan",
        "DirectedRelationshipTypeScan",
        "UndirectedRelationshipTypeScan",
        "DirectedUnionRelationshipTypesScan",
        "UndirectedUnionRelationshipTypesScan",
        "DirectedRelationshipByIdSeek",
        "UndirectedRelationshipByIdSeek",
        "DirectedRelationshipByElementIdSeek",
        "UndirectedRelationshipByElementIdSeek",
        "DirectedRelationshipIndexSeek",
        "UndirectedRelationshipIndexSeek",
        "DirectedRelationshipIndexSeekByRange",
        "UndirectedRelationshipIndexSeekByRange",
        "DirectedRelationshipIndexScan",
        "UndirectedRelationshipIndexScan",
        "DirectedRelationshipIndexContainsScan",
        "UndirectedRelationshipIndexContainsScan",
        "DirectedRelationshipIndexEndsWithScan",
        "UndirectedRelationshipIndexEndsWithScan",
        "Argument",
        "EmptyRow",
        # traversal
        "Expand(All)",
        "Expand(Into)",
        "OptionalExpand(All)",
        "OptionalExpand(Into)",
        "VarLengthExpand(All)",
        "VarLengthExpand(Into)",
        "VarLengthExpand(Pruning)",
        "VarLengthExpand(Pruning,BFS,All)",
        "VarLengthExpand(Pruning,BFS,Into)",
        "ShortestPath",
        "StatefulShortestPath(All)",
        "StatefulShortestPath(Into)",
        "ProjectEndpoints",
        "Repeat(Trail)",
        "Trail",
        "NullifyMetadata",
        "TriadicSelection",
        "TriadicBuild",
        "TriadicFilter",
        # rows
        "Filter",
        "Projection",
        "CacheProperties",
        "Limit",
        "ExhaustiveLimit",
        "Skip",
        "Sort",
        "PartialSort",
        "Top",
        "PartialTop",
        "Distinct",
        "OrderedDistinct",
        "EagerAggregation",
        "OrderedAggregation",
        "Unwind",
        "Eager",
        "EmptyResult",
        "ProduceResults",
        # combining
        "Apply",
        "SemiApply",
        "AntiSemiApply",
        "SelectOrSemiApply",
        "SelectOrAntiSemiApply",
        "LetSemiApply",
        "LetAntiSemiApply",
        "LetSelectOrSemiApply",
        "LetSelectOrAntiSemiApply",
        "ConditionalApply",
        "AntiConditionalApply",
        "RollUpApply",
        "Optional",
        "Anti",
        "Union",
        "OrderedUnion",
        "CartesianProduct",
        "NodeHashJoin",
        "NodeLeftOuterHashJoin",
        "NodeRightOuterHashJoin",
        "ValueHashJoin",
        "ProcedureCall",  # allowed only for READ_PROCEDURES, see check_plan
    }
)
"""Every operator a read query may plan to (Neo4j 5.26), found by planning the project's queries, the
README's and the console's examples and the read clauses of the Cypher manual; anything else, such as
``LoadCSV``, ``TransactionApply`` (``CALL {} IN TRANSACTIONS``), ``Foreach``, the ``Create``/``Merge``/
``Set*``/``Delete``/``Remove*`` family or ``Show*``/``Terminate*``/``AdministrationCommand``, is refused."""

READ_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.schema.visualization",
        "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties",
        "db.index.fulltext.queryNodes",
        "db.index.fulltext.queryRelationships",
    }
)
"""The only procedures the console may call: schema listings and full-text queries."""

ADMIN_KEYWORDS = (
    "SHOW",
    "TERMINATE",
    "ALTER",
    "CREATE",
    "DROP",
    "START",
    "STOP",
    "USE",
    "GRANT",
    "DENY",
    "REVOKE",
    "RENAME",
    "ENABLE",
    "DEALLOCATE",
    "REALLOCATE",
    "DRYRUN",
)
"""Words that begin an administration command; refused at the start of a statement."""

_ADMIN_OPERATOR = re.compile(
    r"^(?:Show|Terminate|Create\w|Drop|Alter|Start|Stop|Grant|Deny|Revoke|Rename|Enable|Deallocate|"
    r"Reallocate|Administration|System)"
)

LINE_TERMINATORS = "\n\r\u0085\u2028\u2029"
"""Every character that may end a line comment: Cypher's lexer ends ``//`` comments at LF and CR (so
CR LF too); NEL, LS and PS are added so that the filter never reads code as comment."""

_STRINGS_AND_COMMENTS = re.compile(
    r"'(?:[^'\\]|\\.)*'"
    r'|"(?:[^"\\]|\\.)*"'
    r"|`(?:[^`]|``)*`"
    rf"|//[^{LINE_TERMINATORS}]*"
    r"|/\*.*?\*/",
    re.DOTALL,
)
_REFUSED_TEXT = re.compile(
    r"\bLOAD\s+CSV\b|\bdbms\s*\.|\bapoc\s*\.|\bdb\s*\.\s*create|\bIN\s+TRANSACTIONS\b",
    re.IGNORECASE,
)
_STATEMENT_START = re.compile(
    r"(?:^|[{]|\bUNION(?:\s+ALL|\s+DISTINCT)?)\s*(?:(?:CYPHER|EXPLAIN|PROFILE)\b[^{]*?\s+)?"
    rf"(?P<word>{'|'.join(ADMIN_KEYWORDS)})\b(?!\s*:)",
    re.IGNORECASE,
)
_PROCEDURE_NAME = re.compile(r"^\s*([\w.]+)\s*\(")


def bare_code(query: str) -> str:
    """The query with its strings, escaped names and comments blanked, as Cypher's lexer splits it."""
    return _STRINGS_AND_COMMENTS.sub(" ", query)


def check_text(query: str) -> None:
    """Refuse, by the query's text, what the console never runs. A first filter only.

    Raises :class:`ReadOnlyError` naming what was found.
    """
    bare = bare_code(query)
    refused = _REFUSED_TEXT.search(bare)
    if refused:
        found = " ".join(refused.group(0).split())
        raise ReadOnlyError(f"refused: {found} is not allowed in read-only queries")
    admin = _STATEMENT_START.search(bare)
    if admin:
        raise ReadOnlyError(
            f"refused: {admin.group('word').upper()} commands are not allowed in the read-only console "
            "(writes, administration commands and USE are refused)"
        )
    if ";" in bare.strip().rstrip(";"):
        raise ReadOnlyError("refused: one statement at a time (read-only queries)")


def operators(plan: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """Every operator of a plan (the driver's ``ResultSummary.plan``), depth first."""
    yield plan
    for child in plan.get("children") or ():
        yield from operators(child)


def operator_name(operator: Mapping[str, Any]) -> tuple[str, str]:
    """An operator's name and the database it runs on: ``"Filter@neo4j"`` -> ``("Filter", "neo4j")``."""
    name, _, database = str(operator.get("operatorType", "")).partition("@")
    return name, database


def procedure_name(operator: Mapping[str, Any]) -> str | None:
    """The procedure a ``ProcedureCall`` operator calls, read from its details, or ``None``."""
    details = (operator.get("args") or {}).get("Details")
    match = _PROCEDURE_NAME.match(details) if isinstance(details, str) else None
    return match.group(1) if match else None


def check_plan(plan: Mapping[str, Any] | None, *, query_type: str | None, database: str) -> None:
    """Refuse a planned query unless it is a read made only of read operators on ``database``.

    ``plan`` and ``query_type`` are the ``EXPLAIN`` summary's ``plan`` and ``query_type``. Raises
    :class:`ReadOnlyError` naming the first thing refused.
    """
    if plan is None:
        raise ReadOnlyError("refused: the server returned no plan for the query")
    for operator in operators(plan):
        name, runs_on = operator_name(operator)
        if runs_on and runs_on != database:
            raise ReadOnlyError(
                f"refused: the query runs on database {runs_on!r}; the console reads {database!r} only"
            )
        if name == "LoadCSV":
            raise ReadOnlyError("refused: LOAD CSV is not allowed in read-only queries")
        if name not in READ_OPERATORS:
            kind = "an administration command" if _ADMIN_OPERATOR.match(name) else "not a read"
            raise ReadOnlyError(f"refused: {name or 'an unnamed operator'} is {kind}")
        if name == "ProcedureCall":
            procedure = procedure_name(operator)
            if procedure not in READ_PROCEDURES:
                raise ReadOnlyError(
                    f"refused: procedure {procedure or '(unnamed)'} is not allowed; the console calls "
                    f"only {', '.join(sorted(READ_PROCEDURES))}"
                )
    if query_type != "r":
        raise ReadOnlyError(
            f"refused: the query is not a read (query type {query_type!r}); queries are read-only "
            "unless --write is given"
        )
