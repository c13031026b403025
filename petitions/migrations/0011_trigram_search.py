"""Trigram indexes for the staff search and the duplicate finder, on PostgreSQL only.

The search box matches `LIKE '%…%'` on the folded keys (dialogue.text.fold: the
text without diacritics, lower case; the Vietnamese-aware unaccent, done in Python
where "đ", NFD input and tone placement are handled) and the duplicate finder
compares the folded content by trigram similarity (`%`). pg_trgm's GIN indexes
serve both. SQLite has neither and keeps its plain LIKE; nothing runs there.

Built CONCURRENTLY (outside a transaction) so a large table keeps taking writes.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

COLUMNS = ("content_key", "name_key", "address_key")


class PostgreSQLOnly(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("petitions", "0010_staff_list_indexes"),
    ]

    operations = [
        # A no-op on other databases (Django's CreateExtension checks the vendor).
        TrigramExtension(),
        *(
            PostgreSQLOnly(
                f"CREATE INDEX CONCURRENTLY IF NOT EXISTS petition_{column}_trgm "
                f"ON petitions_petition USING gin ({column} gin_trgm_ops)",
                f"DROP INDEX CONCURRENTLY IF EXISTS petition_{column}_trgm",
            )
            for column in COLUMNS
        ),
    ]
