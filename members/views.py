from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from proclamations.models import Proclamation

from .models import City

CITIES_PER_PAGE = 50


def city_list(request: HttpRequest) -> HttpResponse:
    cities = City.objects.active().order_by("name", "id")
    page = Paginator(cities, CITIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "members/city_list.html", {"page": page})


def city_detail(request: HttpRequest, slug: str) -> HttpResponse:
    public_proclamations = Prefetch("proclamations", queryset=Proclamation.objects.filter(is_public=True))
    city = get_object_or_404(City.objects.prefetch_related(public_proclamations, "initiatives"), slug=slug)
    return render(request, "members/city_detail.html", {"city": city})
