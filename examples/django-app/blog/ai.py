from django.conf import settings
from openai import OpenAI

client = OpenAI(api_key=settings.OPENAI_API_KEY)


def summarize(text):
    response = client.chat.completions.create(
        model="gpt-4o",
        messages=[
            {"role": "system", "content": "Summarize these study notes in five bullet points."},
            {"role": "user", "content": text},
        ],
    )
    return response.choices[0].message.content
