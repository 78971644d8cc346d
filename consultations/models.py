"""The consultation domain: municipality, annual plan, hearings and citizens' requests.

Texts that staff write are translatable per language (see translation.py); the
interface's own labels go through gettext.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

from .branding import DEFAULT_PRIMARY_COLOR, validate_emblem, validate_primary_color
from .search import fill_search_text

# A sane ceiling for one hearing's attendance by gender: catches a typed extra zero.
ATTENDANCE_MAX = 10_000
# The years a plan (and so a report) may have; anything outside is a typing mistake.
FIRST_PLAN_YEAR = 2000
LAST_PLAN_YEAR = 2100


class MunicipalityQuerySet(models.QuerySet):
    def current(self) -> Municipality | None:
        """The municipality this installation serves (settings.MUNICIPALITY_SLUG, else the first)."""
        if settings.MUNICIPALITY_SLUG:
            return self.filter(slug=settings.MUNICIPALITY_SLUG).first()
        return self.order_by("pk").first()


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True, help_text=_("Used in settings, e.g. istog."))
    website = models.URLField(_("website"), blank=True)
    consultations_url = models.URLField(_("public consultations page"), blank=True)
    address = models.TextField(_("address"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    state_line = models.CharField(
        _("line above the name"),
        max_length=200,
        blank=True,
        help_text=_("Shown above the municipality's name in the header and on printed documents."),
    )
    emblem = models.ImageField(
        _("emblem"),
        upload_to="municipality/",
        blank=True,
        validators=[validate_emblem],
        help_text=_("PNG or JPEG, at most 512 KB. Leave empty rather than use an unofficial image."),
    )
    primary_color = models.CharField(
        _("primary colour"),
        max_length=7,
        default=DEFAULT_PRIMARY_COLOR,
        validators=[validate_primary_color],
        help_text=_("The header's colour, e.g. #2f4858; white text on it must stay readable."),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=Q(primary_color__regex=r"^#[0-9a-fA-F]{6}$"), name="municipality_primary_color_hex"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Directorate(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="directorates", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("directorate")
        verbose_name_plural = _("directorates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Place(models.Model):
    class Kind(models.TextChoices):
        LOCAL_COMMUNITY = "local_community", _("Local community")
        ASSEMBLY_HALL = "assembly_hall", _("Municipal assembly hall")
        OTHER = "other", pgettext_lazy("kind of place", "Other")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="places", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.LOCAL_COMMUNITY)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AnnouncementChannel(models.Model):
    """Where a hearing was announced: the website, Facebook, local media, a notice board..."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("announcement channel")
        verbose_name_plural = _("announcement channels")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class PlanQuerySet(models.QuerySet):
    def published(self) -> PlanQuerySet:
        """Plans the public may see."""
        return self.filter(status=ConsultationPlan.Status.PUBLISHED)


def _outside_message(titles: list[str]) -> str:
    """The error for a plan period that would leave these hearings (up to four titles) outside it."""
    shown = "; ".join(titles[:3]) + ("; …" if len(titles) > 3 else "")
    return ngettext(
        "A consultation of this plan would fall outside this period (%(titles)s): change its dates first.",
        "Consultations of this plan would fall outside this period (%(titles)s): change their dates first.",
        len(titles),
    ) % {"titles": shown}


class ConsultationPlan(models.Model):
    """The annual plan of public consultations, with every field of the municipality's form."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="plans", verbose_name=_("municipality")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_PLAN_YEAR), MaxValueValidator(LAST_PLAN_YEAR)]
    )
    participants = models.TextField(
        _("participants in public consultations"), blank=True, help_text=_("One item a line.")
    )
    budget = models.DecimalField(
        _("budget"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("In euro. Leave empty when the budget is undetermined."),
    )
    purpose = models.TextField(_("purpose of the consultation"), blank=True)
    process_holders = models.TextField(_("process holders"), blank=True, help_text=_("One item a line."))
    objectives = models.TextField(_("objectives / aims of the consultation"), blank=True)
    others_involved = models.TextField(_("others involved"), blank=True, help_text=_("One item a line."))
    key_issues = models.TextField(
        _("key issues of the consultation – topic"), blank=True, help_text=_("One item a line.")
    )
    internal_actors = models.TextField(_("internal actors"), blank=True, help_text=_("One item a line."))
    external_actors = models.TextField(_("external actors"), blank=True, help_text=_("One item a line."))
    communication_media = models.TextField(_("communication and media"), blank=True, help_text=_("One item a line."))
    information_material = models.TextField(
        _("information: what material is offered to the actors for the public hearing"), blank=True
    )
    inclusion_strategies = models.TextField(_("strategies for including citizens in public hearings"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True, help_text=_("One item a line."))
    information_expected = models.TextField(
        _("what information we expect to receive"), blank=True, help_text=_("One item a line.")
    )
    reporting_verbal = models.BooleanField(_("reporting: verbal"), default=False)
    reporting_written = models.BooleanField(_("reporting: written"), default=False)
    methods_verbal = models.BooleanField(_("consultation methods: verbal"), default=False)
    methods_written = models.BooleanField(_("consultation methods: written"), default=False)
    evaluation_areas = models.TextField(_("main areas of evaluation"), blank=True, help_text=_("One item a line."))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    responsible_officer_name = models.CharField(_("official responsible for public consultations"), max_length=200)
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible officer's account"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PlanQuerySet.as_manager()

    # Fields that hold one item a line and render as lists.
    LIST_FIELDS = (
        "participants",
        "process_holders",
        "others_involved",
        "key_issues",
        "internal_actors",
        "external_actors",
        "communication_media",
        "expected_results",
        "information_expected",
        "evaluation_areas",
    )

    class Meta:
        verbose_name = _("annual plan of public consultations")
        verbose_name_plural = _("annual plans of public consultations")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"],
                name="one_plan_per_municipality_and_year",
                violation_error_message=_("This municipality already has a plan for that year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}"

    def save(self, *args, **kwargs) -> None:
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("consultations:plan-detail", kwargs={"year": self.year})

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.year is not None and self.start_date.year != self.year:
            errors["start_date"] = _("The start date must fall in the plan's year (%(year)s).") % {"year": self.year}
        if self.end_date and self.year is not None and self.end_date.year != self.year:
            errors["end_date"] = _("The end date must fall in the plan's year (%(year)s).") % {"year": self.year}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors.setdefault("end_date", _("The end date cannot be before the start date."))
        if not errors and self.pk and self.start_date and self.end_date:
            # Shrinking the period must not leave hearings outside it (local dates, as in Hearing.clean).
            hearings = self.hearings.order_by("starts_at")
            for field, outside in (
                ("start_date", hearings.filter(starts_at__date__lt=self.start_date)),
                ("end_date", hearings.filter(ends_at__date__gt=self.end_date)),
            ):
                titles = list(outside.values_list("title", flat=True)[:4])
                if titles:
                    errors[field] = _outside_message(titles)
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def items(self, field: str) -> list[str]:
        """The non-empty lines of a one-item-a-line field, in the active language."""
        return [line.strip(" -•\t") for line in (getattr(self, field) or "").splitlines() if line.strip(" -•\t")]

    def reporting_options(self) -> list[str]:
        """Translated labels of the reporting options ticked (verbal, written)."""
        return _ticked(self.reporting_verbal, self.reporting_written)

    def consultation_methods(self) -> list[str]:
        """Translated labels of the consultation methods ticked (verbal, written)."""
        return _ticked(self.methods_verbal, self.methods_written)

    def covers(self, day: datetime.date) -> bool:
        """Whether the day lies in the plan's period."""
        return self.start_date <= day <= self.end_date


def _ticked(verbal: bool, written: bool) -> list[str]:
    labels = []
    if verbal:
        labels.append(_("Verbal"))
    if written:
        labels.append(_("Written"))
    return labels


class HearingQuerySet(models.QuerySet):
    def published(self) -> HearingQuerySet:
        """Hearings the public may see: published, in a published plan."""
        return self.filter(is_published=True, plan__status=ConsultationPlan.Status.PUBLISHED)

    def held(self) -> HearingQuerySet:
        return self.filter(status=Hearing.Status.HELD)

    def upcoming(self, now: datetime.datetime | None = None) -> HearingQuerySet:
        """Planned hearings that have not ended yet, soonest first."""
        now = now or timezone.now()
        return self.filter(status=Hearing.Status.PLANNED, ends_at__gte=now).order_by("starts_at")

    def open_for_comments(self, now: datetime.datetime | None = None) -> HearingQuerySet:
        """Written consultations whose comment period is open now."""
        now = now or timezone.now()
        return self.filter(
            method=Hearing.Method.WRITTEN, status=Hearing.Status.PLANNED, starts_at__lte=now, ends_at__gte=now
        )

    def in_year(self, year: int) -> HearingQuerySet:
        """Hearings of the given year's plan."""
        return self.filter(plan__year=year)

    def for_listing(self) -> HearingQuerySet:
        """Everything a list row shows, in a constant number of queries."""
        return self.select_related("plan", "place", "directorate").prefetch_related("announced_via")

    def attendance_totals(self) -> dict[str, int]:
        """Women, men and total attendance summed over the queryset."""
        sums = self.aggregate(women=Coalesce(Sum("women"), 0), men=Coalesce(Sum("men"), 0))
        sums["total"] = sums["women"] + sums["men"]
        return sums


class Hearing(models.Model):
    """One public consultation: a hearing, a meeting, a publication or a written consultation."""

    class Method(models.TextChoices):
        CITIZENS = "citizens", _("Consultation with citizens")
        ONLINE = "online", _("Publication on the website / electronic platform")
        HEARING = "hearing", _("Public hearing with citizens")
        WRITTEN = "written", _("Written consultation")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("hearing status", "Upcoming")
        HELD = "held", pgettext_lazy("hearing status", "Held")
        CANCELLED = "cancelled", pgettext_lazy("hearing status", "Cancelled")

    plan = models.ForeignKey(
        ConsultationPlan, on_delete=models.PROTECT, related_name="hearings", verbose_name=_("plan")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, blank=True, editable=False, allow_unicode=False)
    topic = models.TextField(_("topic"), blank=True)
    directorate = models.ForeignKey(
        Directorate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hearings",
        verbose_name=_("organising directorate"),
    )
    method = models.CharField(_("consultation method"), max_length=10, choices=Method.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(
        _("ends at"), help_text=_("For a written consultation, the end of the period for comments.")
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="hearings", verbose_name=_("place")
    )
    announced_via = models.ManyToManyField(
        AnnouncementChannel, blank=True, related_name="hearings", verbose_name=_("announced via")
    )
    announced_on = models.DateField(_("date announced"), null=True, blank=True)
    women = models.PositiveIntegerField(
        _("women"), null=True, blank=True, validators=[MaxValueValidator(ATTENDANCE_MAX)]
    )
    men = models.PositiveIntegerField(_("men"), null=True, blank=True, validators=[MaxValueValidator(ATTENDANCE_MAX)])
    summary = models.TextField(_("summary / minutes"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    # Title, topic and summary folded for search (search.py), per language; set on save.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = HearingQuerySet.as_manager()

    # Texts staff write per language; REQUIRED_CONTENT_LANGUAGES must have title and topic.
    TRANSLATED_FIELDS = ("title", "topic", "summary")
    REQUIRED_TRANSLATED_FIELDS = ("title", "topic")

    class Meta:
        verbose_name = _("public consultation")
        verbose_name_plural = _("public consultations")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="hearing_ends_after_start"),
        ]
        indexes = [models.Index(fields=["is_published", "status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            # Slug from the Albanian title; modeltranslation keeps it in title_sq.
            self.slug = slugify(getattr(self, "title_sq", None) or self.title)[:200]
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        fill_search_text(self, self.TRANSLATED_FIELDS)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        if self.slug:
            return reverse("consultations:hearing-detail-slug", kwargs={"pk": self.pk, "slug": self.slug})
        return reverse("consultations:hearing-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors.setdefault("ends_at", []).append(_("The end cannot be before the start."))
        if self.plan_id and self.starts_at:
            plan = self.plan
            for field in ("starts_at", "ends_at"):
                moment = getattr(self, field)
                if moment and not plan.covers(timezone.localdate(moment)):
                    errors.setdefault(field, []).append(
                        _("This date is outside the plan's period (%(start)s – %(end)s).")
                        % {"start": plan.start_date.strftime("%d.%m.%Y"), "end": plan.end_date.strftime("%d.%m.%Y")}
                    )
        if self.status == self.Status.HELD and self.starts_at and self.starts_at > timezone.now():
            errors.setdefault("status", []).append(
                _("A consultation that has not started yet cannot be marked as held.")
            )
        if self.status != self.Status.HELD:
            for field in ("women", "men"):
                if getattr(self, field) is not None:
                    errors.setdefault(field, []).append(
                        _("Attendance can only be recorded for a hearing that was held.")
                    )
        if errors:
            raise ValidationError(errors)

    @property
    def awaits_result(self) -> bool:
        """A hearing still marked planned after its end: staff have not yet recorded how it went."""
        return self.status == self.Status.PLANNED and self.ends_at < timezone.now()

    def status_label(self) -> str:
        """The status as a citizen should read it: a hearing whose date has passed is no longer upcoming,
        and a written consultation in its period is open for comments."""
        if self.is_open_for_comments():
            return pgettext("hearing status", "Open for comments")
        if self.awaits_result:
            if self.method == self.Method.WRITTEN:
                return pgettext("hearing status", "Closed for comments")
            return pgettext("hearing status", "Date passed, result not yet published")
        return self.get_status_display()

    @property
    def total_attendance(self) -> int | None:
        """Women plus men; None while no attendance has been recorded."""
        if self.women is None and self.men is None:
            return None
        return (self.women or 0) + (self.men or 0)

    @property
    def attendance_recorded(self) -> bool:
        return self.women is not None or self.men is not None

    def is_open_for_comments(self, now: datetime.datetime | None = None) -> bool:
        """Whether citizens may comment now: a published, planned written consultation in its period."""
        now = now or timezone.now()
        return (
            self.method == self.Method.WRITTEN
            and self.status == self.Status.PLANNED
            and self.is_published
            and self.plan.is_published
            and self.starts_at <= now <= self.ends_at
        )

    def missing_translations(self) -> dict[str, list[str]]:
        """Required languages whose required texts are empty, with the fields missing in each."""
        missing: dict[str, list[str]] = {}
        for code in settings.REQUIRED_CONTENT_LANGUAGES:
            suffix = code.replace("-", "_")
            for field in self.REQUIRED_TRANSLATED_FIELDS:
                if not (getattr(self, f"{field}_{suffix}", "") or "").strip():
                    missing.setdefault(code, []).append(field)
        return missing


def document_upload_to(instance: HearingDocument, filename: str) -> str:
    return f"hearings/{instance.hearing_id}/{filename}"


class HearingDocument(models.Model):
    """A file staff attach to a hearing: the draft under consultation, minutes, a poster."""

    ALLOWED_EXTENSIONS = ("pdf", "docx", "odt", "png", "jpg", "jpeg")

    hearing = models.ForeignKey(
        Hearing, on_delete=models.CASCADE, related_name="documents", verbose_name=_("public consultation")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_upload_to)
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.file:
            self.size = self.file.size
        super().save(*args, **kwargs)

    @property
    def extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1].lower() if "." in self.file.name else ""


class CitizenRequestQuerySet(models.QuerySet):
    def in_year(self, year: int) -> CitizenRequestQuerySet:
        """Requests received in the given year."""
        return self.filter(received_on__year=year)

    def public(self) -> CitizenRequestQuerySet:
        """Requests staff chose to publish with their answer."""
        return self.filter(is_public=True)

    def unanswered(self) -> CitizenRequestQuerySet:
        return self.filter(status=CitizenRequest.Status.OPEN)

    def overdue(self, days: int, today: datetime.date | None = None) -> CitizenRequestQuerySet:
        """Open requests received more than `days` days ago."""
        today = today or timezone.localdate()
        return self.unanswered().filter(received_on__lt=today - datetime.timedelta(days=days))

    def answer_breakdown(self) -> dict[str, int]:
        """How many answered requests were answered through each channel."""
        rows = self.exclude(answered_via="").values("answered_via").annotate(count=models.Count("pk")).order_by()
        counts = {channel: 0 for channel in CitizenRequest.AnswerChannel.values if channel}
        for row in rows:
            counts[row["answered_via"]] = row["count"]
        return counts


class CitizenRequest(models.Model):
    """A citizen's request and the municipality's answer: one line in the register."""

    class Received(models.TextChoices):
        AT_HEARING = "hearing", _("At a public hearing")
        ONLINE = "online", _("Through the website")
        EMAIL = "email", _("By email")
        POST = "post", _("By post")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("request status", "Open")
        ANSWERED = "answered", pgettext_lazy("request status", "Answered")
        ACCEPTED = "accepted", pgettext_lazy("request status", "Accepted")
        PARTIALLY_ACCEPTED = "partial", pgettext_lazy("request status", "Partially accepted")
        REJECTED = "rejected", pgettext_lazy("request status", "Rejected")

    class AnswerChannel(models.TextChoices):
        NOT_YET = "", _("Not yet answered")
        ON_THE_SPOT = "spot", _("On the spot")
        EMAIL = "email", _("By email")
        POST = "post", _("By post")
        ONLINE = "online", _("Published online")

    # Whose register the request is in: set on save from the hearing, else the directorate, else
    # the installation's municipality (a request by post may concern no hearing).
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="requests",
        verbose_name=_("municipality"),
    )
    hearing = models.ForeignKey(
        Hearing,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("public consultation"),
    )
    received_via = models.CharField(_("received"), max_length=10, choices=Received.choices, default=Received.AT_HEARING)
    received_on = models.DateField(_("date received"), default=timezone.localdate)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    text = models.TextField(_("what was asked"))
    directorate = models.ForeignKey(
        Directorate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("responsible directorate"),
    )
    citizen_name = models.CharField(_("citizen's name"), max_length=200, blank=True)
    citizen_email = models.EmailField(_("citizen's email"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    answered_via = models.CharField(
        _("how it was answered"), max_length=10, choices=AnswerChannel.choices, default="", blank=True
    )
    answered_on = models.DateField(_("date answered"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    is_public = models.BooleanField(
        _("publish with the answer"),
        default=False,
        help_text=_("Shown on the consultation's page without the citizen's name or email."),
    )
    answer_emailed_at = models.DateTimeField(_("answer emailed at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CitizenRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("citizen request")
        verbose_name_plural = _("citizen requests")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return self.topic or self.text[:60]

    def save(self, *args, **kwargs) -> None:
        if self.hearing_id:
            self.municipality_id = self.hearing.plan.municipality_id
        elif self.directorate_id:
            self.municipality_id = self.directorate.municipality_id
        elif self.municipality_id is None:
            self.municipality = Municipality.objects.current()
        super().save(*args, **kwargs)

    @property
    def is_answered(self) -> bool:
        return self.status != self.Status.OPEN

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.is_answered:
            if not self.answered_via:
                errors["answered_via"] = _("Say how the request was answered.")
            if not self.answered_on:
                errors["answered_on"] = _("Give the date of the answer.")
            if not self.answer.strip():
                errors["answer"] = _("Write the answer given to the citizen.")
        elif self.answered_via or self.answered_on:
            errors["status"] = _("A request with an answer cannot stay open: choose the outcome.")
        if self.status == self.Status.REJECTED and not self.rejection_reason.strip():
            errors["rejection_reason"] = _("Give the reason for rejecting the request.")
        if self.answered_on and self.received_on and self.answered_on < self.received_on:
            errors["answered_on"] = _("The answer cannot be dated before the request was received.")
        if (
            self.hearing_id
            and self.directorate_id
            and self.directorate.municipality_id != self.hearing.plan.municipality_id
        ):
            errors["directorate"] = _("This directorate belongs to another municipality than the consultation.")
        if self.answered_via == self.AnswerChannel.EMAIL and not self.citizen_email:
            errors["citizen_email"] = _("An answer by email needs the citizen's email address.")
        if errors:
            raise ValidationError(errors)
