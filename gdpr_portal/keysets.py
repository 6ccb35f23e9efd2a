"""A batch of primary keys as one query parameter.

`filter(pk__in=[...500 keys...])` makes 500 parameters, each prepared by Django and spliced into
the SQL by the driver: in the retention sweep that was a third of the time. On PostgreSQL the
batch goes as one array instead (`id IN (SELECT unnest(%s::bigint[]))`); elsewhere as the list.
The array goes as its text (`{1,2,3}`), which PostgreSQL parses: the driver adapting a list of
500 ints element by element (choosing int2, int4 or int8 for each) cost 1.8 s of a sweep of
100,000 requests, six arrays per batch; joining the text costs a few microseconds.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models.expressions import RawSQL


def keyset(keys: Iterable[int]):
    """For `filter(<field>__in=keyset(keys))`."""
    keys = list(keys)
    if connection.vendor != "postgresql":
        return keys
    text = "{" + ",".join(map(str, map(int, keys))) + "}"
    return RawSQL("SELECT unnest(%s::bigint[])", [text])
