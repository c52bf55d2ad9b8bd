"""Word lists the guide linter's rules are built from: the team's jargon, loaded adjectives, fixed pairs.

Kept apart from the rules so a researcher can extend a list without reading a regular expression.
"""

# Terms a team uses about its product that a participant would not, with the plain words to use instead.
JARGON: tuple[tuple[str, str], ...] = (
    (r"NPS", "whether you'd tell a friend about it"),
    (r"end-to-end(?: journey)?|(?:customer|user) journey", "everything you did, from start to finish"),
    (r"action(?:s|ed|ing)?(?=\s+(?:the|this|that|these|those|it|them)\b)", "act on"),
    (r"jobs? to be done|happy path|core loop|lifetime value|sticky", "what they use it for"),
    (r"(?-i:Project [A-Z][a-z]+)", "the change you noticed (participants do not know our project names)"),
    (r"KPIs?", "the numbers your team watches"),
    # "the section 5(2)(b) objection", "an Article 10 certificate": a law by its number (5 of 5 labelled jargon in the
    # development sets); not "section 3 of the form".
    (r"(?:section|article)\s\d+[A-Za-z]?(?:\(\w{1,3}\))*(?!\s+of\s+(?:the|your|this)\b)", "what the rule says"),
    (r"onboarding funnel", "getting started"),
    (r"frictions?", "what got in the way"),
    (r"value prop(?:osition)?s?", "what it does for you"),
    (r"UX|UI|CX", "how it felt to use"),
    (r"onboarding flows?", "getting started"),
    (r"time[- ]to[- ](?:first[- ])?value", "how long until it was useful"),
    (r"engagement(?! (?:shoot|ring|party|photos?|session|dinner)s?\b)", "how often you use it"),  # not a wedding's
    (r"MRR|ARR", "monthly or yearly revenue"),
    (r"daily active (?:users?|usage)", "how many people use it each day"),
    (r"mental models?", "how you think it works"),
    (r"CTAs?|call[- ]to[- ]action", "the button"),
    (r"PLG|product[- ]led growth", "how people find and try it"),
    (r"affordances?", "what shows you what to do"),
    (r"customer lifecycle", "the time you've been with us"),
    (r"self[- ]serve", "doing it yourself"),
    (r"workflow optimi[sz]ation", "making your work faster"),
    (r"synerg(?:y|ies|i[sz]e[sd]?|i[sz]ing)", "how they work together"),
    (r"(?-i:Phase \d+ of [A-Z][a-z]+)", "the change you noticed (participants do not know our project names)"),
    (
        r"(?-i:(?<=the )[A-Z][a-z]+ (?:programme|program|initiative|workstream))",
        "the change you noticed (participants do not know our programme names)",
    ),
    (r"leverag(?:e|es|ed|ing)", "use"),
    (r"personas?", "the kind of person"),
    (r"churn(?:s|ed|ing)?", "stop using it"),
    (r"MAUs?|DAUs?", "how many people use it"),
    (r"stakeholder alignment", "getting everyone to agree"),
    (r"pain[- ]points?", "the hardest part"),
    (r"touch ?points?", "the moments you deal with us"),
    (r"user journeys?", "the steps you go through"),
    (r"JTBD|jobs[- ]to[- ]be[- ]done", "what you were trying to get done"),
    # Growth and analytics vocabulary: how a team measures people, never how people describe themselves.
    (
        r"(?:(?:sales|signup|sign-up|checkout|conversion|marketing|purchase|acquisition)\s+)?funnels?",
        "the steps you went through",
    ),
    (r"(?:retention|user|customer|signup|sign-up)?\s*cohorts?", "people like you"),
    (r"(?<!data )(?<!water )retention(?: rates?)?", "whether you kept using it"),
    (
        r"(?<!currency )(?<!unit )(?<!file )conversion(?:s|\s+rates?)?(?!\s+(?:of|into)\b)",
        "going from trying it to paying",
    ),
    (
        r"(?<!account )(?<!card )activation(?! (?:emails?|codes?|links?|keys?))(?: moments?| rates?)?|aha moments?",
        "when it first became useful",
    ),
    (r"stickiness", "what brings you back"),
    (r"(?:omni|multi|cross)[- ]?channel", "online and in person"),
    (r"north[- ]star(?: metrics?)?", "the number that matters most"),
    (r"GTM|go[- ]to[- ]market", "how we told people about it"),
    (r"(?:up|cross)[- ]?sell(?:s|ing)?", "offers to buy more"),
    (r"information architecture", "how things are arranged"),
    # Not the drop-off of a pick-up and drop-off service, a drop-off point, nor one walked through as a handover ("Walk
    # me through the drop-off, from ...", "from drop-off to pick-up", "the first drop-off", "a drop-off charge"), nor
    # dropping something off ("when you drop off the meal").
    (
        r"(?<!pick-up and )(?<!pickup and )(?<!pick up and )(?<!through the )(?<!from )(?<!first )(?<!last )"
        r"drop[- ]offs?(?! (?:and|service|points?|zones?|times?|slots?|areas?|bays?|boxe?s?|charges?|to|the|an?|your"
        r"|my|our|their|his|her|them|it|him)\b)(?: rates?)?"
        r"|bounce rates?",
        "where you stopped",
    ),
    (r"CAC|LTV|CLV|ARPU|AOV|CSAT|OKRs?|NRR|SaaS|B2[BC]|MVPs?", "the plain words for it"),
    (r"monetis\w*|monetiz\w*|virality|viral loops?|growth hack\w*|power users?|unit economics", "how we earn from it"),
    (r"A/B test(?:s|ed|ing)?|split test(?:s|ed|ing)?", "trying two versions"),
    (r"freemium(?: tiers?| plans?)?", "the free version"),
    (r"engag(?:e|es|ed|ing) with", "use"),
    (r"(?:in-app )?nudges?", "the reminders"),
    (r"paid (?:social|search|media|acquisition)|organic (?:search|traffic|reach|growth|channels?)", "how you found us"),
    (r"velocity|throughput", "how much your team gets done"),
    # Engineering and sales shorthand for the tools and the work, not what the participant sees.
    (r"(?:tech(?:nology)?|your|our) stack(?!s| of| up)", "the tools you use"),
    (r"table stakes", "the basics you expect"),
    (r"paywalls?", "where you're asked to pay"),
    (r"dark patterns?", "tricks to keep you from leaving"),
    (r"cold starts?(?: times?)?", "how long it takes to open"),
    (r"pipeline reviews?", "the meetings about deals you're working on"),
    (r"actionable insights?|value[- ]adds?|best[- ]in[- ]class|deliverables?|learnings", "plain words"),
    (r"user (?:segments?|flows?|stories)|segmentation|feature adoption|adoption rates?", "the people who use it"),
    # Abstract nouns made from "-able" and "-ise" words, a product team's way of naming a quality.
    (
        r"(?!(?:avail|reli|respons|poss|cap|li|prob|st|suit|dur|accept|afford|vulner|account|sustain|profit|inevit|dis"
        r"|cred|vis|flex|compat|inst|port|mob|elig|ineligi|read|leg)(?:abil|ibil)ity\b)\w+(?:abil|ibil)ity",
        "how easy it is to find, learn or use",
    ),
    (
        r"(?:productis|productiz|operationalis|operationaliz|incentivis|incentiviz|gamific|featuris|featuriz|"
        r"verticalis|verticaliz|hyper-?personalis|hyper-?personaliz)\w*",
        "the plain words for it",
    ),
)

# Acronyms most participants use themselves (public services, everyday devices, money and documents); any other
# acronym is the team's shorthand, not the participant's.
_EVERYDAY = (
    "OK PDF CSV TV PC US UK EU USA AI ID FAQ IT IRS VAT GP GPS HR CRM API NHS MOT ATM PIN SMS MMS DIY CEO CFO CV USB"
    " QR DVD CD PhD MBA BBC GCSE ISA IVF ICU A&E ER DNA UN NGO HMRC DVLA RSVP ASAP FYI PS PM AM BBQ WiFi SIM SUV"
    " LED LCD HD IOU TBC N/A PE PTA MP DJ SAT ACT DBS CCTV BMX RSPCA SATNAV VHF PB PSI"
    " HQ PA LP EP PVC RNLI MC B&B HRT ACAS"
    # The boardroom's titles and its research budget, said by those who hire them: "your FD", "R&D tax relief".
    " FD MD R&D"
    # What patients and growers call the scan or the compound themselves: "your next DEXA scan", "the THC testing".
    " MRI DEXA THC CBD"
    # The meeting members and company secretaries call by its letters: "last year's AGM".
    " AGM"
)
EVERYDAY_ACRONYMS = frozenset(_EVERYDAY.split())

# Adjectives that judge: "How <adjective> was it?" suggests the answer. ("How long was it?" only measures.)
LOADED_ADJECTIVES = (
    "great good easy hard difficult frustrating annoying painful useful helpful amazing simple intuitive bad confusing"
    " smooth fast slow quick terrible awful wonderful clunky relevant clear accurate reliable secure safe painless"
    " seamless convenient enjoyable"
)
# Words a team writes about its own product to sell it.
PRAISE = "amazing great powerful fantastic brilliant intuitive seamless"
# Two words joined by "and" that name one thing.
FIXED_PAIRS = frozenset(
    {
        "pros cons", "terms conditions", "trial error", "research development", "back forth", "ups downs",
        "cash carry", "bits pieces", "odds ends", "black white", "salt pepper", "bread butter", "health safety",
        "friends family",
        "mum dad", "mom dad", "bed breakfast", "fish chips", "hit miss", "copy paste", "cut paste", "drag drop",
        "plug play", "up running", "now then", "here there", "more more", "over over", "again again",
        "profit loss", "supply demand", "question answer", "q a", "rock roll", "peace quiet", "wear tear",
        "sales marketing", "time again", "day night",
        # Fixed names of one thing: "the park and ride", "click and collect", "pick and mix", "arts and crafts".
        "park ride", "click collect", "pick mix", "meet greet", "arts crafts", "nuts bolts", "bells whistles",
        "pie mash", "hustle bustle", "pick-up drop-off", "pickup drop-off", "drop-off pick-up",
        "pen paper", "brother sister", "brothers sisters",
        # One trade: "How did you get into armoury work for film and TV?"
        "film tv", "film television", "stage screen",
        # One trip both ways: "How do you get them to and from school?"
        "to from",
    }
)  # fmt: skip
# Nouns for groups of people whose opinion, quoted in a question, pushes the participant to agree.
GROUPS = (
    "users customers clients people members teams companies businesses shops stores clinics practices managers owners"
    " parents patients schools firms agencies restaurants"
)
