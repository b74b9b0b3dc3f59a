-- KEYS: api-keys, api-key-values, usage-plans. ARGV[1]: the key prefix, ARGV[2]: the change channel.
-- ARGV[3..5]: keyId, value, JSON. 1 stored, 0 value taken, -1 id taken.
if redis.call('HEXISTS', KEYS[2], ARGV[4]) == 1 then
	return 0
end
if redis.call('HSETNX', KEYS[1], ARGV[3], ARGV[5]) == 0 then
	return -1
end
redis.call('HSET', KEYS[2], ARGV[4], ARGV[3])
redis.call('PUBLISH', ARGV[2], 'API_KEY:' .. ARGV[3])
return 1
