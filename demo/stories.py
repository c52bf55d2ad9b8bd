"""What the demo's churned customers tell the async interviewer: one story per reason for leaving, in fragments.

Each fragment is one or two sentences with the teller's own details in braces ({old}: the tool they came from,
{alt}: what they use now, {boss}: who decided, {mate}/{mate_role}: a colleague, {n}: headcount, {day}, {rows},
{hours}, {few}, {seats}, {price}, {week}, {client}). `[[words]]` marks the words that illustrate the story's tag, and
`[[Tag|words]]` words that illustrate another tag of the demo codebook: the synthesis demo highlights exactly those.
Fragments are grouped by the guide question they answer (see SLOTS in demo/scripts.py).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Story:
    tag: str  # the codebook path this story illustrates
    pain: int  # how much it hurt, 1-5: the coders' pain scores are drawn around it
    trigger: tuple[str, ...]  # the moment they decided to stop
    more: tuple[str, ...]  # what happened, when asked to go on
    impact: tuple[str, ...]  # what it cost them, when asked how it affected them
    hope: tuple[str, ...]  # what they had hoped for
    stay: tuple[str, ...]  # what would have kept them


STORIES = {
    "import": Story(
        "Onboarding > Import fails", 4,
        trigger=(
            "It was the {day} of our first week, when I tried to bring our projects over from {old}. [[The import "
            "stopped at row {rows} with an error that said nothing useful]], and I closed the tab.",
            "The second evening I tried, with a cleaned-up file from {old}, [[it failed again at row {rows}, this "
            "time without any message]].",
            "After two failed imports I told {mate}, {mate_role}, that we would stay on {old} until further "
            "notice.",
            "Honestly the decision was made in my head on day {week}, staring at a half-imported board of {rows} "
            "rows.",
        ),
        more=(
            "I exported {rows} rows from {old} as a CSV, mapped the columns and watched the spinner for ten minutes "
            "before the error came up.",
            "Then I split the file into smaller pieces. Some went through, but [[the due dates from {old} came in as "
            "plain text]] and the assignees were empty.",
            "{mate} offered to retype the missing {rows} rows by hand over the weekend, and I said no, that is not a "
            "good use of anyone's {day}.",
            "I wrote to support on {day} afternoon with a screenshot; the answer asked me for the file, which I "
            "could not send because of client names in it.",
        ),
        impact=(
            "It ate about {hours} hours I had blocked for client work that week.",
            "The bigger cost was trust: {n} people had heard me say we were switching, and then nothing moved for a "
            "week.",
            "I felt a bit silly in front of {mate}, who had warned me that moving off {old} mid-quarter was risky.",
        ),
        hope=(
            "One place for our {n} people's projects instead of {old} plus a pile of email threads.",
            "I wanted {mate} and the rest of the team to open one screen on a {day} morning and see what was due.",
            "Less time chasing status; with {old} I was spending about {hours} hours a week asking who does what.",
        ),
        stay=(
            "[[An import that tells me which row is wrong]] and keeps the dates; that alone would have kept the {n} "
            "of us.",
            "Someone from your side offering to do the migration from {old} with us in week one.",
            "A sample file to copy, so I know the format before wasting an afternoon on {rows} rows.",
        ),
    ),
    "adoption": Story(
        "Collaboration > Team adoption", 4,
        trigger=(
            "About {week} weeks in, I realised I was the only one of {n} people still opening it; [[everyone else "
            "had drifted back to {old}]].",
            "The moment was a {day} stand-up where {mate} pulled up {old} to show the plan, not our board, and "
            "nobody even noticed.",
            "On a {day} I sent a reminder to the team for the third time, and [[only {few} of the {n} invites had ever "
            "been accepted]].",
            "When I went on holiday for a week nobody updated a single task, and when I came back I stopped "
            "pretending.",
        ),
        more=(
            "I had set up the projects and invited everyone on day one. [[Invites lost|Half the invites landed in "
            "spam]] and I only found out when {mate} asked me where the link was.",
            "The people who did join made an account, looked around once and went back to {old} because that is "
            "where their tasks already were.",
            "[[Two systems|I ended up copying updates from {old} into the board]] every {day} so my own view stayed "
            "right.",
            "I tried a rule that anything not on the board does not exist; it lasted until the first client "
            "escalation, roughly {week} days.",
        ),
        impact=(
            "I spent roughly {hours} hours a week keeping two lists in sync, which is exactly the job I wanted to "
            "get rid of.",
            "It was a bit lonely, to be honest: a tool for a team that only I used.",
            "It made me look like I was pushing a pet project on {n} people who had not asked for it.",
        ),
        hope=(
            "That the whole team of {n} would plan the week in one place instead of asking me on chat.",
            "I pictured {mate} and the others updating their own tasks, so I would stop being the human status "
            "page.",
            "Mostly visibility: who is overloaded, what is late, without a meeting every {day}.",
        ),
        stay=(
            "[[If two or three colleagues had moved in with me]], it would have worked for all {n} of us.",
            "Invites that actually arrive, and a nudge to people who have not logged in after {week} days.",
            "Some way to bring people in gently, like letting {mate} comment by email without an account.",
        ),
    ),
    "outlook": Story(
        "Collaboration > Calendar sync", 3,
        trigger=(
            "We missed a deadline on a {day} because [[the due date never showed up in Outlook]], where {n} of us "
            "actually live.",
            "In week {week}, {mate}, {mate_role}, asked me why the dates were not in her calendar, and I had to admit "
            "[[the sync only worked with Google]].",
            "I found the calendar setting on day {week}, saw Google only, and knew the team would never look at "
            "another tab.",
        ),
        more=(
            "We are a Microsoft shop: Outlook, Teams, SharePoint. The board was the one thing outside it, so "
            "nobody checked it.",
            "I tried the iCal feed as a workaround; [[Outlook refreshed it about once a day]], so dates were wrong "
            "half the time.",
            "A client review slipped from {day} to the following week and nobody on our side noticed until the "
            "client wrote.",
            "I asked support whether Outlook was coming and got a friendly answer with no date in it.",
        ),
        impact=(
            "That missed review cost us an awkward call and, I'd guess, {hours} hours of rework to recover.",
            "It meant I became the reminder service again, pinging people on Teams about dates that were on the "
            "board.",
            "I stopped trusting the dates myself, which defeats the point.",
        ),
        hope=(
            "Deadlines in the calendar we already use, so nobody has to remember a new place.",
            "I wanted the {n} of us to see client dates next to our meetings, not in a separate app.",
            "Honestly, to stop copying due dates from {old} into Outlook by hand every {day}.",
        ),
        stay=(
            "[[Two-way Outlook sync]]. For {mate} and the others, nothing else mattered.",
            "Even a one-way Outlook feed that refreshes every few minutes would have been enough for {mate}.",
        ),
    ),
    "permissions": Story(
        "Collaboration > Permissions", 3,
        trigger=(
            "We had a kickoff with {client} on a {day} and [[I could not share one project with them without "
            "exposing the whole workspace]].",
            "I spent {hours} hours that week trying roles and guest settings, then gave up and sent the client a "
            "PDF.",
            "The moment was when {client} saw another client's project name in their view. That was the end of it.",
        ),
        more=(
            "We work with outside clients on every project, and each one should see their project and nothing else.",
            "[[Guests either saw everything or nothing]]; there was no middle ground I could find.",
            "I read the help article twice, tried a separate workspace per client, and then our bill doubled on "
            "paper.",
            "{mate}, {mate_role}, wrote to support; they suggested a workaround with duplicated projects that we "
            "would have had to keep in sync.",
        ),
        impact=(
            "It was embarrassing in front of {client}, and we had to apologise in the next status call.",
            "It meant exports and screenshots to the client every {day}, which is what we used {old} for anyway.",
            "I lost most of a week of evenings on it, maybe {hours} hours.",
        ),
        hope=(
            "A place where {client} could follow their project without another email thread.",
            "I hoped to stop sending weekly status PDFs to clients and just give them a link.",
            "Fewer status meetings with clients; we had {n} of those a week across accounts.",
        ),
        stay=(
            "[[Per-project sharing with clients]] that is obvious the first time you try it with someone like "
            "{client}.",
            "A client view for {client} that shows one project and hides the rest, set up in a minute.",
        ),
    ),
    "price": Story(
        "Value and price > Price jump", 4,
        trigger=(
            "We added seat number {seats} on a {day} and [[the bill jumped to the next tier]], about {price} more a "
            "month.",
            "{boss} saw the new invoice and asked what we were getting for {price} a month, and I didn't have a good "
            "answer.",
            "Renewal came up in week {week}; [[going from {seats_before} to {seats} seats more than doubled the "
            "price]].",
        ),
        more=(
            "We are {n} people but only {seats} need to edit; the rest just look at things, and they were charged "
            "the same.",
            "I put together a small spreadsheet comparing us with {alt}; it came out at about half the price for "
            "our size.",
            "I asked sales about a discount for view-only people and got a call booked for two weeks later, which "
            "was after our renewal date.",
            "{boss} gave me until {day} to justify the cost, and I could not point at a number that had changed.",
        ),
        impact=(
            "It turned a tool decision into a budget discussion, and budget discussions with {boss} are never short.",
            "It was {price} a month we had to take from somewhere else; for a team our size that is real money.",
            "I felt caught out, because I had told {boss} it would cost less than {old}.",
        ),
        hope=(
            "Something that grows with us without {boss} having to sign off on every new hire's seat.",
            "To replace {old} and a couple of small tools with one subscription that made sense for {n} people.",
            "A tool everyone could use, including the people who only check status once a week.",
        ),
        stay=(
            "[[Cheaper seats for people who only view]], or a tier between {seats_before} and {seats} seats.",
            "A price that doesn't jump by {price} because we hired one person.",
            "Showing {boss} what we got for the money; a usage summary would have helped me argue.",
        ),
    ),
    "reporting": Story(
        "Value and price > Reporting gap", 4,
        trigger=(
            "Month end came, [[{mate} from finance asked for hours per client as a CSV]], and there was no report "
            "that gave it.",
            "On the third working day of the month I was copying numbers from the board into a spreadsheet by "
            "hand, and I thought, this is what {old} already did.",
            "The week before our board meeting, {boss} asked for a utilisation report and [[I could not produce one "
            "from the tool]].",
        ),
        more=(
            "Finance needs hours and budget per client every Friday; we bill from that, so it's not optional.",
            "I tried the built-in charts; they look nice but [[you cannot export the numbers behind them]].",
            "{mate} built a formula sheet on top of my manual copy, and after two weeks it was the real source of "
            "truth.",
            "I spent about {hours} hours that month rebuilding numbers that the tool obviously had somewhere.",
        ),
        impact=(
            "Invoices went out {week} days late that month, which {boss} noticed immediately.",
            "It made the tool look like a cost with no return, because the people who sign off never saw anything "
            "from it.",
            "Every Friday turned into a small panic about whether my copy-paste matched the board.",
        ),
        hope=(
            "To see where our {n} people's time goes without a separate timesheet tool.",
            "One place for the work and the numbers, so finance stops chasing me every {day}.",
            "I wanted to walk into the monthly meeting with a chart instead of an apology.",
        ),
        stay=(
            "[[A report finance can export on Friday]] with hours and budget per client, ready for {mate} every {day}.",
            "A scheduled CSV export to {mate}'s inbox would honestly have been enough.",
        ),
    ),
    "project": Story(
        "Value and price > No lasting need", 2,
        trigger=(
            "We signed up for the {client} project, and [[when it wrapped up in week {week} there was no reason to "
            "keep paying]].",
            "There wasn't really a moment. The {client} launch happened on a {day}, the team scattered back to "
            "their own work, and I cancelled.",
            "The project we bought it for finished a month early, and [[we had nothing else that needed a board]].",
        ),
        more=(
            "It was a temporary team of {n} people from three departments, and the board was perfect for that.",
            "After launch everyone went back to their own team's tools; mine is {alt}, {mate}'s team uses something "
            "else.",
            "I kept it for one more billing cycle in case the follow-up phase started, but it got pushed to next "
            "year.",
        ),
        impact=(
            "No real impact, to be honest; it did its job for those {week} weeks.",
            "Mostly that we lost the history, because I didn't think of exporting the board before cancelling.",
        ),
        hope=(
            "A shared plan for the {client} project that people outside my team could follow.",
            "To get a temporary group of {n} people working from one list for a few weeks.",
        ),
        stay=(
            "Nothing, probably; [[we only had one project that needed it]], the one for {client}.",
            "Maybe a cheap way to pause the account and keep the history until the next project like {client}.",
        ),
    ),
    "export": Story(
        "Reliability and trust > Export bugs", 4,
        trigger=(
            "[[The export broke the week we had an audit]]: half the columns came out empty, and I had {week} days "
            "to send the file.",
            "Support confirmed the export bug on a {day} and said a fix was planned; [[the fix took {weeks_fix} "
            "weeks]].",
            "When {mate} opened the export in Excel and every date was off by one day, I lost faith in the numbers.",
        ),
        more=(
            "We export every week for {client}; it's part of our contract, so a broken export isn't a small thing.",
            "I found the bug on a {day} around 6pm, filed a ticket with screenshots, and got a reply the next "
            "morning.",
            "The workaround was copying {rows} rows into a spreadsheet by hand, which {mate} did twice before "
            "refusing.",
            "Every update from support was polite, but each one moved the fix by another week.",
        ),
        impact=(
            "We sent the audit file {week} days late, with an apology, and {boss} had to call the client.",
            "It cost {mate} about {hours} hours of copying, and me my weekend checking her copy.",
            "After that I double-checked every export by hand, which made the tool slower than {old}.",
        ),
        hope=(
            "I hoped it would replace our weekly spreadsheet for {client} with an export we never touch.",
            "Reliable data in and out; we are a small team of {n} and cannot afford to babysit tools.",
        ),
        stay=(
            "[[An export I could trust]], and a fix within days when it breaks, not {weeks_fix} weeks.",
            "Being told on day one that the export had a known bug, so {mate} could plan around it.",
        ),
    ),
    "security": Story(
        "Reliability and trust > Security questions", 3,
        trigger=(
            "Our security team sent a questionnaire of {rows} questions and [[the review stalled for {weeks_fix} "
            "weeks]] waiting for answers.",
            "On day {week} of the pilot, {mate} from legal asked where the data is stored and [[nobody could tell us "
            "which region]], so the pilot was frozen.",
            "The trial ran out in the middle of our vendor review, and by the time the review resumed the "
            "champion had moved teams.",
        ),
        more=(
            "We need SSO and a data processing agreement before anyone outside the pilot of {n} can log in.",
            "I sent the questionnaire on a {day}; the reply covered about half and pointed to a generic trust page.",
            "Procurement put us in the queue behind {few} other vendors, so every week of delay cost us a place.",
            "{boss} wanted the SOC 2 report before signing, and we got it {week} weeks after asking.",
        ),
        impact=(
            "The pilot team went back to {old} while they waited, and nobody came back afterwards.",
            "It put me in the position of defending a vendor I could not get answers from.",
            "I spent about {hours} hours chasing documents, which is not my job.",
        ),
        hope=(
            "To move {n} people in our department off {old}, which IT is retiring next year.",
            "A project tool that our security review would approve in one pass, so we could roll it out quickly.",
        ),
        stay=(
            "[[A security pack ready to send]]: data location, SSO, the DPA, the SOC 2 report, before {boss} has to "
            "ask.",
            "A named contact who answers a security questionnaire in days, for a pilot of {n} people.",
        ),
    ),
    "mobile": Story(
        "Reliability and trust > Mobile logouts", 3,
        trigger=(
            "One {day} morning I was on a site visit with {client} and [[the app had logged me out again]], with no "
            "signal to get the 2FA code.",
            "[[The mobile app logged me out every morning]], and on day {week} I deleted it from my phone.",
            "The moment came when {mate}, our site lead, sent me a photo of the login screen with one word: again.",
        ),
        more=(
            "Half of our {n} people are in the field, not at desks, so the phone is the product for them.",
            "We checked with support: the logout was a known issue on some Android versions, fixed in a later "
            "release.",
            "Crews went back to a WhatsApp group and photos, which is what they used before and still use.",
            "I logged in again {few} times in one {day}; I counted because I was so annoyed.",
        ),
        impact=(
            "It meant the field team stopped updating tasks, so the office was blind again.",
            "Roughly {hours} hours a week of calls asking the crews where things stood.",
            "I looked like I had brought in a tool that does not work where we actually work.",
        ),
        hope=(
            "That people on site could tick off tasks and add photos without calling the office.",
            "A phone-first tool for our field crews; the desk people were already fine with {old}.",
        ),
        stay=(
            "[[A mobile app that keeps me logged in]], and works offline for an hour on a site like {client}'s.",
            "Just stable logins on Android; {mate} and the crews liked the rest of the app.",
        ),
    ),
    "jira": Story(
        "Value and price > Missing integration", 4,
        trigger=(
            "{boss} decided to standardise on {alt} because [[it integrates with Jira]], and our trial was over "
            "that {day}.",
            "Our engineers refused to update two tools, and [[without a Jira sync we were always a week behind]].",
            "In week {week} our engineering lead asked which tool talks to Jira, and the answer made the choice for "
            "us.",
        ),
        more=(
            "Product plans in your tool, engineering tickets in Jira; somebody had to copy status across, and that "
            "was me.",
            "I tried Zapier to sync issues; it created duplicates on the second day and I switched it off.",
            "{alt} showed a Jira panel on every card in the demo, and that was the end of the comparison.",
        ),
        impact=(
            "Roadmap reviews were based on stale status, which {boss} caught twice in one meeting.",
            "I was copying {rows} issue statuses a week by hand, which is absurd for a product manager.",
        ),
        hope=(
            "One roadmap view for product and engineering, so the {n} of us stop arguing about what's done.",
            "I wanted to stop copying ticket status into slides every {day}.",
        ),
        stay=(
            "[[A real two-way Jira integration]]; without it, a team of {n} mostly engineers will not stay.",
            "Even read-only Jira status on a card would have bought us time with {boss}.",
        ),
    ),
    "slow": Story(
        "Reliability and trust > Slowness", 3,
        trigger=(
            "Once our main board passed {rows} items, [[every drag took two or three seconds]], and {mate} gave up "
            "first.",
            "On a {day} planning session with {n} people watching my screen, [[the board took almost a minute to "
            "load]].",
            "Search stopped finding things in week {week}, and after that people asked me instead of the tool.",
        ),
        more=(
            "We keep everything on one board for the whole season; {old} handled it, so we assumed this would too.",
            "Support told us to archive old items, which is exactly the history we needed in planning.",
            "I timed it once: {few} seconds to open a card on a normal office connection.",
        ),
        impact=(
            "Planning meetings ran twice as long as they should, with everyone waiting on my screen.",
            "People stopped updating cards because each update felt like a chore.",
        ),
        hope=(
            "A fast overview of the whole season's work for {n} people, in one board.",
            "Something quicker than {old}, which was already creaking under our data.",
        ),
        stay=(
            "[[A board that stays fast with a few thousand items]]; we are {n} people, not that big.",
            "Keeping history without making the daily view slow, maybe an archive view for {mate}.",
        ),
    ),
    "call": Story(
        "Onboarding > Onboarding call missed", 3,
        trigger=(
            "[[Our onboarding call was cancelled twice]], and by week {week} we had figured out half the "
            "product alone.",
            "The promised onboarding session was moved from {day} to the next week, then again, and [[nobody "
            "rescheduled it]].",
            "We never got past the basics; when {mate} asked how the automations work, nobody on our side knew.",
        ),
        more=(
            "We are {n} people and not very technical; we bought the plan partly because of the onboarding call.",
            "The first cancellation came an hour before the call, by email, with a link to book again.",
            "I booked again for {day}; that one was cancelled too, and the third slot offered was after our trial "
            "ended.",
        ),
        impact=(
            "We used maybe a tenth of what we paid for, and it felt like it.",
            "It cost {mate} and me a few evenings of help videos, around {hours} hours in total.",
        ),
        hope=(
            "A proper setup with someone who knows the product, so the {n} of us would start on the right foot.",
            "To automate the weekly reminders {mate} sends by hand every {day}.",
        ),
        stay=(
            "[[One hour with someone who knows the product]] in the first week, before {mate} and I had guessed wrong.",
            "The onboarding call we were promised, on the {day} it was booked.",
        ),
    ),
}  # fmt: skip

# What was going on at work around that time (the guide's second question), whatever the story.
CONTEXT = (
    "We were in the middle of hiring; {n} people then, and {mate} had just joined as {mate_role}.",
    "It was our busiest stretch of the year, the weeks before {client} went live.",
    "Budgets were being cut across the company, and {boss} was reviewing every subscription line by line.",
    "We had a reorganisation that month, and half of my team moved under a new manager.",
    "I had just been promoted and had about a week to get the team organised before the next quarter.",
    "End of quarter. Nobody wants a new tool when the deadline is on {day}.",
    "Two people went on parental leave at the same time, so the rest of us covered their projects.",
    "We had just lost a big client, so {boss} was asking hard questions about every cost.",
    "A new {client} contract had just started and we were onboarding their people too.",
    "We were moving offices that month, which took more of my time than I want to admit.",
    "Nothing special, just the usual pile of projects for {n} people.",
    "{boss} had asked every team lead to cut one tool before the new fiscal year.",
    "Our renewal date was coming up, so there was a deadline to decide either way.",
    "It was the summer slowdown, which is why I finally had time to try something new.",
    "We had just raised a small round and were growing from {n} people toward twice that.",
    "I was covering for {mate} while she was out, so I had two jobs for a month.",
    "A client audit was coming, and everything had to be documented by {day}.",
    "Our biggest client doubled their order volume, and we were running at about {hours} hours of overtime a week.",
    "My manager left in the middle of it, so I was reporting straight to {boss} for the first time.",
    "We were closing the books for the year, which in finance means nothing else gets attention.",
    "I had three projects landing in the same fortnight, one of them for {client}.",
    "Honestly, a calm month. That's partly why the decision was easy.",
    "{mate} was onboarding four new starters, and every tool we had was being questioned.",
    "We had a security incident at another vendor that spring, so IT was extra careful with anything new.",
    "The team was arguing about process anyway, so a new tool landed in a tense moment.",
)
# What would have kept them, when their story's own words are taken (the fifth question).
STAY = (
    "If it had fit how the {n} of us already work, without {mate} having to change her whole routine.",
    "A check-in from someone on your side around week {week}, before we had made up our minds.",
    "Fixing the one thing I described; for a team of {n}, the rest of the product was fine.",
    "If {mate} had been on board from day one, I think we would still be using it.",
    "A longer trial, so we could get past our busy {day}s before {boss} had to decide.",
    "Honestly, more help from you in the first {week} weeks and a bit more patience from us.",
)
# Who else was involved (the follow-up on the second question).
CONTEXT_MORE = (
    "{boss} made the final call; I made the case, and {mate} was the loudest voice against.",
    "It was mostly my decision, though I checked with {mate} because she would have used it the most.",
    "Finance had a say because of the renewal date; otherwise it was me and {boss}.",
    "Nobody formally decided, really; people just stopped opening it and I stopped paying.",
    "{mate} and I talked it through over lunch on {day}, and we agreed it wasn't the moment.",
    "{boss} signs anything over a hundred a month, so the decision went through that desk.",
    "The team leads voted in our {day} meeting; it was four against one.",
    "Just me. I pay for it on my own card and expense it, so nobody else had to agree.",
    "{mate} raised it first in a retro: she said the board was one more place to check.",
    "Procurement, in the end; the tool never made it past the approved vendor list.",
    "{boss} asked me for a one-page comparison and decided on the spot once it was on the table.",
    "A couple of senior people simply refused to use it, and that decided it without a meeting.",
    "The client side had a say too, since they would have needed accounts.",
    "I talked to two other team leads who had tried it; both had already given up.",
    "It was me and {mate}; she would have been the admin, and she was already overloaded.",
    "{boss} wasn't involved at all, which in hindsight was a mistake; nobody senior backed it.",
)
# When asked for an example of it doing the job well (the follow-up on the third question).
HOPE_MORE = (
    "The first {week} days were good: the templates gave us a project plan in about ten minutes.",
    "It did work for one thing: the weekly view during the {client} kickoff was clearer than anything in {old}.",
    "Once, yes: {mate} found a blocked task on her own before our {day} meeting, which never happens.",
    "Not really, we never got far enough for it to do that job.",
    "Comments on tasks worked nicely; people actually replied there instead of on chat for a week or so.",
    "The board looked great in the demo with sample data; with our real data it never got there.",
    "The checklist on each card was exactly what we needed for handovers between shifts.",
    "The timeline view, briefly; I showed it to {boss} once and it got a nod.",
    "When {mate} was off sick, I could see her open tasks in one place and hand them out in minutes.",
    "For about {week} weeks my own to-do list lived there and I liked it a lot.",
    "The recurring tasks were lovely; our {day} checklist created itself every week.",
    "Mostly no. The things I hoped for were exactly the things that didn't happen.",
    "The first client update I sent from it took five minutes instead of the usual hour.",
    "The dashboard on day one looked like exactly what I had pictured, which is why I was so keen.",
    "The mentions worked: people saw their name and replied within the hour, at least in the first week.",
)
# What they use now (the fourth question), by what kind of alternative they chose.
INSTEAD = {
    "tool": (
        "We moved to {alt}. Not perfect, but [[Missing integration|it fits with the rest of our stack]].",
        "{alt}, since about week {week}. {boss} had used it in a previous job.",
        "We use {alt} now; {mate} had it running for the whole team in an afternoon.",
        "{alt}. It's what {mate} already knew, so the switch took a day.",
        "Mostly {alt} now, with a few stragglers still on {old}.",
    ),
    "back": (
        "[[Two systems|We went back to {old}]], with all its flaws.",
        "Back to {old}, plus a shared inbox. Ugly, but everyone knows how it works.",
        "{old} again. Honestly, nobody complained about going back.",
        "We're on {old}, same as before we tried you.",
        "Back on {old}; {mate} never really left it.",
        "The old setup: {old} for the work, chat for everything else.",
        "We fell back to {old} within a week, without anyone deciding it.",
        "{old}, which we had never actually cancelled, so it was easy.",
        "Same as before, {old}. I keep a personal list on paper next to it.",
    ),
    "sheet": (
        "[[Two systems|A shared spreadsheet again]], one tab per client, colour-coded by {mate}.",
        "Spreadsheets. {mate} built a template with a status column and it does the job.",
        "A Google Sheet and a weekly email; it's primitive but it's where people already are.",
        "Excel, a status column and a lot of conditional formatting.",
        "A spreadsheet that {mate} owns; I check it every {day}.",
        "We built a tracker in Google Sheets over a weekend; it's held up for {week} months now.",
        "An Excel file on SharePoint with {n} tabs, one per person. Don't judge.",
    ),
    "nothing": (
        "Nothing right now; the project is done.",
        "Nothing, really. We'll look again if another project like {client} comes up.",
        "Nothing at the moment; everyone went back to email.",
    ),
}
# What the alternative does better (the follow-up on the fourth question).
INSTEAD_MORE = {
    "tool": (
        "It connects to the tools our {n} people already use, so nobody has to remember to go there.",
        "Their onboarding took one call, and {mate} had questions answered the same day.",
        "The pricing is flat for our size; {boss} likes knowing the number in advance.",
        "Honestly it's not much better, but it was already approved by IT.",
        "It handles the one thing we needed, and the rest we live without.",
        "{mate} says it's slower, but at least it does what it promised in the demo.",
    ),
    "back": (
        "Everyone already knows {old}, so there's no training and no arguing.",
        "It's not better; it's just familiar, and familiar wins when you're busy.",
        "We already pay for {old} through another contract, so there's no extra bill.",
        "Nothing new to learn, which matters when we're this busy.",
        "Clients already have logins for {old}, so nobody has to invite anyone.",
        "Honestly nothing; it's habit. I'd switch again for the right tool.",
        "I can see the whole month on one page in {old}, and that's all I really use.",
    ),
    "sheet": (
        "Anyone can open a spreadsheet, including clients, with no invites and no seats.",
        "{mate} can change the columns herself without asking anyone, which she loves.",
        "Finance can pull numbers straight out of it, which was our whole reporting problem.",
        "It's ours: no vendor, no renewal, no permission screens.",
        "It's worse for planning, but nobody has to be convinced to open it.",
    ),
    "nothing": (
        "There's no work that needs it at the moment.",
        "We archived the plan as a PDF and that's enough for now.",
        "If the next phase happens, I would probably look at a few tools again.",
    ),
}
