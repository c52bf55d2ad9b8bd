"""The demo's people: who they are, why they left in their first month, and how they talk.

One row per person: name | company | email domain (or only its ending, after the company's name: "se" gives
northwindstudio.se) | time zone | role | segment (smb, mid-market, enterprise) | plan | people on the team |
story (demo/stories.py) | tone | the tool they came from | what they use now ("back" to the old tool, "sheet",
"nothing" or a tool's name) | how they took part in the first async round:
  P  personal link, completed     Pi / Pa  personal link, in progress / abandoned
  O  open link, anonymous         Oo  open link, opted in to a follow-up call      Oi / Oa  open link, unfinished
  N  a participant not interviewed yet           X  asked not to be contacted
  C  personal link, completed, opted in to a follow-up call, then handed to the sync round and booked a call
     (the first one is the imported call's participant, the second the one whose call is typed up)
"""

import re
import unicodedata
from dataclasses import dataclass

ROWS = """
Maya Lindqvist|Northwind Studio|se|Europe/Stockholm|studio manager|smb|team|14|import|chatty|Trello|back|P
Tomás Herrera|Cerro Logística|mx|America/Mexico_City|operations lead|mid|business|38|import|precise|Smartsheet|sheet|P
Aisha Bello|Kora Health|ng|Africa/Lagos|programme manager|mid|team|22|import|terse|Excel|sheet|O
Henrik Dahl|Fjord Ventures|no|Europe/Oslo|founder|smb|free|4|import|vague|Notion|back|P
Priyanka Rao|Saffron Analytics|in|Asia/Kolkata|delivery lead|mid|business|45|import|precise|Jira|Asana|Oo
Luca Bianchi|Verde Architettura|it|Europe/Rome|partner|smb|team|9|import|chatty|Basecamp|back|P
Grace O'Neill|Harbour & Finch|ie|Europe/Dublin|office manager|smb|team|12|adoption|chatty|email threads|sheet|P
Kenji Watanabe|Sora Digital|jp|Asia/Tokyo|project manager|mid|team|31|adoption|precise|Backlog|back|P
Daniel Okoro|Brightpath Learning|com|Africa/Lagos|programmes head|mid|business|26|adoption|terse|Google Sheets|sheet|P
Sofia Marchetti|Lume Events|it|Europe/Rome|event producer|smb|team|8|adoption|chatty|WhatsApp|back|O
Ethan Brooks|Copperline Builders|com|America/Denver|operations manager|smb|team|18|adoption|vague|paper|back|Pa
Noura Haddad|Cedar Legal|ae|Asia/Dubai|practice manager|mid|business|40|adoption|precise|Outlook tasks|back|P
Jonas Becker|Kraftwerk Media|de|Europe/Berlin|team lead|smb|team|11|adoption|terse|Trello|back|O
Hannah Schultz|Alpenblick Hotels|at|Europe/Vienna|operations director|mid|business|60|outlook|precise|Excel|sheet|P
Marcus Reid|Reid & Parker|co.uk|Europe/London|managing partner|smb|team|16|outlook|terse|Outlook|back|P
Chloé Fontaine|Atelier Fontaine|fr|Europe/Paris|studio director|smb|team|7|outlook|chatty|Excel|sheet|Oo
Rajesh Iyer|Meridian Consulting|in|Asia/Kolkata|engagement manager|mid|business|34|outlook|precise|Planner|back|P
Olivia Grant|Grant Wealth|com.au|Australia/Sydney|client services lead|smb|team|10|outlook|vague|Outlook|back|O
Ines Carvalho|Ponte Design|pt|Europe/Lisbon|creative director|smb|team|9|permissions|chatty|Dropbox folders|back|P
Samuel Adeyemi|Lagoon Creative|ng|Africa/Lagos|account director|smb|team|15|permissions|precise|Basecamp|back|P
Camila Rojas|Andes Studio|cl|America/Santiago|producer|smb|team|6|permissions|terse|email threads|sheet|O
Ben Fischer|Fischer Bau|de|Europe/Berlin|project lead|mid|business|28|permissions|precise|Excel|Wrike|P
Leila Moradi|Moradi Accountants|ca|America/Toronto|partner|smb|team|12|permissions|chatty|Karbon|back|Oo
James Whitfield|Whitfield Recruitment|co.uk|Europe/London|finance director|mid|business|52|price|precise|Trello|back|P
Ana Petrović|Pixel Forge|rs|Europe/Belgrade|CEO|smb|team|19|price|terse|Asana|ClickUp|P
Diego Fernández|Sol Marketing|es|Europe/Madrid|agency owner|smb|team|8|price|chatty|Google Sheets|sheet|P
Emily Zhang|Blue Heron Labs|com|America/Los_Angeles|operations lead|smb|team|17|price|precise|Notion|back|O
Kwame Asante|Gold Coast Freight|com.gh|Africa/Accra|operations manager|mid|team|24|price|chatty|Excel|Monday.com|P
Sarah Cohen|Tidewater Dental|com|America/New_York|practice administrator|smb|team|11|price|vague|paper|back|P
Mikael Virtanen|Revontuli Games|fi|Europe/Helsinki|studio lead|smb|team|13|price|terse|Trello|Linear|P
Fatima Zahra|Atlas Accounting|ma|Africa/Casablanca|finance manager|mid|business|36|reporting|precise|Excel|sheet|P
Oliver Hughes|Hughes & Lane|co.uk|Europe/London|operations director|mid|business|48|reporting|chatty|Harvest|back|P
Min-jun Park|Seoul Bridge Agency|seoulbridge.kr|Asia/Seoul|account lead|smb|team|20|reporting|terse|Excel|sheet|P
Laura Jensen|Nordlys Consulting|dk|Europe/Copenhagen|managing consultant|mid|business|30|reporting|precise|Excel|Float|O
Carlos Mendes|Rio Verde|com.br|America/Sao_Paulo|finance lead|mid|team|27|reporting|chatty|Google Sheets|sheet|Oo
Hiroshi Sato|Kaizen Works|jp|Asia/Tokyo|team lead|smb|team|9|reporting|vague|Excel|sheet|Oa
Rachel Adams|Maple Street Events|com|America/Chicago|events lead|smb|free|6|project|chatty|Google Sheets|nothing|P
Arjun Mehta|Tilt Studio|io|Asia/Singapore|product lead|smb|team|12|project|precise|Notion|nothing|P
Zanele Dube|Ubuntu Impact|org.za|Africa/Johannesburg|programme lead|smb|free|8|project|terse|email threads|nothing|O
Peter Novak|Vltava Film|cz|Europe/Prague|producer|smb|team|15|project|chatty|Excel|nothing|O
Isabel Ortiz|Museo Abierto|org|America/Bogota|exhibitions manager|mid|team|21|project|precise|Smartsheet|back|P
Nadia Rahman|Crescent Research|com.au|Australia/Melbourne|research ops|mid|business|33|export|precise|Airtable|back|P
Tom Gallagher|Gallagher Audit|ie|Europe/Dublin|audit manager|mid|business|29|export|terse|Excel|sheet|P
Yuki Tanaka|Hoshi Logistics|jp|Asia/Tokyo|operations analyst|ent|business|140|export|precise|Excel|sheet|Oo
Amara Nwosu|Clearwater Clinics|co.uk|Europe/London|QA lead|mid|business|44|export|chatty|Smartsheet|back|P
Felix Wagner|Stadtwerk Digital|de|Europe/Berlin|IT lead|ent|business|120|export|vague|SharePoint lists|back|O
Elena Popescu|Danube Insurance|ro|Europe/Bucharest|digital lead|ent|business|180|security|precise|SharePoint|back|P
Robert Chen|Pacific Mutual Bank|com|America/Los_Angeles|programme manager|ent|business|250|security|terse|Jira|back|P
Sanne de Vries|Polder Energy|nl|Europe/Amsterdam|PMO lead|ent|business|150|security|chatty|MS Project|back|P
Abdullah Karim|Gulf Health Group|sa|Asia/Riyadh|projects lead|ent|business|200|security|precise|Excel|Monday.com|Oo
Claire Martin|Lyon Mutuelle|fr|Europe/Paris|change manager|ent|business|160|security|vague|Excel|back|Pa
Jake Morrison|Morrison Roofing|com.au|Australia/Brisbane|owner|smb|team|16|mobile|terse|WhatsApp|back|P
Lucía Gómez|Verde Paisajes|es|Europe/Madrid|site coordinator|smb|team|19|mobile|chatty|WhatsApp|back|P
Aaron Mensah|Volta Solar|com.gh|Africa/Accra|field ops lead|mid|team|35|mobile|precise|paper job sheets|Fieldwire|P
Sipho Ndlovu|Karoo Electrical|co.za|Africa/Johannesburg|operations manager|smb|team|14|mobile|terse|WhatsApp|back|O
Megan Taylor|Taylor Home Care|com|America/Chicago|care coordinator|mid|team|42|mobile|chatty|paper rosters|back|Oi
Vikram Nair|Lattice Labs|io|Asia/Kolkata|head of product|mid|business|64|jira|precise|Jira|Linear|P
Sophie Laurent|Cobalt SaaS|fr|Europe/Paris|product manager|mid|business|55|jira|chatty|Confluence|Productboard|P
Ryan O'Connor|Beacon Fintech|com|America/New_York|engineering manager|mid|business|70|jira|terse|Jira|Shortcut|P
Mei Lin|Riverstone Software|sg|Asia/Singapore|product owner|mid|business|48|jira|precise|Jira|Aha!|O
Gabriel Souza|Tucano Apps|com.br|America/Sao_Paulo|CTO|smb|team|18|jira|terse|Jira|back|Pi
Hannah Berg|Fjell Outdoor|no|Europe/Oslo|ecommerce manager|mid|business|26|slow|chatty|Trello|back|P
Owen Price|Price & Daughters|co.uk|Europe/London|operations lead|smb|team|13|slow|precise|Excel|sheet|P
Keiko Mori|Mori Print Works|jp|Asia/Tokyo|production manager|smb|team|11|slow|terse|Excel|sheet|O
Julia Kowalski|Wisła Foods|pl|Europe/Warsaw|planning lead|mid|business|39|slow|precise|Asana|back|P
Andrés Silva|Pampa Wines|com.ar|America/Argentina/Buenos_Aires|export manager|smb|team|10|slow|chatty|Excel|sheet|Oa
Nina Holm|Holm Interiors|dk|Europe/Copenhagen|owner|smb|team|5|call|chatty|paper|back|P
Benjamin Lee|Lee Family Dental|com|America/Los_Angeles|office manager|smb|team|9|call|terse|Google Calendar|back|P
Adaeze Okafor|Greenleaf Nonprofit|org|America/New_York|volunteer lead|smb|free|7|call|precise|Google Sheets|sheet|P
Thomas Moreau|Moreau Traiteur|fr|Europe/Paris|manager|smb|team|12|call|vague|paper|back|O
Aroha Parata|Kauri Tours|co.nz|Pacific/Auckland|operations coordinator|smb|team|10|call|chatty|Excel|sheet|Oo
Farid Hakimi|Silk Route Imports|com|America/Toronto|operations manager|smb|team|15|call|precise|email threads|Trello|P
Joanna Sutherland|Thistle & Stone Design|uk|Europe/London|head of operations|smb|team|14|import|chatty|Trello|sheet|C
Marco Rossi|Rossi Engineering|it|Europe/Rome|project director|mid|business|30|permissions|precise|Dropbox folders|back|C
Deepa Krishnan|Lotus Clinics|in|Asia/Kolkata|operations head|mid|business|46|reporting|precise|Excel|sheet|C
Lucas Martin|Alpine Outfitters|ch|Europe/Zurich|ecommerce lead|smb|team|12|slow|chatty|Trello|back|C
Chiara Ferri|Ferri Legal|it|Europe/Rome|office manager|smb|team|8|security|precise|Outlook tasks|back|C
Ahmed Saleh|Nile Tech|eg|Africa/Cairo|engineering lead|mid|business|29|jira|terse|Jira|Linear|C
Wei Zhang|Jade Commerce|sg|Asia/Singapore|growth lead|mid|team|23|||||N
Bianca Costa|Costa Arquitetos|com.br|America/Sao_Paulo|architect|smb|team|6|||||N
Patrick Murphy|Shamrock Software|ie|Europe/Dublin|support lead|mid|business|41|||||N
Yasmin Ali|Oasis Travel|ae|Asia/Dubai|operations lead|smb|team|17|||||N
Erik Johansson|Bergslagen Timber|se|Europe/Stockholm|site manager|mid|team|33|||||N
Lina Park|Evergreen Schools|org|America/Los_Angeles|IT lead|ent|business|300|||||N
Kofi Boateng|Adinkra Media|com.gh|Africa/Accra|producer|smb|free|5|||||X
"""


@dataclass(frozen=True)
class Persona:
    index: int
    name: str
    company: str
    domain: str
    timezone: str
    role: str
    segment: str
    plan: str
    headcount: int
    story: str
    tone: str
    old: str
    alt: str
    channel: str

    @property
    def email(self) -> str:
        first, *_, last = self.name.split()
        domain = self.domain if "." in self.domain else f"{_ascii(self.company)}.{self.domain}"
        return f"{_ascii(first)}.{_ascii(last)}@{domain}"

    @property
    def team_size(self) -> str:
        """The team size as the booking question asks it (demo/interviews.py TEAM_SIZES)."""
        n = self.headcount
        return "1-5" if n <= 5 else "6-20" if n <= 20 else "21-100" if n <= 100 else "More than 100"

    @property
    def attributes(self) -> dict:
        return {"segment": self.segment, "plan": self.plan, "company": self.company, "role": self.role,
                "team_size": self.team_size}  # fmt: skip

    @property
    def is_participant(self) -> bool:
        """Known to the workspace before the round: everyone but the open link's respondents."""
        return not self.channel.startswith("O")

    @property
    def interviewed(self) -> bool:
        return self.channel[0] in "POC"

    @property
    def completes(self) -> bool:
        return self.channel in ("P", "O", "Oo", "C")


SEGMENTS = {"smb": "smb", "mid": "mid-market", "ent": "enterprise"}


def _ascii(text: str) -> str:
    """Lowercase letters and digits only, accents dropped: what an email address is made of."""
    plain = unicodedata.normalize("NFKD", text.replace("ł", "l")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def _persona(index: int, row: str) -> Persona:
    name, company, domain, zone, role, segment, plan, headcount, story, tone, old, alt, channel = row.split("|")
    return Persona(index, name, company, domain, zone, role, SEGMENTS[segment], plan, int(headcount), story, tone,
                   old, alt, channel)  # fmt: skip


PERSONAS = [_persona(i, row) for i, row in enumerate(ROWS.strip().splitlines())]
