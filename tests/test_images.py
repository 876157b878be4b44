"""Photos, with credits: the image library, its renditions, and where photos appear."""

import io
import json
import re
import struct
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image as Picture
from rest_framework.authtoken.models import Token

from actors import services as actor_services
from articles import services as article_services
from images import services
from images.models import Image
from tests import factories

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    """Every file the tests store goes to a temporary MEDIA_ROOT, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root):
    return sorted(p for p in Path(root).rglob("*") if p.is_file())


def api_client(client, user):
    token = Token.objects.create(user=user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client


def opened(name):
    with default_storage.open(name) as handle:
        picture = Picture.open(io.BytesIO(handle.read()))
        picture.load()
        return picture


# -- files agencies send: IPTC (APP13) and XMP (APP1) written by hand ---------------------


def iptc_segment(records):
    """An APP13 Photoshop segment holding IPTC-IIM ``records`` {(record, dataset): text}."""
    iim = b"".join(
        b"\x1c" + bytes([record, dataset]) + struct.pack(">H", len(value)) + value
        for (record, dataset), value in (
            (key, text.encode("utf-8")) for key, text in records.items()
        )
    )
    iim = b"\x1c\x01\x5a\x00\x03\x1b%G" + iim  # 1:90, coded character set: UTF-8
    if len(iim) % 2:
        iim += b"\x00"
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim))
    payload = b"Photoshop 3.0\x00" + resource + iim
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def xmp_packet(*, description=None, rights=None, creator=None, credit=None):
    def alt(text):
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{text}</rdf:li></rdf:Alt>'

    parts = []
    if description:
        parts.append(f"<dc:description>{alt(description)}</dc:description>")
    if rights:
        parts.append(f"<dc:rights>{alt(rights)}</dc:rights>")
    if creator:
        parts.append(f"<dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>")
    credit_attr = f' photoshop:Credit="{credit}"' if credit else ""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"{credit_attr}>'
        + "".join(parts)
        + '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode("utf-8")


def with_segments(jpeg, *segments):
    """The JPEG with ``segments`` inserted right after its start marker."""
    assert jpeg[:2] == b"\xff\xd8"
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def agency_jpeg(**xmp):
    jpeg = factories.jpeg_bytes(
        exif=Picture.Exif().tobytes(), xmp=xmp_packet(**xmp) if xmp else b""
    )
    return jpeg


def png_bytes(size=(640, 400), mode="RGB", **options):
    picture = Picture.new(mode, size, 0 if mode in ("P", "1", "L", "LA") else (200, 30, 30))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", **options)
    return buffer.getvalue()


# -- renditions ---------------------------------------------------------------------------


def test_an_upload_makes_webp_and_jpeg_renditions_no_wider_than_the_original(editor):
    """Widths 480, 800, 1200 and 1600 where the original is wider, and the original's own
    width when it is narrower than 1600; each in WebP and JPEG, with the height in
    proportion."""
    wide = factories.image(by=editor, file=factories.upload(factories.jpeg_bytes((2400, 1200))))
    assert [r["width"] for r in wide.renditions["webp"]] == [480, 800, 1200, 1600]
    assert [r["width"] for r in wide.renditions["jpeg"]] == [480, 800, 1200, 1600]
    assert [r["height"] for r in wide.renditions["jpeg"]] == [240, 400, 600, 800]
    narrow = factories.image(by=editor, file=factories.upload(factories.jpeg_bytes((1000, 500))))
    assert [r["width"] for r in narrow.renditions["jpeg"]] == [480, 800, 1000]
    for kind, expected in (("webp", "WEBP"), ("jpeg", "JPEG")):
        for rendition in wide.renditions[kind]:
            picture = opened(rendition["name"])
            assert picture.format == expected
            assert picture.size == (rendition["width"], rendition["height"])


def test_the_share_card_is_1200_by_630_cropped_from_the_centre(editor):
    """A tall photo's card is cut from its middle: the white top-left quarter is cut away."""
    tall = factories.image(by=editor, file=factories.upload(factories.jpeg_bytes((800, 1600))))
    card = opened(tall.renditions["share"]["name"])
    assert (card.format, card.size) == ("JPEG", (1200, 630))
    # The middle band of a picture whose top half is half white: left white, right blue.
    assert card.getpixel((10, 315))[2] > 240 or card.getpixel((10, 10))[2] > 240
    assert card.getpixel((1190, 315))[0] < 90


def test_exif_orientation_is_honoured_and_renditions_carry_no_metadata(editor):
    """A photo the camera stored sideways (EXIF orientation 6) is shown upright, and no
    rendition keeps the file's EXIF (GPS position), XMP or IPTC."""
    exif = Picture.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to view
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # a GPS latitude
    jpeg = with_segments(
        factories.jpeg_bytes((900, 600), exif=exif.tobytes(), xmp=xmp_packet(credit="Reuters")),
        iptc_segment({(2, 110): "Reuters"}),
    )
    image = factories.image(by=editor, file=factories.upload(jpeg))
    assert (image.width, image.height) == (600, 900)
    for rendition in [*image.renditions["jpeg"], *image.renditions["webp"]]:
        picture = opened(rendition["name"])
        assert picture.height > picture.width
        assert not picture.getexif()
        assert "xmp" not in picture.info and "photoshop" not in picture.info


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (factories.jpeg_bytes(mode="CMYK", color=(0, 80, 160, 0)), "cmyk.jpg"),
        (png_bytes(mode="P", transparency=0), "palette.png"),
        (png_bytes(mode="LA"), "grey-alpha.png"),
        (png_bytes(mode="L"), "grey.png"),
    ],
    ids=["cmyk", "palette-with-transparency", "grey-with-alpha", "grey"],
)
def test_cmyk_palette_and_grey_pictures_are_converted(editor, content, name):
    image = factories.image(by=editor, file=factories.upload(content, name=name))
    for kind in ("jpeg", "webp"):
        picture = opened(image.renditions[kind][0]["name"])
        assert picture.mode in ("RGB", "RGBA")


# -- refused files --------------------------------------------------------------------------


def truncated_jpeg():
    jpeg = factories.jpeg_bytes((1200, 800))
    return jpeg[: len(jpeg) // 2]


def huge_png():
    """A 56-megapixel PNG: small on disk (one colour), too many pixels to decode."""
    buffer = io.BytesIO()
    Picture.new("1", (8000, 7000)).save(buffer, "PNG")
    return buffer.getvalue()


def svg():
    return b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


REFUSED = {
    "not-an-image": (b"Minutes of the meeting, not a photo.\n" * 20, "minutes.jpg", "not an image"),
    "script-renamed-jpg": (b"#!/bin/sh\nrm -rf /\n" * 10, "photo.jpg", "not an image"),
    "html-disguised": (b"<html><script>alert(1)</script></html>", "photo.png", "not an image"),
    "truncated": (truncated_jpeg(), "cut.jpg", "damaged or incomplete"),
    "svg": (svg(), "logo.svg", "SVG is not accepted: upload a PNG or JPEG"),
    "svg-named-png": (svg(), "logo.png", "SVG is not accepted"),
    "too-many-pixels": (huge_png(), "huge.png", "more than 50 megapixels"),
    "png-named-jpg": (png_bytes(), "photo.jpg", "it is a PNG image"),
    "bmp": (None, "photo.bmp", "BMP images are not accepted"),
    "empty": (b"", "photo.jpg", "empty"),
}


def refused_content(key):
    content, name, message = REFUSED[key]
    if key == "bmp":
        buffer = io.BytesIO()
        Picture.new("RGB", (40, 30)).save(buffer, "BMP")
        content = buffer.getvalue()
    return content, name, message


@pytest.mark.parametrize("key", list(REFUSED))
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_is_stored(editor, media, key):
    content, name, message = refused_content(key)
    with pytest.raises(ValidationError) as refused:
        factories.image(by=editor, file=SimpleUploadedFile(name, content))
    assert message in " ".join(refused.value.message_dict["file"])
    assert Image.objects.count() == 0
    assert stored_files(media) == []


def test_a_file_over_20_mb_is_refused_before_it_is_read(editor, media):
    big = factories.jpeg_bytes((200, 200)) + b"\x00" * (20 * MB)
    with pytest.raises(ValidationError) as refused:
        factories.image(by=editor, file=SimpleUploadedFile("big.jpg", big))
    assert "images may be at most 20 MB" in refused.value.message_dict["file"][0]
    assert stored_files(media) == []


@pytest.mark.parametrize("key", ["script-renamed-jpg", "truncated", "svg", "too-many-pixels"])
def test_the_api_answers_a_bad_file_with_400_and_stores_nothing(client, editor, media, key):
    content, name, message = refused_content(key)
    response = api_client(client, editor).post(
        "/api/v1/images/", {"file": SimpleUploadedFile(name, content), "alt": "A photo"}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert message in response.json()["file"][0]
    assert Image.objects.count() == 0
    assert stored_files(media) == []


def test_the_words_are_checked_before_any_file_is_stored(editor, media):
    """No alt text: refused, and no file is left in storage."""
    with pytest.raises(ValidationError) as refused:
        factories.image(by=editor, alt="")
    assert "alt" in refused.value.message_dict
    assert stored_files(media) == []


def test_an_upload_body_over_the_limit_is_a_413_naming_it(client, editor, settings):
    settings.UPLOAD_MAX_REQUEST_SIZE = 1 * MB
    response = api_client(client, editor).post(
        "/api/v1/images/",
        {"file": SimpleUploadedFile("big.jpg", b"\xff" * (2 * MB)), "alt": "A photo"},
    )
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert "a photo may be at most 20 MB" in response.json()["detail"]


def test_a_20_mb_upload_reaches_the_checks(client, editor):
    """The body limit for forms (2.5 MB) does not stop a photo: a 19.5 MB file is read
    and checked (here: it is no image), not refused as a body too large."""
    response = api_client(client, editor).post(
        "/api/v1/images/",
        {"file": SimpleUploadedFile("big.jpg", b"x" * int(19.5 * MB)), "alt": "A photo"},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "not an image" in response.json()["file"][0]


# -- credits from the file ------------------------------------------------------------------


def test_iptc_credits_are_read_from_the_file(editor):
    jpeg = with_segments(
        factories.jpeg_bytes(),
        iptc_segment(
            {
                (2, 80): "Kim Hong-Ji",
                (2, 110): "Reuters",
                (2, 116): "© 2025 Thomson Reuters",
                (2, 120): "Kim Jong Un arrives in Beijing, 2 September 2025.",
            }
        ),
    )
    image = factories.image(by=editor, file=factories.upload(jpeg))
    assert image.caption == "Kim Jong Un arrives in Beijing, 2 September 2025."
    assert image.credit == "Kim Hong-Ji/Reuters"
    assert image.copyright == "© 2025 Thomson Reuters"


def test_xmp_credits_are_read_from_the_file(editor):
    jpeg = factories.jpeg_bytes(
        xmp=xmp_packet(
            description="Wang Yi greets Sergey Lavrov — 王毅",
            rights="© AFP",
            creator="Pedro Pardo",
            credit="AFP",
        )
    )
    image = factories.image(by=editor, file=factories.upload(jpeg))
    assert image.caption == "Wang Yi greets Sergey Lavrov — 王毅"
    assert (image.credit, image.copyright) == ("Pedro Pardo/AFP", "© AFP")


def test_what_the_editor_typed_wins_over_the_file(editor):
    jpeg = with_segments(
        factories.jpeg_bytes(), iptc_segment({(2, 110): "Reuters", (2, 120): "Agency caption"})
    )
    image = factories.image(
        by=editor, file=factories.upload(jpeg), caption="Our caption", credit=""
    )
    assert (image.caption, image.credit) == ("Our caption", "Reuters")


def test_an_xmp_packet_declaring_entities_is_ignored(editor):
    """A packet with a DTD could expand entities without end: its credits are not read."""
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/">&b;</x:xmpmeta>'
    )
    image = factories.image(by=editor, file=factories.upload(factories.jpeg_bytes(xmp=bomb)))
    assert image.caption == ""


# -- the API --------------------------------------------------------------------------------


def test_staff_upload_through_the_api_with_multipart(client, reporter, media):
    jpeg = with_segments(factories.jpeg_bytes((1400, 700)), iptc_segment({(2, 110): "AP"}))
    response = api_client(client, reporter).post(
        "/api/v1/images/",
        {
            "file": SimpleUploadedFile("summit.jpg", jpeg, "image/jpeg"),
            "alt": "Leaders at the summit",
            "caption": "The summit opens.",
        },
    )
    assert response.status_code == HTTPStatus.CREATED, response.content
    data = response.json()
    assert (data["alt"], data["caption"], data["credit"]) == (
        "Leaders at the summit",
        "The summit opens.",
        "AP",
    )
    assert (data["width"], data["height"]) == (1400, 700)
    assert [r["width"] for r in data["renditions"]["webp"]] == [480, 800, 1200, 1400]
    assert data["url"].startswith("http://testserver/media/images/renditions/")
    assert data["url"].endswith("/1400.jpg")
    assert "480w" in data["srcset"]["webp"] and data["share"]["width"] == 1200
    assert response["Location"] == data["api_url"]
    assert client.get(data["url"].removeprefix("http://testserver")).status_code == 200


def test_uploading_needs_the_permission(client, media):
    outsider = factories.UserFactory(is_staff=True)
    response = api_client(client, outsider).post(
        "/api/v1/images/", {"file": factories.upload(), "alt": "A photo"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert stored_files(media) == []


def test_anonymous_clients_cannot_upload(client, media):
    response = client.post("/api/v1/images/", {"file": factories.upload(), "alt": "A photo"})
    assert response.status_code in (HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN)
    assert stored_files(media) == []


@pytest.fixture
def library(editor):
    """Photos as public content shows them, and as it does not."""
    lead = factories.image(by=editor, alt="Lead of a published story")
    draft_lead = factories.image(by=editor, alt="Lead of a draft")
    portrait = factories.image(by=editor, alt="Portrait of a public actor")
    hidden_portrait = factories.image(by=editor, alt="Portrait of an unlisted actor")
    unused = factories.image(by=editor, alt="Not used anywhere")
    story = factories.PublishedArticleFactory(lead_image=lead)
    factories.ArticleFactory(lead_image=draft_lead)
    public_actor = factories.ActorFactory(portrait=portrait)
    article_services.article_update(article=story, by=editor, about=[public_actor])
    factories.ActorFactory(portrait=hidden_portrait)
    return {
        "lead": lead,
        "draft_lead": draft_lead,
        "portrait": portrait,
        "hidden_portrait": hidden_portrait,
        "unused": unused,
    }


def test_anonymous_clients_see_only_photos_public_content_shows(client, library):
    listed = {item["alt"] for item in client.get("/api/v1/images/").json()["results"]}
    assert listed == {"Lead of a published story", "Portrait of a public actor"}
    for name in ("draft_lead", "hidden_portrait", "unused"):
        response = client.get(f"/api/v1/images/{library[name].pk}/")
        assert response.status_code == HTTPStatus.NOT_FOUND
    assert client.get(f"/api/v1/images/{library['lead'].pk}/").status_code == HTTPStatus.OK


def test_staff_see_the_whole_library(client, library, reporter):
    results = api_client(client, reporter).get("/api/v1/images/").json()["results"]
    assert len(results) == 5


def test_the_image_list_costs_the_same_queries_however_many_photos(
    client, editor, django_assert_max_num_queries
):
    for _ in range(3):
        story = factories.PublishedArticleFactory(lead_image=factories.image(by=editor))
        assert story.lead_image_id
    with django_assert_max_num_queries(2):  # the count and the page
        assert len(client.get("/api/v1/images/").json()["results"]) == 3
    for _ in range(5):
        factories.PublishedArticleFactory(lead_image=factories.image(by=editor))
    with django_assert_max_num_queries(2):
        assert len(client.get("/api/v1/images/").json()["results"]) == 8


def test_the_words_of_a_photo_are_changed_through_the_api(client, editor):
    image = factories.image(by=editor)
    response = api_client(client, editor).patch(
        f"/api/v1/images/{image.pk}/",
        json.dumps({"caption": "New caption", "credit": "Xinhua"}),
        content_type="application/json",
    )
    assert response.status_code == HTTPStatus.OK, response.content
    image.refresh_from_db()
    assert (image.caption, image.credit) == ("New caption", "Xinhua")


def test_a_photo_in_use_cannot_be_deleted(client, editor, library, media):
    """A lead photo (PROTECT) and a portrait (which would silently vanish) are both refused,
    with a message naming where the photo is used."""
    client = api_client(client, editor)
    response = client.delete(f"/api/v1/images/{library['lead'].pk}/")
    assert response.status_code == HTTPStatus.CONFLICT
    assert "lead photo of “Headline" in response.json()["detail"]
    response = client.delete(f"/api/v1/images/{library['portrait'].pk}/")
    assert response.status_code == HTTPStatus.CONFLICT
    assert "portrait of" in response.json()["detail"]
    assert Image.objects.filter(pk__in=[library["lead"].pk, library["portrait"].pk]).count() == 2


def test_deleting_an_unused_photo_removes_its_files(
    client, editor, library, django_capture_on_commit_callbacks
):
    unused = library["unused"]
    names = unused.rendition_names()
    assert len(names) == 8 and all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(client, editor).delete(f"/api/v1/images/{unused.pk}/")
    assert response.status_code == HTTPStatus.NO_CONTENT
    assert not Image.objects.filter(pk=unused.pk).exists()
    assert not any(default_storage.exists(name) for name in names)


def test_reporters_may_not_delete_photos(client, reporter, editor):
    image = factories.image(by=editor)
    response = api_client(client, reporter).delete(f"/api/v1/images/{image.pk}/")
    assert response.status_code == HTTPStatus.FORBIDDEN


# -- the story's API -------------------------------------------------------------------------


def test_a_story_in_the_api_carries_its_lead_photo(client, editor):
    image = factories.image(by=editor, caption="At the table", credit="KCNA via Reuters")
    story = factories.PublishedArticleFactory(lead_image=image)
    for url in ("/api/v1/articles/", f"/api/v1/articles/{story.slug}/"):
        data = client.get(url).json()
        lead = (data["results"][0] if "results" in data else data)["lead_image"]
        assert lead["id"] == image.pk
        assert (lead["caption"], lead["credit"]) == ("At the table", "KCNA via Reuters")
        assert lead["url"].startswith("http://testserver/media/")
        assert {"width", "height", "renditions", "srcset", "copyright", "alt"} <= set(lead)


def test_a_story_is_given_a_lead_photo_by_id(client, editor):
    image = factories.image(by=editor)
    story = article_services.article_create(by=editor, headline="Kim", slug="kim", body="Kim.")
    client = api_client(client, editor)
    response = client.patch(
        f"/api/v1/articles/{story.slug}/",
        json.dumps({"lead_image": image.pk, "version": story.version}),
        content_type="application/json",
    )
    assert response.status_code == HTTPStatus.OK, response.content
    assert response.json()["lead_image"]["id"] == image.pk
    response = client.patch(
        f"/api/v1/articles/{story.slug}/",
        json.dumps({"lead_image": 999999, "version": story.version + 1}),
        content_type="application/json",
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "No image in the library has the id 999999" in response.json()["lead_image"][0]


# -- the story page ---------------------------------------------------------------------------


@pytest.fixture
def story_with_photo(editor):
    image = factories.image(
        by=editor,
        file=factories.upload(factories.jpeg_bytes((2000, 1250))),
        alt="Kim Jong Un steps off the train",
        caption="Kim arrives in Beijing.",
        credit="KCNA via Reuters",
        copyright="© KCNA",
    )
    return factories.PublishedArticleFactory(slug="kim-arrives", lead_image=image)


def test_the_lead_photo_shows_above_the_story_with_caption_and_credit(client, story_with_photo):
    html = client.get("/stories/kim-arrives/").content.decode()
    figure = re.search(r'<figure class="photo lead-photo">.*?</figure>', html, re.DOTALL).group()
    assert html.index(figure) < html.index('<div class="story-body">')
    assert '<source type="image/webp" srcset="/media/images/renditions/' in figure
    widths = re.search(r'<img [^>]*srcset="([^"]*)"', figure).group(1)
    assert re.findall(r"/(\d+)\.jpg (\d+)w", widths) == [
        ("480", "480"),
        ("800", "800"),
        ("1200", "1200"),
        ("1600", "1600"),
    ]
    assert 'width="2000" height="1250"' in figure
    assert 'fetchpriority="high"' in figure and 'loading="lazy"' not in figure
    assert 'alt="Kim Jong Un steps off the train"' in figure
    assert "Kim arrives in Beijing." in figure and "Photo: KCNA via Reuters" in figure


def test_the_story_page_reads_no_image_row(client, story_with_photo):
    """The figure's data was stored when the story was rendered."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/stories/kim-arrives/").status_code == HTTPStatus.OK
    assert not [q for q in queries.captured_queries if "images_image" in q["sql"]]


def test_the_share_card_and_large_twitter_card(client, story_with_photo):
    html = client.get("/stories/kim-arrives/").content.decode()
    assert re.search(
        r'<meta property="og:image" content="http://testserver/media/images/renditions/\w+/share\.jpg">',
        html,
    )
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_a_story_without_a_photo_has_a_small_card_and_no_figure(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<meta name="twitter:card" content="summary">' in html
    assert "og:image" not in html and "<figure" not in html


def test_the_structured_data_names_the_photo(client, story_with_photo):
    html = client.get("/stories/kim-arrives/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    image = json.loads(block)["image"]
    assert image[0]["@type"] == "ImageObject"
    assert image[0]["url"].startswith("http://testserver/media/images/renditions/")
    assert (image[0]["caption"], image[0]["creditText"], image[0]["copyrightNotice"]) == (
        "Kim arrives in Beijing.",
        "KCNA via Reuters",
        "© KCNA",
    )
    assert image[1].endswith("/share.jpg") and image[1].startswith("http://testserver/")


def test_a_new_caption_re_renders_the_stories_it_leads(client, editor, story_with_photo):
    client.get("/stories/kim-arrives/")
    services.image_update(
        image=story_with_photo.lead_image, by=editor, caption="Kim leaves Beijing."
    )
    html = client.get("/stories/kim-arrives/").content.decode()
    assert "Kim leaves Beijing." in html and "Kim arrives in Beijing." not in html


def test_a_new_caption_clears_the_cached_story_page(
    client, editor, story_with_photo, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    assert "Kim arrives" in client.get("/stories/kim-arrives/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.image_update(image=story_with_photo.lead_image, by=editor, credit="AFP")
    assert "Photo: AFP" in client.get("/stories/kim-arrives/").content.decode()


XSS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    '"><svg onload="window.__xss=1">',
    '\'><iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
]


def test_captions_credits_and_alt_text_are_escaped_everywhere(client, editor):
    hostile = " ".join(XSS)
    image = factories.image(
        by=editor, alt=f"Alt {hostile}", caption=hostile, credit=hostile, copyright=hostile
    )
    actor = factories.ActorFactory(slug="speaker", portrait=image)
    story = factories.PublishedArticleFactory(slug="hostile", lead_image=image)
    article_services.article_update(article=story, by=editor, about=[actor])
    for url in ("/stories/hostile/", "/actors/speaker/"):
        html = client.get(url).content.decode()
        assert "<script>window" not in html and "<img src=x" not in html
        assert "<svg onload" not in html and "<iframe" not in html
        assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html


# -- portraits ----------------------------------------------------------------------------


def test_an_actor_page_shows_the_portrait_lazily(client, editor):
    portrait = factories.image(by=editor, alt="Wang Yi at a briefing", credit="Xinhua")
    actor = factories.ActorFactory(slug="wang-yi", name="Wang Yi", portrait=portrait)
    story = factories.PublishedArticleFactory()
    article_services.article_update(article=story, by=editor, about=[actor])
    html = client.get("/actors/wang-yi/").content.decode()
    figure = re.search(r'<figure class="photo profile-portrait">.*?</figure>', html, re.DOTALL)
    assert figure and 'loading="lazy"' in figure.group()
    assert "Photo: Xinhua" in figure.group() and 'alt="Wang Yi at a briefing"' in figure.group()
    assert re.search(r'width="\d+" height="\d+"', figure.group())


def test_who_s_who_shows_portraits_and_follows_a_new_one(client, editor):
    actor = factories.ActorFactory(slug="lavrov", name="Sergey Lavrov")
    story = factories.PublishedArticleFactory(slug="talks")
    article_services.article_update(article=story, by=editor, about=[actor])
    assert "whos-who-portrait" not in client.get("/stories/talks/").content.decode()
    portrait = factories.image(by=editor, alt="Lavrov")
    actor_services.actor_update(actor=actor, by=editor, portrait=portrait)
    html = client.get("/stories/talks/").content.decode()
    portrait_html = re.search(r'<picture class="whos-who-portrait">.*?</picture>', html).group()
    assert 'loading="lazy"' in portrait_html and 'alt=""' in portrait_html


# -- the desk ---------------------------------------------------------------------------------


def test_the_desk_uploads_a_photo(client, editor, media):
    client.force_login(editor)
    response = client.post(
        reverse("admin:images_image_add"),
        {"file": factories.upload(), "alt": "Delegations", "caption": "", "credit": "AP"},
    )
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    image = Image.objects.get()
    assert (image.alt, image.credit, image.uploaded_by) == ("Delegations", "AP", editor)
    assert len(image.renditions["jpeg"]) == 3
    listing = client.get(reverse("admin:images_image_changelist")).content.decode()
    assert image.thumbnail_url in listing


def test_the_desk_shows_a_bad_file_as_a_form_error_and_stores_nothing(client, editor, media):
    client.force_login(editor)
    response = client.post(
        reverse("admin:images_image_add"),
        {"file": SimpleUploadedFile("logo.svg", svg()), "alt": "Logo"},
    )
    assert response.status_code == HTTPStatus.OK
    form = response.context["adminform"].form
    assert "SVG is not accepted: upload a PNG or JPEG." in form.errors["file"]
    assert Image.objects.count() == 0
    assert stored_files(media) == []


def test_the_desk_refuses_to_delete_a_lead_photo(client, editor, story_with_photo):
    client.force_login(editor)
    image = story_with_photo.lead_image
    url = reverse("admin:images_image_delete", args=[image.pk])
    client.post(url, {"post": "yes"})
    assert Image.objects.filter(pk=image.pk).exists()


def test_the_story_form_picks_a_lead_photo(client, editor, story_with_photo):
    client.force_login(editor)
    html = client.get(
        reverse("admin:articles_article_change", args=[story_with_photo.pk])
    ).content.decode()
    assert 'name="lead_image"' in html
    assert story_with_photo.lead_image.thumbnail_url in html


def test_the_structured_data_names_the_photo_and_every_author_together(client, story_with_photo):
    """One NewsArticle carrying both: its lead photo as an ImageObject and a Person per
    author in byline order, each with their page (a published author is public)."""
    jane = factories.AuthorFactory(name="Jane Doe", slug="jane-doe", role="Beijing correspondent")
    john = factories.AuthorFactory(name="John Roe", slug="john-roe", role="Seoul bureau chief")
    factories.credit(story_with_photo, jane, john)
    html = client.get("/stories/kim-arrives/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    data = json.loads(block)
    assert data["@type"] == "NewsArticle"
    assert data["image"][0]["@type"] == "ImageObject"
    assert data["image"][0]["caption"] == "Kim arrives in Beijing."
    assert [(a["@type"], a["name"], a["jobTitle"]) for a in data["author"]] == [
        ("Person", "Jane Doe", "Beijing correspondent"),
        ("Person", "John Roe", "Seoul bureau chief"),
    ]
    assert [a["url"] for a in data["author"]] == [
        "http://testserver/authors/jane-doe/",
        "http://testserver/authors/john-roe/",
    ]
