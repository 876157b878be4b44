"""What the intake desk keeps: the wire copy a story came from, and the proposals an
editor rejected (so that running the extractor again does not propose them again)."""

import hashlib

from django.conf import settings
from django.db import models

from articles.models import Article, Quote


def proposal_key(text):
    """A short, stable key for a proposal's words (whitespace folded)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


class WireCopy(models.Model):
    """The report a story was made from, exactly as it arrived."""

    article = models.OneToOneField(
        Article, verbose_name="story", on_delete=models.CASCADE, related_name="wire_copy"
    )
    source_format = models.CharField("format", max_length=20)
    filename = models.CharField("file", max_length=255, blank=True)
    original = models.TextField("copy as received")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="imported by",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField("imported", auto_now_add=True)

    class Meta:
        verbose_name = "wire copy"
        verbose_name_plural = "wire copy"

    def __str__(self):
        return f"Wire copy of “{self.article}”"


class RejectedProposal(models.Model):
    """A proposal an editor said no to, for this story."""

    article = models.ForeignKey(
        Article, verbose_name="story", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("kind", max_length=20, choices=Quote.Kind.choices)
    text = models.TextField("words")
    key = models.CharField(max_length=64, editable=False)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="rejected by",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    rejected_at = models.DateTimeField("rejected", auto_now_add=True)

    class Meta:
        verbose_name = "rejected proposal"
        verbose_name_plural = "rejected proposals"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "kind", "key"], name="rejected_proposal_once"
            )
        ]

    def __str__(self):
        return f"Rejected: “{self.text[:60]}”"

    def save(self, *args, **kwargs):
        self.key = proposal_key(self.text)
        super().save(*args, **kwargs)
