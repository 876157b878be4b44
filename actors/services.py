"""Writes to the world: actors, their affiliations, events and who took part.

Each is a keyword-only service (``core.writes.service``): it checks who may do
it, validates with the model's ``full_clean()``, writes, and tells the rest of
the site (``actors.signals.record_changed``) so that every page showing the
record is rendered again, once, when the write finishes.

Reporters may create actors and events, and change those that no published
story shows yet. A record readers can see (or will, once a scheduled story goes
live) is changed by an editor: ``PUBLIC_PERMISSION``.
"""

from django.core.exceptions import PermissionDenied, ValidationError

from actors.models import Actor, Affiliation, Event, EventParticipant
from actors.signals import record_changed
from core.writes import service

PUBLIC_PERMISSION = "actors.change_public_record"


def _require(user, action, model):
    codename = f"{model._meta.app_label}.{action}_{model._meta.model_name}"
    if not user.has_perm(codename):
        raise PermissionDenied(
            f"You do not have permission to {action} {model._meta.verbose_name_plural}."
        )


def can_change(user, record):
    """May ``user`` change (or delete) this actor or event?"""
    if not user.has_perm(f"actors.change_{record._meta.model_name}"):
        return False
    return not record.is_shown or user.has_perm(PUBLIC_PERMISSION)


def _require_change(user, record, action="change"):
    _require(user, action, type(record))
    if record.is_shown and not user.has_perm(PUBLIC_PERMISSION):
        raise PermissionDenied(
            f"“{record}” is shown to readers, so only an editor can {action} it. "
            "Ask an editor, or create a new record for your draft."
        )


def _refuse_public_by_hand(user, fields):
    if fields.get("public_by_hand") and not user.has_perm(PUBLIC_PERMISSION):
        raise PermissionDenied("Only an editor can make a record public by hand.")


def _lock(record):
    record.refresh_from_db(from_queryset=type(record).objects.select_for_update())


def _write(record, changes):
    for name, value in changes.items():
        setattr(record, name, value)
    record.full_clean()
    record.save()
    return record


def _create(model, by, fields, related=None, set_related=None):
    _require(by, "add", model)
    _refuse_public_by_hand(by, fields)
    record = _write(model(), fields)
    if related:
        set_related(record, related)
    record_changed.send(sender=model, instance=record, deleting=False)  # e.g. for search
    return record


def _update(record, by, changes, related=None, set_related=None):
    """Lock, check, write; every story page showing the record is rendered again."""
    _lock(record)
    _require_change(by, record)
    if changes.get("public_by_hand", record.public_by_hand) != record.public_by_hand:
        _refuse_public_by_hand(by, {"public_by_hand": True})
    _write(record, changes)
    if related is not None:
        set_related(record, related)
    record_changed.send(sender=type(record), instance=record, deleting=False)
    return record


def _delete(record, by):
    """Delete a record nothing refers to any longer (a ``ProtectedError`` otherwise)."""
    _require_change(by, record, "delete")
    record_changed.send(sender=type(record), instance=record, deleting=True)
    record.delete()


def _save_row(row, owner, by):
    """One inline row (an affiliation, a participation) of a record readers may see."""
    _require_change(by, owner)
    row.full_clean()
    row.save()
    record_changed.send(sender=type(owner), instance=owner, deleting=False)
    return row


def _delete_row(row, owner, by):
    _require_change(by, owner)
    row.delete()
    record_changed.send(sender=type(owner), instance=owner, deleting=False)


@service
def actor_create(*, by, affiliations=None, **fields):
    """A new actor. ``affiliations``: a list of dicts (organization, role_title, dates)."""
    return _create(Actor, by, fields, affiliations, _set_affiliations)


@service
def actor_update(*, actor, by, affiliations=None, **changes):
    """Change an actor (``affiliations``, when given, replaces the whole list)."""
    return _update(actor, by, changes, affiliations, _set_affiliations)


@service
def actor_delete(*, actor, by):
    _delete(actor, by)


def _set_affiliations(actor, affiliations):
    actor.affiliations.all().delete()
    for row in affiliations:
        _write(Affiliation(actor=actor), row)


@service
def affiliation_save(*, affiliation, by):
    """Create or change one affiliation (the admin's inline rows)."""
    return _save_row(affiliation, affiliation.actor, by)


@service
def affiliation_delete(*, affiliation, by):
    _delete_row(affiliation, affiliation.actor, by)


@service
def event_create(*, by, participants=None, **fields):
    """A new event. ``participants``: a list of ``{"actor": Actor, "role": ...}``."""
    return _create(Event, by, fields, participants, _set_participants)


@service
def event_update(*, event, by, participants=None, **changes):
    """Change an event (``participants``, when given, replaces the whole list)."""
    return _update(event, by, changes, participants, _set_participants)


@service
def event_delete(*, event, by):
    _delete(event, by)


@service
def participant_save(*, participant, by):
    """Create or change one participation (the admin's inline rows)."""
    return _save_row(participant, participant.event, by)


@service
def participant_delete(*, participant, by):
    _delete_row(participant, participant.event, by)


def _set_participants(event, participants):
    actors = [row["actor"] for row in participants]
    repeated = sorted({a.slug for a in actors if actors.count(a) > 1})
    if repeated:
        raise ValidationError(
            {"participants": f"Each actor takes part once; repeated: {', '.join(repeated)}."}
        )
    event.participations.all().delete()
    EventParticipant.objects.bulk_create(
        EventParticipant(
            event=event,
            actor=row["actor"],
            role=row.get("role") or EventParticipant.Role.PARTICIPANT,
        )
        for row in participants
    )
