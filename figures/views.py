from django.shortcuts import render
from django.views.decorators.http import require_GET

from figures import pictures
from figures.selectors import network_figures, visits


@require_GET
def figures_page(request):
    """The network in figures: a handful of cached aggregates drawn as charts, and the visits the site counts."""
    figures = network_figures()
    seen = visits()
    charts = {
        "regions": pictures.regions_map(figures),
        "innovators": pictures.innovators_map(figures),
        "kinds": pictures.labs_by_kind(figures),
        "growth_labs": pictures.growth(figures, "labs"),
        "growth_innovators": pictures.growth(figures, "innovators"),
        "editions": pictures.editions(figures),
        "origin": pictures.origin(figures),
        "visits": pictures.visits_per_day(seen),
        "visit_pages": pictures.visits_per_page(seen),
    }
    return render(
        request,
        "figures/figures.html",
        {"headline": pictures.headline(figures), "figures": figures, "visits": seen, "charts": charts},
    )
