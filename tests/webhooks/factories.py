import uuid

import factory

from webhooks.models import WebhookDelivery, WebhookEndpoint


class EndpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookEndpoint

    url = "https://hooks.example.com/parley"
    description = factory.Sequence(lambda n: f"Endpoint {n}")


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookDelivery

    endpoint = factory.SubFactory(EndpointFactory)
    event = "interview.completed"
    event_id = factory.LazyFunction(uuid.uuid4)
    payload = factory.LazyAttribute(lambda d: {"id": str(d.event_id), "event": d.event, "data": {}})
