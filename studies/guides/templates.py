"""Starter discussion guides, one per common research goal, written to ask for stories rather than ratings.

Async guides stay within the seed article's 5-10 minutes; every question passes `studies.guides.lint`.
"""

from dataclasses import dataclass
from decimal import Decimal

from studies.models import Goal, RoundKind


@dataclass(frozen=True)
class TemplateQuestion:
    text: str
    intent: str
    probing: str
    max_follow_ups: int
    estimated_minutes: Decimal


@dataclass(frozen=True)
class GuideTemplate:
    title: str
    summary: str
    goals: tuple[str, ...]
    kind: str
    questions: tuple[TemplateQuestion, ...]

    @property
    def total_minutes(self) -> Decimal:
        return sum((q.estimated_minutes for q in self.questions), Decimal(0))


def _q(text: str, intent: str, probing: str, follow_ups: int, minutes: str) -> TemplateQuestion:
    return TemplateQuestion(text, intent, probing, follow_ups, Decimal(minutes))


TEMPLATES: dict[str, GuideTemplate] = {
    "win_loss": GuideTemplate(
        title="Win/loss: how they decided",
        summary="For recent buyers and lost deals, asked soon after the decision while it is fresh.",
        goals=(Goal.WIN_LOSS_ANALYSIS,),
        kind=RoundKind.ASYNC,
        questions=(
            _q("Tell me about what was going on that made you start looking for a tool like this.",
               "The trigger and the job they needed done.",
               "Ask what happened just before they started looking and what doing nothing would have cost.", 2, "1.5"),
            _q("Walk me through how you compared the options you looked at.",
               "The shortlist and the criteria that really mattered.",
               "Ask which option they dropped first and why; note the words they use for each.", 2, "2"),
            _q("What made the final decision for you in the end?",
               "The deciding factor, in their words.",
               "Ask who else had a say and what they cared about.", 2, "1.5"),
            _q("What almost made you decide the other way?",
               "Objections and near misses we can act on.",
               "Ask for the moment the doubt came up; don't defend the product.", 1, "1.5"),
            _q("What happened in the first week after you decided?",
               "Whether the first experience matched the promise.",
               "Ask for one concrete moment that confirmed or worried them.", 1, "1"),
        ),
    ),
    "churn": GuideTemplate(
        title="Churn: why they left",
        summary="Sent shortly after a cancellation, while the reasons are still concrete.",
        goals=(Goal.WIN_LOSS_ANALYSIS, Goal.CONTINUOUS_FEEDBACK),
        kind=RoundKind.ASYNC,
        questions=(
            _q("Tell me about the moment you decided to stop using the product.",
               "The trigger for leaving, not the list of complaints.",
               "Ask what happened that day or week; get the sequence, not a verdict.", 2, "1.5"),
            _q("What was going on at work around that time?",
               "Context outside the product: budget, team or priority changes.",
               "Ask who else was involved in the decision.", 1, "1"),
            _q("What had you hoped the product would do for you when you started?",
               "The original job, to compare with what they got.",
               "Ask for an example of a time it did that job well, if ever.", 2, "1.5"),
            _q("What are you using instead now, if anything?",
               "The real alternative, including spreadsheets or doing nothing.",
               "Ask what the alternative does better for them.", 2, "1.5"),
            _q("What would have had to be different for you to stay?",
               "The smallest change that would have kept them.",
               "Ask them to be specific; avoid promising anything.", 1, "1.5"),
        ),
    ),
    "onboarding": GuideTemplate(
        title="Onboarding: the first week",
        summary="Triggered a few days after sign-up, about what getting started was really like.",
        goals=(Goal.CONTINUOUS_FEEDBACK,),
        kind=RoundKind.ASYNC,
        questions=(
            _q("What were you hoping to get done when you signed up?",
               "The job they came with.",
               "Ask what prompted them to sign up that day.", 1, "1"),
            _q("Walk me through your first session, from signing up to the first thing you tried.",
               "The path they took and where it diverged from ours.",
               "Ask what they expected to see at each step.", 2, "2"),
            _q("Tell me about a moment in your first week when you got stuck.",
               "Where getting started broke down.",
               "Ask what they were trying to do at that moment and what they saw.", 2, "1.5"),
            _q("What did you do to get unstuck?",
               "Workarounds, help articles, colleagues, or giving up.",
               "Ask how long it took and whether they came back.", 1, "1"),
            _q("What is the first thing you would tell a colleague about getting started?",
               "Advice in their own words, which shows what they learned the hard way.",
               "Ask what they wish they had known on day one.", 1, "1"),
        ),
    ),
    "feature_validation": GuideTemplate(
        title="Feature validation: quick signal on an idea",
        summary="Checks that the problem behind a new feature is real before building it.",
        goals=(Goal.FEATURE_VALIDATION, Goal.VALIDATING_PROBLEM),
        kind=RoundKind.ASYNC,
        questions=(
            _q("Tell me about the last time you ran into the problem this feature is meant to solve.",
               "Whether the problem happens, and how recently.",
               "Ask for a specific occasion; a general opinion is weaker evidence.", 2, "2"),
            _q("How do you handle that today?",
               "The current workaround and what it costs.",
               "Ask what tools or people are involved.", 2, "1.5"),
            _q("What does working around it cost you: time, money, or something else?",
               "How much the problem is worth solving.",
               "Ask them to estimate for last week or last month.", 1, "1"),
            _q("What were you trying to get done the last time you needed something like this?",
               "The first use case they would reach for, from a real occasion rather than a prediction.",
               "Ask what result would have told them it worked.", 2, "1.5"),
            _q("What would stop you from using it?",
               "Barriers: trust, setup effort, approvals, habits.",
               "Ask who else would need to agree.", 1, "1"),
        ),
    ),
    "problem_discovery": GuideTemplate(
        title="Problem discovery: open exploration",
        summary="A live conversation for when you don't yet know what you don't know.",
        goals=(Goal.EARLY_PROBLEM_DISCOVERY, Goal.PERSONA_DEVELOPMENT),
        kind=RoundKind.SYNC,
        questions=(
            _q("Tell me a little about your role.",
               "Context to read the rest of the interview against.",
               "Keep it short; ask who they work with most.", 2, "3"),
            _q("Walk me through what a typical week looks like for you.",
               "Where their time and attention go.",
               "Follow anything they mention twice or sigh about.", 3, "5"),
            _q("What is the hardest part of that work?",
               "Candidate problems, in their words.",
               "Ask why it is hard and since when.", 3, "5"),
            _q("Tell me about the last time that happened.",
               "A concrete story behind the problem.",
               "Get the sequence of events, who was involved and what it cost.", 3, "6"),
            _q("What have you tried to make it easier?",
               "Existing workarounds and spend, a sign the problem matters.",
               "Ask what worked, what didn't, and what they paid.", 3, "5"),
            _q("What happens if nobody solves it?",
               "The cost of doing nothing.",
               "Ask who notices first.", 2, "3"),
            _q("Who else feels this problem the way you do?",
               "Other roles and people to recruit next.",
               "Ask whether they would introduce you.", 2, "3"),
        ),
    ),
    "usability": GuideTemplate(
        title="Usability: watch them do the task",
        summary="A live session with screen sharing; the participant works, you mostly watch.",
        goals=(Goal.USABILITY_TESTING,),
        kind=RoundKind.SYNC,
        questions=(
            _q("Before we start, tell me about the last time you needed to do this task at work.",
               "Their real context for the task, so the test is realistic.",
               "Ask what tools they used then.", 2, "4"),
            _q("Please try the task now, thinking aloud as you go.",
               "Observed behaviour, not opinions.",
               "Stay quiet; if they stop talking, ask what they are looking at.", 3, "10"),
            _q("What did you expect to happen when you clicked that?",
               "Mismatches between their mental model and the design.",
               "Ask it right after a hesitation or a surprise.", 3, "4"),
            _q("Walk me through what you were looking for on that screen.",
               "What they scan for and what they miss.",
               "Point to the screen they were on; don't name the element you hoped they'd find.", 3, "4"),
            _q("What was the hardest part of that task?",
               "Their own account of the obstacles we observed.",
               "Compare with what you saw; ask about any step they skipped.", 2, "4"),
            _q("How does this compare with the way you do it today?",
               "Whether the new flow is worth switching for.",
               "Ask for the specific step that is better or worse.", 2, "4"),
        ),
    ),
    "pain_intensity": GuideTemplate(
        title="Pain intensity: how much it hurts",
        summary="Measures a problem at scale through what people did and spent, not scores.",
        goals=(Goal.MEASURING_PAIN_INTENSITY, Goal.VALIDATING_PROBLEM),
        kind=RoundKind.ASYNC,
        questions=(
            _q("Tell me about the last time this problem got in your way.",
               "A recent, concrete occurrence.",
               "Ask when it was and what they were trying to do.", 2, "1.5"),
            _q("How often has that happened in the past month?",
               "Frequency, as a count rather than a feeling.",
               "Ask for their best estimate; a range is fine.", 1, "1"),
            _q("What did it cost you that time, in hours, money or stress?",
               "Severity in units we can compare across people.",
               "Ask who else was affected.", 2, "1.5"),
            _q("What have you already tried to fix it?",
               "Effort and spend already invested, the strongest sign of pain.",
               "Ask what they paid and why it didn't work.", 2, "1.5"),
            _q("What would change for you if it disappeared tomorrow?",
               "The value of a solution, in their words.",
               "Ask what they would do with the time saved.", 1, "1.5"),
        ),
    ),
    "continuous_feedback": GuideTemplate(
        title="Continuous feedback: always-on check-in",
        summary="A short, always-open link triggered after someone uses the product.",
        goals=(Goal.CONTINUOUS_FEEDBACK,),
        kind=RoundKind.ASYNC,
        questions=(
            _q("What did you come here to get done today?",
               "The job of this visit.",
               "Ask what prompted it.", 1, "1"),
            _q("Walk me through how that went.",
               "Where the visit went well or badly.",
               "Ask about any step that took longer than expected.", 2, "1.5"),
            _q("Tell me about anything that slowed you down.",
               "Small obstacles that never reach a support ticket.",
               "Ask what they did to get past it.", 2, "1.5"),
            _q("What did you expect to find that wasn't there?",
               "Gaps between their expectations and the product.",
               "Ask where they looked for it.", 2, "1"),
            _q("What is one thing we should change first?",
               "Their top priority, to weigh against what we saw.",
               "Ask why that one over the rest.", 1, "1"),
        ),
    ),
    "workflows": GuideTemplate(
        title="Workflows: see how the work gets done",
        summary="A live session with screen sharing to follow a real piece of work from start to finish.",
        goals=(Goal.UNDERSTANDING_WORKFLOWS, Goal.PERSONA_DEVELOPMENT),
        kind=RoundKind.SYNC,
        questions=(
            _q("Walk me through the last time you did this work from start to finish, sharing your screen if you can.",
               "The real sequence of steps, tools and hand-offs.",
               "Ask to see the actual files and tools; note every copy, paste and export.", 4, "10"),
            _q("What happens right before you start?",
               "The trigger and the inputs they wait for.",
               "Ask who or what starts the work.", 2, "3"),
            _q("Who else is involved along the way?",
               "Hand-offs, approvals and the roles around the work.",
               "Ask what they send to each person and how.", 2, "4"),
            _q("Where do you copy things from one place to another?",
               "Manual glue between tools, a common source of errors.",
               "Ask how long it takes and what goes wrong.", 3, "4"),
            _q("What do you do when something goes wrong halfway through?",
               "Exceptions and recovery, which the happy path hides.",
               "Ask for the last time it happened.", 3, "5"),
            _q("What would you never want us to change about how you work today?",
               "What already works and must be protected.",
               "Ask why it matters to them.", 2, "4"),
        ),
    ),
}  # fmt: skip


def templates_for_goal(goal: str) -> list[tuple[str, GuideTemplate]]:
    """Every template as (slug, template): those that fit the goal first, then the rest, each in TEMPLATES order."""
    return sorted(TEMPLATES.items(), key=lambda item: goal not in item[1].goals)
