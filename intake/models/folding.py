"""Names folded for the staff search, in the database: `last_name__folded__startswith=...`.

`Folded` calls intake_fold(), which is the same rule as `domain.names.fold`: on PostgreSQL an
immutable SQL function over the unaccent extension (migration 0025; immutable, so the name
indexes can be built on it), on SQLite the Python function itself, registered on each new
connection.
"""

from django.db.backends.signals import connection_created
from django.db.models import CharField, Lookup, Transform

from intake.domain.names import fold

FUNCTION = "intake_fold"


class Folded(Transform):
    lookup_name = "folded"
    function = FUNCTION
    output_field = CharField()


@Folded.register_lookup
class Prefix(Lookup):
    """Starts with a folded text, as a range of the index's order: `>= 'GARAN' AND < 'GARAO'`.
    Unlike LIKE 'GARAN%' (which PostgreSQL turns into the same range but then checks again on
    every row, folding each name anew), the range alone is exact, so the index answers it by
    itself, in an index-only scan. PostgreSQL compares with the text_pattern_ops operators
    (~>=~, ~<~: byte order, what the index is sorted by); SQLite's default order is bytes too.
    """

    lookup_name = "prefix"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        low = self.rhs
        high = low[:-1] + chr(ord(low[-1]) + 1)  # the first text after every one starting low
        at_least, below = ("~>=~", "~<~") if connection.vendor == "postgresql" else (">=", "<")
        return (
            f"({lhs} {at_least} %s AND {lhs} {below} %s)",
            [*lhs_params, low, *lhs_params, high],
        )


CharField.register_lookup(Folded)


def register_sqlite_fold(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            FUNCTION, 1, lambda text: None if text is None else fold(text), deterministic=True
        )


connection_created.connect(register_sqlite_fold, dispatch_uid="intake_fold")
