"""What search looks through: one `Kind` per searchable table, each one SQL fragment over its `search_vector`.

The tables' vectors are kept by PostgreSQL (`parley_search_vector()`, studies migration 0008) in the workspace's
language. A kind says which filters it can honour; a search with a filter a kind cannot honour leaves that kind out
(a tag filter finds quotes and insights, not studies). Apps above synthesis (the roadmap) register their own kind in
their `AppConfig.ready()`, as the privacy registry does, so dependencies keep pointing one way.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

# The evidence filters: what a quote was said in, by whom, how painful, when.
EVIDENCE = frozenset({"study", "round", "method", "tag", "attribute", "pain", "since", "until"})


@dataclass(frozen=True)
class Kind:
    """`source` is SQL selecting `id, title, body, link, vector`, with `{title}` (the role's title expression) and
    `{where}` (the match and the filters' conditions) to fill in; `vector` is the indexed column it matches on;
    `conditions` maps each filter the kind honours to its SQL (named parameters, `%(name)s`)."""

    name: str
    label: str
    vector: str
    source: str
    conditions: dict[str, str]
    url: Callable[[int, str], str]
    title: str = ""
    people_title: str = ""
    people_only: bool = False  # participants: only roles that see who they are
    order: int = 50
    honours: frozenset = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "honours", frozenset(self.conditions))


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    _KINDS[kind.name] = kind
    return kind


def kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda k: k.order)


# Conditions on a transcript `t` (with its round `r` and participant `p`), shared by utterances and highlights.
_ON_TRANSCRIPT = {
    "study": "r.study_id = %(study)s",
    "round": "t.round_id = %(round)s",
    "method": "t.kind = %(method)s",
    "attribute": "lower(p.attributes ->> %(attribute_key)s) = lower(%(attribute_value)s)",
    "since": "t.occurred_at >= %(since)s",
    "until": "t.occurred_at < %(until)s",
}
_TRANSCRIPT_JOINS = """
    JOIN interviews_transcript t ON t.id = {alias}.transcript_id
    JOIN studies_round r ON r.id = t.round_id
    JOIN studies_study s ON s.id = r.study_id
    LEFT JOIN studies_participant p ON p.id = t.participant_id"""
# Who said it: the name for roles that see people, a pseudonym (P12) for the others.
_WHO_PEOPLE = "COALESCE(NULLIF(p.name, ''), p.email, NULLIF({alias}.pseudonym, ''), 'Anonymous')"
_WHO_PSEUDONYM = "COALESCE('P' || p.id, NULLIF({alias}.pseudonym, ''), 'Anonymous')"
_METHOD = "CASE t.kind WHEN 'sync' THEN 'call' ELSE 'async' END"


def _highlight_conditions(highlight: str) -> dict[str, str]:
    return {
        "tag": f"EXISTS (SELECT 1 FROM synthesis_highlight_tags ht WHERE ht.highlight_id = {highlight}.id "
        "AND ht.tag_id = ANY(%(tags)s))",
        "pain": f"COALESCE({highlight}.pain, {highlight}.pain_ai) >= %(pain)s",
    }


register(
    Kind(
        name="utterance",
        label="Said in interviews",
        vector="u.search_vector",
        order=10,
        source=f"""
            SELECT u.id, {{title}} AS title, u.text AS body, t.id AS link, u.search_vector AS vector
            FROM interviews_utterance u {_TRANSCRIPT_JOINS.format(alias="u")}
            WHERE {{where}}""",
        title=f"s.title || ' · ' || COALESCE('P' || p.id, 'Anonymous') || ' (' || {_METHOD} || ')'",
        people_title=f"t.title || ' (' || {_METHOD} || ')'",
        conditions={
            **_ON_TRANSCRIPT,
            **{
                name: f"EXISTS (SELECT 1 FROM synthesis_highlight h WHERE h.utterance_id = u.id AND {sql})"
                for name, sql in _highlight_conditions("h").items()
            },
        },
        url=lambda pk, link: f"/transcripts/{link}/#u-{pk}",
    )
)

register(
    Kind(
        name="highlight",
        label="Highlights",
        vector="hl.search_vector",
        order=20,
        source=f"""
            SELECT hl.id, {{title}} AS title, hl.text || ' ' || hl.note AS body, t.id AS link,
                   hl.search_vector AS vector
            FROM synthesis_highlight hl {_TRANSCRIPT_JOINS.format(alias="hl")}
            WHERE {{where}}""",
        title=f"s.title || ' · ' || {_WHO_PSEUDONYM.format(alias='hl')}",
        people_title=f"s.title || ' · ' || {_WHO_PEOPLE.format(alias='hl')}",
        conditions={**_ON_TRANSCRIPT, **_highlight_conditions("hl")},
        url=lambda pk, link: f"/transcripts/{link}/#h-{pk}",
    )
)

_INSIGHT_EVIDENCE = f"""EXISTS (
    SELECT 1 FROM synthesis_insight_highlights ih
    JOIN synthesis_highlight hl ON hl.id = ih.highlight_id {_TRANSCRIPT_JOINS.format(alias="hl")}
    WHERE ih.insight_id = i.id AND {{sql}})"""

register(
    Kind(
        name="insight",
        label="Insights",
        vector="i.search_vector",
        order=30,
        source="""
            SELECT i.id, {title} AS title, i.statement AS body, '' AS link, i.search_vector AS vector
            FROM synthesis_insight i WHERE {where}""",
        title="'Insight (' || i.status || ')'",
        conditions={
            name: _INSIGHT_EVIDENCE.format(sql=sql)
            for name, sql in {**_ON_TRANSCRIPT, **_highlight_conditions("hl")}.items()
        },
        url=lambda pk, link: f"/insights/{pk}/",
    )
)

register(
    Kind(
        name="study",
        label="Studies",
        vector="s.search_vector",
        order=40,
        source="""
            SELECT s.id, s.title AS title,
                   s.title || ' ' || s.public_title || ' ' || array_to_string(ARRAY(
                       SELECT jsonb_array_elements_text(s.research_questions)), ' ') || ' ' || s.public_description
                   AS body, '' AS link, s.search_vector AS vector
            FROM studies_study s WHERE {where}""",
        conditions={"study": "s.id = %(study)s", "method": "(s.method = %(method)s OR s.method = 'both')"},
        url=lambda pk, link: f"/studies/{pk}/",
    )
)

register(
    Kind(
        name="round",
        label="Rounds",
        vector="r.search_vector",
        order=50,
        source="""
            SELECT r.id, s.title || ' · round ' || r.order || ' (' || r.kind || ')' AS title, r.purpose AS body,
                   s.id::text AS link, r.search_vector AS vector
            FROM studies_round r JOIN studies_study s ON s.id = r.study_id WHERE {where}""",
        conditions={"study": "r.study_id = %(study)s", "round": "r.id = %(round)s", "method": "r.kind = %(method)s"},
        url=lambda pk, link: f"/studies/{link}/#round-{pk}",
    )
)

register(
    Kind(
        name="participant",
        label="Participants",
        vector="p.search_vector",
        order=70,
        people_only=True,
        source="""
            SELECT p.id, COALESCE(NULLIF(p.name, ''), p.email) AS title,
                   p.name || ' ' || p.email || ' ' || array_to_string(ARRAY(
                       SELECT key || ': ' || value FROM jsonb_each_text(p.attributes)), ', ') AS body,
                   '' AS link, p.search_vector AS vector
            FROM studies_participant p WHERE {where}""",
        conditions={"attribute": _ON_TRANSCRIPT["attribute"]},
        url=lambda pk, link: f"/participants/{pk}/",
    )
)
