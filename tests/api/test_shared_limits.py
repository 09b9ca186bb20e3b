"""api/shared_limits.py without its Redis (fast tier): the officers are served, the operator is told.
tests/scale/test_shared_limits.py checks the limits across two gateways against a real Redis."""

import asyncio

import redis
import redis.asyncio as async_redis

from api import metrics
from api.shared_limits import UNAVAILABLE, SharedRateLimiter, SharedSlots
from rasa_runtime.stack import free_port


def unavailable_count() -> float:
    return metrics.ERRORS.labels(UNAVAILABLE)._value.get()


def test_a_rate_limit_whose_redis_is_down_lets_the_message_through_and_counts_the_outage():
    before = unavailable_count()
    limiter = SharedRateLimiter(redis.Redis(port=free_port(), socket_connect_timeout=0.2), "test", 1, 1)
    limiter.check("web:someone")
    limiter.check("web:someone")  # over the burst, but nothing can be counted: served
    assert unavailable_count() == before + 2


def test_a_slot_whose_redis_is_down_is_given_and_given_back_without_error():
    slots = SharedSlots(async_redis.Redis(port=free_port(), socket_connect_timeout=0.2), "test")

    async def use() -> str:
        token = await slots.take("busy", 1)
        await slots.give_back("busy", token)
        return token

    assert asyncio.run(use()) == ""
