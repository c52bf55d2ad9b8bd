"""Writing the roadmap: items, moves, evidence links, segment weights and share links; bad input writes nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from roadmap import selectors, services
from roadmap.models import EvidenceLink, RoadmapItem, RoadmapShare, SegmentWeight
from synthesis.coding import services as coding
from synthesis.insights.services import insight_create
from tests.roadmap.factories import ItemFactory
from tests.studies.factories import ParticipantFactory
from tests.synthesis.insight_data import interview, quote
from webhooks.models import WebhookDelivery


@pytest.fixture
def acme(world, in_schema):
    with in_schema(world.acme.schema_name):
        yield world.acme


def messages(error: pytest.ExceptionInfo) -> dict:
    return error.value.message_dict


def test_item_create_puts_new_items_at_the_end_of_their_column(acme, world):
    first = services.item_create(actor=world.pm, title="  Bulk edit  ", status="planned", owner=world.researcher)
    second = services.item_create(actor=world.pm, title="Dark mode", status="planned", effort=Decimal("3"))
    idea = services.item_create(actor=world.pm, title="Offline mode")
    assert (first.title, first.owner, first.position, second.position, idea.position) == (
        "Bulk edit", world.researcher, 0, 1, 0
    )  # fmt: skip
    assert first.shipped_at is None
    assert services.item_create(actor=None, title="Already out", status="shipped").shipped_at is not None


def test_item_create_refuses_bad_input_and_writes_nothing(acme, world):
    before = RoadmapItem.objects.count()
    cases = [
        ({"title": "  "}, "title"),
        ({"title": "X", "status": "done"}, "status"),
        ({"title": "X", "horizon": "soon"}, "horizon"),
        ({"title": "X", "effort": Decimal(0)}, "effort"),
        ({"title": "X", "external_url": "not a url"}, "external_url"),
        ({"title": "X", "owner": world.outsider}, "owner"),  # not a member of acme
        ({"title": "X", "shipped_at": None}, "shipped_at"),
    ]
    for fields, field in cases:
        with pytest.raises(ValidationError) as error:
            services.item_create(actor=world.pm, **fields)
        assert field in messages(error), fields
    assert messages(error)["shipped_at"] == ["This field cannot be set here."]
    assert RoadmapItem.objects.count() == before


def test_item_update_changes_fields_and_moves_through_item_move(acme, world):
    item = services.item_create(actor=world.pm, title="Bulk edit")
    endpoint_events = WebhookDelivery.objects.count()
    item = services.item_update(item=item, actor=world.pm, description="Edit many rows", horizon="now")
    assert (item.description, item.horizon) == ("Edit many rows", "now")
    assert WebhookDelivery.objects.count() == endpoint_events  # no status change, no webhook
    with pytest.raises(ValidationError) as error:
        services.item_update(item=item, actor=world.pm, title="Renamed", status="nope")
    assert "status" in messages(error)
    assert RoadmapItem.objects.get(pk=item.pk).title == "Bulk edit"  # the rename rolled back with the bad move


def test_item_move_places_the_item_and_shifts_the_column(acme, world):
    a, b, _ = (services.item_create(actor=None, title=t, status="planned") for t in "abc")
    d = services.item_create(actor=None, title="d")
    services.item_move(item=d, status="planned", position=1, actor=world.pm)
    order = list(RoadmapItem.objects.filter(status="planned").order_by("position").values_list("title", flat=True))
    assert order == ["a", "d", "b", "c"]
    services.item_move(item=a, status="in_progress", actor=world.pm)
    a.refresh_from_db()
    assert (a.status, a.position) == ("in_progress", 0)
    for bad in ({"position": -1}, {"position": "top"}, {"horizon": "never"}):
        with pytest.raises(ValidationError):
            services.item_move(item=b, actor=world.pm, **bad)
    b.refresh_from_db()
    assert (b.position, b.horizon) == (2, "later")


def test_shipped_at_follows_the_status(acme, world):
    item = services.item_create(actor=None, title="Export")
    item = services.item_move(item=item, status="shipped", actor=world.pm)
    assert item.shipped_at is not None
    item = services.item_move(item=item, status="in_progress", actor=world.pm)
    assert item.shipped_at is None


@pytest.fixture
def evidence(acme):
    highlight = quote(interview("Exports fail on Fridays."), "Exports fail")
    insight = insight_create(statement="Exports are unreliable.", highlights=[highlight], actor=None)
    return insight, highlight


def test_evidence_link_update_unlink(acme, world, evidence):
    insight, highlight = evidence
    item = ItemFactory()
    link = services.evidence_link(item=item, insight=insight, importance=3, note=" Top ask ", actor=world.pm)
    assert (link.kind, link.importance, link.note, link.added_by) == ("insight", 3, "Top ask", world.pm)
    services.evidence_link(item=item, highlight=highlight, importance="1", actor=world.researcher)
    link = services.evidence_update(link=link, importance=0, note="Context", actor=world.pm)
    assert EvidenceLink.objects.get(pk=link.pk).importance == 0
    services.evidence_unlink(link=link, actor=world.pm)
    assert list(item.links.values_list("highlight_id", flat=True)) == [highlight.pk]


def test_evidence_link_refuses_bad_input(acme, world, evidence):
    insight, highlight = evidence
    item = ItemFactory()
    services.evidence_link(item=item, insight=insight, importance=2, actor=world.pm)
    cases = [
        ({}, "insight", "Choose an insight or a quote to link."),
        ({"insight": insight, "highlight": highlight}, "highlight", "Link an insight or a quote, not both."),
        ({"insight": insight}, "insight", "This insight is already linked to this item."),
        ({"highlight": highlight, "importance": 4}, "importance", None),
        ({"highlight": highlight, "importance": "high"}, "importance", None),
    ]
    for fields, field, message in cases:
        fields = {"importance": 2, **fields}
        with pytest.raises(ValidationError) as error:
            services.evidence_link(item=item, actor=world.pm, **fields)
        assert field in messages(error)
        if message:
            assert messages(error)[field] == [message]
    assert item.links.count() == 1


def test_segment_weights_replace_all_or_nothing(acme, world):
    services.segment_weights_save(weights=[{"attribute": "plan", "value": "team", "weight": "2"}], actor=world.owner)
    saved = services.segment_weights_save(
        weights=[
            {"attribute": " plan ", "value": "enterprise", "weight": 3},
            {"attribute": "region", "value": "eu", "weight": "0.5"},
        ],
        actor=world.owner,
    )
    assert len(saved) == 2
    assert selectors.segment_weights() == {("plan", "enterprise"): 3.0, ("region", "eu"): 0.5}
    with pytest.raises(ValidationError) as error:
        services.segment_weights_save(
            weights=[
                {"attribute": "plan", "value": "free", "weight": 1},
                {"attribute": "plan", "value": "", "weight": 1},
                {"attribute": "plan", "value": "team", "weight": 0},
                {"attribute": "plan", "value": "free", "weight": 2},
            ],
            actor=world.owner,
        )
    assert messages(error)["weights"] == [
        "Row 2: give both an attribute and a value (e.g. plan and enterprise).",
        "Row 3: the weight of plan=team must be above 0 and at most 100.",
        "Row 4: plan=free appears twice.",
    ]
    assert SegmentWeight.objects.count() == 2


def test_share_create_and_revoke(acme, world):
    share = services.share_create(actor=world.owner)
    assert selectors.shared_board(share.token) is not None
    services.share_revoke(share=share, actor=world.owner)
    assert RoadmapShare.objects.get(pk=share.pk).revoked_at is not None
    assert selectors.shared_board(share.token) is None
    assert selectors.shared_board("") is None and selectors.shared_board("nope") is None


def test_shared_board_has_no_personal_data(acme, world):
    RoadmapItem.objects.all().delete()  # rolled back with the test
    person = ParticipantFactory(name="Zelda Secretname", email="zelda@private.example", attributes={"plan": "team"})
    highlight = quote(interview("Zelda here: exports fail.", participant=person), "exports fail")
    insight = insight_create(statement="Exports are unreliable.", highlights=[highlight], actor=None)
    item = services.item_create(actor=None, title="Reliable exports", owner=world.pm, status="planned")
    services.evidence_link(item=item, insight=insight, importance=2, actor=world.pm)
    services.item_create(actor=None, title="Declined thing", status="declined")
    board = selectors.shared_board(services.share_create(actor=world.owner).token)
    assert [key for key, _, _ in board.columns] == ["idea", "planned", "in_progress", "shipped"]
    shown = board.columns[1][2][0]
    assert (shown.title, shown.participants, shown.insights) == ("Reliable exports", 1, ["Exports are unreliable."])
    text = repr(board.columns)
    for secret in ("Zelda", "zelda@", world.pm.email, "exports fail", "Declined thing"):
        assert secret not in text


def test_board_filters(acme, world):
    from tests.studies.factories import RoundFactory

    RoadmapItem.objects.all().delete()  # rolled back with the test

    team = ParticipantFactory(attributes={"plan": "team", "seats": 12})
    free = ParticipantFactory(attributes={"plan": "free"})
    round_ = RoundFactory()
    q_team = quote(interview("Search is slow.", participant=team, round_=round_), "slow")
    q_free = quote(interview("Export breaks.", participant=free), "breaks")
    insight = insight_create(statement="Search is slow.", highlights=[q_team], actor=None)
    search = ItemFactory(title="Fast search", owner=world.pm)
    export = ItemFactory(title="Export")
    services.evidence_link(item=search, insight=insight, importance=2, actor=None)
    services.evidence_link(item=export, highlight=q_free, importance=2, actor=None)

    def titles(**filters):
        return [item.title for item in selectors.items_list(**filters)]

    assert titles(segment="plan=team") == ["Fast search"]
    assert titles(segment=("plan", "free")) == ["Export"]
    assert titles(segment="seats=12") == ["Fast search"]  # numbers compare as text
    assert titles(segment="plan=enterprise") == []
    assert titles(study=round_.study) == ["Fast search"] and titles(study=round_.study_id) == ["Fast search"]
    assert titles(owner=world.pm) == ["Fast search"]
    assert sorted(titles(q="SEARCH")) == ["Fast search"]
    with pytest.raises(ValueError):
        selectors.items_list(segment="plan")


def test_evidence_search_leaves_out_what_is_linked(acme, world, evidence):
    insight, highlight = evidence
    other = insight_create(statement="Imports are confusing.", actor=None)
    item = ItemFactory()
    services.evidence_link(item=item, insight=insight, importance=2, actor=None)
    found = selectors.evidence_search("", "insight", item=item)
    assert other in found and insight not in found
    assert selectors.evidence_search("import", "insight") == [other]
    assert selectors.evidence_search("fail", "highlight", item=item) == [highlight]
    services.evidence_link(item=item, highlight=highlight, importance=2, actor=None)
    assert selectors.evidence_search("fail", "highlight", item=item) == []


def test_board_reads_a_fixed_number_of_queries(acme, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.roadmap import build_board

    RoadmapItem.objects.all().delete()  # rolled back with the test
    build_board(items=2, links=50)
    with CaptureQueriesContext(connection) as small:
        columns = selectors.board(segment="plan=team", sort="priority")
    assert sum(len(column.items) for column in columns) == 2
    RoadmapItem.objects.all().delete()
    build_board(items=200, links=5000)
    with CaptureQueriesContext(connection) as large:
        columns = selectors.board(group_by="horizon")
    assert sum(len(column.items) for column in columns) == 200
    assert len(small.captured_queries) == len(large.captured_queries) <= 12  # validation counts: one query more


def test_a_stale_copy_does_not_undo_a_move(acme, world):
    item = services.item_create(actor=None, title="Export", status="planned")
    stale = RoadmapItem.objects.get(pk=item.pk)
    services.item_move(item=item, status="in_progress", horizon="now", actor=world.pm)
    services.item_update(item=stale, actor=world.researcher, title="Scheduled export")
    services.item_move(item=stale, position=0, actor=world.researcher)
    item.refresh_from_db()
    assert (item.title, item.status, item.horizon, item.position) == ("Scheduled export", "in_progress", "now", 0)


def test_strongest_quotes_show_a_participants_repeated_words_once(acme, world):
    said_twice = interview("Exports fail every Friday.", "Honestly? Exports fail every Friday.")
    first = quote(said_twice, "Exports fail every Friday.", pain=4)
    utterance = said_twice.utterances.get(order=2)
    start, end = utterance.text.index("Exports"), len(utterance.text)
    again = coding.highlight_create(utterance=utterance, start=start, end=end, actor=None, pain=4)
    other = quote(interview("Exports fail every Friday."), "Exports fail every Friday.", pain=3)
    item = ItemFactory()
    for highlight in (first, again, other):
        services.evidence_link(item=item, highlight=highlight, importance=2, actor=world.pm)

    shown = selectors.item_quotes(item)

    assert len(shown) == 2  # the same words from another participant still count
    assert {q.participant_id for q in shown} == {first.participant_id, other.participant_id}
