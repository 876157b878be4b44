"""The body becomes structured: the rendered body moves to ``rendered_body``, and
``body_html`` holds the editor's sanitised HTML. Existing plain-text bodies become one
paragraph per line, losing nothing."""

from django.db import migrations, models
from django.utils.html import escape


def paragraphs(text):
    return "".join(f"<p>{escape(line)}</p>" for line in (text or "").split("\n") if line.strip())


def to_paragraphs(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.only("pk", "body").iterator(chunk_size=500):
        Article.objects.filter(pk=article.pk).update(body_html=paragraphs(article.body))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_search_index"),
    ]

    operations = [
        migrations.RenameField("article", "body_html", "rendered_body"),
        migrations.AddField(
            model_name="article",
            name="body_html",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="historicalarticle",
            name="body_html",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(to_paragraphs, migrations.RunPython.noop, elidable=True),
    ]
