"""Read-only API endpoints for partner cities (wired in yport/api_urls.py, docs/api.md)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets

from cities.catalogue import COLUMN_TYPES, DATASETS, dataset_metadata, json_rows, latest_change
from cities.datasets import Dataset, DatasetRows
from cities.filters import CityFilter
from cities.licence import OpenDataLicence
from cities.models import City
from cities.serializers import CitySerializer
from yport.api import LanguageMixin


class CityViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Published partner cities with their key figures, SDG self-evaluations, fields of cooperation
    and Voluntary Local Reviews, and the address of their projects; filtered as the city list page is."""

    serializer_class = CitySerializer
    filterset_class = CityFilter
    lookup_field = "slug"

    def get_queryset(self):
        return City.objects.published().with_profile().with_public_projects().order_by("name", "pk")


class LicenceSerializer(serializers.Serializer):
    name = serializers.CharField(allow_null=True, help_text=_("Empty until the city names a licence."))
    url = serializers.URLField(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    terms = serializers.CharField(help_text=_("The licence, or whom to ask, in a sentence."))


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    type = serializers.ChoiceField(choices=sorted(COLUMN_TYPES))
    unit = serializers.CharField(allow_null=True)
    description = serializers.CharField(allow_blank=True)


class DatasetSerializer(serializers.Serializer):
    """A dataset of the open-data catalogue (``cities.catalogue.dataset_metadata``); the JSON download has the same
    keys and its rows."""

    dataset = serializers.SlugField()
    title = serializers.CharField()
    description = serializers.CharField()
    language = serializers.CharField()
    publisher = serializers.CharField()
    source = serializers.CharField()
    licence = LicenceSerializer()
    modified = serializers.DateTimeField(allow_null=True)
    url = serializers.URLField()
    csv_url = serializers.URLField()
    json_url = serializers.URLField()
    api_url = serializers.URLField()
    columns = ColumnSerializer(many=True)

    def to_representation(self, dataset):
        licence = self.context["licence"]
        modified = latest_change(licence, self.context["catalogue_change"], [dataset])
        return dataset_metadata(dataset, licence=licence, modified=modified, request=self.context["request"])


def column_field(column):
    options = {"help_text": column.description or None, "allow_null": True}
    if column.type == "integer":
        return serializers.IntegerField(**options)
    if column.type == "decimal":
        return serializers.DecimalField(max_digits=20, decimal_places=4, coerce_to_string=True, **options)
    return serializers.CharField(allow_blank=True, **options)


ROW_SERIALIZERS = {}


def dataset_row_serializer(dataset: Dataset):
    """A row of ``dataset`` for the schema (made once per dataset: the schema names it ``<Dataset>Row``)."""
    if dataset.slug not in ROW_SERIALIZERS:
        name = "".join(part.capitalize() for part in dataset.slug.split("-")) + "RowSerializer"
        fields = {column.key: column_field(column) for column in dataset.columns}
        ROW_SERIALIZERS[dataset.slug] = type(name, (serializers.Serializer,), fields)
    return ROW_SERIALIZERS[dataset.slug]


class DatasetViewSet(LanguageMixin, viewsets.GenericViewSet):
    """The open-data catalogue: each dataset with its columns, licence and the addresses of its files and rows."""

    serializer_class = DatasetSerializer
    filter_backends = ()

    def get_queryset(self):
        return list(DATASETS)

    def get_serializer_context(self):
        licence = OpenDataLicence.objects.current()
        # Each dataset's last change is the later of this one (a city's or the licence's) and its own rows'.
        return {**super().get_serializer_context(), "licence": licence, "catalogue_change": latest_change(licence)}

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class DatasetRowsViewSet(LanguageMixin, viewsets.GenericViewSet):
    """One dataset's rows, as its CSV and JSON downloads hold them (``cities.catalogue``), page by page: a page reads
    only its own rows and their count from the database (``DatasetRows``)."""

    dataset = None  # a Dataset of cities.catalogue.DATASETS, given to as_view()
    filter_backends = ()

    def get_serializer_class(self):
        return dataset_row_serializer(self.dataset)

    def get_queryset(self):
        return DatasetRows(self.dataset)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(json_rows(self.dataset, page))
