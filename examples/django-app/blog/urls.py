from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("api/notes", views.NoteViewSet)

urlpatterns = [
    path("", views.note_list, name="note-list"),
    path("notes/<slug:slug>/", views.note_detail, name="note-detail"),
    path("subjects/<str:subject>/", views.notes_by_subject, name="notes-by-subject"),
    path("api/notes/<int:pk>/summarize/", views.summarize_view),
    path("api/notes/<int:pk>/summarize-later/", views.summarize_later),
    path("api/notes/<int:pk>/publish/", views.publish),
    path("", include(router.urls)),
]
