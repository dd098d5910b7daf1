from celery import shared_task
from django.core.mail import send_mail

from .models import Note


@shared_task
def notify_followers(note_id):
    note = Note.objects.select_related("author").get(pk=note_id)
    send_mail(
        subject=f"New note: {note.title}",
        message=f"{note.author.username} published {note.title}.",
        from_email=None,
        recipient_list=["followers@quill.app"],
    )


@shared_task
def summarize_note(note_id):
    from .ai import summarize

    note = Note.objects.get(pk=note_id)
    note.summary = summarize(note.body)
    note.save(update_fields=["summary"])
