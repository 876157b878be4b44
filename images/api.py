"""The image library in the API: /api/v1/images/.

Anonymous clients read the photos public records show (a published story's lead
photo, a public actor's portrait); the rest is 404 to them. Staff with the
library's permissions upload (multipart: ``file`` with ``alt``, ``caption``,
``credit``, ``copyright``), change the words and delete through ``images.services``.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser

from core.api import Conflict, ResourceViewSet, write_schema
from core.parsers import DepthLimitedJSONParser
from images import pictures, services
from images.models import Image

RENDITION = {
    "type": "object",
    "properties": {
        "width": {"type": "integer"},
        "height": {"type": "integer"},
        "url": {"type": "string", "format": "uri"},
    },
}


@extend_schema_field(
    {
        "type": "object",
        "description": "Resized copies, narrowest first, by format.",
        "properties": {
            "webp": {"type": "array", "items": RENDITION},
            "jpeg": {"type": "array", "items": RENDITION},
        },
    }
)
class RenditionsField(serializers.Field):
    def to_representation(self, value):
        return value["renditions"]


@extend_schema_field(
    {
        "type": "object",
        "description": "The `srcset` attribute for each format.",
        "properties": {"webp": {"type": "string"}, "jpeg": {"type": "string"}},
    }
)
class SrcsetField(serializers.Field):
    def to_representation(self, value):
        return value["srcset"]


@extend_schema_field({**RENDITION, "nullable": True, "description": "The 1200×630 share card."})
class ShareField(serializers.Field):
    def to_representation(self, value):
        return value["share"]


class PictureSerializer(serializers.Serializer):
    """A photo as it is shown: its words, its size and the addresses of its renditions.
    Every address is absolute; ``url`` is the largest JPEG rendition's."""

    id = serializers.IntegerField(read_only=True)
    alt = serializers.CharField(read_only=True)
    caption = serializers.CharField(read_only=True)
    credit = serializers.CharField(read_only=True)
    copyright = serializers.CharField(read_only=True)
    width = serializers.IntegerField(read_only=True, allow_null=True)
    height = serializers.IntegerField(read_only=True, allow_null=True)
    url = serializers.URLField(read_only=True, allow_null=True)
    renditions = RenditionsField(source="*", read_only=True)
    srcset = SrcsetField(source="*", read_only=True)
    share = ShareField(source="*", read_only=True)

    def to_representation(self, instance):
        request = self.context.get("request")
        data = pictures.picture(instance)
        if request is not None:
            data = pictures.absolute(data, request.build_absolute_uri)
        return super().to_representation({**data, **self.more(instance, request)})

    def more(self, instance, request):
        return {}


class ImageSerializer(PictureSerializer):
    api_url = serializers.CharField(read_only=True, help_text="This photo in the API.")
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def more(self, instance, request):
        path = reverse("api:image-detail", kwargs={"pk": instance.pk})
        return {
            "api_url": request.build_absolute_uri(path) if request is not None else path,
            "created_at": instance.created_at,
            "updated_at": instance.updated_at,
        }


class ImageRefField(serializers.PrimaryKeyRelatedField):
    """A photo in the library, named by its id, with a message naming an unknown one."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Image.objects.all())
        super().__init__(**kwargs)
        self.error_messages["does_not_exist"] = (
            "No image in the library has the id {pk_value}: upload it first "
            "(POST /api/v1/images/) and give the id it gets."
        )
        self.error_messages["incorrect_type"] = "Give the image's id, a number."


class ImageWordsSerializer(serializers.Serializer):
    """What readers read with a photo. A photo's file is never replaced: upload a new one."""

    alt = serializers.CharField(max_length=500, help_text="What the photo shows. Required.")
    caption = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    credit = serializers.CharField(max_length=300, required=False, allow_blank=True)
    copyright = serializers.CharField(max_length=300, required=False, allow_blank=True)

    def validate(self, attrs):
        if self.instance is not None and "file" in getattr(self, "initial_data", {}):
            raise serializers.ValidationError(
                {"file": "A photo's file cannot be replaced: upload a new image instead."}
            )
        return attrs


class ImageUploadSerializer(ImageWordsSerializer):
    """An upload: the file, with its words. A caption, credit or copyright left blank is
    read from the file's IPTC or XMP, as agencies supply them."""

    file = serializers.FileField(
        help_text="A JPEG, PNG, WebP or GIF image of at most 20 MB and 50 megapixels."
    )


@extend_schema_view(
    create=extend_schema(request={"multipart/form-data": ImageUploadSerializer}),
    update=extend_schema(request={"application/json": ImageWordsSerializer}),
    partial_update=extend_schema(request={"application/json": ImageWordsSerializer}),
)
@write_schema(ImageSerializer, ImageUploadSerializer)
class ImageViewSet(ResourceViewSet):
    """The photo library. Anonymous clients see only photos public records show."""

    serializer_class = ImageSerializer
    write_serializer_class = ImageUploadSerializer
    lookup_value_regex = r"[0-9]+"
    ordering_fields = ["created_at", "updated_at", "id"]
    # Uploads are multipart; the words may also be changed with JSON.
    parser_classes = [MultiPartParser, FormParser, DepthLimitedJSONParser]

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return ImageWordsSerializer
        return super().get_serializer_class()

    def get_queryset(self):
        user = self.request.user
        if user.is_authenticated and user.has_perm("images.view_image"):
            return Image.objects.all()
        return Image.objects.public()

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        response["Location"] = response.data["api_url"]  # the resource, not its file
        return response

    def perform_create(self, serializer):
        return services.image_create(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        return services.image_update(
            image=serializer.instance, by=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        try:
            services.image_delete(image=instance, by=self.request.user)
        except DjangoValidationError as error:
            if error.code == "in_use":
                raise Conflict(error.messages[0]) from error
            raise
