"""The gateway's limits held across every gateway process, in Redis (``REDIS_URL``).

Without Redis each process keeps its own counts (api/rate_limit.py, api/limits.py), so N processes
allow N times each limit. With it, the per-conversation and per-address token buckets and the slots of
the concurrency caps live in Redis, changed by Lua scripts (one atomic step each, timed by Redis' own
clock, so processes on several machines agree). A slot carries a time and lapses after
``SLOT_SECONDS``: a process that dies holding one cannot keep the cap filled.

When Redis cannot be reached the limits are not enforced for that request (logged, counted under
``fengqiao_errors_total{kind="limits_store_unavailable"}``): the officers are served, the operator is told.
"""

from __future__ import annotations

import logging
import math
import uuid
from typing import Optional

import redis
import redis.asyncio as async_redis

from api import metrics
from api.rate_limit import RateLimited

logger = logging.getLogger(__name__)
SLOT_SECONDS = 120  # longer than any request may take (the turn deadline, a training step is not a request)
UNAVAILABLE = "limits_store_unavailable"

TOKEN_BUCKET = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(bucket[1]) or burst
local updated = tonumber(bucket[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - updated) * rate)
local allowed, retry = 0, 0
if tokens >= 1 then
  tokens, allowed = tokens - 1, 1
elseif rate > 0 then
  retry = (1 - tokens) / rate
else
  retry = -1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
return {allowed, tostring(retry)}
"""

TAKE_SLOT = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  return 0
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
return 1
"""


class SharedRateLimiter:
    """The token buckets of :class:`api.rate_limit.RateLimiter` (same ``check``), kept in Redis under ``prefix``."""

    def __init__(self, client: redis.Redis, prefix: str, per_minute: float, burst: int) -> None:
        self.client = client
        self.prefix = prefix
        self.rate = per_minute / 60.0
        self.burst = burst
        self.ttl = int(math.ceil(burst / self.rate)) + 60 if self.rate else 86_400
        self.script = client.register_script(TOKEN_BUCKET)

    def check(self, sender_id: str) -> None:
        """Take one token for ``sender_id`` or raise :class:`RateLimited`."""
        try:
            allowed, retry_after = self.script(
                keys=[f"{self.prefix}:{sender_id}"], args=[self.rate, self.burst, self.ttl]
            )
        except redis.RedisError as error:
            logger.warning("rate limit not checked, Redis unavailable: %s", type(error).__name__)
            metrics.ERRORS.labels(UNAVAILABLE).inc()
            return
        if int(allowed) != 1:
            metrics.REFUSALS.labels("rate_limited").inc()
            retry = float(retry_after)
            raise RateLimited(retry if retry >= 0 else float("inf"))


class SharedSlots:
    """At most ``limit`` holders of each key at once, across every process (the concurrency caps)."""

    def __init__(self, client: async_redis.Redis, prefix: str) -> None:
        self.client = client
        self.prefix = prefix
        self.script = client.register_script(TAKE_SLOT)

    async def take(self, key: str, limit: int) -> Optional[str]:
        """A slot's token, ``None`` when all ``limit`` are taken; a token also when Redis is unreachable
        (not enforced: see the module)."""
        token = uuid.uuid4().hex
        try:
            taken = await self.script(keys=[f"{self.prefix}:{key}"], args=[limit, SLOT_SECONDS, token])
        except redis.RedisError as error:
            logger.warning("concurrency cap not checked, Redis unavailable: %s", type(error).__name__)
            metrics.ERRORS.labels(UNAVAILABLE).inc()
            return ""
        return token if int(taken) == 1 else None

    async def give_back(self, key: str, token: str) -> None:
        if not token:
            return
        try:
            await self.client.zrem(f"{self.prefix}:{key}", token)
        except redis.RedisError as error:  # the slot lapses by itself after SLOT_SECONDS
            logger.warning("slot not given back, Redis unavailable: %s", type(error).__name__)
