from django.urls import path

from cities import views

app_name = "cities"

urlpatterns = [
    path("cities/", views.CityListView.as_view(), name="city_list"),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city_detail"),
    path("cities/<slug:slug>/data.csv", views.CityDataView.as_view(format="csv"), name="city_data_csv"),
    path("cities/<slug:slug>/data.json", views.CityDataView.as_view(format="json"), name="city_data_json"),
    path("data/", views.DataCatalogueView.as_view(), name="data_catalogue"),
    path("data/<slug:dataset>.csv", views.DatasetDownloadView.as_view(format="csv"), name="dataset_csv"),
    path("data/<slug:dataset>.json", views.DatasetDownloadView.as_view(format="json"), name="dataset_json"),
]
