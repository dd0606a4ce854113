"""Pages patients see without an account: home, the comparison and the intake."""

from django.shortcuts import render


def home(request):
    return render(request, "intake/home.html")


def learn(request):
    return render(request, "intake/placeholder.html", {"title": "Ketamine and antidepressants"})


def intake_start(request):
    return render(request, "intake/placeholder.html", {"title": "Request an evaluation"})
