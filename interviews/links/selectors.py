"""Reads for the interview pages and API, with a fixed number of queries whatever the number of rows."""

import functools
import itertools

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, signals
from django.db.models.base import ModelState
from django.utils import timezone

from interviews import public_cache
from interviews.models import Handoff, InterviewLink, LinkKind, Message, MessageKind, Role, Session, SessionStatus
from studies.guides.selectors import guide_version
from studies.models import Participant, Round, Screener, Study

ABANDONED_AFTER_HOURS = 24


def links_for_round(round_id) -> QuerySet[InterviewLink]:
    return links(round_id=round_id)


def links(*, round_id=None) -> QuerySet[InterviewLink]:
    links = InterviewLink.objects.all() if round_id is None else InterviewLink.objects.filter(round_id=round_id)
    return (
        links.select_related("participant")
        .annotate(
            response_count=Count("sessions", distinct=True),
            completed_count=Count("sessions", filter=Q(sessions__status=SessionStatus.COMPLETED), distinct=True),
        )
        .order_by("kind", "-created_at")
    )


def sessions_list(*, round_id=None) -> QuerySet[Session]:
    sessions = Session.objects.select_related("participant", "link", "round__study", "guide_version").annotate(
        probe_count=Count("messages", filter=Q(messages__kind=MessageKind.PROBE)),
        answer_count=Count("messages", filter=Q(messages__kind=MessageKind.ANSWER)),
    )
    if round_id is not None:
        sessions = sessions.filter(round_id=round_id)
    return sessions.order_by("-started_at")


def session_state(session: Session) -> str:
    """started / completed / abandoned (no activity for a day)."""
    if session.status == SessionStatus.COMPLETED:
        return "completed"
    idle = timezone.now() - session.last_activity_at
    return "abandoned" if idle.total_seconds() > ABANDONED_AFTER_HOURS * 3600 else "started"


def round_stats(round_id) -> dict:
    """Counts for the round page: sessions by state, completion rate, and the probe audit's rates."""
    sessions = list(Session.objects.filter(round_id=round_id).only("status", "last_activity_at"))
    states = [session_state(s) for s in sessions]
    probes = list(
        Message.objects.filter(session__round_id=round_id, kind=MessageKind.PROBE).values_list("audit", flat=True)
    )
    flagged = sum(1 for audit in probes if audit.get("lint"))
    referring = sum(1 for audit in probes if audit.get("refers_to_answer"))
    total = len(sessions)
    return {
        "total": total,
        "started": states.count("started"),
        "completed": states.count("completed"),
        "abandoned": states.count("abandoned"),
        "completion_rate": round(100 * states.count("completed") / total) if total else None,
        "probes": len(probes),
        "probes_flagged_rate": round(100 * flagged / len(probes)) if probes else None,
        "probes_referring_rate": round(100 * referring / len(probes)) if probes else None,
    }


def session_detail(session_id) -> Session | None:
    messages = Message.objects.select_related("question").order_by("order")
    return (
        Session.objects.select_related("participant", "link", "round__study", "guide_version__created_by")
        .prefetch_related(Prefetch("messages", queryset=messages))
        .filter(pk=session_id)
        .first()
    )


def round_pipeline_counts(round_ids: list[int]) -> dict[int, dict[str, int]]:
    """The async pipeline of these rounds (studies.programme.pipeline): personal links (invited), sessions started
    and completed (also on personal links), people handed to a next round (shortlisted). Three queries."""
    counts: dict[int, dict[str, int]] = {}
    links = (
        InterviewLink.objects.filter(round_id__in=round_ids, kind=LinkKind.PERSONAL)
        .values("round_id")
        .annotate(invited=Count("pk"))
    )
    completed = Q(status=SessionStatus.COMPLETED)
    sessions = (
        Session.objects.filter(round_id__in=round_ids)
        .values("round_id")
        .annotate(
            started=Count("pk"),
            completed=Count("pk", filter=completed),
            completed_personal=Count("pk", filter=completed & Q(link__kind=LinkKind.PERSONAL)),
        )
    )
    handoffs = (
        Handoff.objects.filter(from_round_id__in=round_ids)
        .values(round_id=F("from_round_id"))
        .annotate(shortlisted=Count("participant", distinct=True))
    )
    for row in [*links, *sessions, *handoffs]:
        counts.setdefault(row.pop("round_id"), {}).update(row)
    return counts


def guide_usage(round_id: int) -> dict:
    """For the guide's versions (studies.guides.usage): the round's interviews in progress, and how many started on
    each version (one query)."""
    rows = (
        Session.objects.filter(round_id=round_id)
        .values("guide_version_id")
        .annotate(started=Count("pk"), in_progress=Count("pk", filter=Q(status=SessionStatus.IN_PROGRESS)))
        .order_by()
    )
    usage = {"in_progress": 0, "by_version": {}}
    for row in rows:
        usage["in_progress"] += row["in_progress"]
        if row["guide_version_id"] is not None:
            usage["by_version"][row["guide_version_id"]] = row["started"]
    return usage


def link_by_token(token: str, found=public_cache.READ) -> InterviewLink | None:
    """An interview link with its round and study, and whether the round screens strangers (`screener`), from the
    cache while none of them changed (interviews.public_cache; `found`: its keys, already read)."""

    def load() -> InterviewLink | None:
        screener = Exists(Screener.objects.filter(round=OuterRef("round")))
        links = InterviewLink.objects.select_related("round__study").annotate(screener=screener)
        return links.filter(token=token).first()

    return public_cache.cached("link", token, load, found)


def session_of(*, link: InterviewLink, resume_tokens: list[str]) -> Session | None:
    """The interview this visitor continues on `link` (one query, with its person): a personal link's, or the open
    link's with the first of `resume_tokens` it matches; None when they have none. It comes with `link`, the link's
    round and its guide version, none of them read again.

    Every answer and every poll reads it: written out in SQL as `interview_of` is, since compiling the ORM's two-table
    select took longer than running it (tests/interviews/links/test_selectors.py compares the two)."""
    if link.kind != LinkKind.PERSONAL and not resume_tokens:
        return None
    personal = link.kind == LinkKind.PERSONAL
    session, person = _Table.of(Session), _Table.of(Participant)
    with connection.cursor() as cursor:
        cursor.execute(_session_sql(personal), [link.pk] if personal else [link.pk, list(resume_tokens)])
        rows = cursor.fetchall()
    found: dict[str, Session] = {}
    for row in rows:
        values = iter(row)
        this = session.load(values)
        this.participant = person.load(values)
        found.setdefault(this.resume_token, this)
    chosen = _first_held(found, resume_tokens)
    return _with_link(chosen, link) if chosen is not None else None


def _first_held(found: dict, resume_tokens: list[str]):
    """Of the interviews found by resume token, the one of the visitor's first token that has one (a personal link's
    only one when they hold none); None when none was found."""
    return next((found[t] for t in resume_tokens if t in found), None) or next(iter(found.values()), None)


def interview_of(*, link: InterviewLink, resume_tokens: list[str]) -> tuple[Session | None, list[Message]]:
    """`session_of` with its messages, oldest first, in the same query (the chat page reads both on every visit).

    The chat page's hottest read, written out in SQL: compiling the ORM's three-table select took longer than running
    it (0.6 ms of a page's 5). The columns come from the models, so a field added later is read too; values pass
    through the same converters the ORM applies (tests/interviews/links/test_selectors.py compares the two)."""
    if link.kind != LinkKind.PERSONAL and not resume_tokens:
        return None, []
    personal = link.kind == LinkKind.PERSONAL
    message, session, person = (_Table.of(model) for model in (Message, Session, Participant))
    with connection.cursor() as cursor:
        cursor.execute(_interview_sql(personal), [link.pk] if personal else [link.pk, list(resume_tokens)])
        rows = cursor.fetchall()
    found: dict[str, list[Message]] = {}
    sessions: dict[int, Session] = {}
    for row in rows:
        values = iter(row)
        item = message.load(values)
        if (this := sessions.get(item.session_id)) is None:
            this = sessions[item.session_id] = session.load(values)
            this.participant = person.load(values)
        item.session = this
        found.setdefault(this.resume_token, []).append(item)
    messages = _first_held(found, resume_tokens) or []
    if not messages:  # every interview has its first question: none here means no interview
        return None, []
    _with_link(messages[0].session, link)
    return messages[0].session, messages


def interview_by_id(session_id: int) -> tuple[Session, list[Message]]:
    """An interview with its messages, person, round and study, in one query: what a worker's turn reads before asking
    the model (Session.DoesNotExist when it is gone)."""
    session, person, round_, study = (_Table.of(m) for m in (Session, Participant, Round, Study))

    def read(values) -> Session:
        this = session.load(values)
        this.participant = person.load(values)
        this.round = round_.load(values)
        this.round.study = study.load(values)
        if this.guide_version_id is not None:
            this.guide_version = guide_version(this.guide_version_id)
        return this

    return _session_and_messages(_turn_sql(), [session_id, session_id], session_id, read)


def messages_of(session: Session) -> list[Message]:
    """The session's messages, oldest first, each with `session` set to the caller's copy: what the chat page and the
    turn's lock read, in SQL (the ORM's compile took longer than the query; tests/interviews/links/test_selectors.py
    compares the two)."""
    return _messages(_messages_sql(), [session.pk], session)


def messages_unless_awaited(session: Session) -> list[Message]:
    """`messages_of`, unless the latest message is an answer: then that answer alone (what the typing page's poll
    asks, in one query: the latest row while a reply is awaited, the whole chat once it is stored)."""
    return _messages(_awaited_sql(), [session.pk, session.pk, session.pk, Role.PARTICIPANT], session)


def messages_since(session: Session, order: int) -> list[Message]:
    """The session's messages from `order` on, oldest first: what the typing page's poll reads, the awaited answer
    alone while its reply is written, then the answer and what came after it (one query, whatever the interview's
    length)."""
    return _messages(_since_sql(), [session.pk, order], session)


def _messages(sql: str, params: list, session: Session) -> list[Message]:
    message = _Table.of(Message)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = [message.load(iter(row)) for row in rows]
    for item in found:
        item.session = session
    return found


def interview_for_update(
    session_id: int, *, last_only: bool = False, client_token: str | None = None
) -> tuple[Session, list[Message]]:
    """The session, locked until the caller's transaction ends, and its messages oldest first (`last_only`: its
    latest message alone; `client_token`: its latest message and any sent with that token, what an answer for the
    model needs to know whether it is new, whatever the interview's length); Session.DoesNotExist when it is gone.

    Uncontended, one statement. A statement's rows come from the snapshot it started with, so one that waited for
    the lock would miss the messages its holder committed meanwhile (and the next answer would take an order already
    taken): the statement skips a locked session instead, and then the lock is waited for alone and the messages
    read after it, in a snapshot that has them."""
    message, session = _Table.of(Message), _Table.of(Session)
    order, where, params = 'm."order"', "", [session_id]
    if last_only:
        order = 'm."order" DESC LIMIT 1'
    elif client_token is not None:
        latest = f'(SELECT max(x."order") FROM {message.table} x WHERE x.session_id = %s)'
        where, params = f' AND (m."order" = {latest} OR m.client_token = %s)', [session_id, session_id, client_token]
    sql = (
        f"SELECT {message.columns('m')}, {session.columns('s')} FROM {message.table} m JOIN {session.table} s"
        f" ON s.id = m.session_id WHERE m.session_id = %s{where} ORDER BY {order} FOR UPDATE OF s SKIP LOCKED"
    )
    try:
        return _session_and_messages(sql, params, session_id, session.load)
    except Session.DoesNotExist:  # locked by another turn (or gone): wait for it
        pass
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {session.columns('s')} FROM {session.table} s WHERE s.id = %s FOR UPDATE", [session_id])
        row = cursor.fetchone()
    if row is None:
        raise Session.DoesNotExist(f"No session {session_id}.")
    locked = session.load(iter(row))
    messages = messages_of(locked)
    if client_token is not None and not last_only:
        return locked, [m for m in messages[:-1] if m.client_token == client_token] + messages[-1:]
    return locked, messages[-1:] if last_only else messages


def _session_and_messages(sql: str, params: list, session_id: int, read_session) -> tuple[Session, list[Message]]:
    """Rows of a message's columns followed by its session's (`read_session` reads them from the first row)."""
    message = _Table.of(Message)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        raise Session.DoesNotExist(f"No session {session_id}.")
    found, this = [], None
    for row in rows:
        values = iter(row)
        item = message.load(values)
        if this is None:
            this = read_session(values)
        item.session = this
        found.append(item)
    return this, found


@functools.cache
def _messages_sql() -> str:
    message = _Table.of(Message)
    return f'SELECT {message.columns("m")} FROM {message.table} m WHERE m.session_id = %s ORDER BY m."order"'


@functools.cache
def _since_sql() -> str:
    message = _Table.of(Message)
    return (
        f"SELECT {message.columns('m')} FROM {message.table} m"
        f' WHERE m.session_id = %s AND m."order" >= %s ORDER BY m."order"'
    )


@functools.cache
def _awaited_sql() -> str:
    message = _Table.of(Message)
    last = f'(SELECT l.role FROM {message.table} l WHERE l.session_id = %s ORDER BY l."order" DESC LIMIT 1)'
    return (
        f'SELECT {message.columns("m")} FROM {message.table} m WHERE m.session_id = %s AND (m."order" ='
        f' (SELECT max(x."order") FROM {message.table} x WHERE x.session_id = %s) OR {last} <> %s) ORDER BY m."order"'
    )


@functools.cache
def _turn_sql() -> str:
    message, session, person, round_, study = (_Table.of(m) for m in (Message, Session, Participant, Round, Study))
    # The session, person, round and study ride on the first message's row only: repeated on every row, their 84
    # columns made a long interview's read 7 ms (475 kB for 120 messages) instead of 1.
    first = f'(SELECT min(f."order") FROM {message.table} f WHERE f.session_id = %s)'
    return (
        f"SELECT {message.columns('m')}, {session.columns('s')}, {person.columns('p')}, {round_.columns('r')},"
        f" {study.columns('st')} FROM {message.table} m"
        f' LEFT JOIN {session.table} s ON s.id = m.session_id AND m."order" = {first}'
        f" LEFT JOIN {person.table} p ON p.id = s.participant_id LEFT JOIN {round_.table} r ON r.id = s.round_id"
        f' LEFT JOIN {study.table} st ON st.id = r.study_id WHERE m.session_id = %s ORDER BY m."order"'
    )


@functools.cache
def _session_sql(personal: bool) -> str:
    session, person = _Table.of(Session), _Table.of(Participant)
    where = "s.link_id = %s" if personal else "s.link_id = %s AND s.resume_token = ANY(%s)"
    return (
        f"SELECT {session.columns('s')}, {person.columns('p')} FROM {session.table} s"
        f" LEFT JOIN {person.table} p ON p.id = s.participant_id WHERE {where} ORDER BY s.started_at DESC"
    )


@functools.cache
def _interview_sql(personal: bool) -> str:
    message, session, person = (_Table.of(model) for model in (Message, Session, Participant))
    where = "s.link_id = %s" if personal else "s.link_id = %s AND s.resume_token = ANY(%s)"
    return (
        f"SELECT {message.columns('m')}, {session.columns('s')}, {person.columns('p')}"
        f" FROM {message.table} m JOIN {session.table} s ON s.id = m.session_id"
        f" LEFT JOIN {person.table} p ON p.id = s.participant_id"
        f' WHERE {where} ORDER BY s.started_at DESC, m.session_id, m."order"'
    )


class _Table:
    """A model's table for a hand-written select: its columns in order, and a row's values back into an instance
    through the ORM's own converters (JSON, for one). Built once per model and process."""

    _made: dict = {}

    def __init__(self, model):
        self.model = model
        self.table = connection.ops.quote_name(model._meta.db_table)
        self.fields = model._meta.concrete_fields
        self.attnames = [field.attname for field in self.fields]
        self.pk_index = self.attnames.index(model._meta.pk.attname)
        self.width = len(self.fields)
        self.init_heard = signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model)
        self.converters = []  # (index, converters, column) of the fields that have any
        for index, field in enumerate(self.fields):
            column = field.get_col(model._meta.db_table)
            if found := connection.ops.get_db_converters(column) + column.get_db_converters(connection):
                self.converters.append((index, found, column))

    @classmethod
    def of(cls, model) -> "_Table":
        if (table := cls._made.get(model)) is None:
            table = cls._made[model] = cls(model)
        return table

    def columns(self, alias: str) -> str:
        return ", ".join(f"{alias}.{connection.ops.quote_name(field.column)}" for field in self.fields)

    def load(self, values):
        """The instance of the next len(fields) values; None when they are a LEFT JOIN's empty row (no primary key).

        Built as `Model.from_db` builds it, less `__init__`'s work per field (a third of the time, for a long
        interview's messages read on every turn): every concrete field's value set, `_state` saved in this database.
        A model with pre_init or post_init receivers goes through `from_db`, so that they hear of it."""
        row = list(itertools.islice(values, self.width))
        if row[self.pk_index] is None:
            return None
        for index, converters, column in self.converters:
            for convert in converters:
                row[index] = convert(row[index], column, connection)
        if self.init_heard:
            return self.model.from_db(connection.alias, self.attnames, row)
        instance = self.model.__new__(self.model)
        instance.__dict__.update(zip(self.attnames, row, strict=True))
        instance._state = ModelState()
        instance._state.adding, instance._state.db = False, connection.alias
        return instance


def _with_link(session: Session, link: InterviewLink) -> Session:
    session.link = link
    if session.round_id == link.round_id:
        session.round = link.round
    if session.guide_version_id is not None:
        session.guide_version = guide_version(session.guide_version_id)  # kept in this process: versions never change
    if link.participant_id is not None and link.participant_id == session.participant_id:
        # A personal link's interview is its person's (an open link has none): the row read once, not twice.
        link.participant = session.participant
    return session


def last_model_reply_ms() -> int | None:
    """How long the model took for the workspace's latest reply: when a new interview's page should first ask."""
    replies = Message.objects.filter(backend="openai", latency_ms__isnull=False).order_by("-pk")
    return replies.values_list("latency_ms", flat=True).first()
