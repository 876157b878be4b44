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


@service
def actor_create(*, by, affiliations=None, **fields):
    """A new actor. ``affiliations``: a list of dicts (organization, role_title, dates)."""
    _require(by, "add", Actor)
    _refuse_public_by_hand(by, fields)
    actor = _write(Actor(), fields)
    if affiliations:
        _set_affiliations(actor, affiliations)
    return actor


@service
def actor_update(*, actor, by, affiliations=None, **changes):
    """Change an actor; every story page showing it is rendered again."""
    _lock(actor)
    _require_change(by, actor)
    if "public_by_hand" in changes and changes["public_by_hand"] != actor.public_by_hand:
        _refuse_public_by_hand(by, {"public_by_hand": True})
    _write(actor, changes)
    if affiliations is not None:
        _set_affiliations(actor, affiliations)
    record_changed.send(sender=Actor, instance=actor, deleting=False)
    return actor


@service
def actor_delete(*, actor, by):
    """Delete an actor that nothing refers to any longer (a ``ProtectedError`` otherwise)."""
    _require_change(by, actor, "delete")
    record_changed.send(sender=Actor, instance=actor, deleting=True)
    actor.delete()


def _set_affiliations(actor, affiliations):
    actor.affiliations.all().delete()
    for row in affiliations:
        affiliation = Affiliation(actor=actor, **row)
        affiliation.full_clean()
        affiliation.save()


@service
def affiliation_save(*, affiliation, by):
    """Create or change one affiliation (the admin's inline rows)."""
    _require_change(by, affiliation.actor)
    affiliation.full_clean()
    affiliation.save()
    record_changed.send(sender=Actor, instance=affiliation.actor, deleting=False)
    return affiliation


@service
def affiliation_delete(*, affiliation, by):
    _require_change(by, affiliation.actor)
    affiliation.delete()
    record_changed.send(sender=Actor, instance=affiliation.actor, deleting=False)


@service
def event_create(*, by, participants=None, **fields):
    """A new event. ``participants``: a list of ``{"actor": Actor, "role": ...}``."""
    _require(by, "add", Event)
    _refuse_public_by_hand(by, fields)
    event = _write(Event(), fields)
    if participants:
        _set_participants(event, participants)
    return event


@service
def event_update(*, event, by, participants=None, **changes):
    """Change an event (``participants``, when given, replaces the whole list)."""
    _lock(event)
    _require_change(by, event)
    if "public_by_hand" in changes and changes["public_by_hand"] != event.public_by_hand:
        _refuse_public_by_hand(by, {"public_by_hand": True})
    _write(event, changes)
    if participants is not None:
        _set_participants(event, participants)
    record_changed.send(sender=Event, instance=event, deleting=False)
    return event


@service
def event_delete(*, event, by):
    _require_change(by, event, "delete")
    record_changed.send(sender=Event, instance=event, deleting=True)
    event.delete()


@service
def participant_save(*, participant, by):
    """Create or change one participation (the admin's inline rows)."""
    _require_change(by, participant.event)
    participant.full_clean()
    participant.save()
    record_changed.send(sender=Event, instance=participant.event, deleting=False)
    return participant


@service
def participant_delete(*, participant, by):
    _require_change(by, participant.event)
    participant.delete()
    record_changed.send(sender=Event, instance=participant.event, deleting=False)


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
