-- KEYS: api-keys, api-key-values, usage-plans. ARGV[1]: the key prefix, ARGV[2]: the change channel.
-- ARGV[3]: keyId. 1 deleted, 0 absent.
local json = redis.call('HGET', KEYS[1], ARGV[3])
if json == false then
	return 0
end
local value = cjson.decode(json).value
redis.call('HDEL', KEYS[1], ARGV[3])
if redis.call('HGET', KEYS[2], value) == ARGV[3] then
	redis.call('HDEL', KEYS[2], value)
end
local plans = ARGV[1] .. 'api-key-plans:' .. ARGV[3]
for _, planId in ipairs(redis.call('SMEMBERS', plans)) do
	redis.call('HDEL', ARGV[1] .. 'usage-plan-keys:' .. planId, ARGV[3])
end
redis.call('DEL', plans, ARGV[1] .. 'api-key-stages:' .. ARGV[3])
redis.call('PUBLISH', ARGV[2], 'API_KEY:' .. ARGV[3])
return 1
