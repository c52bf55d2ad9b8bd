"""One search over the workspace: every registered kind (utterances, highlights, insights, studies, rounds, roadmap
items, participants), ranked, with `ts_headline` snippets and a count per kind.

One query per kind, whatever the number of rows: the kind's matches are ranked and counted (`count(*) OVER ()`) in
an inner query that the GIN index on `search_vector` serves, and only the page's few rows get a headline.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from synthesis.models import Tag
from synthesis.search.kinds import Kind, kinds
from workspaces.models import Role

# Roles that see who participants are: their names in results, and participants as results.
PEOPLE_ROLES = frozenset({Role.OWNER, Role.RESEARCHER})
PER_KIND = 10
MAX_PER_KIND = 100
_START, _STOP = "\u27ea", "\u27eb"  # ⟪ ⟫: markers ts_headline puts around matches, made <mark> after escaping
HEADLINE = f'StartSel={_START}, StopSel={_STOP}, MaxWords=28, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "'


@dataclass(frozen=True)
class Filters:
    study: int | None = None
    round: int | None = None
    method: str = ""
    tag: int | None = None
    attribute: tuple[str, str] | None = None
    pain: int | None = None
    since: date | None = None
    until: date | None = None

    def active(self) -> set[str]:
        return {
            name
            for name in ("study", "round", "method", "tag", "attribute", "pain", "since", "until")
            if getattr(self, name) not in (None, "")
        }


@dataclass(frozen=True)
class Hit:
    kind: str
    id: int
    title: str
    snippet: SafeString
    url: str
    rank: float


@dataclass(frozen=True)
class Group:
    kind: Kind
    hits: list[Hit]
    count: int  # every match of the kind, not only the hits shown

    @property
    def more(self) -> bool:
        return self.count > len(self.hits)


@dataclass
class Results:
    query: str
    groups: list[Group] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def hits(self) -> list[Hit]:
        return [hit for group in self.groups for hit in group.hits]


def snippet_html(headline: str) -> SafeString:
    """The headline escaped, its match markers made `<mark>`: participants' words never become markup."""
    return mark_safe(escape(headline).replace(_START, "<mark>").replace(_STOP, "</mark>"))


def tag_and_descendants(tag_id: int) -> list[int]:
    ids, frontier = [tag_id], [tag_id]
    while frontier:
        frontier = list(Tag.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


def language() -> str:
    return getattr(connection.tenant, "search_language", "") or "english"


def _params(query: str, filters: Filters, limit: int) -> dict:
    params = {"config": language(), "q": query, "limit": limit, "headline": HEADLINE}
    params.update(study=filters.study, round=filters.round, method=filters.method, pain=filters.pain)
    params["tags"] = tag_and_descendants(filters.tag) if filters.tag else []
    key, value = filters.attribute or ("", "")
    params.update(attribute_key=key, attribute_value=value, since=filters.since)
    params["until"] = filters.until + timedelta(days=1) if filters.until else None  # the whole last day
    return params


def _sql(kind: Kind, filters: Filters, people: bool) -> str:
    # The match names the indexed column itself (not the subquery's alias), so the GIN index serves it.
    conditions = [f"{kind.vector} @@ websearch_to_tsquery(%(config)s::regconfig, %(q)s)"]
    conditions += [kind.conditions[name] for name in sorted(filters.active())]
    title = (kind.people_title if people else "") or kind.title or "''"
    source = kind.source.replace("{title}", title).replace("{where}", " AND ".join(conditions))
    return f"""
        WITH matches AS (
            SELECT m.id, m.title, m.body, m.link,
                   ts_rank_cd(m.vector, websearch_to_tsquery(%(config)s::regconfig, %(q)s)) AS rank,
                   count(*) OVER () AS total
            FROM ({source}) m
            ORDER BY rank DESC, m.id DESC
            LIMIT %(limit)s
        )
        SELECT id, title, ts_headline(%(config)s::regconfig, body, websearch_to_tsquery(%(config)s::regconfig, %(q)s),
                                      %(headline)s), link, rank, total
        FROM matches ORDER BY rank DESC, id DESC"""


def searchable_kinds(filters: Filters, role: str, only: str = "") -> list[Kind]:
    """The kinds this role may search that can honour every filter given (and only `only`, when named)."""
    people = role in PEOPLE_ROLES
    active = filters.active()
    return [
        kind
        for kind in kinds()
        if (people or not kind.people_only) and active <= kind.honours and (not only or kind.name == only)
    ]


def search(*, query: str, role: str, filters: Filters | None = None, only: str = "", limit: int = PER_KIND) -> Results:
    """Results grouped by kind, best first, `limit` per kind; a query with no words to look for finds nothing."""
    filters = filters or Filters()
    results = Results(query=query)
    query = query.strip()
    if not query:
        return results
    people = role in PEOPLE_ROLES
    params = _params(query, filters, min(max(limit, 1), MAX_PER_KIND))
    with connection.cursor() as cursor:
        for kind in searchable_kinds(filters, role, only):
            cursor.execute(_sql(kind, filters, people), params)
            rows = cursor.fetchall()
            results.counts[kind.name] = rows[0][5] if rows else 0
            if rows:
                hits = [
                    Hit(kind.name, pk, title or "", snippet_html(headline or ""), kind.url(pk, link), rank)
                    for pk, title, headline, link, rank, _ in rows
                ]
                results.groups.append(Group(kind, hits, results.counts[kind.name]))
    return results
