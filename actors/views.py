from django.views.generic import DetailView, ListView

from actors.models import Actor, Event


class ActorListView(ListView):
    queryset = Actor.objects.named()
    paginate_by = 100


class ActorDetailView(DetailView):
    queryset = Actor.objects.named()


class EventListView(ListView):
    queryset = Event.objects.chronological()


class EventDetailView(DetailView):
    model = Event
