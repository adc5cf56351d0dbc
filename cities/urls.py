from django.urls import path

from cities import views

app_name = "cities"

urlpatterns = [
    path("cities/", views.CityListView.as_view(), name="city_list"),
    # Before the city's own addresses: "compare" is not a city.
    path("cities/compare/", views.CityComparisonView.as_view(), name="city_compare"),
    path("cities/compare/data.csv", views.CityComparisonDataView.as_view(format="csv"), name="city_compare_csv"),
    path("cities/compare/data.json", views.CityComparisonDataView.as_view(format="json"), name="city_compare_json"),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city_detail"),
    path("cities/<slug:slug>/data.csv", views.CityDataView.as_view(format="csv"), name="city_data_csv"),
    path("cities/<slug:slug>/data.json", views.CityDataView.as_view(format="json"), name="city_data_json"),
    path("data/", views.DataCatalogueView.as_view(), name="data_catalogue"),
    path("data/<slug:dataset>.csv", views.DatasetDownloadView.as_view(format="csv"), name="dataset_csv"),
    path("data/<slug:dataset>.json", views.DatasetDownloadView.as_view(format="json"), name="dataset_json"),
    path("cities/<slug:slug>/sdgs/<int:goal>/", views.CityGoalView.as_view(), name="city_goal"),
]
