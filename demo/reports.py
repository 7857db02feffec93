"""Yearly reports for the demo network: a few years of accepted reports for several cities, one report waiting for
ICP's review and one draft, so the city pages, the dashboard, the admin's queue and the API show them."""

import io
import random
from datetime import date, datetime, time

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from members.models import City
from reports import rules
from reports.choices import ReportStatus
from reports.models import Report, ReportIndicator, ReportPhoto

# Cities with reports, and years of accepted reports for each.
DEMO_REPORTING_CITIES = 8
DEMO_REPORT_YEARS = 3

_STORIES = (
    "The year began with a quarrel over the new market and ended with the traders running a peace festival "
    "together. Our mediators met them twelve times; the festival drew families from every quarter.",
    "Young people led most of what we did: peace circles in four schools, a mural on the bus station wall, and a "
    "football league where teams mix neighbourhoods. Teachers report fewer fights at break time.",
    "We opened a listening room in the library, where anyone can come and talk with a trained volunteer. Most "
    "visitors came back; several now volunteer themselves.",
)
_PLANS = (
    "Train twenty more mediators and open a second listening room in the north of the city.",
    "Bring the peace circles to every secondary school, and invite our sister city to the festival.",
    "Publish a map of the places of remembrance with the stories the elders told us.",
)
_INDICATORS = (
    ("Conflicts settled by mediation", "cases", "Community mediation centre"),
    ("School fights reported", "incidents", "School board"),
    ("Residents who trust their neighbours", "%", "Municipal survey"),
)


def seed_demo_reports(*, today: date | None = None, seed: int = 2009) -> int:
    """Adds the demo's reports to cities that have none yet; returns how many were made. Idempotent."""
    today = today or timezone.localdate()
    if Report.objects.exists():
        return 0  # seeded before (or a real network): the demo adds none
    oldest_members = list(
        City.objects.active()
        .filter(member_since__year__lte=today.year - DEMO_REPORT_YEARS - 1)
        .order_by("member_number")[: DEMO_REPORTING_CITIES * 20]
    )
    # One report waiting for review and one draft, of cities whose window is open: the draft can still be sent.
    in_window = [city for city in oldest_members if rules.open_window(city, today) is not None][:2]
    others = [city for city in oldest_members if city not in in_window][: DEMO_REPORTING_CITIES - len(in_window)]
    latest_status = dict(zip(in_window, [ReportStatus.SUBMITTED, ReportStatus.DRAFT], strict=False))
    made = 0
    for position, city in enumerate(others + in_window):
        rng = random.Random(seed + city.member_number)
        years = _reported_years(city, today)
        for year in years:
            status = latest_status.get(city, ReportStatus.ACCEPTED) if year == years[-1] else ReportStatus.ACCEPTED
            _report(city, year, status, rng, with_photo=position == 0 and year == years[-1])
            made += 1
    return made


def _reported_years(city: City, today: date) -> list[int]:
    """The last DEMO_REPORT_YEARS years whose window has opened."""
    window = rules.next_window(city, today)
    latest = window.year if window.opens <= today else window.year - 1
    return [year for year in range(latest - DEMO_REPORT_YEARS + 1, latest + 1) if year > city.member_since.year]


def _report(city: City, year: int, status: str, rng: random.Random, *, with_photo: bool) -> Report:
    anniversary = rules.anniversary(city, year)
    moment = timezone.make_aware(datetime.combine(min(anniversary, timezone.localdate()), time(10)))
    events = rng.randint(6, 40)
    report = Report.objects.create(
        city=city,
        year=year,
        status=status,
        activities="\n".join(f"• {title}" for title in city.initiatives.values_list("title", flat=True)[:4]),
        events_held=events,
        participants=events * rng.randint(20, 90),
        volunteers=rng.randint(8, 120),
        partner_organisations=rng.randint(2, 25),
        people_reached=events * rng.randint(100, 600),
        hours_volunteered=rng.randint(200, 5000),
        story=rng.choice(_STORIES),
        plans=rng.choice(_PLANS),
        submitted_at=None if status == ReportStatus.DRAFT else moment,
        accepted_at=moment if status == ReportStatus.ACCEPTED else None,
    )
    report.initiatives.set(city.initiatives.all()[:4])
    name, unit, source = rng.choice(_INDICATORS)
    ReportIndicator.objects.create(
        report=report, name=name, value=rng.randint(10, 90), unit=unit, source=source, year=year - 1
    )
    if with_photo:
        photo = ReportPhoto(
            report=report,
            caption="Neighbours planting the peace garden",
            credit="Photo: the city's peacebuilding team, shared with permission",
            original_name="peace-garden.png",
        )
        photo.image.save("peace-garden.png", ContentFile(_demo_picture(rng)), save=True)
    return report


def _demo_picture(rng: random.Random) -> bytes:
    """A small picture of a garden under the sky, drawn here: the demo ships no photos."""
    image = Image.new("RGB", (800, 500), (140, 190, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 320, 800, 500), fill=(90, 150, 70))
    draw.ellipse((620, 40, 720, 140), fill=(250, 215, 90))
    for _ in range(14):
        x = rng.randint(20, 780)
        draw.ellipse((x - 18, 300, x + 18, 336), fill=(rng.randint(180, 240), rng.randint(60, 120), 90))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
