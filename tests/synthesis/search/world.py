"""A small research repository about calendars and exports: sync and async interviews, coded quotes, an insight,
a roadmap item; for the search and ask tests."""

from types import SimpleNamespace

from interviews.models import Utterance
from roadmap.models import RoadmapItem
from synthesis.insights import services as insights
from tests.studies.factories import ParticipantFactory, RoundFactory, StudyFactory
from tests.synthesis.insight_data import interview, quote, tag


def build(actor):
    study = StudyFactory(title="Scheduling pains", research_questions=["How do teams plan their week?"])
    other_study = StudyFactory(title="Reporting")
    wide = RoundFactory(study=study, kind="async", order=1, purpose="Wide net on planning")
    calls = RoundFactory(study=study, kind="sync", order=2, purpose="Deep dives with planners")
    reports = RoundFactory(study=other_study, kind="async", order=1, purpose="Exports")
    enterprise = ParticipantFactory(name="Ines Moreau", email="ines@example.com", attributes={"segment": "Enterprise"})
    smb = ParticipantFactory(name="Tom Baker", email="tom@example.com", attributes={"segment": "smb"})
    ana = ParticipantFactory(name="Ana Lima", email="ana@example.com", attributes={"segment": "smb"})
    async_one = interview(
        "Our calendars never agree, so I copy every meeting by hand into the team calendar.",
        "Honestly the worst part is the Monday planning meeting.",
        round_=wide,
        participant=enterprise,
        days=1,
    )
    call = interview(
        "The calendar sync drops events when someone changes the time zone.",
        "We gave up on the sync and use a shared spreadsheet now.",
        kind="sync",
        round_=calls,
        participant=smb,
        days=10,
    )
    exports = interview(
        "Exports to CSV take forever and the numbers do not match the dashboard.",
        round_=reports,
        participant=ana,
        days=20,
    )
    sync_tag, export_tag = tag("Scheduling > Calendar sync"), tag("Reporting > Exports")
    copy = quote(async_one, "I copy every meeting by hand", tags=[sync_tag], pain=4, actor=actor)
    drops = quote(call, "The calendar sync drops events", tags=[sync_tag], pain=5, actor=actor)
    csv = quote(exports, "Exports to CSV take forever", tags=[export_tag], pain=2, actor=actor)
    insight = insights.insight_create(
        statement="Calendar sync loses meetings, so planners retype them.", highlights=[copy, drops], actor=actor
    )
    item = RoadmapItem.objects.create(title="Two-way calendar sync", description="Stop losing moved meetings.")
    said = Utterance.objects.filter(transcript__in=[async_one, call, exports])
    utterance = {u.text.split()[1]: u for u in said}  # by their second word: "calendars", "calendar", "to"...
    utterance["Exports"] = utterance.pop("to")
    return SimpleNamespace(**locals())
