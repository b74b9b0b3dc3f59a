-- KEYS: api-keys, api-key-values, usage-plans. ARGV[1]: the key prefix, ARGV[2]: the change channel.
-- ARGV[3..5]: keyId, expected JSON, new JSON. 1 stored, 0 changed meanwhile, -1 absent.
local current = redis.call('HGET', KEYS[1], ARGV[3])
if current == false then
	return -1
end
if current ~= ARGV[4] then
	return 0
end
redis.call('HSET', KEYS[1], ARGV[3], ARGV[5])
redis.call('PUBLISH', ARGV[2], 'API_KEY:' .. ARGV[3])
return 1
