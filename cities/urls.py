from django.urls import path

from cities import views

app_name = "cities"

urlpatterns = [
    path("cities/", views.CityListView.as_view(), name="city_list"),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city_detail"),
    path("cities/<slug:slug>/data.csv", views.CityDataView.as_view(format="csv"), name="city_data_csv"),
    path("cities/<slug:slug>/data.json", views.CityDataView.as_view(format="json"), name="city_data_json"),
]
