"""Admin forms for the world's records."""

from django import forms

from actors.models import Actor


class AliasesField(forms.CharField):
    """Other names, one per line, stored as a list."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def has_changed(self, initial, data):
        return self.to_python(initial) != self.to_python(data)


class ActorAdminForm(forms.ModelForm):
    aliases = AliasesField(
        label="other names",
        required=False,
        help_text=Actor._meta.get_field("aliases").help_text,
    )

    class Meta:
        model = Actor
        fields = [
            "kind",
            "outlet_type",
            "name",
            "slug",
            "native_name",
            "aliases",
            "description",
            "country",
            "wikidata_id",
            "anonymous",
            "public_by_hand",
            "portrait",
        ]
