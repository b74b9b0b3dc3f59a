-- Hands a message for a WebSocket connection to the replica the connection lives on, if that replica is alive.
-- KEYS[1]: the replica's lease
-- ARGV[1]: the replica's delivery channel
-- ARGV[2]: the message
-- Returns the number of subscribers that received it on this node (on a Redis Cluster, subscribers connected to other
-- nodes receive it too but are not counted), or -1 when the replica's lease has lapsed.
if redis.call('EXISTS', KEYS[1]) == 0 then
	return -1
end
return redis.call('PUBLISH', ARGV[1], ARGV[2])
