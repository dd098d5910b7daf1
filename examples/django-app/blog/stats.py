# How many times each note was opened, shown on the note page.
VIEW_COUNTS = {}


def record_view(note_id):
    VIEW_COUNTS[note_id] = VIEW_COUNTS.get(note_id, 0) + 1
    return VIEW_COUNTS[note_id]
