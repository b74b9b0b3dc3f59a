-- KEYS: definitions, versions. ARGV: apiId, channel.
local deleted = redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
if deleted == 1 then
	redis.call('PUBLISH', ARGV[2], ARGV[1])
end
return deleted
