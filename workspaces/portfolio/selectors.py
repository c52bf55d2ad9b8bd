"""The portfolio page's read: one query for the rows of the workspaces a person belongs to (staff: all), sorted
and filtered in the database on the summary rows, whatever the number of workspaces. No tenant schema is read."""

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from django.db.models import F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KeyTransform
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from workspaces.handoff.services import handoff_link
from workspaces.models import Domain, Membership, Role, User, Workspace
from workspaces.portfolio import registry
from workspaces.portfolio.sparkline import sparkline

PAGE_SIZE = 50  # sorted by health first: the workspaces that need attention are on the first page
BUILT_IN_SORTS = ("name", "flags", "last_activity")


@dataclass(frozen=True)
class Query:
    """What the person asked for, cleaned: anything unknown falls back to the default, never an error."""

    sort: str = "flags"
    descending: bool = True
    q: str = ""
    flag: str = ""  # "", "any" or a flag's key
    column: str = ""  # with `minimum`: only rows whose figure is at least this
    minimum: float | None = None
    page: int = 1

    @classmethod
    def from_params(cls, params) -> "Query":
        sortable = {*BUILT_IN_SORTS, *(c.key for c in registry.columns() if c.kind != "spark")}
        sort = params.get("sort", "flags")
        flag = params.get("flag", "")
        column = params.get("column", "")
        try:
            minimum = float(params["min"]) if params.get("min", "").strip() else None
        except ValueError:
            minimum = None
        try:
            page = max(int(params.get("page", 1)), 1)
        except ValueError:
            page = 1
        sort = sort if sort in sortable else "flags"
        direction = params.get("dir")
        if direction not in ("asc", "desc"):
            direction = "desc" if sort in ("flags", "last_activity") else "asc"
        return cls(
            sort=sort,
            descending=direction == "desc",
            q=params.get("q", "").strip()[:100],
            flag=flag if flag == "any" or registry.flag(flag) else "",
            column=column if column in sortable - set(BUILT_IN_SORTS) else "",
            minimum=minimum if column else None,
            page=min(page, 10_000),
        )

    def params(self, **changes) -> str:
        """This query as URL parameters, with some changed (sort links, pages)."""
        values = {
            "sort": self.sort, "dir": "desc" if self.descending else "asc", "q": self.q, "flag": self.flag,
            "column": self.column, "min": "" if self.minimum is None else f"{self.minimum:g}", "page": self.page,
        }  # fmt: skip
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v not in ("", None, 1) or k == "dir"})


@dataclass
class Cell:
    key: str
    value: object  # the figure, for CSV
    text: str | SafeString
    url: str


@dataclass
class Row:
    name: str
    slug: str
    role: str  # "" for staff who are not members: no links then
    cells: list[Cell]
    flags: list[tuple[registry.Flag, str, str]]  # (flag, what raised it, url)
    last_activity_at: datetime | None
    computed_at: datetime | None
    url: str = ""

    @property
    def cells_html(self) -> SafeString:
        """The figure cells as HTML. Built here rather than by a template loop: a page of 100 workspaces has 1,600
        cells, and the template engine's per-variable cost was most of the page's time (bench/portfolio.py)."""
        parts = []
        for cell in self.cells:
            text = cell.text if isinstance(cell.text, SafeString) else escape(cell.text)
            if cell.url:
                parts.append(f'<td class="num"><a href="{escape(cell.url)}">{text}</a></td>')
            else:
                parts.append(f'<td class="num">{text}</td>')
        return mark_safe("".join(parts))

    @property
    def last_activity_html(self) -> SafeString:
        if self.last_activity_at is None:
            return mark_safe("—")
        at = self.last_activity_at
        return mark_safe(f'<time datetime="{at.isoformat()}">{at.day} {at:%b %Y %H:%M}</time>')

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""


@dataclass
class Page:
    rows: list[Row]
    has_next: bool
    query: Query
    columns: list[registry.Column] = field(default_factory=registry.columns)
    flags: list[registry.Flag] = field(default_factory=registry.flags)

    def _header(self, key: str, label: str, help: str = "") -> dict:
        current = self.query.sort == key
        descending = not self.query.descending if current else key in ("flags", "last_activity")
        return {
            "key": key, "label": label, "help": help,
            "url": "?" + self.query.params(sort=key, dir="desc" if descending else "asc", page=1),
            "aria_sort": ("descending" if self.query.descending else "ascending") if current else "",
        }  # fmt: skip

    @property
    def headers(self) -> list[dict]:
        columns = [
            self._header(c.key, c.label, c.help)
            if c.kind != "spark"
            else {"key": c.key, "label": c.label, "help": c.help, "url": ""}
            for c in self.columns
        ]
        return [
            self._header("name", "Workspace"), self._header("flags", "Health"), *columns,
            self._header("last_activity", "Last activity"),
        ]  # fmt: skip

    @property
    def next_url(self) -> str:
        return "?" + self.query.params(page=self.query.page + 1) if self.has_next else ""

    @property
    def previous_url(self) -> str:
        return "?" + self.query.params(page=self.query.page - 1) if self.query.page > 1 else ""

    @property
    def csv_url(self) -> str:
        return "/portfolio.csv?" + self.query.params(page=1)

    @property
    def figure_columns(self) -> list[registry.Column]:
        return [c for c in self.columns if c.kind != "spark"]


def portfolio_queryset(user: User, query: Query) -> QuerySet[Workspace]:
    """The rows `user` may see, filtered and sorted: a single query, domains and roles by subquery."""
    rows = (
        Workspace.objects.exclude(schema_name="public")
        .select_related("summary")
        .annotate(
            host=Subquery(Domain.objects.filter(tenant=OuterRef("pk"), is_primary=True).values("domain")[:1]),
            role=Subquery(Membership.objects.filter(workspace=OuterRef("pk"), user=user).values("role")[:1]),
        )
    )
    if not user.is_staff:
        rows = rows.filter(memberships__user=user)
    if query.q:
        rows = rows.filter(Q(name__icontains=query.q) | Q(slug__icontains=query.q))
    if query.flag == "any":
        rows = rows.filter(summary__isnull=False).exclude(summary__flags=[])
    elif query.flag:
        rows = rows.filter(summary__flags__contains=[query.flag])
    if query.column and query.minimum is not None:
        rows = rows.filter(**{f"summary__figures__{query.column}__gte": query.minimum})
    if query.sort == "name":
        order = F("name")
    elif query.sort == "last_activity":
        order = F("summary__last_activity_at")
    elif query.sort == "flags":
        order = Func(F("summary__flags"), function="jsonb_array_length", output_field=IntegerField())
    else:
        order = KeyTransform(query.sort, "summary__figures")
    order = order.desc(nulls_last=True) if query.descending else order.asc(nulls_last=True)
    return rows.order_by(order, "name", "pk")


def _text(column: registry.Column, value) -> str | SafeString:
    if value is None:
        return "—"
    if column.kind == "percent":
        return f"{value * 100:.0f}%"
    if column.kind == "spark":
        return sparkline(value, label=column.help)
    return f"{value:,}" if isinstance(value, int) else str(value)


def row_for(workspace: Workspace) -> Row:
    summary = getattr(workspace, "summary", None)
    figures = summary.figures if summary else {}
    links = summary.links if summary else {}
    member = bool(workspace.role)

    def url(path: str) -> str:
        return handoff_link(workspace.slug, path) if member else ""

    cells = [
        Cell(c.key, figures.get(c.key), _text(c, figures.get(c.key)), url(links.get(c.key) or c.path))
        for c in registry.columns()
    ]
    raised = []
    for key in summary.flags if summary else []:
        flag = registry.flag(key)
        if flag is not None:
            path = (flag.link_key and links.get(flag.link_key)) or flag.path
            raised.append((flag, summary.flag_notes.get(key, ""), url(path)))
    return Row(
        name=workspace.name,
        slug=workspace.slug,
        role=workspace.role or "",
        cells=cells,
        flags=raised,
        last_activity_at=summary.last_activity_at if summary else None,
        computed_at=summary.computed_at if summary else None,
        url=url("/"),
    )


def portfolio_page(user: User, query: Query) -> Page:
    start = (query.page - 1) * PAGE_SIZE
    found = list(portfolio_queryset(user, query)[start : start + PAGE_SIZE + 1])
    return Page(rows=[row_for(w) for w in found[:PAGE_SIZE]], has_next=len(found) > PAGE_SIZE, query=query)


def portfolio_export(user: User, query: Query):
    """Every row of the query (no pages), for the CSV export, read in chunks."""
    for workspace in portfolio_queryset(user, query).iterator(chunk_size=500):
        yield row_for(workspace)
