import requests
from django.core.mail import send_mail
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from rest_framework import viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from .ai import summarize
from .models import Note
from .serializers import NoteSerializer
from .stats import record_view
from .tasks import notify_followers, summarize_note


class NoteViewSet(viewsets.ModelViewSet):
    """CRUD API for notes, used by the mobile app."""

    queryset = Note.objects.all()
    serializer_class = NoteSerializer


def note_list(request):
    """Published notes for the home page, with author and comment count."""
    notes = Note.objects.filter(status="published").order_by("-created_at")[:50]
    data = []
    for note in notes:
        data.append(
            {
                "title": note.title,
                "author": note.author.username,
                "comments": note.comments.count(),
            }
        )
    return JsonResponse({"notes": data})


def note_detail(request, slug):
    note = get_object_or_404(Note.objects.select_related("author"), slug=slug)
    views = record_view(note.id)
    return JsonResponse({"title": note.title, "author": note.author.username, "views": views})


def notes_by_subject(request, subject):
    notes = Note.objects.filter(subject=subject, status="published").values("title", "slug")[:50]
    return JsonResponse({"notes": list(notes)})


@api_view(["POST"])
def summarize_view(request, pk):
    """Summarize a note with AI and return the summary right away."""
    note = get_object_or_404(Note, pk=pk)
    summary = summarize(note.body)
    return Response({"summary": summary})


@api_view(["POST"])
def summarize_later(request, pk):
    """The scalable twin: queue the work, answer 202 at once."""
    note = get_object_or_404(Note, pk=pk)
    summarize_note.delay(note.pk)
    return Response({"status": "queued"}, status=202)


@api_view(["POST"])
def publish(request, pk):
    note = get_object_or_404(Note, pk=pk, author=request.user)
    note.status = "published"
    note.save()

    send_mail(
        subject="Your note is live",
        message=f"'{note.title}' is now public.",
        from_email=None,
        recipient_list=[request.user.email],
    )
    notify_followers(note.id)

    # Let the search service know.
    requests.post("https://search.quill.app/index", json={"id": note.id, "title": note.title})
    return Response({"status": "published"})


def notes_export(request):
    """Every note, for the mobile app's offline mode."""
    notes = Note.objects.values("title", "slug")
    return JsonResponse({"notes": list(notes)})
