"""Demo data: the Municipality of Istog's 2025 plan and report, and a plan for the current year.

The 2025 plan is the municipality's document word for word in Albanian (its typos kept:
"Gupet e Interesit", the purpose "Konsultimet Publike 2024"), with Serbian, Bosnian and
English translations (see /work/shared/GLOSSARY.md and the seed's README).

The 2025 report gives only totals: 15 consultations with citizens, 57 women and 210 men
(267 participants), announced on the website, Facebook and local media, with requests
answered on the spot, by email or by post. The hearings' dates, places, topics and the
split of attendance between them are INVENTED and ILLUSTRATIVE; only the totals come from
the report, and load() checks that the split adds up to them.

This module is the only place in the code where the report's figures appear.

Loading is idempotent: every row is found by a stable key (update_or_create), so running
it again changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from consultations.models import (
    AnnouncementChannel,
    ConsultationPlan,
    Directorate,
    Hearing,
    Municipality,
    Place,
)
from register.models import CitizenRequest

from .draft_document import attach_draft

# The figures of the 2025 report: the only numbers from the source. The per-hearing split in
# HEARINGS_2025 is illustrative (invented); load() refuses to run if it stops adding up to these.
REPORT_YEAR = 2025
REPORT_HEARINGS = 15
REPORT_WOMEN = 57
REPORT_MEN = 210

# Where the report says every consultation was announced.
REPORT_CHANNELS = ("website", "facebook", "local-media")

LANGS = ("sq", "sr_latn", "bs", "en")

MUNICIPALITY = {
    "slug": "istog",
    "name": ("Komuna e Istogut", "Opština Istok", "Općina Istok", "Municipality of Istog"),
    # The line every Kosovo municipality prints above its name; no emblem: the demo never invents one.
    "state_line": ("Republika e Kosovës", "Republika Kosovo", "Republika Kosovo", "Republic of Kosovo"),
    "website": "https://istog.rks-gov.net/",
    "consultations_url": "https://istog.rks-gov.net/konsultimet-publike/",
}

# key: (sq, sr-latn, bs, en)
DIRECTORATES = {
    "finance": (
        "Drejtoria për Buxhet dhe Financa",
        "Direkcija za budžet i finansije",
        "Direkcija za budžet i finansije",
        "Directorate for Budget and Finance",
    ),
    "urbanism": (
        "Drejtoria për Urbanizëm dhe Planifikim Hapësinor",
        "Direkcija za urbanizam i prostorno planiranje",
        "Direkcija za urbanizam i prostorno planiranje",
        "Directorate for Urbanism and Spatial Planning",
    ),
    "services": (
        "Drejtoria për Shërbime Publike",
        "Direkcija za javne usluge",
        "Direkcija za javne usluge",
        "Directorate for Public Services",
    ),
    "agriculture": (
        "Drejtoria për Bujqësi, Pylltari dhe Zhvillim Rural",
        "Direkcija za poljoprivredu, šumarstvo i ruralni razvoj",
        "Direkcija za poljoprivredu, šumarstvo i ruralni razvoj",
        "Directorate for Agriculture, Forestry and Rural Development",
    ),
    "culture": (
        "Drejtoria për Kulturë, Rini dhe Sport",
        "Direkcija za kulturu, omladinu i sport",
        "Direkcija za kulturu, mlade i sport",
        "Directorate for Culture, Youth and Sport",
    ),
    "education": (
        "Drejtoria për Arsim",
        "Direkcija za obrazovanje",
        "Direkcija za obrazovanje",
        "Directorate for Education",
    ),
}

# key: (kind, (sq, sr-latn, bs, en)); local communities keep their Albanian name in English.
PLACES = {
    "hall": (
        Place.Kind.ASSEMBLY_HALL,
        ("Salla e Kuvendit Komunal", "Sala Skupštine opštine", "Sala Skupštine općine", "Municipal assembly hall"),
    ),
    "istog-poshtem": (Place.Kind.LOCAL_COMMUNITY, ("Istog i Poshtëm", "Donji Istok", "Donji Istok", "Istog i Poshtëm")),
    "gurrakoc": (Place.Kind.LOCAL_COMMUNITY, ("Gurrakoc", "Đurakovac", "Đurakovac", "Gurrakoc")),
    "vrelle": (Place.Kind.LOCAL_COMMUNITY, ("Vrellë", "Vrelo", "Vrelo", "Vrellë")),
    "banje": (Place.Kind.LOCAL_COMMUNITY, ("Banjë", "Banja", "Banja", "Banjë")),
    "dubrave": (Place.Kind.LOCAL_COMMUNITY, ("Dubravë", "Dubrava", "Dubrava", "Dubravë")),
    "zallq": (Place.Kind.LOCAL_COMMUNITY, ("Zallq", "Žač", "Žač", "Zallq")),
    "llukavc": (Place.Kind.LOCAL_COMMUNITY, ("Llukavc i Begut", "Begov Lukavac", "Begov Lukavac", "Llukavc i Begut")),
    "cerce": (Place.Kind.LOCAL_COMMUNITY, ("Cercë", "Crkolez", "Crkolez", "Cercë")),
    "kashice": (Place.Kind.LOCAL_COMMUNITY, ("Kashicë", "Kašica", "Kašica", "Kashicë")),
}

# The 2025 plan: Albanian exactly as the municipality wrote it, then sr-latn, bs and en.
PLAN_2025_TEXTS = {
    "participants": (
        "Qytetarët e komunës së Istogut,\nOJQ-të,\nGupet e Interesit,\nEtj.",
        "Građani opštine Istok,\nNVO,\nInteresne grupe,\nItd.",
        "Građani općine Istok,\nNVO,\nInteresne grupe,\nItd.",
        "Citizens of the Municipality of Istog,\nNGOs,\nInterest groups,\nEtc.",
    ),
    "purpose": (
        "Konsultimet Publike 2024",
        "Javne konsultacije 2024",
        "Javne konsultacije 2024",
        "Public Consultations 2024",
    ),
    "process_holders": (
        "anëtar të grupeve punuese",
        "članovi radnih grupa",
        "članovi radnih grupa",
        "Members of the working groups",
    ),
    "objectives": (
        "Gjithpërfshirja e qytetarëve në dëgjime publike, dhe transparencë për të gjithë",
        "Uključenost građana u javne rasprave i transparentnost za sve",
        "Uključenost građana u javne rasprave i transparentnost za sve",
        "Inclusion of citizens in public hearings, and transparency for all",
    ),
    "others_involved": (
        "Kryetari i Komunës\nDrejtorët e Drejtorive",
        "Predsednik opštine\nDirektori direkcija",
        "Načelnik općine\nDirektori direkcija",
        "The Mayor\nDirectors of the Directorates",
    ),
    "key_issues": (
        "Pjesëmarrja e të gjithë qytetarëve pa dallim",
        "Učešće svih građana bez razlike",
        "Učešće svih građana bez razlike",
        "Participation of all citizens without distinction",
    ),
    "internal_actors": (
        "Drejtoria për Buxhet dhe Financa\nKomuna e Istogut",
        "Direkcija za budžet i finansije\nOpština Istok",
        "Direkcija za budžet i finansije\nOpćina Istok",
        "Directorate for Budget and Finance\nMunicipality of Istog",
    ),
    "external_actors": (
        "Qytetarët\nOJQ-të\nGrupet e Interesit",
        "Građani\nNVO\nInteresne grupe",
        "Građani\nNVO\nInteresne grupe",
        "Citizens\nNGOs\nInterest groups",
    ),
    "communication_media": (
        "Mediet Lokale dhe qendrore\nQytetarët dhe OJQ-të",
        "Lokalni i centralni mediji\nGrađani i NVO",
        "Lokalni i centralni mediji\nGrađani i NVO",
        "Local and central media\nCitizens and NGOs",
    ),
    "expected_results": (
        "Arritjet dhe përcaktimi i qytetarëve në konsultime.",
        "Postignuća i angažovanje građana u konsultacijama.",
        "Postignuća i angažman građana u konsultacijama.",
        "Achievements and engagement of citizens in consultations.",
    ),
    "information_expected": (
        "Rekomandime për cdo konsultim publik",
        "Preporuke za svaku javnu konsultaciju",
        "Preporuke za svaku javnu konsultaciju",
        "Recommendations for every public consultation",
    ),
    # Left blank in the municipality's document.
    "information_material": ("", "", "", ""),
    "inclusion_strategies": ("", "", "", ""),
    "evaluation_areas": ("", "", "", ""),
}

PLAN_2025 = {
    "budget": None,  # "I pa përcaktuar": undetermined
    "reporting_verbal": True,
    "reporting_written": True,
    "methods_verbal": True,
    "methods_written": True,
    "start_date": datetime.date(2025, 1, 1),
    "end_date": datetime.date(2025, 12, 31),
    "responsible_officer_name": "Ardon Arifaj",
    "status": ConsultationPlan.Status.PUBLISHED,
}

_BUDGET_2026_TITLE = (
    "Dëgjim publik për buxhetin 2026 – {sq}",
    "Javna rasprava o budžetu za 2026. – {sr}",
    "Javna rasprava o budžetu za 2026. – {bs}",
    "Public hearing on the 2026 budget – {en}",
)
_BUDGET_2026_TOPIC = (
    "Projektet kapitale dhe prioritetet e bashkësisë lokale për buxhetin komunal 2026",
    "Kapitalni projekti i prioriteti mesne zajednice za opštinski budžet za 2026.",
    "Kapitalni projekti i prioriteti mjesne zajednice za općinski budžet za 2026.",
    "Capital projects and the local community's priorities for the 2026 municipal budget",
)


@dataclass(frozen=True)
class DemoHearing:
    """One invented hearing: its texts in sq, sr-latn, bs, en, and the illustrative attendance."""

    day: datetime.date
    hour: int
    place: str | None
    directorate: str
    method: str
    title: tuple[str, str, str, str]
    topic: tuple[str, str, str, str]
    women: int | None = None
    men: int | None = None
    hours: int = 2


def _budget_2026(day: datetime.date, place: str, women: int, men: int) -> DemoHearing:
    names = dict(zip(("sq", "sr", "bs", "en"), PLACES[place][1], strict=True))
    return DemoHearing(
        day=day,
        hour=17,
        place=place,
        directorate="finance",
        method=Hearing.Method.HEARING,
        title=tuple(template.format(**names) for template in _BUDGET_2026_TITLE),
        topic=_BUDGET_2026_TOPIC,
        women=women,
        men=men,
    )


# ILLUSTRATIVE: dates, places, topics and each hearing's women/men are invented. Only their
# sums (REPORT_WOMEN, REPORT_MEN over REPORT_HEARINGS hearings) come from the 2025 report.
HEARINGS_2025 = (
    DemoHearing(
        day=datetime.date(2025, 2, 20),
        hour=11,
        place="hall",
        directorate="urbanism",
        method=Hearing.Method.HEARING,
        title=(
            "Dëgjim publik për Planin Zhvillimor Komunal",
            "Javna rasprava o Opštinskom razvojnom planu",
            "Javna rasprava o Općinskom razvojnom planu",
            "Public hearing on the Municipal Development Plan",
        ),
        topic=(
            "Drafti i Planit Zhvillimor Komunal të Istogut",
            "Nacrt Opštinskog razvojnog plana Istoka",
            "Nacrt Općinskog razvojnog plana Istoka",
            "The draft Municipal Development Plan of Istog",
        ),
        women=6,
        men=22,
    ),
    DemoHearing(
        day=datetime.date(2025, 3, 13),
        hour=17,
        place="kashice",
        directorate="finance",
        method=Hearing.Method.CITIZENS,
        title=(
            "Konsultim me qytetarët për investimet kapitale të buxhetit 2025",
            "Konsultacija sa građanima o kapitalnim investicijama iz budžeta za 2025.",
            "Konsultacija s građanima o kapitalnim investicijama iz budžeta za 2025.",
            "Consultation with citizens on the capital investments of the 2025 budget",
        ),
        topic=(
            "Zbatimi i projekteve kapitale të buxhetit 2025 në fshatrat e Istogut",
            "Sprovođenje kapitalnih projekata iz budžeta za 2025. u selima Istoka",
            "Provedba kapitalnih projekata iz budžeta za 2025. u selima Istoka",
            "Carrying out the 2025 budget's capital projects in Istog's villages",
        ),
        women=2,
        men=11,
    ),
    DemoHearing(
        day=datetime.date(2025, 4, 17),
        hour=11,
        place="hall",
        directorate="services",
        method=Hearing.Method.HEARING,
        title=(
            "Dëgjim publik për Planin Komunal për Menaxhimin e Mbeturinave",
            "Javna rasprava o Opštinskom planu upravljanja otpadom",
            "Javna rasprava o Općinskom planu upravljanja otpadom",
            "Public hearing on the Municipal Waste Management Plan",
        ),
        topic=(
            "Grumbullimi i mbeturinave dhe deponitë ilegale",
            "Prikupljanje otpada i divlje deponije",
            "Prikupljanje otpada i divlje deponije",
            "Waste collection and illegal dumps",
        ),
        women=4,
        men=13,
    ),
    DemoHearing(
        day=datetime.date(2025, 5, 22),
        hour=12,
        place="hall",
        directorate="culture",
        method=Hearing.Method.CITIZENS,
        title=(
            "Konsultim me të rinjtë për Strategjinë Komunale për Rininë",
            "Konsultacija sa mladima o Opštinskoj strategiji za mlade",
            "Konsultacija s mladima o Općinskoj strategiji za mlade",
            "Consultation with young people on the Municipal Youth Strategy",
        ),
        topic=(
            "Hapësirat për të rinjtë, sporti dhe punësimi",
            "Prostori za mlade, sport i zapošljavanje",
            "Prostori za mlade, sport i zapošljavanje",
            "Spaces for young people, sport and jobs",
        ),
        women=8,
        men=9,
    ),
    DemoHearing(
        day=datetime.date(2025, 6, 19),
        hour=11,
        place="hall",
        directorate="finance",
        method=Hearing.Method.HEARING,
        title=(
            "Dëgjim publik për Kornizën Afatmesme Buxhetore 2026–2028",
            "Javna rasprava o Srednjoročnom budžetskom okviru 2026–2028",
            "Javna rasprava o Srednjoročnom budžetskom okviru 2026–2028",
            "Public hearing on the Medium-Term Budget Framework 2026–2028",
        ),
        topic=(
            "Të hyrat dhe shpenzimet e planifikuara të komunës për tri vite",
            "Planirani prihodi i rashodi opštine za tri godine",
            "Planirani prihodi i rashodi općine za tri godine",
            "The municipality's planned revenue and spending over three years",
        ),
        women=3,
        men=12,
    ),
    DemoHearing(
        day=datetime.date(2025, 7, 10),
        hour=10,
        place="banje",
        directorate="agriculture",
        method=Hearing.Method.CITIZENS,
        title=(
            "Konsultim me fermerët për subvencionet në bujqësi",
            "Konsultacija sa poljoprivrednicima o subvencijama u poljoprivredi",
            "Konsultacija s poljoprivrednicima o subvencijama u poljoprivredi",
            "Consultation with farmers on agricultural subsidies",
        ),
        topic=(
            "Kriteret për subvencionet komunale në bujqësi",
            "Kriterijumi za opštinske subvencije u poljoprivredi",
            "Kriteriji za općinske subvencije u poljoprivredi",
            "Criteria for the municipality's agricultural subsidies",
        ),
        women=1,
        men=17,
    ),
    _budget_2026(datetime.date(2025, 9, 15), "istog-poshtem", women=5, men=16),
    _budget_2026(datetime.date(2025, 9, 17), "gurrakoc", women=4, men=15),
    _budget_2026(datetime.date(2025, 9, 19), "vrelle", women=3, men=14),
    _budget_2026(datetime.date(2025, 9, 22), "banje", women=2, men=13),
    _budget_2026(datetime.date(2025, 9, 24), "dubrave", women=3, men=12),
    _budget_2026(datetime.date(2025, 9, 26), "zallq", women=2, men=11),
    _budget_2026(datetime.date(2025, 9, 29), "llukavc", women=2, men=10),
    _budget_2026(datetime.date(2025, 10, 1), "cerce", women=3, men=11),
    DemoHearing(
        day=datetime.date(2025, 10, 9),
        hour=11,
        place="hall",
        directorate="finance",
        method=Hearing.Method.HEARING,
        title=(
            "Dëgjim publik për projektbuxhetin komunal 2026",
            "Javna rasprava o nacrtu opštinskog budžeta za 2026.",
            "Javna rasprava o nacrtu općinskog budžeta za 2026.",
            "Public hearing on the draft 2026 municipal budget",
        ),
        topic=(
            "Projektbuxheti 2026 pas dëgjimeve në bashkësitë lokale",
            "Nacrt budžeta za 2026. nakon rasprava u mesnim zajednicama",
            "Nacrt budžeta za 2026. nakon rasprava u mjesnim zajednicama",
            "The draft 2026 budget after the hearings in the local communities",
        ),
        women=9,
        men=24,
    ),
)

_SUMMARY_2025 = (
    "Qytetarët pjesëmarrës paraqitën kërkesat e tyre; disave iu përgjigj aty për aty, të tjerëve me email "
    "ose me postë. Të dhëna demonstruese: ndarja e pjesëmarrësve sipas takimeve është ilustruese, vetëm "
    "totalet vjetore vijnë nga raporti i komunës.",
    "Prisutni građani izneli su svoje zahteve; na neke je odgovoreno na licu mesta, na druge e-poštom ili "
    "poštom. Demo podaci: raspodela učesnika po sastancima je ilustrativna, samo godišnji zbirovi potiču "
    "iz izveštaja opštine.",
    "Prisutni građani iznijeli su svoje zahtjeve; na neke je odgovoreno na licu mjesta, na druge e-poštom "
    "ili poštom. Demo podaci: raspodjela učesnika po sastancima je ilustrativna, samo godišnji zbirovi "
    "potiču iz izvještaja općine.",
    "The citizens present made their requests; some were answered on the spot, others by email or by "
    "post. Demo data: the split of participants between meetings is illustrative; only the year's totals "
    "come from the municipality's report.",
)

DEMO_EMAIL = "qytetari@example.org"


@dataclass(frozen=True)
class DemoRequest:
    """A citizen's request at one of the 2025 hearings (by the hearing's index in HEARINGS_2025)."""

    hearing: int
    topic: str
    text: str
    status: str
    answer: str = ""
    answered_via: str = ""
    days_to_answer: int = 0
    citizen_name: str = ""
    citizen_email: str = ""
    directorate: str = ""


REQUESTS_2025 = (
    DemoRequest(
        hearing=7,
        topic="Asfaltimi i rrugës së lagjes",
        text="Kërkojmë asfaltimin e rrugës së lagjes që lidhet me shkollën në Gurrakoc.",
        status=CitizenRequest.Status.ACCEPTED,
        answer="Rruga është përfshirë në listën e projekteve kapitale të buxhetit 2026.",
        answered_via=CitizenRequest.AnswerChannel.ON_THE_SPOT,
        directorate="finance",
    ),
    DemoRequest(
        hearing=8,
        topic="Ndriçimi publik",
        text="Në rrugën kryesore të Vrellës mungon ndriçimi publik.",
        status=CitizenRequest.Status.PARTIALLY_ACCEPTED,
        answer="Ndriçimi do të vendoset në pjesën qendrore të rrugës gjatë vitit 2026; pjesa tjetër në vitin pasues.",
        answered_via=CitizenRequest.AnswerChannel.EMAIL,
        days_to_answer=12,
        citizen_name="Qytetar demonstrues",
        citizen_email=DEMO_EMAIL,
        directorate="services",
    ),
    DemoRequest(
        hearing=0,
        topic="Zona e gjelbër në qendër",
        text="Propozoj që parku pranë lumit të mbetet zonë e gjelbër në Planin Zhvillimor Komunal.",
        status=CitizenRequest.Status.ANSWERED,
        answer="Propozimi u shqyrtua nga grupi punues; parku mbetet zonë e gjelbër në draftin përfundimtar.",
        answered_via=CitizenRequest.AnswerChannel.POST,
        days_to_answer=20,
        citizen_name="Qytetare demonstruese",
        directorate="urbanism",
    ),
    DemoRequest(
        hearing=11,
        topic="Kanalizimi",
        text="Kërkojmë zgjerimin e rrjetit të kanalizimit në Zallq.",
        status=CitizenRequest.Status.OPEN,
        directorate="services",
    ),
)

# The current year's plan: invented, to show upcoming hearings and an open written consultation.
# Offsets are days from today; every date is kept inside the plan's year.
UPCOMING = (
    (
        12,
        "hall",
        "urbanism",
        Hearing.Method.HEARING,
        (
            "Dëgjim publik për Planin Rregullues të qendrës së Istogut",
            "Javna rasprava o Regulacionom planu centra Istoka",
            "Javna rasprava o Regulacionom planu centra Istoka",
            "Public hearing on the Regulatory Plan for Istog town centre",
        ),
        (
            "Rrugët, parkingjet dhe hapësirat publike në qendër",
            "Ulice, parkinzi i javni prostori u centru",
            "Ulice, parkinzi i javni prostori u centru",
            "Streets, parking and public spaces in the centre",
        ),
    ),
    (
        26,
        "gurrakoc",
        "education",
        Hearing.Method.CITIZENS,
        (
            "Takim publik me prindërit për transportin e nxënësve",
            "Javni sastanak sa roditeljima o prevozu učenika",
            "Javni sastanak s roditeljima o prevozu učenika",
            "Public meeting with parents on school transport",
        ),
        (
            "Linjat dhe oraret e transportit të nxënësve",
            "Linije i red vožnje prevoza učenika",
            "Linije i red vožnje prevoza učenika",
            "Routes and timetables of school transport",
        ),
    ),
)
WRITTEN_CONSULTATION = (
    (
        "Konsultim me shkrim për Projektrregulloren për mbështetjen financiare të OJQ-ve",
        "Pismena konsultacija o Nacrtu pravilnika o finansijskoj podršci NVO",
        "Pismena konsultacija o Nacrtu pravilnika o finansijskoj podršci NVO",
        "Written consultation on the draft regulation on financial support for NGOs",
    ),
    (
        "Kriteret dhe procedura e ndarjes së mjeteve për OJQ-të",
        "Kriterijumi i postupak dodele sredstava NVO",
        "Kriteriji i postupak dodjele sredstava NVO",
        "Criteria and procedure for awarding funds to NGOs",
    ),
)
WRITTEN_OPENED_DAYS_AGO = 4
WRITTEN_OPEN_DAYS_AHEAD = 21


@dataclass(frozen=True)
class LoadSummary:
    """What load() left in the database, for the command to print."""

    loaded: bool
    directorates: int = 0
    places: int = 0
    hearings_2025: int = 0
    attendance_2025: dict | None = None
    requests_2025: int = 0
    current_year: int | None = None
    upcoming: int = 0
    open_for_comments: int = 0


def _texts(field: str, values: tuple[str, ...]) -> dict[str, str]:
    return {f"{field}_{lang}": value for lang, value in zip(LANGS, values, strict=True)}


def _moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _check_report_totals() -> None:
    women = sum(hearing.women for hearing in HEARINGS_2025)
    men = sum(hearing.men for hearing in HEARINGS_2025)
    if (len(HEARINGS_2025), women, men) != (REPORT_HEARINGS, REPORT_WOMEN, REPORT_MEN):
        raise ValueError(
            f"The illustrative split no longer matches the report: {len(HEARINGS_2025)} hearings, "
            f"{women} women, {men} men."
        )


def load(if_empty: bool = False, today: datetime.date | None = None) -> LoadSummary:
    """Load (or refresh) the Istog demo data in one transaction; with if_empty, only into an empty database."""
    _check_report_totals()
    with transaction.atomic():
        if if_empty and Municipality.objects.exists():
            return LoadSummary(loaded=False)
        # The plain fields (title, name...) hold the default language; write in Albanian.
        with translation.override("sq"):
            municipality = _load_municipality()
            directorates = _load_directorates(municipality)
            places = _load_places(municipality)
            channels = list(AnnouncementChannel.objects.filter(code__in=REPORT_CHANNELS))
            plan = _load_plan_2025(municipality)
            hearings = _load_hearings_2025(plan, directorates, places, channels)
            _load_requests_2025(hearings, directorates)
            current = _load_current_year(municipality, directorates, places, channels, today)
    return _summary(municipality, current)


def _load_municipality() -> Municipality:
    municipality, _ = Municipality.objects.update_or_create(
        slug=MUNICIPALITY["slug"],
        defaults={
            "name": MUNICIPALITY["name"][0],
            **_texts("name", MUNICIPALITY["name"]),
            "state_line": MUNICIPALITY["state_line"][0],
            **_texts("state_line", MUNICIPALITY["state_line"]),
            "website": MUNICIPALITY["website"],
            "consultations_url": MUNICIPALITY["consultations_url"],
        },
    )
    return municipality


def _load_directorates(municipality: Municipality) -> dict[str, Directorate]:
    directorates = {}
    for key, names in DIRECTORATES.items():
        directorates[key], _ = Directorate.objects.update_or_create(
            municipality=municipality, name_sq=names[0], defaults={"name": names[0], **_texts("name", names)}
        )
    return directorates


def _load_places(municipality: Municipality) -> dict[str, Place]:
    places = {}
    for key, (kind, names) in PLACES.items():
        places[key], _ = Place.objects.update_or_create(
            municipality=municipality,
            name_sq=names[0],
            defaults={"name": names[0], "kind": kind, **_texts("name", names)},
        )
    return places


def _load_plan_2025(municipality: Municipality) -> ConsultationPlan:
    texts = {}
    for field, values in PLAN_2025_TEXTS.items():
        texts[field] = values[0]
        texts.update(_texts(field, values))
    plan, _ = ConsultationPlan.objects.update_or_create(
        municipality=municipality, year=REPORT_YEAR, defaults={**PLAN_2025, **texts}
    )
    return plan


def _save_hearing(plan: ConsultationPlan, defaults: dict, channels: list[AnnouncementChannel]) -> Hearing:
    slug = slugify(defaults["title_sq"])[:200]
    hearing, _ = Hearing.objects.update_or_create(
        plan=plan, slug=slug, defaults={"title": defaults["title_sq"], "is_published": True, **defaults}
    )
    hearing.announced_via.set(channels)
    return hearing


def _load_hearings_2025(
    plan: ConsultationPlan,
    directorates: dict[str, Directorate],
    places: dict[str, Place],
    channels: list[AnnouncementChannel],
) -> list[Hearing]:
    hearings = []
    for item in HEARINGS_2025:
        starts_at = _moment(item.day, item.hour)
        defaults = {
            **_texts("title", item.title),
            **_texts("topic", item.topic),
            **_texts("summary", _SUMMARY_2025),
            "method": item.method,
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=item.hours),
            "place": places[item.place] if item.place else None,
            "directorate": directorates[item.directorate],
            "announced_on": item.day - datetime.timedelta(days=7),
            "status": Hearing.Status.HELD,
            "women": item.women,
            "men": item.men,
        }
        hearings.append(_save_hearing(plan, defaults, channels))
    return hearings


def _load_requests_2025(hearings: list[Hearing], directorates: dict[str, Directorate]) -> list[CitizenRequest]:
    requests = []
    for item in REQUESTS_2025:
        hearing = hearings[item.hearing]
        received_on = timezone.localdate(hearing.starts_at)
        answered_on = received_on + datetime.timedelta(days=item.days_to_answer) if item.answered_via else None
        citizen_request, _ = CitizenRequest.objects.update_or_create(
            hearing=hearing,
            topic=item.topic,
            defaults={
                "received_via": CitizenRequest.Received.AT_HEARING,
                "received_on": received_on,
                "text": item.text,
                "status": item.status,
                "answer": item.answer,
                "answered_via": item.answered_via,
                "answered_on": answered_on,
                "citizen_name": item.citizen_name,
                "citizen_email": item.citizen_email,
                "directorate": directorates.get(item.directorate),
                # The demo's emailed answer counts as sent, so saving it in the admin mails no one.
                "answer_emailed_at": _moment(answered_on, 12)
                if item.answered_via == CitizenRequest.AnswerChannel.EMAIL
                else None,
            },
        )
        requests.append(citizen_request)
    return requests


def _load_demo_plan(municipality: Municipality, year: int) -> ConsultationPlan:
    """An invented plan for a year after 2025, its texts taken from the 2025 plan."""
    texts = {}
    for field in ("participants", "objectives", "key_issues", "internal_actors", "external_actors"):
        texts[field] = PLAN_2025_TEXTS[field][0]
        texts.update(_texts(field, PLAN_2025_TEXTS[field]))
    purpose = (
        f"Konsultimet Publike {year}",
        f"Javne konsultacije {year}",
        f"Javne konsultacije {year}",
        f"Public Consultations {year}",
    )
    plan, _ = ConsultationPlan.objects.update_or_create(
        municipality=municipality,
        year=year,
        defaults={
            **PLAN_2025,
            **texts,
            "purpose": purpose[0],
            **_texts("purpose", purpose),
            "start_date": datetime.date(year, 1, 1),
            "end_date": datetime.date(year, 12, 31),
        },
    )
    return plan


def _load_current_year(
    municipality: Municipality,
    directorates: dict[str, Directorate],
    places: dict[str, Place],
    channels: list[AnnouncementChannel],
    today: datetime.date | None,
) -> ConsultationPlan | None:
    """The current year's plan with an open written consultation and upcoming hearings.

    An upcoming hearing that falls in the next year (near the end of December) goes into
    the next year's plan, so the demo always has hearings ahead.
    """
    today = today or timezone.localdate()
    if today.year == REPORT_YEAR:
        return None  # the 2025 plan is the current one; its figures stay the report's
    plan = _load_demo_plan(municipality, today.year)
    plans = {today.year: plan}
    for offset, place, directorate, method, title, topic in UPCOMING:
        day = today + datetime.timedelta(days=offset)
        if day.year not in plans:
            plans[day.year] = _load_demo_plan(municipality, day.year)
        starts_at = _moment(day, 17)
        defaults = {
            **_texts("title", title),
            **_texts("topic", topic),
            "method": method,
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=2),
            "place": places[place],
            "directorate": directorates[directorate],
            "announced_on": today,
            "status": Hearing.Status.PLANNED,
        }
        _save_hearing(plans[day.year], defaults, channels)
    title, topic = WRITTEN_CONSULTATION
    first, last = plan.start_date, plan.end_date
    opens = max(today - datetime.timedelta(days=WRITTEN_OPENED_DAYS_AGO), first)
    closes = min(today + datetime.timedelta(days=WRITTEN_OPEN_DAYS_AHEAD), last)
    defaults = {
        **_texts("title", title),
        **_texts("topic", topic),
        "method": Hearing.Method.WRITTEN,
        "starts_at": _moment(opens, 0),
        "ends_at": _moment(closes, 23, 59),
        "place": None,
        "directorate": directorates["finance"],
        "announced_on": opens,
        "status": Hearing.Status.PLANNED,
    }
    attach_draft(_save_hearing(plan, defaults, channels))
    return plan


def _summary(municipality: Municipality, current: ConsultationPlan | None) -> LoadSummary:
    held = Hearing.objects.filter(plan__municipality=municipality).held().in_year(REPORT_YEAR)
    ahead = Hearing.objects.filter(plan__municipality=municipality, plan__year__gte=current.year if current else 0)
    return LoadSummary(
        loaded=True,
        directorates=municipality.directorates.count(),
        places=municipality.places.count(),
        hearings_2025=held.count(),
        attendance_2025=held.attendance_totals(),
        requests_2025=CitizenRequest.objects.filter(hearing__in=held).count(),
        current_year=current.year if current else None,
        upcoming=ahead.published().upcoming().count() if current else 0,
        open_for_comments=ahead.published().open_for_comments().count() if current else 0,
    )
