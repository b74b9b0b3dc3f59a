-- KEYS: api-keys, api-key-values, usage-plans. ARGV[1]: the key prefix, ARGV[2]: the change channel.
-- ARGV[3..4]: planId, keyId. 1 removed, 0 not in the plan.
if redis.call('HDEL', ARGV[1] .. 'usage-plan-keys:' .. ARGV[3], ARGV[4]) == 0 then
	return 0
end
redis.call('SREM', ARGV[1] .. 'api-key-plans:' .. ARGV[4], ARGV[3])
local keyStages = ARGV[1] .. 'api-key-stages:' .. ARGV[4]
local entries = redis.call('HGETALL', keyStages)
for i = 1, #entries, 2 do
	if entries[i + 1] == ARGV[3] then
		redis.call('HDEL', keyStages, entries[i])
	end
end
redis.call('PUBLISH', ARGV[2], 'API_KEY:' .. ARGV[4])
return 1
