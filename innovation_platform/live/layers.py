"""The Redis channel layer: channels-redis's pub/sub layer, which also tells this process's consumers
when its subscription connection breaks.

Pub/sub keeps nothing for a subscriber that is away: what is published while Redis is down, and in
the seconds before the layer has subscribed again, never reaches the sockets that stayed open, and
the layer gives no sign of it (its reconnect hooks are never called in channels-redis 4.3). Told of
the loss, a consumer closes its socket; the client reconnects once Redis answers and replays what it
missed from the stored events, the path every dropped connection already takes.
"""

from channels_redis.pubsub import RedisPubSubChannelLayer, RedisSingleShardConnection
from redis.asyncio.client import PubSub
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

FEED_LOST = {"type": "live.feed_lost"}


class PubSubChannelLayer(RedisPubSubChannelLayer):
    def _get_layer(self):
        # The library builds one layer per event loop, lazily; its shards have not connected yet
        # when they are swapped here.
        layer = super()._get_layer()
        if not all(isinstance(shard, _WatchedShard) for shard in layer._shards):
            layer._shards = [_WatchedShard(shard.host, layer) for shard in layer._shards]
        return layer


class _WatchedShard(RedisSingleShardConnection):
    def _ensure_redis(self):
        if self._redis is None:
            super()._ensure_redis()
            self._pubsub = _WatchedPubSub(self._redis.connection_pool, on_lost=self._tell_consumers)

    def _tell_consumers(self) -> None:
        message = self.channel_layer.channel_layer.serialize(FEED_LOST)
        for queue in self.channel_layer.channels.values():
            queue.put_nowait(message)


class _WatchedPubSub(PubSub):
    """Calls `on_lost` when reading fails, once per outage: the layer's receive loop keeps retrying."""

    def __init__(self, *args, on_lost, **kwargs):
        super().__init__(*args, **kwargs)
        self._on_lost = on_lost
        self._lost = False

    async def get_message(self, *args, **kwargs):
        try:
            message = await super().get_message(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError):
            if not self._lost:
                self._lost = True
                self._on_lost()
            raise
        self._lost = False
        return message
