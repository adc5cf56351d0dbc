"""A dataset of the open-data catalogue (``cities.catalogue``) as a declaration: its columns, its source objects and
how they become rows, so that the downloads read every row and the API's pages only a page's, from one definition
(docs/api.md, "Adding a dataset")."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import F, Max, QuerySet, Sum, Window
from django.db.models.expressions import RowRange
from django.db.models.functions import Coalesce
from django.utils.translation import get_language


@dataclass(frozen=True)
class Column:
    key: str  # the JSON and API key, the same in every language
    title: str  # the CSV header, translated (lazy)
    type: str = "string"  # "string", "integer" or "decimal" (written exactly, as text in JSON)
    unit: str = ""  # the unit of every value in the column, translated; empty where a unit column says it
    description: str = ""


@dataclass(frozen=True)
class Dataset:
    """A table of the catalogue, made from one kind of object:

    - ``objects()``: the source QuerySet, in the dataset's order (a total one: end it with the primary key or a
      unique field), of published cities only, with what ``rows_of`` reads selected or prefetched;
    - ``rows_of(objects)``: the rows of a list of those objects, in their order;
    - ``rows_per_object``: how many rows ``rows_of`` makes of each object: a number, or where it varies the name of
      an annotation of ``objects()`` that counts them in the database (``ProjectQuerySet.with_tidy_row_count``);
    - ``changed``: the timestamps of an object and of the parents its rows show (``updated_at``,
      ``evaluation__updated_at``): their latest is the dataset's last change (``latest_change``), with its cities'
      and the licence's.

    So a page of rows reads only its page's objects (``row_slice``) and its count (``row_count``): the same queries
    for ten rows or ten thousand."""

    slug: str
    title: str
    description: str
    columns: tuple[Column, ...]
    objects: Callable[[], QuerySet] = field(compare=False)
    rows_of: Callable[[Sequence], Iterable[dict]] = field(compare=False)
    rows_per_object: int | str = 1
    changed: tuple[str, ...] = ()

    def filename(self, extension: str) -> str:
        return f"yport-{self.slug}-{get_language()}.{extension}"

    def rows(self) -> list[dict]:
        """Every row of the dataset: the downloads'."""
        return list(self.rows_of(list(self.objects())))

    def row_count(self) -> int:
        """How many rows the dataset has, counted in the database (one query)."""
        if isinstance(self.rows_per_object, int):
            return self.objects().count() * self.rows_per_object
        return self.objects().aggregate(rows=Coalesce(Sum(self.rows_per_object), 0))["rows"]

    def row_slice(self, start: int, stop: int) -> list[dict]:
        """The rows ``start`` to ``stop`` (from 0, ``stop`` excluded), made of the objects that make them only: one
        query (and the prefetches of ``objects()``)."""
        if stop <= start:
            return []
        objects, first_row = self._objects_of_rows(start, stop)
        rows = list(self.rows_of(objects))
        return rows[start - first_row : stop - first_row]

    def _objects_of_rows(self, start, stop) -> tuple[list, int]:
        """The objects that make rows ``start`` to ``stop``, and the number of the first one's first row."""
        objects = self.objects()
        if isinstance(self.rows_per_object, int):
            first, last = start // self.rows_per_object, -(-stop // self.rows_per_object)
            return list(objects[first:last]), first * self.rows_per_object
        # Each object's rows end where the running sum of the counts up to it ends: those that end after ``start``
        # and begin before ``stop`` make the rows asked for. A running sum over rows, not over ties of the ordering.
        count = F(self.rows_per_object)
        ordering = objects.query.order_by or objects.model._meta.ordering
        objects = list(
            objects.annotate(
                rows_through=Window(Sum(count), order_by=list(ordering), frame=RowRange(start=None, end=0))
            ).filter(rows_through__gt=start, rows_through__lt=stop + count)
        )
        if not objects:
            return [], start
        return objects, objects[0].rows_through - getattr(objects[0], self.rows_per_object)

    def latest_change(self):
        """The last change of an object of the dataset or of a parent its rows show (``changed``), in one query;
        None if it names none or has no objects."""
        if not self.changed:
            return None
        latest = self.objects().aggregate(**{f"latest_{number}": Max(name) for number, name in enumerate(self.changed)})
        return later(*latest.values())


class DatasetRows:
    """A dataset's rows as Django's ``Paginator`` (so the API's pages) reads them: their count and a slice
    ``[start:stop]``, each from the database (``Dataset.row_count``, ``Dataset.row_slice``), never the whole
    dataset."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset

    def count(self) -> int:
        return self.dataset.row_count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1) or index.stop is None:
            raise TypeError("A dataset's rows are read a slice [start:stop] at a time.")
        start = index.start or 0
        if start < 0 or index.stop < 0:
            raise TypeError("A dataset's rows are counted from the first.")
        return self.dataset.row_slice(start, index.stop)


def later(*changes):
    """The latest of ``changes`` that are known (None if none is)."""
    return max((change for change in changes if change is not None), default=None)
