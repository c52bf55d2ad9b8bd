"""Figure 7: synthesis jobs at scale — clustering 10,000 highlights, and offline auto-tagging throughput.

In acme's schema, inside one transaction that is rolled back at the end (nothing is committed, nothing needs
removing), this writes with bulk_create a study of 500 interviews whose participants' answers come from a seeded
generator of varied sentences on eight topics (exports, onboarding, pricing, search, notifications, mobile,
integrations, permissions), with different tools, people, periods and numbers, so no two quotes need be alike:

1. Clustering: 500 interviews x 20 highlighted answers = 10,000 highlights. Timed twice: the algorithm alone
   (`cluster_texts`: TF-IDF, SVD, k-means with the number of themes chosen by silhouette) and the whole job
   (`job_run`: reading the highlights and their tags, clustering, committing the themes and their members in
   batches).
2. Auto-tagging: a codebook of the eight topics with 25 coded quotes each, then 500 more interviews of 10 uncoded
   answers (5,000 units) auto-tagged by the offline backend through `job_run` (batches of 50, each committed):
   utterances per second over the job's own recorded duration.

Run alone with `.venv/bin/python bench/synthesis_jobs.py`, or as part of `make bench`.
"""

import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

if __name__ == "__main__":  # run alone: import the apps from the project root
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from interviews.models import Transcript, Utterance
from studies.models import Participant, Round, RoundKind, Study
from synthesis.jobs import services
from synthesis.jobs.cluster import cluster_texts
from synthesis.models import Highlight, JobKind, Suggestion, Tag, Theme
from workspaces.models import Workspace

WORKSPACE = "acme"
SLOTS = {
    "tool": ["Excel", "Google Sheets", "Salesforce", "HubSpot", "Jira", "Notion", "Slack", "our ERP"],
    "person": ["my manager", "our finance lead", "the new intern", "our CTO", "a customer", "the sales team"],
    "period": ["every Friday", "every month", "each quarter", "twice a week", "before every board meeting"],
    "number": ["two hours", "half a day", "forty minutes", "a whole afternoon", "ten minutes"],
    "thing": ["the invoices", "the pipeline", "the custom fields", "the attachments", "the comments", "the tags"],
}
TOPICS = {
    "Export": (
        "Getting data out: CSV, Excel, reports.",
        [
            "The export to {tool} drops {thing}, so I fix the report by hand {period}.",
            "I need a CSV export of {thing} for {person} {period}.",
            "Exporting the report to {tool} takes {number} and often times out.",
            "The exported spreadsheet never matches what the dashboard shows.",
            "{person} asks for the numbers in {tool}, and the export columns are in the wrong order.",
        ],
    ),
    "Onboarding": (
        "Setting up the account, inviting the team, the first days.",
        [
            "Inviting {person} during setup was confusing, the invitation email went to spam.",
            "The onboarding checklist never explained how to connect {tool}.",
            "Setting up our workspace took {number} because the setup wizard kept resetting.",
            "On the first day {person} could not find where to start.",
            "The welcome tour skipped the part about {thing}, so onboarding the team stalled.",
        ],
    ),
    "Pricing": (
        "Plans, seats, invoices, what it costs.",
        [
            "The price per seat doubled when we added {person}, which is hard to justify.",
            "I could not tell which plan includes {thing}.",
            "{person} asked why our invoice went up again this quarter.",
            "Paying for seats nobody uses feels expensive for a small team.",
            "The pricing page hides the cost of the {tool} add-on.",
        ],
    ),
    "Search": (
        "Finding things: search, filters.",
        [
            "Search gets slow once a project has a few hundred items in it.",
            "I search for {thing} and the results never show the newest ones first.",
            "The filters forget my choices, so I set them again {period}.",
            "Finding an old conversation with {person} takes {number} of scrolling.",
            "Search does not look inside {thing}, so I keep a list in {tool}.",
        ],
    ),
    "Notifications": (
        "Emails, alerts, reminders.",
        [
            "I get so many notification emails that I miss the ones from {person}.",
            "The reminders arrive after the meeting has already started.",
            "Alerts about {thing} go to {tool} and nobody reads that channel.",
            "I turned off notifications {period} and then missed a deadline.",
            "There is no digest, so the notification noise costs me {number} a day.",
        ],
    ),
    "Mobile": (
        "The phone app, working on the go.",
        [
            "On my phone the app logs me out whenever I switch to {tool}.",
            "The mobile app cannot open {thing}, so I wait until I am at my desk.",
            "Approving requests on the phone takes {number} because the buttons are tiny.",
            "{person} uses the mobile app on site and the offline mode loses changes.",
            "Photos uploaded from the phone arrive sideways.",
        ],
    ),
    "Integrations": (
        "Connecting other tools: sync, API, webhooks.",
        [
            "The {tool} integration stops syncing {thing} without telling anyone.",
            "We built our own sync with {tool} because the connector misses {thing}.",
            "The API rate limit breaks our nightly import {period}.",
            "{person} wants the webhook to include {thing}.",
            "Reconnecting {tool} after a password change takes {number}.",
        ],
    ),
    "Permissions": (
        "Roles, access rights, sharing.",
        [
            "I cannot give {person} read-only access to {thing}.",
            "Everyone is an admin because the roles are too coarse.",
            "Sharing a report with {person} exposes {thing} we wanted to keep private.",
            "Removing access when someone leaves takes {number} across every project.",
            "The permission settings differ between {tool} and here, and nobody knows which wins.",
        ],
    ),
}
SMALL_TALK = [
    "Sorry, my dog is barking, give me a second.",
    "Can you hear me now?",
    "We moved offices last spring.",
    "I have been in this role for about three years.",
]


def sentence(rng: random.Random) -> tuple[str, str]:
    """A participant's answer and its topic, from the templates with random slots."""
    topic = rng.choice(list(TOPICS))
    text = rng.choice(TOPICS[topic][1]).format(**{slot: rng.choice(values) for slot, values in SLOTS.items()})
    return text[0].upper() + text[1:], topic


def build_interviews(*, study: Study, interviews: int, answers: int, rng: random.Random, tag: str) -> list[Utterance]:
    """`interviews` transcripts of `answers` participant utterances (and the interviewer's prompts), in bulk."""
    round_ = Round.objects.create(study=study, order=1, kind=RoundKind.ASYNC, purpose="wide net",
                                  target_participants=interviews)  # fmt: skip
    people = Participant.objects.bulk_create(
        Participant(email=f"{tag}-{study.pk}-{n}@example.com", name=f"Person {n}") for n in range(interviews)
    )
    start = timezone.now() - timedelta(days=60)
    transcripts = Transcript.objects.bulk_create(
        Transcript(
            kind=RoundKind.ASYNC,
            round=round_,
            participant=person,
            title=f"Interview {n}",
            occurred_at=start + timedelta(hours=n),
        )
        for n, person in enumerate(people)
    )
    rows = []
    for transcript in transcripts:
        for order in range(answers):
            rows.append(Utterance(transcript=transcript, order=2 * order + 1, speaker_role="interviewer",
                                  text="Tell me about the last time that happened."))  # fmt: skip
            text, topic = (rng.choice(SMALL_TALK), None) if rng.random() < 0.1 else sentence(rng)
            answer = Utterance(transcript=transcript, order=2 * order + 2, speaker_role="participant", text=text)
            answer.topic = topic  # what the generator wrote about: the truth auto-tagging is scored against
            rows.append(answer)
    return [u for u in Utterance.objects.bulk_create(rows, batch_size=5000) if u.speaker_role == "participant"]


def highlight_all(utterances: list[Utterance], study: Study) -> list[Highlight]:
    return Highlight.objects.bulk_create(
        (
            Highlight(
                utterance=u,
                start=0,
                end=len(u.text),
                text=u.text,
                transcript=u.transcript,
                participant=u.transcript.participant,
                round=u.transcript.round,
                study=study,
            )
            for u in utterances
        ),
        batch_size=5000,
    )


class _Rollback(Exception):
    pass


def measure() -> dict:
    """Clustering time for 10,000 highlights and offline auto-tagging throughput over 500 interviews; rolled back."""
    rng = random.Random(7)
    tag = f"bench-jobs-{time.monotonic_ns()}"
    figures: dict = {}
    schema_name = Workspace.objects.get(slug=WORKSPACE).schema_name
    try:
        with transaction.atomic(), schema_context(schema_name):
            # 1. Clustering 10,000 highlights.
            study = Study.objects.create(title=f"{tag} clustering", goal="early_problem_discovery")
            started = time.perf_counter()
            highlights = highlight_all(build_interviews(study=study, interviews=500, answers=20, rng=rng, tag=tag),
                                       study)  # fmt: skip
            figures["jobs_cluster_seed_s"] = time.perf_counter() - started
            texts = [h.text for h in highlights]
            started = time.perf_counter()
            clusters = cluster_texts(texts)
            figures["jobs_cluster_highlights"] = len(texts)
            figures["jobs_cluster_algorithm_s"] = time.perf_counter() - started
            figures["jobs_cluster_themes"] = len(clusters)
            job = services.job_start(kind=JobKind.CLUSTER, study=study, actor=None)
            started = time.perf_counter()
            job = services.job_run(job.pk)
            figures["jobs_cluster_job_s"] = time.perf_counter() - started
            assert job.status == "done" and job.processed == len(texts), (job.status, job.error)
            figures["jobs_cluster_job_themes"] = Theme.objects.filter(job=job).count()
            figures["jobs_cluster_largest_themes"] = list(
                Theme.objects.filter(job=job).order_by("order").values_list("label", "size")[:5]
            )

            # 2. Offline auto-tagging over 500 interviews of 10 answers.
            coded_study = Study.objects.create(title=f"{tag} codebook", goal="early_problem_discovery")
            through = Highlight.tags.through
            tags = {name: Tag.objects.create(name=f"{name} ({tag})", description=d) for name, (d, _) in TOPICS.items()}
            coded = build_interviews(study=coded_study, interviews=20, answers=10, rng=rng, tag=f"{tag}-coded")
            examples = [(utterance, utterance.topic) for utterance in coded if utterance.topic]
            coded_highlights = highlight_all([u for u, _ in examples], coded_study)
            through.objects.bulk_create(
                through(highlight_id=h.pk, tag_id=tags[name].pk)
                for h, (_, name) in zip(coded_highlights, examples, strict=True)
            )
            figures["jobs_autotag_coded_examples"] = len(coded_highlights)
            study = Study.objects.create(title=f"{tag} auto-tagging", goal="early_problem_discovery")
            answers = build_interviews(study=study, interviews=500, answers=10, rng=rng, tag=f"{tag}-tagging")
            job = services.job_start(kind=JobKind.AUTOTAG, study=study, actor=None)
            started = time.perf_counter()
            job = services.job_run(job.pk)
            wall = time.perf_counter() - started
            assert job.status == "done", job.error
            figures["jobs_autotag_interviews"] = 500
            figures["jobs_autotag_utterances"] = job.processed
            figures["jobs_autotag_batches"] = job.stats.get("batches", 0)
            figures["jobs_autotag_s"] = wall
            figures["jobs_autotag_utterances_per_s"] = job.processed / wall
            figures["jobs_autotag_suggestions"] = Suggestion.objects.filter(job=job).count()
            # Quality against the generator's topics: a suggestion is right when its best tag is the answer's topic.
            truth = {u.pk: u.topic for u in answers}
            names = {t.pk: name for name, t in tags.items()}
            suggested = {}
            for s in Suggestion.objects.filter(job=job).prefetch_related("tags").order_by("-score"):
                suggested.setdefault(s.utterance_id, {names.get(t.pk) for t in s.tags.all()})
            right = sum(1 for pk, found in suggested.items() if truth[pk] in found)
            topical = sum(1 for topic in truth.values() if topic)
            figures["jobs_autotag_precision"] = right / max(1, len(suggested))
            figures["jobs_autotag_recall"] = right / max(1, topical)
            figures["jobs_autotag_small_talk_suggested"] = sum(1 for pk in suggested if truth[pk] is None)
            raise _Rollback
    except _Rollback:
        pass
    return figures


def report(figures: dict) -> list[str]:
    f = figures
    return [
        f"Clustering {f['jobs_cluster_highlights']:,} highlights: algorithm {f['jobs_cluster_algorithm_s']:.1f} s"
        f" ({f['jobs_cluster_themes']} themes), whole job {f['jobs_cluster_job_s']:.1f} s"
        f" ({f['jobs_cluster_job_themes']} themes committed). Largest: "
        + "; ".join(f"{label} ({size})" for label, size in f["jobs_cluster_largest_themes"]),
        f"Offline auto-tagging: {f['jobs_autotag_utterances']:,} answers of {f['jobs_autotag_interviews']} interviews"
        f" in {f['jobs_autotag_s']:.1f} s = {f['jobs_autotag_utterances_per_s']:.0f} utterances/s"
        f" ({f['jobs_autotag_batches']} committed batches, {f['jobs_autotag_suggestions']:,} suggestions, codebook of"
        f" 8 tags with {f['jobs_autotag_coded_examples']} coded quotes). Against the generator's topics: the right tag"
        f" on {f['jobs_autotag_precision']:.0%} of answers with a suggestion, {f['jobs_autotag_recall']:.0%} of"
        f" topical answers found, {f['jobs_autotag_small_talk_suggested']} small-talk answers suggested.",
    ]


if __name__ == "__main__":
    for line in report(measure()):
        print(line)
