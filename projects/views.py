from django.views.generic import DetailView
from django_filters.views import FilterView

from editorial.previews import SharedPreviewMixin
from pagecache.fragments import FragmentDetailMixin, FragmentListMixin
from projects.filters import ProjectFilterSet
from projects.models import Project
from yport.pagination import ForgivingPaginationMixin
from yport.staff_preview import StaffPreviewMixin


class ProjectListView(FragmentListMixin, ForgivingPaginationMixin, FilterView):
    fragment_name = "project-list"
    filterset_class = ProjectFilterSet
    template_name = "projects/project_list.html"
    context_object_name = "projects"
    paginate_by = 24
    strict = False  # invalid filter values are ignored (and their errors shown), not turned into an empty list

    def get_queryset(self):
        return Project.objects.published().for_list().order_by("city__name", "city__pk", "order", "slug")


class ProjectDetailView(StaffPreviewMixin, FragmentDetailMixin, DetailView):
    model = Project
    context_object_name = "project"
    template_name = "projects/project_detail.html"
    fragment_name = "project-detail"

    def get_queryset(self):
        return super().get_queryset().select_related("city", "field", "financing")

    def fragment_prefetch_lookups(self):
        return ("sdg_goals", "results", "documents")

    def object_is_published_now(self):
        return self.object.is_published_now  # the project and its city


class ProjectPreviewView(SharedPreviewMixin, ProjectDetailView):
    """A project as a shareable preview link shows it (``yport.views.preview``)."""
