"""The consultations themselves (hearings, meetings, written consultations) and their documents."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.db.models import F, Min, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from municipalities.models import Municipality
from municipalities.scoping import scoped_manager
from web.history import History
from web.search import fill_search_text, refresh_search_text, search_fields, touches_searched_text

from .organisation import AnnouncementChannel, Directorate, Place
from .plans import ConsultationPlan

# A sane ceiling for one hearing's attendance by gender: catches a typed extra zero.
ATTENDANCE_MAX = 10_000


class HearingQuerySet(models.QuerySet):
    def published(self) -> HearingQuerySet:
        """Hearings the public may see: published, in a published plan."""
        return self.filter(is_published=True, plan__status=ConsultationPlan.Status.PUBLISHED)

    def public(self, municipality: Municipality | None) -> HearingQuerySet:
        """Hearings the public may see, of the given municipality (request.municipality)."""
        return self.published().filter(plan__municipality=municipality)

    def of(self, municipality: Municipality | None) -> HearingQuerySet:
        """The municipality's hearings, published or not."""
        return self.filter(plan__municipality=municipality)

    def held(self) -> HearingQuerySet:
        """Hearings that took place."""
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
        """Everything a list row shows (plan and place), in the same query."""
        return self.select_related("plan", "place")

    def for_detail(self) -> HearingQuerySet:
        """Everything the hearing page shows, in a constant number of queries."""
        return self.for_listing().select_related("directorate").prefetch_related("announced_via")

    def next_boundaries(self, now: datetime.datetime) -> list[datetime.datetime | None]:
        """The next start and the next end after `now`: when pages listing hearings change by the clock alone."""
        nearest = self.aggregate(
            start=Min("starts_at", filter=Q(starts_at__gt=now)), end=Min("ends_at", filter=Q(ends_at__gt=now))
        )
        return [nearest["start"], nearest["end"]]

    def attendance_totals(self) -> dict[str, int]:
        """Women, men and total attendance summed over the queryset."""
        sums = self.aggregate(women=Coalesce(Sum("women"), 0), men=Coalesce(Sum("men"), 0))
        sums["total"] = sums["women"] + sums["men"]
        return sums

    # update(), bulk_update() and bulk_create() skip save(): each keeps the search text right itself.
    def update(self, **kwargs) -> int:
        if not touches_searched_text(kwargs, Hearing.TRANSLATED_FIELDS):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            refresh_search_text(Hearing._base_manager.using(self.db).filter(pk__in=pks), Hearing.TRANSLATED_FIELDS)
        return count

    def bulk_update(self, objs, fields, batch_size=None) -> int:
        objs = list(objs)
        if touches_searched_text(fields, Hearing.TRANSLATED_FIELDS):
            for hearing in objs:
                fill_search_text(hearing, Hearing.TRANSLATED_FIELDS)
            fields = [*fields, *(name for name in search_fields() if name not in fields)]
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def bulk_create(self, objs, *args, **kwargs) -> list:
        objs = list(objs)
        for hearing in objs:
            fill_search_text(hearing, Hearing.TRANSLATED_FIELDS)
        return super().bulk_create(objs, *args, **kwargs)


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
    # iCalendar's SEQUENCE (RFC 5545 3.8.7.4): calendars that hold the hearing take a changed
    # time, place or status only from a file whose SEQUENCE is higher than the one they have.
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)

    objects = scoped_manager("plan__municipality", HearingQuerySet)
    # search_text and sequence are derived; updated_at moves on every save.
    history = History(excluded_fields=["search_text", "updated_at", "sequence"])

    # A change to one of these reschedules the event in subscribers' calendars (SEQUENCE + 1).
    CALENDAR_FIELDS = ("starts_at", "ends_at", "place_id", "status")

    # Texts staff write per language; REQUIRED_CONTENT_LANGUAGES must have title and topic.
    TRANSLATED_FIELDS = ("title", "topic", "summary")
    REQUIRED_TRANSLATED_FIELDS = ("title", "topic")

    class Meta:
        verbose_name = _("public consultation")
        verbose_name_plural = _("public consultations")
        ordering = ["-starts_at"]
        # Ticking "published" is a decision of its own: Data entry prepares, the officer publishes.
        permissions = [("publish_hearing", _("Can publish or unpublish public consultations"))]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="hearing_ends_after_start"),
            models.CheckConstraint(
                condition=Q(status="held") | Q(women__isnull=True, men__isnull=True),
                name="attendance_only_when_held",
                violation_error_message=_("Attendance can only be recorded for a hearing that was held."),
            ),
        ]
        indexes = [
            models.Index(fields=["is_published", "status", "starts_at"]),
            # The list's two queries (upcoming soonest first, the rest by plan and newest first),
            # its method filter, the calendar's last 12 months and the page cache's next boundary.
            models.Index(fields=["plan", "-starts_at"], name="hearing_plan_start"),
            models.Index(fields=["status", "ends_at"], name="hearing_status_end"),
            models.Index(fields=["method", "starts_at"], name="hearing_method_start"),
            models.Index(fields=["starts_at"], name="hearing_start"),
            models.Index(fields=["ends_at"], name="hearing_end"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            # Slug from the Albanian title; modeltranslation keeps it in title_sq.
            self.slug = slugify(getattr(self, "title_sq", None) or self.title)[:200]
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        fill_search_text(self, self.TRANSLATED_FIELDS)
        self._bump_sequence_if_rescheduled(kwargs)
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
        codes = self.plan.municipality.required_content_languages() if self.plan_id else []
        for code in codes or settings.REQUIRED_CONTENT_LANGUAGES:
            suffix = code.replace("-", "_")
            for field in self.REQUIRED_TRANSLATED_FIELDS:
                if not (getattr(self, f"{field}_{suffix}", "") or "").strip():
                    missing.setdefault(code, []).append(field)
        return missing

    def _bump_sequence_if_rescheduled(self, save_kwargs: dict) -> None:
        update_fields = save_kwargs.get("update_fields")
        watched = {name.removesuffix("_id") for name in self.CALENDAR_FIELDS}
        if self._state.adding or (update_fields is not None and not watched & set(update_fields)):
            return
        stored = type(self).objects.filter(pk=self.pk).values("sequence", *self.CALENDAR_FIELDS).first()
        if stored is None or all(stored[name] == getattr(self, name) for name in self.CALENDAR_FIELDS):
            return
        self.sequence = stored["sequence"] + 1
        if update_fields is not None:
            save_kwargs["update_fields"] = [*update_fields, "sequence"]


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

    history = History()

    objects = scoped_manager("hearing__plan__municipality")

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
