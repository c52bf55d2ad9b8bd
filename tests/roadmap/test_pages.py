"""Roadmap pages: the board, an item with its evidence and priority, the pickers, sharing, weights and the CSV, for
every role (outsiders 404, viewers read and get 403 on writes), with and without htmx, and the board's query budget."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from interviews.models import Transcript, Utterance
from roadmap.models import EvidenceLink, RoadmapItem, RoadmapShare, SegmentWeight, ShippedNotice
from studies.models import Participant
from synthesis.models import Highlight, Insight
from tests.roadmap.factories import ItemFactory, link
from tests.studies.factories import ParticipantFactory, RoundFactory, StudyFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
TIMES = "\N{MULTIPLICATION SIGN}"


def in_acme(world, make):
    with schema_context(world.acme.schema_name):
        return make()


def quote(participant=None, text="Exporting takes me an hour every Friday.", *, kind="sync", pain=None, round_=None):
    """A highlight covering a whole one-utterance transcript of `participant` (call inside the schema)."""
    round_ = round_ or RoundFactory(kind=kind)
    transcript = Transcript.objects.create(
        kind=kind, round=round_, participant=participant, title="Interview", occurred_at=timezone.now()
    )
    utterance = Utterance.objects.create(transcript=transcript, order=1, speaker_role="participant", text=text)
    return Highlight.objects.create(
        utterance=utterance, start=0, end=len(text), text=text, transcript=transcript, round=round_,
        study=round_.study, participant=participant, pain=pain,
    )  # fmt: skip


def insight_with_quotes(statement: str, people: list[Participant], **quote_fields) -> Insight:
    insight = Insight.objects.create(statement=statement)
    insight.highlights.add(*(quote(p, **quote_fields) for p in people))
    return insight


def item_state(world, pk) -> tuple:
    return in_acme(world, lambda: RoadmapItem.objects.values_list("status", "horizon", "position").get(pk=pk))


# The board ----------------------------------------------------------------------------------------------------------


def test_board_shows_columns_cards_and_evidence_summaries(client_for, world):
    def make():
        people = ParticipantFactory.create_batch(3)
        exports = ItemFactory(title="Faster exports", status="planned", horizon="now", owner=world.pm)
        link(exports, insight_with_quotes("Exports are slow", people, pain=4), importance=3)
        ItemFactory(title="Dark mode", status="idea", horizon="later")
        return exports

    exports = in_acme(world, make)
    page = client_for(world.viewer).get("/roadmap/")
    assert page.status_code == 200
    text = page.text
    assert 'aria-current="page">Roadmap</a>' in text
    for column in ("Idea", "Planned", "In progress", "Shipped", "Declined"):
        assert f">{column} <span" in text
    card = text[text.index(f'id="item-{exports.pk}"') :]
    card = card[: card.index("</article>")]
    assert "Faster exports" in card and "pm@acme.test" in card
    assert "3 participants · 3 sync / 0 async · pain max 4" in card and "Medium confidence" in card
    # reach 3 x impact (4 + 4) / 2 / 5 x 3 = 2.4 x confidence 0.8 / effort 1 = 5.76
    assert '<span class="rm-score" title="Priority score">5.76</span>' in card
    assert "Move" not in card and "New item" not in text  # a viewer reads only
    assert 'href="/roadmap/export.csv"' in text

    by_horizon = client_for(world.viewer).get("/roadmap/?group=horizon").text
    assert all(f">{h} <span" in by_horizon for h in ("Now", "Next", "Later")) and ">Idea <span" not in by_horizon


def test_board_sorts_by_priority_or_position_and_filters(client_for, world):
    def make():
        enterprise = ParticipantFactory(attributes={"plan": "enterprise"})
        free = ParticipantFactory.create_batch(2, attributes={"plan": "free"})
        study = StudyFactory(title="Churn interviews")
        low = ItemFactory(title="Low item", position=0, owner=world.researcher)
        link(low, quote(enterprise, round_=RoundFactory(study=study)), importance=1)
        high = ItemFactory(title="High item", position=1)
        link(high, insight_with_quotes("Free users cannot export", free, pain=5), importance=3)
        return study

    study = in_acme(world, make)
    client = client_for(world.pm)
    by_priority = client.get("/roadmap/").text
    assert by_priority.index("High item") < by_priority.index("Low item")
    by_position = client.get("/roadmap/?sort=position").text
    assert by_position.index("Low item") < by_position.index("High item")
    assert "plan=enterprise" in by_priority and "Churn interviews" in by_priority  # filter choices

    segment = client.get("/roadmap/?segment=plan%3Dfree", headers=HTMX)
    assert segment.status_code == 200 and "<html" not in segment.text
    assert "High item" in segment.text and "Low item" not in segment.text
    in_study = client.get(f"/roadmap/?study={study.pk}").text
    assert "Low item" in in_study and "High item" not in in_study
    owned = client.get(f"/roadmap/?owner={world.researcher.pk}").text
    assert "Low item" in owned and "High item" not in owned
    stale = client.get("/roadmap/?segment=nope%3Dnothing&study=999999&sort=sideways")  # a stale bookmark
    assert stale.status_code == 200 and "High item" in stale.text and "Low item" in stale.text


def test_create_an_item_and_bad_input_changes_nothing(client_for, world):
    client = client_for(world.pm)
    assert "New item" in client.get("/roadmap/").text
    form = client.get("/roadmap/new/")
    assert form.status_code == 200 and "Effort (person-weeks)" in form.text
    bad = client.post("/roadmap/new/", {"title": "", "status": "someday", "horizon": "now", "effort": "0"})
    assert bad.status_code == 400
    assert "This field is required." in bad.text and "Select a valid choice." in bad.text
    assert in_acme(world, lambda: RoadmapItem.objects.count()) == 0
    created = client.post(
        "/roadmap/new/",
        {"title": "Bulk export", "description": "Export everything", "status": "planned", "horizon": "next",
         "owner": world.pm.pk, "external_url": "https://tracker.example.com/1", "effort": "2.5"},
        follow=True,
    )  # fmt: skip
    assert "Added “Bulk export”." in created.text
    item = in_acme(world, lambda: RoadmapItem.objects.select_related("owner").get())
    assert (item.status, item.horizon, item.owner, item.effort) == ("planned", "next", world.pm, Decimal("2.5"))
    outsider_owner = client.post(
        "/roadmap/new/", {"title": "X", "status": "idea", "horizon": "now", "owner": world.outsider.pk, "effort": 1}
    )
    assert outsider_owner.status_code == 400 and in_acme(world, lambda: RoadmapItem.objects.count()) == 1


def test_move_with_htmx_swaps_the_board_and_without_redirects_back(client_for, world):
    item = in_acme(world, lambda: ItemFactory(title="Move me", status="idea", horizon="later"))
    client = client_for(world.researcher)
    swapped = client.post(f"/roadmap/{item.pk}/move/", {"status": "planned", "group": "status"}, headers=HTMX)
    assert swapped.status_code == 200 and "<html" not in swapped.text and 'id="board"' in swapped.text
    planned = swapped.text[swapped.text.index('id="col-planned"') : swapped.text.index('id="col-in_progress"')]
    assert "Move me" in planned
    assert item_state(world, item.pk)[0] == "planned"

    plain = client.post(f"/roadmap/{item.pk}/move/", {"horizon": "now", "group": "horizon", "sort": "position"})
    assert plain.status_code == 302 and plain["Location"] == f"/roadmap/?group=horizon&sort=position#item-{item.pk}"
    assert item_state(world, item.pk)[:2] == ("planned", "now")

    refused = client.post(f"/roadmap/{item.pk}/move/", {"status": "someday"}, headers=HTMX)
    assert refused.status_code == 400 and "Select a valid choice." in refused.text
    nothing = client.post(f"/roadmap/{item.pk}/move/", {}, follow=True)
    assert "Choose a status, a horizon or a direction" in nothing.text
    assert item_state(world, item.pk)[:2] == ("planned", "now")


def test_move_up_and_down_its_column(client_for, world):
    first, second, third = in_acme(
        world, lambda: [ItemFactory(title=f"Item {n}", status="planned", position=n) for n in range(3)]
    )
    client = client_for(world.pm)

    def order():
        ids = in_acme(world, lambda: list(RoadmapItem.objects.order_by("position", "pk").values_list("pk", flat=True)))
        return [{first.pk: 1, second.pk: 2, third.pk: 3}[pk] for pk in ids]

    page = client.get("/roadmap/?sort=position").text
    assert 'aria-label="Move “Item 0” up" disabled' in page and f'id="down-{first.pk}"' in page
    client.post(
        f"/roadmap/{third.pk}/move/", {"status": "planned", "direction": "up", "sort": "position"}, headers=HTMX
    )
    assert order() == [1, 3, 2]
    client.post(f"/roadmap/{first.pk}/move/", {"status": "planned", "direction": "down", "sort": "position"})
    assert order() == [3, 1, 2]
    client.post(f"/roadmap/{second.pk}/move/", {"status": "planned", "direction": "down"})  # already last
    assert order() == [3, 1, 2]


def test_board_query_budget_is_the_same_for_2_and_50_items(client_for, world, django_assert_max_num_queries, report):
    def make(count):
        people = ParticipantFactory.create_batch(3, attributes={"plan": "team"})
        insight = insight_with_quotes("Shared evidence", people, pain=3)
        for n in range(count):
            item = ItemFactory(title=f"Budget item {n}", status=["idea", "planned", "shipped"][n % 3], owner=world.pm)
            link(item, insight)
            link(item, quote(people[n % 3]), importance=1)

    client = client_for(world.viewer)
    in_acme(world, lambda: make(2))
    with django_assert_max_num_queries(30) as two:
        assert client.get("/roadmap/").status_code == 200
    in_acme(world, lambda: make(48))
    with django_assert_max_num_queries(len(two.captured_queries)) as fifty:
        page = client.get("/roadmap/")
    assert page.text.count('class="rm-card"') == 50
    assert len(fifty.captured_queries) == len(two.captured_queries)
    report(
        f"roadmap board page: {len(two.captured_queries)} queries with 2 items and with 50 (SET search_path included)"
    )


def test_item_page_query_budget_does_not_grow_with_its_evidence(
    client_for, world, django_assert_max_num_queries, report
):
    def make(item, count):
        for n in range(count):
            person = ParticipantFactory(attributes={"plan": f"plan-{n % 3}"})
            link(item, insight_with_quotes(f"Budget insight {item.pk}-{n}", [person], pain=3), importance=n % 4)
            link(item, quote(person, pain=4), importance=1)

    item = in_acme(world, lambda: ItemFactory(title="Budget item", status="shipped"))
    in_acme(world, lambda: make(item, 2))
    client = client_for(world.pm)
    with django_assert_max_num_queries(40) as few:
        assert client.get(f"/roadmap/{item.pk}/?q=budget").status_code == 200
    in_acme(world, lambda: make(item, 20))
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        page = client.get(f"/roadmap/{item.pk}/?q=budget")
    assert page.text.count('class="card rm-link"') == 44
    report(f"roadmap item page: {len(many.captured_queries)} queries with 4 and 44 evidence links")


def test_csv_download_follows_the_board_filters(client_for, world):
    def make():
        link(ItemFactory(title="CSV team item"), quote(ParticipantFactory(attributes={"plan": "team"})), importance=3)
        link(ItemFactory(title="CSV free item"), quote(ParticipantFactory(attributes={"plan": "free"})), importance=1)

    in_acme(world, make)
    client = client_for(world.viewer)
    response = client.get("/roadmap/export.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="acme-roadmap.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == ["CSV team item", "CSV free item"]
    assert rows[0]["participants"] == "1" and rows[0]["segments"] == "plan: team 1"
    team = client.get("/roadmap/export.csv?segment=plan%3Dteam")
    assert [
        row["title"] for row in csv.DictReader(io.StringIO(b"".join(team.streaming_content).decode("utf-8-sig")))
    ] == ["CSV team item"]
    assert 'href="/roadmap/export.csv?segment=plan%3Dteam"' in client.get("/roadmap/?segment=plan%3Dteam").text


# One item -----------------------------------------------------------------------------------------------------------


def test_item_page_shows_profile_priority_quotes_and_links_to_the_transcript(client_for, world):
    def make():
        people = [ParticipantFactory(name=f"Quoted {n}", attributes={"plan": p}) for n, p in enumerate("aab")]
        item = ItemFactory(title="Scheduled exports", effort=Decimal(2), status="planned")
        link(item, insight_with_quotes("Exports are manual", people[:2], pain=2), importance=2, note="From churn calls")
        strongest = quote(people[2], "I copy every row by hand, it is awful.", kind="async", pain=5)
        link(item, strongest, importance=3)
        return item, strongest

    item, strongest = in_acme(world, make)
    page = client_for(world.viewer).get(f"/roadmap/{item.pk}/")
    assert page.status_code == 200
    text = page.text
    assert "<dd data-participants>3</dd>" in text and "(2 sync, 1 async)" in text
    assert "average 3, max 5" in text and "Medium: 3 participants; high also needs 8+ participants." in text
    # reach 3 x impact (3 + 5) / 2 / 5 x 3 = 2.4 x 0.8 / 2 = 2.88
    assert f"Score 3 {TIMES} 2.4 {TIMES} 0.8 ÷ 2 = 2.88." in text and "data-priority-score>2.88<" in text
    assert f'href="/transcripts/{strongest.transcript_id}/#h-{strongest.pk}"' in text
    assert text.index("I copy every row by hand") < text.index("Exporting takes me an hour")  # strongest first
    assert "From churn calls" in text and "Importance: Important" in text
    assert "Link evidence" not in text and "Edit item" not in text  # a viewer reads only


def test_picker_searches_and_links_evidence_and_the_priority_changes(client_for, world):
    def make():
        item = ItemFactory(title="Slack alerts")
        insight = insight_with_quotes("Teams miss alerts outside Slack", ParticipantFactory.create_batch(2), pain=4)
        Insight.objects.create(statement="Onboarding is confusing")
        lone = quote(ParticipantFactory(name="Lone Voice"), "Alerts never reach me in Slack.", pain=5)
        return item, insight, lone

    item, insight, lone = in_acme(world, make)
    client = client_for(world.pm)
    page = client.get(f"/roadmap/{item.pk}/").text
    assert "No evidence yet" not in page and "No evidence linked yet." in page
    assert "data-priority-score>0<" in page

    found = client.get(f"/roadmap/{item.pk}/evidence/?kind=insight&q=alerts", headers=HTMX)
    assert found.status_code == 200 and "<html" not in found.text
    assert f'value="insight-{insight.pk}"' in found.text and "Onboarding" not in found.text
    none = client.get(f"/roadmap/{item.pk}/evidence/?kind=insight&q=zebra", headers=HTMX)
    assert "Nothing matches “zebra”." in none.text
    plain = client.get(f"/roadmap/{item.pk}/?kind=highlight&q=slack")  # without JavaScript: the page with results
    assert f'value="highlight-{lone.pk}"' in plain.text and "Lone Voice" in plain.text

    linked = client.post(
        f"/roadmap/{item.pk}/evidence/link/", {"target": f"insight-{insight.pk}", "importance": 3, "note": "Top ask"},
        headers=HTMX,
    )  # fmt: skip
    assert linked.status_code == 200 and "<html" not in linked.text
    assert "<dd data-participants>2</dd>" in linked.text and "Top ask" in linked.text
    # reach 2 x impact 4 / 5 x 3 = 2.4 x low 0.5 / 1 = 2.4
    assert "data-priority-score>2.4<" in linked.text
    again = client.post(f"/roadmap/{item.pk}/evidence/link/", {"target": f"insight-{insight.pk}", "importance": 1})
    assert again.status_code == 400 and "This insight is already linked to this item." in again.text
    missing = client.post(f"/roadmap/{item.pk}/evidence/link/", {"target": "highlight-99999999", "importance": 1})
    assert missing.status_code == 400 and "That highlight no longer exists." in missing.text
    unpicked = client.post(f"/roadmap/{item.pk}/evidence/link/", {"importance": 1})
    assert unpicked.status_code == 400 and "Pick an insight or a highlight to link." in unpicked.text
    quoted = client.post(f"/roadmap/{item.pk}/evidence/link/", {"target": f"highlight-{lone.pk}", "importance": 2})
    assert quoted.status_code == 302 and quoted["Location"] == f"/roadmap/{item.pk}/#evidence"
    assert in_acme(world, lambda: EvidenceLink.objects.filter(item=item).count()) == 2
    already = client.get(f"/roadmap/{item.pk}/evidence/?kind=insight&q=alerts", headers=HTMX)
    assert f'value="insight-{insight.pk}"' not in already.text  # linked evidence leaves the results


def test_change_importance_and_unlink(client_for, world):
    def make():
        item = ItemFactory(title="Audit log")
        return item, link(item, quote(ParticipantFactory(), pain=5), importance=0)

    _, evidence = in_acme(world, make)
    client = client_for(world.owner)
    prefix = f"link-{evidence.pk}"
    updated = client.post(
        f"/roadmap/evidence/{evidence.pk}/", {f"{prefix}-importance": 3, f"{prefix}-note": "CFO asked"}, headers=HTMX
    )
    assert updated.status_code == 200 and "CFO asked" in updated.text
    assert in_acme(world, lambda: EvidenceLink.objects.values_list("importance", "note").get()) == (3, "CFO asked")
    bad = client.post(f"/roadmap/evidence/{evidence.pk}/", {f"{prefix}-importance": 9}, headers=HTMX)
    assert bad.status_code == 400 and "Choose an importance from 0 to 3" in bad.text
    assert in_acme(world, lambda: EvidenceLink.objects.get().importance) == 3
    gone = client.post(f"/roadmap/evidence/{evidence.pk}/unlink/")
    assert gone.status_code == 302 and in_acme(world, lambda: EvidenceLink.objects.count()) == 0
    assert client.post(f"/roadmap/evidence/{evidence.pk}/unlink/").status_code == 404


def test_edit_an_item(client_for, world):
    item = in_acme(world, lambda: ItemFactory(title="Old title", status="planned", horizon="later"))
    client = client_for(world.pm)
    fields = {"title": "New title", "description": "Why", "owner": world.researcher.pk,
              "external_url": "https://tracker.example.com/7", "effort": "3"}  # fmt: skip
    saved = client.post(f"/roadmap/{item.pk}/edit/", {**fields, "status": "idea"}, follow=True)
    assert "Saved “New title”." in saved.text and 'href="https://tracker.example.com/7"' in saved.text
    stored = in_acme(world, lambda: RoadmapItem.objects.values_list("title", "owner", "effort", "status").get())
    # Status and horizon move with the move form only: a stale edit form cannot undo a move made since.
    assert stored == ("New title", world.researcher.pk, Decimal(3), "planned")
    bad = client.post(f"/roadmap/{item.pk}/edit/", {**fields, "title": "", "external_url": "not a url"})
    assert (
        bad.status_code == 400
        and "Enter a valid URL." in bad.text
        and '<details class="card" id="edit" open>' in bad.text
    )
    assert in_acme(world, lambda: RoadmapItem.objects.get().title) == "New title"


def test_add_from_a_column_and_delete_an_item(client_for, world):
    client = client_for(world.researcher)
    board = client.get("/roadmap/?group=horizon").text
    assert 'href="/roadmap/new/?horizon=next" aria-label="Add an item to Next"' in board
    form = client.get("/roadmap/new/?horizon=next").text
    assert (
        '<option value="next" selected>Next</option>' in form and '<option value="idea" selected>Idea</option>' in form
    )
    item = in_acme(world, lambda: link(ItemFactory(title="Short-lived"), quote(ParticipantFactory())).item)
    deleted = client.post(f"/roadmap/{item.pk}/delete/", follow=True)
    assert "Deleted “Short-lived”; its insights and quotes stay." in deleted.text
    assert in_acme(world, lambda: (RoadmapItem.objects.count(), Highlight.objects.count())) == (0, 1)


def test_shipping_tells_participants_and_the_owner_invites_them_to_validate(
    client_for, world, django_capture_on_commit_callbacks
):
    def make():
        told = ParticipantFactory(name="Consenting Carla", consent_to_contact=True)
        silent = ParticipantFactory(name="Silent Sam", consent_to_contact=False)
        item = ItemFactory(title="Saved filters", status="in_progress")
        link(item, insight_with_quotes("Filters get lost", [told, silent]), importance=2)
        validation = RoundFactory(kind="async", purpose="Validate saved filters")
        return item, validation

    item, validation = in_acme(world, make)
    client = client_for(world.pm)
    assert "Close the loop" not in client.get(f"/roadmap/{item.pk}/").text
    with django_capture_on_commit_callbacks(execute=True):
        moved = client.post(f"/roadmap/{item.pk}/move/", {"from": "item", "status": "shipped"}, headers=HTMX)
    assert moved.status_code == 200 and "Close the loop" in moved.text
    assert "Told it shipped: 1 participant." in moved.text and "Consenting Carla" in moved.text
    assert in_acme(world, lambda: ShippedNotice.objects.count()) == 1
    assert "Validate saved filters" in moved.text

    invited = client.post(f"/roadmap/{item.pk}/validation/", {"round": validation.pk}, headers=HTMX)
    assert invited.status_code == 200 and "Invited 1 participant." in invited.text
    refusals = invited.text[invited.text.index("Not invited:") :]
    assert "Silent Sam" in refusals
    plain = client.post(f"/roadmap/{item.pk}/validation/", {"round": ""}, follow=True)
    assert "Choose an async round to invite them to." in plain.text
    sync_round = in_acme(world, lambda: RoundFactory(kind="sync"))
    refused = client.post(f"/roadmap/{item.pk}/validation/", {"round": sync_round.pk}, follow=True)
    assert "Choose an async round to invite them to." in refused.text


# From an insight's page ---------------------------------------------------------------------------------------------


def test_insight_links_section_lists_items_and_links_from_the_insight(client_for, world):
    def make():
        insight = insight_with_quotes("People export weekly", ParticipantFactory.create_batch(2))
        linked, other = ItemFactory(title="Weekly export"), ItemFactory(title="Export API")
        link(linked, insight, importance=3, note="Main evidence")
        return insight, linked, other

    insight, linked, other = in_acme(world, make)
    viewer = client_for(world.viewer).get(f"/roadmap/insights/{insight.pk}/")
    assert viewer.status_code == 200 and "Weekly export" in viewer.text and "Main evidence" in viewer.text
    assert "Link to item" not in viewer.text

    client = client_for(world.pm)
    section = client.get(f"/roadmap/insights/{insight.pk}/").text
    assert f'<option value="{other.pk}">Export API</option>' in section and f'value="{linked.pk}"' not in section
    done = client.post(
        f"/roadmap/insights/{insight.pk}/link/", {"item": other.pk, "importance": 1, "note": "API users"}, headers=HTMX
    )
    assert done.status_code == 200 and "Export API" in done.text and "API users" in done.text
    assert "It already supports every item." in done.text
    twice = client.post(f"/roadmap/insights/{insight.pk}/link/", {"item": other.pk, "importance": 1}, headers=HTMX)
    assert twice.status_code == 400 and "Select a valid choice." not in twice.text
    assert "This insight is already linked to this item." in twice.text
    plain = client.post(
        f"/roadmap/insights/{insight.pk}/link/", {"item": "", "importance": 1, "next": "https://evil.example.com/"}
    )
    assert plain.status_code == 302 and "evil" not in plain["Location"]
    assert in_acme(world, lambda: EvidenceLink.objects.filter(insight=insight).count()) == 2


def test_the_insight_page_includes_the_roadmap_section(client_for, world):
    def make():
        insight = insight_with_quotes("Managers want digests", ParticipantFactory.create_batch(1))
        link(ItemFactory(title="Weekly digest"), insight, importance=3)
        ItemFactory(title="Daily digest")
        return insight

    insight = in_acme(world, make)
    page = client_for(world.researcher).get(f"/insights/{insight.pk}/")
    assert page.status_code == 200 and "On the roadmap" in page.text and "Weekly digest" in page.text
    assert "Link to item" in page.text and f'name="next" value="/insights/{insight.pk}/"' in page.text
    viewer = client_for(world.viewer).get(f"/insights/{insight.pk}/").text
    assert "Weekly digest" in viewer and "Link to item" not in viewer
    daily = in_acme(world, lambda: RoadmapItem.objects.get(title="Daily digest"))
    plain = client_for(world.pm).post(
        f"/roadmap/insights/{insight.pk}/link/", {"item": daily.pk, "importance": 2, "next": f"/insights/{insight.pk}/"}
    )
    assert plain.status_code == 302 and plain["Location"] == f"/insights/{insight.pk}/"
    assert "Daily digest" in client_for(world.viewer).get(f"/insights/{insight.pk}/").text


# Sharing and weights ------------------------------------------------------------------------------------------------


def test_a_share_shows_only_the_attributes_chosen_never_a_company_by_default(client_for, world):
    def make():
        for plan, company in (("team", "Initech Widgets"), ("free", "Hooli Labs")):
            person = ParticipantFactory(attributes={"plan": plan, "company": company})
            link(ItemFactory(title=f"Item for {plan}", status="planned"), quote(person, f"{plan} words", pain=3))
        SegmentWeight.objects.create(attribute="plan", value="team", weight=2)

    in_acme(world, make)
    owner = client_for(world.owner)
    settings_page = owner.get("/roadmap/settings/").text
    # Ticked by default: the weighed attribute; a company is offered, unticked.
    assert 'name="attributes" value="plan" checked' in settings_page
    assert 'name="attributes" value="company">' in settings_page
    owner.post("/roadmap/settings/shares/", {"attributes": ["plan"]})
    default = in_acme(world, lambda: RoadmapShare.objects.get())
    text = client_for().get(f"/roadmap/shared/{default.token}/").text
    assert "plan: team (1)" in text and "Initech" not in text and "Hooli" not in text
    owner.post("/roadmap/settings/shares/", {"attributes": ["company"]})
    chosen = in_acme(world, lambda: RoadmapShare.objects.exclude(pk=default.pk).get())
    assert chosen.attributes == ["company"]
    text = client_for().get(f"/roadmap/shared/{chosen.token}/").text
    assert "Initech Widgets (1)" in text and "plan: team" not in text
    # A viewer cannot make a share link, whatever they tick.
    assert client_for(world.viewer).post("/roadmap/settings/shares/", {"attributes": ["company"]}).status_code == 403


def test_shared_page_shows_summaries_and_no_personal_data(client_for, world):
    def make():
        people = [
            ParticipantFactory(
                name="Zebedee Quartermain", email="zebedee.q@private.example", attributes={"plan": "team"}
            ),
            ParticipantFactory(
                name="Ottilie Vandersloot", email="ottilie.v@private.example", attributes={"plan": "free"}
            ),
        ]
        item = ItemFactory(title="Shared roadmap item", status="planned", horizon="now")
        link(item, insight_with_quotes("Teams want shared views", people[:1], pain=4), importance=3)
        link(item, quote(people[1], "Ottilie here: I want shared views badly.", kind="async", pain=5), importance=2)
        ItemFactory(title="Declined thing", status="declined")
        return people

    people = in_acme(world, make)
    owner = client_for(world.owner)
    settings_page = owner.get("/roadmap/settings/")
    assert "Create a share link" in settings_page.text
    owner.post("/roadmap/settings/shares/")
    share = in_acme(world, lambda: RoadmapShare.objects.get())
    assert share.token in owner.get("/roadmap/settings/").text

    page = client_for().get(f"/roadmap/shared/{share.token}/")  # anonymous, no sign-in
    assert page.status_code == 200
    text = page.text
    assert "Shared roadmap item" in text and "2 participants · 1 sync / 1 async" in text
    assert "Teams want shared views" in text and "Declined thing" not in text
    for person in people:
        assert person.name not in text and person.email not in text
        assert person.name.split()[0] not in text and person.email.split("@")[0] not in text
    assert "Ottilie here" not in text and "private.example" not in text
    assert world.owner.email not in text and "csrfmiddlewaretoken" not in text

    by_horizon = client_for().get(f"/roadmap/shared/{share.token}/?by=horizon").text
    now = by_horizon[by_horizon.index('id="col-now"') : by_horizon.index('id="col-next"')]
    assert "Shared roadmap item" in now and "Planned" in now and "Zebedee" not in by_horizon

    owner.post(f"/roadmap/settings/shares/{share.pk}/revoke/")
    assert client_for().get(f"/roadmap/shared/{share.token}/").status_code == 404
    assert client_for().get("/roadmap/shared/not-a-token/").status_code == 404
    assert client_for(world.outsider, host="globex.localhost").get(f"/roadmap/shared/{share.token}/").status_code == 404


def test_segment_weights_save_and_errors_change_nothing(client_for, world):
    def form(rows):
        data = {"weights-TOTAL_FORMS": len(rows), "weights-INITIAL_FORMS": 0}
        for n, (attribute, value, weight) in enumerate(rows):
            data.update(
                {f"weights-{n}-attribute": attribute, f"weights-{n}-value": value, f"weights-{n}-weight": weight}
            )
        return data

    client = client_for(world.pm)
    page = client.get("/roadmap/settings/")
    assert page.status_code == 200 and "Save weights" in page.text and "Create a share link" not in page.text
    saved = client.post("/roadmap/settings/weights/", form([("plan", "enterprise", "2"), ("", "", "")]), follow=True)
    assert "Segment weights saved" in saved.text
    weights = lambda: list(SegmentWeight.objects.values_list("attribute", "value", "weight"))  # noqa: E731
    assert in_acme(world, weights) == [("plan", "enterprise", Decimal("2.00"))]

    twice = client.post("/roadmap/settings/weights/", form([("plan", "free", "1"), ("plan", "free", "3")]))
    assert twice.status_code == 400 and "plan=free appears twice" in twice.text
    half = client.post("/roadmap/settings/weights/", form([("plan", "", "2")]))
    assert half.status_code == 400 and "Give an attribute and a value" in half.text
    zero = client.post("/roadmap/settings/weights/", form([("plan", "free", "0")]))
    assert zero.status_code == 400 and "greater than or equal to 0.01" in zero.text
    huge = client.post("/roadmap/settings/weights/", form([("plan", "free", "150")]))
    assert huge.status_code == 400 and "the weight of plan=free must be above 0 and at most 100" in huge.text
    assert in_acme(world, weights) == [("plan", "enterprise", Decimal("2.00"))]

    viewer = client_for(world.viewer).get("/roadmap/settings/").text
    assert "enterprise" in viewer and "Save weights" not in viewer and "Create a share link" not in viewer


# Roles and outsiders -------------------------------------------------------------------------------------------------


def _urls(item, evidence, insight, share):
    reads = ["/roadmap/", f"/roadmap/{item.pk}/", "/roadmap/export.csv", "/roadmap/settings/",
             f"/roadmap/insights/{insight.pk}/"]  # fmt: skip
    writes = {
        "/roadmap/new/": {"title": "X", "status": "idea", "horizon": "now", "effort": 1},
        f"/roadmap/{item.pk}/edit/": {"title": "X", "status": "idea", "horizon": "now", "effort": 1},
        f"/roadmap/{item.pk}/move/": {"status": "shipped"},
        f"/roadmap/{item.pk}/delete/": {},
        f"/roadmap/{item.pk}/evidence/link/": {"target": f"insight-{insight.pk}", "importance": 1},
        f"/roadmap/{item.pk}/validation/": {"round": ""},
        f"/roadmap/evidence/{evidence.pk}/": {f"link-{evidence.pk}-importance": 0},
        f"/roadmap/evidence/{evidence.pk}/unlink/": {},
        f"/roadmap/insights/{insight.pk}/link/": {"item": item.pk, "importance": 1},
        "/roadmap/settings/weights/": {"weights-TOTAL_FORMS": 0, "weights-INITIAL_FORMS": 0},
        "/roadmap/settings/shares/": {},
        f"/roadmap/settings/shares/{share.pk}/revoke/": {},
    }
    return reads, writes


@pytest.fixture
def everything(world):
    def make():
        item = ItemFactory(title="Guarded", status="planned")
        insight = insight_with_quotes("Guarded insight", [ParticipantFactory()])
        evidence = link(item, quote(ParticipantFactory()))
        share = RoadmapShare.objects.create()
        return item, evidence, insight, share

    return in_acme(world, make)


def _snapshot(world):
    return in_acme(
        world,
        lambda: (
            list(RoadmapItem.objects.values_list("pk", "title", "status")),
            list(EvidenceLink.objects.values_list("pk", "importance")),
            list(RoadmapShare.objects.values_list("pk", "revoked_at")),
            list(SegmentWeight.objects.values_list("pk")),
        ),
    )


def test_outsiders_get_404_on_every_page_and_action(client_for, world, everything):
    reads, writes = _urls(*everything)
    outsider = client_for(world.outsider)
    before = _snapshot(world)
    for url in reads:
        assert outsider.get(url).status_code == 404, url
    for url, data in writes.items():
        assert outsider.post(url, data).status_code == 404, url
    assert _snapshot(world) == before
    anonymous = client_for().get("/roadmap/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_viewers_read_everything_and_get_403_on_every_write(client_for, world, everything):
    reads, writes = _urls(*everything)
    viewer = client_for(world.viewer)
    before = _snapshot(world)
    for url in reads:
        assert viewer.get(url).status_code == 200, url
    assert viewer.get("/roadmap/new/").status_code == 403
    assert viewer.get(f"/roadmap/{everything[0].pk}/evidence/?q=x").status_code == 403
    for url, data in writes.items():
        assert viewer.post(url, data).status_code == 403, url
    assert _snapshot(world) == before


def test_pm_and_researcher_write_items_but_only_owners_share_and_researchers_do_not_weigh(
    client_for, world, everything
):
    item, _, _, share = everything
    researcher, pm = client_for(world.researcher), client_for(world.pm)
    assert researcher.post(f"/roadmap/{item.pk}/move/", {"status": "in_progress"}).status_code == 302
    assert pm.post(f"/roadmap/{item.pk}/move/", {"horizon": "now"}).status_code == 302
    assert item_state(world, item.pk)[:2] == ("in_progress", "now")
    weights = {"weights-TOTAL_FORMS": 0, "weights-INITIAL_FORMS": 0}
    assert researcher.post("/roadmap/settings/weights/", weights).status_code == 403
    for client in (researcher, pm):
        assert client.post("/roadmap/settings/shares/").status_code == 403
        assert client.post(f"/roadmap/settings/shares/{share.pk}/revoke/").status_code == 403
    assert in_acme(world, lambda: RoadmapShare.objects.filter(revoked_at__isnull=True).count()) == 1
